//! A real OpenID Connect provider on loopback for the e-ID tests: discovery document, JWKS,
//! an authorization endpoint that signs in whoever the test says (no login screen) and a token
//! endpoint that checks the client secret and the PKCE verifier and returns an RS256-signed ID
//! token. Its misbehaviours are switchable, to prove Vartai refuses them.
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
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
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "vartai-test";
pub const CLIENT_SECRET: &str = "test-secret-not-for-production";

/// Who the provider signs in next, and how it (mis)behaves.
#[derive(Clone, Debug)]
pub struct Identity {
    pub subject: String,
    pub personal_code: Option<String>,
    pub given_name: String,
    pub family_name: String,
    /// Sign with a key that is not in the JWKS (a forged token).
    pub foreign_key: bool,
    /// Put another nonce into the token (a replayed token).
    pub wrong_nonce: bool,
}

impl Identity {
    pub fn person(personal_code: &str, given: &str, family: &str) -> Self {
        Identity {
            subject: format!("sub-{personal_code}"),
            personal_code: Some(personal_code.into()),
            given_name: given.into(),
            family_name: family.into(),
            foreign_key: false,
            wrong_nonce: false,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct PersonalCodeClaim {
    #[serde(skip_serializing_if = "Option::is_none")]
    personal_code: Option<String>,
}
impl AdditionalClaims for PersonalCodeClaim {}

type Token = IdToken<
    PersonalCodeClaim,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

struct Grant {
    identity: Identity,
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

struct Inner {
    base: String,
    key: CoreRsaPrivateSigningKey,
    other_key: CoreRsaPrivateSigningKey,
    next: Mutex<Identity>,
    grants: Mutex<HashMap<String, Grant>>,
    /// Token requests seen (to prove a code is exchanged once).
    pub token_requests: Mutex<usize>,
}

pub struct Provider {
    pub base: String,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn key(file: &str, kid: &str) -> CoreRsaPrivateSigningKey {
    let path = format!("{}/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let pem = std::fs::read_to_string(path).expect("test key");
    CoreRsaPrivateSigningKey::from_pem(&pem, Some(JsonWebKeyId::new(kid.into()))).expect("RSA key")
}

impl Provider {
    pub async fn start(first: Identity) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let base = format!("http://{addr}");
        let inner = Arc::new(Inner {
            base: base.clone(),
            key: key("oidc-test-key.pem", "test-1"),
            other_key: key("oidc-other-key.pem", "test-1"),
            next: Mutex::new(first),
            grants: Mutex::new(HashMap::new()),
            token_requests: Mutex::new(0),
        });
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Provider { base, inner, task }
    }

    /// The next person to sign in.
    pub fn sign_in_next(&self, identity: Identity) {
        *self.inner.next.lock().unwrap() = identity;
    }

    pub fn token_requests(&self) -> usize {
        *self.inner.token_requests.lock().unwrap()
    }

    /// Vartai's configuration for this provider.
    pub fn config(&self) -> Vec<(&'static str, String)> {
        vec![
            ("VARTAI_EID_ISSUER", self.base.clone()),
            ("VARTAI_EID_CLIENT_ID", CLIENT_ID.into()),
            ("VARTAI_EID_CLIENT_SECRET", CLIENT_SECRET.into()),
        ]
    }
}

async fn discovery(State(p): State<Arc<Inner>>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "issuer": p.base,
        "authorization_endpoint": format!("{}/authorize", p.base),
        "token_endpoint": format!("{}/token", p.base),
        "jwks_uri": format!("{}/jwks", p.base),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "profile"],
    }))
}

async fn jwks(State(p): State<Arc<Inner>>) -> Json<CoreJsonWebKeySet> {
    Json(CoreJsonWebKeySet::new(vec![p.key.as_verification_key()]))
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    client_id: String,
    redirect_uri: String,
    state: String,
    nonce: String,
    code_challenge: String,
    code_challenge_method: String,
    response_type: String,
    scope: String,
}

async fn authorize(State(p): State<Arc<Inner>>, Query(q): Query<AuthorizeQuery>) -> Response {
    if q.client_id != CLIENT_ID
        || q.response_type != "code"
        || q.code_challenge_method != "S256"
        || !q.scope.split(' ').any(|s| s == "openid")
    {
        return (StatusCode::BAD_REQUEST, "bad authorization request").into_response();
    }
    let code = format!("code-{}", rand::random::<u64>());
    let identity = p.next.lock().unwrap().clone();
    p.grants.lock().unwrap().insert(
        code.clone(),
        Grant {
            identity,
            nonce: q.nonce,
            challenge: q.code_challenge,
            redirect_uri: q.redirect_uri.clone(),
        },
    );
    let sep = if q.redirect_uri.contains('?') {
        '&'
    } else {
        '?'
    };
    Redirect::to(&format!(
        "{}{sep}code={code}&state={}",
        q.redirect_uri,
        urlencode(&q.state)
    ))
    .into_response()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: String,
    code_verifier: String,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn client_from_basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let b64 = value.strip_prefix("Basic ")?;
    let text =
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).ok()?).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((form_decode(id), form_decode(secret)))
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn token(
    State(p): State<Arc<Inner>>,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Response {
    *p.token_requests.lock().unwrap() += 1;
    let refuse = |why: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": "invalid_grant", "error_description": why })),
        )
            .into_response()
    };
    let (id, secret) = client_from_basic(&headers)
        .or_else(|| Some((f.client_id.clone()?, f.client_secret.clone()?)))
        .unwrap_or_default();
    if id != CLIENT_ID || secret != CLIENT_SECRET {
        return refuse("client authentication failed");
    }
    if f.grant_type != "authorization_code" {
        return refuse("grant type");
    }
    // A code works once.
    let Some(grant) = p.grants.lock().unwrap().remove(&f.code) else {
        return refuse("unknown or used code");
    };
    if grant.redirect_uri != f.redirect_uri {
        return refuse("redirect_uri differs");
    }
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(f.code_verifier.as_bytes()));
    if challenge != grant.challenge {
        return refuse("PKCE verifier does not match");
    }
    let who = grant.identity;
    let now = chrono::Utc::now();
    let nonce = if who.wrong_nonce {
        "not-the-nonce".to_string()
    } else {
        grant.nonce
    };
    let claims = IdTokenClaims::new(
        IssuerUrl::new(p.base.clone()).unwrap(),
        vec![Audience::new(CLIENT_ID.into())],
        now + chrono::Duration::minutes(5),
        now,
        StandardClaims::new(SubjectIdentifier::new(who.subject.clone()))
            .set_given_name(Some(LocalizedClaim::from(EndUserGivenName::new(
                who.given_name.clone(),
            ))))
            .set_family_name(Some(LocalizedClaim::from(EndUserFamilyName::new(
                who.family_name.clone(),
            )))),
        PersonalCodeClaim { personal_code: who.personal_code.clone() },
    )
    .set_nonce(Some(Nonce::new(nonce)));
    let signer = if who.foreign_key {
        &p.other_key
    } else {
        &p.key
    };
    let id_token = Token::new(
        claims,
        signer,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .unwrap();
    Json(serde_json::json!({
        "access_token": format!("at-{}", rand::random::<u64>()),
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token.to_string(),
    }))
    .into_response()
}
