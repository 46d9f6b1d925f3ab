//! The demo identity provider (issue #4.3): in demo mode, with no real national e-ID
//! configured, Vartai runs a small OpenID Connect provider of its own under `/dev/eid`, so a
//! newcomer can try the identified login. It speaks the real protocol — discovery, JWKS,
//! authorization code with PKCE, client-authenticated token endpoint, RS256-signed ID tokens —
//! and Vartai's e-ID client (`crate::eid`) talks to it over HTTP exactly as to a real one.
//!
//! Its page says plainly that it is a test provider and offers made-up people. Its signing key
//! is committed to the repository: this is for demonstrations only, and it exists only while
//! `VARTAI_DEMO` is on (which must never be in production: the demo mailbox shows every login
//! code, too).
use crate::AppState;
use app::i18n::Locale;
use axum::extract::{Form, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use leptos_i18n::td_string;
use openidconnect::core::{
    CoreGenderClaim, CoreJsonWebKeySet, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRsaPrivateSigningKey,
};
use openidconnect::{
    AdditionalClaims, Audience, EndUserFamilyName, EndUserGivenName, IdToken, IdTokenClaims,
    IssuerUrl, JsonWebKeyId, LocalizedClaim, Nonce, PrivateSigningKey, StandardClaims,
    SubjectIdentifier,
};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "vartai-demo";
/// Demo only; the provider and Vartai run in the same process, nothing secret is protected.
pub const CLIENT_SECRET: &str = "demo-secret-not-for-production";
const PATH: &str = "/dev/eid";
/// How long an authorization code may wait for its exchange.
const CODE_MS: i64 = 120_000;

/// The made-up people the page offers: (personal code, given name, family name). The last one's
/// check digit is wrong on purpose, to show how Vartai refuses it (R-AC-5).
pub const PEOPLE: [(&str, &str, &str); 4] = [
    ("49208251002", "Oksana", "Melnyk"),
    ("37503011007", "Aliaksandr", "Kavaliou"),
    ("38805121008", "Jonas", "Jonaitis"),
    ("38805121009", "Petras", "Klaidingas"),
];

/// The e-ID settings that point Vartai at this provider.
pub fn config(base_url: &str) -> crate::eid::EidConfig {
    crate::eid::EidConfig {
        issuer: format!("{}{PATH}", base_url.trim_end_matches('/')),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        personal_code_claim: "personal_code".into(),
        scopes: vec!["profile".into()],
    }
}

struct Grant {
    person: usize,
    nonce: String,
    challenge: String,
    redirect_uri: String,
    issued_ms: i64,
}

pub struct DemoIdp {
    issuer: String,
    redirect_uri: String,
    key: CoreRsaPrivateSigningKey,
    grants: Mutex<HashMap<String, Grant>>,
}

pub type Shared = Option<Arc<DemoIdp>>;

impl DemoIdp {
    pub fn new(base_url: &str) -> Result<Self, String> {
        let key = CoreRsaPrivateSigningKey::from_pem(
            include_str!("demo_eid_key.pem"),
            Some(JsonWebKeyId::new("demo-1".into())),
        )
        .map_err(|e| format!("demo e-ID key: {e}"))?;
        Ok(DemoIdp {
            issuer: config(base_url).issuer,
            redirect_uri: format!("{}/login/eid/callback", base_url.trim_end_matches('/')),
            key,
            grants: Mutex::new(HashMap::new()),
        })
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            &format!("{PATH}/.well-known/openid-configuration"),
            get(discovery),
        )
        .route(&format!("{PATH}/jwks"), get(jwks))
        .route(&format!("{PATH}/authorize"), get(ask).post(answer))
        .route(&format!("{PATH}/token"), axum::routing::post(token))
}

/// The provider, when this instance runs one.
fn idp(state: &AppState) -> Option<Arc<DemoIdp>> {
    state.demo_idp.clone()
}

// The protocol's parts below are public for the e-ID tests' provider (tests/src/oidc.rs), which
// speaks the same protocol on loopback with misbehaviours of its own to switch on.

/// The discovery document of a provider at `issuer` (OpenID Connect Discovery 1.0): its
/// endpoints under the issuer, the authorization code flow with S256 PKCE, RS256 ID tokens and
/// both ways of client authentication.
pub fn discovery_document(issuer: &str) -> serde_json::Value {
    serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "profile"],
    })
}

