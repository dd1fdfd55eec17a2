/* The calculator's classic-script guard. The calculator itself is a set of ES modules
 * (calc-main.js and what it imports); Chromium does not load module scripts from file://, and
 * very old browsers none at all. There this script, which runs everywhere, says why the
 * calculator cannot start and where to look meanwhile (the links come from the page's data),
 * and window.subsidyCalculator.ready rejects. Elsewhere it does nothing.
 * Text only via textContent: nothing here is parsed as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("calculator");
  var modules = typeof HTMLScriptElement !== "undefined" && "noModule" in HTMLScriptElement.prototype;
  if (!root || (location.protocol !== "file:" && modules) || root.dataset.state === "failed") return;

  var report = location.protocol === "file:" ? {
    what: "计算器不能直接从本地文件（file://）打开。",
    detail: "计算引擎（Pyodide）要通过网站服务器（http 或 https）加载，浏览器不允许本地文件这样做。",
    fixes: ["把 site 目录放到任意静态网站服务器上再访问；在本机可运行 python3 build.py serve，然后打开 http://127.0.0.1:8000/calculator/。"],
  } : {
    what: "这个浏览器版本过旧，无法运行计算器。",
    fixes: ["请使用较新版本的 Chrome、Edge、Firefox 或 Safari 打开本页。"],
  };
  var error = new Error(report.what);
  var ready = Promise.reject(error);
  ready.catch(function () {});
  function refuse() { return Promise.reject(error); }
  window.subsidyCalculator = Object.freeze({ ready: ready, evaluate: refuse, evaluateJSON: refuse, limits: null });

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }
  var meanwhile = [];
  try {
    var texts = JSON.parse(document.getElementById("calc-options").textContent).form.texts;
    meanwhile = Array.isArray(texts.meanwhile) ? texts.meanwhile : [];
  } catch (e) { /* an unbuilt page: no links to offer */ }

  var boot = document.getElementById("calc-boot");
  if (boot) boot.remove();
  var status = el("div");
  status.className = "calc-status calc-status--failed";
  status.setAttribute("role", "alert");
  var what = el("p");
  what.className = "calc-status__what";
  what.appendChild(el("strong", report.what));
  status.appendChild(what);
  if (report.detail) status.appendChild(el("p", report.detail));
  var fixes = el("div");
  fixes.appendChild(el("p", "解决办法（请转告网站管理员）："));
  var list = fixes.appendChild(el("ul"));
  report.fixes.forEach(function (fix) { list.appendChild(el("li", fix)); });
  status.appendChild(fixes);
  var links = el("p");
  meanwhile.forEach(function (part) {
    var node = part.link && /^[A-Za-z0-9_./#-]+$/.test(part.link) ? el("a", part.text) : document.createTextNode(part.text);
    if (node.nodeType === 1) node.setAttribute("href", part.link);
    links.appendChild(node);
  });
  if (meanwhile.length) status.appendChild(links);
  root.dataset.state = "failed";
  root.prepend(status);
})();
