//! Memory of parallel uploads (issue #21.1): the real server in this process on a fresh SQLite
//! file, N logged-in applicants with a draft each, then all of them upload one large image at
//! the same moment over real HTTP. Every image is decoded in full by an upload checker (a child
//! process with its own memory limit, at most `VARTAI_UPLOAD_CHECKS` at once), so this is the
//! worst a crowd of honest-looking files can cost.
//!
//! A sampler reads the resident memory of this process (the server, the load generator and the
//! requests' bodies) and of its child processes every 10 ms, and prints the peaks, the answers
//! and the time the crowd took.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vartai_tests::apply::{applicant, fill_family_trp, start_draft, upload, NOW};
use vartai_tests::browser::Browser;
use vartai_tests::login::start;
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::Db;

struct Args {
    clients: usize,
    megapixels: u32,
    checks: Option<usize>,
}

fn args() -> Args {
    let mut a = Args { clients: 20, megapixels: 36, checks: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().and_then(|v| v.parse().ok());
        match arg.as_str() {
            "--clients" => a.clients = value().unwrap_or(20),
            "--megapixels" => a.megapixels = value().unwrap_or(36) as u32,
            "--checks" => a.checks = value(),
            other => {
                panic!("unknown argument {other}: use --clients N, --megapixels M, --checks C")
            }
        }
    }
    a
}

/// Resident bytes of a process, from /proc/<pid>/statm (pages).
fn rss(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/statm"))
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0)
        * 4096
}

/// The resident bytes of this process's children, and how many there are.
fn children_rss(me: u32) -> (u64, u64) {
    let mut total = 0;
    let mut n = 0;
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return (0, 0);
    };
    for entry in dir.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid …: the command may hold spaces, so read after the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
        if ppid == Some(me) {
            total += rss(pid);
            n += 1;
        }
    }
    (total, n)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let a = args();
    let side = ((f64::from(a.megapixels) * 1e6).sqrt()) as u32;
    let image = server::uploads::fixtures::png(side, side);
    println!(
        "{} applicants upload a {side}×{side} PNG ({:.1} MP, {:.1} MB on the wire) at once",
        a.clients,
        f64::from(side) * f64::from(side) / 1e6,
        image.len() as f64 / 1e6
    );

    let sink = SmtpSink::start(Refuse::Nothing).await;
    let checks = a.checks.map(|c| c.to_string());
    let mut extra = vec![NOW];
    if let Some(c) = &checks {
        extra.push(("VARTAI_UPLOAD_CHECKS", c.as_str()));
    }
    let s = start(Db::Sqlite, &sink, &extra).await;
    let mut crowd = Vec::new();
    for i in 0..a.clients {
        let b = Browser::new(&s);
        let csrf = applicant(&b, &sink, &format!("upload{i}@example.org")).await;
        let id = start_draft(&b, "trp_issue").await;
        // Answers whose checklist asks for the travel document.
        fill_family_trp(&b, &csrf, id).await;
        crowd.push((b, csrf, id));
    }

    let me = std::process::id();
    let before = rss("self");
    let stop = Arc::new(AtomicBool::new(false));
    let peak_self = Arc::new(AtomicU64::new(0));
    let peak_children = Arc::new(AtomicU64::new(0));
    let peak_total = Arc::new(AtomicU64::new(0));
    let most_children = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (stop, ps, pc, pt, mc) = (
            stop.clone(),
            peak_self.clone(),
            peak_children.clone(),
            peak_total.clone(),
            most_children.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let own = rss("self");
                let (kids, n) = children_rss(me);
                ps.fetch_max(own, Ordering::Relaxed);
                pc.fetch_max(kids, Ordering::Relaxed);
                pt.fetch_max(own + kids, Ordering::Relaxed);
                mc.fetch_max(n, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };

    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for (b, csrf, id) in crowd {
        let image = image.clone();
        tasks.push(tokio::spawn(async move {
            let started = Instant::now();
            let (status, body) = upload(&b, &csrf, id, "travel_document", "scan.png", image).await;
            (status.as_u16(), body, started.elapsed())
        }));
    }
    let mut answers = std::collections::BTreeMap::<u16, usize>::new();
    let mut slowest = Duration::ZERO;
    let mut sample = String::new();
    for t in tasks {
        let (status, body, took) = t.await.expect("upload task");
        *answers.entry(status).or_default() += 1;
        slowest = slowest.max(took);
        if status != 200 && sample.is_empty() {
            sample = body.chars().take(200).collect();
        }
    }
    let elapsed = t0.elapsed();
    stop.store(true, Ordering::Relaxed);
    sampler.join().expect("sampler");

    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "answers            {answers:?}{}",
        if sample.is_empty() {
            String::new()
        } else {
            format!(" (e.g. {sample})")
        }
    );
    println!(
        "crowd took         {:.2} s (slowest upload {:.2} s)",
        elapsed.as_secs_f64(),
        slowest.as_secs_f64()
    );
    println!(
        "server RSS         {:.0} MB before, peak {:.0} MB",
        mb(before),
        mb(peak_self.load(Ordering::Relaxed))
    );
    println!(
        "checkers           peak {:.0} MB together, at most {} at once",
        mb(peak_children.load(Ordering::Relaxed)),
        most_children.load(Ordering::Relaxed)
    );
    println!(
        "peak, all          {:.0} MB",
        mb(peak_total.load(Ordering::Relaxed))
    );
    s.finish().await;
}
