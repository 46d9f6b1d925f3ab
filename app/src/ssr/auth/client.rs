//! Where a request comes from (its address, grouped by /64 for IPv6, and its browser) and the
//! language it asks for.
use super::AuthSettings;
use crate::i18n::Locale;
use leptos::prelude::*;

/// Where a request came from, for the devices list and the audit log.
#[derive(Clone, Debug, Default)]
pub struct Client {
    /// The client's address (`client_address_of`).
    pub address: String,
    /// The `User-Agent` header, at most 300 characters.
    pub user_agent: String,
}

impl Client {
    pub fn of(settings: &AuthSettings, parts: &http::request::Parts) -> Self {
        let user_agent = parts
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        Client { address: client_address_of(settings, parts), user_agent }
    }

    /// This server function's or page's request.
    pub fn current(settings: &AuthSettings) -> Self {
        use_context::<http::request::Parts>()
            .map(|p| Client::of(settings, &p))
            .unwrap_or_default()
    }
}

/// The client's address for rate limits and the audit log. IPv6 clients are grouped by their
/// /64 network (one household or phone gets a whole /64).
pub fn client_address(settings: &AuthSettings) -> String {
    use_context::<http::request::Parts>()
        .map(|p| client_address_of(settings, &p))
        .unwrap_or_default()
}

/// The client's address of a request (see `client_address`).
pub fn client_address_of(settings: &AuthSettings, parts: &http::request::Parts) -> String {
    use std::net::{IpAddr, SocketAddr};
    let from_header = settings.client_ip_header.as_ref().and_then(|h| {
        parts
            .headers
            .get(h.as_str())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    });
    let ip = from_header.or_else(|| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    });
    match ip {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_default(),
        Some(ip) => ip.to_string(),
        None => String::new(),
    }
}

/// The language of this request: the remembered choice (cookie), else `Accept-Language`.
pub fn request_locale() -> Locale {
    // Without a choice or a header: English, as the pages themselves (leptos_i18n's default).
    use_context::<http::request::Parts>()
        .map(|parts| crate::locale::locale_of_headers(&parts.headers))
        .unwrap_or(Locale::en)
}
