// The news reader's review page: pointing at a candidate marks its name in the clean text, and
// clicking a marked name brings its candidate into view. Only classes change: no text or markup
// is ever written into the page from here.
(function () {
  "use strict";
  function mark(ref, on) {
    var found = document.getElementById("m-" + ref);
    if (found) found.classList.toggle("zs-hl-active", on);
  }
  document.querySelectorAll(".zs-candidate[data-ref]").forEach(function (card) {
    var ref = card.getAttribute("data-ref");
    card.addEventListener("mouseenter", function () { mark(ref, true); });
    card.addEventListener("mouseleave", function () { mark(ref, false); });
    card.addEventListener("focusin", function () { mark(ref, true); });
    card.addEventListener("focusout", function () { mark(ref, false); });
  });
  document.querySelectorAll("#clean-text .zs-hl-candidate[data-ref]").forEach(function (name) {
    name.addEventListener("click", function () {
      var card = document.getElementById(name.getAttribute("data-ref"));
      if (!card) return;
      card.scrollIntoView({ behavior: "smooth", block: "center" });
      card.classList.add("zs-candidate-flash");
      window.setTimeout(function () { card.classList.remove("zs-candidate-flash"); }, 1500);
    });
  });
})();
