// Live updates (apps.core.live): parts of a page re-fetch themselves when the page's event
// stream says they changed (hx-trigger="sse:…"). Loaded only on pages that open a stream.
(function () {
  "use strict";

  function mark(state) {
    document.documentElement.setAttribute("data-live", state);
  }

  // The page says whether its stream is open (people and tests can tell live from polling).
  document.addEventListener("htmx:sseOpen", function () { mark("open"); });

  // A dropped stream (a deploy, a network blip, the server ending a long stream) is not an
  // error: the browser reconnects by itself, sending Last-Event-ID, and the server replays
  // what was missed. The extension would report every drop through htmx's error log
  // (console.error), so its error handler only hears of a stream that is closed for good
  // (refused: signed out, live updates off), and that stays quiet too: the page keeps
  // working as it is, and the next page asks again.
  htmx.createEventSource = function (url) {
    var source = new EventSource(url);
    Object.defineProperty(source, "onerror", {
      configurable: true,
      set: function () {
        source.addEventListener("error", function () {
          if (source.readyState === EventSource.CLOSED) {
            mark("closed");
          } else {
            mark("reconnecting");
          }
        });
      },
    });
    return source;
  };

  // Nor does a refresh land in the middle of a drag (the task board).
  var dragging = false;
  document.addEventListener("dragstart", function () { dragging = true; });
  document.addEventListener("dragend", function () { dragging = false; });
  document.addEventListener("drop", function () { dragging = false; });

  // A refresh that would replace what the member is typing waits: their own submit
  // re-renders that part with everything new anyway.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    if (!element.hasAttribute || !element.hasAttribute("data-live-refresh")) return;
    var target = event.detail.target;
    if (!target || !target.querySelectorAll) return;
    var focused = document.activeElement;
    var busy = (focused && focused !== document.body && target.contains(focused) && focused.matches("input, select, textarea")) ||
      Array.prototype.some.call(target.querySelectorAll("textarea, input[type=text]"), function (field) {
        return field.value !== "";
      }) || dragging;
    if (busy) event.preventDefault();
  });
})();
