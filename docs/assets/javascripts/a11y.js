// Accessible names the theme leaves out (found by axe-core in tests/test_accessibility.py).
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
  label();
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
})();
