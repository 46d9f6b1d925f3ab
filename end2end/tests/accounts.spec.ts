import { test, expect, codeFor, strings, useLocale, ready, expectNoAxeViolations, expectAccessibleAndFits, LocaleCode, openMenu } from "./helpers";

// Desktop in Lithuanian, the 360 px phone in Ukrainian; each with JavaScript on and off. The
// codes come from the real SMTP server the tests run on loopback (helpers.ts, codeFor).
function localeFor(mobile: boolean): LocaleCode {
  return mobile ? "uk" : "lt";
}

test("log in with an e-mail code, fill the contact details, log out (R-AC-2, R-AC-3)", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const locale = localeFor(!!info.project.use.isMobile);
  const s = strings(locale);
  const address = `e2e-${info.project.name}-${Date.now()}@example.org`;
  await useLocale(context, baseURL!, locale);

  await page.goto("/login");
  await ready(page, js);
  await page.getByLabel(s.field.email).fill(address);
  await page.getByRole("button", { name: s.login.send_code }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(s.login.code_title);
  await expectNoAxeViolations(page, js);

  // A wrong code first: the summary says how many tries are left (4: the "few" plural form).
  const code = await codeFor(address);
  const wrong = code === "000000" ? "111111" : "000000";
  await page.getByLabel(s.field.login_code).fill(wrong);
  await page.getByRole("button", { name: s.login.log_in }).click();
  await expect(page.locator(".error-summary")).toContainText(s.account.error.wrong_code_few.replace("{{ count }}", "4"));
  await ready(page, js);

  await page.getByLabel(s.field.login_code).fill(code);
  await page.getByRole("button", { name: s.login.log_in }).click();
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, js);
  await expect(page.locator("p.lead")).toHaveText(s.account.contact_intro);
  await openMenu(page);
  await expect(page.locator("nav.site-nav").getByRole("link", { name: s.nav.account, exact: true })).toBeVisible();
  await expectAccessibleAndFits(page, js);

  if (js) {
    // Checked in the browser as soon as the field is left, before anything is sent. (Retried:
    // the page's own code may still be arriving when the header says the app is hydrated.)
    await expect(async () => {
      await page.getByLabel(s.field.phone).fill("12");
      await page.getByLabel(s.field.first_name).focus();
      await expect(page.locator("#phone-error")).toHaveText(s.error.invalid_format.replace("{{ field }}", s.field.phone), { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByLabel(s.field.phone)).toHaveAttribute("aria-invalid", "true");
  }
  await page.getByLabel(s.field.first_name).fill("Olena");
  await page.getByLabel(s.field.surname).fill("Kovalenko");
  await page.getByLabel(s.field.phone).fill("8 612 34567");
  await page.getByRole("button", { name: s.account.save }).click();
  await ready(page, js);
  const facts = page.locator("dl.facts").first();
  await expect(facts).toContainText("Olena Kovalenko");
  await expect(facts).toContainText("+37061234567");
  await expect(facts).toContainText(address);
  await expectNoAxeViolations(page, js);

  await page.getByRole("button", { name: s.account.logout, exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await ready(page, js);
  await openMenu(page);
  await expect(page.locator("nav.site-nav").getByRole("link", { name: s.nav.login, exact: true })).toBeVisible();
  await page.goto("/account");
  await expect(page.locator("main")).toContainText(s.account.error.not_logged_in);
});

test("a bad address is named with the field and kept (R-AC-3)", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const locale = localeFor(!!info.project.use.isMobile);
  const s = strings(locale);
  await useLocale(context, baseURL!, locale);
  await page.goto("/login");
  await ready(page, js);
  const message = s.error.invalid_format.replace("{{ field }}", s.field.email);
  await page.getByLabel(s.field.email).fill("olena(at)example.org");
  if (js) {
    // The login page's code is a lazy chunk: wait until its checks run (leaving the field shows
    // the message), so the click below meets the in-browser check and not the plain form post.
    await expect(async () => {
      // Focus moves on to a link (moving to the submit button defers the check to the click).
      await page.getByLabel(s.field.email).focus();
      await page.locator("a.brand").focus();
      await expect(page.locator("#email-error")).toHaveText(message, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }
  await page.getByRole("button", { name: s.login.send_code }).click();
  if (js) {
    // Checked in the browser: nothing is sent, the field says why and has the focus.
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByLabel(s.field.email)).toBeFocused();
  } else {
    // The server's answer: the error summary links to the field.
    await expect(page.locator(".error-summary")).toContainText(message);
    await expect(page.locator(".error-summary a")).toHaveAttribute("href", "#email");
  }
  await expect(page.locator("#email-error")).toHaveText(message);
  await expect(page.getByLabel(s.field.email)).toHaveValue("olena(at)example.org");
  await expect(page.getByLabel(s.field.email)).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, js);
});

test("change the e-mail address, confirmed by a code sent to it (R-AC-4)", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const locale: LocaleCode = info.project.use.isMobile ? "be" : "ru";
  const s = strings(locale);
  const stamp = `${info.project.name}-${Date.now()}`;
  const first = `first-${stamp}@example.org`;
  const second = `second-${stamp}@example.org`;
  await useLocale(context, baseURL!, locale);

  await page.goto("/login");
  await ready(page, js);
  await page.getByLabel(s.field.email).fill(first);
  await page.getByRole("button", { name: s.login.send_code }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await ready(page, js);
  await page.getByLabel(s.field.login_code).fill(await codeFor(first));
  await page.getByRole("button", { name: s.login.log_in }).click();
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, js);
  await page.getByLabel(s.field.first_name).fill("Taras");
  await page.getByLabel(s.field.surname).fill("Melnyk");
  await page.getByLabel(s.field.phone).fill("+380 44 123 4567");
  await page.getByRole("button", { name: s.account.save }).click();
  await ready(page, js);
  await expect(page.locator("dl.facts").first()).toContainText(first);

  await page.getByLabel(s.account.new_email).fill(second);
  await page.getByRole("button", { name: s.login.send_code }).click();
  await ready(page, js);
  await page.getByLabel(s.field.login_code).fill(await codeFor(second));
  await page.getByRole("button", { name: s.account.confirm }).click();
  await expect(page).toHaveURL(/done=email/);
  await ready(page, js);
  await expect(page.locator("p.status-note[role=status]")).toHaveText(s.account.email_changed);
  await expect(page.locator("dl.facts").first()).toContainText(second);
  await expectNoAxeViolations(page, js);
});

// The national e-ID login end to end (OpenID Connect with PKCE), through the demo's test
// provider: the login page → the provider's page (clearly labelled) → back, logged in as an
// identified user. Russian on the phone, English on the desktop.
test("log in with the e-ID through the demo identity provider (R-AC-1b, R-AC-5)", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const locale = info.project.use.isMobile ? "ru" : "en";
  const s = strings(locale);
  await useLocale(context, baseURL!, locale);

  // The person with the wrong check digit first: refused, with the reason.
  await page.goto("/login");
  await ready(page, js);
  await page.getByRole("link", { name: s.login.eid_button }).click();
  await expect(page).toHaveURL(/\/dev\/eid\/authorize\?/);
  await expect(page.locator("h1")).toHaveText(s.demo_eid.title);
  await expect(page.locator("p.status-note")).toHaveText(s.demo_eid.warning);
  await expectAccessibleAndFits(page, false);
  await page.getByLabel(/Petras Klaidingas/).check();
  await page.getByRole("button", { name: s.demo_eid.allow }).click();
  await expect(page).toHaveURL(/\/login\?eid=bad_code$/);
  await ready(page, js);
  await expect(page.locator("main")).toContainText(s.login.eid_bad_code);

  await page.getByRole("link", { name: s.login.eid_button }).click();
  await page.getByLabel(/Aliaksandr Kavaliou/).check();
  await page.getByRole("button", { name: s.demo_eid.allow }).click();
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, js);
  // Identified users skip the contact form: the names come from the e-ID.
  await expect(page.locator("main")).toContainText("Aliaksandr Kavaliou");
  await expect(page.locator("main")).toContainText(s.account.level_eid);
  await expectNoAxeViolations(page, js);
});
