// Accessible names the theme leaves out (found by axe-core in tests/docs/test_accessibility.py),
// and wide tables: a table wider than its column is marked so that extra.css shows a
// "swipe to see all columns" line, and it can be scrolled from the keyboard.
// Material builds annotations after load, so labels are (re)applied as the DOM changes.
(function () {
  function label() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "站内搜索");
    var markers = document.querySelectorAll("a.md-annotation__index:not([aria-label])");
    for (var i = 0; i < markers.length; i++) {
      var id = markers[i].querySelector("[data-md-annotation-id]");
      markers[i].setAttribute("aria-label", "注释" + (id ? " " + id.getAttribute("data-md-annotation-id") : ""));
    }
  }

  function markWide(wrap) {
    var wide = wrap.scrollWidth > wrap.clientWidth + 1;
    if (wide === wrap.classList.contains("is-scrollable")) return;
    wrap.classList.toggle("is-scrollable", wide);
    if (wide) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "表格（可左右滚动）");
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  function watchTables() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      markWide(wraps[i]);
      // The wrapper's width changes with the window, the table's with the text size.
      if ("ResizeObserver" in window && !wraps[i].hasAttribute("data-watched")) {
        wraps[i].setAttribute("data-watched", "");
        var observer = new ResizeObserver(function (entries) {
          for (var j = 0; j < entries.length; j++) {
            var wrap = entries[j].target.closest(".md-typeset__scrollwrap");
            if (wrap) markWide(wrap);
          }
        });
        observer.observe(wraps[i]);
        if (wraps[i].firstElementChild) observer.observe(wraps[i].firstElementChild);
      }
    }
  }

  label();
  watchTables();
  window.addEventListener("load", watchTables);
  window.addEventListener("resize", watchTables);
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
})();
