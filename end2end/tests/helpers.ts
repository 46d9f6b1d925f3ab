import { Page, expect, BrowserContext } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import * as fs from "fs";
import * as path from "path";

export const LOCALES = ["lt", "en", "uk", "be", "ru"] as const;
export type LocaleCode = (typeof LOCALES)[number];

/** The locale files themselves: tests assert the strings the app ships, never hard-coded text. */
export function strings(locale: LocaleCode): any {
  const file = path.join(__dirname, "..", "..", "app", "locales", `${locale}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

export async function useLocale(context: BrowserContext, baseURL: string, locale: LocaleCode) {
  await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL }]);
}

/** With JavaScript on, waits until the WASM has hydrated the page. */
export async function ready(page: Page, js: boolean) {
  if (js) {
    await expect(page.locator("header[data-hydrated=true]")).toHaveCount(1, { timeout: 30_000 });
  }
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary).toEqual([]);
}

/** A 360 px screen must never scroll sideways. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
