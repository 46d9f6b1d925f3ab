//! Administration from the command line: `server user add --role officer --email a@b.lt
//! --office vilnius [--office kaunas]` creates a staff account (or changes the role and offices
//! of an existing one). The person then logs in with the e-mail code and sets up TOTP.
use app::identity::Role;
use app::ssr::auth::{now_ms, Action, Audit};
use app::ssr::Db;
use sqlx::Row;

pub const USAGE: &str =
    "usage: server user add --role <applicant|officer|office_admin|kiosk|display> \
--email <address> [--office <slug>]...";

/// A parsed `user add`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAdd {
    pub role: Role,
    pub email: String,
    pub offices: Vec<String>,
}

/// Parses the words after the program name; `None` if they are not a known command.
pub fn parse(args: &[String]) -> Option<Result<UserAdd, String>> {
    match args {
        [user, add, rest @ ..] if user == "user" && add == "add" => Some(parse_user_add(rest)),
        _ => None,
    }
}

fn parse_user_add(rest: &[String]) -> Result<UserAdd, String> {
    let (mut role, mut email, mut offices) = (None, None, Vec::new());
    let mut words = rest.iter();
    while let Some(flag) = words.next() {
        let value = words
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?
            .clone();
        match flag.as_str() {
            "--role" => role = Some(value),
            "--email" => email = Some(value),
            "--office" => offices.push(value),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    let role = role.ok_or_else(|| format!("--role is required\n{USAGE}"))?;
    let role = Role::parse(&role).ok_or_else(|| format!("unknown role {role}\n{USAGE}"))?;
    let email = email.ok_or_else(|| format!("--email is required\n{USAGE}"))?;
    let email = app::rules::validate_email(&email)
        .map_err(|e| format!("--email: {e}"))?
        .to_lowercase();
    match role {
        Role::Applicant if !offices.is_empty() => Err("an applicant has no offices".into()),
        Role::Officer | Role::OfficeAdmin if offices.is_empty() => {
            Err(format!("{role} needs at least one --office"))
        }
        Role::Kiosk | Role::Display if offices.len() != 1 => {
            Err(format!("{role} needs exactly one --office"))
        }
        _ => Ok(UserAdd { role, email, offices }),
    }
}

/// Creates or updates the account; returns its id. One transaction, with an audit entry.
pub async fn user_add(db: &Db, cmd: &UserAdd) -> Result<i64, String> {
    let err = |e: sqlx::Error| e.to_string();
    let now = now_ms();
    let mut tx = db.begin().await.map_err(err)?;
    // What the person was before: a changed role or office list ends their live sessions
    // (issue #21.3), as the staff admin page does.
    let before: Option<Role> = sqlx::query_scalar("SELECT role FROM users WHERE email = $1")
        .bind(&cmd.email)
        .fetch_optional(&mut *tx)
        .await
        .map_err(err)?;
    let mut offices_before: Vec<String> = sqlx::query_scalar(
        "SELECT o.slug FROM staff_offices so JOIN offices o ON o.id = so.office_id \
         JOIN users u ON u.id = so.user_id WHERE u.email = $1",
    )
    .bind(&cmd.email)
    .fetch_all(&mut *tx)
    .await
    .map_err(err)?;
    offices_before.sort();
    let mut offices_now = cmd.offices.clone();
    offices_now.sort();
    sqlx::query(
        "INSERT INTO users (email, role, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (email) DO UPDATE SET role = $2, updated_at = $3",
    )
    .bind(&cmd.email)
    .bind(cmd.role)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(err)?;
    let id: i64 = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(&cmd.email)
        .fetch_one(&mut *tx)
        .await
        .map_err(err)?
        .try_get("id")
        .map_err(err)?;
    sqlx::query("DELETE FROM staff_offices WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(err)?;
    for slug in &cmd.offices {
        let office: Option<i64> = sqlx::query_scalar("SELECT id FROM offices WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await
            .map_err(err)?;
        let office = office.ok_or_else(|| format!("no office {slug:?}"))?;
        sqlx::query("INSERT INTO staff_offices (user_id, office_id) VALUES ($1, $2)")
            .bind(id)
            .bind(office)
            .execute(&mut *tx)
            .await
            .map_err(err)?;
    }
    let changed = before.is_some_and(|r| r != cmd.role || offices_before != offices_now);
    if changed {
        app::ssr::auth::end_all_sessions(&mut tx, id, now)
            .await
            .map_err(err)?;
    }
    let detail = serde_json::json!({
        "role": cmd.role.as_str(),
        "offices": cmd.offices,
        "sessions_ended": changed,
    });
    Audit::by(None, "cli")
        .record(&mut tx, Action::UserAdd, Some(id), detail)
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_user_add_and_refuses_what_cannot_be_right() {
        let ok = parse(&words(
            "user add --role officer --email A@Example.LT --office vilnius --office kaunas",
        ));
        assert_eq!(
            ok,
            Some(Ok(UserAdd {
                role: Role::Officer,
                email: "a@example.lt".into(),
                offices: vec!["vilnius".into(), "kaunas".into()],
            }))
        );
        assert_eq!(parse(&words("serve")), None);
        for bad in [
            "user add --role officer --email a@example.lt",
            "user add --role kiosk --email a@example.lt --office a --office b",
            "user add --role boss --email a@example.lt --office vilnius",
            "user add --role officer --email not-an-address --office vilnius",
            "user add --role officer",
            "user add --role",
        ] {
            assert!(matches!(parse(&words(bad)), Some(Err(_))), "{bad}");
        }
    }
}

pub const IMPORT_USAGE: &str = "usage: server documents import <file.csv>\n\
columns (with a header row): email,holder_name,kind,number,issued_on,valid_until,\
child_birth_date,certificates_valid_until (the last two may be empty)";

/// Parses `documents import <file>`; `None` if the words are another command.
pub fn parse_import(args: &[String]) -> Option<Result<std::path::PathBuf, String>> {
    match args {
        [documents, import, rest @ ..] if documents == "documents" && import == "import" => {
            Some(match rest {
                [file] => Ok(std::path::PathBuf::from(file)),
                _ => Err(IMPORT_USAGE.to_string()),
            })
        }
        _ => None,
    }
}

/// One row of the import file.
#[derive(Debug, serde::Deserialize)]
struct ImportRow {
    email: String,
    holder_name: String,
    kind: String,
    number: String,
    issued_on: String,
    valid_until: String,
    #[serde(default)]
    child_birth_date: String,
    #[serde(default)]
    certificates_valid_until: String,
}

/// Issue #6.3 (R-SV-2) — imports held documents from CSV. Every row is checked first; if any
/// is wrong nothing is imported and every problem is listed with its line. Accounts are found
/// by e-mail (and created, as applicants, when missing: the person logs in with that address).
/// One transaction, with an audit entry. Returns how many documents were added.
pub async fn documents_import(db: &Db, csv_text: &str) -> Result<usize, Vec<String>> {
    use app::rules::held::HeldKind;
    use app::rules::{parse_date, Field};
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    for (i, rec) in reader.deserialize::<ImportRow>().enumerate() {
        let line = i + 2;
        let row = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let mut bad = |what: String| problems.push(format!("line {line}: {what}"));
        let email = match app::rules::validate_email(&row.email) {
            Ok(e) => e.to_lowercase(),
            Err(e) => {
                bad(format!("email: {e}"));
                continue;
            }
        };
        let Some(kind) = HeldKind::parse(&row.kind) else {
            bad(format!("kind: unknown {:?}", row.kind));
            continue;
        };
        let number = row.number.to_uppercase();
        if number.is_empty()
            || number.len() > 20
            || !number.chars().all(|c| c.is_ascii_alphanumeric())
        {
            bad(format!(
                "number: {:?} is not 1-20 letters and digits",
                row.number
            ));
            continue;
        }
        if row.holder_name.is_empty() || row.holder_name.chars().count() > 200 {
            bad("holder_name: required, at most 200 characters".into());
            continue;
        }
        let date = |f: Field, s: &str| parse_date(f, s).map_err(|e| format!("{f}: {e}"));
        let optional = |f: Field, s: &str| {
            if s.is_empty() {
                Ok(None)
            } else {
                parse_date(f, s).map(Some).map_err(|e| format!("{f}: {e}"))
            }
        };
        let parsed = (|| {
            Ok::<_, String>((
                date(Field::IssuedOn, &row.issued_on)?,
                date(Field::ValidUntil, &row.valid_until)?,
                optional(Field::BirthDate, &row.child_birth_date)?,
                optional(Field::ValidUntil, &row.certificates_valid_until)?,
            ))
        })();
        let (issued_on, valid_until, child, certificates) = match parsed {
            Ok(p) => p,
            Err(e) => {
                bad(e);
                continue;
            }
        };
        if valid_until < issued_on {
            bad("valid_until is before issued_on".into());
            continue;
        }
        if !seen.insert((kind, number.clone())) {
            bad(format!("{} {number} appears twice", kind.as_str()));
            continue;
        }
        rows.push((
            email,
            row.holder_name,
            kind,
            number,
            issued_on,
            valid_until,
            child,
            certificates,
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let err = |e: sqlx::Error| vec![e.to_string()];
    let mut tx = db.begin().await.map_err(err)?;
    let now = now_ms();
    for (email, holder, kind, number, issued_on, valid_until, child, certificates) in &rows {
        if app::held::ssr::number_taken(&mut tx, *kind, number)
            .await
            .map_err(|e| vec![e.to_string()])?
        {
            problems.push(format!("{} {number} is already recorded", kind.as_str()));
            continue;
        }
        sqlx::query(
            "INSERT INTO users (email, role, created_at, updated_at) VALUES ($1, 'applicant', $2, $2) \
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(err)?;
        let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&mut *tx)
            .await
            .map_err(err)?;
        app::held::ssr::insert_document(
            &mut tx,
            &app::held::ssr::NewDocument {
                user_id,
                holder_name: holder,
                child_birth_date: *child,
                kind: *kind,
                number,
                issued_on: *issued_on,
                valid_until: *valid_until,
                certificates_valid_until: *certificates,
                application_id: None,
                source: "import",
            },
        )
        .await
        .map_err(err)?;
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Audit::by(None, "cli")
        .record(
            &mut tx,
            Action::DocumentsImported,
            None,
            serde_json::json!({ "documents": rows.len() }),
        )
        .await
        .map_err(err)?;
    tx.commit().await.map_err(err)?;
    Ok(rows.len())
}
