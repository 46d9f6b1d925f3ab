//! R-PM-1 … R-PM-4 (fee columns), R-SV-6 — state fees and the pre-filled
//! payment request.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::deadlines::Procedure;
use super::error::{Field, RuleError, RuleErrorKind, RuleResult};

/// R-SV-6 — the payee of every migration fee: the State Tax Inspectorate.
pub const PAYEE_NAME: &str = "Valstybinė mokesčių inspekcija";
/// R-SV-6 — the State Tax Inspectorate's company code.
pub const PAYEE_CODE: &str = "188659752";
/// R-SV-6 — the payment (įmokos) code for migration fees.
pub const PAYMENT_CODE: &str = "5740";
/// SEPA limits the payer name to 70 characters.
pub const PAYER_NAME_MAX: usize = 70;
/// SEPA limits a structured reference to 35 characters.
pub const REFERENCE_MAX: usize = 35;

/// The permit or card a fee is for (R-PM table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permit {
    /// Temporary residence permit (R-PM-3).
    Trp,
    /// Permanent residence permit (R-PM-4).
    Permanent,
    /// EU family member temporary residence card (R-PM-1).
    EuCard,
}

impl Permit {
    pub const ALL: [Permit; 3] = [Permit::Trp, Permit::Permanent, Permit::EuCard];

    /// R-SV-6 — `trp`, `permanent` or `eu_card`, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Permit::Trp => "trp",
            Permit::Permanent => "permanent",
            Permit::EuCard => "eu_card",
        }
    }
}

impl FromStr for Permit {
    type Err = RuleError;

    /// Parses the API's `permit=`; anything else is `UnknownPermit`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Permit::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or(RuleError::new(Field::Permit, RuleErrorKind::UnknownPermit))
    }
}

/// Issue a new permit or change (renew/replace) an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeAction {
    Issue,
    Change,
}

impl FeeAction {
    pub const ALL: [FeeAction; 2] = [FeeAction::Issue, FeeAction::Change];

    /// R-SV-6 — `issue` or `change`, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            FeeAction::Issue => "issue",
            FeeAction::Change => "change",
        }
    }
}

impl FromStr for FeeAction {
    type Err = RuleError;

    /// Parses the API's `action=`; anything else is `UnknownAction`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FeeAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or(RuleError::new(Field::Action, RuleErrorKind::UnknownAction))
    }
}

/// R-SV-6 — the fee for one service and where it is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeeQuote {
    pub amount_eur: u32,
    pub payment_code: &'static str,
    pub payee_code: &'static str,
    pub payee_name: &'static str,
}

/// R-PM-1, R-PM-3, R-PM-4, R-SV-6 — the state fee in whole euros.
///
/// | permit | issue / urgent | change / urgent |
/// |---|---|---|
/// | EU card (R-PM-1) | 60 / — | 40 / — |
/// | TRP (R-PM-3) | 160 / 320 | 160 / 320 |
/// | permanent (R-PM-4) | 160 / 320 | 45 / 90 |
///
/// The EU card has no urgent procedure: `ProcedureNotAvailable`.
pub fn fee(permit: Permit, action: FeeAction, procedure: Procedure) -> RuleResult<FeeQuote> {
    use FeeAction::{Change, Issue};
    use Procedure::{General, Urgent};
    let amount_eur = match (permit, action, procedure) {
        (Permit::EuCard, _, Urgent) => {
            return Err(RuleError::new(
                Field::Procedure,
                RuleErrorKind::ProcedureNotAvailable,
            ))
        }
        (Permit::EuCard, Issue, General) => 60,
        (Permit::EuCard, Change, General) => 40,
        (Permit::Trp, _, General) | (Permit::Permanent, Issue, General) => 160,
        (Permit::Trp, _, Urgent) | (Permit::Permanent, Issue, Urgent) => 320,
        (Permit::Permanent, Change, General) => 45,
        (Permit::Permanent, Change, Urgent) => 90,
    };
    Ok(FeeQuote {
        amount_eur,
        payment_code: PAYMENT_CODE,
        payee_code: PAYEE_CODE,
        payee_name: PAYEE_NAME,
    })
}

/// What the applicant pays now, once a fee exemption may have been claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeeDue {
    pub quote: FeeQuote,
    /// 0 when an exemption is claimed.
    pub amount_due_eur: u32,
    /// True when an exemption is claimed: an officer must confirm it, and if
    /// refused the full amount becomes due.
    pub pending_officer_confirmation: bool,
}

