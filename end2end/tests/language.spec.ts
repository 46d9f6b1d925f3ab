import { test, expect, strings, useLocale, ready, openLanguages } from "./helpers";

test("the language switch works and is remembered", async ({ page, context, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  await useLocale(context, baseURL!, "en");
  await page.goto("/services");
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(strings("en").services.title);
  if (js) {
    // Hydrated: the switch happens in place, without loading a new page.
    await page.evaluate(() => ((window as any).__stayed = true));
  }
  // One language control in the header (issue #23.5): the current language, the rest behind it.
  await expect(page.locator("header details.lang-menu summary")).toContainText("English");
  await openLanguages(page);
  await page.getByRole("button", { name: "Українська" }).click();
  await expect(page.locator("h1")).toHaveText(strings("uk").services.title);
  await expect(page.locator("html")).toHaveAttribute("lang", "uk");
  await expect(page.locator("header details.lang-menu summary")).toContainText("Українська");
  await expect(page.locator("header form.lang button[value=uk]")).toHaveAttribute("aria-pressed", "true");
  if (js) {
    expect(await page.evaluate(() => (window as any).__stayed)).toBe(true);
  } else {
    await expect(page).toHaveURL(/\/services$/);
  }
  // The choice survives a reload and another page.
  await page.goto("/login");
  await ready(page, js);
  await expect(page.locator("h1")).toHaveText(strings("uk").login.title);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "i18n_pref_locale")?.value).toBe("uk");
});
