//! National e-ID login (R-AC-1b, issue #4.3) over OpenID Connect: authorization code flow with
//! PKCE, state and nonce, with the `openidconnect` crate. The provider is configured by its
//! issuer URL (discovery), a client id and secret; the personal code comes from a configurable
//! claim and must pass the rules engine (R-AC-5).
//!
//! - `GET /login/eid` starts: state, nonce and the PKCE verifier go into the session, the
//!   browser goes to the provider.
//! - `GET /login/eid/callback` finishes: the state must match, the code is exchanged (with the
//!   verifier and the client secret), the ID token's signature (provider's JWKS), issuer,
//!   audience, expiry and nonce are checked, then the person is logged in as an identified user
//!   (staff continue to their second factor). Any failure goes back to `/login?eid=<reason>`.
use crate::AppState;
use app::accounts::Level;
use app::identity::Role;
use app::ssr::auth::{now_ms, Action, Audit, PendingMfa, KEY_MFA, KEY_NEXT};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::sync::Arc;
use tokio::sync::Mutex;
use tower_sessions::Session;

/// The session key of an e-ID login on its way to the provider and back.
const KEY_EID: &str = "eid";
/// How long the round trip to the provider may take.
const ROUND_TRIP_MS: i64 = 10 * 60_000;
/// How long discovered provider metadata (endpoints, signing keys) is kept.
const METADATA_TTL_MS: i64 = 3_600_000;

/// The e-ID settings (`VARTAI_EID_*`).
#[derive(Clone, Debug)]
pub struct EidConfig {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// The ID-token claim that carries the Lithuanian personal code.
    pub personal_code_claim: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
}

/// The configured provider, with its discovered metadata cached.
pub struct Eid {
    config: EidConfig,
    redirect: String,
    http: openidconnect::reqwest::Client,
    metadata: Mutex<Option<(i64, CoreProviderMetadata)>>,
}

#[derive(Serialize, Deserialize)]
struct RoundTrip {
    state: String,
    nonce: String,
    verifier: String,
    started_ms: i64,
}

#[derive(Deserialize)]
pub struct Start {
    /// The page to return to once logged in (`/login?next=…` passes it on; issue #5.3).
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

impl Eid {
    pub fn new(config: EidConfig, base_url: &str) -> Result<Self, String> {
        IssuerUrl::new(config.issuer.clone()).map_err(|e| format!("VARTAI_EID_ISSUER: {e}"))?;
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let a provider response send us anywhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Eid {
            redirect: format!("{base_url}/login/eid/callback"),
            config,
            http,
            metadata: Mutex::new(None),
        })
    }

    /// The provider's metadata, discovered on first use and again after an hour (so a key
    /// rotation is picked up). A provider that is down does not stop Vartai from starting.
    async fn metadata(&self, fresh: bool) -> Result<CoreProviderMetadata, String> {
        let mut cached = self.metadata.lock().await;
        if let Some((at, m)) = cached.as_ref() {
            if !fresh && now_ms() - at < METADATA_TTL_MS {
                return Ok(m.clone());
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| e.to_string())?;
        let m = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| format!("discovery: {e}"))?;
        *cached = Some((now_ms(), m.clone()));
        Ok(m)
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login/eid", get(start))
        .route("/login/eid/callback", get(callback))
}

fn back(reason: &str) -> Response {
    Redirect::to(&format!("/login?eid={reason}")).into_response()
}

async fn start(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<Start>,
) -> Response {
    let Some(eid) = state.eid.clone() else {
        return back("off");
    };
    let metadata = match eid.metadata(false).await {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "e-ID provider unavailable");
            return back("failed");
        }
    };
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(eid.config.client_id.clone()),
        Some(ClientSecret::new(eid.config.client_secret.clone())),
    )
    .set_redirect_uri(match RedirectUrl::new(eid.redirect.clone()) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "bad e-ID redirect URL");
            return back("failed");
        }
    });
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in &eid.config.scopes {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, csrf, nonce) = request.url();
    let trip = RoundTrip {
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        started_ms: now_ms(),
    };
    let next = q.next.as_deref().and_then(app::accounts::safe_return_path);
    let stored = match next {
        Some(next) => session.insert(KEY_NEXT, next).await,
        None => session.remove::<String>(KEY_NEXT).await.map(|_| ()),
    };
    if let Err(e) = stored.and(session.insert(KEY_EID, trip).await) {
        tracing::error!(error = %e, "session");
        return back("failed");
    }
    Redirect::to(url.as_str()).into_response()
}

