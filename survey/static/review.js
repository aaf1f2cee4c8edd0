/* Keyboard shortcuts for the advisor's review page. Everything also works without JavaScript.
   j/k next/previous answer, g approve as quote, n reviewed (not a quote), r show raw text,
   s redact the text selected in the anonymised answer. Selecting text fills the redact field. */
(function () {
  "use strict";

  function typing(target) {
    if (!target) { return false; }
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function click(id) {
    var el = document.getElementById(id);
    if (el) { el.click(); return true; }
    return false;
  }

  function selectedText() {
    var box = document.getElementById("anonymiseret");
    var sel = window.getSelection ? window.getSelection() : null;
    if (!box || !sel || sel.rangeCount === 0) { return ""; }
    var range = sel.getRangeAt(0);
    if (!box.contains(range.commonAncestorContainer)) { return ""; }
    return sel.toString().trim();
  }

  function fillFragment() {
    var text = selectedText();
    var field = document.getElementById("fragment");
    if (text && field) { field.value = text; }
    return text;
  }

  document.addEventListener("mouseup", fillFragment);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) { fillFragment(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var handled = false;
    switch (event.key) {
      case "j": handled = click("naeste"); break;
      case "k": handled = click("forrige"); break;
      case "g": handled = click("godkend"); break;
      case "n": handled = click("ikke-citat"); break;
      case "r": handled = click("vis-raatekst"); break;
      case "s":
        if (fillFragment()) {
          var form = document.getElementById("skjul-form");
          if (form) { form.submit(); handled = true; }
        } else {
          var field = document.getElementById("fragment");
          if (field) { field.focus(); handled = true; }
        }
        break;
      default: break;
    }
    if (handled) { event.preventDefault(); }
  });
}());
