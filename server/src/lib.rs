//! The Vartai server: configuration, database, HTTP (pages, server functions, JSON API).
//! `run` is what `main` calls and what the black-box tests start on a free port.
pub mod api;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod demo_eid;
pub mod eid;
pub mod http;
pub mod outbox;
pub mod queue_listener;
pub mod scheduler;
pub mod sessions;
pub mod telemetry;
pub mod uploads;

use app::ssr::{Clock, Db};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Everything a handler may need. Provided to axum handlers and, as Leptos context, to every
/// render and server function.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<config::Config>,
    pub clock: Clock,
    /// Wakes this instance's outbox worker after a commit that enqueued a notice.
    pub outbox: outbox::Wake,
    /// How e-mail leaves (SMTP or files), built once from the configuration.
    pub mailer: outbox::mailer::Mailer,
    /// How text messages leave (an HTTP gateway or files).
    pub sms: outbox::sms::SmsGateway,
    /// Where sessions live (the same database, through a typed pool).
    pub sessions: sessions::Store,
    /// Account settings handed to server functions.
    pub auth: app::ssr::auth::AuthSettings,
    /// The national e-ID provider, when configured.
    pub eid: eid::Shared,
    /// The demo identity provider (`/dev/eid`), in demo mode without a real one.
    pub demo_idp: demo_eid::Shared,
    /// Issue #7.5: this instance's counters of calendar requests.
    pub availability: app::visits::ssr::AvailabilityLimits,
    /// Issue #7.2: this instance's copy of the offices' plans for the calendar (5 s).
    pub plans: app::visits::ssr::PlanCache,
    /// Issue #23.7: this instance's copy of the seats held per office-day for the calendar
    /// (2 s; a booking or cancellation here forgets its day at once).
    pub seats: app::visits::ssr::SeatCache,
    /// Issue #8: this instance's live queue feeds.
    pub queue: app::queue::live::QueueHub,
    /// Issue #21.1: the upload check, in child processes, a few at a time.
    pub uploads: uploads::sandbox::Checker,
    /// Issue #21.9: live queue streams open per client address.
    pub live_streams: http::queue::Streams,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("listen: {0}")]
    Io(#[from] std::io::Error),
    /// The mail or e-ID settings cannot be used.
    #[error("{0}")]
    Mail(String),
}

/// Connects, migrates, seeds the demo when asked, and builds the state.
pub async fn prepare(config: config::Config) -> Result<AppState, StartError> {
    let db = db::connect(&config.database_url, config.db_max_connections).await?;
    db::migrate_with(&db, config.database_owner_url.as_deref()).await?;
    if !config.demo && db::owns_audit_log(&db).await {
        tracing::warn!(
            "the application's database role owns the audit log and could change it: \
             set DATABASE_OWNER_URL to the schema owner's connection (README, Security)"
        );
    }
    if config.demo {
        demo::seed(&db).await?;
    }
    // Cases submitted before search existed become searchable (issue #6.1).
    match app::cases::ssr::index_for_search(&db).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(cases = n, "indexed for search"),
        Err(e) => tracing::warn!(error = ?e, "cases not indexed for search"),
    }
    let leptos_options = LeptosOptions::builder()
        .output_name("vartai")
        .site_root(config.site_root.as_str())
        .site_pkg_dir(http::site_pkg_dir(&config.site_root))
        .site_addr(config.addr)
        .build();
    let clock = match config.fixed_now {
        Some(ts) => Clock::fixed(ts),
        None => Clock::System,
    };
    // Refuse to start with an unusable SMTP_URL rather than fail every delivery later.
    let mailer =
        outbox::mailer::Mailer::new(config.smtp_url.as_deref(), config.data_dir.join("mail"))
            .map_err(StartError::Mail)?;
    let sms = outbox::sms::SmsGateway::new(config.sms.clone(), config.data_dir.join("sms"))
        .map_err(StartError::Mail)?;
    let sessions = sessions::Store::connect(
        &config.database_url,
        &db,
        config.database_owner_url.is_some(),
    )
    .await?;
    let auth = app::ssr::auth::AuthSettings {
        secret: config.secret_key.bytes().into(),
        code_minutes: config.login_code_minutes,
        codes_per_address_per_hour: config.login_codes_per_address,
        codes_per_client_per_hour: config.login_codes_per_client,
        session_max_secs: config.session_max_secs,
        session_idle_secs: config.session_idle_secs,
        // Sessions age in real time, as the outbox does: `VARTAI_NOW` pins the legal calendar,
        // not the infrastructure. (The black-box tests swap in a clock they move.)
        clock: Clock::System,
        client_ip_header: config.client_ip_header.clone(),
        secure_cookies: config.is_https(),
    };
    // Demo mode without a real e-ID: Vartai's own test provider stands in for it.
    let demo_idp = if config.eid.is_none() && config.demo_eid {
        Some(Arc::new(
            demo_eid::DemoIdp::new(&config.base_url).map_err(StartError::Mail)?,
        ))
    } else {
        None
    };
    let eid_config = match &demo_idp {
        Some(_) => Some(demo_eid::config(&config.base_url)),
        None => config.eid.clone(),
    };
    let eid = match eid_config {
        Some(c) => Some(Arc::new(
            eid::Eid::new(c, &config.base_url).map_err(StartError::Mail)?,
        )),
        None => None,
    };
    // The upload checker is this very program unless configured (the tests bring their own).
    let checker = match &config.upload_checker {
        Some(p) => p.clone(),
        None => std::env::current_exe()?,
    };
    let uploads = uploads::sandbox::Checker::new(
        checker,
        uploads::check::Limits {
            max_bytes: config.upload_max_bytes,
            ..uploads::check::Limits::default()
        },
        config.upload_check_limits,
        config.upload_checks,
    );
    Ok(AppState {
        live_streams: http::queue::Streams::default(),
        uploads,
        eid,
        demo_idp,
        availability: app::visits::ssr::AvailabilityLimits::new(
            config.availability_per_account,
            config.availability_per_client,
        ),
        plans: app::visits::ssr::PlanCache::new(5_000),
        seats: app::visits::ssr::SeatCache::new(2_000),
        queue: app::queue::live::QueueHub::new(db.clone(), clock.clone()),
        sessions,
        auth,
        leptos_options,
        db,
        config: Arc::new(config),
        clock,
        outbox: outbox::Wake::default(),
        mailer,
        sms,
    })
}

