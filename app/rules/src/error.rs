//! Typed rule errors: every refusal names the field it is about and a stable
//! snake_case code, so the browser can translate it into any of the five
//! locales without a round trip and the JSON API can return it unchanged.

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

/// The input field an error is about. The snake_case key (serde and
/// [`Field::as_str`]) is what the UI uses to put the message next to the
/// right control and what the JSON API returns as `field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    PersonalCode,
    FirstName,
    Surname,
    Phone,
    Email,
    Date,
    Expires,
    Submitted,
    From,
    Days,
    Year,
    Case,
    Procedure,
    Permit,
    Action,
    Stop,
    Country,
    IssuedOn,
    Period,
    Amount,
    Funds,
    InsuredUntil,
    PayerName,
    Reference,
    Office,
    Now,
    /// R-AC-2: the one-time code from the login e-mail.
    LoginCode,
    /// The language of a person's notices (issue #4.7).
    Language,
    /// A staff member's role (issue #4.5).
    Role,
    /// A box to tick to confirm an action that cannot be undone.
    Confirm,
    /// The end date of a search period.
    To,
    /// What an officer searches for: an e-mail address or a personal code.
    Search,
    /// Who the application is for (R-IP-1).
    ForWhom,
    /// The applicant's date of birth.
    BirthDate,
    /// The applicant's citizenship.
    Citizenship,
    /// The travel document number.
    PassportNumber,
    /// The last day the travel document is valid.
    PassportValidUntil,
    /// The ground of the application (R-PM-3, R-PM-5).
    Ground,
    /// The family member the applicant joins.
    SponsorName,
    /// The family member's personal code.
    SponsorCode,
    /// The day the citizen arrived in Lithuania (R-PM-4).
    CitizenArrived,
    /// The validity asked for, in months.
    Months,
    /// Whether this is the first permit (R-PM-8).
    FirstPermit,
    /// Whether the applicant may stay without a visa.
    VisaFree,
    /// Whether the marriage is in the Population Register.
    MarriageInRegister,
    /// Whether compulsory health insurance is paid (R-PM-9).
    CompulsoryInsurance,
    /// The invited person's first name.
    InviteeFirstName,
    /// The invited person's surname.
    InviteeSurname,
    /// The invited person's date of birth.
    InviteeBirthDate,
    /// The invited person's citizenship.
    InviteeCitizenship,
    /// The purpose of the visit (R-SV-1).
    VisitPurpose,
    /// A fee exemption is claimed (R-SV-6).
    Exemption,
    /// The applicant says the fee is paid (R-SV-6).
    Paid,
    /// An uploaded file.
    Upload,
    /// The documents an application must carry (R-PM-6).
    Documents,
    /// The day requested documents are due (R-DL-3).
    DueDate,
    /// The last day a decision (or permit) is valid (R-DL-6).
    ValidUntil,
    /// Why an application is refused.
    Reason,
    /// An officer's message to the applicant.
    Message,
    /// The officer a case is assigned to.
    Officer,
    /// A card's or document's number (R-SV-2).
    DocumentNumber,
    /// How a reminder is sent: e-mail and/or SMS (R-SV-3).
    Channels,
    /// A bank account number (R-SV-6).
    Iban,
    /// The time of a visit (R-BK-1).
    Slot,
    /// When an office opens on a day (issue #7.1).
    Opens,
    /// When it closes.
    Closes,
    /// How many desks receive booked visits of a service (issue #7.1).
    Desks,
    /// An office's street address.
    Address,
    /// A link to an office on a map.
    MapUrl,
    /// How many minutes one booked visit of a service lasts at an office (issue #7.1).
    Duration,
    /// The desk an officer serves the queue at (issue #8.6).
    Desk,
    /// A booked visit's code, typed or scanned at the kiosk (issue #8.1).
    VisitCode,
    /// The name an office admin gives a kiosk (issue #8.4).
    DeviceName,
    /// R-SV-1: on what footing the inviter lives in Lithuania (citizen, permit holder).
    InviterStatus,
    /// R-SV-1: the number of the inviter's residence permit (not for a citizen).
    InviterPermit,
    /// R-SV-1: the inviter's declared address in Lithuania, where the guest will stay.
    InviterAddress,
}

