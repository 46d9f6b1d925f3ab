import { createHmac } from "crypto";
import { APIRequestContext, Page, expect, BrowserContext, test as base } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import * as fs from "fs";
import * as path from "path";

/**
 * Every test fails if its page throws (a WASM panic ends up here) or logs an error, such as a
 * Content-Security-Policy refusal — a page that silently stops hydrating must not pass.
 */
export const test = base.extend<{ pageErrors: void }>({
  pageErrors: [
    async ({ page }, use, testInfo) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      page.on("console", (m) => {
        // The page's own refusal status (404, or 401/403 on a staff page) is what the test
        // asserts; so is a background call the test itself has made fail (annotated
        // "expected-refusal" with the call's path). Anything else logged as an error is not
        // expected.
        const url = m.location().url;
        const refusal = /status of 40[134]/.test(m.text());
        const ownStatus = refusal && url === page.url();
        const expected =
          refusal &&
          testInfo.annotations.some((a) => a.type === "expected-refusal" && !!a.description && url.includes(a.description));
        if (m.type() === "error" && !ownStatus && !expected) errors.push(`console: ${m.text()}`);
      });
      await use();
      expect(errors).toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const LOCALES = ["lt", "en", "uk", "be", "ru"] as const;
export type LocaleCode = (typeof LOCALES)[number];

/**
 * The locale files themselves, the interface's (`app/locales`) merged with the letters'
 * (`app/letters`): tests assert the strings the app ships, never hard-coded text.
 */
export function strings(locale: LocaleCode): any {
  const read = (dir: string) =>
    JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "app", dir, `${locale}.json`), "utf8"));
  return merge(read("locales"), read("letters"));
}

function merge(into: any, more: any): any {
  for (const [key, value] of Object.entries(more)) {
    into[key] =
      typeof value === "object" && value !== null && typeof into[key] === "object" ? merge(into[key], value) : value;
  }
  return into;
}

export async function useLocale(context: BrowserContext, baseURL: string, locale: LocaleCode) {
  await context.addCookies([{ name: "i18n_pref_locale", value: locale, url: baseURL }]);
}

/** With JavaScript on, waits until the WASM has hydrated the page. */
export async function ready(page: Page, js: boolean) {
  if (js) {
    await expect(page.locator("header[data-hydrated=true]")).toHaveCount(1, { timeout: 30_000 });
    // A page reached by a link in the app has no title (and no forms) until its lazily loaded
    // code has run: every page names itself, so a title says the page is there.
    await expect(page).toHaveTitle(/\S/, { timeout: 30_000 });
    // A lazily loaded page hydrates after the header: its forms say when their code runs.
    await expect(page.locator("form.stack[method=post]:not([data-enhanced])")).toHaveCount(0, { timeout: 30_000 });
  }
}

/**
 * Where a check must run script in the page (axe, layout measurements) but the project has
 * JavaScript off, the same URL is loaded with the same cookies in a script-capable page whose own
 * bundle is blocked: it shows exactly the server-rendered markup a no-JS reader gets. One
 * inspector serves any number of pages (`sync` shows it what `page` shows now), so a test that
 * walks many pages opens one extra context, not one per page.
 */
export interface Inspector {
  target: Page;
  sync: () => Promise<void>;
  close: () => Promise<void>;
}

export async function inspector(page: Page, js: boolean): Promise<Inspector> {
  if (js) return { target: page, sync: async () => {}, close: async () => {} };
  const browser = page.context().browser()!;
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const ctx = await browser.newContext({ viewport, javaScriptEnabled: true });
  const target = await ctx.newPage();
  await target.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  return {
    target,
    sync: async () => {
      await ctx.addCookies(await page.context().cookies());
      await target.goto(page.url());
    },
    close: () => ctx.close(),
  };
}

