// Issue #23.6: the service worker (sw.js) keeps the offline page and the pages a person needs
// when the line drops. Without JavaScript nothing is registered and every page still works.
if ("serviceWorker" in navigator) {
  addEventListener("load", () => navigator.serviceWorker.register("/sw.js").catch(() => {}));
}