impl Field {
    /// Every field, for tests and for locale-completeness checks.
    pub const ALL: [Field; 76] = [
        Field::PersonalCode,
        Field::FirstName,
        Field::Surname,
        Field::Phone,
        Field::Email,
        Field::Date,
        Field::Expires,
        Field::Submitted,
        Field::From,
        Field::Days,
        Field::Year,
        Field::Case,
        Field::Procedure,
        Field::Permit,
        Field::Action,
        Field::Stop,
        Field::Country,
        Field::IssuedOn,
        Field::Period,
        Field::Amount,
        Field::Funds,
        Field::InsuredUntil,
        Field::PayerName,
        Field::Reference,
        Field::Office,
        Field::Now,
        Field::LoginCode,
        Field::Language,
        Field::Role,
        Field::Confirm,
        Field::To,
        Field::Search,
        Field::ForWhom,
        Field::BirthDate,
        Field::Citizenship,
        Field::PassportNumber,
        Field::PassportValidUntil,
        Field::Ground,
        Field::SponsorName,
        Field::SponsorCode,
        Field::CitizenArrived,
        Field::Months,
        Field::FirstPermit,
        Field::VisaFree,
        Field::MarriageInRegister,
        Field::CompulsoryInsurance,
        Field::InviteeFirstName,
        Field::InviteeSurname,
        Field::InviteeBirthDate,
        Field::InviteeCitizenship,
        Field::VisitPurpose,
        Field::Exemption,
        Field::Paid,
        Field::Upload,
        Field::Documents,
        Field::DueDate,
        Field::ValidUntil,
        Field::Reason,
        Field::Message,
        Field::Officer,
        Field::DocumentNumber,
        Field::Channels,
        Field::Iban,
        Field::Slot,
        Field::Opens,
        Field::Closes,
        Field::Desks,
        Field::Address,
        Field::MapUrl,
        Field::Duration,
        Field::Desk,
        Field::VisitCode,
        Field::DeviceName,
        Field::InviterStatus,
        Field::InviterPermit,
        Field::InviterAddress,
    ];

