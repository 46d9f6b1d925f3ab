import { test, expect, strings, useLocale, ready } from "./helpers";

// The server's clock is pinned to 2026-11-23 (start-server.sh). A permit expiring on
// 2027-03-15 may be renewed from 2026-11-15; general until 2027-01-15, urgent until 2027-02-15.
test("the renewal calculator shows the window (R-DL-1)", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const s = strings("uk");
  await useLocale(context, baseURL!, "uk");
  await page.goto("/renewal");
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(s.renewal.title);
  await page.getByLabel(s.renewal.expires).fill("2027-03-15");
  if (js) {
    // Hydrated: the result appears as you type, without a round trip — this only works once
    // the WASM runs, so it proves hydration.
    await expect(page.locator("#renewal-window")).toBeVisible();
    await expect(page).toHaveURL(/\/renewal$/);
  } else {
    await page.getByRole("button", { name: s.renewal.check }).click();
    await expect(page).toHaveURL(/expires=2027-03-15/);
  }
  const result = page.locator("#renewal-window");
  await expect(result).toContainText("2026-11-15");
  await expect(result).toContainText("2027-01-15");
  await expect(result).toContainText("2027-02-15");
  await expect(result.locator(".open")).toHaveCount(2);
  await expect(page.locator("#renewal-result")).toContainText(s.renewal.fee_general.replace("{{ amount }}", "160"));
});

test("a permit expiring too soon shows which procedure is closed", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const s = strings("lt");
  await useLocale(context, baseURL!, "lt");
  // 2027-01-10: general closed on 2026-11-10, urgent open until 2026-12-10.
  await page.goto("/renewal?expires=2027-01-10");
  await ready(page, js);
  const result = page.locator("#renewal-window");
  await expect(result.locator(".open")).toHaveCount(1);
  await expect(result.locator(".closed")).toHaveText(s.renewal.closed);
});

test("an impossible date is named with the field", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const s = strings("en");
  await useLocale(context, baseURL!, "en");
  await page.goto("/renewal?expires=2027-02-30");
  await ready(page, js);
  await expect(page.locator("#expires-error")).toHaveText(s.error.impossible_date.replace("{{ field }}", s.field.expires));
  await expect(page.locator("#expires")).toHaveAttribute("aria-invalid", "true");
});
