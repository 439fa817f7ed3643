// Runs before xlwings' taskpane-reload.js: is this page inside an Office host at all?
//
// Excel opens the pane with `_host_Info=…` in its address (desktop, Mac and the web alike),
// in a WebView (Windows: chrome.webview, Mac: webkit.messageHandlers) or in a frame (Excel
// on the web). The pane's address opened in a browser has none of these: Office.js then
// never finds a host, and taskpane-reload.js would reload the page and offer «chưa tải
// xong». Outside Office that reload cannot help, so it is switched off here (its retry
// budget spent) and cchc.js says that the pane only works in Excel.
(function () {
  const hosted =
    /[?&]_host_Info=/i.test(window.location.search) ||
    window.top !== window ||
    Boolean(window.chrome && window.chrome.webview) ||
    Boolean(window.webkit && window.webkit.messageHandlers);
  window.cchcOutsideOffice = !hosted;
  // Office.js calls onReady callbacks in one loop, and a callback registered later (xlwings'
  // custom functions read Office.context.requirements, which is missing outside Office) may
  // throw and stop it: cchc.js waits on this promise, registered before any of those.
  window.cchcOfficeReady =
    typeof Office !== "undefined" && Office.onReady
      ? Office.onReady()
      : Promise.resolve(null);
  if (!hosted) {
    try {
      sessionStorage.setItem("xlwingsTaskpaneReloadCount", "1000000");
    } catch (e) {
      // no sessionStorage: taskpane-reload.js then never reloads on its own
    }
  }
})();
