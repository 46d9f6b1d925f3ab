//! Configuration from environment variables, with defaults that run a demo out of the box.
//! Every variable is listed in the README's configuration table.
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable is set but cannot be used; the message names it.
    #[error("{name}: {reason}")]
    Invalid { name: &'static str, reason: String },
    /// The data directory or the secret-key file cannot be created or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A secret that must never be logged or serialised (session and code hashing keys).
#[derive(Clone)]
pub struct SecretKey(pub(crate) Vec<u8>);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

impl SecretKey {
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `VARTAI_DATA_DIR`: the SQLite file, the secret key and (later) uploads live here.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`; default: `<data dir>/vartai.db`.
    pub database_url: String,
    /// `DATABASE_OWNER_URL` (PostgreSQL): the schema owner's connection. When set, migrations
    /// run as the owner and the role of `DATABASE_URL` gets only the rights the application
    /// needs: it may add to the audit log but never change, empty or unprotect it (issue
    /// #21.10). Unset: the application's role owns the schema, as in development.
    pub database_owner_url: Option<String>,
    /// `VARTAI_ADDR` (or `LEPTOS_SITE_ADDR`, which cargo-leptos sets): where to listen.
    pub addr: SocketAddr,
    /// `VARTAI_BASE_URL`: the public address, used in links and to decide on HSTS.
    pub base_url: String,
    /// `VARTAI_SECRET_KEY`: base64 of at least 32 bytes; generated into the data dir if unset.
    pub secret_key: SecretKey,
    /// `VARTAI_DEMO`: seed demo offices and notices. Default: on with the embedded SQLite
    /// database, off when `DATABASE_URL` is given.
    pub demo: bool,
    /// `VARTAI_DEMO_EID`: in demo mode and with no `VARTAI_EID_ISSUER`, run the demo identity
    /// provider (`/dev/eid`) so the e-ID login can be tried. Default: on with `VARTAI_DEMO`.
    pub demo_eid: bool,
    /// `VARTAI_MAX_BODY_BYTES`: largest request body accepted (default 1 MiB).
    pub max_body_bytes: usize,
    /// `VARTAI_NOW`: pins the clock to an RFC 3339 instant (tests and demonstrations only).
    pub fixed_now: Option<jiff::Timestamp>,
    /// `LEPTOS_SITE_ROOT`: the built site (WASM, JS, CSS, public files); default `target/site`.
    pub site_root: String,
    /// `VARTAI_DB_MAX_CONNECTIONS`: pool size (default 10).
    pub db_max_connections: u32,
    /// `SMTP_URL`: where e-mail goes (`smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`). Unset: each message is written as an `.eml` file under
    /// `<data dir>/mail` (and, in demo mode, shown at `/dev/mailbox`).
    pub smtp_url: Option<String>,
    /// `VARTAI_SMS_URL` (+ `VARTAI_SMS_BODY`, `VARTAI_SMS_CONTENT_TYPE`,
    /// `VARTAI_SMS_AUTHORIZATION`): the HTTP gateway text messages are posted to. Unset: each
    /// message is written as a `.txt` file under `<data dir>/sms`.
    pub sms: Option<crate::outbox::sms::SmsConfig>,
    /// `VARTAI_MAIL_FROM`: the sender of every e-mail.
    pub mail_from: String,
    /// `VARTAI_OUTBOX_POLL_MS`: how often the delivery worker looks for due messages (default
    /// 1000; a message enqueued by this instance is picked up at once anyway).
    pub outbox_poll_ms: u64,
    /// `VARTAI_OUTBOX_RETRY_BASE_MS`: the first retry delay; it doubles per attempt up to an hour
    /// (default 30000).
    pub outbox_retry_base_ms: u64,
    /// `VARTAI_OUTBOX_CLAIM_MS`: how long a worker holds a message it took (default 120000);
    /// a message held by an instance that died is taken again after that.
    pub outbox_claim_ms: u64,
    /// `VARTAI_OUTBOX_KEEP_DAYS`: delivered and given-up messages are deleted after this many
    /// days (default 30; issue #21.4).
    pub outbox_keep_days: u64,
    /// Issue #6.6: how often the scheduler looks for due jobs, in seconds (0: no jobs on this
    /// instance).
    pub scheduler_tick_secs: u64,
    /// The least time between two runs of a periodic job, in seconds.
    pub job_interval_secs: u64,
    /// Issue #7: the booking horizon, release time and move limit (`VARTAI_BOOKING_*`).
    pub booking: app::rules::booking::BookingPolicy,
    /// Issue #8.2: "your turn is near" at this place in line (`VARTAI_QUEUE_NEAR_POSITION`).
    pub queue_near_position: u32,
    /// Issue #7.5: availability requests per minute per account and per client address.
    pub availability_per_account: u32,
    pub availability_per_client: u32,
    /// `VARTAI_SESSION_IDLE_SECS`: a session unused this long ends (default 1800 = 30 minutes).
    pub session_idle_secs: i64,
    /// `VARTAI_SESSION_MAX_SECS`: a session ends this long after login, used or not (default
    /// 43200 = 12 hours).
    pub session_max_secs: i64,
    /// `VARTAI_UPLOAD_MAX_BYTES`: the largest document accepted (issue #5.4; default 10 MB).
    pub upload_max_bytes: usize,
    /// Issue #21.1: the upload check runs as `<program> check-upload` in a child process.
    /// `VARTAI_UPLOAD_CHECKER`: the program (default: this server's own binary).
    pub upload_checker: Option<std::path::PathBuf>,
    /// `VARTAI_UPLOADS_PER_HOUR`: files one account may have checked in an hour (default 60;
    /// issue #21.1: the check is the costly part, a child process per file).
    pub uploads_per_hour: u32,
    /// `VARTAI_UPLOAD_CHECKS`: checks running at once (default: the number of CPUs).
    pub upload_checks: usize,
    /// `VARTAI_UPLOAD_CHECK_MB`, `VARTAI_UPLOAD_CHECK_SECONDS`: one check's address space and
    /// CPU time (defaults 1024 MB and 10 s).
    pub upload_check_limits: crate::uploads::sandbox::ChildLimits,
    /// `VARTAI_LIVE_STREAMS_PER_CLIENT`: live queue streams one client address may hold at once
    /// (default 200; issue #21.9).
    pub live_streams_per_client: usize,
    /// `VARTAI_CLAMAV`: a clamd address (`host:port`) every upload is scanned by; unset, none.
    pub clamav: Option<String>,
    /// `VARTAI_MIN_MONTHLY_WAGE_EUR`: the minimum monthly wage in euros, for the sufficient
    /// funds of R-PM-7 (it changes every year; default 1153, the 2026 figure).
    pub min_monthly_wage_eur: u32,
    /// `VARTAI_FEE_IBAN`: the State Tax Inspectorate's account the EPC QR code of a payment
    /// request points to (R-SV-6). Unset: no QR code (the payee code and payment code are
    /// always shown). The demo uses the ISO 13616 example account LT12 1000 0111 0100 1000.
    pub fee_iban: Option<String>,
    /// `VARTAI_FEE_BIC`: the bank's BIC for the QR code (optional within the EEA).
    pub fee_bic: Option<String>,
    /// `VARTAI_LOGIN_CODE_MINUTES`: how long an e-mailed login code is valid (R-AC-2; default 60).
    pub login_code_minutes: i64,
    /// `VARTAI_LOGIN_CODES_PER_ADDRESS`: login codes one e-mail address may be sent per hour
    /// (default 5).
    pub login_codes_per_address: i64,
    /// `VARTAI_LOGIN_CODES_PER_CLIENT`: login codes one client address may ask for per hour
    /// (default 30).
    pub login_codes_per_client: i64,
    /// `VARTAI_CLIENT_IP_HEADER`: behind a reverse proxy, the header it puts the client's
    /// address in (e.g. `X-Forwarded-For`, last value taken). Unset: the TCP peer.
    pub client_ip_header: Option<String>,
    /// `VARTAI_EID_ISSUER`, `VARTAI_EID_CLIENT_ID`, `VARTAI_EID_CLIENT_SECRET`,
    /// `VARTAI_EID_PERSONAL_CODE_CLAIM` (default `personal_code`), `VARTAI_EID_SCOPES` (default
    /// `profile`): the national e-ID provider (OpenID Connect). Unset issuer: no e-ID login.
    pub eid: Option<crate::eid::EidConfig>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parse_bool(name: &'static str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => {
            Err(ConfigError::Invalid { name, reason: format!("expected true or false, got {v:?}") })
        }
    }
}

impl Config {
    /// Reads the environment. Creates the data directory and, when needed, the secret key.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(var)
    }

    /// Same as `from_env` with an explicit lookup (tests build configurations without
    /// touching the process environment).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(get("VARTAI_DATA_DIR").unwrap_or_else(|| "data".into()));
        std::fs::create_dir_all(&data_dir)?;
        let explicit_db = get("DATABASE_URL");
        let database_url = explicit_db.clone().unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("vartai.db").display())
        });
        let database_owner_url = get("DATABASE_OWNER_URL");
        if let Some(owner) = &database_owner_url {
            let postgres = |u: &str| u.starts_with("postgres:") || u.starts_with("postgresql:");
            if !(postgres(owner) && postgres(&database_url)) {
                return Err(ConfigError::Invalid {
                    name: "DATABASE_OWNER_URL",
                    reason: "is for PostgreSQL: both it and DATABASE_URL must be postgres:// URLs"
                        .into(),
                });
            }
        }
        let addr_text = get("VARTAI_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.parse().map_err(|e| ConfigError::Invalid {
            name: "VARTAI_ADDR",
            reason: format!("{addr_text:?} is not host:port ({e})"),
        })?;
        let base_url = get("VARTAI_BASE_URL")
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "VARTAI_BASE_URL",
                reason: "must start with http:// or https://".into(),
            });
        }
        let secret_key = match get("VARTAI_SECRET_KEY") {
            Some(v) => decode_key(&v)?,
            None => load_or_create_key(&data_dir)?,
        };
        let demo = match get("VARTAI_DEMO") {
            Some(v) => parse_bool("VARTAI_DEMO", &v)?,
            None => explicit_db.is_none(),
        };
        // Issue #21.2: demo mode shows every login code at /dev/mailbox and logs anyone in
        // through the test e-ID. It is for this machine only: a server others can reach (an
        // https base URL, or bound beyond loopback) refuses to start in it unless forced.
        let demo_forced = match get("VARTAI_DEMO_FORCE") {
            Some(v) => parse_bool("VARTAI_DEMO_FORCE", &v)?,
            None => false,
        };
        if demo && !demo_forced && (base_url.starts_with("https://") || !addr.ip().is_loopback()) {
            let why = if explicit_db.is_none() && get("VARTAI_DEMO").is_none() {
                "DATABASE_URL is unset"
            } else {
                "VARTAI_DEMO is on"
            };
            return Err(ConfigError::Invalid {
                name: "VARTAI_DEMO",
                reason: format!(
                    "demo mode is on ({why}) and this server can be reached from elsewhere \
                     (VARTAI_ADDR {addr}, VARTAI_BASE_URL {base_url}): anyone could read every \
                     login code at /dev/mailbox and log in as anyone with the test e-ID. Set \
                     DATABASE_URL or VARTAI_DEMO=0; for a shared demonstration on purpose, \
                     VARTAI_DEMO_FORCE=1"
                ),
            });
        }
        let demo_eid = demo
            && match get("VARTAI_DEMO_EID") {
                Some(v) => parse_bool("VARTAI_DEMO_EID", &v)?,
                None => true,
            };
        let max_body_bytes = match get("VARTAI_MAX_BODY_BYTES") {
            Some(v) => v.parse().map_err(|_| ConfigError::Invalid {
                name: "VARTAI_MAX_BODY_BYTES",
                reason: format!("{v:?} is not a number of bytes"),
            })?,
            None => 1024 * 1024,
        };
        let fixed_now = match get("VARTAI_NOW") {
            Some(v) => Some(
                v.parse::<jiff::Timestamp>()
                    .map_err(|e| ConfigError::Invalid {
                        name: "VARTAI_NOW",
                        reason: format!("{v:?} is not an RFC 3339 instant ({e})"),
                    })?,
            ),
            None => None,
        };
        let db_max_connections = match get("VARTAI_DB_MAX_CONNECTIONS") {
            Some(v) => v.parse().map_err(|_| ConfigError::Invalid {
                name: "VARTAI_DB_MAX_CONNECTIONS",
                reason: format!("{v:?} is not a number"),
            })?,
            None => 10,
        };
        let number = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            match get(name) {
                Some(v) => v.trim().parse().map_err(|_| ConfigError::Invalid {
                    name,
                    reason: format!("{v:?} is not a whole number"),
                }),
                None => Ok(default),
            }
        };
        let upload_checks = match number("VARTAI_UPLOAD_CHECKS", 0)? {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => usize::try_from(n).unwrap_or(usize::MAX),
        };
        let upload_check_limits = crate::uploads::sandbox::ChildLimits {
            memory_bytes: number("VARTAI_UPLOAD_CHECK_MB", 1024)?.max(64) << 20,
            cpu_secs: number("VARTAI_UPLOAD_CHECK_SECONDS", 10)?.max(1),
        };
        let live_streams_per_client =
            usize::try_from(number("VARTAI_LIVE_STREAMS_PER_CLIENT", 200)?.max(1))
                .unwrap_or(usize::MAX);
        let outbox_poll_ms = number("VARTAI_OUTBOX_POLL_MS", 1000)?.max(10);
        let outbox_retry_base_ms = number("VARTAI_OUTBOX_RETRY_BASE_MS", 30_000)?.max(10);
        let outbox_claim_ms = number("VARTAI_OUTBOX_CLAIM_MS", 120_000)?.max(100);
        let outbox_keep_days = number("VARTAI_OUTBOX_KEEP_DAYS", 30)?;
        let scheduler_tick_secs = number("VARTAI_SCHEDULER_TICK_SECS", 30)?;
        let job_interval_secs = number("VARTAI_JOB_INTERVAL_SECS", 900)?;
        let availability_per_account =
            u32::try_from(number("VARTAI_AVAILABILITY_PER_ACCOUNT", 60)?).unwrap_or(u32::MAX);
        let availability_per_client =
            u32::try_from(number("VARTAI_AVAILABILITY_PER_CLIENT", 600)?).unwrap_or(u32::MAX);
        let queue_near_position = match number("VARTAI_QUEUE_NEAR_POSITION", 3)? {
            n @ 1..=50 => n as u32,
            n => {
                return Err(ConfigError::Invalid {
                    name: "VARTAI_QUEUE_NEAR_POSITION",
                    reason: format!("{n} is not between 1 and 50"),
                })
            }
        };
        let booking = app::rules::booking::BookingPolicy {
            horizon_days: match number("VARTAI_BOOKING_HORIZON_DAYS", 30)? {
                d @ 1..=366 => d as i64,
                d => {
                    return Err(ConfigError::Invalid {
                        name: "VARTAI_BOOKING_HORIZON_DAYS",
                        reason: format!("{d} is not between 1 and 366"),
                    })
                }
            },
            release_at: match get("VARTAI_BOOKING_RELEASE_AT") {
                Some(v) => {
                    app::rules::booking::parse_slot_time(&v).map_err(|_| ConfigError::Invalid {
                        name: "VARTAI_BOOKING_RELEASE_AT",
                        reason: format!("{v:?} is not a time HH:MM"),
                    })?
                }
                None => jiff::civil::Time::constant(8, 0, 0, 0),
            },
            max_moves: u32::try_from(number("VARTAI_BOOKING_MAX_MOVES", 2)?).unwrap_or(u32::MAX),
            hold_minutes: match number("VARTAI_WAITLIST_HOLD_MINUTES", 15)? {
                m @ 1..=1440 => m as u32,
                m => {
                    return Err(ConfigError::Invalid {
                        name: "VARTAI_WAITLIST_HOLD_MINUTES",
                        reason: format!("{m} is not between 1 and 1440"),
                    })
                }
            },
        };
        let positive = |name: &'static str, default: u64| -> Result<i64, ConfigError> {
            let v = number(name, default)?;
            if v == 0 || v > i64::MAX as u64 / 1000 {
                return Err(ConfigError::Invalid {
                    name,
                    reason: "must be a whole number above 0".into(),
                });
            }
            Ok(v as i64)
        };
        let session_idle_secs = positive("VARTAI_SESSION_IDLE_SECS", 1800)?;
        let session_max_secs = positive("VARTAI_SESSION_MAX_SECS", 43_200)?;
        let login_code_minutes = positive("VARTAI_LOGIN_CODE_MINUTES", 60)?;
        let upload_max_bytes =
            usize::try_from(positive("VARTAI_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)?)
                .unwrap_or(usize::MAX);
        let uploads_per_hour =
            u32::try_from(positive("VARTAI_UPLOADS_PER_HOUR", 60)?).unwrap_or(u32::MAX);
        let min_monthly_wage_eur = positive("VARTAI_MIN_MONTHLY_WAGE_EUR", 1153)?;
        let min_monthly_wage_eur =
            u32::try_from(min_monthly_wage_eur).map_err(|_| ConfigError::Invalid {
                name: "VARTAI_MIN_MONTHLY_WAGE_EUR",
                reason: "too large".into(),
            })?;
        let fee_iban = match get("VARTAI_FEE_IBAN") {
            Some(v) if !v.trim().is_empty() => Some(app::rules::validate_iban(&v).map_err(
                |e| ConfigError::Invalid { name: "VARTAI_FEE_IBAN", reason: e.to_string() },
            )?),
            _ if demo => Some("LT121000011101001000".to_string()),
            _ => None,
        };
        let fee_bic = get("VARTAI_FEE_BIC").filter(|b| !b.trim().is_empty());
        let login_codes_per_address = positive("VARTAI_LOGIN_CODES_PER_ADDRESS", 5)?;
        let login_codes_per_client = positive("VARTAI_LOGIN_CODES_PER_CLIENT", 30)?;
        let client_ip_header = get("VARTAI_CLIENT_IP_HEADER");
        if let Some(h) = &client_ip_header {
            if http::HeaderName::from_bytes(h.as_bytes()).is_err() {
                return Err(ConfigError::Invalid {
                    name: "VARTAI_CLIENT_IP_HEADER",
                    reason: format!("{h:?} is not a header name"),
                });
            }
        }
        let eid = match get("VARTAI_EID_ISSUER") {
            None => None,
            Some(issuer) => {
                let required = |name: &'static str| {
                    get(name).ok_or(ConfigError::Invalid {
                        name,
                        reason: "required when VARTAI_EID_ISSUER is set".into(),
                    })
                };
                Some(crate::eid::EidConfig {
                    issuer: issuer.trim_end_matches('/').to_string(),
                    client_id: required("VARTAI_EID_CLIENT_ID")?,
                    client_secret: required("VARTAI_EID_CLIENT_SECRET")?,
                    personal_code_claim: get("VARTAI_EID_PERSONAL_CODE_CLAIM")
                        .unwrap_or_else(|| "personal_code".into()),
                    scopes: get("VARTAI_EID_SCOPES")
                        .unwrap_or_else(|| "profile".into())
                        .split_whitespace()
                        .map(String::from)
                        .collect(),
                })
            }
        };
        let mail_from =
            get("VARTAI_MAIL_FROM").unwrap_or_else(|| "Vartai <no-reply@localhost>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid {
                name: "VARTAI_MAIL_FROM",
                reason: format!(
                    "{mail_from:?} is not an address like \"Vartai <no-reply@example.lt>\""
                ),
            });
        }
        Ok(Config {
            eid,
            session_idle_secs,
            session_max_secs,
            login_code_minutes,
            min_monthly_wage_eur,
            fee_iban,
            fee_bic,
            upload_max_bytes,
            upload_checker: get("VARTAI_UPLOAD_CHECKER").map(std::path::PathBuf::from),
            upload_checks,
            upload_check_limits,
            live_streams_per_client,
            clamav: get("VARTAI_CLAMAV"),
            login_codes_per_address,
            login_codes_per_client,
            client_ip_header,
            smtp_url: get("SMTP_URL"),
            sms: get("VARTAI_SMS_URL").map(|url| crate::outbox::sms::SmsConfig {
                url,
                body: get("VARTAI_SMS_BODY")
                    .unwrap_or_else(|| crate::outbox::sms::DEFAULT_BODY.into()),
                content_type: get("VARTAI_SMS_CONTENT_TYPE")
                    .unwrap_or_else(|| "application/json".into()),
                authorization: get("VARTAI_SMS_AUTHORIZATION"),
            }),
            mail_from,
            outbox_poll_ms,
            outbox_retry_base_ms,
            outbox_claim_ms,
            outbox_keep_days,
            scheduler_tick_secs,
            job_interval_secs,
            booking,
            queue_near_position,
            availability_per_account,
            availability_per_client,
            uploads_per_hour,
            data_dir,
            database_url,
            database_owner_url,
            addr,
            base_url,
            secret_key,
            demo,
            demo_eid,
            max_body_bytes,
            fixed_now,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            db_max_connections,
        })
    }

    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

fn decode_key(v: &str) -> Result<SecretKey, ConfigError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(v.trim())
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(v.trim()))
        .map_err(|_| ConfigError::Invalid {
            name: "VARTAI_SECRET_KEY",
            reason: "not base64".into(),
        })?;
    if bytes.len() < 32 {
        return Err(ConfigError::Invalid {
            name: "VARTAI_SECRET_KEY",
            reason: "must decode to at least 32 bytes".into(),
        });
    }
    Ok(SecretKey(bytes))
}

/// The generated key lives in `<data dir>/secret.key`, readable by the owner only, so
/// sessions survive restarts without the operator having to manage a secret on day one.
fn load_or_create_key(data_dir: &std::path::Path) -> Result<SecretKey, ConfigError> {
    use base64::Engine;
    use rand::RngCore;
    let path = data_dir.join("secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return decode_key(&text);
    }
    let mut bytes = vec![0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let text = base64::engine::general_purpose::STANDARD.encode(&bytes);
    write_private(&path, text.as_bytes())?;
    tracing::info!(path = %path.display(), "generated a new secret key");
    Ok(SecretKey(bytes))
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(data)
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let dir = std::env::temp_dir().join(format!("vartai-cfg-{}", rand::random::<u64>()));
        let mut map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        map.entry("VARTAI_DATA_DIR".into())
            .or_insert(dir.display().to_string());
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_a_demo_on_sqlite_and_keep_the_generated_key() {
        let c = cfg(&[]).unwrap();
        assert!(c.database_url.starts_with("sqlite://"));
        assert!(c.demo);
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert!(!c.is_https());
        let again = cfg(&[("VARTAI_DATA_DIR", c.data_dir.to_str().unwrap())]).unwrap();
        assert_eq!(again.secret_key.bytes(), c.secret_key.bytes());
    }

    #[test]
    fn demo_mode_stays_on_this_machine_unless_forced() {
        for reachable in [
            &[("VARTAI_ADDR", "0.0.0.0:3000")][..],
            &[("VARTAI_BASE_URL", "https://vartai.example.lt")][..],
            &[("VARTAI_ADDR", "[::]:3000"), ("VARTAI_DEMO", "1")][..],
        ] {
            let e = cfg(reachable).unwrap_err().to_string();
            assert!(
                e.starts_with("VARTAI_DEMO") && e.contains("/dev/mailbox"),
                "{e}"
            );
            let mut forced = reachable.to_vec();
            forced.push(("VARTAI_DEMO_FORCE", "1"));
            assert!(cfg(&forced).unwrap().demo);
        }
        // Loopback and plain http: the README's run command.
        assert!(cfg(&[("VARTAI_ADDR", "127.0.0.1:3000")]).unwrap().demo);
        assert!(cfg(&[("VARTAI_ADDR", "[::1]:3000")]).unwrap().demo);
        // Not in demo mode: any address.
        let c = cfg(&[
            ("VARTAI_ADDR", "0.0.0.0:3000"),
            ("DATABASE_URL", "postgres://x@localhost/y"),
        ])
        .unwrap();
        assert!(!c.demo);
    }

    #[test]
    fn an_explicit_database_turns_demo_off_unless_asked() {
        let c = cfg(&[("DATABASE_URL", "postgres://x@localhost/y")]).unwrap();
        assert!(!c.demo);
        let c = cfg(&[
            ("DATABASE_URL", "postgres://x@localhost/y"),
            ("VARTAI_DEMO", "yes"),
        ])
        .unwrap();
        assert!(c.demo);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = cfg(&[("VARTAI_ADDR", "nonsense")]).unwrap_err().to_string();
        assert!(e.starts_with("VARTAI_ADDR"), "{e}");
        let e = cfg(&[("VARTAI_SECRET_KEY", "c2hvcnQ=")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("32 bytes"), "{e}");
        let e = cfg(&[("VARTAI_BASE_URL", "ftp://x")])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("VARTAI_BASE_URL"), "{e}");
        let e = cfg(&[("VARTAI_DEMO", "maybe")]).unwrap_err().to_string();
        assert!(e.starts_with("VARTAI_DEMO"), "{e}");
        let e = cfg(&[("VARTAI_SESSION_IDLE_SECS", "0")])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("VARTAI_SESSION_IDLE_SECS"), "{e}");
        let e = cfg(&[("VARTAI_CLIENT_IP_HEADER", "not a header")])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("VARTAI_CLIENT_IP_HEADER"), "{e}");
    }

    #[test]
    fn secrets_are_not_printed() {
        let c = cfg(&[]).unwrap();
        assert_eq!(format!("{:?}", c.secret_key), "SecretKey(…)");
    }
}
