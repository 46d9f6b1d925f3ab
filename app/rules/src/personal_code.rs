//! R-AC-5 — the Lithuanian personal code (asmens kodas): `G YYMMDD NNN C`.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::error::{Field, RuleError, RuleErrorKind, RuleResult};

/// Sex encoded in the first digit (odd = male, even = female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

/// A personal code that passed R-AC-5, with what it tells about the holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalCode {
    /// The 11 digits, without surrounding whitespace.
    pub code: String,
    /// `None` for G = 9 (special codes carry no date).
    #[serde(default, deserialize_with = "crate::wire::option_date")]
    pub birth_date: Option<Date>,
    /// `None` for G = 9.
    pub sex: Option<Sex>,
}

/// R-AC-5 check digit over the first 10 digits: weights 1..9,1 mod 11; if
/// that gives 10, weights 3..9,1,2,3 mod 11; if that is 10 too, 0.
///
/// Accepts either digit values (`0..=9`) or ASCII digits (`b'0'..=b'9'`) so
/// callers can pass `code.as_bytes()[..10]` directly; the two ranges do not
/// overlap. Returns the digit value `0..=9`.
pub fn personal_code_check_digit(first10: &[u8; 10]) -> u8 {
    let digit = |b: u8| u32::from(if b >= b'0' { b - b'0' } else { b });
    let weighted = |offset: usize| -> u32 {
        first10
            .iter()
            .enumerate()
            .map(|(i, &b)| ((i + offset) % 9 + 1) as u32 * digit(b))
            .sum::<u32>()
            % 11
    };
    let first = weighted(0);
    let check = if first == 10 { weighted(2) } else { first };
    (check % 10) as u8
}

/// R-AC-5 — validates a personal code as typed into the form.
///
/// Only surrounding whitespace is tolerated (inner spaces are refused, unlike
/// python-stdnum, which strips them). Checks, in order: `Required` (empty),
/// `InvalidFormat` (not exactly 11 ASCII digits, or G ∈ {0, 7, 8}, which
/// rules.md does not assign), `ImpossibleDate` (YYMMDD is no real day in the
/// century G gives, G 1–6), `BadChecksum`. G = 9 skips the date check.
pub fn validate_personal_code(s: &str) -> RuleResult<PersonalCode> {
    let err = |kind| RuleError::new(Field::PersonalCode, kind);
    let code = s.trim();
    if code.is_empty() {
        return Err(err(RuleErrorKind::Required));
    }
    let digits: [u8; 11] = code
        .as_bytes()
        .try_into()
        .ok()
        .filter(|d: &[u8; 11]| d.iter().all(u8::is_ascii_digit))
        .ok_or(err(RuleErrorKind::InvalidFormat))?;
    let (birth_date, sex) = match digits[0] - b'0' {
        9 => (None, None),
        g @ 1..=6 => {
            let born = birth_date_of(g, &digits).ok_or(err(RuleErrorKind::ImpossibleDate))?;
            let sex = if g % 2 == 1 { Sex::Male } else { Sex::Female };
            (Some(born), Some(sex))
        }
        _ => return Err(err(RuleErrorKind::InvalidFormat)),
    };
    let mut first10 = [0u8; 10];
    first10.copy_from_slice(&digits[..10]);
    if personal_code_check_digit(&first10) != digits[10] - b'0' {
        return Err(err(RuleErrorKind::BadChecksum));
    }
    Ok(PersonalCode { code: code.to_owned(), birth_date, sex })
}

/// The birth date for G 1–6 (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s), or
/// `None` if YYMMDD is not a real day in that century.
fn birth_date_of(g: u8, digits: &[u8; 11]) -> Option<Date> {
    let two = |i: usize| (digits[i] - b'0') * 10 + (digits[i + 1] - b'0');
    let century: i16 = 1800 + 100 * i16::from((g - 1) / 2);
    Date::new(century + i16::from(two(1)), two(3) as i8, two(5) as i8).ok()
}

/// Deterministic test data for the python-stdnum cross-check (R-AC-5): a mix
/// of valid codes (G 1–6, real dates, correct check digit), random 11-digit
/// strings, valid codes with a corrupted check digit, G = 9 codes (with right
/// and wrong check digits), impossible dates with a correct check digit, and
/// G = 7/8 codes (accepted by stdnum, refused by rules.md).
///
/// A plain xorshift64* generator keeps it dependency-free and reproducible.
#[cfg(any(test, feature = "samples"))]
pub fn sample_personal_codes(seed: u64, n: usize) -> Vec<String> {
    let mut rng = XorShift(if seed == 0 {
        0x9E37_79B9_7F4A_7C15
    } else {
        seed
    });
    (0..n).map(|_| sample_one(&mut rng)).collect()
}

