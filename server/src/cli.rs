//! Administration from the command line: `server user add --role officer --email a@b.lt
//! --office vilnius [--office kaunas]` creates a staff account (or changes the role and offices
//! of an existing one). The person then logs in with the e-mail code and sets up TOTP.
use app::ssr::auth::{audit, now_ms};
use app::ssr::Db;
use sqlx::Row;

pub const USAGE: &str =
    "usage: server user add --role <applicant|officer|office_admin|kiosk|display> \
--email <address> [--office <slug>]...";

/// A parsed `user add`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAdd {
    pub role: String,
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
    let email = email.ok_or_else(|| format!("--email is required\n{USAGE}"))?;
    let email = app::rules::validate_email(&email)
        .map_err(|e| format!("--email: {e}"))?
        .to_lowercase();
    match role.as_str() {
        "applicant" if !offices.is_empty() => Err("an applicant has no offices".into()),
        "officer" | "office_admin" if offices.is_empty() => {
            Err(format!("{role} needs at least one --office"))
        }
        "kiosk" | "display" if offices.len() != 1 => {
            Err(format!("{role} needs exactly one --office"))
        }
        "applicant" | "officer" | "office_admin" | "kiosk" | "display" => Ok(UserAdd {
            role,
            email,
            offices,
        }),
        other => Err(format!("unknown role {other}\n{USAGE}")),
    }
}

/// Creates or updates the account; returns its id. One transaction, with an audit entry.
pub async fn user_add(db: &Db, cmd: &UserAdd) -> Result<i64, String> {
    let err = |e: sqlx::Error| e.to_string();
    let now = now_ms();
    let mut tx = db.pool.begin().await.map_err(err)?;
    sqlx::query(
        "INSERT INTO users (email, role, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (email) DO UPDATE SET role = $2, updated_at = $3",
    )
    .bind(&cmd.email)
    .bind(&cmd.role)
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
    let detail = format!("role={} offices={}", cmd.role, cmd.offices.join(","));
    audit(&mut tx, None, Some(id), "user.add", &detail, "cli")
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
                role: "officer".into(),
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