async function axeViolations(target: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: target }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** How far the page sticks out sideways, and the outermost elements that do. */
async function overflow(target: Page): Promise<readonly [number, string]> {
  return target.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // The outermost elements sticking out, to name in the failure.
    const wide = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > width + 0.5);
    const outer = wide.filter((e) => !wide.includes(e.parentElement!)).slice(0, 5);
    return [
      document.documentElement.scrollWidth - width,
      outer.map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} "${(e.textContent || "").slice(0, 40)}" in ${e.parentElement?.tagName.toLowerCase()}.${e.parentElement?.className}`).join(", "),
    ] as const;
  });
}

/**
 * What axe-core finds on the page `inspect` shows, and (unless `fits` is false) how it sticks out
 * sideways: a 360 px screen must never scroll sideways. Empty when all is well.
 */
export async function accessibilityProblems(inspect: Inspector, fits = true): Promise<string[]> {
  await inspect.sync();
  // A form post or a redirect may still be landing: check the page it lands on, whole.
  await inspect.target.waitForLoadState("load");
  const problems: string[] = [];
  if (fits) {
    const [sticking, culprits] = await overflow(inspect.target);
    if (sticking > 0) problems.push(`sticks out ${sticking} px: ${culprits}`);
  }
  return problems.concat(await axeViolations(inspect.target));
}

export async function expectNoAxeViolations(page: Page, js: boolean) {
  await expectAccessibleAndFits(page, js, false);
}

/** axe-core and the 360 px check on one inspectable page (one extra context without JavaScript). */
export async function expectAccessibleAndFits(page: Page, js: boolean, fits = true) {
  const inspect = await inspector(page, js);
  try {
    expect(await accessibilityProblems(inspect, fits)).toEqual([]);
  } finally {
    await inspect.close();
  }
}

/**
 * The newest 6-digit code sent to `address`, read from the SMTP server the tests run on
 * loopback (end2end/smtp-sink.mjs): the e-mail really went out over SMTP.
 */
export async function codeFor(address: string): Promise<string> {
  const port = Number(process.env.E2E_SMTP_HTTP_PORT || 3126);
  let code = "";
  await expect(async () => {
    const res = await fetch(`http://127.0.0.1:${port}/messages?to=${encodeURIComponent(address)}`);
    const mails: { subject: string; text: string }[] = await res.json();
    const found = mails.at(-1)?.text.match(/\b\d{6}\b/);
    expect(found).toBeTruthy();
    code = found![0];
  }).toPass({ timeout: 10_000 });
  return code;
}

/** The e-mail step every login starts with: the address, then the code the e-mail brought. */
async function enterEmailCode(page: Page, s: any, address: string, js: boolean) {
  await page.goto("/login");
  await ready(page, js);
  await page.getByLabel(s.field.email, { exact: true }).fill(address);
  await page.getByRole("button", { name: s.login.send_code }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await ready(page, js);
  await page.getByLabel(s.field.login_code).fill(await codeFor(address));
  await page.getByRole("button", { name: s.login.log_in }).click();
}

/** An e-mail login and the first-login contact form. */
export async function logIn(page: Page, s: any, address: string, js: boolean) {
  await enterEmailCode(page, s, address, js);
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, js);
  await page.getByLabel(s.field.first_name).fill("Olena");
  await page.getByLabel(s.field.surname).fill("Kovalenko");
  await page.getByLabel(s.field.phone).fill("8 612 34567");
  await page.getByRole("button", { name: s.account.save }).click();
  await ready(page, js);
}

/** A staff member's first login: the e-mail code, then the second factor set up on the spot. */
export async function staffLogIn(page: Page, s: any, address: string, js: boolean) {
  await enterEmailCode(page, s, address, js);
  await expect(page).toHaveURL(/\/login\/totp$/);
  await ready(page, js);
  const key = await page.locator("code.secret").innerText();
  await page.getByLabel(s.login.totp_code).fill(totp(key));
  await page.getByRole("button", { name: s.login.log_in }).click();
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, js);
}

