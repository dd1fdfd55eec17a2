// Measures the 适老化 figures of the page as it is drawn now (tests/docs/test_elder_mode.py injects this
// file and calls window.elderMeasure()). Each list names the offending elements with their figure.
//
//   small:     visible text under 20 px
//   targets:   interactive controls whose box is under 60 × 60 px; links inside a sentence are
//              exempt (WCAG 2.5.8's inline exception), they must be underlined instead
//   contrast:  text whose colour, composited over its backgrounds with opacity, has a contrast
//              ratio under 4.5:1 (3:1 for large text: >= 24 px, or >= 18.66 px and bold)
//   lines:     text with a line height under 1.3 × its font size
//   colourOnly: links in running text that are not underlined, the current page, a field error or
//              a result's status told by colour alone
(function () {
  var MIN_TEXT = 20, MIN_TARGET = 60, MIN_LINE = 1.3;

  function describe(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    var cls = typeof el.className === "string" ? el.className.trim().split(/\s+/).slice(0, 2).join(".") : "";
    if (cls) s += "." + cls;
    var parent = el.parentElement, path = s;
    for (var i = 0; i < 2 && parent && parent !== document.body; i++, parent = parent.parentElement) {
      var p = parent.tagName.toLowerCase();
      var pc = typeof parent.className === "string" ? parent.className.trim().split(/\s+/)[0] : "";
      path = p + (pc ? "." + pc : "") + " > " + path;
    }
    var text = (el.textContent || el.value || el.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim().slice(0, 24);
    return path + (text ? " “" + text + "”" : "");
  }

  // Shown to a sighted reader: laid out, not hidden, not clipped to a 1 px box (screen-reader text).
  // seeThrough: an element drawn transparent still counts (a permalink shows on hover or focus).
  function shown(el, seeThrough) {
    if (!el.checkVisibility({ opacityProperty: !seeThrough, visibilityProperty: true, contentVisibilityAuto: true })) return false;
    var r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    for (var e = el; e; e = e.parentElement) {
      var s = getComputedStyle(e);
      if (s.clip !== "auto" && s.position === "absolute") return false;
      if (s.clipPath && s.clipPath !== "none") return false;
    }
    return true;
  }

  function parse(c) {
    var m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;   // color(), oklch(): not expected on this site
    var p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(back, top) {   // source-over of an rgba colour on an opaque one
    var a = top[3];
    return [0, 1, 2].map(function (i) { return top[i] * a + back[i] * (1 - a); });
  }
  function lerp(a, b, t) { return [0, 1, 2].map(function (i) { return a[i] + (b[i] - a[i]) * t; }); }
  function luminance(c) {
    var l = c.map(function (v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function ratio(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // The colour of a text pixel and of the background pixel beside it: the backgrounds of the
  // ancestors from <html> down, each opacity group blended onto what lies behind it.
  function pixels(el, fg) {
    var chain = [];
    for (var e = el; e; e = e.parentElement) chain.unshift(e);
    function draw(i, back, text) {
      var s = getComputedStyle(chain[i]);
      var bg = parse(s.backgroundColor) || [0, 0, 0, 0];
      var inside = over(back, bg);
      inside = i === chain.length - 1 ? (text ? over(inside, fg) : inside) : draw(i + 1, inside, text);
      return lerp(back, inside, parseFloat(s.opacity));
    }
    return { text: draw(0, [255, 255, 255], true), back: draw(0, [255, 255, 255], false) };
  }

  function contrastOf(el, color) {
    var s = getComputedStyle(el);
    var fg = parse(color || s.color);
    if (!fg || fg[3] === 0) return null;
    var p = pixels(el, fg);
    var size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    var large = size >= 24 || (size >= 18.66 && bold);
    return { ratio: ratio(p.text, p.back), need: large ? 3 : 4.5 };
  }

  var normalCache = {};
  function lineHeight(el) {
    var s = getComputedStyle(el);
    if (s.lineHeight !== "normal") return parseFloat(s.lineHeight);
    var key = s.fontFamily + "|" + s.fontSize + "|" + s.fontWeight;
    if (!(key in normalCache)) {
      var probe = document.createElement("span");
      probe.textContent = "国A";
      probe.style.cssText = "position:absolute;visibility:hidden;display:inline-block;line-height:normal;white-space:nowrap";
      probe.style.fontFamily = s.fontFamily; probe.style.fontSize = s.fontSize; probe.style.fontWeight = s.fontWeight;
      document.body.appendChild(probe);
      normalCache[key] = probe.getBoundingClientRect().height;
      probe.remove();
    }
    return normalCache[key];
  }

  // A link inside a sentence: laid out inline in a block that has text of its own beside it.
  function inSentence(a) {
    if (getComputedStyle(a).display !== "inline") return false;
    var block = a.parentElement;
    while (block && getComputedStyle(block).display.indexOf("inline") === 0) block = block.parentElement;
    if (!block) return false;
    var own = "";
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var n = walker.currentNode;
      if (!a.contains(n) && !n.parentElement.closest("a, button, .md-annotation__index")) own += n.textContent;
    }
    return own.replace(/[\s\p{P}]/gu, "").length > 0;
  }

  var CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary, label.md-nav__link, " +
    "label.md-header__button, label.md-search__icon, label.md-tabs__link, [role=button], [role=tab], [tabindex]:not([tabindex='-1']):not([role=region]):not(.md-search__scrollwrap)";

  window.elderMeasure = function () {
    var out = { small: [], targets: [], contrast: [], lines: [], colourOnly: [], counted: { text: 0, targets: 0, inline: 0 },
                min: { target: null, contrast: null, contrastNormal: null, line: null } };
    var seen = new Set();
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var node = walker.currentNode, el = node.parentElement;
      if (!node.textContent.trim() || seen.has(el) || !shown(el)) continue;
      if (el.closest("script, style, noscript, template")) continue;
      seen.add(el);
      out.counted.text++;
      var s = getComputedStyle(el), size = parseFloat(s.fontSize);
      var what = describe(el);
      if (size < MIN_TEXT - 0.01) out.small.push(what + ": " + size + "px");
      var lh = lineHeight(el) / size;
      if (!out.min.line || lh < out.min.line[0]) out.min.line = [+lh.toFixed(3), what];
      if (lh < MIN_LINE - 0.001) out.lines.push(what + ": " + lh.toFixed(2));
      // Inactive controls are exempt from contrast (WCAG 1.4.3); this site shows none in 大字模式.
      var c = contrastOf(el);
      if (c) {
        if (!out.min.contrast || c.ratio < out.min.contrast[0]) out.min.contrast = [+c.ratio.toFixed(2), what];
        if (c.need > 4 && (!out.min.contrastNormal || c.ratio < out.min.contrastNormal[0])) out.min.contrastNormal = [+c.ratio.toFixed(2), what];
        if (c.ratio < c.need) out.contrast.push(what + ": " + c.ratio.toFixed(2) + " < " + c.need);
      }
    }
    // Text written by the stylesheets (a table's "swipe" line, a shortcut key's badge).
    document.querySelectorAll("body *").forEach(function (el) {
      ["::before", "::after"].forEach(function (pseudo) {
        var ps = getComputedStyle(el, pseudo);
        var text = ps.content.match(/^"(.*?)"/);
        if (!text || !text[1].trim() || ps.display === "none" || ps.visibility !== "visible" || !shown(el)) return;
        var what = describe(el) + pseudo + " “" + text[1].slice(0, 16) + "”", size = parseFloat(ps.fontSize);
        if (size < MIN_TEXT - 0.01) out.small.push(what + ": " + size + "px");
        var fg = parse(ps.color), bg = parse(ps.backgroundColor);
        if (!fg || fg[3] === 0) return;
        var p = pixels(el, fg), back = p.back;
        if (bg && bg[3] > 0) { back = over(back, bg); p = { text: over(back, fg) }; }
        var r = ratio(p.text, back), need = size >= 24 || (size >= 18.66 && parseInt(ps.fontWeight, 10) >= 700) ? 3 : 4.5;
        if (r < need) out.contrast.push(what + ": " + r.toFixed(2) + " < " + need);
      });
    });

    // Text drawn by form controls themselves (a value, a chosen option, a placeholder).
    document.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea").forEach(function (el) {
      if (!shown(el)) return;
      var s = getComputedStyle(el), what = describe(el);
      if (parseFloat(s.fontSize) < MIN_TEXT - 0.01) out.small.push(what + ": " + s.fontSize);
      var color = el.value || el.tagName === "SELECT" ? s.color : getComputedStyle(el, "::placeholder").color;
      if (!el.value && el.tagName !== "SELECT" && !el.placeholder) return;
      var c = contrastOf(el, color);
      if (c && c.ratio < c.need) out.contrast.push(what + ": " + c.ratio.toFixed(2) + " < " + c.need);
    });

    document.querySelectorAll(CONTROLS).forEach(function (el) {
      if (!shown(el, el.matches(".headerlink"))) return;
      // A checkbox or radio is reached through its whole labelled line, which is measured.
      if (/^(checkbox|radio)$/.test(el.type) && el.closest("label")) return;
      // A file input drawn invisible over its label: the label's box is the target.
      if (el.type === "file" && getComputedStyle(el).opacity === "0" && el.parentElement) el = el.parentElement;
      // An annotation holds the focus; a tap lands on its marker, which is measured.
      if (el.matches(".md-annotation") && el.querySelector(".md-annotation__index")) return;
      var what = describe(el);
      if (el.tagName === "A" && !el.matches(".headerlink") && inSentence(el)) {
        out.counted.inline++;
        if (getComputedStyle(el).textDecorationLine.indexOf("underline") < 0) out.colourOnly.push(what + ": not underlined");
        return;
      }
      out.counted.targets++;
      var r = el.getBoundingClientRect();
      var side = Math.min(r.width, r.height);
      if (!out.min.target || side < out.min.target[0]) out.min.target = [Math.round(side), what];
      if (r.width < MIN_TARGET - 0.5 || r.height < MIN_TARGET - 0.5)
        out.targets.push(what + ": " + Math.round(r.width) + "×" + Math.round(r.height));
    });

    // Not by colour alone: the current page in the navigation is bold or underlined; a field in
    // error names its error in words; a result's status is a word on a badge, not its border.
    document.querySelectorAll(".md-nav__link--active, .md-tabs__item--active .md-tabs__link").forEach(function (el) {
      var s = getComputedStyle(el);
      if (shown(el) && parseInt(s.fontWeight, 10) < 700 && s.textDecorationLine.indexOf("underline") < 0)
        out.colourOnly.push(describe(el) + ": current page shown by colour only");
    });
    document.querySelectorAll("[aria-invalid=true]").forEach(function (el) {
      var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      var said = ids.some(function (id) {
        var box = document.getElementById(id);
        return box && shown(box) && box.textContent.trim();
      });
      if (!said) out.colourOnly.push(describe(el) + ": error shown without words");
    });
    document.querySelectorAll(".calc-result-item").forEach(function (el) {
      var badge = el.querySelector(".calc-badge");
      if (!badge || !shown(badge) || !badge.textContent.trim()) out.colourOnly.push(describe(el) + ": status without a word");
    });
    return out;
  };
})();
