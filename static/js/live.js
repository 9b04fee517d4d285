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
  // error. The browser reconnects by itself, sending Last-Event-ID, and the server replays
  // what was missed. When the browser gives up (an answer that is not a stream: a proxy's
  // 502 during a deploy, or 204 for a member who signed out elsewhere), the stream is opened
  // again after a pause that doubles up to a minute, from the last event seen. The
  // extension's own handler would report every drop through htmx's error log
  // (console.error) and start a second stream of its own, so it is never called: this
  // object stands in for the EventSource the extension asked for, and keeps its listeners
  // across new connections.
  function LiveSource(url) {
    this.url = url;
    this.listeners = [];
    this.pause = 1000;
    this.lastEventId = "";
    this.closed = false;
    this.readyState = 0;
    this.connect();
  }

  LiveSource.prototype.connect = function () {
    var self = this;
    var url = this.lastEventId ? this.url.replace(/since=[^&]*/, "since=" + encodeURIComponent(this.lastEventId)) : this.url;
    var source = this.source = new EventSource(url);
    this.listeners.forEach(function (entry) { source.addEventListener(entry[0], entry[2]); });
    source.addEventListener("open", function (event) {
      self.readyState = 1;
      self.pause = 1000;
      if (self.onopen) self.onopen(event);
    });
    source.addEventListener("error", function () {
      if (source.readyState !== 2) { mark("reconnecting"); return; }
      mark("closed");
      self.readyState = 0;
      if (self.closed) return;
      setTimeout(function () { if (!self.closed) self.connect(); }, self.pause);
      self.pause = Math.min(self.pause * 2, 60000);
    });
  };

  LiveSource.prototype.addEventListener = function (type, listener) {
    var self = this;
    var wrapped = function (event) {
      if (event.lastEventId) self.lastEventId = event.lastEventId;
      listener.call(self, event);
    };
    this.listeners.push([type, listener, wrapped]);
    this.source.addEventListener(type, wrapped);
  };

  LiveSource.prototype.removeEventListener = function (type, listener) {
    var source = this.source;
    this.listeners = this.listeners.filter(function (entry) {
      if (entry[0] !== type || entry[1] !== listener) return true;
      source.removeEventListener(type, entry[2]);
      return false;
    });
  };

  LiveSource.prototype.close = function () {
    this.closed = true;
    this.readyState = 2;
    this.source.close();
  };

  htmx.createEventSource = function (url) { return new LiveSource(url); };

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
