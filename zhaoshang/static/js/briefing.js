// The briefing's 常用期间: choosing one fills in the dates and asks for that briefing.
(function () {
  "use strict";
  const select = document.getElementById("b-period");
  if (!select) return;
  select.addEventListener("change", () => {
    if (!select.value) return;
    const [from, asOf] = select.value.split("|");
    select.form.elements.from.value = from;
    select.form.elements.as_of.value = asOf;
    select.form.submit();
  });
})();
