import {
  test, expect, strings, useLocale, ready, expectNoAxeViolations, expectAccessibleAndFits, logIn, minimalPdf, submitFamilyTrp, staffLogIn,
} from "./helpers";

// Case handling (issue #6): an officer asks for a missing document, the applicant (a second
// browser context) sees the request and uploads it, the officer decides, and the applicant
// sees the decision and the new stage. The applicant reads Ukrainian on the phone and English
// on the desktop; the officer reads Lithuanian. JavaScript on and off.

test("an officer asks for a document, the applicant uploads it, the officer decides (R-DL-3, R-SV-7)", async ({ page, context, browser, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const mobile = !!info.project.use.isMobile;
  const a = strings(mobile ? "uk" : "en");
  const o = strings("lt");
  await useLocale(context, baseURL!, mobile ? "uk" : "en");
  await logIn(page, a, `case-${info.project.name}-${Date.now()}@example.org`, js);
  const id = await submitFamilyTrp(page);

  // The officer, in a browser of their own.
  const officerContext = await browser.newContext({ ...info.project.use, baseURL });
  const officer = await officerContext.newPage();
  await useLocale(officerContext, baseURL!, "lt");
  await staffLogIn(officer, o, `officer-cases-${info.project.name}@e2e.test`, js);
  await officer.goto("/staff/cases");
  await ready(officer, js);
  await expect(officer.locator("h1")).toHaveText(o.case.list_title);
  const row = officer.locator("#worklist tr", { has: officer.locator(`a[href="/staff/cases/${id}"]`) });
  await expect(row).toContainText("2027-02-23");
  await expect(row).toContainText(o.case.risk.on_track);
  await expectAccessibleAndFits(officer, js, mobile);

  // Issue #6.1: the case is found by its reference typed in one piece (a GET form: with and
  // without JavaScript), and only it.
  const reference = (await row.locator("a").first().innerText()).trim();
  await officer.getByLabel(o.case.filter.search).fill(reference.replace(/-/g, ""));
  await officer.getByRole("button", { name: o.case.filter.show }).click();
  await expect(officer).toHaveURL(/[?&]q=\d+/);
  await ready(officer, js);
  await expect(officer.locator("#worklist tbody tr")).toHaveCount(1);
  await expect(row).toContainText(reference);
  await expect(officer.getByLabel(o.case.filter.search)).toHaveValue(reference.replace(/-/g, ""));
  await expectAccessibleAndFits(officer, js, mobile);
  await row.locator("a").first().click();
  await expect(officer).toHaveURL(new RegExp(`/staff/cases/${id}$`));
  await ready(officer, js);
  await expectAccessibleAndFits(officer, js, mobile);

  // R-DL-3: ask for the bank statement again; the clock stops.
  const request = officer.locator("#action-request_documents");
  await request.getByLabel(o.doc.sufficient_funds).check();
  await request.getByLabel(o.field.due_date).fill("2026-12-23");
  await request.getByLabel(o.field.message).fill("Banko išrašas už 3 mėnesius.");
  await request.getByRole("button", { name: o.case.action.request_documents }).click();
  await expect(officer).toHaveURL(/\?done=request_documents$/);
  await ready(officer, js);
  await expect(officer.locator("dl.facts .stage")).toHaveText(o.case.stage.documents_requested);
  await expect(officer.locator(".clock-stopped")).toBeVisible();

  // The applicant sees the request, with the officer's words, and uploads the document.
  await page.goto(`/applications/${id}`);
  await ready(page, js);
  await expect(page.locator("dl.facts .stage")).toHaveText(a.case.stage.documents_requested);
  const panel = page.locator("#documents-request");
  await expect(panel).toContainText("Banko išrašas už 3 mėnesius.");
  await expect(panel).toContainText("2026-12-23");
  await expectAccessibleAndFits(page, js, mobile);
  await panel.getByRole("link", { name: a.case.upload_requested }).click();
  await ready(page, js);
  const item = page.locator("#doc-sufficient_funds");
  await item.locator("#file-sufficient_funds").setInputFiles({ name: "bank.pdf", mimeType: "application/pdf", buffer: minimalPdf() });
  await item.getByRole("button", { name: a.apply.upload }).click();
  await expect(page).toHaveURL(/\/documents\?/);
  await ready(page, js);
  await expect(page.locator("#doc-travel_document form")).toHaveCount(0);
  await page.goto(`/applications/${id}`);
  await ready(page, js);
  await expect(page.locator("dl.facts .stage")).toHaveText(a.case.stage.received);

  // The officer confirms the fee and approves; the applicant sees the decision.
  await officer.goto(`/staff/cases/${id}`);
  await ready(officer, js);
  await expect(officer.locator("dl.facts .stage")).toHaveText(o.case.stage.received);
  await officer.locator("#action-confirm_fee").getByRole("button", { name: o.case.action.confirm_fee }).click();
  await expect(officer).toHaveURL(/\?done=confirm_fee$/);
  await ready(officer, js);
  const approve = officer.locator("#action-approve");
  await approve.getByLabel(o.field.valid_until).fill("2027-11-23");
  await approve.getByRole("button", { name: o.case.action.approve }).click();
  await expect(officer).toHaveURL(/\?done=approve$/);
  await ready(officer, js);
  await expect(officer.locator("dl.facts .stage")).toHaveText(o.case.stage.approved);

  await page.goto(`/applications/${id}`);
  await ready(page, js);
  await expect(page.locator("dl.facts .stage")).toHaveText(a.case.stage.approved);
  await expect(page.locator("dl.facts .valid-until")).toHaveText("2027-11-23");
  await expect(page.locator(".fee-state")).toHaveText(a.case.fee_confirmed);
  await expectNoAxeViolations(page, js);

  // The card is produced and handed over (R-DL-5, R-SV-4); it becomes a held document (R-SV-2).
  for (const action of ["formalise", "produced"] as const) {
    await officer.locator(`#action-${action}`).getByRole("button", { name: o.case.action[action] }).click();
    await expect(officer).toHaveURL(new RegExp(`\\?done=${action}$`));
    await ready(officer, js);
  }
  const number = `TR${Date.now() % 10_000_000}${info.project.name.length}`;
  const collected = officer.locator("#action-collected");
  await collected.getByLabel(o.field.document_number).fill(number);
  await collected.getByRole("button", { name: o.case.action.collected }).click();
  await expect(officer).toHaveURL(/\?done=collected$/);
  await ready(officer, js);
  await expect(officer.locator("dl.facts .stage")).toHaveText(o.case.stage.collected);
  await officerContext.close();

  // The applicant's documents: a reminder, then the card reported lost (R-SV-3, R-SV-5).
  await page.goto("/my-documents");
  await ready(page, js);
  const card = page.locator("section.held", { hasText: number });
  await expect(card).toHaveAttribute("data-status", "valid");
  await expectAccessibleAndFits(page, js, mobile);
  await card.getByLabel(a.held.days_label).fill("60");
  await card.getByRole("button", { name: a.held.save_reminder }).click();
  await expect(page).toHaveURL(/done=reminder/);
  await ready(page, js);
  await expect(card.locator(".reminders li")).toHaveCount(1);
  await card.getByLabel(a.held.lost_confirm).check();
  await card.getByRole("button", { name: a.held.report_lost }).click();
  await expect(page).toHaveURL(/done=lost/);
  await ready(page, js);
  await expect(card).toHaveAttribute("data-status", "lost");
  await expect(card.getByRole("button", { name: a.held.report_lost })).toHaveCount(0);
  await expectNoAxeViolations(page, js);
});

// R-DL-7: revocation proceedings against a collected card's decision. The officer opens them
// with the grounds (the form names the field when they are missing), the case shows the term;
// the decision is revoked and the holder sees the decision and the card as invalid.
test("an officer revokes a decision and the card becomes invalid (R-DL-7)", async ({ page, context, browser, baseURL }, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const mobile = !!info.project.use.isMobile;
  const a = strings(mobile ? "uk" : "en");
  const o = strings("lt");
  await useLocale(context, baseURL!, mobile ? "uk" : "en");
  await logIn(page, a, `revoke-${info.project.name}-${Date.now()}@example.org`, js);
  const id = await submitFamilyTrp(page);

  const officerContext = await browser.newContext({ ...info.project.use, baseURL });
  const officer = await officerContext.newPage();
  await useLocale(officerContext, baseURL!, "lt");
  await staffLogIn(officer, o, `officer-revoke-${info.project.name}@e2e.test`, js);
  await officer.goto(`/staff/cases/${id}`);
  await ready(officer, js);
  const act = async (action: string, fill: Record<string, string> = {}) => {
    const form = officer.locator(`#action-${action}`);
    for (const [label, value] of Object.entries(fill)) await form.getByLabel(label).fill(value);
    await form.getByRole("button", { name: o.case.action[action] }).click();
    await expect(officer).toHaveURL(new RegExp(`\\?done=${action}$`));
    await ready(officer, js);
  };
  const number = `TR${Date.now() % 10_000_000}${info.project.name.length}`;
  await act("confirm_fee");
  await act("approve", { [o.field.valid_until]: "2027-11-23" });
  await act("formalise");
  await act("produced");
  await act("collected", { [o.field.document_number]: number });

  // The grounds are required: the server names the field (with JavaScript off, too).
  const open = officer.locator("#action-open_revocation");
  await open.getByLabel(o.field.reason).fill(" ");
  await open.getByRole("button", { name: o.case.action.open_revocation }).click();
  await ready(officer, js);
  await expect(officer.locator(".error-summary")).toBeVisible();
  await act("open_revocation", { [o.field.reason]: "Santuoka fiktyvi." });
  await expect(officer.locator("dl.facts .revocation")).toHaveAttribute("data-due", "2026-12-07");
  await expect(officer.locator("dl.facts .revocation")).toContainText("Santuoka fiktyvi.");
  await expect(officer.locator("#action-collected, #action-open_revocation")).toHaveCount(0);
  await expectAccessibleAndFits(officer, js, mobile);

  // The applicant sees the proceedings and their term.
  await page.goto(`/applications/${id}`);
  await ready(page, js);
  await expect(page.locator("dl.facts .revocation")).toContainText("2026-12-07");
  await expectNoAxeViolations(page, js);

  await act("revoke", { [o.field.reason]: "Santuoka pripažinta fiktyvia." });
  await expect(officer.locator("dl.facts .stage")).toHaveText(o.case.stage.revoked);
  await officerContext.close();

  await page.goto(`/applications/${id}`);
  await ready(page, js);
  await expect(page.locator("dl.facts .stage")).toHaveText(a.case.stage.revoked);
  await expect(page.locator("dl.facts .reason")).toHaveText("Santuoka pripažinta fiktyvia.");
  await page.goto("/my-documents");
  await ready(page, js);
  const card = page.locator("section.held", { hasText: number });
  await expect(card).toHaveAttribute("data-status", "revoked");
  await expect(card.getByRole("button", { name: a.held.report_lost })).toHaveCount(0);
  await expectAccessibleAndFits(page, js, mobile);
});
