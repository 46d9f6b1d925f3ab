//! The audit log (issue #24.5): one typed event per security-relevant act, written through a
//! handle that knows who acts and from which address, in the caller's transaction.
//!
//! ```ignore
//! let Caller { db, auth, audit, .. } = Caller::person(Some(&csrf)).await?;
//! audit.record(&mut tx, Action::ContactEmail, Some(auth.user_id), Value::Null).await?;
//! return Err(audit.refused(&mut conn, Action::AuthzOwnCase, Some(owner), detail, AppError::Forbidden).await);
//! ```
use super::now_ms;
use crate::error::AppError;
use crate::rules::case::Action as CaseAction;
use serde_json::Value;
use sqlx::AnyConnection;
use std::borrow::Cow;

/// What happened. The names ([`Action::name`]) are stable: the audit-log page searches them by
/// prefix (`login` finds every login step) and operators' queries use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    // Logging in and out.
    LoginCodeSent,
    LoginRateLimited,
    LoginFailed,
    LoginEmail,
    LoginEid,
    LoginSecondFactor,
    LoginSecondFactorFailed,
    MfaEnrolled,
    MfaRecoveryCodeUsed,
    Logout,
    LogoutOtherDevices,
    LogoutDevice,
    // The person's own account.
    ContactFirst,
    ContactPhone,
    ContactEmail,
    Preferences,
    AccountDeleted,
    AccountDataExport,
    // Applications, cases and documents.
    ApplicationStarted,
    ApplicationSubmitted,
    /// An officer's act on a case (`case.assign`, `case.decide`, …).
    Case(CaseAction),
    DocumentUploaded,
    DocumentRefused,
    DocumentLost,
    DocumentsImported,
    // Visits.
    VisitBook,
    VisitMove,
    VisitCancel,
    VisitWait,
    VisitLeaveWaitlist,
    VisitCheckedIn,
    VisitNoShow,
    // Staff tools and office set-up.
    PersonViewed,
    NamesChanged,
    StaffAdd,
    StaffRemove,
    UserAdd,
    KioskRegister,
    KioskRevoke,
    OfficeService,
    OfficeDuration,
    OfficeHours,
    OfficeException,
    OfficeExceptionRemove,
    // Refusals.
    /// A role asked for a page or function it may not use (the caller guard writes it).
    AuthzDenied,
    /// An officer acted on a case about themselves.
    AuthzOwnCase,
    /// A name change for a person the officer may not see.
    NamesRefused,
}

impl Action {
    /// The stable name in the `action` column.
    pub fn name(self) -> Cow<'static, str> {
        use Action as A;
        Cow::Borrowed(match self {
            A::Case(act) => return Cow::Owned(format!("case.{}", act.as_str())),
            A::LoginCodeSent => "login.code_sent",
            A::LoginRateLimited => "login.rate_limited",
            A::LoginFailed => "login.failed",
            A::LoginEmail => "login.email",
            A::LoginEid => "login.eid",
            A::LoginSecondFactor => "login.second_factor",
            A::LoginSecondFactorFailed => "login.second_factor_failed",
            A::MfaEnrolled => "mfa.enrolled",
            A::MfaRecoveryCodeUsed => "mfa.recovery_code_used",
            A::Logout => "logout",
            A::LogoutOtherDevices => "logout.other_devices",
            A::LogoutDevice => "logout.device",
            A::ContactFirst => "contact.first",
            A::ContactPhone => "contact.phone",
            A::ContactEmail => "contact.email",
            A::Preferences => "preferences",
            A::AccountDeleted => "account.deleted",
            A::AccountDataExport => "account.data_export",
            A::ApplicationStarted => "application.started",
            A::ApplicationSubmitted => "application.submitted",
            A::DocumentUploaded => "document.uploaded",
            A::DocumentRefused => "document.refused",
            A::DocumentLost => "document.lost",
            A::DocumentsImported => "documents.imported",
            A::VisitBook => "visit.book",
            A::VisitMove => "visit.move",
            A::VisitCancel => "visit.cancel",
            A::VisitWait => "visit.wait",
            A::VisitLeaveWaitlist => "visit.leave_waitlist",
            A::VisitCheckedIn => "visit.checked_in",
            A::VisitNoShow => "visit.no_show",
            A::PersonViewed => "person.viewed",
            A::NamesChanged => "names.changed",
            A::StaffAdd => "staff.add",
            A::StaffRemove => "staff.remove",
            A::UserAdd => "user.add",
            A::KioskRegister => "kiosk.register",
            A::KioskRevoke => "kiosk.revoke",
            A::OfficeService => "office.service",
            A::OfficeDuration => "office.duration",
            A::OfficeHours => "office.hours",
            A::OfficeException => "office.exception",
            A::OfficeExceptionRemove => "office.exception_remove",
            A::AuthzDenied => "authz.denied",
            A::AuthzOwnCase => "authz.own_case",
            A::NamesRefused => "names.refused",
        })
    }
}

