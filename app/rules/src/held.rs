//! R-SV-2, R-SV-3, R-SV-5 — the documents a person holds: their kinds, who sees them, and
//! when an expiry reminder is due.
use super::application::ApplicationType;
use super::calendar::add_days;
use super::documents::age_on;
use super::error::{Field, RuleError, RuleErrorKind, RuleResult};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// R-SV-2 — the documents the portal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeldKind {
    LtPassport,
    IdentityCard,
    StatelessTravel,
    RefugeeTravel,
    AlienPassport,
    Trp,
    EuLongTerm,
    EuFamilyTemporary,
    EuFamilyPermanent,
}

impl HeldKind {
    pub const ALL: [HeldKind; 9] = [
        HeldKind::LtPassport,
        HeldKind::IdentityCard,
        HeldKind::StatelessTravel,
        HeldKind::RefugeeTravel,
        HeldKind::AlienPassport,
        HeldKind::Trp,
        HeldKind::EuLongTerm,
        HeldKind::EuFamilyTemporary,
        HeldKind::EuFamilyPermanent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HeldKind::LtPassport => "lt_passport",
            HeldKind::IdentityCard => "identity_card",
            HeldKind::StatelessTravel => "stateless_travel",
            HeldKind::RefugeeTravel => "refugee_travel",
            HeldKind::AlienPassport => "alien_passport",
            HeldKind::Trp => "trp",
            HeldKind::EuLongTerm => "eu_long_term",
            HeldKind::EuFamilyTemporary => "eu_family_temporary",
            HeldKind::EuFamilyPermanent => "eu_family_permanent",
        }
    }

    pub fn parse(s: &str) -> Option<HeldKind> {
        HeldKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// R-SV-3 — only identity cards carry e-signature / e-identity certificates.
    pub fn has_certificates(self) -> bool {
        self == HeldKind::IdentityCard
    }
}

/// R-SV-2 — the card an application produces, handed over when it is collected (an invitation
/// produces none). A permanent residence permit is shown as the long-term resident's permit.
pub fn produced_kind(kind: ApplicationType) -> Option<HeldKind> {
    match kind {
        ApplicationType::TrpIssue | ApplicationType::TrpChange => Some(HeldKind::Trp),
        ApplicationType::EuCardIssue | ApplicationType::EuCardChange => {
            Some(HeldKind::EuFamilyTemporary)
        }
        ApplicationType::PermanentFamily => Some(HeldKind::EuLongTerm),
        ApplicationType::Invitation => None,
    }
}

/// R-SV-2 — a child's document is shown to the parent while the child is under 18.
pub fn shown_to_parent(child_born: Date, today: Date) -> bool {
    age_on(child_born, today) < 18
}

/// R-SV-3 — the most days before expiry a reminder can ask for.
pub const REMINDER_DAYS_MAX: i64 = 365;

/// R-SV-3 — the number of days before expiry: 1 to 365.
pub fn check_days_before(text: &str) -> RuleResult<i64> {
    let t = text.trim();
    if t.is_empty() {
        return Err(RuleError::new(Field::Days, RuleErrorKind::Required));
    }
    let n: i64 = t
        .parse()
        .map_err(|_| RuleError::new(Field::Days, RuleErrorKind::InvalidFormat))?;
    if !(1..=REMINDER_DAYS_MAX).contains(&n) {
        return Err(RuleError::new(
            Field::Days,
            RuleErrorKind::OutOfRange { min: 1, max: REMINDER_DAYS_MAX },
        ));
    }
    Ok(n)
}

/// R-SV-3 — the day a reminder `days_before` an expiry goes out.
pub fn reminder_day(expires: Date, days_before: i64) -> Date {
    add_days(expires, -days_before)
}

/// R-SV-3 — is the reminder due on `today`? From its day until the expiry itself (a server
/// that was down on the day still sends it late, never after the document has expired).
pub fn reminder_due(expires: Date, days_before: i64, today: Date) -> bool {
    today >= reminder_day(expires, days_before) && today <= expires
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// R-SV-3: 30 days before 2027-03-01 is 2027-01-30; due from then until the expiry day.
    #[test]
    fn r_sv_3_reminder_window() {
        let expires = date(2027, 3, 1);
        assert_eq!(reminder_day(expires, 30), date(2027, 1, 30));
        assert!(!reminder_due(expires, 30, date(2027, 1, 29)));
        assert!(reminder_due(expires, 30, date(2027, 1, 30)));
        assert!(reminder_due(expires, 30, date(2027, 3, 1)));
        assert!(!reminder_due(expires, 30, date(2027, 3, 2)));
    }

    #[test]
    fn r_sv_3_days_before_limits() {
        assert_eq!(check_days_before(" 30 "), Ok(30));
        assert_eq!(
            check_days_before("0").unwrap_err().kind,
            RuleErrorKind::OutOfRange { min: 1, max: 365 }
        );
        assert_eq!(
            check_days_before("x").unwrap_err().kind,
            RuleErrorKind::InvalidFormat
        );
        assert_eq!(
            check_days_before("").unwrap_err().kind,
            RuleErrorKind::Required
        );
    }

    /// R-SV-2: a child's document is the parent's to see until the 18th birthday.
    #[test]
    fn r_sv_2_minor_children() {
        let born = date(2009, 6, 1);
        assert!(shown_to_parent(born, date(2027, 5, 31)));
        assert!(!shown_to_parent(born, date(2027, 6, 1)));
    }

    #[test]
    fn r_sv_2_kinds_round_trip() {
        for k in HeldKind::ALL {
            assert_eq!(HeldKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(
            produced_kind(ApplicationType::TrpIssue),
            Some(HeldKind::Trp)
        );
        assert_eq!(produced_kind(ApplicationType::Invitation), None);
    }
}
