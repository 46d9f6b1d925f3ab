//! R-AC-3 — the contact details a user fills after the first e-mail login.

use serde::{Deserialize, Serialize};

use super::error::{Field, RuleError, RuleErrorKind, RuleResult};

/// R-AC-3 field limits, counted in characters (a Lithuanian `Ž` is one
/// character, two bytes): the source form counts what the user sees.
pub struct ContactLimits;

impl ContactLimits {
    pub const FIRST_NAME_MAX: usize = 31;
    pub const SURNAME_MAX: usize = 31;
    /// As typed, before spaces and punctuation are removed.
    pub const PHONE_MAX: usize = 20;
    pub const EMAIL_MAX: usize = 254;
    /// RFC 5321's limit on the part before `@`.
    pub const EMAIL_LOCAL_MAX: usize = 64;
    /// RFC 1035's limit on one domain label.
    pub const DOMAIN_LABEL_MAX: usize = 63;
}

/// R-AC-3 — validated contact details, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub first_name: String,
    pub surname: String,
    /// E.164, e.g. `+37061234567`.
    pub phone: String,
    pub email: String,
}

fn err(field: Field, kind: RuleErrorKind) -> RuleError {
    RuleError::new(field, kind)
}

fn too_long(field: Field, max: usize) -> RuleError {
    err(
        field,
        RuleErrorKind::TooLong { max: u32::try_from(max).unwrap_or(u32::MAX) },
    )
}

/// A trimmed, required, length-limited free-text name. Control characters
/// (line breaks, NUL) are refused: they would break printed forms (R-FL-3).
fn validate_name(field: Field, s: &str, max: usize) -> RuleResult<String> {
    let name = s.trim();
    if name.is_empty() {
        return Err(err(field, RuleErrorKind::Required));
    }
    if name.chars().count() > max {
        return Err(too_long(field, max));
    }
    if name.chars().any(char::is_control) {
        return Err(err(field, RuleErrorKind::InvalidFormat));
    }
    Ok(name.to_owned())
}

/// R-AC-3 — first name(s): required, at most 31 characters after trimming.
pub fn validate_first_name(s: &str) -> RuleResult<String> {
    validate_name(Field::FirstName, s, ContactLimits::FIRST_NAME_MAX)
}

/// R-AC-3 — surname(s): required, at most 31 characters after trimming.
pub fn validate_surname(s: &str) -> RuleResult<String> {
    validate_name(Field::Surname, s, ContactLimits::SURNAME_MAX)
}

/// R-AC-3 — e-mail address: required, at most 254 characters, exactly one
/// `@`, a local part of 1–64 characters without spaces or the RFC 5322
/// specials, and a domain of at least two labels made of letters (IDN
/// letters included), digits and hyphens, no label starting or ending with
/// a hyphen, and a top-level label that is not all digits.
///
/// This is deliberately stricter than RFC 5322 (no quoted local parts, no
/// IP literals): the address must work with ordinary mail providers, and the
/// one-time code (R-AC-2) proves it anyway. The domain is lower-cased (it is
/// case-insensitive); the local part is kept as typed.
pub fn validate_email(s: &str) -> RuleResult<String> {
    let bad = || err(Field::Email, RuleErrorKind::InvalidFormat);
    let email = s.trim();
    if email.is_empty() {
        return Err(err(Field::Email, RuleErrorKind::Required));
    }
    if email.chars().count() > ContactLimits::EMAIL_MAX {
        return Err(too_long(Field::Email, ContactLimits::EMAIL_MAX));
    }
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    if !local_part_ok(local) || !domain_ok(domain) {
        return Err(bad());
    }
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

fn local_part_ok(local: &str) -> bool {
    const SPECIALS: &str = "\"(),:;<>[\\]@";
    let len = local.chars().count();
    (1..=ContactLimits::EMAIL_LOCAL_MAX).contains(&len)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !SPECIALS.contains(c))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let tld_ok = labels
        .last()
        .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    labels.len() >= 2 && tld_ok && labels.iter().all(|l| label_ok(l))
}

