// Live updates (apps.core.live): parts of a page re-fetch themselves when the page's event
// stream says they changed (hx-trigger="sse:…"). Loaded only on pages that open a stream.
(function () {
  "use strict";

  // The page says whether its stream is open (people and tests can tell live from polling).
  document.addEventListener("htmx:sseOpen", function () {
    document.documentElement.setAttribute("data-live", "open");
  });
  document.addEventListener("htmx:sseError", function () {
    document.documentElement.setAttribute("data-live", "reconnecting");
  });

  // A refresh that would replace what the member is typing waits: their own submit
  // re-renders that part with everything new anyway.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    if (!element.hasAttribute || !element.hasAttribute("data-live-refresh")) return;
    var target = event.detail.target;
    if (!target || !target.querySelectorAll) return;
    var busy = Array.prototype.some.call(target.querySelectorAll("textarea, input[type=text]"), function (field) {
      return field.value !== "" || field === document.activeElement;
    });
    if (busy) event.preventDefault();
  });
})();
