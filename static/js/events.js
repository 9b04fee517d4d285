// Event forms: focus the error summary after a failed submit.
// Staff check-in: scan a ticket's QR code with the phone camera where the browser offers
// BarcodeDetector; typing the code into the form always works, with or without this file.
(function () {
  "use strict";

  function setup(scanner) {
    if (scanner.hasAttribute("data-ready")) return;
    scanner.setAttribute("data-ready", "");
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return; // No camera scanning here: the typed code is the way.
    }
    scanner.classList.remove("hidden");
    var video = scanner.querySelector("[data-scanner-video]");
    var status = scanner.querySelector("[data-scanner-status]");
    var start = scanner.querySelector("[data-scanner-start]");
    var detector = null;
    var stream = null;
    var lastCode = "";
    var lastAt = 0;

    function say(text) { if (status) status.textContent = text; }

    function submit(code) {
      var form = document.querySelector("[data-check-in-form]");
      var input = form && form.querySelector("[data-check-in-code]");
      if (!form || !input) return;
      input.value = code;
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    }

    function tick() {
      if (!stream) return;
      detector.detect(video).then(function (codes) {
        var now = Date.now();
        if (codes.length) {
          var code = (codes[0].rawValue || "").trim();
          // The same ticket held in front of the camera is submitted once, not every frame.
          if (code && (code !== lastCode || now - lastAt > 4000)) {
            lastCode = code;
            lastAt = now;
            say("Read " + code);
            submit(code);
          }
        }
      }).catch(function () {}).finally(function () {
        if (stream) window.setTimeout(tick, 250);
      });
    }

    start.addEventListener("click", function () {
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
        start.textContent = "Scan with the camera";
        say("");
        return;
      }
      BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") === -1) throw new Error("QR codes are not supported here");
        detector = new BarcodeDetector({ formats: ["qr_code"] });
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      }).then(function (media) {
        stream = media;
        video.srcObject = media;
        return video.play();
      }).then(function () {
        start.textContent = "Stop the camera";
        say("Point the camera at the QR code.");
        tick();
      }).catch(function (error) {
        stream = null;
        say("The camera is not available (" + error.message + "). Type the code instead.");
      });
    });
  }

  // After a failed submit, move focus to the error summary's heading (or the rate-limit
  // notice) so screen readers and keyboards land on what to do (inline checks never steal focus).
  function focusSummary() {
    var summary = document.getElementById("rate-limited") || document.getElementById("error-summary-title");
    if (summary) summary.focus();
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "submission-form") focusSummary();
  });

  function init(root) {
    root.querySelectorAll("[data-scanner]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); focusSummary(); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
