// Community niceties. Everything works without this file.
(function () {
  "use strict";
  // Clicking a suggested tag replaces the word being typed in the tags field.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tag-suggestion]");
    if (!button) return;
    var input = document.querySelector("[data-tag-input]");
    if (!input) return;
    var words = input.value.split(/[\s,]+/).filter(function (w) { return w.length; });
    var typed = /[\s,]$/.test(input.value) ? "" : words.pop();
    if (typed === undefined) typed = "";
    words.push(button.getAttribute("data-tag-suggestion"));
    input.value = words.join(", ") + ", ";
    var list = document.getElementById("tag-suggestions");
    if (list) list.innerHTML = "";
    input.focus();
  });
})();
