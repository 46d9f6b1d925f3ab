import { defineConfig } from "@playwright/test";

// Debian's Chromium (apt-get install chromium); Playwright cannot download browsers here.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
};
const port = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${port}`;
const smtpPort = Number(process.env.E2E_SMTP_PORT || 3125);
const smtpHttpPort = Number(process.env.E2E_SMTP_HTTP_PORT || 3126);
const desktop = { viewport: { width: 1280, height: 800 } };
const mobile = { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export default defineConfig({
  testDir: "./tests",
  // The longest flows (a whole application without JavaScript on the phone) take ~40 s on a
  // loaded 2-core CI machine; 60 s left too little headroom once, so two minutes.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: "list",
  // The service worker (public/sw.js) is left out of every test but its own (offline.spec.ts), so
  // what the other tests see always comes from the server.
  use: { baseURL, launchOptions: chromium, trace: "off", serviceWorkers: "block" },
  projects: [
    // The page × locale sweep (@sweep) runs on the phone projects only; desktop takes one locale.
    { name: "js-desktop", use: { ...desktop, javaScriptEnabled: true }, grepInvert: /@sweep/ },
    { name: "js-mobile", use: { ...mobile, javaScriptEnabled: true } },
    { name: "nojs-desktop", use: { ...desktop, javaScriptEnabled: false }, grepInvert: /@sweep/ },
    { name: "nojs-mobile", use: { ...mobile, javaScriptEnabled: false } },
  ],
  // A real SMTP server on loopback (smtp-sink.mjs) that the tests read the login codes from, and
  // the real server binary on a fresh SQLite database with the demo offices, delivering its mail
  // to that SMTP server, its clock pinned to a Monday morning so the queue window and the
  // renewal page are reproducible.
  webServer: [
    {
      command: "node smtp-sink.mjs",
      url: `http://127.0.0.1:${smtpHttpPort}/healthz`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { E2E_SMTP_PORT: String(smtpPort), E2E_SMTP_HTTP_PORT: String(smtpHttpPort) },
    },
    {
      command: "bash end2end/start-server.sh",
      cwd: "..",
      url: `${baseURL}/readyz`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { E2E_PORT: String(port), SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
    },
  ],
});