async fn callback(
    State(state): State<AppState>,
    session: Session,
    parts: axum::http::request::Parts,
    Query(q): Query<Callback>,
) -> Response {
    let Some(eid) = state.eid.clone() else {
        return back("off");
    };
    // The round trip is used up whatever happens next.
    let trip = match session.remove::<RoundTrip>(KEY_EID).await {
        Ok(Some(t)) if now_ms() - t.started_ms <= ROUND_TRIP_MS => t,
        _ => return back("failed"),
    };
    if q.error.is_some() {
        return back("cancelled");
    }
    let (Some(code), Some(returned_state)) = (q.code, q.state) else {
        return back("failed");
    };
    if !app::ssr::auth::constant_time_eq(returned_state.as_bytes(), trip.state.as_bytes()) {
        tracing::warn!("e-ID callback with a state that is not this session's");
        return back("failed");
    }
    let who = app::ssr::auth::Client::of(&state.auth, &parts);
    match finish(&state, &eid, &session, trip, code, &who).await {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(reason) => back(reason),
    }
}

async fn finish(
    state: &AppState,
    eid: &Eid,
    session: &Session,
    trip: RoundTrip,
    code: String,
    who: &app::ssr::auth::Client,
) -> Result<String, &'static str> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        tracing::warn!(error = %e, "e-ID login failed: {what}");
        "failed"
    };
    let metadata = eid
        .metadata(false)
        .await
        .map_err(|e| failed("metadata", &e))?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(eid.config.client_id.clone()),
        Some(ClientSecret::new(eid.config.client_secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(eid.redirect.clone()).map_err(|e| failed("redirect", &e))?);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| failed("token endpoint", &e))?
        .set_pkce_verifier(PkceCodeVerifier::new(trip.verifier))
        .request_async(&eid.http)
        .await
        .map_err(|e| failed("code exchange", &e))?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| failed("no ID token", &"missing"))?;
    let verifier = client.id_token_verifier();
    let nonce = Nonce::new(trip.nonce);
    let claims = id_token
        .claims(&verifier, &nonce)
        .map_err(|e| failed("ID token", &e))?;
    let subject = claims.subject().as_str().to_string();
    // The token is verified: its payload may now be read for the configured claim.
    let payload = id_token_payload(&id_token.to_string()).ok_or("failed")?;
    let raw_code = payload
        .get(&eid.config.personal_code_claim)
        .and_then(|v| v.as_str())
        .ok_or_else(|| failed("no personal code claim", &eid.config.personal_code_claim))?;
    let personal = app::rules::validate_personal_code(raw_code).map_err(|e| {
        tracing::warn!(error = %e, "e-ID personal code refused (R-AC-5)");
        "bad_code"
    })?;
    let given = payload.get("given_name").and_then(|v| v.as_str());
    let family = payload.get("family_name").and_then(|v| v.as_str());
    let given = given.and_then(|g| app::rules::validate_first_name(g).ok());
    let family = family.and_then(|f| app::rules::validate_surname(f).ok());

    let db = &state.db;
    let now = now_ms();
    let err = |e: sqlx::Error| failed("database", &e);
    let mut tx = db.begin().await.map_err(err)?;
    sqlx::query(
        "INSERT INTO users (personal_code, first_name, surname, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (personal_code) DO NOTHING",
    )
    .bind(&personal.code)
    .bind(given.as_deref())
    .bind(family.as_deref())
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(err)?;
    let row = sqlx::query("SELECT id, role FROM users WHERE personal_code = $1")
        .bind(&personal.code)
        .fetch_one(&mut *tx)
        .await
        .map_err(err)?;
    let user_id: i64 = row.try_get("id").map_err(err)?;
    let staff = row.try_get::<Role, _>("role").map_err(err)?.is_staff();
    Audit::by(Some(user_id), &who.address)
        .record(
            &mut tx,
            Action::LoginEid,
            Some(user_id),
            serde_json::json!({ "subject": subject }),
        )
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)?;

    let serr = |e: tower_sessions::session::Error| failed("session", &e);
    session.cycle_id().await.map_err(serr)?;
    if staff {
        session
            .insert(
                KEY_MFA,
                PendingMfa {
                    user_id,
                    level: Level::Eid,
                    started_ms: now,
                    enroll_secret: None,
                },
            )
            .await
            .map_err(serr)?;
        return Ok("/login/totp".to_string());
    }
    app::ssr::auth::log_in(session, db, &state.auth, user_id, Level::Eid, false, who)
        .await
        .map_err(|e| failed("session", &e))?;
    app::accounts::login::after_login(session)
        .await
        .map_err(|e| failed("session", &e))
}

/// The JSON payload of a compact JWS (already verified by the caller).
fn id_token_payload(jwt: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Shared for the handlers.
pub type Shared = Option<Arc<Eid>>;