#[cfg(any(test, feature = "samples"))]
struct XorShift(u64);

#[cfg(any(test, feature = "samples"))]
impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (the tiny modulo bias does not matter for test data).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[cfg(any(test, feature = "samples"))]
fn sample_one(rng: &mut XorShift) -> String {
    match rng.below(100) {
        0..=39 => {
            let g = 1 + rng.below(6);
            with_check(&valid_body(rng, g))
        }
        40..=59 => random_digits(rng, 11),
        60..=74 => {
            let g = 1 + rng.below(6);
            let valid = with_check(&valid_body(rng, g));
            corrupt_check(rng, &valid)
        }
        75..=84 => {
            let body = format!("9{}", random_digits(rng, 9));
            let valid = with_check(&body);
            if rng.below(2) == 0 {
                valid
            } else {
                corrupt_check(rng, &valid)
            }
        }
        85..=94 => with_check(&impossible_body(rng)),
        _ => {
            let g = 7 + rng.below(2);
            with_check(&valid_body(rng, g))
        }
    }
}

#[cfg(any(test, feature = "samples"))]
fn random_digits(rng: &mut XorShift, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

/// The first 10 digits of a code with a real date (28 days in every month
/// are always real; days 29–31 are tried and kept when the month has them).
#[cfg(any(test, feature = "samples"))]
fn valid_body(rng: &mut XorShift, g: u64) -> String {
    let yy = rng.below(100);
    let mm = 1 + rng.below(12);
    let century = 1800 + 100 * ((g as i16 - 1) / 2);
    let year = century + yy as i16;
    let max_day = Date::new(year, mm as i8, 1)
        .map(|d| d.days_in_month() as u64)
        .unwrap_or(28);
    let dd = 1 + rng.below(max_day);
    format!("{g}{yy:02}{mm:02}{dd:02}{}", random_digits(rng, 3))
}

/// A body whose YYMMDD is no real day: month 00/13+, day 00/32+, or 29 Feb
/// in a common year.
#[cfg(any(test, feature = "samples"))]
fn impossible_body(rng: &mut XorShift) -> String {
    let g = 1 + rng.below(6);
    let (yy, mm, dd) = match rng.below(4) {
        0 => (rng.below(100), 13 + rng.below(87), 1 + rng.below(28)),
        1 => (rng.below(100), rng.below(1), 1 + rng.below(28)),
        2 => (rng.below(100), 1 + rng.below(12), 32 + rng.below(68)),
        // 01, 05, … are never leap years in any century.
        _ => (1 + 4 * rng.below(25), 2, 29),
    };
    format!("{g}{yy:02}{mm:02}{dd:02}{}", random_digits(rng, 3))
}

#[cfg(any(test, feature = "samples"))]
fn with_check(body10: &str) -> String {
    let mut first10 = [0u8; 10];
    first10.copy_from_slice(&body10.as_bytes()[..10]);
    format!("{body10}{}", personal_code_check_digit(&first10))
}

#[cfg(any(test, feature = "samples"))]
fn corrupt_check(rng: &mut XorShift, code: &str) -> String {
    let right = code.as_bytes()[10] - b'0';
    let wrong = (right + 1 + rng.below(9) as u8) % 10;
    format!("{}{wrong}", &code[..10])
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;
    use rstest::rstest;

    proptest! {
        /// R-AC-5: arbitrary input never panics; an accepted code is the
        /// trimmed input and validates again to the same answer.
        #[test]
        fn r_ac_5_total_and_stable(s in "\\PC{0,14}|[0-9]{11}") {
            if let Ok(pc) = validate_personal_code(&s) {
                prop_assert_eq!(pc.code.as_str(), s.trim());
                prop_assert_eq!(validate_personal_code(&pc.code), Ok(pc.clone()));
            }
        }
    }

    #[rstest]
    #[case::r_ac_5_stdnum_doc_example("33309240064", Some(date(1933, 9, 24)), Some(Sex::Male))]
    #[case::r_ac_5_female_1900s("47101010033", Some(date(1971, 1, 1)), Some(Sex::Female))]
    #[case::r_ac_5_male_2000s("50005150005", Some(date(2000, 5, 15)), Some(Sex::Male))]
    #[case::r_ac_5_female_2000s_leap("60402290004", Some(date(2004, 2, 29)), Some(Sex::Female))]
    #[case::r_ac_5_male_1800s("10012310007", Some(date(1800, 12, 31)), Some(Sex::Male))]
    #[case::r_ac_5_g9_no_date_check("99999999997", None, None)]
    #[case::r_ac_5_second_weights("38501010087", Some(date(1985, 1, 1)), Some(Sex::Male))]
    #[case::r_ac_5_both_weights_give_10("40001010050", Some(date(1900, 1, 1)), Some(Sex::Female))]
    #[case::r_ac_5_surrounding_space("  33309240064\t", Some(date(1933, 9, 24)), Some(Sex::Male))]
    fn r_ac_5_valid(#[case] s: &str, #[case] born: Option<Date>, #[case] sex: Option<Sex>) {
        let pc = validate_personal_code(s).expect("valid");
        assert_eq!(pc.code, s.trim());
        assert_eq!(pc.birth_date, born);
        assert_eq!(pc.sex, sex);
    }

    #[rstest]
    #[case::r_ac_5_empty("", RuleErrorKind::Required)]
    #[case::r_ac_5_blank("   ", RuleErrorKind::Required)]
    #[case::r_ac_5_ten_digits("3330924006", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_twelve_digits("333092400641", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_inner_space("333 09240064", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_letter("3330924006X", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_g0("03309240064", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_g7_unassigned("73309240064", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_g8_unassigned("83309240064", RuleErrorKind::InvalidFormat)]
    #[case::r_ac_5_feb_29_common_year("30502290000", RuleErrorKind::ImpossibleDate)]
    #[case::r_ac_5_feb_29_1900("30002290000", RuleErrorKind::ImpossibleDate)]
    #[case::r_ac_5_month_13("33313240064", RuleErrorKind::ImpossibleDate)]
    #[case::r_ac_5_day_00("33309000064", RuleErrorKind::ImpossibleDate)]
    #[case::r_ac_5_april_31("33304310064", RuleErrorKind::ImpossibleDate)]
    #[case::r_ac_5_bad_checksum("33309240164", RuleErrorKind::BadChecksum)]
    #[case::r_ac_5_bad_checksum_g9("99999999995", RuleErrorKind::BadChecksum)]
    #[case::r_ac_5_fullwidth_digits("３３３０９２４００６４", RuleErrorKind::InvalidFormat)]
    fn r_ac_5_invalid(#[case] s: &str, #[case] kind: RuleErrorKind) {
        assert_eq!(
            validate_personal_code(s),
            Err(RuleError::new(Field::PersonalCode, kind))
        );
    }

    #[rstest]
    #[case::r_ac_5_check_plain([3, 3, 3, 0, 9, 2, 4, 0, 0, 6], 4)]
    #[case::r_ac_5_check_ascii(*b"3330924006", 4)]
    #[case::r_ac_5_check_all_zero([0; 10], 0)]
    fn r_ac_5_check_digit(#[case] first10: [u8; 10], #[case] want: u8) {
        assert_eq!(personal_code_check_digit(&first10), want);
    }

    /// R-AC-5: the second weight set is used when the first sum is 10 mod 11,
    /// and 0 is used when both are 10: find such bodies and check the rule
    /// literally against an independent formula.
    #[test]
    fn r_ac_5_fallback_weights_literal() {
        let codes = sample_personal_codes(7, 5_000);
        let mut seen_second = false;
        for c in codes {
            let d: Vec<u32> = c.bytes().take(10).map(|b| u32::from(b - b'0')).collect();
            let s1: u32 = d
                .iter()
                .zip([1, 2, 3, 4, 5, 6, 7, 8, 9, 1])
                .map(|(a, w)| a * w)
                .sum();
            let s2: u32 = d
                .iter()
                .zip([3, 4, 5, 6, 7, 8, 9, 1, 2, 3])
                .map(|(a, w)| a * w)
                .sum();
            let want = match (s1 % 11, s2 % 11) {
                (10, 10) => 0,
                (10, r) => {
                    seen_second = true;
                    r
                }
                (r, _) => r,
            };
            let mut first10 = [0u8; 10];
            first10.copy_from_slice(&c.as_bytes()[..10]);
            assert_eq!(u32::from(personal_code_check_digit(&first10)), want, "{c}");
        }
        assert!(seen_second);
    }

    #[test]
    fn r_ac_5_samples_are_deterministic_and_mixed() {
        let a = sample_personal_codes(42, 2_000);
        assert_eq!(a, sample_personal_codes(42, 2_000));
        assert!(a
            .iter()
            .all(|c| c.len() == 11 && c.bytes().all(|b| b.is_ascii_digit())));
        let valid = a
            .iter()
            .filter(|c| validate_personal_code(c).is_ok())
            .count();
        assert!((600..1_400).contains(&valid), "valid share {valid}");
    }

    #[test]
    fn r_ac_5_serde_shape() {
        let pc = validate_personal_code("47101010033").expect("valid");
        assert_eq!(
            serde_json::to_string(&pc).expect("json"),
            r#"{"code":"47101010033","birth_date":"1971-01-01","sex":"female"}"#
        );
    }
}
