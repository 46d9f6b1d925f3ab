//! The staff second factor (issue #4.5): TOTP as every authenticator app speaks it (RFC 6238:
//! HMAC-SHA1, 6 digits, 30-second steps, one step of clock skew either way), with one-time
//! recovery codes. The TOTP secret is stored encrypted (AES-256-GCM) under a key derived from
//! the installation's secret key; recovery codes only as keyed hashes.
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::Aes256Gcm;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use totp_rs::{Algorithm, TOTP};

pub const STEP_SECS: i64 = 30;
pub const RECOVERY_CODES: usize = 10;
/// How long a staff member has to give the second factor after the e-mail code.
pub const MFA_WINDOW_MS: i64 = 10 * 60_000;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

fn derived_key(secret: &[u8], purpose: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

/// A new 160-bit TOTP secret (RFC 4226's recommended length).
pub fn new_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; 20];
    rand::rngs::OsRng.fill(&mut bytes[..]);
    bytes
}

fn totp(secret: &[u8], account: &str) -> TOTP {
    TOTP::new_unchecked(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS as u64,
        secret.to_vec(),
        Some("Vartai".into()),
        account.into(),
    )
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &[u8], account: &str) -> String {
    totp(secret, account).get_url()
}

/// The secret as people type it into an app by hand: base32 in groups of four.
pub fn secret_text(secret: &[u8]) -> String {
    let b32 = totp(secret, "").get_secret_base32();
    b32.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The code for a given step (tests and the enrolment check).
pub fn code_at(secret: &[u8], step: i64) -> String {
    totp(secret, "").generate((step * STEP_SECS) as u64)
}

/// The 30-second step `code` belongs to — now, or one step before or after — if any.
pub fn matching_step(secret: &[u8], code: &str, now_ms: i64) -> Option<i64> {
    let now_step = now_ms.div_euclid(1000 * STEP_SECS);
    [now_step, now_step - 1, now_step + 1]
        .into_iter()
        .find(|step| {
            let expected = code_at(secret, *step);
            expected.len() == code.len()
                && expected
                    .bytes()
                    .zip(code.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
}

/// Encrypts the TOTP secret for the database.
pub fn seal(key: &[u8], secret: &[u8]) -> String {
    seal_for(key, "vartai totp secret", secret)
}

/// `seal` under a key derived for `purpose` (one derived key per kind of secret).
pub fn seal_for(key: &[u8], purpose: &str, secret: &[u8]) -> String {
    let cipher = Aes256Gcm::new(&derived_key(key, purpose).into());
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let mut out = nonce.to_vec();
    out.extend(
        cipher
            .encrypt(&nonce, secret)
            .expect("AES-GCM encrypts any length"),
    );
    b64().encode(out)
}

/// Decrypts a sealed secret; `None` if it was sealed under another key or altered.
pub fn open(key: &[u8], sealed: &str) -> Option<Vec<u8>> {
    open_for(key, "vartai totp secret", sealed)
}

/// `open` for a secret sealed by `seal_for` with the same `purpose`.
pub fn open_for(key: &[u8], purpose: &str, sealed: &str) -> Option<Vec<u8>> {
    let bytes = b64().decode(sealed).ok()?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, body) = bytes.split_at(12);
    let cipher = Aes256Gcm::new(&derived_key(key, purpose).into());
    cipher.decrypt(nonce.into(), body).ok()
}

/// Recovery codes: 10 × `XXXX-XXXX` from an alphabet without look-alikes (no 0/O, 1/I/L).
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut s: String = (0..8)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            s.insert(4, '-');
            s
        })
        .collect()
}

/// A recovery code as typed: case, spaces and dashes ignored. `None` if it cannot be one.
pub fn normalize_recovery(text: &str) -> Option<String> {
    let s: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (s.len() == 8).then(|| format!("{}-{}", &s[..4], &s[4..]))
}

/// The stored form of a recovery code (keyed with the secret key, bound to its user).
pub fn recovery_hash(key: &[u8], user_id: i64, code: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"vartai recovery code\0");
    mac.update(&user_id.to_be_bytes());
    mac.update(code.as_bytes());
    b64().encode(mac.finalize().into_bytes())
}

/// The QR code of `text` as an SVG image (black on white, scales to its box).
pub fn qr_svg(text: &str) -> String {
    qr_svg_with(text, qrcode::EcLevel::M)
}

/// The same with a chosen error correction level (the EPC payment QR code asks for M).
pub fn qr_svg_with(text: &str, level: qrcode::EcLevel) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::with_error_correction_level(text.as_bytes(), level) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s → 94287082 (8 digits); the last 6 are ours.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59 / STEP_SECS), "287082");
    }

    #[test]
    fn codes_match_the_current_step_and_its_neighbours_only() {
        let secret = new_secret();
        let now_ms = 1_800_000_000_000;
        let step = now_ms / 30_000;
        for s in [step - 1, step, step + 1] {
            assert_eq!(
                matching_step(&secret, &code_at(&secret, s), now_ms),
                Some(s)
            );
        }
        for s in [step - 3, step + 3] {
            let code = code_at(&secret, s);
            let near = [step - 1, step, step + 1].map(|n| code_at(&secret, n));
            if !near.contains(&code) {
                assert_eq!(matching_step(&secret, &code, now_ms), None);
            }
        }
    }

    #[test]
    fn sealed_secrets_open_only_under_their_key() {
        let secret = new_secret();
        let sealed = seal(b"key one", &secret);
        assert_eq!(open(b"key one", &sealed), Some(secret.clone()));
        assert_eq!(open(b"key two", &sealed), None);
        assert_ne!(seal(b"key one", &secret), sealed, "a fresh nonce each time");
    }

    #[test]
    fn recovery_codes_are_unambiguous_and_forgiving_to_type() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        for c in &codes {
            assert_eq!(c.len(), 9);
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
            let typed = c.to_lowercase().replace('-', " ");
            assert_eq!(normalize_recovery(&typed).as_deref(), Some(c.as_str()));
        }
        assert_eq!(normalize_recovery("123456"), None);
    }

    #[test]
    fn the_secret_is_shown_in_groups_and_the_url_names_vartai() {
        let secret = b"12345678901234567890";
        assert_eq!(
            secret_text(secret),
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
        );
        let url = otpauth_url(secret, "olena@example.org");
        assert!(
            url.starts_with("otpauth://totp/Vartai:olena%40example.org?"),
            "{url}"
        );
        assert!(qr_svg(&url).starts_with("<?xml"));
    }
}
