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
const desktop = { viewport: { width: 1280, height: 800 } };
const mobile = { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: "list",
  use: { baseURL, launchOptions: chromium, trace: "off" },
  projects: [
    { name: "js-desktop", use: { ...desktop, javaScriptEnabled: true } },
    { name: "js-mobile", use: { ...mobile, javaScriptEnabled: true } },
    { name: "nojs-desktop", use: { ...desktop, javaScriptEnabled: false } },
    { name: "nojs-mobile", use: { ...mobile, javaScriptEnabled: false } },
  ],
  // The real server binary on a fresh SQLite database with the demo offices, its clock pinned
  // to a Monday morning so the queue window and the renewal page are reproducible.
  webServer: {
    command: "bash end2end/start-server.sh",
    cwd: "..",
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { E2E_PORT: String(port) },
  },
});
