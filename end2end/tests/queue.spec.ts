import { test, expect, strings, useLocale, ready, expectNoAxeViolations, expectAccessibleAndFits, logIn, staffLogIn } from "./helpers";

// The live queue (issue #8): an applicant takes a number for today at Klaipėda and cancels it
// (Belarusian on the 360 px phone, English on the desktop; JavaScript on and off), and an
// officer of Klaipėda (end2end/start-server.sh, one per browser project) calls the next person
// to a desk from a second browser context. The test server's clock is Monday 09:15, inside the
// remote window 08:30–17:30 (R-QU-2). The browser projects share the queue, so the desk checks
// what it called, not whom. The applicant's page then shows the office's waiting-room display,
// which shows the desk's call without a reload when JavaScript runs.
test("take a number for today and cancel it; a desk calls the next person", async ({ page, context, baseURL, browser }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const locale = info.project.use.isMobile ? "be" : "en";
  const s = strings(locale);
  await useLocale(context, baseURL!, locale);
  await logIn(page, s, `queue-${info.project.name}-${Date.now()}@example.org`, js);

  await page.goto("/queue");
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(s.queue.title);
  const office = page.locator("#queue-klaipeda");
  await office.getByRole("radio").first().check();
  await office.getByRole("button", { name: s.queue.take }).click();
  await expect(page).toHaveURL(/done=taken/);
  await ready(page, js);
  await expect(page.locator("p.status-note")).toHaveText(s.queue.done_taken);
  const ticket = page.locator("section.ticket");
  await expect(ticket.locator(".ticket-number")).toHaveText(/^[ABC]\d{3}$/);
  await expect(ticket.locator(".ticket-state")).not.toBeEmpty();
  // R-QU-4: the estimated wait with a range and the time of the turn.
  const wait = ticket.locator(".wait");
  await expect(wait).toBeVisible();
  const [m, lo, hi] = await Promise.all(["data-minutes", "data-low", "data-high"].map(async (a) => Number(await wait.getAttribute(a))));
  expect(lo <= m && m <= hi).toBe(true);
  await expect(wait.locator("h3")).toHaveText(s.queue.wait_title);
  // With JavaScript the ticket follows the queue live (server-sent events); without, a link.
  if (js) await expect(ticket.locator(".live")).toHaveText(s.queue.live);
  else await expect(ticket.getByRole("link", { name: s.queue.refresh })).toBeVisible();
  // With a number, no other can be taken: the offices show no form.
  await expect(page.getByRole("button", { name: s.queue.take })).toHaveCount(0);
  await expectAccessibleAndFits(page, js);
  await page.getByRole("button", { name: s.queue.cancel }).click();
  await expect(page).toHaveURL(/done=cancelled/);
  await ready(page, js);
  await expect(page.locator("p.status-note")).toHaveText(s.queue.done_cancelled);
  await expect(page.locator("section.ticket")).toHaveCount(0);

  // The desk, in a second browser context with the same settings. A number to call first.
  await page.locator("#queue-klaipeda").getByRole("radio").first().check();
  await page.locator("#queue-klaipeda").getByRole("button", { name: s.queue.take }).click();
  await expect(page).toHaveURL(/done=taken/);
  // The waiting-room display, open while the desk calls (issue #8.5).
  await page.goto("/display/klaipeda");
  await ready(page, js);
  await expect(page.locator("h1")).toContainText("Klaipėd");
  await expectAccessibleAndFits(page, js);
  const desk = await browser.newContext({ ...info.project.use, baseURL });
  const officer = await desk.newPage();
  await useLocale(desk, baseURL!, locale);
  await staffLogIn(officer, s, `queue-${info.project.name}@e2e.test`, js);
  await officer.goto("/staff/queue");
  await ready(officer, js);
  await expect(officer.locator("h1")).toHaveText(s.queue.desk.title);
  await expectAccessibleAndFits(officer, js);
  // No desk named: the server refuses it with the field named.
  await officer.getByRole("button", { name: s.queue.desk.call_next }).click();
  await ready(officer, js);
  await expect(officer.locator(".error-summary")).toContainText(s.field.desk);
  await expectNoAxeViolations(officer, js);
  await officer.getByLabel(s.field.desk, { exact: true }).fill("7");
  await officer.getByRole("button", { name: s.queue.desk.call_next }).click();
  await expect(officer).toHaveURL(/desk=7&called=[ABC]\d{3}/);
  await ready(officer, js);
  const called = new URL(officer.url()).searchParams.get("called")!;
  // The display shows the call: live with JavaScript (no reload), on reload without.
  if (!js) await page.reload();
  await expect(page.locator(`.display-calls li[data-label="${called}"]`)).toHaveAttribute("data-desk", "7");
  await expect(officer.locator("p.status-note.called")).toContainText(called);
  const row = officer.locator(`ul.at-desks li[data-ticket="${called}"]`);
  await expect(row).toBeVisible();
  await expect(officer.getByLabel(s.field.desk, { exact: true })).toHaveValue("7");
  await expectAccessibleAndFits(officer, js);
  // Called again: it stays at the desk.
  await row.getByRole("button", { name: s.queue.desk.recall }).click();
  await expect(officer).toHaveURL(/\/staff\/queue\?office=\d+&desk=7$/);
  await ready(officer, js);
  await expect(officer.locator(`ul.at-desks li[data-ticket="${called}"]`)).toBeVisible();
  await desk.close();
});
