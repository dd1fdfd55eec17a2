// 大字模式 before the first paint: loaded from <head> (overrides/main.html) as a plain blocking
// script, so a page opened in the reading mode never shows normal-sized text first.
// reading-mode.js, at the end of the page, adds the toggle button.
try {
  if (localStorage.getItem("xm-reading-mode") === "large") document.documentElement.setAttribute("data-reading", "large");
} catch (e) { /* storage blocked: the standard text size */ }
