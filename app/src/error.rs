//! The one error of every server function (issue #24.1): a refusal the person can act on (each
//! with a translated message, `crate::locale::account_error_message`) or `Server`, whose cause
//! is logged and never sent. On the server, internal errors (`sqlx`, the session store) convert
//! with `?`, and the answer's HTTP status is set here once, through Leptos's response options:
//! 400, 401, 403, 404, 409, 429 or 503 for a refusal, 500 for trouble — so logs, proxies and
//! clients tell a typo from an outage, and the session layer (which saves no session on a 5xx)
//! keeps what a refusal changed in it.
use crate::rules::RuleError;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use server_fn::{Bytes, Encodes};

/// A value the user typed, handed back with an error so a page reloaded without JavaScript
/// shows it again (nothing typed is lost).
pub type Entered = Vec<(String, String)>;

/// Why an action was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// One or more fields break a rule (R-AC-3 and the code's shape).
    #[error("invalid input")]
    Invalid {
        errors: Vec<RuleError>,
        entered: Entered,
    },
    /// Too many codes asked for this address or from this network; try again later.
    #[error("too many requests")]
    TooMany { retry_after_minutes: u32 },
    /// The code does not match; `tries_left` more before the attempt dies.
    #[error("wrong code")]
    WrongCode { tries_left: u32 },
    /// R-AC-2: the code is older than its validity; ask for a new one.
    #[error("code expired")]
    CodeExpired,
    /// Five wrong codes: this attempt is dead; ask for a new one.
    #[error("too many wrong codes")]
    Locked,
    /// No login in progress in this browser (or it was already used).
    #[error("no login in progress")]
    NoLogin,
    /// The page needs a logged-in person.
    #[error("not logged in")]
    NotLoggedIn,
    /// The form's token is missing or belongs to another session (reload the page).
    #[error("form expired")]
    FormExpired,
    /// The new e-mail address already belongs to another account.
    #[error("address taken")]
    EmailTaken,
    /// No such object, or it belongs to someone else (the two look the same: issue #4.5).
    #[error("not found")]
    NotFound,
    /// The person's role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The account cannot be deleted while one of its cases is open (issue #4.7).
    #[error("cases open")]
    CasesOpen,
    /// The application has been submitted and can no longer be changed (issue #5).
    #[error("already submitted")]
    Submitted,
    /// The answers changed while this save merged into them (another window or device saved
    /// at the same moment), again and again: nothing was written (issue #21.9).
    #[error("changed meanwhile")]
    Conflict,
    /// The request's arguments cannot be read (missing, of the wrong type, a body that is not
    /// the form it should be): the caller's mistake, answered 400 with an RFC 9457 problem
    /// document whose `detail` names what was wrong (issue #21.8).
    #[error("bad request: {detail}")]
    BadRequest { detail: String },
    /// Something failed on the server; details are in its log only.
    #[error("server error")]
    Server,
}

impl AppError {
    /// Logs `cause` (with where it happened) and returns the generic `Server`: SQL, paths and
    /// internals never reach the client.
    #[track_caller]
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        #[cfg(feature = "ssr")]
        {
            let at = std::panic::Location::caller();
            tracing::error!(error = %cause, at = %at, "server function failed");
        }
        #[cfg(not(feature = "ssr"))]
        let _ = cause;
        AppError::Server
    }

    /// The rule errors of one field (for the inline message next to it).
    pub fn field_errors(&self, field: crate::rules::Field) -> Vec<RuleError> {
        match self {
            AppError::Invalid { errors, .. } => errors
                .iter()
                .filter(|e| e.field == field)
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// What the user had typed into `name` when this error was made.
    pub fn entered(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid { entered, .. } => entered
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        if let Some(detail) = crate::ssr::respond::problem_of(&value) {
            // The caller sent arguments that cannot be read: a 400 naming them (issue #21.8).
            return AppError::BadRequest { detail };
        }
        #[cfg(feature = "ssr")]
        tracing::warn!(error = %value, "server function transport error");
        #[cfg(not(feature = "ssr"))]
        let _ = value;
        AppError::Server
    }

    /// The answer's body; on the server it also sets the answer's status (and, for a bad
    /// request, turns the body into a problem document).
    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        if let Some(body) = crate::ssr::respond::refuse(self) {
            return body;
        }
        <JsonEncoding as Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| Bytes::from_static(b"\"Server\""))
    }
}

/// The error of the few server functions every page calls (the session, the office list, the
/// notices, the mailbox): an [`AppError`] reduced to its HTTP status, and for unreadable arguments
/// the problem's detail. A page shows these only as "something went wrong", and carrying no rule
/// errors keeps their decoder (the field and rule tables, ~50 KB brotli) out of the main WASM
/// module that every page downloads. Server code still uses `AppError` and `?`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("request failed with status {status}")]
pub struct ShellError {
    pub status: u16,
    pub detail: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<AppError> for ShellError {
    fn from(e: AppError) -> Self {
        let detail = match &e {
            AppError::BadRequest { detail } => Some(detail.clone()),
            _ => None,
        };
        ShellError { status: e.status().as_u16(), detail }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for ShellError {
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(e).into()
    }
}

impl FromServerFnError for ShellError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        return AppError::from_server_fn_error(value).into();
        #[cfg(not(feature = "ssr"))]
        {
            let _ = value;
            ShellError { status: 500, detail: None }
        }
    }

    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        {
            let status = http::StatusCode::from_u16(self.status)
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            if let Some(body) = crate::ssr::respond::refuse_with(status, self.detail.as_deref()) {
                return body;
            }
        }
        <JsonEncoding as Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| Bytes::from_static(b"{\"status\":500,\"detail\":null}"))
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(e)
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    #[track_caller]
    fn from(e: tower_sessions::session::Error) -> Self {
        AppError::internal(e)
    }
}

/// Stored JSON (answers, document lists) that no longer reads: the server's trouble.
#[cfg(feature = "ssr")]
impl From<serde_json::Error> for AppError {
    #[track_caller]
    fn from(e: serde_json::Error) -> Self {
        AppError::internal(e)
    }
}

/// A stored date or time that no longer reads, or a time outside the calendar.
#[cfg(feature = "ssr")]
impl From<jiff::Error> for AppError {
    #[track_caller]
    fn from(e: jiff::Error) -> Self {
        AppError::internal(e)
    }
}
