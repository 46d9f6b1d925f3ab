//! The domain rules of `shared/domain/rules.md`, as pure functions shared by
//! the WASM client and the server: no clock, no I/O, no leptos, no sqlx.
//! *Today*, the holiday calendar, the minimum wage and every configured
//! amount come in as parameters; every refusal is a typed [`RuleError`].
//!
//! Each public function's doc comment cites the rule id(s) it implements,
//! and each test case name contains the id (`r_dl_1_…`), so a figure can be
//! traced back to its source.

pub mod application;
pub mod booking;
pub mod calendar;
pub mod case;
pub mod held;
// Written by the Services-pages work (permit facts for the pages); declared here so it builds.
pub mod catalog;
pub mod contact;
pub mod deadlines;
pub mod documents;
pub mod error;
pub mod fees;
pub mod personal_code;
pub mod queue;
pub mod reference;
pub mod search;
pub mod wait;
pub mod wire;

pub use calendar::{
    add_days, add_months, add_working_days, days_between, easter_sunday, is_working_day,
    lithuanian_holidays, roll_forward, sub_working_days, Holiday, HolidayCalendar, HolidayName,
    LithuanianCalendar, ALL_SOULS_FROM_YEAR,
};
pub use contact::{
    normalize_phone, validate_contact, validate_email, validate_first_name, validate_surname,
    ContactDetails, ContactLimits,
};
pub use deadlines::{
    appearance_deadline, case_transfer_deadline, check_renewal_date, collection_invitation_day,
    decision_deadline, extension_notice_deadline, formalisation_deadline, longest_extension,
    renewal_status, renewal_window, revocation_deadline, rule_version_for, stopped_days,
    urgent_downgrade_notice_latest, CaseKind, ClockStop, DecisionDeadline, DecisionTerms,
    Procedure, RenewalStatus, RenewalWindow, RuleVersion, Term, GUIDE_2023, ORDER_2016,
    RULE_VERSIONS,
};
pub use documents::{
    age_on, check_certificate_fresh, check_funds, checklist, child_attendance,
    countries_needing_criminal_record, funds_needed, insurance_covers, needs_legalisation,
    needs_translation, validate_stay, ChecklistItem, ChildAttendance, CountryCode, DocumentKind,
    Ground, ItemCondition, Legalisation, Stay, Submitter, EU_MEMBER_STATES, SIX_MONTHS_DAYS,
};
pub use error::{parse_date, Field, RuleError, RuleErrorKind, RuleResult};
pub use fees::{
    epc_qr_payload, fee, fee_with_exemption, payment_request, validate_iban, FeeAction, FeeDue,
    FeeQuote, PaymentRequest, Permit, PAYEE_CODE, PAYEE_NAME, PAYER_NAME_MAX, PAYMENT_CODE,
    REFERENCE_MAX,
};
#[cfg(any(test, feature = "samples"))]
pub use personal_code::sample_personal_codes;
pub use personal_code::{personal_code_check_digit, validate_personal_code, PersonalCode, Sex};
pub use queue::{
    check_in, may_take_kiosk_ticket, may_take_remote_ticket, normalise_visit_code,
    remote_join_window, service_letter, ticket_label, CheckIn, OfficeHours, RemoteWindow,
    CHECK_IN_EARLY, CHECK_IN_GRACE, REMOTE_BUFFER, VISIT_CODE_ALPHABET,
};
pub use reference::{application_reference, parse_reference};
pub use wait::{estimate_wait, DeskTime, LineNow, WaitEstimate};
