import { test, expect, strings, useLocale, ready, logIn, expectAccessibleAndFits } from "./helpers";

// Issue #23.6: a bad line does not lose what a person needs at the office. With the service
// worker (public/sw.js) the queue ticket opened last stays readable with the phone offline,
// marked as a saved copy; any other page falls back to the translated offline page, which
// links the kept pages; logging out forgets them. Ukrainian on the 360 px phone, Lithuanian on
// the desktop. Without JavaScript there is no service worker: every page is the server's.
test.use({ serviceWorkers: "allow" });

test("the queue ticket stays readable offline, other pages show the offline page, logout forgets", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  test.skip(!js, "a service worker needs JavaScript");
  const locale = info.project.use.isMobile ? "uk" : "lt";
  const s = strings(locale);
  await useLocale(context, baseURL!, locale);
  await logIn(page, s, `offline-${info.project.name}-${Date.now()}@example.org`, js);
  // Registered on the first page; it controls the pages opened from now on.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

  await page.goto("/queue");
  await ready(page, js);
  const office = page.locator("#queue-klaipeda");
  await office.getByRole("radio").first().check();
  await office.getByRole("button", { name: s.queue.take }).click();
  await expect(page).toHaveURL(/done=taken/);
  await ready(page, js);
  const number = await page.locator("section.ticket .ticket-number").innerText();
  expect(number).toMatch(/^[ABC]\d{3}$/);
  const kept = (path: string) =>
    page.evaluate(async (p) => !!(await (await caches.open("vartai-kept-v1")).match(p)), path);
  await expect.poll(() => kept("/queue")).toBe(true);

  // The line drops: setOffline for the page, and every request the worker makes fails too.
  const offline = async (on: boolean) => {
    await context.setOffline(on);
    if (on) await context.route("**/*", (route) => route.abort("internetdisconnected"));
    else await context.unroute("**/*");
  };
  await offline(true);
  await page.goto("/queue");
  await expect(page.locator("section.ticket .ticket-number")).toHaveText(number);
  await expect(page.locator("main p.saved-copy")).toHaveText(s.offline.saved_copy);
  // Its style sheet was kept with it (each build names its own: issue #23.4).
  const styled = () => page.evaluate(() => [...document.styleSheets].some((sheet) => sheet.cssRules.length > 0));
  await expect.poll(styled).toBe(true);
  await expectAccessibleAndFits(page, js);
  // A page that was never kept: the offline page, in the reader's language, with the kept one.
  await page.goto("/services");
  await expect(page.locator("h1")).toHaveText(s.offline.title);
  await expect(page.locator("p.lead")).toHaveText(s.offline.text);
  await expect(page.locator("section.kept h2")).toHaveText(s.offline.kept);
  await expect(page.locator("section.kept a[href='/queue']")).toHaveCount(1);
  await expect.poll(styled).toBe(true);
  await expectAccessibleAndFits(page, js);

  // Back online: logging out on this phone forgets the kept pages.
  await offline(false);
  await page.goto("/account");
  await ready(page, js);
  await page.getByRole("button", { name: s.account.logout, exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(() => kept("/queue")).toBe(false);
  await offline(true);
  await page.goto("/queue");
  await expect(page.locator("h1")).toHaveText(s.offline.title);
  await expect(page.locator("section.kept")).toBeHidden();
  await offline(false);
});
