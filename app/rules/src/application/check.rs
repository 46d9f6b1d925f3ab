//! The check of every answer as typed, of a section on save and of the whole application on
//! submit (R-PM-1…R-PM-11, R-DL-1, R-FL-1): the same code in the browser and on the server.
use jiff::civil::Date;

use super::*;
use crate::deadlines::{appearance_deadline, check_renewal_date};
use crate::documents::{age_on, check_certificate_fresh, check_funds, insurance_covers};
use crate::error::parse_date;
use crate::personal_code::validate_personal_code;

/// Every answer's check, as typed (`value` is not empty). `answers` gives the other answers
/// a check depends on (the procedure for the renewal window, the period for the funds);
/// a check whose other answer is missing checks only the shape here and runs again in full at
/// submission ([`validate_application`]).
pub fn check_answer(
    ctx: &FormContext,
    answers: &Answers,
    field: Field,
    value: &str,
) -> RuleResult<()> {
    use Field as F;
    let v = value.trim();
    let kind = ctx.kind;
    let question = Section::ALL
        .iter()
        .flat_map(|s| questions(kind, answers, *s))
        .find(|qq| qq.field == field);
    let Some(question) = question else {
        return err(field, RuleErrorKind::InvalidFormat);
    };
    // The shape of the input first.
    match question.input {
        Input::Text { max } => {
            if v.chars().count() > max as usize {
                return err(field, RuleErrorKind::TooLong { max });
            }
            if v.chars().any(char::is_control) {
                return err(field, RuleErrorKind::InvalidFormat);
            }
        }
        Input::Date => {
            parse_date(field, v)?;
        }
        Input::Number => {
            if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) || v.len() > 9 {
                return err(field, RuleErrorKind::InvalidFormat);
            }
        }
        Input::Choice(options) => {
            if !options.contains(&v) {
                return err(field, RuleErrorKind::InvalidFormat);
            }
        }
        Input::Country => {
            CountryCode::parse(v)
                .map_err(|_| RuleError::new(field, RuleErrorKind::InvalidFormat))?;
        }
        Input::YesNo => {
            if v != "yes" && v != "no" {
                return err(field, RuleErrorKind::InvalidFormat);
            }
        }
    }
    let today = ctx.today;
    let date = || parse_date(field, v);
    match field {
        F::FirstName | F::Surname | F::InviteeFirstName | F::InviteeSurname => {
            crate::contact::validate_first_name(v).map_err(|e| RuleError::new(field, e.kind))?;
        }
        F::PersonalCode | F::SponsorCode => {
            validate_personal_code(v).map_err(|e| RuleError::new(field, e.kind))?;
        }
        F::BirthDate => {
            let born = date()?;
            if born > today {
                return err(field, RuleErrorKind::DateInFuture { latest: today });
            }
            check_age(ctx, answer(answers, F::ForWhom), born)?;
        }
        F::InviteeBirthDate => {
            let born = date()?;
            if born > today {
                return err(field, RuleErrorKind::DateInFuture { latest: today });
            }
        }
        F::PassportValidUntil => {
            // R-PM-6 (a valid travel document), R-FL-1: it must still be valid on the last day
            // the applicant may come with the originals.
            let needed_until = appearance_deadline(today);
            if date()? < needed_until {
                return err(
                    field,
                    RuleErrorKind::DocumentExpiresTooSoon { needed_until },
                );
            }
        }
        F::CitizenArrived => {
            // R-PM-4: documents within 3 months of the citizen's arrival.
            let arrived = date()?;
            if arrived > today {
                return err(field, RuleErrorKind::DateInFuture { latest: today });
            }
            let latest = add_months(arrived, 3);
            if today > latest {
                return err(field, RuleErrorKind::TooLateAfterArrival { latest });
            }
        }
        F::Months => {
            let m: i64 = v.parse().unwrap_or(0);
            if !(1..=MONTHS_MAX).contains(&m) {
                return err(field, RuleErrorKind::OutOfRange { min: 1, max: MONTHS_MAX });
            }
        }
        F::Expires => {
            let expires = date()?;
            if expires < today {
                return err(field, RuleErrorKind::PermitExpired);
            }
            // R-DL-1: the TRP renewal window, with the procedure chosen.
            if kind == ApplicationType::TrpChange {
                check_renewal_date(expires, today, procedure(kind, answers))
                    .map_err(|e| RuleError::new(F::Expires, e.kind))?;
            }
        }
        F::Funds => {
            if let Some(months) = months_requested(kind, answers) {
                let amount: u64 = v.parse().unwrap_or(0);
                check_funds(ctx.min_monthly_wage_eur, months, amount)
                    .map_err(|e| RuleError::new(F::Funds, e.kind))?;
            }
        }
        F::InsuredUntil => {
            let until = date()?;
            if let Some(months) = months_requested(kind, answers) {
                insurance_covers(today, until, months)?;
            }
        }
        F::IssuedOn => {
            check_certificate_fresh(date()?, today)?;
        }
        F::From if date()? < today => {
            return err(field, RuleErrorKind::DateInPast { earliest: today });
        }
        F::To => {
            let to = date()?;
            if let Some(from) = date_of(answers, F::From) {
                if to < from {
                    return err(field, RuleErrorKind::EndBeforeStart);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// R-IP-1 — a parent applies for a child under 16; from 16 the minor applies personally; a
/// child is a minor (R-SV-2).
fn check_age(ctx: &FormContext, for_whom: Option<&str>, born: Date) -> RuleResult<()> {
    let age = age_on(born, ctx.today);
    match for_whom {
        Some("child") if age >= 18 => err(Field::BirthDate, RuleErrorKind::NotAMinor),
        Some("child") if age >= 16 => err(Field::BirthDate, RuleErrorKind::MinorAppliesPersonally),
        Some("me") if age < 16 => err(Field::BirthDate, RuleErrorKind::ParentApplies),
        _ => Ok(()),
    }
}

/// The refusals of one section: a required question left empty, or an answer its check
/// refuses. Cross-section checks use the other sections' saved answers.
pub fn validate_section(ctx: &FormContext, answers: &Answers, section: Section) -> Vec<RuleError> {
    let mut errors = Vec::new();
    for question in questions(ctx.kind, answers, section) {
        match answer(answers, question.field) {
            None if question.required => {
                errors.push(RuleError::new(question.field, RuleErrorKind::Required))
            }
            None => {}
            Some(v) => {
                if let Err(e) = check_answer(ctx, answers, question.field, v) {
                    errors.push(e);
                }
            }
        }
    }
    if section == Section::Fee
        && fee_due(ctx.kind, answers).is_some_and(|f| f.amount_due_eur > 0)
        && !yes(answers, Field::Paid)
    {
        // R-SV-6: the fee is paid before the application is submitted.
        errors.push(RuleError::new(Field::Paid, RuleErrorKind::FeeNotPaid));
    }
    errors
}

/// Where a section stands on the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionState {
    NotStarted,
    /// Something is answered, and something is missing or refused.
    InProgress,
    Completed,
}

/// The state of `section` on the task list.
pub fn section_state(ctx: &FormContext, answers: &Answers, section: Section) -> SectionState {
    let started = questions(ctx.kind, answers, section)
        .iter()
        .any(|qq| answer(answers, qq.field).is_some());
    if !started {
        SectionState::NotStarted
    } else if validate_section(ctx, answers, section).is_empty() {
        SectionState::Completed
    } else {
        SectionState::InProgress
    }
}

/// Every refusal of the whole application, by section, for submission.
pub fn validate_application(ctx: &FormContext, answers: &Answers) -> Vec<(Section, RuleError)> {
    sections(ctx.kind, answers)
        .into_iter()
        .flat_map(|s| {
            validate_section(ctx, answers, s)
                .into_iter()
                .map(move |e| (s, e))
        })
        .collect()
}
