// Small behaviours shared by every page. Everything works without this file; it only makes
// pages smoother. Behaviours attach through data attributes so HTMX-swapped content gets
// them too (htmx:load fires for each new piece of content).
(function () {
  "use strict";

  function dismiss(toast) {
    toast.classList.add("toast-leaving");
    setTimeout(function () { toast.remove(); }, 200);
  }

  function initToasts(root) {
    root.querySelectorAll("[data-toast]:not([data-toast-ready])").forEach(function (toast) {
      toast.setAttribute("data-toast-ready", "");
      if (toast.getAttribute("role") !== "alert") {
        setTimeout(function () { dismiss(toast); }, 7000);
      }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss]");
    if (button) {
      var toast = button.closest("[data-toast]");
      if (toast) dismiss(toast);
    }
  });

  // Disable submit buttons while a form posts, so a double tap on a slow phone sends once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-no-disable")) return;
    setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  function enableButtons(form) {
    if (!form || !form.querySelectorAll) return;
    form.querySelectorAll("button[type=submit][aria-busy], input[type=submit][aria-busy]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  // HTMX requests carry the CSRF cookie's value as X-CSRFToken (Django accepts the cookie's
  // secret as the token). Pages need not embed a token for buttons that post, so pages
  // without a form can be served from the cache as they are.
  function cookie(name) {
    var prefix = name + "=";
    var found = document.cookie.split("; ").find(function (c) { return c.indexOf(prefix) === 0; });
    return found ? decodeURIComponent(found.slice(prefix.length)) : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-cookie"]');
    var token = meta && cookie(meta.content);
    if (token) event.detail.headers["X-CSRFToken"] = token;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var element = event.detail.elt;
    enableButtons(element.tagName === "FORM" ? element : element.closest && element.closest("form"));
  });

  // Going back to a page restored from the bfcache: buttons must be usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form").forEach(enableButtons);
  });

  // <time data-countdown datetime="…"> shows the time left, updated every minute.
  function formatLeft(ms) {
    if (ms <= 0) return "now";
    var minutes = Math.floor(ms / 60000);
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var mins = minutes % 60;
    if (days > 0) return days + "d " + hours + "h";
    if (hours > 0) return hours + "h " + mins + "m";
    return mins + "m";
  }

  function tickCountdowns() {
    document.querySelectorAll("[data-countdown]").forEach(function (element) {
      var target = Date.parse(element.getAttribute("datetime"));
      if (!isNaN(target)) element.textContent = formatLeft(target - Date.now());
    });
  }
  setInterval(tickCountdowns, 60000);

  document.addEventListener("htmx:load", function (event) {
    initToasts(event.detail.elt);
    tickCountdowns();
  });
  // Filter panels fold away on phones (results first) and stay open where there is room.
  function openWide(root) {
    root.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      if (window.matchMedia(details.getAttribute("data-open-wide")).matches) details.open = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initToasts(document);
    tickCountdowns();
    openWide(document);
  });
})();
