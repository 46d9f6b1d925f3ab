//! R-PM-1 … R-PM-4 — the permits and cards the Services pages describe. The pages take every
//! figure from here and from `fees` / `deadlines`, never from prose, so a changed fee or
//! term changes every page at once.
use super::deadlines::CaseKind;
use super::fees::Permit;
use serde::{Deserialize, Serialize};

/// Which Services page (its translated texts are keyed by `key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermitPage {
    EuCard,
    EuPermanentCard,
    TrpFamily,
    PermanentFamily,
}

/// How long a permit is valid, in years (the translated text explains the conditions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// Validity of the first permit or card, in years.
    pub first_years: u8,
    /// Validity after a change (renewal), when the rules give one.
    pub renewed_years: Option<u8>,
}

/// One Services page's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PermitInfo {
    pub page: PermitPage,
    /// URL slug: `/services/<slug>`.
    pub slug: &'static str,
    /// The rule that describes it.
    pub rule: &'static str,
    /// The fee table it uses; `None` where the rules list no fee (R-PM-2).
    pub fee_permit: Option<Permit>,
    /// The case kind whose decision deadline applies to a first issue; `None` where the
    /// rules give no term (R-PM-2).
    pub issue_case: Option<CaseKind>,
    pub validity: Validity,
}

/// R-PM-1 … R-PM-4, in the order the Services list shows them.
pub const PERMITS: [PermitInfo; 4] = [
    PermitInfo {
        page: PermitPage::TrpFamily,
        slug: "trp-family",
        rule: "R-PM-3",
        fee_permit: Some(Permit::Trp),
        issue_case: Some(CaseKind::TrpIssueFamily),
        validity: Validity { first_years: 1, renewed_years: Some(2) },
    },
    PermitInfo {
        page: PermitPage::EuCard,
        slug: "eu-card",
        rule: "R-PM-1",
        fee_permit: Some(Permit::EuCard),
        issue_case: Some(CaseKind::EuCardIssue),
        validity: Validity { first_years: 5, renewed_years: None },
    },
    PermitInfo {
        page: PermitPage::EuPermanentCard,
        slug: "eu-permanent-card",
        rule: "R-PM-2",
        fee_permit: None,
        issue_case: None,
        validity: Validity { first_years: 10, renewed_years: None },
    },
    PermitInfo {
        page: PermitPage::PermanentFamily,
        slug: "permanent-family",
        rule: "R-PM-4",
        fee_permit: Some(Permit::Permanent),
        issue_case: Some(CaseKind::PermanentFamily),
        validity: Validity { first_years: 5, renewed_years: None },
    },
];

/// The page for a URL slug.
pub fn permit_by_slug(slug: &str) -> Option<&'static PermitInfo> {
    PERMITS.iter().find(|p| p.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fee, FeeAction, Procedure};

    #[test]
    fn r_pm_slugs_are_unique_and_found() {
        for p in &PERMITS {
            assert_eq!(permit_by_slug(p.slug).map(|i| i.page), Some(p.page));
        }
        assert!(permit_by_slug("nope").is_none());
    }

    #[test]
    fn r_pm_1_eu_card_fee_comes_from_the_fee_table() {
        let info = permit_by_slug("eu-card").unwrap();
        let quote = fee(
            info.fee_permit.unwrap(),
            FeeAction::Issue,
            Procedure::General,
        )
        .unwrap();
        assert_eq!(quote.amount_eur, 60);
    }
}
