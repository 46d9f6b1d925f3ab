import { test, expect, codeFor, totp, strings, useLocale, ready, expectNoAxeViolations, expectAccessibleAndFits } from "./helpers";

// The office admin created by end2end/start-server.sh for this browser project logs in with
// the e-mail code and a second factor set up on the spot, adds an officer, and finds the change
// in the audit log. English on the desktop, Belarusian on the 360 px phone.
test("an office admin sets up TOTP, adds an officer and reads the audit log", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const locale = info.project.use.isMobile ? "be" : "en";
  const s = strings(locale);
  const admin = `admin-${info.project.name}@e2e.test`;
  await useLocale(context, baseURL!, locale);

  await page.goto("/login");
  await ready(page, js);
  await page.getByLabel(s.field.email, { exact: true }).fill(admin);
  await page.getByRole("button", { name: s.login.send_code }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await ready(page, js);
  await page.getByLabel(s.field.login_code).fill(await codeFor(admin));
  await page.getByRole("button", { name: s.login.log_in }).click();

  // The second factor, set up from the key shown beside the QR code.
  await expect(page).toHaveURL(/\/login\/totp$/);
  await ready(page, js);
  await expectNoAxeViolations(page, js);
  const key = await page.locator("code.secret").innerText();
  await page.getByLabel(s.login.totp_code).fill(totp(key));
  await page.getByRole("button", { name: s.login.log_in }).click();
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, js);
  await expect(page.locator(".recovery h2")).toHaveText(s.account.recovery_title);

  // The staff page of the admin's office.
  await page.goto("/admin/staff");
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(s.staff.admin_title);
  await expect(page.locator("#staff")).toContainText(admin);
  await expectAccessibleAndFits(page, js);
  const officer = `officer-${info.project.name}@e2e.test`;
  await page.getByLabel(s.field.email, { exact: true }).fill(officer);
  await page.getByLabel(s.field.role).selectOption("officer");
  await page.getByRole("button", { name: s.staff.add, exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/staff\?done=added$/);
  await ready(page, js);
  await expect(page.locator("p.status-note")).toHaveText(s.staff.added);
  await expect(page.locator("#staff")).toContainText(officer);

  // The audit log, filtered to staff changes.
  await page.goto("/admin/audit");
  await ready(page, js);
  await page.getByLabel(s.staff.who).fill(admin);
  await page.getByLabel(s.field.action).fill("staff");
  await page.getByRole("button", { name: s.staff.search }).click();
  await expect(page).toHaveURL(/action=staff/);
  await ready(page, js);
  const row = page.locator("tbody tr").first();
  await expect(row).toContainText("staff.add");
  await expect(row).toContainText(admin);
  await expect(row).toContainText(officer);
  await expectAccessibleAndFits(page, js);

  // Finding a person: staff are not among the applicants.
  await page.goto("/staff/people");
  await ready(page, js);
  await page.getByLabel(s.staff.search_label).fill(officer);
  await page.getByRole("button", { name: s.staff.search }).click();
  await ready(page, js);
  await expect(page.locator("main")).toContainText(s.staff.nobody);
  await expectNoAxeViolations(page, js);
});