/// R-PM-3, R-PM-4, R-SV-6 (the R-PM table's note) — exemptions exist by law: the form lets the applicant
/// claim one (nothing to pay now) and an officer confirms it later.
pub fn fee_with_exemption(quote: FeeQuote, exemption_claimed: bool) -> FeeDue {
    FeeDue {
        quote,
        amount_due_eur: if exemption_claimed {
            0
        } else {
            quote.amount_eur
        },
        pending_officer_confirmation: exemption_claimed,
    }
}

/// R-SV-6 — a pre-filled payment order for the user's bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentRequest {
    pub payee_name: &'static str,
    pub payee_code: &'static str,
    pub payment_code: &'static str,
    pub amount_eur: u32,
    /// The application's reference, so the payment can be matched to it.
    pub reference: String,
    pub payer_name: String,
    /// The payer's personal or company code, if they have one.
    pub payer_code: Option<String>,
    /// Payment purpose, in Lithuanian (the bank and the tax inspectorate
    /// read it), e.g. `Valstybės rinkliava: leidimo laikinai gyventi išdavimas (skubos tvarka), APP-1`.
    pub purpose: String,
}

/// The Lithuanian name of a service, for the payment purpose line.
fn purpose_lt(permit: Permit, action: FeeAction, procedure: Procedure) -> String {
    let permit_lt = match permit {
        Permit::Trp => "leidimo laikinai gyventi",
        Permit::Permanent => "leidimo nuolat gyventi",
        Permit::EuCard => "ES piliečio šeimos nario kortelės",
    };
    let action_lt = match action {
        FeeAction::Issue => "išdavimas",
        FeeAction::Change => "keitimas",
    };
    let procedure_lt = match procedure {
        Procedure::General => "bendra tvarka",
        Procedure::Urgent => "skubos tvarka",
    };
    format!("Valstybės rinkliava: {permit_lt} {action_lt} ({procedure_lt})")
}

/// R-SV-6 — the pre-filled payment request: payee, codes and amount from
/// [`fee`], the payer's data and the application reference filled in.
///
/// Errors: those of [`fee`]; `Required`/`TooLong` for the payer name
/// (≤ 70 characters) and the reference (≤ 35 characters), both trimmed. An
/// empty payer code is treated as none.
pub fn payment_request(
    permit: Permit,
    action: FeeAction,
    procedure: Procedure,
    payer_name: &str,
    payer_code: Option<&str>,
    reference: &str,
) -> RuleResult<PaymentRequest> {
    let quote = fee(permit, action, procedure)?;
    let payer_name = required_text(Field::PayerName, payer_name, PAYER_NAME_MAX)?;
    let reference = required_text(Field::Reference, reference, REFERENCE_MAX)?;
    let payer_code = payer_code
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    Ok(PaymentRequest {
        payee_name: quote.payee_name,
        payee_code: quote.payee_code,
        payment_code: quote.payment_code,
        amount_eur: quote.amount_eur,
        purpose: format!("{}, {reference}", purpose_lt(permit, action, procedure)),
        reference,
        payer_name,
        payer_code,
    })
}

/// R-SV-6 — an IBAN (ISO 13616): two letters, two check digits, up to 30 letters and digits;
/// spaces are ignored and letters upper-cased. The check digits must satisfy mod 97 = 1.
///
/// Errors (field `iban`): `InvalidFormat` for the wrong shape, `BadChecksum` for a mistyped one.
pub fn validate_iban(text: &str) -> RuleResult<String> {
    let iban: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let b = iban.as_bytes();
    let shape = (15..=34).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphanumeric);
    if !shape {
        return Err(RuleError::new(Field::Iban, RuleErrorKind::InvalidFormat));
    }
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut rem: u32 = 0;
    for c in rearranged {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    if rem != 1 {
        return Err(RuleError::new(Field::Iban, RuleErrorKind::BadChecksum));
    }
    Ok(iban)
}

