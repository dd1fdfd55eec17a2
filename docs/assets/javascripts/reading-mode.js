// Large-text, high-contrast reading mode (适老化), kept across pages in localStorage.
(function () {
  var KEY = "xm-reading-mode";
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY) === "large"; } catch (e) { return false; }
  }
  function apply(on) {
    if (on) root.setAttribute("data-reading", "large"); else root.removeAttribute("data-reading");
    var button = document.getElementById("reading-mode-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.title = on ? "恢复标准字号和配色" : "切换到大字号、高对比度的阅读模式";
    }
  }
  function toggle() {
    var on = root.getAttribute("data-reading") !== "large";
    try { localStorage.setItem(KEY, on ? "large" : "normal"); } catch (e) { /* private mode: this page only */ }
    apply(on);
  }

  apply(stored());
  var header = document.querySelector(".md-header__inner");
  if (!header) return;
  var button = document.createElement("button");
  button.id = "reading-mode-toggle";
  button.type = "button";
  button.className = "md-header__button reading-mode-toggle";
  button.textContent = "大字模式";
  button.addEventListener("click", toggle);
  var search = header.querySelector(".md-search") || header.lastElementChild;
  header.insertBefore(button, search);
  apply(stored());
})();
