//! Held documents (issue #6.3–#6.5; R-SV-2, R-SV-3, R-SV-5): the documents a person holds
//! (and their minor children's), expiry reminders by e-mail and/or SMS, and the lost-document
//! report that invalidates a document at once. Pages: `crate::pages::my_documents`.
mod lost;
mod mine;
mod reminders;

pub use lost::{lost_reports, report_lost, LostReports, ReportLost};
pub use mine::{my_documents, MyDocuments};
pub use reminders::{remove_reminder, set_reminder, RemoveReminder, SetReminder};

use crate::i18n::Locale;
use crate::rules::held::HeldKind;
use crate::tr::td_string;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An expiry reminder (R-SV-3): `days_before` the document (or its certificates) expire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// `document` or `certificates`.
    pub target: String,
    pub days_before: i64,
    pub by_email: bool,
    pub by_sms: bool,
}

/// A document someone holds, as their page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldDocument {
    pub id: i64,
    pub kind: HeldKind,
    pub number: String,
    pub holder_name: String,
    /// A minor child's document, shown to the parent.
    pub for_child: bool,
    #[serde(deserialize_with = "rules::wire::date")]
    pub issued_on: Date,
    #[serde(deserialize_with = "rules::wire::date")]
    pub valid_until: Date,
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub certificates_valid_until: Option<Date>,
    /// R-SV-5: reported lost (Vilnius local time of the report); invalid since.
    pub lost_at: Option<String>,
    /// R-DL-7: the decision it was issued on was revoked on this day; invalid since.
    #[serde(default, deserialize_with = "rules::wire::option_date")]
    pub revoked_on: Option<Date>,
    pub reminders: Vec<Reminder>,
}

/// The logged-in person's documents and their children's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentsView {
    pub items: Vec<HeldDocument>,
    #[serde(deserialize_with = "rules::wire::date")]
    pub today: Date,
    /// Whether the account has a phone for SMS reminders.
    pub has_phone: bool,
}

/// A lost-document report as officers see it (R-SV-5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostReport {
    pub at: String,
    pub kind: HeldKind,
    pub number: String,
    pub holder_name: String,
}

/// R-SV-2 — the name of a kind of document, in a locale.
pub fn kind_name(l: Locale, k: HeldKind) -> String {
    match k {
        HeldKind::LtPassport => td_string!(l, held.kind.lt_passport),
        HeldKind::IdentityCard => td_string!(l, held.kind.identity_card),
        HeldKind::StatelessTravel => td_string!(l, held.kind.stateless_travel),
        HeldKind::RefugeeTravel => td_string!(l, held.kind.refugee_travel),
        HeldKind::AlienPassport => td_string!(l, held.kind.alien_passport),
        HeldKind::Trp => td_string!(l, held.kind.trp),
        HeldKind::EuLongTerm => td_string!(l, held.kind.eu_long_term),
        HeldKind::EuFamilyTemporary => td_string!(l, held.kind.eu_family_temporary),
        HeldKind::EuFamilyPermanent => td_string!(l, held.kind.eu_family_permanent),
    }
    .to_string()
}

#[cfg(feature = "ssr")]
pub mod ssr;