async fn discovery(State(state): State<AppState>) -> Response {
    let Some(p) = idp(&state) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    Json(discovery_document(&p.issuer)).into_response()
}

async fn jwks(State(state): State<AppState>) -> Response {
    match idp(&state) {
        Some(p) => Json(CoreJsonWebKeySet::new(vec![p.key.as_verification_key()])).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The authorization request (authorization code flow with PKCE), carried through the page's
/// form unchanged.
#[derive(Deserialize, Serialize, Clone)]
pub struct AuthRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: String,
    pub nonce: String,
    pub code_challenge: String,
    pub code_challenge_method: String,
    pub response_type: String,
    pub scope: String,
}

impl AuthRequest {
    fn valid(&self, p: &DemoIdp) -> bool {
        self.client_id == CLIENT_ID
            && self.redirect_uri == p.redirect_uri
            && self.response_type == "code"
            && self.code_challenge_method == "S256"
            && self.scope.split(' ').any(|s| s == "openid")
    }
}

fn locale_of(headers: &HeaderMap) -> Locale {
    app::locale::locale_of_headers(headers)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The provider's page: who signs in (a made-up person), or cancel.
async fn ask(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<AuthRequest>,
) -> Response {
    let Some(p) = idp(&state) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !q.valid(&p) {
        return (StatusCode::BAD_REQUEST, "invalid authorization request").into_response();
    }
    let l = locale_of(&headers);
    let lang = app::locale::locale_code(l);
    let hidden: String = [
        ("client_id", &q.client_id),
        ("redirect_uri", &q.redirect_uri),
        ("state", &q.state),
        ("nonce", &q.nonce),
        ("code_challenge", &q.code_challenge),
        ("code_challenge_method", &q.code_challenge_method),
        ("response_type", &q.response_type),
        ("scope", &q.scope),
    ]
    .iter()
    .map(|(k, v)| format!(r#"<input type="hidden" name="{k}" value="{}">"#, escape(v)))
    .collect();
    let people: String = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, (code, given, family))| {
            let checked = if i == 0 { " checked" } else { "" };
            format!(
                r#"<label class="check"><input type="radio" name="person" value="{i}"{checked}> {given} {family} ({code})</label>"#
            )
        })
        .collect();
    let title = td_string!(l, demo_eid.title);
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/{pkg}/{name}.css"></head>
<body><main id="main" class="container">
<h1>{title}</h1>
<p class="status-note" role="note">{warning}</p>
<form method="post" action="{PATH}/authorize" class="stack">{hidden}
<fieldset><legend>{choose}</legend>{people}</fieldset>
<div class="actions"><button class="button" type="submit" name="decision" value="allow">{allow}</button>
<button class="button secondary" type="submit" name="decision" value="cancel">{cancel}</button></div>
</form></main></body></html>"#,
        warning = td_string!(l, demo_eid.warning),
        choose = td_string!(l, demo_eid.choose),
        allow = td_string!(l, demo_eid.allow),
        cancel = td_string!(l, demo_eid.cancel),
        pkg = state.leptos_options.site_pkg_dir,
        name = state.leptos_options.output_name,
    );
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        )],
        Html(html),
    )
        .into_response()
}

#[derive(Deserialize)]
struct Answer {
    #[serde(flatten)]
    request: AuthRequest,
    person: Option<usize>,
    decision: String,
}

async fn answer(State(state): State<AppState>, Form(a): Form<Answer>) -> Response {
    let Some(p) = idp(&state) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let q = a.request;
    if !q.valid(&p) {
        return (StatusCode::BAD_REQUEST, "invalid authorization request").into_response();
    }
    let state_param: String = form_urlencoded::byte_serialize(q.state.as_bytes()).collect();
    if a.decision != "allow" {
        return Redirect::to(&format!(
            "{}?error=access_denied&state={state_param}",
            q.redirect_uri
        ))
        .into_response();
    }
    let Some(person) = a.person.filter(|i| *i < PEOPLE.len()) else {
        return (StatusCode::BAD_REQUEST, "choose a person").into_response();
    };
    let code = app::ssr::auth::random_token(24);
    let now = crate::outbox::now_ms();
    {
        let mut grants = p.grants.lock().unwrap_or_else(|e| e.into_inner());
        grants.retain(|_, g| now - g.issued_ms < CODE_MS);
        grants.insert(
            code.clone(),
            Grant {
                person,
                nonce: q.nonce,
                challenge: q.code_challenge,
                redirect_uri: q.redirect_uri.clone(),
                issued_ms: now,
            },
        );
    }
    Redirect::to(&format!(
        "{}?code={code}&state={state_param}",
        q.redirect_uri
    ))
    .into_response()
}

