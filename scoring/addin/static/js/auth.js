// The access key of the scoring server (SCORING_ACCESS_KEY), for the task pane and the
// in-cell formulas (both run in this page: a shared runtime).
//
// This file replaces xlwings Server's own static/js/auth.js (the project folder's static
// files come first). xlwings' clients call globalThis.getAuth() before each request and
// send its token as the Authorization header; the task pane's own requests (cchc.js)
// use cchcAccessKey() the same way.
//
// Where the key comes from (README, «Mã truy cập»):
// - a manifest written with `scoring addin manifest --include-key` opens the pane at
//   taskpane.html?key=…: the key is kept in this computer's storage for the server's
//   address and removed from the address bar;
// - otherwise the user types it once in the pane's «Mã truy cập» box (shown when the
//   server asks for a key).
(function () {
  const STORE = "cchc-access-key";

  function read() {
    try {
      return window.localStorage.getItem(STORE) || "";
    } catch (error) {
      return "";
    }
  }

  function save(key) {
    try {
      if (key) window.localStorage.setItem(STORE, key);
      else window.localStorage.removeItem(STORE);
    } catch (error) {
      console.error(error);
    }
  }

  const params = new URLSearchParams(window.location.search);
  const fromAddress = params.get("key");
  if (fromAddress) {
    save(fromAddress.trim());
    params.delete("key");
    try {
      const query = params.toString();
      window.history.replaceState(
        window.history.state,
        "",
        window.location.pathname + (query ? "?" + query : "") + window.location.hash,
      );
    } catch (error) {
      // some Office hosts disable the history API; the key is stored all the same
    }
  }

  globalThis.cchcAccessKey = read;
  globalThis.cchcSetAccessKey = (key) => save(String(key || "").trim());
  globalThis.getAuth = async function () {
    return { token: read(), provider: "" };
  };
})();
