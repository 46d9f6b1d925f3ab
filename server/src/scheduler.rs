//! Periodic jobs inside the server (issue #6.6): expiry reminders (R-SV-3), invitations to
//! collect a card that has waited a month (R-DL-8), visit reminders and the waitlist's holds
//! and offers (issue #7), closing the queue tickets past days left open (issue #8).
//!
//! Every instance runs this loop. A job runs on the instance that claims its lease in the
//! database (one conditional UPDATE: free, or expired, and not run within its interval), so
//! with several instances it runs once per interval, and a crashed instance's lease simply
//! runs out. The jobs themselves never rely on the lease for correctness: each message is
//! claimed by a row written in the transaction that queues it, so nothing is sent twice even
//! if two instances ran a job at once. Hours are Europe/Vilnius (the server's clock), so no
//! one is messaged at night.
use crate::AppState;
use app::ssr::auth::now_ms;
use std::time::Duration;
use tokio::sync::watch;

/// One periodic job.
#[derive(Debug, Clone, Copy)]
pub struct Job {
    pub name: &'static str,
    /// Runs only from this local hour (inclusive) …
    pub from_hour: i8,
    /// … until this one (exclusive), Europe/Vilnius.
    pub until_hour: i8,
    /// Runs on every tick rather than once per `VARTAI_JOB_INTERVAL_SECS`.
    pub every_tick: bool,
}

pub const JOBS: [Job; 6] = [
    Job {
        name: "expiry_reminders",
        from_hour: 8,
        until_hour: 20,
        every_tick: false,
    },
    Job {
        name: "collection_invitations",
        from_hour: 8,
        until_hour: 20,
        every_tick: false,
    },
    Job {
        name: "visit_reminders",
        from_hour: 8,
        until_hour: 20,
        every_tick: false,
    },
    // Issue #7.4: holds run out at any hour (offers made at night are held from 07:00).
    Job {
        name: "waitlist",
        from_hour: 0,
        until_hour: 24,
        every_tick: true,
    },
    // Issue #8: the queue tickets of past days left open are closed.
    Job {
        name: "queue_close",
        from_hour: 0,
        until_hour: 24,
        every_tick: false,
    },
    // Issue #21.4: delivered and given-up messages older than VARTAI_OUTBOX_KEEP_DAYS go.
    Job {
        name: "outbox_purge",
        from_hour: 0,
        until_hour: 24,
        every_tick: false,
    },
];

/// How long a claimed lease lasts: a job that takes longer may run twice (harmless).
const LEASE_MS: i64 = 10 * 60 * 1000;

/// The scheduler of one instance.
pub struct Scheduler {
    pub state: AppState,
    /// How often the loop looks for due jobs.
    pub tick: Duration,
    /// The least time between two runs of a job.
    pub every: Duration,
}

impl Scheduler {
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        if self.tick.is_zero() {
            return;
        }
        let holder = format!("{:016x}", rand::random::<u64>());
        for job in JOBS {
            let created = sqlx::query(
                "INSERT INTO job_leases (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
            )
            .bind(job.name)
            .execute(&self.state.db.pool)
            .await;
            if let Err(e) = created {
                tracing::error!(error = %e, job = job.name, "scheduler: cannot create the lease row");
            }
        }
        loop {
            tokio::select! {
                _ = tokio::time::sleep(self.tick) => {}
                _ = stop.changed() => return,
            }
            if *stop.borrow() {
                return;
            }
            for job in JOBS {
                let hour = self.state.clock.now().hour();
                if hour < job.from_hour || hour >= job.until_hour {
                    continue;
                }
                match self.claim(job, &holder).await {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(e) => {
                        tracing::warn!(error = %e, job = job.name, "scheduler: claim failed");
                        continue;
                    }
                }
                let today = self.state.clock.today();
                let done = match job.name {
                    "expiry_reminders" => {
                        app::held::ssr::send_due_reminders(&self.state.db, today).await
                    }
                    "visit_reminders" => {
                        app::visits::ssr::remind_tomorrow(&self.state.db, today).await
                    }
                    "waitlist" => {
                        app::visits::line::sweep(
                            &self.state.db,
                            &self.state.config.booking,
                            &self.state.clock.now(),
                        )
                        .await
                    }
                    "queue_close" => {
                        app::queue::ssr::close_past_days(&self.state.db, today, now_ms()).await
                    }
                    "outbox_purge" => {
                        let keep_ms = i64::try_from(self.state.config.outbox_keep_days)
                            .unwrap_or(i64::MAX / 86_400_000)
                            * 86_400_000;
                        crate::outbox::purge(&self.state.db, now_ms().saturating_sub(keep_ms)).await
                    }
                    _ => app::cases::ssr::invite_uncollected(&self.state.db, today).await,
                };
                match done {
                    Ok(n) => {
                        if n > 0 {
                            tracing::info!(job = job.name, sent = n, "scheduler: job ran");
                            self.state.outbox.now();
                        }
                    }
                    Err(e) => tracing::error!(error = %e, job = job.name, "scheduler: job failed"),
                }
                let released = sqlx::query(
                    "UPDATE job_leases SET last_run_ms = $3, until_ms = 0 \
                     WHERE name = $1 AND holder = $2",
                )
                .bind(job.name)
                .bind(&holder)
                .bind(now_ms())
                .execute(&self.state.db.pool)
                .await;
                if let Err(e) = released {
                    tracing::warn!(error = %e, job = job.name, "scheduler: release failed");
                }
            }
        }
    }

    /// Takes the job's lease if it is free (or expired) and the job is due.
    async fn claim(&self, job: Job, holder: &str) -> Result<bool, sqlx::Error> {
        let now = now_ms();
        let every = if job.every_tick {
            0
        } else {
            i64::try_from(self.every.as_millis()).unwrap_or(i64::MAX)
        };
        let n = sqlx::query(
            "UPDATE job_leases SET holder = $2, until_ms = $3 \
             WHERE name = $1 AND until_ms < $4 AND last_run_ms <= $5",
        )
        .bind(job.name)
        .bind(holder)
        .bind(now + LEASE_MS)
        .bind(now)
        .bind(now.saturating_sub(every))
        .execute(&self.state.db.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }
}
