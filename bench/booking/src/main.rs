//! Load test of visit booking (issue #7): the real server in this process on a fresh SQLite
//! file (or a PostgreSQL database with `--postgres`, `VARTAI_TEST_PG` as for the tests), a
//! crowd of logged-in applicants with submitted applications, then for a fixed time
//!
//! * **availability**: every client asks for its calendar (`visits/plan`) as fast as it can;
//! * **booking**: every client books a slot of its own and cancels it, over and over (each
//!   booking is a conditional INSERT in a transaction with its timeline, audit entry and
//!   confirmation e-mail row; each cancel the same with an UPDATE).
//!
//! * **the 08:00 rush** (issue #23.7): the whole crowd opens the calendar in the same instant
//!   and goes for the earliest free time, as when a new booking day opens at the published
//!   hour; a time taken meanwhile is refused and the client reads the calendar again and
//!   takes the first free time it offers, until everyone has a seat. Rounds repeat (between
//!   them everyone cancels, outside the measured time) until the phase's time is up.
//!
//! * **wrk** (issue #23.7): the calendar reads again, by `wrk` (Debian's package) in its own
//!   process with one thread, over the same crowd's sessions: a load generator light enough
//!   that the figure is the server's, not reqwest's (`bench/booking/plan.lua`).
//!
//! Prints requests per second and the p50/p99/max latency of each phase. The load generator
//! shares the machine (and its two cores) with the server, so the figures are a floor.
use reqwest::cookie::CookieStore;
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
    /// The phases to run (`--phases availability,book,rush`; all by default).
    phases: Vec<String>,
}

const PHASES: &str = "availability,book,rush,wrk";

fn args() -> Args {
    let (db, clients, own) =
        load::args(64, &[("--seconds", "S", "10"), ("--phases", "P,Q", PHASES)]);
    let seconds = own[0].parse().expect("--seconds S: a number");
    let phases: Vec<String> = own[1].split(',').map(str::to_string).collect();
    if let Some(p) = phases
        .iter()
        .find(|p| !PHASES.split(',').any(|q| q == p.as_str()))
    {
        panic!("unknown phase {p}: the phases are {PHASES}");
    }
    Args { db, clients, seconds, phases }
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
    // Issue #23.7: on PostgreSQL, two instances share the database, as an office runs them;
    // the crowd is split between them (the session lives in the database, so a login holds on
    // both).
    let second = match a.db {
        Db::Postgres => Some(s.another_instance().await),
        Db::Sqlite => None,
    };
    let bases: Arc<Vec<String>> = Arc::new(
        std::iter::once(s.base.clone())
            .chain(second.as_ref().map(|t| t.base.clone()))
            .collect(),
    );
    let run = Duration::from_secs(a.seconds);
    println!(
        "visit booking, {:?} ({} instance{}), {} clients, {} s per phase",
        a.db,
        bases.len(),
        if bases.len() > 1 { "s" } else { "" },
        a.clients,
        a.seconds
    );
    for phase in &a.phases {
        match phase.as_str() {
            "availability" => availability(&people, &bases, run).await,
            "book" => book(&people, &bases, run).await,
            "wrk" => with_wrk(&people, &bases, a.clients, run),
            _ => rush(&people, &bases, run).await,
        }
    }
    if let Some(t) = second {
        t.finish().await;
    }
    s.finish().await;
}

type People = Arc<Vec<(vartai_tests::browser::Browser, String, i64)>>;

/// The server client `i` talks to (clients alternate between the instances).
fn base_of(bases: &[String], i: usize) -> String {
    bases[i % bases.len()].clone()
}

/// Every client reads the calendar of its own application as fast as it can.
async fn availability(people: &People, bases: &Arc<Vec<String>>, run: Duration) {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..people.len() {
        let (people, base) = (people.clone(), base_of(bases, i));
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
}

/// The calendar reads by `wrk`: one thread, `clients` connections, the crowd's sessions (one
/// file of cookie and application id per line for `bench/booking/plan.lua`); the first
/// instance only, so SQLite and PostgreSQL compare.
fn with_wrk(people: &People, bases: &Arc<Vec<String>>, clients: usize, run: Duration) {
    let crowd = std::env::temp_dir().join(format!("vartai-crowd-{}.tsv", std::process::id()));
    let url = bases[0].parse().expect("base URL");
    let lines: Vec<String> = people
        .iter()
        .map(|(b, _, id)| {
            let cookie = b
                .jar
                .cookies(&url)
                .expect("a logged-in session has cookies");
            format!("{}\t{id}\n", cookie.to_str().expect("ASCII cookies"))
        })
        .collect();
    std::fs::write(&crowd, lines.concat()).expect("write the crowd file");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/plan.lua");
    let out = std::process::Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{clients}"),
            &format!("-d{}s", run.as_secs()),
        ])
        .args([
            "--latency",
            "-s",
            script,
            &format!("{}/api/visits/plan", bases[0]),
        ])
        .env("VARTAI_CROWD", &crowd)
        .output();
    let _ = std::fs::remove_file(&crowd);
    let out = match out {
        Ok(out) => out,
        Err(e) => return println!("wrk           not run ({e}): apt-get install wrk"),
    };
    let text = String::from_utf8_lossy(&out.stdout);
    // wrk's own lines: "Requests/sec: …", the latency percentiles, and plan.lua's count.
    let pick = |prefix: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .map(|l| l.trim().to_string())
            .unwrap_or_default()
    };
    println!(
        "wrk (calendar) {}   p50 {}   p99 {}   max {}   {}",
        pick("Requests/sec:"),
        pick("50%").trim_start_matches("50%").trim(),
        pick("99%").trim_start_matches("99%").trim(),
        pick("Latency").split_whitespace().nth(3).unwrap_or("?"),
        pick("wrk:"),
    );
}

