//! R-AC-5: any text typed into the personal-code field is answered without panicking, and
//! every accepted code really is one: 11 digits, the right check digit, and a birth date and
//! sex that agree with its first seven digits.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vartai_fuzz::rules::{personal_code_check_digit, validate_personal_code, Sex};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(pc) = validate_personal_code(text) else {
        return;
    };
    let d = pc.code.as_bytes();
    assert_eq!(pc.code, text.trim());
    assert_eq!(d.len(), 11);
    assert!(d.iter().all(u8::is_ascii_digit));
    let first10: [u8; 10] = d[..10].try_into().unwrap();
    assert_eq!(personal_code_check_digit(&first10), d[10] - b'0');
    match (d[0] - b'0', pc.birth_date, pc.sex) {
        (9, None, None) => {}
        (g @ 1..=6, Some(born), Some(sex)) => {
            assert_eq!(sex == Sex::Male, g % 2 == 1);
            let century = 1800 + 100 * i32::from((g - 1) / 2);
            let yy = i32::from(d[1] - b'0') * 10 + i32::from(d[2] - b'0');
            assert_eq!(i32::from(born.year()), century + yy);
            assert_eq!(
                format!("{:02}{:02}", born.month(), born.day()),
                &pc.code[3..7]
            );
        }
        other => panic!("accepted {:?} with {other:?}", pc.code),
    }
});
