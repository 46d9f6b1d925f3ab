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
    /// The clock sessions age on (idle timeout, absolute lifetime): pinned to when the first
    /// server started and shared by its restarts and other instances; tests move it with
    /// `advance` instead of sleeping.
    pub session_clock: app::ssr::Clock,
    extra: Vec<(String, String)>,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<Result<(), server::StartError>>>,
    pg_admin: Option<(String, String)>,
    /// False for a second instance: finishing it leaves the shared data directory alone.
    owns_data: bool,
}

/// Serves `public/` as the site root (`TestServer::start_with(db, &[PUBLIC_FILES])`), so static
/// files (the favicon, the service worker, the manifest) exist without a release build.
pub const PUBLIC_FILES: (&str, &str) = (
    "LEPTOS_SITE_ROOT",
    concat!(env!("CARGO_MANIFEST_DIR"), "/../public"),
);

/// The PostgreSQL server the suite uses: `VARTAI_TEST_PG` (an admin URL). The README's test
/// command starts one and sets it; without it the PostgreSQL half fails with this message.
fn pg_admin_url() -> String {
    std::env::var("VARTAI_TEST_PG").expect(
        "VARTAI_TEST_PG is not set: run the suite with `bash scripts/test.sh` (it starts PostgreSQL), \
         or point it at a server, e.g. postgres://postgres@127.0.0.1:5433/postgres",
    )
}

/// Runs `statements` as the suite's PostgreSQL admin.
async fn as_pg_admin(statements: &[String]) {
    let conn = sqlx::PgPool::connect(&pg_admin_url())
        .await
        .expect("connect to VARTAI_TEST_PG");
    for sql in statements {
        sqlx::query(sql).execute(&conn).await.expect(sql);
    }
    conn.close().await;
}

/// A new PostgreSQL database copied from the migrated template: the admin URL and its name.
async fn pg_test_database() -> (String, String) {
    let admin = pg_admin_url();
    let name = format!("vartai_test_{}", rand::random::<u32>());
    let template = pg_template(&admin).await;
    as_pg_admin(&[format!("CREATE DATABASE {name} TEMPLATE {template}")]).await;
    (admin, name)
}

/// A migrated SQLite database, made once per test process: each test server starts on a copy
/// (its own start then finds nothing to migrate, as a restarted server does).
async fn sqlite_template() -> &'static PathBuf {
    static TEMPLATE: tokio::sync::OnceCell<PathBuf> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let file = temp_dir().join("template.db");
            let url = format!("sqlite://{}?mode=rwc", file.display());
            let db = server::db::connect(&url, 1)
                .await
                .expect("template database");
            server::db::migrate(&db)
                .await
                .expect("migrate the template");
            // Everything into the main file, so a copy of that file is the whole database.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&db.pool)
                .await
                .expect("checkpoint");
            db.pool.close().await;
            file
        })
        .await
}

/// The name of a migrated PostgreSQL database that test databases are created from
/// (`CREATE DATABASE … TEMPLATE`, a file copy) instead of running every migration per test. Its
/// name carries a hash of the migrations, so a changed migration makes a new one; made once per
/// test process (and kept in the cluster for the next run).
async fn pg_template(admin: &str) -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            use sha2::Digest;
            let dir = format!("{}/../migrations/postgres", env!("CARGO_MANIFEST_DIR"));
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("migrations")
                .map(|e| e.expect("migration").path())
                .collect();
            files.sort();
            let mut hash = sha2::Sha256::new();
            for f in &files {
                hash.update(f.file_name().unwrap().as_encoded_bytes());
                hash.update(std::fs::read(f).expect("migration file"));
            }
            let digest = hash.finalize();
            let name = format!(
                "vartai_tpl_{}",
                digest[..8]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            );
            let conn = sqlx::PgPool::connect(admin)
                .await
                .expect("connect to VARTAI_TEST_PG");
            if !database_exists(&conn, &name).await {
                // Built under a name of its own and renamed when complete, so another process
                // never copies a half-migrated template.
                let building = format!("{name}_{}", rand::random::<u32>());
                sqlx::query(&format!("CREATE DATABASE {building}"))
                    .execute(&conn)
                    .await
                    .expect("create the template");
                let (base, _) = admin.rsplit_once('/').expect("admin URL has a database");
                let db = server::db::connect(&format!("{base}/{building}"), 1)
                    .await
                    .expect("connect to the template");
                server::db::migrate(&db)
                    .await
                    .expect("migrate the template");
                db.pool.close().await;
                // The migration's connection may still be closing on the server's side ("being
                // accessed by other users"), most often on a new machine: try again shortly.
                let mut tries = 0;
                while let Err(e) =
                    sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                        .execute(&conn)
                        .await
                {
                    if database_exists(&conn, &name).await {
                        // Another process made it first.
                        let _ = sqlx::query(&format!(
                            "DROP DATABASE IF EXISTS {building} WITH (FORCE)"
                        ))
                        .execute(&conn)
                        .await;
                        break;
                    }
                    tries += 1;
                    assert!(tries < 100, "rename the template {building} to {name}: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
            conn.close().await;
            name
        })
        .await
}

