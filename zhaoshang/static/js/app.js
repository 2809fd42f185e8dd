// Behaviours any page declares in its markup. The Content-Security-Policy runs scripts from our
// own files only (no inline <script>, no onchange=…), so pages ask for them with data- attributes.
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (zone switcher, filters).
  document.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // <div data-show-if="stage:signed,started">: shown only while its form's field `stage` holds one
  // of those values (协议类型 applies to a signing, not to every milestone).
  function showIf(el) {
    const [name, values] = el.dataset.showIf.split(":");
    const field = el.closest("form") && el.closest("form").elements.namedItem(name);
    if (!field) return;
    const update = () => el.classList.toggle("d-none", !values.split(",").includes(field.value));
    field.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-show-if]").forEach(showIf));

  // <div class="modal" data-open-on-load>: a dialog the server sends back open (its form was
  // refused and shows why).
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".modal[data-open-on-load]").forEach((el) => bootstrap.Modal.getOrCreateInstance(el).show());
  });
})();
