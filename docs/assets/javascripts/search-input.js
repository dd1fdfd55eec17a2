// Material for MkDocs reads its search box when a key is released (and once, when its index is
// ready), never on the input event. Text that arrives with no key release (pasted from a menu,
// dropped, a word committed by an input method, which on phones often sends no key events) was
// searched only if the index was still building; once it was ready, the box kept showing
// "键入以开始搜索" or the results of the text before. So every change of the box's text is passed
// to the theme as the key release it listens for (the theme ignores a value it has already seen).
// Zensical's search has no such box; there this does nothing.
(function () {
  "use strict";
  var box = document.querySelector("input[data-md-component=search-query]");
  if (!box || typeof KeyboardEvent !== "function") return;

  function changed(event) {
    if (event.isComposing) return; // an input method's unfinished draft: its compositionend follows
    box.dispatchEvent(new KeyboardEvent("keyup")); // not bubbling: only the box's own listeners
  }

  box.addEventListener("input", changed);
  box.addEventListener("compositionend", changed);
})();
