import {
  test, expect, strings, useLocale, ready, expectNoAxeViolations, expectAccessibleAndFits, logIn, submitFamilyTrp,
} from "./helpers";

// Visit booking (issue #7; R-BK-1, R-BK-2): book, move and cancel the visit of a submitted
// application, then take a time through the waitlist — in Belarusian on the phone, in English
// on the desktop, JavaScript on and off.
// The server's clock is Monday 2026-11-23 09:15, so the calendar runs 2026-11-24 … 2026-12-23;
// each browser project books a day of its own so they never compete for a seat.
const DAYS: Record<string, string> = {
  "js-desktop": "2026-12-01",
  "js-mobile": "2026-12-02",
  "nojs-desktop": "2026-12-03",
  "nojs-mobile": "2026-12-04",
};

async function mailsTo(address: string): Promise<{ subject: string; text: string }[]> {
  const port = Number(process.env.E2E_SMTP_HTTP_PORT || 3126);
  const res = await fetch(`http://127.0.0.1:${port}/messages?to=${encodeURIComponent(address)}`);
  return res.json();
}

test("book, move and cancel a visit (R-BK-1, R-BK-2)", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const mobile = !!info.project.use.isMobile;
  const locale = mobile ? "be" : "en";
  const s = strings(locale);
  const day = DAYS[info.project.name];
  const address = `visit-${info.project.name}-${Date.now()}@example.org`;
  await useLocale(context, baseURL!, locale);
  await logIn(page, s, address, js);
  const id = await submitFamilyTrp(page);

  // From the application to its visit page.
  await page.goto(`/applications/${id}`);
  await ready(page, js);
  await page.locator("#main").getByRole("link", { name: s.apply.reserve_visit }).click();
  await expect(page).toHaveURL(new RegExp(`/applications/${id}/visit$`));
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(s.visit.title);
  await expect(page.locator(".visit-calendar")).toContainText("2026-12-23");
  await expectAccessibleAndFits(page, js, mobile);

  // Choose the day, then a time.
  await page.locator(`a.day[href*="day=${day}"]`).click();
  await expect(page).toHaveURL(new RegExp(`day=${day}`));
  await ready(page, js);
  await expect(page.locator(`a.day[href*="day=${day}"]`)).toHaveAttribute("aria-current", "date");
  await page.getByLabel("09:00", { exact: true }).check();
  await page.getByRole("button", { name: s.visit.book }).click();
  await expect(page).toHaveURL(/done=booked/);
  await ready(page, js);
  await expect(page.getByRole("status")).toContainText(s.visit.done_booked);
  await expect(page.locator(".visit-when")).toContainText(`${day}, 09:00–09:30`);
  const code = (await page.locator(".visit-code").innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.getByRole("link", { name: s.visit.add_calendar })).toHaveAttribute("href", `/applications/${id}/visit.ics`);
  await expect(async () => {
    const mails = await mailsTo(address);
    expect(mails.some((m) => m.text.includes(code) && m.subject.includes(day))).toBe(true);
  }).toPass({ timeout: 10_000 });
  await expectAccessibleAndFits(page, js, mobile);

  // Move it to 10:30 the same day (R-BK-2: one of two moves).
  await expect(page.locator(".visit-calendar h2")).toHaveText(s.visit.move_title);
  await page.locator(`a.day[href*="day=${day}"]`).click();
  await ready(page, js);
  await page.getByLabel("10:30", { exact: true }).check();
  await page.getByRole("button", { name: s.visit.move_here }).click();
  await expect(page).toHaveURL(/done=booked/);
  await ready(page, js);
  await expect(page.locator(".visit-when")).toContainText(`${day}, 10:30–11:00`);
  const moved = (await page.locator(".visit-code").innerText()).trim();
  expect(moved).not.toBe(code);

  // Cancel: the time is free again at once.
  await page.getByRole("button", { name: s.visit.cancel }).click();
  await expect(page).toHaveURL(/done=cancelled/);
  await ready(page, js);
  await expect(page.getByRole("status")).toContainText(s.visit.done_cancelled);
  await expect(page.locator(".visit-code")).toHaveCount(0);
  await page.locator(`a.day[href*="day=${day}"]`).click();
  await ready(page, js);
  await expect(page.getByLabel("10:30", { exact: true })).toHaveCount(1);
  await expectNoAxeViolations(page, js);

  // Nothing suits? The waitlist for this one day: a time is free there, so it is held at once,
  // and accepting it books it (issue #7.4).
  await page.getByLabel(s.field.from, { exact: true }).fill(day);
  await page.getByLabel(s.field.to, { exact: true }).fill(day);
  await page.getByRole("button", { name: s.visit.wait.join }).click();
  await expect(page).toHaveURL(/done=waiting/);
  await ready(page, js);
  const offer = page.locator("section.offer");
  await expect(offer.locator("h2")).toHaveText(s.visit.wait.offer_title);
  await expect(offer.locator(".visit-when")).toContainText(`${day}, 08:00–08:30`);
  await expectAccessibleAndFits(page, js, mobile);
  await offer.getByRole("button", { name: s.visit.wait.accept }).click();
  await expect(page).toHaveURL(/done=booked/);
  await ready(page, js);
  await expect(page.locator(".visit-when")).toContainText(`${day}, 08:00–08:30`);
  await expect(page.locator("section.offer")).toHaveCount(0);
});
