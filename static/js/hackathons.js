// Hackathon pages: a "Copy" button next to a team's join link. Without JavaScript the link
// is still there to select and copy by hand.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-from]");
    if (!button || !navigator.clipboard) return;
    var source = document.querySelector(button.getAttribute("data-copy-from"));
    if (!source) return;
    navigator.clipboard.writeText(source.value || source.textContent).then(function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-from]").forEach(function (button) { button.hidden = false; });
  });
})();
