// A repeat visit on a phone (issue #23.4): each page is opened once, then opened again in a new
// tab of the same browser profile (its HTTP cache kept, the service worker off: the browser's
// own caching is measured), on a throttled mobile line. For each visit, prints how many files
// went over the network in full, how many were only revalidated (a 304: a round trip each), how
// many came from the cache without asking, the bytes on the wire and the time from the first request to the last file received.
//   node bench/repeat-visit/repeat.mjs http://127.0.0.1:3300 / /services /renewal
import { createRequire } from "node:module";

const require = createRequire(new URL("../../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad("page", 22)}${pad("visit", 8)}${pad("fetched", 9)}${pad("304s", 6)}${pad("cached", 8)}${pad("wire KiB", 10)}all files in, ms`);
const totals = { fetched: 0, revalidated: 0, cached: 0, bytes: 0 };
for (const path of paths) {
  const context = await browser.newContext({
    serviceWorkers: "block",
    viewport: { width: 360, height: 800 },
    isMobile: true,
  });
  for (const visit of ["first", "repeat"]) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    // A phone on a mobile network (Lighthouse's "slow 4G": 150 ms round trips, 1.6 Mbit/s down,
    // 750 kbit/s up), so the load time shows what each round trip costs.
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: Number(process.env.RTT_MS || 150),
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    const seen = new Map();
    cdp.on("Network.responseReceived", (e) => {
      const r = e.response;
      seen.set(e.requestId, { url: r.url, status: r.status, cached: !!(r.fromDiskCache || r.fromMemoryCache || r.fromPrefetchCache), bytes: 0 });
    });
    // The status on the wire: a revalidated file is reported above as the cached 200.
    const wire = new Map();
    cdp.on("Network.responseReceivedExtraInfo", (e) => wire.set(e.requestId, e.statusCode));
    // From the first request to the last file received (the page's code and its lazy chunks
    // come after the load event).
    let first = Infinity;
    let last = 0;
    cdp.on("Network.requestWillBeSent", (e) => (first = Math.min(first, e.timestamp)));
    cdp.on("Network.loadingFinished", (e) => {
      last = Math.max(last, e.timestamp);
      const r = seen.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });
    await page.goto(base + path, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const load = Math.round((last - first) * 1000);
    const s = { fetched: 0, revalidated: 0, cached: 0, bytes: 0 };
    for (const [id, r] of seen) {
      if (process.env.VERBOSE) console.log(`  ${wire.get(id) ?? r.status} ${r.cached ? "cached" : r.bytes} ${r.url}`);
      if (r.cached) s.cached++;
      else if ((wire.get(id) ?? r.status) === 304) s.revalidated++;
      else s.fetched++;
      s.bytes += r.cached ? 0 : r.bytes;
    }
    console.log(`${pad(path, 22)}${pad(visit, 8)}${pad(s.fetched, 9)}${pad(s.revalidated, 6)}${pad(s.cached, 8)}${pad((s.bytes / 1024).toFixed(1), 10)}${load}`);
    if (visit === "repeat") for (const k of Object.keys(totals)) totals[k] += s[k];
    await page.close();
  }
  await context.close();
}
console.log(
  `repeat visits, all pages: ${totals.fetched} fetched, ${totals.revalidated} revalidated (304), ` +
    `${totals.cached} from the cache, ${(totals.bytes / 1024).toFixed(1)} KiB on the wire`,
);
await browser.close();