/// R-SV-6 — the text of an EPC QR code (European Payments Council, "Quick Response Code:
/// guidelines to enable data capture for the initiation of a SEPA credit transfer", version
/// 002, UTF-8) that a banking app scans to fill in the payment: the payee and their account,
/// the amount, and as the remittance text the payment code, the application's reference and
/// the payer's code, which is how the tax inspectorate matches a state fee.
pub fn epc_qr_payload(request: &PaymentRequest, iban: &str, bic: Option<&str>) -> String {
    let mut remittance = format!("{} {}", request.payment_code, request.reference);
    if let Some(code) = &request.payer_code {
        remittance.push(' ');
        remittance.push_str(code);
    }
    let remittance: String = remittance.chars().take(140).collect();
    let name: String = request.payee_name.chars().take(70).collect();
    [
        "BCD",
        "002",
        "1",
        "SCT",
        bic.unwrap_or(""),
        &name,
        iban,
        &format!("EUR{}.00", request.amount_eur),
        "",
        "",
        &remittance,
    ]
    .join("\n")
}

fn required_text(field: Field, s: &str, max: usize) -> RuleResult<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(RuleError::new(field, RuleErrorKind::Required));
    }
    if t.chars().count() > max {
        let max = u32::try_from(max).unwrap_or(u32::MAX);
        return Err(RuleError::new(field, RuleErrorKind::TooLong { max }));
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::r_pm_1_eu_card_issue(Permit::EuCard, FeeAction::Issue, Procedure::General, 60)]
    #[case::r_pm_1_eu_card_change(Permit::EuCard, FeeAction::Change, Procedure::General, 40)]
    #[case::r_pm_3_trp_issue(Permit::Trp, FeeAction::Issue, Procedure::General, 160)]
    #[case::r_pm_3_trp_issue_urgent(Permit::Trp, FeeAction::Issue, Procedure::Urgent, 320)]
    #[case::r_pm_3_trp_change(Permit::Trp, FeeAction::Change, Procedure::General, 160)]
    #[case::r_pm_3_trp_change_urgent(Permit::Trp, FeeAction::Change, Procedure::Urgent, 320)]
    #[case::r_pm_4_permanent_issue(Permit::Permanent, FeeAction::Issue, Procedure::General, 160)]
    #[case::r_pm_4_permanent_issue_urgent(
        Permit::Permanent,
        FeeAction::Issue,
        Procedure::Urgent,
        320
    )]
    #[case::r_pm_4_permanent_change(Permit::Permanent, FeeAction::Change, Procedure::General, 45)]
    #[case::r_pm_4_permanent_change_urgent(
        Permit::Permanent,
        FeeAction::Change,
        Procedure::Urgent,
        90
    )]
    fn r_pm_fee_table(
        #[case] permit: Permit,
        #[case] action: FeeAction,
        #[case] procedure: Procedure,
        #[case] amount: u32,
    ) {
        let q = fee(permit, action, procedure).expect("fee");
        assert_eq!(q.amount_eur, amount);
        assert_eq!((q.payment_code, q.payee_code), ("5740", "188659752"));
    }

    #[rstest]
    #[case::r_pm_1_eu_card_issue_no_urgent(FeeAction::Issue)]
    #[case::r_pm_1_eu_card_change_no_urgent(FeeAction::Change)]
    fn r_pm_1_no_urgent(#[case] action: FeeAction) {
        assert_eq!(
            fee(Permit::EuCard, action, Procedure::Urgent),
            Err(RuleError::new(
                Field::Procedure,
                RuleErrorKind::ProcedureNotAvailable
            ))
        );
    }

    #[rstest]
    #[case::r_sv_6_exemption_claimed(true, 0, true)]
    #[case::r_sv_6_no_exemption(false, 320, false)]
    fn r_sv_6_exemption(#[case] claimed: bool, #[case] due: u32, #[case] pending: bool) {
        let q = fee(Permit::Trp, FeeAction::Issue, Procedure::Urgent).expect("fee");
        let d = fee_with_exemption(q, claimed);
        assert_eq!(
            (d.amount_due_eur, d.pending_officer_confirmation),
            (due, pending)
        );
        assert_eq!(d.quote.amount_eur, 320);
    }

    #[rstest]
    #[case::r_sv_6_parse_permit_trp("trp", Ok(Permit::Trp))]
    #[case::r_sv_6_parse_permit_eu_card("eu_card", Ok(Permit::EuCard))]
    #[case::r_sv_6_parse_permit_unknown(
        "visa",
        Err(RuleError::new(Field::Permit, RuleErrorKind::UnknownPermit))
    )]
    fn r_sv_6_parse_permit(#[case] s: &str, #[case] want: RuleResult<Permit>) {
        assert_eq!(s.parse::<Permit>(), want);
    }

    #[rstest]
    #[case::r_sv_6_parse_action_issue("issue", Ok(FeeAction::Issue))]
    #[case::r_sv_6_parse_action_change("change", Ok(FeeAction::Change))]
    #[case::r_sv_6_parse_action_unknown(
        "renew",
        Err(RuleError::new(Field::Action, RuleErrorKind::UnknownAction))
    )]
    fn r_sv_6_parse_action(#[case] s: &str, #[case] want: RuleResult<FeeAction>) {
        assert_eq!(s.parse::<FeeAction>(), want);
    }

    #[test]
    fn r_sv_6_payment_request_prefilled() {
        let r = payment_request(
            Permit::Permanent,
            FeeAction::Change,
            Procedure::Urgent,
            " Ona Jonaitė ",
            Some("47101010033"),
            "APP-2025-0001",
        )
        .expect("request");
        assert_eq!(
            r,
            PaymentRequest {
                payee_name: "Valstybinė mokesčių inspekcija",
                payee_code: "188659752",
                payment_code: "5740",
                amount_eur: 90,
                reference: "APP-2025-0001".into(),
                payer_name: "Ona Jonaitė".into(),
                payer_code: Some("47101010033".into()),
                purpose: "Valstybės rinkliava: leidimo nuolat gyventi keitimas (skubos tvarka), APP-2025-0001"
                    .into(),
            }
        );
    }

    #[rstest]
    #[case::r_sv_6_payer_name_required("  ", "APP-1", Field::PayerName, RuleErrorKind::Required)]
    #[case::r_sv_6_reference_required("Ona", "", Field::Reference, RuleErrorKind::Required)]
    #[case::r_sv_6_reference_too_long(
        "Ona",
        "APP-0000000000000000000000000000000001",
        Field::Reference,
        RuleErrorKind::TooLong { max: 35 }
    )]
    fn r_sv_6_payment_request_errors(
        #[case] name: &str,
        #[case] reference: &str,
        #[case] field: Field,
        #[case] kind: RuleErrorKind,
    ) {
        let r = payment_request(
            Permit::Trp,
            FeeAction::Issue,
            Procedure::General,
            name,
            Some(""),
            reference,
        );
        assert_eq!(r, Err(RuleError::new(field, kind)));
    }

    #[test]
    fn r_sv_6_fee_wire_shape() {
        let q = fee(Permit::Trp, FeeAction::Issue, Procedure::General).expect("fee");
        let json = serde_json::to_value(q).expect("json");
        assert_eq!(json["amount_eur"], 160);
        assert_eq!(json["payment_code"], "5740");
        assert_eq!(json["payee_code"], "188659752");
    }

    /// R-SV-6: ISO 13616 examples: the Lithuanian one passes, a changed digit fails.
    #[test]
    fn r_sv_6_iban() {
        assert_eq!(
            validate_iban("lt12 1000 0111 0100 1000"),
            Ok("LT121000011101001000".to_string())
        );
        assert_eq!(
            validate_iban("LT12 1000 0111 0100 1001").unwrap_err().kind,
            RuleErrorKind::BadChecksum
        );
        assert_eq!(
            validate_iban("LT12").unwrap_err().kind,
            RuleErrorKind::InvalidFormat
        );
        assert!(validate_iban("GB82 WEST 1234 5698 7654 32").is_ok());
    }

    /// R-SV-6: the EPC QR text, line by line (version 002, UTF-8, SEPA credit transfer).
    #[test]
    fn r_sv_6_epc_qr() {
        let r = payment_request(
            Permit::Trp,
            FeeAction::Issue,
            Procedure::General,
            "Olena Kovalenko",
            Some("48001010006"),
            "2026-000001-5",
        )
        .unwrap();
        let text = epc_qr_payload(&r, "LT121000011101001000", None);
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            lines,
            [
                "BCD",
                "002",
                "1",
                "SCT",
                "",
                "Valstybinė mokesčių inspekcija",
                "LT121000011101001000",
                "EUR160.00",
                "",
                "",
                "5740 2026-000001-5 48001010006"
            ]
        );
        assert!(text.len() <= 331, "the EPC limit");
    }
}