/// Serves until `shutdown` resolves; requests in flight then finish before it returns. The
/// outbox worker runs alongside and stops after the last request (finishing a delivery under way).
pub async fn run(
    config: config::Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let state = prepare(config).await?;
    let listener = tokio::net::TcpListener::bind(state.config.addr).await?;
    serve(state, listener, shutdown).await
}

pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let addr = listener.local_addr()?;
    tracing::info!(%addr, backend = ?state.db.backend, demo = state.config.demo, "Vartai is listening on http://{addr}");
    if state.config.demo {
        tracing::warn!(
            "DEMO MODE: every login code is readable at /dev/mailbox{}; never use real data here",
            if state.demo_idp.is_some() {
                " and the test e-ID at /dev/eid logs anyone in"
            } else {
                ""
            }
        );
    }
    let router = http::app(state.clone());
    let (stop_worker, stop) = tokio::sync::watch::channel(false);
    let worker = outbox::worker::Worker {
        db: state.db.clone(),
        mailer: state.mailer.clone(),
        sms: state.sms.clone(),
        from: state.config.mail_from.clone(),
        poll: std::time::Duration::from_millis(state.config.outbox_poll_ms),
        retry_base_ms: state.config.outbox_retry_base_ms,
        claim_ms: i64::try_from(state.config.outbox_claim_ms).unwrap_or(i64::MAX),
        wake: state.outbox.clone(),
        key: state.auth.secret.clone(),
        keep_secrets: state.config.demo,
    };
    let http = async {
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown({
            let hub = state.queue.clone();
            async move {
                shutdown.await;
                hub.stop();
            }
        })
        .await;
        let _ = stop_worker.send(true);
        served
    };
    let housekeeping = sessions::housekeeping(
        state.sessions.clone(),
        state.db.clone(),
        std::time::Duration::from_secs(300),
        stop.clone(),
    );
    let scheduler = scheduler::Scheduler {
        state: state.clone(),
        tick: std::time::Duration::from_secs(state.config.scheduler_tick_secs),
        every: std::time::Duration::from_secs(state.config.job_interval_secs),
    };
    let jobs = scheduler.run(stop.clone());
    // Issue #8.7: queue changes from every instance (PostgreSQL only; SQLite has one).
    let listen = {
        let (backend, url, hub, stop) = (
            state.db.backend,
            state.config.database_url.clone(),
            state.queue.clone(),
            stop.clone(),
        );
        async move {
            if backend == app::ssr::Backend::Postgres {
                queue_listener::run(url, hub, stop).await;
            }
        }
    };
    let (served, (), (), (), ()) = tokio::join!(http, worker.run(stop), housekeeping, jobs, listen);
    served?;
    state.db.pool.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// `server user add`: connects and migrates like the server does, then adds the user.
pub async fn cli_user_add(config: config::Config, cmd: &cli::UserAdd) -> Result<i64, String> {
    let db = db::connect(&config.database_url, 2)
        .await
        .map_err(|e| e.to_string())?;
    db::migrate_with(&db, config.database_owner_url.as_deref())
        .await
        .map_err(|e| e.to_string())?;
    if config.demo {
        demo::seed(&db).await.map_err(|e| e.to_string())?;
    }
    let id = cli::user_add(&db, cmd).await;
    db.pool.close().await;
    id
}

/// `server documents import <file.csv>`: connects and migrates, then imports (issue #6.3).
pub async fn cli_documents_import(
    config: config::Config,
    file: &std::path::Path,
) -> Result<usize, Vec<String>> {
    let text =
        std::fs::read_to_string(file).map_err(|e| vec![format!("{}: {e}", file.display())])?;
    let db = db::connect(&config.database_url, 2)
        .await
        .map_err(|e| vec![e.to_string()])?;
    db::migrate_with(&db, config.database_owner_url.as_deref())
        .await
        .map_err(|e| vec![e.to_string()])?;
    let n = cli::documents_import(&db, &text).await;
    db.pool.close().await;
    n
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
