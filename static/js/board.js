// Task board: drag a card to another column or place. Without JavaScript (and for keyboard
// users) every card keeps its column select and arrow buttons, which post the same move.
// The card moves in the page first; the server is told with a POST to the card's move URL
// (status + index); if it refuses, the page reloads to show the board as it is.
(function () {
  "use strict";
  var dragged = null;
  var origin = null;

  function board() { return document.querySelector("[data-board-movable]"); }

  function counts() {
    document.querySelectorAll("[data-board-column]").forEach(function (column) {
      var count = column.querySelector("[data-board-count]");
      if (count) count.textContent = column.querySelectorAll("[data-board-list] > li").length;
    });
  }

  function after(list, y) {
    // The card the dragged one goes before: the first whose middle is below the pointer.
    var cards = Array.prototype.filter.call(list.children, function (el) { return el !== dragged; });
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) return cards[i];
    }
    return null;
  }

  function send(card) {
    var column = card.closest("[data-board-column]");
    var list = card.parentElement;
    var index = Array.prototype.indexOf.call(list.children, card);
    var status = column.getAttribute("data-board-column");
    var token = card.querySelector("input[name=csrfmiddlewaretoken]");
    var data = new FormData();
    data.append("status", status);
    data.append("index", String(index));
    // Name the neighbour too: on a filtered board the index counts only the cards shown.
    var next = card.nextElementSibling;
    var previous = card.previousElementSibling;
    if (next && next.id.indexOf("task-") === 0) data.append("before", next.id.slice(5));
    else if (previous && previous.id.indexOf("task-") === 0) data.append("after", previous.id.slice(5));
    var select = card.querySelector("[data-move-select]");
    if (select) select.value = status;
    fetch(card.getAttribute("data-move-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "X-Board-Move": "1" },
    }).then(function (response) {
      if (!response.ok) window.location.reload();
      card.setAttribute("data-moved", status + ":" + index);
    }).catch(function () { window.location.reload(); });
  }

  // The detail panel's "Board" link: on the board, it just closes the panel.
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("#task-panel [data-panel-close]");
    if (!close) return;
    event.preventDefault();
    var card = document.getElementById("task-" + (close.closest("[data-testid=task-detail]") || {}).dataset.number);
    document.getElementById("task-panel").innerHTML = "";
    if (card) { var link = card.querySelector("a"); if (link) link.focus(); }
  });

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-move-url]");
    if (!card || !board()) return;
    dragged = card;
    origin = { list: card.parentElement, next: card.nextElementSibling };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-task"));
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var column = event.target.closest && event.target.closest("[data-board-column]");
    if (!column) return;
    event.preventDefault();
    var list = column.querySelector("[data-board-list]");
    var before = after(list, event.clientY);
    if (before) { if (before !== dragged.nextElementSibling) list.insertBefore(dragged, before); }
    else if (list.lastElementChild !== dragged) list.appendChild(dragged);
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) return;
    event.preventDefault();
    var card = dragged;
    var moved = origin && (card.parentElement !== origin.list || card.nextElementSibling !== origin.next);
    dragged = null;
    counts();
    if (moved) send(card);
  });

  document.addEventListener("dragend", function () {
    if (dragged && origin) {  // dropped outside a column: put it back
      origin.list.insertBefore(dragged, origin.next);
    }
    dragged = null;
    counts();
  });
})();
