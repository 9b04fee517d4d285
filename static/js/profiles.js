// Profile settings: after a skill chip is added (the search box is swapped out and the
// suggestions cleared), put the cursor back in the search box for the next skill.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "skill-chips") {
      var input = document.getElementById("skill-input");
      if (input) input.focus();
    }
  });
})();
