// Registers the site's service worker (site root sw.js), so that after a first
// visit the docs and the calculator work without a network. Nothing under file://.
(function () {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var config = document.getElementById("__config");
  var base = config ? JSON.parse(config.textContent).base : ".";
  var url = new URL(base.replace(/\/?$/, "/") + "sw.js", location.href);
  navigator.serviceWorker.register(url.href).catch(function (error) {
    console.warn("离线缓存未启用：", error);
  });
})();
