//! A real OpenID Connect provider on loopback for the e-ID tests: discovery document, JWKS,
//! an authorization endpoint that signs in whoever the test says (no login screen) and a token
//! endpoint that checks the client secret and the PKCE verifier and returns an RS256-signed ID
//! token. Its misbehaviours are switchable, to prove Vartai refuses them.
//!
//! The protocol's parts (the discovery document, the request types, the token claims, PKCE and
//! the token endpoint's refusal) are the demo provider's (`server::demo_eid`): only the
//! behaviour is this one's.
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey};
use openidconnect::{
    Audience, EndUserFamilyName, EndUserGivenName, IdTokenClaims, IssuerUrl, JsonWebKeyId,
    LocalizedClaim, Nonce, PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use server::demo_eid::{
    client_credentials, discovery_document, invalid_grant, pkce_challenge, AuthRequest,
    PersonalCodeClaim, Token, TokenForm,
};
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
    Json(discovery_document(&p.base))
}

async fn jwks(State(p): State<Arc<Inner>>) -> Json<CoreJsonWebKeySet> {
    Json(CoreJsonWebKeySet::new(vec![p.key.as_verification_key()]))
}

async fn authorize(State(p): State<Arc<Inner>>, Query(q): Query<AuthRequest>) -> Response {
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

async fn token(
    State(p): State<Arc<Inner>>,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Response {
    *p.token_requests.lock().unwrap() += 1;
    let (id, secret) = client_credentials(&headers, &f);
    if id != CLIENT_ID || secret != CLIENT_SECRET {
        return invalid_grant("client authentication failed");
    }
    if f.grant_type != "authorization_code" {
        return invalid_grant("grant type");
    }
    // A code works once.
    let Some(grant) = p.grants.lock().unwrap().remove(&f.code) else {
        return invalid_grant("unknown or used code");
    };
    if grant.redirect_uri != f.redirect_uri {
        return invalid_grant("redirect_uri differs");
    }
    if pkce_challenge(&f.code_verifier) != grant.challenge {
        return invalid_grant("PKCE verifier does not match");
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
