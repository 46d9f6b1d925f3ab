// How fast a page answers a keystroke on a slow phone (issue #23, "the rules call in the browser
// stays instant"): Chromium's CPU slowed 4× (DevTools' throttling), a 360 px phone screen, and
// the browser's own Event Timing entries (what INP is made of: from the key press to the next
// frame painted after the page's handlers ran) for every keystroke.
//
//   node bench/keystroke/keystroke.mjs <base-url> <cookie> <section-path>
//
// Two pages: the renewal calculator (each ArrowUp/ArrowDown on the expiry date's day changes the
// date: the rules engine computes the window again and the result is drawn again), and an
// application's section page (the personal code with its check live: each digit typed or erased
// runs the rules engine's check again, and the draft's autosave is scheduled).
import { createRequire } from "node:module";

const require = createRequire(new URL("../../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const [base, cookie, section] = process.argv.slice(2);
const KEYS = Number(process.env.KEYSTROKES || 40);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});

// Every event entry the browser times (16 ms is the finest threshold it allows; an interaction
// it does not report took less).
const OBSERVE = () => {
  window.__events = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.interactionId) window.__events.push({ id: e.interactionId, name: e.name, duration: e.duration });
    }
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
};

async function measure(name, path, act) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 800 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    serviceWorkers: "block",
  });
  if (cookie) {
    const url = new URL(base);
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const i = pair.indexOf("=");
        return { name: pair.slice(0, i), value: pair.slice(i + 1), domain: url.hostname, path: "/" };
      }),
    );
  }
  await context.addInitScript(OBSERVE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(base + path);
  await page.locator("header[data-hydrated=true]").waitFor({ timeout: 60_000 });
  await page.locator("form.stack[method=post]:not([data-enhanced])").first().waitFor({ state: "detached", timeout: 60_000 }).catch(() => {});
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const before = await page.evaluate(() => performance.interactionCount);
  await act(page);
  // The last keystroke's frame.
  await page.waitForTimeout(500);
  const { count, events } = await page.evaluate(() => ({ count: performance.interactionCount, events: window.__events }));
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await context.close();
  const slowest = new Map();
  for (const e of events) slowest.set(e.id, Math.max(slowest.get(e.id) || 0, e.duration));
  const interactions = count - before;
  // Interactions the browser did not report took under 16 ms: counted as 16 (a ceiling).
  const durations = [...slowest.values(), ...Array(Math.max(0, interactions - slowest.size)).fill(16)].sort((a, b) => a - b);
  const at = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
  const over = durations.filter((d) => d > 50).length;
  console.log(
    `${name.padEnd(28)} ${String(interactions).padStart(4)} keystrokes  ` +
      `p50 ${at(0.5) <= 16 ? "≤16" : at(0.5)} ms  p95 ${at(0.95) <= 16 ? "≤16" : at(0.95)} ms  ` +
      `max ${durations.at(-1) <= 16 ? "≤16" : durations.at(-1)} ms  over 50 ms: ${over}`,
  );
  return over;
}

let over = 0;
over += await measure("renewal calculator", "/renewal", async (page) => {
  const input = page.locator("#expires");
  await input.fill("2027-03-15");
  await page.locator("#renewal-window").waitFor();
  await input.focus();
  const shown = () => page.locator("#renewal-window").innerText();
  const before = await shown();
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(i % 2 ? "ArrowDown" : "ArrowUp");
    await page.waitForTimeout(100);
    // Each key changed the date, and the window drawn with it (else this measures nothing).
    if (i === 0 && (await shown()) === before) throw new Error("the renewal window did not change on a keystroke");
  }
});
if (section) {
  over += await measure("application section page", section, async (page) => {
    // The personal code (R-AC-5: its length, date and check digit, all checked in the
    // browser): a wrong one, left, makes the check live; then a valid code is typed digit by
    // digit and erased again, each keystroke checked.
    const field = page.locator("#personal_code");
    // The check ran in the browser and now runs on every keystroke (else this measures
    // nothing). Tried again for a while: the page's lazily loaded code may still be arriving.
    for (let tries = 0; ; tries++) {
      await field.fill("1");
      await page.locator("#first_name").focus();
      const live = await page
        .waitForFunction((el) => el.getAttribute("aria-invalid") === "true", await field.elementHandle(), { timeout: 1_000 })
        .then(() => true, () => false);
      if (live) break;
      if (tries === 15) throw new Error("the personal code's check never ran in the browser");
    }
    await field.fill("");
    await field.focus();
    const code = "38703181745";
    for (let i = 0; i < KEYS; i++) {
      const at = i % (2 * code.length);
      await page.keyboard.press(at < code.length ? code[at] : "Backspace");
      await page.waitForTimeout(100);
      if (at === code.length - 1 && (await field.getAttribute("aria-invalid")) !== "false") {
        throw new Error("a valid personal code was not accepted as typed");
      }
    }
  });
}
console.log(`keystrokes over 50 ms on 4× CPU throttling: ${over} (target: none)`);
await browser.close();
