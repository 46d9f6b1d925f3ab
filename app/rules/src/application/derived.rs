//! Figures derived from the answers: the fee due (R-SV-6), the document checklist (R-PM-6), the
//! funds needed, the renewal window and the terms of a submitted application (R-DL-1, R-DL-2).
use jiff::civil::Date;

use super::*;
use crate::deadlines::{appearance_deadline, decision_deadline, renewal_window};
use crate::documents::{age_on, checklist, child_attendance, funds_needed, needs_legalisation};
use crate::fees::{fee, fee_with_exemption};

/// R-SV-6, R-PM table — the fee due, once the procedure and any exemption claim are known.
pub fn fee_due(kind: ApplicationType, answers: &Answers) -> Option<FeeDue> {
    let quote = fee(kind.permit()?, kind.fee_action()?, procedure(kind, answers)).ok()?;
    Some(fee_with_exemption(quote, yes(answers, Field::Exemption)))
}

/// R-PM-6 — the document checklist for these answers (none for an invitation, which
/// attaches copies of the invitee's documents, R-SV-1).
pub fn document_checklist(kind: ApplicationType, answers: &Answers) -> Vec<ChecklistItem> {
    let (Some(permit), Some(ground)) = (kind.permit(), ground(kind, answers)) else {
        return Vec::new();
    };
    let first_permit = !kind.is_change()
        && (kind == ApplicationType::EuCardIssue || !answer_is(answers, Field::FirstPermit, "no"));
    checklist(
        permit,
        ground,
        first_permit,
        yes(answers, Field::VisaFree),
        yes(answers, Field::MarriageInRegister),
    )
}

/// R-PM-6, R-FL-1 — the checklist items to upload as digital copies: every item of the
/// checklist except the application form itself (which this form is).
pub fn documents_to_upload(kind: ApplicationType, answers: &Answers) -> Vec<ChecklistItem> {
    document_checklist(kind, answers)
        .into_iter()
        .filter(|i| i.kind != DocumentKind::Application)
        .collect()
}

/// R-PM-6 — the required documents that have no upload yet (`uploaded`: the kinds with at
/// least one file).
pub fn missing_documents(
    kind: ApplicationType,
    answers: &Answers,
    uploaded: &[DocumentKind],
) -> Vec<DocumentKind> {
    documents_to_upload(kind, answers)
        .into_iter()
        .filter(|i| i.required && !uploaded.contains(&i.kind))
        .map(|i| i.kind)
        .collect()
}

/// R-PM-7 — the funds needed for the period asked for, when it is known.
pub fn funds_needed_for(ctx: &FormContext, answers: &Answers) -> Option<u64> {
    months_requested(ctx.kind, answers).map(|m| funds_needed(ctx.min_monthly_wage_eur, m))
}

/// R-DL-1 — the renewal window of the permit being changed, when its expiry is known.
pub fn renewal_window_for(answers: &Answers) -> Option<RenewalWindow> {
    date_of(answers, Field::Expires).map(renewal_window)
}

/// R-PM-10 — does a certificate from this country need an Apostille or legalisation?
pub fn certificate_legalisation(answers: &Answers) -> Option<Legalisation> {
    answer(answers, Field::Country)
        .map(|c| needs_legalisation(c, DocumentKind::CriminalRecordCertificate))
}

/// R-IP-1 — for a child: must the child come along to the office?
pub fn child_must_come(ctx: &FormContext, answers: &Answers) -> Option<bool> {
    if !answer_is(answers, Field::ForWhom, "child") {
        return None;
    }
    let born = date_of(answers, Field::BirthDate)?;
    Some(child_attendance(age_on(born, ctx.today)).must_come)
}

/// What submission fixes: the legal decision deadline (R-DL-2; none for an invitation) and
/// the last day to appear in person (R-FL-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SubmissionTerms {
    pub decision: Option<DecisionDeadline>,
    pub appear_by: Date,
}

/// R-DL-2, R-FL-1 — the terms of an application submitted on `submitted`.
pub fn submission_terms<C: HolidayCalendar + ?Sized>(
    cal: &C,
    kind: ApplicationType,
    answers: &Answers,
    submitted: Date,
) -> SubmissionTerms {
    let decision = case_kind(kind, answers)
        .and_then(|k| decision_deadline(cal, k, procedure(kind, answers), submitted, &[]).ok());
    SubmissionTerms { decision, appear_by: appearance_deadline(submitted) }
}
