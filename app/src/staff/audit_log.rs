use super::AuditPage;
use crate::error::AppError;
use leptos::prelude::*;

/// Entries per page of the audit log.
#[cfg(feature = "ssr")]
pub const PAGE: i64 = 50;

/// Office admins search the audit log (issue #4.8) of their offices (issue #21.5: entries about
/// their offices' staff and the people with an application there): by the actor's or the
/// subject's e-mail, an action (or its prefix, `login` for every login), and a period of
/// Lithuanian calendar days;
/// newest first, `PAGE` at a time (`before`: continue below that entry). Empty filters match
/// everything.
#[server(endpoint = "admin/audit")]
pub async fn search_audit(
    #[server(default)] actor: String,
    #[server(default)] subject: String,
    #[server(default)] action: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] before: Option<i64>,
) -> Result<AuditPage, AppError> {
    use super::AuditEntry;
    use crate::identity::Role;
    use crate::rules::{parse_date, validate_email, Field, RuleError, RuleErrorKind};
    use crate::ssr::auth::Caller;

    /// An audit entry with the addresses of who acted and on whom.
    #[derive(sqlx::FromRow)]
    struct Logged {
        id: i64,
        at: i64,
        actor_id: Option<i64>,
        actor_email: Option<String>,
        subject_id: Option<i64>,
        subject_email: Option<String>,
        action: String,
        detail: String,
        client: String,
    }
    let Caller { db, auth: me, .. } = Caller::staff(None, Role::ADMINS).await?;

    enum Bind {
        Int(i64),
        Text(String),
    }
    let mut errors: Vec<RuleError> = Vec::new();
    let mut filters: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = Vec::new();
    let mut add = |sql: &str, value: Bind| {
        binds.push(value);
        filters.push(sql.replace('?', &format!("${}", binds.len())));
    };
    for (text, field, sql) in [
        (&actor, Field::Email, "a.email = ?"),
        (&subject, Field::Search, "s.email = ?"),
    ] {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match validate_email(text) {
            Ok(e) => add(sql, Bind::Text(e.to_lowercase())),
            Err(_) => errors.push(RuleError::new(field, RuleErrorKind::InvalidFormat)),
        }
    }
    let action = action.trim();
    if !action.is_empty() {
        // Action names are lower-case words with dots and underscores; a prefix matches the
        // whole family (`login` → `login.email`, `login.eid`…).
        if action
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
        {
            binds.push(Bind::Text(action.to_string()));
            binds.push(Bind::Text(format!("{action}.%")));
            let n = binds.len();
            filters.push(format!("(l.action = ${} OR l.action LIKE ${n})", n - 1));
        } else {
            errors.push(RuleError::new(Field::Action, RuleErrorKind::InvalidFormat));
        }
    }
    let day_start = |field: Field, text: &str, next: bool| -> Result<i64, RuleError> {
        let date = parse_date(field, text.trim())?;
        let date = if next {
            date.tomorrow()
                .map_err(|_| RuleError::new(field, RuleErrorKind::ImpossibleDate))?
        } else {
            date
        };
        date.to_zoned(crate::ssr::vilnius())
            .map(|z| z.timestamp().as_millisecond())
            .map_err(|_| RuleError::new(field, RuleErrorKind::ImpossibleDate))
    };
    let mut add_time = |field: Field, text: &str, next: bool, sql: &str| {
        if text.trim().is_empty() {
            return;
        }
        match day_start(field, text, next) {
            Ok(ms) => {
                binds.push(Bind::Int(ms));
                filters.push(sql.replace('?', &format!("${}", binds.len())));
            }
            Err(e) => errors.push(e),
        }
    };
    add_time(Field::From, &from, false, "l.at >= ?");
    add_time(Field::To, &to, true, "l.at < ?");
    if !errors.is_empty() {
        return Err(AppError::Invalid {
            errors,
            entered: [
                ("actor", &actor),
                ("subject", &subject),
                ("action", &action.to_string()),
                ("from", &from),
                ("to", &to),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        });
    }
    if let Some(b) = before {
        binds.push(Bind::Int(b));
        filters.push(format!("l.id < ${}", binds.len()));
    }
    // Issue #21.5: an office admin sees what concerns their offices only — entries whose
    // actor or subject works at one of them, or has an application filed there.
    binds.push(Bind::Int(me.user_id));
    let n = binds.len();
    filters.push(format!(
        "(EXISTS (SELECT 1 FROM staff_offices so WHERE so.user_id IN (l.actor_id, l.subject_id) \
                  AND so.office_id IN (SELECT office_id FROM staff_offices WHERE user_id = ${n})) \
          OR EXISTS (SELECT 1 FROM applications ap WHERE ap.user_id IN (l.actor_id, l.subject_id) \
                  AND ap.office_id IN (SELECT office_id FROM staff_offices WHERE user_id = ${n})))"
    ));
    let sql = format!(
        "SELECT l.id, l.at, l.actor_id, l.subject_id, a.email AS actor_email, \
                s.email AS subject_email, l.action, l.detail, l.client \
         FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id \
         LEFT JOIN users s ON s.id = l.subject_id {} ORDER BY l.id DESC LIMIT {}",
        if filters.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", filters.join(" AND "))
        },
        PAGE + 1
    );
    let mut q = sqlx::query_as::<_, Logged>(&sql);
    for b in binds {
        q = match b {
            Bind::Int(i) => q.bind(i),
            Bind::Text(t) => q.bind(t),
        };
    }
    let rows = q.fetch_all(&db.pool).await?;
    let who = |email: Option<String>, id: Option<i64>| match (email, id) {
        (Some(e), _) => e,
        (None, Some(id)) => format!("#{id}"),
        (None, None) => String::new(),
    };
    let mut entries = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: jiff::Timestamp::from_millisecond(r.at)
                .map(|t| {
                    t.to_zoned(crate::ssr::vilnius())
                        .strftime("%Y-%m-%d %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_default(),
            actor: who(r.actor_email, r.actor_id),
            subject: who(r.subject_email, r.subject_id),
            action: r.action,
            detail: crate::ssr::auth::readable_detail(&r.detail),
            client: r.client,
        })
        .collect::<Vec<_>>();
    let older = if entries.len() as i64 > PAGE {
        entries.truncate(PAGE as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage { entries, older })
}
