//! Starts the real Vartai server in-process on a free loopback port with a fresh database
//! (a new SQLite file, or a new PostgreSQL database created for the test), and talks to it
//! over real HTTP.
use server::config::Config;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::sync::oneshot;

pub mod apply;
pub mod browser;
pub mod cases;
pub mod login;
pub mod oidc;
pub mod sms;
pub mod smtp;
pub mod sse;
pub mod visits;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub base: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// The server's own database handle (tests enqueue outbox rows and read state through it).
    pub db: app::ssr::Db,
    extra: Vec<(String, String)>,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<Result<(), server::StartError>>>,
    pg_admin: Option<(String, String)>,
    /// False for a second instance: finishing it leaves the shared data directory alone.
    owns_data: bool,
}

/// The PostgreSQL server the suite uses: `VARTAI_TEST_PG` (an admin URL). The README's test
/// command starts one and sets it; without it the PostgreSQL half fails with this message.
fn pg_admin_url() -> String {
    std::env::var("VARTAI_TEST_PG").expect(
        "VARTAI_TEST_PG is not set: run the suite with `bash scripts/test.sh` (it starts PostgreSQL), \
         or point it at a server, e.g. postgres://postgres@127.0.0.1:5432/postgres",
    )
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vartai-test-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

impl TestServer {
    /// The id of the office with this slug (a demo office).
    pub async fn office_id(&self, slug: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM offices WHERE slug = $1")
            .bind(slug)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    pub async fn start(db: Db) -> Self {
        Self::start_with(db, &[]).await
    }

    /// Starts a server; `extra` are configuration variables (`VARTAI_NOW`, …).
    pub async fn start_with(db: Db, extra: &[(&str, &str)]) -> Self {
        let data_dir = temp_dir();
        let (database_url, pg_admin) = match db {
            Db::Sqlite => (
                format!("sqlite://{}?mode=rwc", data_dir.join("vartai.db").display()),
                None,
            ),
            Db::Postgres => {
                let admin = pg_admin_url();
                let name = format!("vartai_test_{}", rand::random::<u32>());
                let conn = sqlx::PgPool::connect(&admin)
                    .await
                    .expect("connect to VARTAI_TEST_PG");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&conn)
                    .await
                    .expect("create test database");
                conn.close().await;
                let (base, _) = admin.rsplit_once('/').expect("admin URL has a database");
                (format!("{base}/{name}"), Some((admin, name)))
            }
        };
        Self::start_on(data_dir, database_url, pg_admin, extra).await
    }

    /// Starts a second server on the same data directory and database (restart tests).
    pub async fn restart(mut self) -> Self {
        self.stop_and_wait().await;
        let pg = self.pg_admin.take();
        let extra = std::mem::take(&mut self.extra);
        let extra: Vec<(&str, &str)> = extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Self::start_on(self.data_dir.clone(), self.database_url.clone(), pg, &extra).await
    }

    /// Restarts on the same data with the clock pinned to `now` (`VARTAI_NOW`): the legal
    /// clock tests move the days this way, as a real server's days go by.
    pub async fn restart_at(mut self, now: &str) -> Self {
        self.extra.retain(|(k, _)| k != "VARTAI_NOW");
        self.extra.push(("VARTAI_NOW".into(), now.into()));
        self.restart().await
    }

    /// A second server on the same database and data directory, running beside this one (the
    /// multi-instance tests). Finishing it stops it and leaves the shared data alone.
    pub async fn another_instance(&self) -> Self {
        let extra: Vec<(&str, &str)> = self
            .extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut s = Self::start_on(
            self.data_dir.clone(),
            self.database_url.clone(),
            None,
            &extra,
        )
        .await;
        s.owns_data = false;
        s
    }

    /// Like `restart`, but the first server is killed, not stopped: nothing it had in flight
    /// (requests, a delivery) gets to finish.
    pub async fn kill_and_restart(mut self) -> Self {
        if let Some(h) = self.handle.take() {
            h.abort();
            let _ = h.await;
        }
        // Only now: dropping the sender earlier would have asked for a graceful stop.
        self.stop.take();
        self.restart().await
    }

    async fn start_on(
        data_dir: PathBuf,
        database_url: String,
        pg_admin: Option<(String, String)>,
        extra: &[(&str, &str)],
    ) -> Self {
        let mut vars: HashMap<String, String> = HashMap::new();
        vars.insert("VARTAI_DATA_DIR".into(), data_dir.display().to_string());
        vars.insert("DATABASE_URL".into(), database_url.clone());
        vars.insert("VARTAI_DEMO".into(), "1".into());
        // The e-ID tests bring their own provider; `demo_eid.rs` turns the demo one on.
        vars.insert("VARTAI_DEMO_EID".into(), "0".into());
        vars.insert("VARTAI_ADDR".into(), "127.0.0.1:0".into());
        vars.insert("VARTAI_DB_MAX_CONNECTIONS".into(), "4".into());
        for (k, v) in extra {
            vars.insert(k.to_string(), v.to_string());
        }
        // Bound first, so the server knows its own address (links, the e-ID redirect URL).
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        vars.entry("VARTAI_BASE_URL".into())
            .or_insert_with(|| format!("http://{addr}"));
        let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("config");
        let state = server::prepare(config).await.expect("server starts");
        let db = state.db.clone();
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(server::serve(state, listener, async move {
            let _ = rx.await;
        }));
        TestServer {
            addr,
            base: format!("http://{addr}"),
            data_dir,
            database_url,
            db,
            extra: extra
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            stop: Some(tx),
            handle: Some(handle),
            pg_admin,
            owns_data: true,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client that does not follow redirects, so tests see the 303s themselves.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    pub async fn stop_and_wait(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await
                .expect("server task")
                .expect("server stopped cleanly");
        }
    }

    /// Stops the server and drops its PostgreSQL database.
    pub async fn finish(mut self) {
        self.stop_and_wait().await;
        if let Some((admin, name)) = self.pg_admin.take() {
            if let Ok(conn) = sqlx::PgPool::connect(&admin).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&conn)
                    .await;
                conn.close().await;
            }
        }
        if self.owns_data {
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}

/// The strings of a locale: the interface's (`app/locales`) and the letters' (`app/letters`),
/// merged, so tests assert what the app ships.
pub fn locale_strings(locale: &str) -> serde_json::Value {
    let read = |dir: &str| -> serde_json::Value {
        let path = format!("{}/../app/{dir}/{locale}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("locale file");
        serde_json::from_str(&text).expect("locale JSON")
    };
    let mut strings = read("locales");
    merge(&mut strings, read("letters"));
    strings
}

/// Adds `more`'s keys to `into`, object by object.
fn merge(into: &mut serde_json::Value, more: serde_json::Value) {
    match (into, more) {
        (serde_json::Value::Object(into), serde_json::Value::Object(more)) => {
            for (key, value) in more {
                merge(into.entry(key).or_insert(serde_json::Value::Null), value);
            }
        }
        (into, more) => *into = more,
    }
}

/// `s["a"]["b"]` for a dotted key.
pub fn tr(strings: &serde_json::Value, key: &str) -> String {
    key.split('.')
        .fold(strings, |v, k| &v[k])
        .as_str()
        .unwrap_or_else(|| panic!("no string {key}"))
        .to_string()
}

/// Runs one async test body against both databases.
#[macro_export]
macro_rules! both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Db::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Db::Postgres).await
                }
            }
        )*
    };
}

/// The text of an HTML page with the common entities decoded, for `contains` checks.
pub fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The (field, code) pairs of a refusal (`AccountError::Invalid`); panics on any other answer.
pub fn codes(a: &browser::Answer) -> Vec<(String, String)> {
    a.body["Invalid"]["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("not Invalid: {a:?}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["kind"]["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
