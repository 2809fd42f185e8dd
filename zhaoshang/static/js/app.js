// Behaviours any page declares in its markup. The Content-Security-Policy runs scripts from our
// own files only (no inline <script>, no onchange=…), so pages ask for them with data- attributes.
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (zone switcher, filters).
  document.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // <div class="modal" data-open-on-load>: a dialog the server sends back open (its form was
  // refused and shows why).
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".modal[data-open-on-load]").forEach((el) => bootstrap.Modal.getOrCreateInstance(el).show());
  });
})();