fn label_ok(label: &str) -> bool {
    let len = label.chars().count();
    (1..=ContactLimits::DOMAIN_LABEL_MAX).contains(&len)
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// R-AC-3 — a phone number, normalised to E.164 (`+37061234567`).
///
/// At most 20 characters as typed (after trimming). Spaces, hyphens,
/// parentheses and dots are ignored. Accepted shapes:
/// * `8` + 8 digits — the Lithuanian trunk prefix (`8 612 34567`) → `+370…`;
/// * `+370` + exactly 8 digits;
/// * `00` is read as `+` (`00370…`, `0049…`);
/// * any other `+CC…` international number with 8–15 digits in total
///   (E.164's maximum is 15), the country code not starting with 0.
///
/// Anything else is `InvalidFormat`.
pub fn normalize_phone(s: &str) -> RuleResult<String> {
    let bad = || err(Field::Phone, RuleErrorKind::InvalidFormat);
    let typed = s.trim();
    if typed.is_empty() {
        return Err(err(Field::Phone, RuleErrorKind::Required));
    }
    if typed.chars().count() > ContactLimits::PHONE_MAX {
        return Err(too_long(Field::Phone, ContactLimits::PHONE_MAX));
    }
    let compact: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let (international, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => match compact.strip_prefix("00") {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        },
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if !international {
        return match digits.strip_prefix('8') {
            Some(national) if national.len() == 8 => Ok(format!("+370{national}")),
            _ => Err(bad()),
        };
    }
    if let Some(national) = digits.strip_prefix("370") {
        return if national.len() == 8 {
            Ok(format!("+{digits}"))
        } else {
            Err(bad())
        };
    }
    if digits.starts_with('0') || !(8..=15).contains(&digits.len()) {
        return Err(bad());
    }
    Ok(format!("+{digits}"))
}

/// R-AC-3 — validates the whole first-login form at once and reports every
/// field's error, so the user can fix them all in one go.
pub fn validate_contact(
    first_name: &str,
    surname: &str,
    phone: &str,
    email: &str,
) -> Result<ContactDetails, Vec<RuleError>> {
    let first_name = validate_first_name(first_name);
    let surname = validate_surname(surname);
    let phone = normalize_phone(phone);
    let email = validate_email(email);
    match (first_name, surname, phone, email) {
        (Ok(first_name), Ok(surname), Ok(phone), Ok(email)) => {
            Ok(ContactDetails { first_name, surname, phone, email })
        }
        (a, b, c, d) => Err([a.err(), b.err(), c.err(), d.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    proptest! {
        /// R-AC-3: any phone text is answered without panicking, and a
        /// normalised number is a fixed point of normalisation.
        #[test]
        fn r_ac_3_phone_total_and_idempotent(s in "[-+0-9 ().a]{0,22}") {
            if let Ok(p) = normalize_phone(&s) {
                prop_assert!(p.starts_with('+'));
                prop_assert_eq!(normalize_phone(&p), Ok(p.clone()));
            }
        }

        /// R-AC-3: any e-mail text is answered without panicking, and an
        /// accepted address validates again to itself.
        #[test]
        fn r_ac_3_email_total_and_idempotent(s in "\\PC{0,40}|[a-z.]{1,8}@[a-zž.-]{1,12}") {
            if let Ok(e) = validate_email(&s) {
                prop_assert_eq!(validate_email(&e), Ok(e.clone()));
            }
        }
    }

    fn e(field: Field, kind: RuleErrorKind) -> RuleError {
        RuleError::new(field, kind)
    }

    #[rstest]
    #[case::r_ac_3_first_name_plain("Jonas", Ok("Jonas".to_owned()))]
    #[case::r_ac_3_first_name_trimmed("  Ona Marija ", Ok("Ona Marija".to_owned()))]
    #[case::r_ac_3_first_name_31_lithuanian_chars(
        "ŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽ",
        Ok("ŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽŽ".to_owned())
    )]
    #[case::r_ac_3_first_name_32_chars(
        "abcdefghijabcdefghijabcdefghijab",
        Err(e(Field::FirstName, RuleErrorKind::TooLong { max: 31 }))
    )]
    #[case::r_ac_3_first_name_empty("", Err(e(Field::FirstName, RuleErrorKind::Required)))]
    #[case::r_ac_3_first_name_blank(" \t ", Err(e(Field::FirstName, RuleErrorKind::Required)))]
    #[case::r_ac_3_first_name_newline(
        "Jo\nnas",
        Err(e(Field::FirstName, RuleErrorKind::InvalidFormat))
    )]
    fn r_ac_3_first_name(#[case] s: &str, #[case] want: RuleResult<String>) {
        assert_eq!(validate_first_name(s), want);
    }

    #[rstest]
    #[case::r_ac_3_surname_plain("Jonaitienė", Ok("Jonaitienė".to_owned()))]
    #[case::r_ac_3_surname_empty("  ", Err(e(Field::Surname, RuleErrorKind::Required)))]
    #[case::r_ac_3_surname_too_long(
        "Abcdefghij-Abcdefghij-Abcdefghij",
        Err(e(Field::Surname, RuleErrorKind::TooLong { max: 31 }))
    )]
    fn r_ac_3_surname(#[case] s: &str, #[case] want: RuleResult<String>) {
        assert_eq!(validate_surname(s), want);
    }

    #[rstest]
    #[case::r_ac_3_email_plain("jonas@example.lt", "jonas@example.lt")]
    #[case::r_ac_3_email_trim_and_lower_domain(" Jonas.P@Example.LT ", "Jonas.P@example.lt")]
    #[case::r_ac_3_email_plus_tag("ona+migris@mail.example.com", "ona+migris@mail.example.com")]
    #[case::r_ac_3_email_idn_domain("vardas@žąsis.lt", "vardas@žąsis.lt")]
    #[case::r_ac_3_email_hyphen_inside("a@my-mail.eu", "a@my-mail.eu")]
    fn r_ac_3_email_ok(#[case] s: &str, #[case] want: &str) {
        assert_eq!(validate_email(s).as_deref(), Ok(want));
    }

    #[rstest]
    #[case::r_ac_3_email_empty("", RuleErrorKind::Required)]
    #[case::r_ac_3_email_no_at("jonas.example.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_two_at("a@b@example.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_empty_local("@example.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_no_dot_domain("jonas@localhost", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_space("jo nas@example.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_label_leading_hyphen("a@-mail.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_label_trailing_hyphen("a@mail-.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_empty_label("a@mail..lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_trailing_dot("a@mail.lt.", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_underscore_domain("a@my_mail.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_numeric_tld("a@10.0.0.1", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_double_dot_local("a..b@mail.lt", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_email_local_65(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@mail.lt",
        RuleErrorKind::InvalidFormat
    )]
    fn r_ac_3_email_err(#[case] s: &str, #[case] kind: RuleErrorKind) {
        assert_eq!(validate_email(s), Err(e(Field::Email, kind)));
    }

    #[test]
    fn r_ac_3_email_length_limits() {
        let label = "a".repeat(60);
        let at_254 = format!("{}@{label}.{label}.{label}.ccc.lt", "b".repeat(64));
        assert_eq!(at_254.chars().count(), 254);
        assert!(validate_email(&at_254).is_ok());
        let at_255 = format!("x{at_254}");
        assert_eq!(
            validate_email(&at_255),
            Err(e(Field::Email, RuleErrorKind::TooLong { max: 254 }))
        );
    }

    #[rstest]
    #[case::r_ac_3_phone_trunk_8("8 612 34567", "+37061234567")]
    #[case::r_ac_3_phone_trunk_8_parens("8 (612) 34-567", "+37061234567")]
    #[case::r_ac_3_phone_trunk_8_landline("8 5 212 3456", "+37052123456")]
    #[case::r_ac_3_phone_plus_370("+370 612 34567", "+37061234567")]
    #[case::r_ac_3_phone_plus_370_compact("+37061234567", "+37061234567")]
    #[case::r_ac_3_phone_00_370("00370 612 34567", "+37061234567")]
    #[case::r_ac_3_phone_dots("+370.612.34567", "+37061234567")]
    #[case::r_ac_3_phone_germany("+49 30 1234567", "+49301234567")]
    #[case::r_ac_3_phone_00_germany("0049 30 1234567", "+49301234567")]
    #[case::r_ac_3_phone_ukraine("+380 44 123 4567", "+380441234567")]
    #[case::r_ac_3_phone_eight_digits_total("+1234 5678", "+12345678")]
    fn r_ac_3_phone_ok(#[case] s: &str, #[case] want: &str) {
        assert_eq!(normalize_phone(s).as_deref(), Ok(want));
    }

    #[rstest]
    #[case::r_ac_3_phone_empty("", RuleErrorKind::Required)]
    #[case::r_ac_3_phone_too_long_as_typed("+370 (612) - 345 - 67", RuleErrorKind::TooLong { max: 20 })]
    #[case::r_ac_3_phone_national_without_trunk("612 34567", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_trunk_too_short("8 612 3456", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_370_nine_digits("+370 8612 34567", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_370_seven_digits("+370 612 3456", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_letters("+370 612 ABCDE", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_plus_inside("+370+61234567", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_international_too_short("+49 1234", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_international_16_digits("+4912345678901234", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_country_code_zero("+0 612 345678", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_3_phone_only_punctuation("(--)", RuleErrorKind::InvalidFormat)]
    fn r_ac_3_phone_err(#[case] s: &str, #[case] kind: RuleErrorKind) {
        assert_eq!(normalize_phone(s), Err(e(Field::Phone, kind)));
    }

    #[test]
    fn r_ac_3_contact_collects_every_error() {
        let errors = validate_contact("", "Jonaitis", "12", "nope").expect_err("invalid");
        assert_eq!(
            errors,
            vec![
                e(Field::FirstName, RuleErrorKind::Required),
                e(Field::Phone, RuleErrorKind::InvalidFormat),
                e(Field::Email, RuleErrorKind::InvalidFormat),
            ]
        );
    }

    #[test]
    fn r_ac_3_contact_ok() {
        let c =
            validate_contact(" Ona ", "Jonaitė", "8 612 34567", "ona@example.lt").expect("valid");
        assert_eq!(
            c,
            ContactDetails {
                first_name: "Ona".into(),
                surname: "Jonaitė".into(),
                phone: "+37061234567".into(),
                email: "ona@example.lt".into(),
            }
        );
    }
}