    /// Issue 3 item 6 (errors name their field; cross-cutting, no single
    /// R- rule): the snake_case key, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::PersonalCode => "personal_code",
            Field::FirstName => "first_name",
            Field::Surname => "surname",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Date => "date",
            Field::Expires => "expires",
            Field::Submitted => "submitted",
            Field::From => "from",
            Field::Days => "days",
            Field::Year => "year",
            Field::Case => "case",
            Field::Procedure => "procedure",
            Field::Permit => "permit",
            Field::Action => "action",
            Field::Stop => "stop",
            Field::Country => "country",
            Field::IssuedOn => "issued_on",
            Field::Period => "period",
            Field::Amount => "amount",
            Field::Funds => "funds",
            Field::InsuredUntil => "insured_until",
            Field::PayerName => "payer_name",
            Field::Reference => "reference",
            Field::Office => "office",
            Field::Now => "now",
            Field::LoginCode => "login_code",
            Field::Language => "language",
            Field::Role => "role",
            Field::Confirm => "confirm",
            Field::To => "to",
            Field::Search => "search",
            Field::ForWhom => "for_whom",
            Field::BirthDate => "birth_date",
            Field::Citizenship => "citizenship",
            Field::PassportNumber => "passport_number",
            Field::PassportValidUntil => "passport_valid_until",
            Field::Ground => "ground",
            Field::SponsorName => "sponsor_name",
            Field::SponsorCode => "sponsor_code",
            Field::CitizenArrived => "citizen_arrived",
            Field::Months => "months",
            Field::FirstPermit => "first_permit",
            Field::VisaFree => "visa_free",
            Field::MarriageInRegister => "marriage_in_register",
            Field::CompulsoryInsurance => "compulsory_insurance",
            Field::InviteeFirstName => "invitee_first_name",
            Field::InviteeSurname => "invitee_surname",
            Field::InviteeBirthDate => "invitee_birth_date",
            Field::InviteeCitizenship => "invitee_citizenship",
            Field::VisitPurpose => "visit_purpose",
            Field::Exemption => "exemption",
            Field::Paid => "paid",
            Field::Upload => "upload",
            Field::Documents => "documents",
            Field::DueDate => "due_date",
            Field::ValidUntil => "valid_until",
            Field::Reason => "reason",
            Field::Message => "message",
            Field::Officer => "officer",
            Field::DocumentNumber => "document_number",
            Field::Channels => "channels",
            Field::Iban => "iban",
            Field::Slot => "slot",
            Field::Opens => "opens",
            Field::Closes => "closes",
            Field::Desks => "desks",
            Field::Address => "address",
            Field::MapUrl => "map_url",
            Field::Duration => "duration",
            Field::Desk => "desk",
            Field::VisitCode => "visit_code",
            Field::DeviceName => "device_name",
            Field::InviterStatus => "inviter_status",
            Field::InviterPermit => "inviter_permit",
            Field::InviterAddress => "inviter_address",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong. Serialised with the stable `code` tag
/// (`{"code":"too_long","max":31}`); the UI looks the code up in its locale
/// files and fills in the parameters. Every variant maps to HTTP 400 in the
/// JSON API: they are all the caller's input, never a server fault.
///
/// Reading it back goes through [`WireKind`], one flat struct, instead of
/// serde's internally tagged enum: that one buffers every error in serde's
/// `Content` and costs ~38 KB of WASM per route that reads a rule error
/// (issue #23.2). The JSON is the same either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case", try_from = "WireKind")]
pub enum RuleErrorKind {
    /// "This field is required." The input was empty or only spaces.
    #[error("required")]
    Required,
    /// "At most {max} characters." Counted in characters, not bytes.
    #[error("longer than {max} characters")]
    TooLong { max: u32 },
    /// "This does not look right." Wrong shape (letters in a number, a date
    /// not written YYYY-MM-DD, an e-mail without `@`, …).
    #[error("invalid format")]
    InvalidFormat,
    /// "The check digit does not match: please check for a typo."
    #[error("bad checksum")]
    BadChecksum,
    /// "There is no such date." Right shape, but e.g. 2025-02-29 or month 13.
    #[error("impossible date")]
    ImpossibleDate,
    /// "Must be between {min} and {max}."
    #[error("out of range {min}..={max}")]
    OutOfRange { min: i64, max: i64 },
    /// "Unknown kind of application."
    #[error("unknown case kind")]
    UnknownCaseKind,
    /// "Unknown procedure: choose general or urgent."
    #[error("unknown procedure")]
    UnknownProcedure,
    /// "This application cannot be handled under the chosen procedure"
    /// (e.g. there is no urgent procedure for the EU family member card).
    #[error("procedure not available")]
    ProcedureNotAvailable,
    /// "Unknown permit or card."
    #[error("unknown permit")]
    UnknownPermit,
    /// "Unknown action: choose issue or change."
    #[error("unknown action")]
    UnknownAction,
    /// "The documents cannot arrive before the notice asking for them was sent."
    #[error("clock stop ends before it starts")]
    StopOrder,
    /// "A documents-missing notice cannot be sent before the application was submitted."
    #[error("clock stop starts before submission")]
    StopBeforeSubmission,
    /// "The end date is before the start date."
    #[error("period ends before it starts")]
    EndBeforeStart,
    /// "This date cannot be later than {latest}."
    #[error("date later than {latest}")]
    DateInFuture { latest: Date },
    /// "Renewal can be submitted only from {earliest} to {latest}."
    #[error("outside renewal window {earliest}..={latest}")]
    OutsideRenewalWindow { earliest: Date, latest: Date },
    /// "The certificate is too old: it must be issued on or after {oldest_allowed}."
    #[error("certificate older than {oldest_allowed}")]
    CertificateTooOld { oldest_allowed: Date },
    /// "The insurance must be valid at least until {needed_until}."
    #[error("insurance does not cover until {needed_until}")]
    InsufficientCoverage { needed_until: Date },
    /// "You need to show at least {needed_eur} EUR."
    #[error("funds below {needed_eur} EUR")]
    InsufficientFunds { needed_eur: u64 },
    /// "Remote queue numbers for today can be taken from {opens} to {closes}."
    #[error("remote queue closed (open {opens}..{closes})")]
    QueueClosed { opens: Time, closes: Time },
    /// "The office does not take remote queue numbers today" (closed, or open
    /// too briefly for a remote-joining window).
    #[error("office closed today")]
    OfficeClosedToday,
    /// "The document must be valid at least until {needed_until}."
    #[error("document expires before {needed_until}")]
    DocumentExpiresTooSoon { needed_until: Date },
    /// "Apply within 3 months of the citizen's arrival: the last day was {latest}" (R-PM-4).
    #[error("more than 3 months after arrival (latest {latest})")]
    TooLateAfterArrival { latest: Date },
    /// "The permit has already expired: apply for a new one instead of a change."
    #[error("permit expired")]
    PermitExpired,
    /// "A person of 18 or more is not a minor: they apply personally" (R-SV-2, R-IP-1).
    #[error("not a minor")]
    NotAMinor,
    /// "From 16 a minor applies personally" (R-IP-1).
    #[error("minor from 16 applies personally")]
    MinorAppliesPersonally,
    /// "A parent or guardian applies for a child under 16" (R-IP-1).
    #[error("a parent applies for a child under 16")]
    ParentApplies,
    /// "Pay the fee (or claim an exemption) before submitting" (R-SV-6).
    #[error("fee not paid")]
    FeeNotPaid,
    /// "This date cannot be earlier than {earliest}."
    #[error("date earlier than {earliest}")]
    DateInPast { earliest: Date },
    /// "The file is larger than {max_mb} MB."
    #[error("file larger than {max_mb} MB")]
    FileTooLarge { max_mb: u32 },
    /// "Only PDF, JPEG and PNG files are accepted."
    #[error("file type not accepted")]
    FileTypeNotAccepted,
    /// "The file is damaged or incomplete: save it again and upload the new copy."
    #[error("file damaged")]
    FileDamaged,
    /// "The image is too large ({max_mpx} megapixels at most)."
    #[error("image larger than {max_mpx} megapixels")]
    ImageTooLarge { max_mpx: u32 },
    /// "The file did not pass the virus check."
    #[error("file infected")]
    FileInfected,
    /// "Too many files were checked for your account in the last hour (the limit is {max})."
    /// (issue #21.1: the check is the costly part of an upload)
    #[error("more than {max} uploads checked in an hour")]
    UploadsPerHour { max: u32 },
    /// "Many documents are being checked right now: try again in a minute." (issue #21.1)
    #[error("document checks busy")]
    CheckBusy,
    /// "The document check is not available right now: try again later." (issue #21.1)
    #[error("document check unavailable")]
    CheckUnavailable,
    /// "Upload every document the checklist asks for" (R-PM-6).
    #[error("documents missing")]
    DocumentsMissing,
    /// "This cannot be done at this stage of the case."
    #[error("action not allowed at this stage")]
    ActionNotAllowed,
    /// "Too late: this notice had to be sent by {latest}." (R-DL-3, R-DL-4)
    #[error("notice too late (latest {latest})")]
    NoticeTooLate { latest: Date },
    /// "A validity can be extended by at most 3 months: until {latest}." (R-DL-6)
    #[error("extension beyond {latest}")]
    ExtensionTooLong { latest: Date },
    /// "A document of this kind with this number already exists." (R-SV-2)
    #[error("number taken")]
    NumberTaken,
    /// "Choose an office other than the one that has the case." (R-DL-7)
    #[error("same office")]
    SameOffice,
    /// "Visits can be booked from {earliest} to {latest}." (R-BK-1, R-FL-1)
    #[error("outside booking range {earliest}..={latest}")]
    OutsideBookingRange { earliest: Date, latest: Date },
    /// "There is no visit at this time: choose one of the times shown." (R-BK-1)
    #[error("no such slot")]
    NoSuchSlot,
    /// "This time has just been taken: choose another." (R-BK-1)
    #[error("slot taken")]
    SlotTaken,
    /// "A visit can be moved at most {max} times." (R-BK-2)
    #[error("moved {max} times already")]
    TooManyMoves { max: u32 },
    /// "The time to appear in person has passed." (R-FL-1)
    #[error("appearance window passed")]
    WindowPassed,
    /// "The time offered from the waitlist was held until {until} and has passed on."
    /// (issue #7.4)
    #[error("offer expired")]
    OfferExpired,
    /// "You already have a queue number for today: cancel it first to take another." (R-QU-3)
    #[error("already in the queue")]
    AlreadyInQueue,
    /// "The office takes walk-ins today from {opens} to {closes}." (R-QU-5)
    #[error("office closed now (open {opens}..{closes})")]
    OfficeClosedNow { opens: Time, closes: Time },
    /// "No visit with this code is booked at this office today." (issue #8.1)
    #[error("no visit with this code today")]
    NoVisitToday,
    /// "Check-in opens at {from}, 30 minutes before the visit." (issue #8.1)
    #[error("check-in opens at {from}")]
    CheckInTooEarly { from: Time },
}

impl RuleErrorKind {
    /// Cross-cutting (every R- rule refuses through it): the stable
    /// snake_case code, identical to serde's `code` tag.
    pub fn code(&self) -> &'static str {
        match self {
            RuleErrorKind::Required => "required",
            RuleErrorKind::TooLong { .. } => "too_long",
            RuleErrorKind::InvalidFormat => "invalid_format",
            RuleErrorKind::BadChecksum => "bad_checksum",
            RuleErrorKind::ImpossibleDate => "impossible_date",
            RuleErrorKind::OutOfRange { .. } => "out_of_range",
            RuleErrorKind::UnknownCaseKind => "unknown_case_kind",
            RuleErrorKind::UnknownProcedure => "unknown_procedure",
            RuleErrorKind::ProcedureNotAvailable => "procedure_not_available",
            RuleErrorKind::UnknownPermit => "unknown_permit",
            RuleErrorKind::UnknownAction => "unknown_action",
            RuleErrorKind::StopOrder => "stop_order",
            RuleErrorKind::StopBeforeSubmission => "stop_before_submission",
            RuleErrorKind::EndBeforeStart => "end_before_start",
            RuleErrorKind::DateInFuture { .. } => "date_in_future",
            RuleErrorKind::OutsideRenewalWindow { .. } => "outside_renewal_window",
            RuleErrorKind::CertificateTooOld { .. } => "certificate_too_old",
            RuleErrorKind::InsufficientCoverage { .. } => "insufficient_coverage",
            RuleErrorKind::InsufficientFunds { .. } => "insufficient_funds",
            RuleErrorKind::QueueClosed { .. } => "queue_closed",
            RuleErrorKind::OfficeClosedToday => "office_closed_today",
            RuleErrorKind::DocumentExpiresTooSoon { .. } => "document_expires_too_soon",
            RuleErrorKind::TooLateAfterArrival { .. } => "too_late_after_arrival",
            RuleErrorKind::PermitExpired => "permit_expired",
            RuleErrorKind::NotAMinor => "not_a_minor",
            RuleErrorKind::MinorAppliesPersonally => "minor_applies_personally",
            RuleErrorKind::ParentApplies => "parent_applies",
            RuleErrorKind::FeeNotPaid => "fee_not_paid",
            RuleErrorKind::DateInPast { .. } => "date_in_past",
            RuleErrorKind::FileTooLarge { .. } => "file_too_large",
            RuleErrorKind::FileTypeNotAccepted => "file_type_not_accepted",
            RuleErrorKind::FileDamaged => "file_damaged",
            RuleErrorKind::ImageTooLarge { .. } => "image_too_large",
            RuleErrorKind::FileInfected => "file_infected",
            RuleErrorKind::UploadsPerHour { .. } => "uploads_per_hour",
            RuleErrorKind::CheckBusy => "check_busy",
            RuleErrorKind::CheckUnavailable => "check_unavailable",
            RuleErrorKind::DocumentsMissing => "documents_missing",
            RuleErrorKind::ActionNotAllowed => "action_not_allowed",
            RuleErrorKind::NoticeTooLate { .. } => "notice_too_late",
            RuleErrorKind::ExtensionTooLong { .. } => "extension_too_long",
            RuleErrorKind::NumberTaken => "number_taken",
            RuleErrorKind::SameOffice => "same_office",
            RuleErrorKind::OutsideBookingRange { .. } => "outside_booking_range",
            RuleErrorKind::NoSuchSlot => "no_such_slot",
            RuleErrorKind::SlotTaken => "slot_taken",
            RuleErrorKind::TooManyMoves { .. } => "too_many_moves",
            RuleErrorKind::WindowPassed => "window_passed",
            RuleErrorKind::OfferExpired => "offer_expired",
            RuleErrorKind::AlreadyInQueue => "already_in_queue",
            RuleErrorKind::OfficeClosedNow { .. } => "office_closed_now",
            RuleErrorKind::NoVisitToday => "no_visit_today",
            RuleErrorKind::CheckInTooEarly { .. } => "check_in_too_early",
        }
    }
}

