//! Accounts (issue #4; R-AC-1…R-AC-4): the e-mail one-time-code login, the session, the
//! first-login contact details and logging out.
//!
//! The server functions live one per file; their server-side helpers (hashing, rate limits,
//! the session keys) are in `crate::ssr::auth`. Every mutating function takes the form's CSRF
//! token (`csrf`), which `session_info` hands out.
mod change_email;
mod delete_account;
#[cfg(feature = "ssr")]
pub mod login;
mod logout;
mod my_account;
mod request_code;
mod save_contact;
mod second_factor;
mod session_info;
mod verify_code;

pub use change_email::{
    cancel_email_change, confirm_email_change, request_email_change, CancelEmailChange,
    ConfirmEmailChange, RequestEmailChange,
};
pub use delete_account::{delete_account, DeleteAccount};
pub use logout::{logout, logout_other_devices, Logout, LogoutOtherDevices};
pub use my_account::{
    end_device, my_account, save_preferences, AccountInfo, Device, EndDevice, MyAccount,
    Preferences, SavePreferences,
};
pub use request_code::{request_code, RequestCode};
pub use save_contact::{save_contact, SaveContact};
pub use second_factor::{second_factor, SecondFactor};
pub use session_info::{session_info, SessionInfo};
pub use verify_code::{verify_code, VerifyCode};

use serde::{Deserialize, Serialize};

/// Wrong codes allowed per login attempt before it dies (issue #4.1).
pub const MAX_CODE_TRIES: i64 = 5;

/// Codes checked per e-mail address per clock hour, across all its attempts (issue #21.4).
pub const MAX_CODE_CHECKS_PER_HOUR: i64 = 10;

pub use crate::identity::{Level, Me, Role};

/// What a page needs to know about the session: who is in, and the token its forms carry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub me: Option<Me>,
    /// Empty when the page did not ask for one (pages without forms create no session).
    pub csrf: String,
    /// The address (masked) an e-mail login in progress sent its code to.
    pub pending_email: Option<String>,
    /// A staff login waiting for its second factor.
    pub mfa: Option<MfaStep>,
    /// Recovery codes made at enrolment: shown on one page load, then gone.
    pub recovery_codes: Vec<String>,
    /// The national e-ID login is configured.
    pub eid: bool,
    /// The new address (masked) a pending e-mail change sent its code to.
    pub pending_email_change: Option<String>,
}

/// The second step of a staff login (issue #4.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MfaStep {
    /// The first staff login: set up an authenticator app from the QR code or the key.
    Enroll { secret: String, qr_svg: String },
    /// A code from the app, or a recovery code.
    Verify,
}

/// Six digits, spaces and dashes ignored (people copy "123 456" from the e-mail).
pub fn normalize_code(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Hides most of an address on screen: `o…a@example.lt`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let mut chars = local.chars();
            let first = chars.next().unwrap_or('?');
            let last = chars.last();
            match last {
                Some(last) => format!("{first}…{last}@{domain}"),
                None => format!("{first}…@{domain}"),
            }
        }
        None => "…".into(),
    }
}

/// A short name for a device from its `User-Agent`: "Firefox, Android". Browser and system
/// names are proper nouns, the same in every language; empty when neither is recognised.
pub fn browser_name(user_agent: &str) -> String {
    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    const BROWSERS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: [(&str, &str); 7] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let find = |list: &[(&str, &'static str)]| {
        list.iter()
            .find(|(needle, _)| user_agent.contains(needle))
            .map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(b), Some(s)) => format!("{b}, {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => String::new(),
    }
}

/// Issue #5.3 — a page a login may send its person back to (`/login?next=…`): a path on this
/// site (never another site: no `//`, no backslash, no scheme), not a login page or the API.
pub fn safe_return_path(path: &str) -> Option<String> {
    let p = path.trim();
    let ok = p.starts_with('/')
        && !p.starts_with("//")
        && p.len() <= 512
        && !p.chars().any(|c| c.is_control() || c == '\\')
        && !p.starts_with("/login")
        && !p.starts_with("/api/");
    ok.then(|| p.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn logins_return_only_to_pages_of_this_site() {
        use super::safe_return_path as r;
        assert_eq!(r("/applications/7/fee"), Some("/applications/7/fee".into()));
        assert_eq!(r(" /queue?x=1 "), Some("/queue?x=1".into()));
        for bad in [
            "",
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "/login/code",
            "/api/account/logout",
            "/a\nb",
        ] {
            assert_eq!(r(bad), None, "{bad:?}");
        }
    }

    use super::*;

    #[test]
    fn browser_names_from_user_agents() {
        let android_chrome = "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 \
            (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
        assert_eq!(browser_name(android_chrome), "Chrome, Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 \
            (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_name(iphone), "Safari, iOS");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like \
            Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
        assert_eq!(browser_name(edge), "Edge, Windows");
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(browser_name(firefox), "Firefox, Linux");
        assert_eq!(browser_name("curl/8.5.0"), "");
    }

    #[test]
    fn r_ac_2_codes_are_six_digits_with_spaces_forgiven() {
        assert_eq!(normalize_code("123456").as_deref(), Some("123456"));
        assert_eq!(normalize_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(normalize_code("123-456").as_deref(), Some("123456"));
        assert_eq!(normalize_code("12345"), None);
        assert_eq!(normalize_code("1234567"), None);
        assert_eq!(normalize_code("12345a"), None);
        assert_eq!(
            normalize_code("１２３４５６"),
            None,
            "full-width digits are not ASCII"
        );
    }

    #[test]
    fn addresses_are_masked_on_screen() {
        assert_eq!(mask_email("olena@example.lt"), "o…a@example.lt");
        assert_eq!(mask_email("o@example.lt"), "o…@example.lt");
        assert_eq!(mask_email("nonsense"), "…");
    }
}
