//! Login codes (R-AC-2): made from the OS CSPRNG, stored only as a keyed hash bound to their
//! attempt.
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

/// R-AC-2: a 6-digit code from the OS CSPRNG (uniform over 000000…999999).
pub fn random_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

fn code_mac(secret: &[u8], attempt: &str, code: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"vartai login code\0");
    mac.update(attempt.as_bytes());
    mac.update(b"\0");
    mac.update(code.as_bytes());
    mac
}

/// The stored form of a code: HMAC-SHA256 keyed with the secret key, bound to its attempt.
pub fn code_hash(secret: &[u8], attempt: &str, code: &str) -> String {
    let tag = code_mac(secret, attempt, code).finalize().into_bytes();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag)
}

/// Compares in constant time.
pub fn code_matches(secret: &[u8], attempt: &str, code: &str, stored: &str) -> bool {
    match base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(stored) {
        Ok(tag) => code_mac(secret, attempt, code).verify_slice(&tag).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_ac_2_code_hashes_are_keyed_and_bound_to_their_attempt() {
        let h = code_hash(b"key one", "attempt-a", "123456");
        assert!(code_matches(b"key one", "attempt-a", "123456", &h));
        assert!(!code_matches(b"key one", "attempt-a", "123457", &h));
        assert!(!code_matches(b"key one", "attempt-b", "123456", &h));
        assert!(!code_matches(b"key two", "attempt-a", "123456", &h));
        assert!(!code_matches(
            b"key one",
            "attempt-a",
            "123456",
            "not base64!"
        ));
        assert!(!h.contains("123456"));
    }

    #[test]
    fn r_ac_2_codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..200).map(|_| random_code()).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
        assert!(
            codes.len() > 190,
            "200 draws from a million should rarely repeat"
        );
    }
}