/// The JSON of a [`RuleErrorKind`] as it is read: the `code` and every
/// parameter any kind has, each optional. Unknown keys are ignored, as serde
/// ignores them in a tagged enum.
#[derive(Deserialize)]
struct WireKind {
    code: String,
    max: Option<i64>,
    min: Option<i64>,
    max_mb: Option<u32>,
    max_mpx: Option<u32>,
    needed_eur: Option<u64>,
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    earliest: Option<Date>,
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    latest: Option<Date>,
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    oldest_allowed: Option<Date>,
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    needed_until: Option<Date>,
    #[serde(default, deserialize_with = "crate::wire::option_time")]
    opens: Option<Time>,
    #[serde(default, deserialize_with = "crate::wire::option_time")]
    closes: Option<Time>,
    #[serde(default, deserialize_with = "crate::wire::option_time")]
    from: Option<Time>,
}

impl TryFrom<WireKind> for RuleErrorKind {
    type Error = String;

    fn try_from(w: WireKind) -> Result<Self, String> {
        fn need<T>(value: Option<T>, name: &str) -> Result<T, String> {
            value.ok_or_else(|| format!("missing field `{name}`"))
        }
        let max_u32 = || -> Result<u32, String> {
            u32::try_from(need(w.max, "max")?).map_err(|_| "`max` out of range".to_string())
        };
        use RuleErrorKind as K;
        Ok(match w.code.as_str() {
            "required" => K::Required,
            "too_long" => K::TooLong { max: max_u32()? },
            "invalid_format" => K::InvalidFormat,
            "bad_checksum" => K::BadChecksum,
            "impossible_date" => K::ImpossibleDate,
            "out_of_range" => K::OutOfRange { min: need(w.min, "min")?, max: need(w.max, "max")? },
            "unknown_case_kind" => K::UnknownCaseKind,
            "unknown_procedure" => K::UnknownProcedure,
            "procedure_not_available" => K::ProcedureNotAvailable,
            "unknown_permit" => K::UnknownPermit,
            "unknown_action" => K::UnknownAction,
            "stop_order" => K::StopOrder,
            "stop_before_submission" => K::StopBeforeSubmission,
            "end_before_start" => K::EndBeforeStart,
            "date_in_future" => K::DateInFuture { latest: need(w.latest, "latest")? },
            "outside_renewal_window" => K::OutsideRenewalWindow {
                earliest: need(w.earliest, "earliest")?,
                latest: need(w.latest, "latest")?,
            },
            "certificate_too_old" => {
                K::CertificateTooOld { oldest_allowed: need(w.oldest_allowed, "oldest_allowed")? }
            }
            "insufficient_coverage" => {
                K::InsufficientCoverage { needed_until: need(w.needed_until, "needed_until")? }
            }
            "insufficient_funds" => {
                K::InsufficientFunds { needed_eur: need(w.needed_eur, "needed_eur")? }
            }
            "queue_closed" => K::QueueClosed {
                opens: need(w.opens, "opens")?,
                closes: need(w.closes, "closes")?,
            },
            "office_closed_today" => K::OfficeClosedToday,
            "document_expires_too_soon" => {
                K::DocumentExpiresTooSoon { needed_until: need(w.needed_until, "needed_until")? }
            }
            "too_late_after_arrival" => {
                K::TooLateAfterArrival { latest: need(w.latest, "latest")? }
            }
            "permit_expired" => K::PermitExpired,
            "not_a_minor" => K::NotAMinor,
            "minor_applies_personally" => K::MinorAppliesPersonally,
            "parent_applies" => K::ParentApplies,
            "fee_not_paid" => K::FeeNotPaid,
            "date_in_past" => K::DateInPast { earliest: need(w.earliest, "earliest")? },
            "file_too_large" => K::FileTooLarge { max_mb: need(w.max_mb, "max_mb")? },
            "file_type_not_accepted" => K::FileTypeNotAccepted,
            "file_damaged" => K::FileDamaged,
            "image_too_large" => K::ImageTooLarge { max_mpx: need(w.max_mpx, "max_mpx")? },
            "file_infected" => K::FileInfected,
            "uploads_per_hour" => K::UploadsPerHour { max: max_u32()? },
            "check_busy" => K::CheckBusy,
            "check_unavailable" => K::CheckUnavailable,
            "documents_missing" => K::DocumentsMissing,
            "action_not_allowed" => K::ActionNotAllowed,
            "notice_too_late" => K::NoticeTooLate { latest: need(w.latest, "latest")? },
            "extension_too_long" => K::ExtensionTooLong { latest: need(w.latest, "latest")? },
            "number_taken" => K::NumberTaken,
            "same_office" => K::SameOffice,
            "outside_booking_range" => K::OutsideBookingRange {
                earliest: need(w.earliest, "earliest")?,
                latest: need(w.latest, "latest")?,
            },
            "no_such_slot" => K::NoSuchSlot,
            "slot_taken" => K::SlotTaken,
            "too_many_moves" => K::TooManyMoves { max: max_u32()? },
            "window_passed" => K::WindowPassed,
            "offer_expired" => K::OfferExpired,
            "already_in_queue" => K::AlreadyInQueue,
            "office_closed_now" => K::OfficeClosedNow {
                opens: need(w.opens, "opens")?,
                closes: need(w.closes, "closes")?,
            },
            "no_visit_today" => K::NoVisitToday,
            "check_in_too_early" => K::CheckInTooEarly { from: need(w.from, "from")? },
            other => return Err(format!("unknown variant `{other}`")),
        })
    }
}