/** A one-page PDF, built with correct cross-reference offsets (the server parses it). */
export function minimalPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from the base32 key the enrolment page shows. */
export function totp(key: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of key.replace(/\s/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", bytes).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return n.toString().padStart(6, "0");
}

/** The hidden input `name` of the page at `path`. */
export async function hidden(request: APIRequestContext, path: string, name: string): Promise<string> {
  const html = await (await request.get(path)).text();
  const m = html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`));
  expect(m, `${name} on ${path}`).toBeTruthy();
  return m![1];
}

/** A family TRP drafted, documented and submitted at the Vilnius office through the forms'
 * own endpoints (the form pages themselves are covered by applications.spec.ts). */
export async function submitFamilyTrp(page: Page): Promise<string> {
  const request = page.request;
  const csrf = await hidden(request, "/applications", "csrf");
  const startKey = await hidden(request, "/applications", "start_key");
  const started = await request.post("/api/applications/start", {
    form: { kind: "trp_issue", start_key: startKey, csrf },
    maxRedirects: 0,
  });
  const id = started.headers()["location"].match(/\/applications\/(\d+)/)![1];
  const sections: [string, Record<string, string>][] = [
    ["applicant", { for_whom: "me", first_name: "Olena", surname: "Kovalenko", birth_date: "1990-04-12", citizenship: "UA", passport_number: "FA123456", passport_valid_until: "2030-01-01" }],
    ["basis", { ground: "family_of_citizen" }],
    ["sponsor", { sponsor_name: "Jonas Jonaitis", sponsor_code: "38703181745" }],
    ["permit", { procedure: "general", months: "12", first_permit: "yes", visa_free: "yes", marriage_in_register: "no" }],
    ["funds", { funds: "14000" }],
    ["insurance", { compulsory_insurance: "no", insured_until: "2027-12-31" }],
    ["criminal_record", { country: "UA", issued_on: "2026-10-01" }],
    ["fee", { exemption: "no", paid: "yes" }],
  ];
  for (const [section, answers] of sections) {
    const r = await request.post("/api/applications/save", { form: { id, section, csrf, ...answers }, maxRedirects: 0 });
    expect(r.status(), section).toBeLessThan(400);
  }
  for (const kind of ["travel_document", "marriage_or_partnership_proof", "sufficient_funds", "residence_place_proof", "criminal_record_certificate", "health_insurance"]) {
    const r = await request.post("/documents/upload", {
      multipart: { csrf, application: id, kind, file: { name: `${kind}.pdf`, mimeType: "application/pdf", buffer: minimalPdf() } },
      headers: { Accept: "application/json" },
    });
    expect(r.status(), kind).toBe(200);
  }
  const submitKey = await hidden(request, `/applications/${id}/check`, "submit_key");
  const r = await request.post("/api/applications/submit", { form: { id, submit_key: submitKey, office: "vilnius", csrf }, maxRedirects: 0 });
  expect(r.status()).toBeLessThan(400);
  return id;
}


/**
 * Issue #23.5: on a phone the site menu is a button (a `<details>`); opens it where it is closed
 * and shown as a button, so its links can be seen. On a wide screen the links stand in the
 * header and nothing is clicked.
 */
export async function openMenu(page: Page) {
  // After a form post the new URL shows before its stylesheet has applied, and until it has, the
  // button a wide screen hides is still visible: wait for the document to finish loading.
  await page.waitForLoadState("load");
  const menu = page.locator("header details.menu");
  if ((await menu.locator("summary").isVisible()) && (await menu.getAttribute("open")) === null) {
    await menu.locator("summary").click();
  }
}

/** Opens the header's language list (a `<details>` on every screen) if it is closed. */
export async function openLanguages(page: Page) {
  const list = page.locator("header details.lang-menu");
  if ((await list.getAttribute("open")) === null) await list.locator("summary").click();
}
