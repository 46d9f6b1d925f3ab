//! Load test of visit booking (issue #7): the real server in this process on a fresh SQLite
//! file (or a PostgreSQL database with `--postgres`, `VARTAI_TEST_PG` as for the tests), a
//! crowd of logged-in applicants with submitted applications, then for a fixed time
//!
//! * **availability**: every client asks for its calendar (`visits/plan`) as fast as it can;
//! * **booking**: every client books a slot of its own and cancels it, over and over (each
//!   booking is a conditional INSERT in a transaction with its timeline, audit entry and
//!   confirmation e-mail row; each cancel the same with an UPDATE).
//!
//! Prints requests per second and the p50/p99/max latency of each phase. The load generator
//! shares the machine (and its two cores) with the server, so the figures are a floor.
use std::sync::Arc;
use std::time::{Duration, Instant};
use vartai_tests::apply::crowd;
use vartai_tests::Db;

#[path = "../../load.rs"]
mod load;

struct Args {
    db: Db,
    clients: usize,
    seconds: u64,
}

fn args() -> Args {
    let (db, clients, seconds) = load::args(64, ("--seconds", "S", 10));
    Args { db, clients, seconds: seconds as u64 }
}

/// Latencies in microseconds.
fn report(name: &str, mut micros: Vec<u64>, errors: usize, elapsed: Duration) {
    let (p50, p99, max) = load::p50_p99_max(&mut micros);
    println!(
        "{name:<13} {:>8.0} req/s   p50 {p50:>6.2} ms   p99 {p99:>6.2} ms   max {max:>7.2} ms   ({} ok, {errors} refused)",
        micros.len() as f64 / elapsed.as_secs_f64(),
        micros.len(),
    );
}

/// The slot of client `i`: its own day and time among the first working days of the
/// calendar (20 half-hour slots a day at the Vilnius demo office, Monday to Thursday).
fn slot(i: usize) -> (String, String) {
    const DAYS: [&str; 8] = [
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
        "2026-11-30",
        "2026-12-01",
        "2026-12-02",
        "2026-12-03",
        "2026-12-07",
    ];
    let k = i % 20;
    (
        DAYS[(i / 20) % DAYS.len()].to_string(),
        format!("{:02}:{:02}", 8 + k / 2, (k % 2) * 30),
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let a = args();
    let (sink, s) = load::crowd_server(
        a.db,
        &[
            ("VARTAI_AVAILABILITY_PER_ACCOUNT", "100000000"),
            ("VARTAI_AVAILABILITY_PER_CLIENT", "100000000"),
            ("VARTAI_DB_MAX_CONNECTIONS", "16"),
        ],
    )
    .await;
    eprintln!("setting up {} clients on {:?} …", a.clients, a.db);
    let people = Arc::new(crowd(&s, &sink, a.clients).await);
    let base = s.base.clone();
    let run = Duration::from_secs(a.seconds);
    println!(
        "visit booking, {:?}, {} clients, {} s per phase",
        a.db, a.clients, a.seconds
    );

    // Availability: the calendar of each client's own application.
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..people.len() {
        let (people, base) = (people.clone(), base.clone());
        tasks.spawn(async move {
            let (b, _, id) = &people[i];
            let id = id.to_string();
            let (mut lat, mut errors) = (Vec::new(), 0);
            while started.elapsed() < run {
                let t = Instant::now();
                let r = b
                    .client
                    .post(format!("{base}/api/visits/plan"))
                    .header("accept", "application/json")
                    .form(&[("id", id.as_str())])
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        lat.push(t.elapsed().as_micros() as u64);
                    }
                    _ => errors += 1,
                }
            }
            (lat, errors)
        });
    }
    let (mut all, mut errors) = (Vec::new(), 0);
    while let Some(r) = tasks.join_next().await {
        let (l, e) = r.unwrap();
        all.extend(l);
        errors += e;
    }
    report("availability", all, errors, started.elapsed());

    // Booking: book one's own slot, cancel it, again.
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..people.len() {
        let (people, base) = (people.clone(), base.clone());
        tasks.spawn(async move {
            let (b, csrf, id) = &people[i];
            let id = id.to_string();
            let (day, time) = slot(i);
            let (mut books, mut cancels, mut errors) = (Vec::new(), Vec::new(), 0);
            while started.elapsed() < run {
                for (endpoint, form, into) in [
                    (
                        "visits/book",
                        vec![
                            ("id", id.as_str()),
                            ("day", &day),
                            ("time", &time),
                            ("csrf", csrf),
                        ],
                        &mut books,
                    ),
                    (
                        "visits/cancel",
                        vec![("id", id.as_str()), ("csrf", csrf)],
                        &mut cancels,
                    ),
                ] {
                    let t = Instant::now();
                    let r = b
                        .client
                        .post(format!("{base}/api/{endpoint}"))
                        .header("accept", "application/json")
                        .form(&form)
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status().is_success() || r.status().is_redirection() => {
                            let _ = r.bytes().await;
                            into.push(t.elapsed().as_micros() as u64);
                        }
                        _ => errors += 1,
                    }
                }
            }
            (books, cancels, errors)
        });
    }
    let (mut books, mut cancels, mut errors) = (Vec::new(), Vec::new(), 0);
    while let Some(r) = tasks.join_next().await {
        let (b, c, e) = r.unwrap();
        books.extend(b);
        cancels.extend(c);
        errors += e;
    }
    let elapsed = started.elapsed();
    report("book", books, errors, elapsed);
    report("cancel", cancels, 0, elapsed);
    s.finish().await;
}
