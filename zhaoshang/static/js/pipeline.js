// Drag a card to a later column: ask for the date, record the milestone through the same
// service as the project page; a refused move snaps back and shows the service's message (a
// card shown before someone else changed the project snaps back with what they changed).
(function () {
  "use strict";
  const board = document.getElementById("board");
  if (!board) return;
  const dialogEl = document.getElementById("dlg-move");
  const dialog = bootstrap.Modal.getOrCreateInstance(dialogEl, { backdrop: "static" });
  const form = document.getElementById("move-form");
  const errorBox = document.getElementById("board-error");
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  let pending = null;

  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest(".zs-card");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.dataset.project);
    event.dataTransfer.effectAllowed = "move";
  });
  board.querySelectorAll(".zs-column").forEach((column) => {
    column.addEventListener("dragover", (event) => { event.preventDefault(); column.classList.add("zs-drop-target"); });
    column.addEventListener("dragleave", () => column.classList.remove("zs-drop-target"));
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      column.classList.remove("zs-drop-target");
      const card = board.querySelector('.zs-card[data-project="' + event.dataTransfer.getData("text/plain") + '"]');
      if (!card) return;
      const from = card.closest(".zs-column");
      if (from === column) return;
      pending = { card, from, to: column };
      column.insertBefore(card, column.children[1] || null);  // show it moving while we ask
      document.getElementById("move-summary").textContent =
        card.querySelector(".zs-card-name").textContent.trim() + " → " + column.querySelector("h2 span").textContent;
      document.getElementById("move-agreement").classList.toggle("d-none", column.dataset.stage !== "signed");
      errorBox.classList.add("d-none");
      dialog.show();
    });
  });

  function snapBack(message) {
    if (!pending) return;
    pending.from.insertBefore(pending.card, pending.from.children[1] || null);
    if (message) { errorBox.textContent = message; errorBox.classList.remove("d-none"); }
    pending = null;
  }

  document.getElementById("move-cancel").addEventListener("click", () => { dialog.hide(); snapBack(); });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!pending) return;
    const body = new FormData(form);
    body.append("stage", pending.to.dataset.stage);
    // The version the card was shown at: if someone changed the project since, the move is
    // refused (409) with what changed, and the card takes the current version.
    body.append("version", pending.card.dataset.version);
    const response = await fetch(pending.card.dataset.url, {
      method: "POST", body, headers: { "X-CSRFToken": csrf, Accept: "application/json" }, credentials: "same-origin",
    });
    dialog.hide();
    let result = {};
    try { result = await response.json(); } catch (e) { result = { ok: false, message: response.statusText }; }
    if (result.version) pending.card.dataset.version = result.version;
    if (response.ok && result.ok) {
      const count = (column, delta) => { const c = column.querySelector("[data-count]"); c.textContent = Number(c.textContent) + delta; };
      count(pending.from, -1); count(pending.to, 1);
      pending.card.classList.add("border", "border-success");
      pending = null;
    } else {
      snapBack(result.message || String(response.status));
    }
  });
})();
