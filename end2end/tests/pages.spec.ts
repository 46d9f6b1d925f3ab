import { test, expect, LOCALES, strings, useLocale, ready, inspector, accessibilityProblems, openMenu } from "./helpers";

const KLAIPEDA = "Klaipėdos migracijos skyrius (demo)";

// Every public page, with the locale key of its heading.
const PAGES: { path: string; h1: (s: any) => string; status?: number; screen?: boolean }[] = [
  { path: "/", h1: (s) => s.home.title },
  { path: "/services", h1: (s) => s.services.title },
  { path: "/services/eu-card", h1: (s) => s.permit.eu_card.name },
  { path: "/services/eu-permanent-card", h1: (s) => s.permit.eu_permanent_card.name },
  { path: "/services/trp-family", h1: (s) => s.permit.trp_family.name },
  { path: "/services/permanent-family", h1: (s) => s.permit.permanent_family.name },
  { path: "/visit", h1: (s) => s.offices.title },
  { path: "/queue", h1: (s) => s.queue.title },
  // The waiting-room display: the whole screen, no site menu.
  { path: "/display/klaipeda", h1: (s) => s.display.title.replace("{{ office }}", KLAIPEDA), screen: true },
  { path: "/display/atlantis", h1: (s) => s.notfound.title, status: 404, screen: true },
  // A kiosk page in a browser that is not a registered kiosk: how it becomes one.
  { path: "/kiosk/klaipeda", h1: (s) => s.kiosk.not_title.replace("{{ office }}", KLAIPEDA), screen: true },
  { path: "/kiosk/atlantis", h1: (s) => s.notfound.title, status: 404, screen: true },
  { path: "/login", h1: (s) => s.login.title },
  { path: "/login/code", h1: (s) => s.login.code_title },
  { path: "/login/totp", h1: (s) => s.login.totp_title },
  { path: "/account", h1: (s) => s.account.title },
  { path: "/renewal", h1: (s) => s.renewal.title },
  { path: "/dev/mailbox", h1: (s) => s.mailbox.title },
  // Staff pages, as a visitor who is not logged in sees them.
  { path: "/staff/cases", h1: (s) => s.case.list_title, status: 401 },
  { path: "/staff/lost", h1: (s) => s.held.lost_reports_title, status: 401 },
  { path: "/staff/visits", h1: (s) => s.visit.desk.title, status: 401 },
  { path: "/staff/queue", h1: (s) => s.queue.desk.title, status: 401 },
  { path: "/my-documents", h1: (s) => s.held.title, status: 401 },
  { path: "/staff/people", h1: (s) => s.staff.people_title, status: 401 },
  { path: "/admin/staff", h1: (s) => s.staff.admin_title, status: 401 },
  { path: "/admin/audit", h1: (s) => s.staff.audit_title, status: 401 },
  { path: "/admin/office", h1: (s) => s.setup.title, status: 401 },
  { path: "/applications", h1: (s) => s.nav.applications, status: 401 },
  { path: "/no-such-page", h1: (s) => s.notfound.title, status: 404 },
];

// Every page in every locale at 360 px (JavaScript on and off), where a longer translation breaks a
// layout or a label; the desktop projects take one locale (the rest is tagged @sweep and left out
// there, playwright.config.ts). One test per locale walks all the pages in one browser context
// (with JavaScript, every page is still a full load that hydrates) and checks each softly, so a
// failure names every page that fails, not just the first.
// axe and the 360 px check run once per locale and page width: with JavaScript for the @sweep
// locales (on the hydrated page), and both ways for lt. Without JavaScript an @sweep locale is
// walked for everything else (status, language, heading, title, banner, menu) but not inspected:
// inspecting a no-JS page loads it a second time in a script-capable context, and that doubled the
// sweep's time for markup the JavaScript walk of the same locale has already checked.
for (const locale of LOCALES) {
  test(`every page renders in ${locale} and passes axe${locale === "lt" ? "" : " with JavaScript @sweep"}`, async ({ page, context, baseURL }, info) => {
    test.setTimeout(PAGES.length * 20_000);
    const js = info.project.use.javaScriptEnabled !== false;
    const s = strings(locale);
    await useLocale(context, baseURL!, locale);
    const inspected = js || locale === "lt";
    const inspect = inspected ? await inspector(page, js) : undefined;
    try {
      for (const p of PAGES) {
        await test.step(p.path, async () => {
          const resp = await page.goto(p.path);
          expect.soft(resp?.status(), `${p.path}: status`).toBe(p.status ?? 200);
          await ready(page, js);
          await expect.soft(page.locator("html"), `${p.path}: lang`).toHaveAttribute("lang", locale);
          await expect.soft(page.locator("h1"), `${p.path}: heading`).toHaveText(p.h1(s));
          await expect.soft(page, `${p.path}: title`).toHaveTitle(`${p.h1(s)} · Vartai`);
          // The test server is a demo installation: every page says so (issue #21.2).
          await expect.soft(page.locator("p.demo-banner"), `${p.path}: demo banner`).toContainText(s.site.demo_banner);
          const nav = page.locator("nav.site-nav");
          if (p.screen) {
            await expect.soft(nav, `${p.path}: no site menu`).toBeHidden();
          } else {
            await openMenu(page);
            for (const key of ["home", "services", "visit", "queue", "login"]) {
              await expect.soft(nav.getByRole("link", { name: s.nav[key], exact: true }), `${p.path}: menu ${key}`).toBeVisible();
            }
          }
          if (inspect) expect.soft(await accessibilityProblems(inspect), `${p.path}: axe and 360 px`).toEqual([]);
        });
      }
    } finally {
      await inspect?.close();
    }
  });
}

test("the default language follows Accept-Language", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: "uk-UA", extraHTTPHeaders: { "Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5" } });
  const page = await context.newPage();
  await page.goto(baseURL + "/services");
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
  await expect(page.locator("h1")).toHaveText(strings("uk").services.title);
  await context.close();
});

// Issue #23.3: the WASM a page preloads (the main module and its route's parts) is fetched at
// low priority, so it does not compete with the style sheet the first paint waits for.
test("a page's WASM preloads are low priority", async ({ request }) => {
  const html = await (await request.get("/services/trp-family")).text();
  const links = html.match(/<link [^>]*\.wasm"[^>]*>/g) ?? [];
  const preloads = links.filter((l) => / rel="preload"/.test(l));
  // The main module and at least one part of the service page's route (a release site is split).
  expect(preloads.length, links.join("\n")).toBeGreaterThan(1);
  for (const link of preloads) expect(link).toContain('fetchpriority="low"');
});

test("home shows the notices and the demo offices are listed", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  await useLocale(context, baseURL!, "be");
  await page.goto("/");
  await ready(page, js);
  await expect(page.locator("section.notices article")).toHaveCount(2);
  await page.goto("/visit");
  await ready(page, js);
  for (const city of ["vilnius", "kaunas", "klaipeda"]) {
    await expect(page.locator(`#office-${city} h2`)).toBeVisible();
  }
  await expect(page.locator("#office-vilnius table.hours tr")).toHaveCount(7);
});

test("the queue page shows today's remote window (R-QU-2)", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  await useLocale(context, baseURL!, "en");
  await page.goto("/queue");
  await ready(page, js);
  // The test server's clock is pinned to Monday 2026-11-23; Vilnius opens 08:00–18:00 on Mondays.
  const expected = strings("en").queue.window.replace("{{ from }}", "08:30").replace("{{ to }}", "17:30");
  await expect(page.locator("#queue-vilnius")).toContainText(expected);
});