/// Whether the cluster has a database called `name`.
async fn database_exists(conn: &sqlx::PgPool, name: &str) -> bool {
    let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(conn)
        .await
        .expect("look for the template");
    found.is_some()
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
            Db::Sqlite => {
                let file = data_dir.join("vartai.db");
                std::fs::copy(sqlite_template().await, &file).expect("copy the migrated template");
                (format!("sqlite://{}?mode=rwc", file.display()), None)
            }
            Db::Postgres => {
                let (admin, name) = pg_test_database().await;
                let (base, _) = admin.rsplit_once('/').expect("admin URL has a database");
                (format!("{base}/{name}"), Some((admin, name)))
            }
        };
        Self::start_on(data_dir, database_url, pg_admin, extra, None).await
    }

    /// A PostgreSQL server whose application role is not the schema's owner (issue #21.10):
    /// `DATABASE_URL` logs in as a new role `role` with no rights of its own, and
    /// `DATABASE_OWNER_URL` as the suite's admin, who owns the migrated tables. The role outlives
    /// the server: drop it with `drop_role` after `finish`.
    pub async fn start_with_separate_owner(role: &str, extra: &[(&str, &str)]) -> Self {
        as_pg_admin(&[format!("CREATE ROLE {role} LOGIN PASSWORD 'app-{role}'")]).await;
        let (admin, name) = pg_test_database().await;
        let mut owner = reqwest::Url::parse(&admin).expect("admin URL");
        owner.set_path(&name);
        let mut app = owner.clone();
        app.set_username(role).expect("user");
        app.set_password(Some(&format!("app-{role}")))
            .expect("password");
        let owner = owner.to_string();
        let mut vars: Vec<(&str, &str)> = vec![("DATABASE_OWNER_URL", &owner)];
        vars.extend_from_slice(extra);
        Self::start_on(
            temp_dir(),
            app.to_string(),
            Some((admin, name)),
            &vars,
            None,
        )
        .await
    }

    /// Drops a role made by `start_with_separate_owner` (its database gone with `finish`).
    pub async fn drop_role(role: &str) {
        as_pg_admin(&[format!("DROP ROLE IF EXISTS {role}")]).await;
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
        let clock = Some(self.session_clock.clone());
        Self::start_on(
            self.data_dir.clone(),
            self.database_url.clone(),
            pg,
            &extra,
            clock,
        )
        .await
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
            Some(self.session_clock.clone()),
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
        session_clock: Option<app::ssr::Clock>,
    ) -> Self {
        let mut vars: HashMap<String, String> = HashMap::new();
        vars.insert("VARTAI_DATA_DIR".into(), data_dir.display().to_string());
        vars.insert("DATABASE_URL".into(), database_url.clone());
        vars.insert("VARTAI_DEMO".into(), "1".into());
        // The e-ID tests bring their own provider; `demo_eid.rs` turns the demo one on.
        vars.insert("VARTAI_DEMO_EID".into(), "0".into());
        vars.insert("VARTAI_ADDR".into(), "127.0.0.1:0".into());
        vars.insert("VARTAI_DB_MAX_CONNECTIONS".into(), "4".into());
        vars.insert(
            "VARTAI_UPLOAD_CHECKER".into(),
            upload_checker().display().to_string(),
        );
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
        let mut state = server::prepare(config).await.expect("server starts");
        let session_clock =
            session_clock.unwrap_or_else(|| app::ssr::Clock::fixed(jiff::Timestamp::now()));
        state.auth.clock = session_clock.clone();
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
            session_clock,
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

    /// Asks for a graceful stop and returns at once (`stop_and_wait` then waits for it).
    pub fn ask_to_stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
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

/// This package's upload checker (src/bin/upload_check.rs), which cargo builds before the tests,
/// beside the `deps` directory the test binary runs from.
pub fn upload_checker() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let mut dir = exe.parent().expect("a directory").to_path_buf();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let checker = dir.join(format!(
        "vartai-upload-check{}",
        std::env::consts::EXE_SUFFIX
    ));
    assert!(
        checker.exists(),
        "{} is missing: cargo test -p vartai-tests builds it",
        checker.display()
    );
    checker
}

/// The text of an HTML page with the common entities decoded, for `contains` checks. Leptos's
/// hydration markers (`<!>` comments, which a reader never sees) are left out: where they fall
/// depends on how the view was compiled (`--cfg erase_components` puts one after each element's
/// children), and a check should not.
pub fn unescape(html: &str) -> String {
    html.replace("<!>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The (field, code) pairs of a refusal (`AppError::Invalid`); panics on any other answer.
/// `(field, code)` pairs as [`codes`] returns them, for comparing with it:
/// `assert_eq!(codes(&a), pairs(&[("action", "action_not_allowed")]))`.
pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

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

/// Waits until each scheduler job in `jobs` has done a whole run that began after this call (its
/// lease row's `last_run_ms` moved twice: the first move may end a run that was already under
/// way), then until the outbox has nothing left to deliver. A test that asserts that something
/// did *not* happen asserts it after this, not after a sleep that may end before the job ran.
pub async fn settled(s: &TestServer, jobs: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    for job in jobs {
        let last = || async {
            sqlx::query_scalar::<_, i64>("SELECT last_run_ms FROM job_leases WHERE name = $1")
                .bind(*job)
                .fetch_optional(&s.db.pool)
                .await
                .expect("read the job's lease")
                .unwrap_or(0)
        };
        let mut seen = last().await;
        let mut moves = 0;
        while moves < 2 {
            assert!(
                std::time::Instant::now() < deadline,
                "the job {job} did not run twice within 30 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            let now = last().await;
            if now != seen {
                seen = now;
                moves += 1;
            }
        }
    }
    outbox_drained(s).await;
}

/// Waits until every outbox row is delivered or has failed for good.
pub async fn outbox_drained(s: &TestServer) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(&s.db.pool)
        .await
        .expect("count the outbox");
        if pending == 0 {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{pending} messages still undelivered after 30 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}
