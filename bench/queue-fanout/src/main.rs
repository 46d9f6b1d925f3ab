//! Live-queue fan-out (issue #8.2, #8.7): the real server in this process (SQLite, or with
//! `--postgres` two instances on one PostgreSQL database, the clients on the second), `N`
//! clients following the Vilnius office's queue over server-sent events, then `K` tickets
//! taken one after another over HTTP. For each ticket, the time from sending the request until
//! each client received a queue that holds it. Prints p50/p99/max over all deliveries. The
//! clients share the machine's two cores with the server, so the figures are a ceiling.
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;
use vartai_tests::apply::crowd;
use vartai_tests::sse::EventStream;
use vartai_tests::Db;

#[path = "../../load.rs"]
mod load;

struct Args {
    db: Db,
    clients: usize,
    changes: usize,
}

fn args() -> Args {
    let (db, clients, own) = load::args(2000, &[("--changes", "K", "20")]);
    let changes: usize = own[0].parse().expect("--changes K: a number");
    Args { db, clients, changes }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let a = args();
    let (sink, s) = load::crowd_server(a.db, &[]).await;
    let second = match a.db {
        Db::Postgres => Some(s.another_instance().await),
        Db::Sqlite => None,
    };
    let follow = second.as_ref().unwrap_or(&s);
    let office: i64 = sqlx::query_scalar("SELECT id FROM offices WHERE slug = 'vilnius'")
        .fetch_one(&s.db.pool)
        .await
        .expect("the Vilnius demo office");
    eprintln!("setting up {} people to take tickets …", a.changes);
    let people = crowd(&s, &sink, a.changes).await;
    eprintln!("connecting {} followers on {:?} …", a.clients, a.db);
    let url = follow.url(&format!("/queue/live/{office}"));
    // Each follower: its own connection, read until it has seen every label, recording when.
    let labels: Arc<Vec<String>> = Arc::new((1..=a.changes).map(|n| format!("B{n:03}")).collect());
    let connected = Arc::new(Barrier::new(a.clients + 1));
    let gate = Arc::new(tokio::sync::Semaphore::new(64));
    let mut followers = tokio::task::JoinSet::new();
    for _ in 0..a.clients {
        let (url, labels, connected, gate) =
            (url.clone(), labels.clone(), connected.clone(), gate.clone());
        followers.spawn(async move {
            let client = reqwest::Client::new();
            let permit = gate.acquire().await.expect("open");
            let mut live = EventStream::open(&client, &url)
                .await
                .expect("an event stream");
            // The first event: the queue as it stands.
            live.next(Duration::from_secs(60))
                .await
                .expect("the first event");
            drop(permit);
            connected.wait().await;
            let mut seen = vec![None; labels.len()];
            let mut next = 0;
            while next < labels.len() {
                let Some(e) = live.next(Duration::from_secs(60)).await else {
                    break;
                };
                let at = Instant::now();
                while next < labels.len() && e.data.contains(&format!("\"{}\"", labels[next])) {
                    seen[next] = Some(at);
                    next += 1;
                }
            }
            seen
        });
    }
    connected.wait().await;
    eprintln!("all connected; taking {} tickets …", a.changes);
    let mut sent = Vec::new();
    for (b, csrf, _) in &people {
        let t = Instant::now();
        let r = b
            .client
            .post(format!("{}/api/queue/take", s.base))
            .header("accept", "application/json")
            .form(&[
                ("office", office.to_string().as_str()),
                ("service", "collect_document"),
                ("csrf", csrf),
            ])
            .send()
            .await
            .expect("queue/take");
        assert!(
            r.status().is_success() || r.status().is_redirection(),
            "{}",
            r.status()
        );
        sent.push(t);
        // One change at a time: the next after the followers had a moment.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let mut micros = Vec::new();
    let mut missed = 0usize;
    while let Some(r) = followers.join_next().await {
        for (i, at) in r.expect("a follower").into_iter().enumerate() {
            match at {
                Some(at) => micros.push(at.saturating_duration_since(sent[i]).as_micros() as u64),
                None => missed += 1,
            }
        }
    }
    let (p50, p99, max) = load::p50_p99_max(&mut micros);
    println!(
        "queue fan-out, {:?}{}, {} followers × {} changes: {} deliveries, p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms, {missed} missed",
        a.db,
        if second.is_some() { " (followers on a second instance)" } else { "" },
        a.clients,
        a.changes,
        micros.len(),
    );
    if let Some(second) = second {
        second.finish().await;
    }
    s.finish().await;
}