/// The ID token's claim beyond the standard ones: the person's personal code (left out when
/// there is none, as a provider may do).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PersonalCodeClaim {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_code: Option<String>,
}
impl AdditionalClaims for PersonalCodeClaim {}

/// An ID token as the providers sign it.
pub type Token = IdToken<
    PersonalCodeClaim,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// The token request (RFC 6749 §4.1.3, with the PKCE verifier of RFC 7636); the client's
/// credentials are here with `client_secret_post`, in the header with `client_secret_basic`.
#[derive(Deserialize)]
pub struct TokenForm {
    pub grant_type: String,
    pub code: String,
    pub redirect_uri: String,
    pub code_verifier: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// The client's id and secret from a token request: HTTP Basic authentication first, else the
/// form's fields; empty when it gave neither.
pub fn client_credentials(headers: &HeaderMap, f: &TokenForm) -> (String, String) {
    basic_client(headers)
        .or_else(|| Some((f.client_id.clone()?, f.client_secret.clone()?)))
        .unwrap_or_default()
}

/// The S256 code challenge that `verifier` answers (RFC 7636 §4.2).
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

/// The token endpoint's refusal (RFC 6749 §5.2), with `why` for whoever reads the logs.
pub fn invalid_grant(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "error": "invalid_grant", "error_description": why })),
    )
        .into_response()
}

/// HTTP Basic client authentication (RFC 6749 §2.3.1: both parts form-encoded).
fn basic_client(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let b64 = value.strip_prefix("Basic ")?;
    let text =
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).ok()?).ok()?;
    let (id, secret) = text.split_once(':')?;
    let decode = |s: &str| -> String {
        form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Some((decode(id), decode(secret)))
}

async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Response {
    let Some(p) = idp(&state) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (id, secret) = client_credentials(&headers, &f);
    if id != CLIENT_ID
        || !app::ssr::auth::constant_time_eq(secret.as_bytes(), CLIENT_SECRET.as_bytes())
    {
        return invalid_grant("client authentication failed");
    }
    if f.grant_type != "authorization_code" {
        return invalid_grant("unsupported grant type");
    }
    let now_ms = crate::outbox::now_ms();
    let grant = p
        .grants
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&f.code)
        .filter(|g| now_ms - g.issued_ms < CODE_MS);
    let Some(grant) = grant else {
        return invalid_grant("unknown, used or expired code");
    };
    if grant.redirect_uri != f.redirect_uri {
        return invalid_grant("redirect_uri differs");
    }
    let challenge = pkce_challenge(&f.code_verifier);
    if !app::ssr::auth::constant_time_eq(challenge.as_bytes(), grant.challenge.as_bytes()) {
        return invalid_grant("PKCE verifier does not match");
    }
    let (code, given, family) = PEOPLE[grant.person];
    let now = chrono::Utc::now();
    let Ok(issuer) = IssuerUrl::new(p.issuer.clone()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let claims = IdTokenClaims::new(
        issuer,
        vec![Audience::new(CLIENT_ID.into())],
        now + chrono::Duration::minutes(5),
        now,
        StandardClaims::new(SubjectIdentifier::new(format!("demo-{code}")))
            .set_given_name(Some(LocalizedClaim::from(EndUserGivenName::new(
                given.into(),
            ))))
            .set_family_name(Some(LocalizedClaim::from(EndUserFamilyName::new(
                family.into(),
            )))),
        PersonalCodeClaim { personal_code: Some(code.into()) },
    )
    .set_nonce(Some(Nonce::new(grant.nonce)));
    match Token::new(
        claims,
        &p.key,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    ) {
        Ok(id_token) => Json(serde_json::json!({
            "access_token": app::ssr::auth::random_token(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token.to_string(),
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "demo e-ID: signing failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_ac_5_the_demo_people_have_valid_codes_but_the_last() {
        for (code, ..) in &PEOPLE[..3] {
            assert!(app::rules::validate_personal_code(code).is_ok(), "{code}");
        }
        assert!(app::rules::validate_personal_code(PEOPLE[3].0).is_err());
    }

    #[test]
    fn the_signing_key_loads() {
        assert!(DemoIdp::new("http://127.0.0.1:3000").is_ok());
    }
}
