import { test, expect, strings, useLocale, ready, expectNoAxeViolations, expectAccessibleAndFits, staffLogIn } from "./helpers";

// Office set-up (issue #7.1): the admin of Kaunas (end2end/start-server.sh, one per browser
// project) saves the week's hours, closes a day of their own and opens it again, and sets the
// length of a service's visits from a later day. Lithuanian on
// the desktop, Ukrainian on the 360 px phone; JavaScript on and off.
test("an office admin closes a day and saves the week's hours", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const locale = info.project.use.isMobile ? "uk" : "lt";
  const s = strings(locale);
  await useLocale(context, baseURL!, locale);
  await staffLogIn(page, s, `setup-${info.project.name}@e2e.test`, js);

  await page.goto("/admin/office");
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(s.setup.title);
  await expectAccessibleAndFits(page, js);

  // A wrong time is refused with the field named, and what was typed stays.
  const tuesdayOpens = page.locator('input[name="opens_2"]');
  const tuesdayCloses = page.locator('input[name="closes_2"]');
  const [opens, closes] = [await tuesdayOpens.inputValue(), await tuesdayCloses.inputValue()];
  await tuesdayCloses.fill("07:00");
  await page.getByRole("button", { name: s.setup.save_week }).click();
  await ready(page, js);
  await expect(page.locator(".error-summary")).toContainText(s.field.closes);
  await expect(page.locator('input[name="closes_2"]')).toHaveValue("07:00");
  await expectNoAxeViolations(page, js);
  // Put back as it was and saved: the week is unchanged for the other browser projects.
  await page.locator('input[name="closes_2"]').fill(closes);
  await page.locator('input[name="opens_2"]').fill(opens);
  await page.getByRole("button", { name: s.setup.save_week }).click();
  await expect(page).toHaveURL(/done=hours/);
  await ready(page, js);
  await expect(page.locator("p.status-note")).toHaveText(s.setup.done_hours);

  // Each project closes its own day in January.
  const day = {
    "js-desktop": "2027-01-11",
    "js-mobile": "2027-01-12",
    "nojs-desktop": "2027-01-13",
    "nojs-mobile": "2027-01-14",
  }[info.project.name]!;
  await page.getByLabel(s.field.date, { exact: true }).fill(day);
  await page.getByLabel(s.setup.note).fill("Mokymai");
  await page.getByRole("button", { name: s.setup.save_exception }).click();
  await expect(page).toHaveURL(/done=exception/);
  await ready(page, js);
  const row = page.locator(`li[data-day="${day}"]`);
  await expect(row).toContainText(s.setup.closed);
  await expect(row).toContainText("Mokymai");
  await expectAccessibleAndFits(page, js);
  await row.getByRole("button").click();
  await expect(page).toHaveURL(/done=exception_removed/);
  await ready(page, js);
  await expect(page.locator(`li[data-day="${day}"]`)).toHaveCount(0);

  // The length of a visit: a wrong number is refused with the field named and kept; a length
  // set from a later day is listed. The same length as now, so nothing changes for the others.
  const lengthForm = page.locator('fieldset.service-duration[data-service="collect_document"]');
  const now = await lengthForm.locator("p[data-minutes]").getAttribute("data-minutes");
  await lengthForm.getByLabel(s.field.duration).fill("300");
  await lengthForm.getByRole("button", { name: s.setup.save_duration }).click();
  await ready(page, js);
  await expect(page.locator(".error-summary")).toContainText(s.field.duration);
  await expect(page.locator('input[name="minutes"]').and(page.locator("#duration"))).toHaveValue("300");
  const from = day.replace("2027-01", "2027-03");
  const again = page.locator('fieldset.service-duration[data-service="collect_document"]');
  await again.getByLabel(s.field.duration).fill(now!);
  await again.getByLabel(s.setup.duration_from).fill(from);
  await again.getByRole("button", { name: s.setup.save_duration }).click();
  await expect(page).toHaveURL(/done=duration/);
  await ready(page, js);
  await expect(page.locator("p.status-note")).toHaveText(s.setup.done_duration);
  await expect(page.locator(`fieldset.service-duration[data-service="collect_document"] li[data-from="${from}"]`)).toBeVisible();
  await expectAccessibleAndFits(page, js);
});
