// Vartai's service worker (issue #23.6): a bad line does not lose what a person needs.
//
// * The offline page (/offline, in the reader's language) and the style sheet are kept from
//   the start; every other page falls back to the offline page when the network fails.
// * The queue ticket (/queue) and a visit's confirmation (/applications/N/visit) are kept as
//   they were last opened, so they can be read (and shown at the office) without a network,
//   with a note that they are a saved copy. They are kept as plain HTML (no scripts), and
//   forgotten when the person logs out or deletes the account on this device.
// * The style sheet the offline page and the kept pages link is kept with them. The site's
//   files (/pkg/) are named after their content and kept by the browser's own cache for a year
//   (issue #23.4), so the worker keeps no copies of the code: a kept page has no scripts.
// * Nothing else is touched: forms (POST) and server functions (/api/) always go to the server.
const SHELL = "vartai-shell-v2";
const KEPT = "vartai-kept-v1";
const OFFLINE = "/offline";
const KEEP = [/^\/queue$/, /^\/applications\/\d+\/visit$/];
const FORGET = ["/api/account/logout", "/api/account/delete"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([
      keepOffline(),
      caches.open(SHELL).then((c) => c.add("/favicon.svg")),
    ]).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL && n !== KEPT).map((n) => caches.delete(n))))
      // The page's request starts while the worker boots (a slow phone boots it slowly).
      .then(() => self.registration.navigationPreload && self.registration.navigationPreload.enable())
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method !== "GET") {
    if (FORGET.includes(url.pathname)) event.waitUntil(caches.delete(KEPT));
    return;
  }
  if (req.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/pkg/") || url.pathname === "/favicon.svg") {
    event.respondWith(fromNetworkOrKept(req));
  }
});

// A page: from the network (keeping a copy of the pages kept offline, and the offline page in
// the language just used); when the network fails, the kept copy or the offline page.
async function page(event, url) {
  try {
    const res = (await event.preloadResponse) || (await fetch(event.request));
    if (res.ok && !res.redirected && (res.headers.get("content-type") || "").startsWith("text/html")) {
      event.waitUntil(afterPage(url, res.clone()));
    }
    return res;
  } catch (err) {
    const keptPages = await caches.open(KEPT);
    const kept = await keptPages.match(url.pathname);
    if (kept) return kept;
    const offline = await caches.open(SHELL).then((c) => c.match(OFFLINE));
    if (!offline) return Response.error();
    const html = withKeptList(await offline.text(), await keptLinks(keptPages));
    return htmlResponse(html, offline.headers.get("x-vartai-lang") || "");
  }
}

// Links to the pages kept on this phone, each named by its title.
async function keptLinks(keptPages) {
  const links = [];
  for (const req of await keptPages.keys()) {
    const res = await keptPages.match(req);
    const title = ((await res.text()).match(/<title>([^<]*)<\/title>/) || [])[1] || "";
    const path = new URL(req.url).pathname;
    links.push(`<li><a href="${path}">${title || path}</a></li>`);
  }
  return links;
}

// The offline page with its list of kept pages shown (it is hidden when there are none).
function withKeptList(html, links) {
  if (links.length === 0) return html;
  return html
    .replace(/<section\b[^>]*\bclass="kept"[^>]*>/, (m) => m.replace(/\shidden(="")?/, ""))
    .replace(/<ul\b[^>]*\bclass="kept-list"[^>]*>/, (m) => m + links.join(""));
}

async function afterPage(url, res) {
  const html = await res.text();
  const shell = await caches.open(SHELL);
  const offline = await shell.match(OFFLINE);
  const lang = langOf(html);
  if (!offline || offline.headers.get("x-vartai-lang") !== lang) await keepOffline();
  if (KEEP.some((k) => k.test(url.pathname))) {
    const note = offline ? savedCopyNote(await offline.clone().text()) : "";
    const copy = plain(html).replace(/<main\b[^>]*>/, (m) => m + note);
    await caches.open(KEPT).then((c) => c.put(url.pathname, htmlResponse(copy, lang)));
    await keepStyles();
  }
}

// The offline page, fetched now in the language of this browser's cookie.
async function keepOffline() {
  const res = await fetch(OFFLINE, { credentials: "same-origin", cache: "no-store" });
  if (!res.ok) return;
  const html = await res.text();
  await caches.open(SHELL).then((c) => c.put(OFFLINE, htmlResponse(plain(html), langOf(html))));
  await keepStyles();
}

// The style sheets the offline page and the kept pages link (each build names its own): the
// missing ones are fetched, the ones no longer linked are let go.
async function keepStyles() {
  const shell = await caches.open(SHELL);
  const kept = await caches.open(KEPT);
  const pages = [await shell.match(OFFLINE)];
  for (const req of await kept.keys()) pages.push(await kept.match(req));
  const wanted = new Set();
  for (const res of pages) {
    if (!res) continue;
    for (const m of (await res.text()).matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/gi)) {
      const href = (m[0].match(/\bhref="([^"]+)"/) || [])[1];
      if (href) wanted.add(new URL(href, self.location.origin).pathname);
    }
  }
  for (const req of await shell.keys()) {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/pkg/") && !wanted.has(path)) await shell.delete(req);
  }
  for (const path of wanted) {
    if (!(await shell.match(path))) await shell.add(path).catch(() => {});
  }
}

// The site's files come from the network (the browser's cache holds them); the kept style sheet
// and the icon when it fails.
async function fromNetworkOrKept(req) {
  try {
    return await fetch(req);
  } catch (err) {
    return (await caches.match(req, { cacheName: SHELL })) || Response.error();
  }
}

// A page as plain HTML: its scripts and their preloads removed, so a saved copy is read as it
// is and never half-starts the app without a network.
function plain(html) {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*>/gi, "");
}

function langOf(html) {
  const m = html.match(/<html\b[^>]*\blang="([^"]*)"/i);
  return m ? m[1] : "";
}

// The offline page's "this is a saved copy" sentence, as a note for a kept page.
function savedCopyNote(offlineHtml) {
  const m = offlineHtml.match(/<p\b[^>]*\bclass="saved-copy"[^>]*>([\s\S]*?)<\/p>/);
  if (!m) return "";
  const text = m[1].replace(/<!--[\s\S]*?-->/g, "").trim();
  return `<p class="saved-copy status-note" role="status">${text}</p>`;
}

function htmlResponse(body, lang) {
  return new Response(body, {
    headers: { "content-type": "text/html; charset=utf-8", "x-vartai-lang": lang },
  });
}