/// Every client books a slot of its own and cancels it, over and over.
async fn book(people: &People, bases: &Arc<Vec<String>>, run: Duration) {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..people.len() {
        let (people, base) = (people.clone(), base_of(bases, i));
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
}

/// What one client saw in one round of the rush.
#[derive(Default)]
struct Seen {
    /// Calendar reads, µs.
    plans: Vec<u64>,
    /// Booking attempts that took a seat, µs.
    booked: Vec<u64>,
    /// Booking attempts refused because the time was taken meanwhile, µs.
    refused: Vec<u64>,
    /// From the start of the round to a seat, µs (none when the calendar had no time left).
    to_seat: Option<u64>,
    /// Requests that failed otherwise (a 5xx, a dropped connection).
    errors: usize,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        self.plans.extend(other.plans);
        self.booked.extend(other.booked);
        self.refused.extend(other.refused);
        self.errors += other.errors;
    }
}

/// Issue #23.7 — the 08:00 rush: every client reads its calendar at the same instant and books
/// the earliest free time it is shown; the losers of each race read the calendar again.
async fn rush(people: &People, bases: &Arc<Vec<String>>, run: Duration) {
    let n = people.len();
    let (mut all, mut to_seat, mut rounds, mut busy) =
        (Seen::default(), Vec::new(), 0, Duration::ZERO);
    let phase = Instant::now();
    while phase.elapsed() < run {
        let barrier = Arc::new(tokio::sync::Barrier::new(n));
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..n {
            let (people, base, barrier) = (people.clone(), base_of(bases, i), barrier.clone());
            tasks.spawn(async move {
                let (b, csrf, id) = &people[i];
                barrier.wait().await;
                seat(b, &base, csrf, &id.to_string(), Instant::now()).await
            });
        }
        while let Some(r) = tasks.join_next().await {
            let mut seen = r.unwrap();
            to_seat.extend(seen.to_seat.take());
            all.add(seen);
        }
        busy += started.elapsed();
        rounds += 1;
        // Everyone cancels, so the next round opens on the same empty day (not measured).
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..n {
            let (people, base) = (people.clone(), base_of(bases, i));
            tasks.spawn(async move {
                let (b, csrf, id) = &people[i];
                let id = id.to_string();
                let form = [("id", id.as_str()), ("csrf", csrf.as_str())];
                let _ = b
                    .client
                    .post(format!("{base}/api/visits/cancel"))
                    .form(&form)
                    .send()
                    .await;
            });
        }
        while tasks.join_next().await.is_some() {}
    }
    println!(
        "rush          {rounds} rounds of {n} clients at once, {} seated, {:.1} s of rush",
        to_seat.len(),
        busy.as_secs_f64()
    );
    let refused = all.refused.len();
    report("  calendar", all.plans, all.errors, busy);
    report("  booked", all.booked, 0, busy);
    report("  time taken", all.refused, 0, busy);
    let (p50, p99, max) = load::p50_p99_max(&mut to_seat);
    println!(
        "  to a seat     p50 {p50:>6.2} ms   p99 {p99:>6.2} ms   max {max:>7.2} ms   ({refused} refusals on the way)"
    );
}

/// One client of the rush: calendar, earliest free time, book; again on "time taken".
async fn seat(
    b: &vartai_tests::browser::Browser,
    base: &str,
    csrf: &str,
    id: &str,
    from: Instant,
) -> Seen {
    let mut seen = Seen::default();
    for _ in 0..200 {
        let t = Instant::now();
        let r = b
            .client
            .post(format!("{base}/api/visits/plan"))
            .header("accept", "application/json")
            .form(&[("id", id)])
            .send()
            .await;
        let r = match r {
            Ok(r) if r.status().is_success() => r,
            _ => {
                seen.errors += 1;
                continue;
            }
        };
        let Ok(view) = r.json::<serde_json::Value>().await else {
            seen.errors += 1;
            continue;
        };
        seen.plans.push(t.elapsed().as_micros() as u64);
        let (Some(day), Some(time)) = (view["day"].as_str(), view["times"][0]["starts"].as_str())
        else {
            return seen; // nothing left to book
        };
        let t = Instant::now();
        let form = [("id", id), ("day", day), ("time", time), ("csrf", csrf)];
        let r = b
            .client
            .post(format!("{base}/api/visits/book"))
            .header("accept", "application/json")
            .form(&form)
            .send()
            .await;
        let took = t.elapsed().as_micros() as u64;
        match r {
            Ok(r) if r.status().is_success() || r.status().is_redirection() => {
                seen.booked.push(took);
                seen.to_seat = Some(from.elapsed().as_micros() as u64);
                return seen;
            }
            Ok(r) if r.status().is_client_error() => seen.refused.push(took),
            _ => seen.errors += 1,
        }
    }
    seen
}
