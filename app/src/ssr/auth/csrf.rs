//! The token every state-changing form carries (one per session).
use super::KEY_CSRF;
use crate::error::AppError;
use base64::Engine;
use rand::RngCore;
use tower_sessions::Session;

/// `n` random bytes from the OS CSPRNG, base64url.
pub fn random_token(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Equality that takes the same time wherever the inputs differ (tokens, codes).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session's CSRF token; with `create`, one is made (and the session with it).
pub async fn csrf_token(s: &Session, create: bool) -> Result<String, AppError> {
    if let Some(t) = s.get::<String>(KEY_CSRF).await? {
        return Ok(t);
    }
    if !create {
        return Ok(String::new());
    }
    let t = random_token(32);
    s.insert(KEY_CSRF, &t).await?;
    Ok(t)
}

/// Every state-changing server function starts here: the form must carry this session's token.
pub async fn check_csrf(s: &Session, token: &str) -> Result<(), AppError> {
    let expected = s.get::<String>(KEY_CSRF).await?;
    match expected {
        Some(e) if !token.is_empty() && constant_time_eq(e.as_bytes(), token.as_bytes()) => Ok(()),
        _ => Err(AppError::FormExpired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_comparison_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