/// A refused input: which field, and why. The `Display` text is English and
/// meant for logs only; users see the translation of [`RuleErrorKind::code`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {kind}")]
pub struct RuleError {
    pub field: Field,
    pub kind: RuleErrorKind,
}

impl RuleError {
    /// Cross-cutting (every R- rule refuses through it): builds an error.
    pub fn new(field: Field, kind: RuleErrorKind) -> Self {
        RuleError { field, kind }
    }

    /// Cross-cutting (every R- rule): shorthand for the kind's stable code.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// The result of every fallible rule.
pub type RuleResult<T> = Result<T, RuleError>;

/// Parses a date typed or sent as strict ISO `YYYY-MM-DD` (R-DL-1 form input,
/// every `?date=` of the API). Strict on purpose: `2025-2-1`, `20250201` or a
/// timestamp are refused rather than guessed, so the browser and the server
/// never read the same text as different days.
///
/// Errors: `InvalidFormat` for the wrong shape, `ImpossibleDate` for a
/// well-formed day that does not exist (`2025-02-29`, `2025-13-01`).
pub fn parse_date(field: Field, s: &str) -> RuleResult<Date> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(RuleError::new(field, RuleErrorKind::InvalidFormat));
    }
    let num = |from: usize, to: usize| -> i32 {
        b[from..to]
            .iter()
            .fold(0i32, |acc, c| acc * 10 + i32::from(c - b'0'))
    };
    let (year, month, day) = (num(0, 4), num(5, 7), num(8, 10));
    // The shape check bounds year to 0..=9999 and month/day to 0..=99, so the
    // narrowing casts below cannot truncate.
    Date::new(year as i16, month as i8, day as i8)
        .map_err(|_| RuleError::new(field, RuleErrorKind::ImpossibleDate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use proptest::prelude::*;
    use rstest::rstest;

    proptest! {
        /// R-DL-1: any text is answered without panicking, and every date
        /// accepted prints back as the same text.
        #[test]
        fn r_dl_1_parse_date_total(s in "\\PC{0,12}") {
            if let Ok(d) = parse_date(Field::Date, &s) {
                prop_assert_eq!(d.to_string(), s);
            }
        }

        /// R-DL-1: every real date round-trips through its ISO text.
        #[test]
        fn r_dl_1_parse_date_round_trip(days in 0i64..3_000_000) {
            let d = crate::calendar::add_days(date(1, 1, 1), days);
            prop_assert_eq!(parse_date(Field::Date, &d.to_string()), Ok(d));
        }
    }

    #[rstest]
    #[case::r_dl_1_parse_plain("2025-06-30", date(2025, 6, 30))]
    #[case::r_dl_1_parse_leap_day("2024-02-29", date(2024, 2, 29))]
    #[case::r_dl_1_parse_leap_day_2000("2000-02-29", date(2000, 2, 29))]
    #[case::r_dl_1_parse_new_year("2026-01-01", date(2026, 1, 1))]
    #[case::r_dl_1_parse_year_9999("9999-12-31", date(9999, 12, 31))]
    fn r_dl_1_parse_date_ok(#[case] s: &str, #[case] want: Date) {
        assert_eq!(parse_date(Field::Date, s), Ok(want));
    }

    #[rstest]
    #[case::r_dl_1_parse_no_leap_2025("2025-02-29", RuleErrorKind::ImpossibleDate)]
    #[case::r_dl_1_parse_no_leap_1900("1900-02-29", RuleErrorKind::ImpossibleDate)]
    #[case::r_dl_1_parse_month_13("2025-13-01", RuleErrorKind::ImpossibleDate)]
    #[case::r_dl_1_parse_month_00("2025-00-10", RuleErrorKind::ImpossibleDate)]
    #[case::r_dl_1_parse_day_00("2025-01-00", RuleErrorKind::ImpossibleDate)]
    #[case::r_dl_1_parse_april_31("2025-04-31", RuleErrorKind::ImpossibleDate)]
    #[case::r_dl_1_parse_short_month("2025-2-01", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_short_both("2025-2-1", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_compact("20250201", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_slashes("2025/02/01", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_empty("", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_spaces(" 2025-02-01", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_timestamp("2025-02-01T00:00", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_sign("+025-02-01", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_unicode_digits("２０２５-02-01", RuleErrorKind::InvalidFormat)]
    #[case::r_dl_1_parse_garbage("yesterday!", RuleErrorKind::InvalidFormat)]
    fn r_dl_1_parse_date_err(#[case] s: &str, #[case] kind: RuleErrorKind) {
        assert_eq!(
            parse_date(Field::Expires, s),
            Err(RuleError::new(Field::Expires, kind))
        );
    }

    /// The `code` method and serde's tag must never drift apart: the UI and
    /// the API rely on both.
    #[rstest]
    #[case::r_ac_3_required(RuleErrorKind::Required)]
    #[case::r_ac_3_too_long(RuleErrorKind::TooLong { max: 31 })]
    #[case::r_ac_3_invalid_format(RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_bad_checksum(RuleErrorKind::BadChecksum)]
    #[case::r_ac_5_impossible_date(RuleErrorKind::ImpossibleDate)]
    #[case::r_bk_3_out_of_range(RuleErrorKind::OutOfRange { min: 0, max: 10 })]
    #[case::r_dl_2_unknown_case_kind(RuleErrorKind::UnknownCaseKind)]
    #[case::r_dl_2_unknown_procedure(RuleErrorKind::UnknownProcedure)]
    #[case::r_dl_2_procedure_not_available(RuleErrorKind::ProcedureNotAvailable)]
    #[case::r_sv_6_unknown_permit(RuleErrorKind::UnknownPermit)]
    #[case::r_sv_6_unknown_action(RuleErrorKind::UnknownAction)]
    #[case::r_dl_3_stop_order(RuleErrorKind::StopOrder)]
    #[case::r_dl_3_stop_before_submission(RuleErrorKind::StopBeforeSubmission)]
    #[case::r_pm_8_end_before_start(RuleErrorKind::EndBeforeStart)]
    #[case::r_pm_8_date_in_future(RuleErrorKind::DateInFuture { latest: date(2025, 1, 1) })]
    #[case::r_dl_1_outside_window(RuleErrorKind::OutsideRenewalWindow {
        earliest: date(2025, 1, 1),
        latest: date(2025, 3, 1),
    })]
    #[case::r_pm_8_certificate_too_old(RuleErrorKind::CertificateTooOld {
        oldest_allowed: date(2025, 1, 1),
    })]
    #[case::r_pm_9_insufficient_coverage(RuleErrorKind::InsufficientCoverage {
        needed_until: date(2026, 1, 1),
    })]
    #[case::r_pm_7_insufficient_funds(RuleErrorKind::InsufficientFunds { needed_eur: 12_924 })]
    #[case::r_qu_2_queue_closed(RuleErrorKind::QueueClosed {
        opens: time(8, 30, 0, 0),
        closes: time(16, 30, 0, 0),
    })]
    #[case::r_qu_2_office_closed_today(RuleErrorKind::OfficeClosedToday)]
    #[case::r_qu_5_office_closed_now(RuleErrorKind::OfficeClosedNow {
        opens: time(8, 0, 0, 0),
        closes: time(17, 0, 0, 0),
    })]
    #[case::visit_not_today(RuleErrorKind::NoVisitToday)]
    #[case::check_in_too_early(RuleErrorKind::CheckInTooEarly { from: time(9, 30, 0, 0) })]
    fn r_all_error_code_matches_serde_tag(#[case] kind: RuleErrorKind) {
        let json = serde_json::to_value(&kind).expect("serialises");
        assert_eq!(json["code"], kind.code());
        let back: RuleErrorKind = serde_json::from_value(json).expect("round trip");
        assert_eq!(back, kind);
    }

    /// Every kind, once: the flat reader ([`WireKind`]) must read back what
    /// the tagged writer wrote, for each of them.
    fn every_kind() -> Vec<RuleErrorKind> {
        use RuleErrorKind as K;
        let d = date(2025, 3, 1);
        let t = time(8, 30, 0, 0);
        vec![
            K::Required,
            K::TooLong { max: 31 },
            K::InvalidFormat,
            K::BadChecksum,
            K::ImpossibleDate,
            K::OutOfRange { min: -3, max: 10 },
            K::UnknownCaseKind,
            K::UnknownProcedure,
            K::ProcedureNotAvailable,
            K::UnknownPermit,
            K::UnknownAction,
            K::StopOrder,
            K::StopBeforeSubmission,
            K::EndBeforeStart,
            K::DateInFuture { latest: d },
            K::OutsideRenewalWindow { earliest: d, latest: date(2025, 4, 30) },
            K::CertificateTooOld { oldest_allowed: d },
            K::InsufficientCoverage { needed_until: d },
            K::InsufficientFunds { needed_eur: 12_924 },
            K::QueueClosed { opens: t, closes: time(16, 0, 0, 0) },
            K::OfficeClosedToday,
            K::DocumentExpiresTooSoon { needed_until: d },
            K::TooLateAfterArrival { latest: d },
            K::PermitExpired,
            K::NotAMinor,
            K::MinorAppliesPersonally,
            K::ParentApplies,
            K::FeeNotPaid,
            K::DateInPast { earliest: d },
            K::FileTooLarge { max_mb: 10 },
            K::FileTypeNotAccepted,
            K::FileDamaged,
            K::ImageTooLarge { max_mpx: 40 },
            K::FileInfected,
            K::UploadsPerHour { max: 60 },
            K::CheckBusy,
            K::CheckUnavailable,
            K::DocumentsMissing,
            K::ActionNotAllowed,
            K::NoticeTooLate { latest: d },
            K::ExtensionTooLong { latest: d },
            K::NumberTaken,
            K::SameOffice,
            K::OutsideBookingRange { earliest: d, latest: date(2025, 5, 1) },
            K::NoSuchSlot,
            K::SlotTaken,
            K::TooManyMoves { max: 2 },
            K::WindowPassed,
            K::OfferExpired,
            K::AlreadyInQueue,
            K::OfficeClosedNow { opens: t, closes: time(17, 0, 0, 0) },
            K::NoVisitToday,
            K::CheckInTooEarly { from: t },
        ]
    }

    #[test]
    fn r_all_every_kind_round_trips_through_the_flat_reader() {
        let kinds = every_kind();
        let codes: std::collections::BTreeSet<&str> = kinds.iter().map(|k| k.code()).collect();
        // One entry per variant: the enum has 53 (a new variant must be added
        // here and to `WireKind`'s match, or this count fails).
        assert_eq!(codes.len(), 53);
        assert_eq!(kinds.len(), 53);
        for kind in kinds {
            let text = serde_json::to_string(&kind).expect("serialises");
            let back: RuleErrorKind = serde_json::from_slice(text.as_bytes())
                .unwrap_or_else(|e| panic!("{text} does not read back: {e}"));
            assert_eq!(back, kind, "{text}");
        }
    }

    #[rstest]
    #[case::unknown_code(r#"{"code":"no_such_code"}"#, "unknown variant `no_such_code`")]
    #[case::no_code(r#"{"max":3}"#, "missing field `code`")]
    #[case::missing_parameter(r#"{"code":"too_long"}"#, "missing field `max`")]
    #[case::parameter_too_big(r#"{"code":"too_long","max":4294967296}"#, "`max` out of range")]
    #[case::negative_parameter(r#"{"code":"too_many_moves","max":-1}"#, "`max` out of range")]
    #[case::not_a_date(r#"{"code":"date_in_past","earliest":"yesterday"}"#, "YYYY-MM-DD")]
    fn r_all_malformed_kind_is_refused(#[case] json: &str, #[case] says: &str) {
        let err = serde_json::from_str::<RuleErrorKind>(json).expect_err(json);
        assert!(err.to_string().contains(says), "{json}: {err}");
    }

    #[test]
    fn r_all_unknown_keys_are_ignored_like_a_tagged_enum() {
        let kind: RuleErrorKind =
            serde_json::from_str(r#"{"code":"too_long","max":5,"hint":"x","min":1}"#)
                .expect("reads");
        assert_eq!(kind, RuleErrorKind::TooLong { max: 5 });
    }

    #[test]
    fn r_all_field_as_str_matches_serde() {
        for field in Field::ALL {
            let json = serde_json::to_value(field).expect("serialises");
            assert_eq!(json, field.as_str());
        }
    }

    #[test]
    fn r_dl_1_error_wire_shape() {
        let err = RuleError::new(
            Field::Submitted,
            RuleErrorKind::OutsideRenewalWindow {
                earliest: date(2025, 2, 28),
                latest: date(2025, 4, 30),
            },
        );
        let json = serde_json::to_string(&err).expect("serialises");
        assert_eq!(
            json,
            r#"{"field":"submitted","kind":{"code":"outside_renewal_window","earliest":"2025-02-28","latest":"2025-04-30"}}"#
        );
        assert_eq!(
            err.to_string(),
            "submitted: outside renewal window 2025-02-28..=2025-04-30"
        );
    }
}