/// Writes audit events for one actor from one client address.
#[derive(Clone, Debug)]
pub struct Audit {
    actor: Option<i64>,
    client: String,
}

impl Audit {
    /// Events by `actor` (`None`: nobody logged in yet, or the operator's command line) from
    /// `client` (the request's address, or `cli`).
    pub fn by(actor: Option<i64>, client: impl Into<String>) -> Self {
        Audit { actor, client: client.into() }
    }

    /// One entry, in the caller's transaction. `detail` is stored as JSON text (`Value::Null`
    /// as an empty detail).
    pub async fn record(
        &self,
        conn: &mut AnyConnection,
        action: Action,
        subject: Option<i64>,
        detail: Value,
    ) -> Result<(), sqlx::Error> {
        let detail = match detail {
            Value::Null => String::new(),
            other => other.to_string(),
        };
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, subject_id, action, detail, client) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now_ms())
        .bind(self.actor)
        .bind(subject)
        .bind(action.name().as_ref())
        .bind(detail)
        .bind(&self.client)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// An act of a person on their own account with nothing more to say (a logout, a contact
    /// change, a login): the actor is the subject, the detail empty.
    pub async fn own(&self, conn: &mut AnyConnection, action: Action) -> Result<(), sqlx::Error> {
        self.record(conn, action, self.actor, Value::Null).await
    }

    /// Records a refusal and hands back the answer to give:
    /// `return Err(audit.refused(&mut conn, action, subject, detail, AppError::Forbidden).await)`.
    /// A failure to write the entry is itself the answer (server trouble): a refusal is never
    /// let through unrecorded.
    pub async fn refused(
        &self,
        conn: &mut AnyConnection,
        action: Action,
        subject: Option<i64>,
        detail: Value,
        answer: AppError,
    ) -> AppError {
        match self.record(conn, action, subject, detail).await {
            Ok(()) => answer,
            Err(e) => AppError::internal(e),
        }
    }
}

/// A stored detail as people read it on the audit-log page: `key=value` pairs with spaces
/// between them (so a narrow screen can wrap them), a list as `a,b`. Text that is not a JSON
/// object (entries from before the typed events) is shown as it is.
pub fn readable_detail(stored: &str) -> String {
    fn value(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(value).collect::<Vec<_>>().join(","),
            other => other.to_string(),
        }
    }
    match serde_json::from_str::<Value>(stored) {
        Ok(Value::Object(fields)) => fields
            .iter()
            .map(|(k, v)| format!("{k}={}", value(v)))
            .collect::<Vec<_>>()
            .join(" "),
        _ => stored.to_string(),
    }
}

/// Text cut to at most `max` characters, for free text (an officer's note) in a detail.
pub fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_stored_ones() {
        assert_eq!(Action::LoginFailed.name(), "login.failed");
        assert_eq!(Action::VisitCheckedIn.name(), "visit.checked_in");
        assert_eq!(Action::Case(CaseAction::Assign).name(), "case.assign");
        assert_eq!(Action::AuthzDenied.name(), "authz.denied");
    }

    #[test]
    fn details_read_as_pairs() {
        let stored = serde_json::json!({ "office": 3, "kinds": ["trp", "eu"], "name": "Desk 1" });
        let shown = readable_detail(&stored.to_string());
        let mut pairs: Vec<&str> = shown.split(' ').collect();
        pairs.sort();
        assert_eq!(pairs, ["1", "kinds=trp,eu", "name=Desk", "office=3"]);
        assert_eq!(readable_detail(""), "");
        assert_eq!(
            readable_detail("role=officer office=1"),
            "role=officer office=1"
        );
    }

    #[test]
    fn clip_counts_characters_not_bytes() {
        assert_eq!(clip("ąčęėį", 3), "ąčę");
        assert_eq!(clip("ab", 5), "ab");
    }
}
