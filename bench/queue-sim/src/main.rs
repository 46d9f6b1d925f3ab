//! Issue #8.3 — how far the queue's wait estimates can be trusted.
//!
//! Simulates office days second by second: walk-in and remote arrivals that rise towards
//! midday, three services with log-normal desk times, no-shows, a short pause after each ticket
//! that no record shows, and desks that open late, go to lunch or close early. Every arriving
//! ticket is given the estimate the real estimator (`app::rules::wait`) makes from what the
//! server would know at that moment: the recent desk times per service, the desks that called
//! someone in the last 30 minutes, who is at the desks and for how long, and the line ahead.
//! When the ticket is called, its real wait is compared with the estimate.
//!
//! `--days N` (default 60, the first 7 only build history), `--seed S`, `--check` (exit 1 when
//! fewer than 80 % of real waits fall inside the shown range).
use app::rules::wait::{estimate_wait, DeskTime, LineNow, Rng, WaitEstimate, OPEN_DESK_MINUTES};
use std::collections::VecDeque;

/// A service as the simulation draws it (the estimator only sees the tickets).
struct Service {
    name: &'static str,
    share: f64,
    /// The real median desk time, minutes, and its spread.
    median_minutes: f64,
    sigma: f64,
    /// The national visit length the estimator starts from: deliberately not the real one.
    national_minutes: f64,
}

const SERVICES: [Service; 3] = [
    Service {
        name: "apply",
        share: 0.50,
        median_minutes: 11.0,
        sigma: 0.45,
        national_minutes: 30.0,
    },
    Service {
        name: "collect",
        share: 0.35,
        median_minutes: 4.0,
        sigma: 0.40,
        national_minutes: 15.0,
    },
    Service {
        name: "consultation",
        share: 0.15,
        median_minutes: 8.0,
        sigma: 0.60,
        national_minutes: 20.0,
    },
];
/// Share of tickets whose holder does not come when called.
const NO_SHOW: f64 = 0.07;
/// 08:00–17:00; nobody new in the last half hour.
const DAY: i64 = 9 * 3600;
const LAST_ARRIVAL: i64 = DAY - 1800;
const WARM_UP_DAYS: u32 = 7;

struct Ticket {
    arrival: i64,
    service: usize,
    no_show: bool,
    position: usize,
    estimate: WaitEstimate,
    called: Option<i64>,
}

struct Desk {
    opens: i64,
    closes: i64,
    lunch: (i64, i64),
    /// (ticket, called at, ends at).
    busy: Option<(usize, i64, i64)>,
    /// After a ticket, the officer's pause (not in any record) until then.
    idle_until: i64,
    last_call: Option<i64>,
}

impl Desk {
    fn open(&self, t: i64) -> bool {
        t >= self.opens && t < self.closes && !(self.lunch.0 <= t && t < self.lunch.1)
    }
}

fn uniform(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.unit()
}

struct Options {
    days: u32,
    seed: u64,
    check: bool,
}

fn options() -> Options {
    let mut o = Options { days: 60, seed: 2026, check: false };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--days" => o.days = args.next().and_then(|v| v.parse().ok()).unwrap_or(o.days),
            "--seed" => o.seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(o.seed),
            "--check" => o.check = true,
            other => {
                eprintln!("unknown argument {other}; see bench/queue-sim/run.sh");
                std::process::exit(2);
            }
        }
    }
    o
}

/// One simulated day; returns its tickets (estimate and real call).
fn day(rng: &mut Rng, history: &mut [Vec<f64>; 3]) -> Vec<Ticket> {
    let n_desks = 4 + (rng.unit() * 3.0) as usize;
    let mut desks: Vec<Desk> = (0..n_desks)
        .map(|i| {
            // Two desks keep the whole day; the others may start late, close early, lunch.
            let steady = i < 2;
            let opens = if steady || rng.unit() < 0.6 {
                0
            } else {
                uniform(rng, 0.0, 5400.0) as i64
            };
            let closes = if steady || rng.unit() < 0.75 {
                i64::MAX
            } else {
                uniform(rng, 6.0 * 3600.0, 8.0 * 3600.0) as i64
            };
            let lunch = if rng.unit() < 0.8 {
                let from = uniform(rng, 3.5 * 3600.0, 5.0 * 3600.0) as i64;
                (from, from + uniform(rng, 1800.0, 2700.0) as i64)
            } else {
                (0, 0)
            };
            Desk {
                opens,
                closes,
                lunch,
                busy: None,
                idle_until: 0,
                last_call: None,
            }
        })
        .collect();
    // Arrivals: a Poisson stream rising to midday, loaded to 75–100 % of the desks' capacity.
    let mean_desk_secs: f64 = SERVICES
        .iter()
        .map(|s| s.share * s.median_minutes * 60.0 * (s.sigma * s.sigma / 2.0).exp())
        .sum::<f64>()
        + 35.0;
    let load = uniform(rng, 0.75, 1.0);
    let shape = |t: i64| 0.6 + 0.8 * (std::f64::consts::PI * t as f64 / LAST_ARRIVAL as f64).sin();
    let base = load * n_desks as f64 / mean_desk_secs / 1.109;
    let mut arrivals = VecDeque::new();
    for t in 0..LAST_ARRIVAL {
        if rng.unit() < base * shape(t) {
            let u = rng.unit();
            let service = if u < SERVICES[0].share {
                0
            } else if u < SERVICES[0].share + SERVICES[1].share {
                1
            } else {
                2
            };
            arrivals.push_back((t, service, rng.unit() < NO_SHOW));
        }
    }
    let mut tickets: Vec<Ticket> = Vec::new();
    let mut line: VecDeque<usize> = VecDeque::new();
    let mut t = 0i64;
    loop {
        let fits: Vec<DeskTime> = SERVICES
            .iter()
            .zip(history.iter())
            .map(|(s, h)| {
                let newest_first: Vec<f64> = h.iter().rev().copied().collect();
                DeskTime::fit(&newest_first, s.national_minutes)
            })
            .collect();
        while arrivals.front().is_some_and(|a| a.0 == t) {
            let (arrival, service, no_show) = arrivals.pop_front().expect("peeked");
            // What the server knows now.
            let busy: Vec<(DeskTime, f64)> = desks
                .iter()
                .filter_map(|d| d.busy)
                .map(|(i, called, _)| (fits[tickets[i].service], (t - called) as f64))
                .collect();
            let recent = desks
                .iter()
                .filter(|d| {
                    d.busy.is_some() || d.last_call.is_some_and(|c| t - c <= OPEN_DESK_MINUTES * 60)
                })
                .count();
            let open_desks = if recent == 0 { n_desks } else { recent } as u32;
            let ahead: Vec<DeskTime> = line.iter().map(|&i| fits[tickets[i].service]).collect();
            let estimate =
                estimate_wait(&LineNow { open_desks, busy }, &ahead, tickets.len() as u64);
            line.push_back(tickets.len());
            tickets.push(Ticket {
                arrival,
                service,
                no_show,
                position: ahead.len() + 1,
                estimate,
                called: None,
            });
        }
        for d in &mut desks {
            if let Some((i, called, ends)) = d.busy {
                if ends <= t {
                    history[tickets[i].service].push((ends - called) as f64);
                    d.busy = None;
                    d.idle_until = t + uniform(rng, 10.0, 60.0) as i64;
                }
            }
            if d.busy.is_none() && t >= d.idle_until && d.open(t) {
                if let Some(i) = line.pop_front() {
                    let s = &SERVICES[tickets[i].service];
                    let secs = if tickets[i].no_show {
                        uniform(rng, 60.0, 150.0)
                    } else {
                        s.median_minutes * 60.0 * (s.sigma * rng.normal()).exp()
                    };
                    tickets[i].called = Some(t);
                    d.busy = Some((i, t, t + secs.max(30.0) as i64));
                    d.last_call = Some(t);
                }
            }
        }
        t += 1;
        if t > LAST_ARRIVAL
            && arrivals.is_empty()
            && line.is_empty()
            && desks.iter().all(|d| d.busy.is_none())
        {
            break;
        }
    }
    for h in history.iter_mut() {
        let keep = h.len().saturating_sub(1000);
        h.drain(..keep);
    }
    tickets
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Error figures for a set of tickets.
struct Figures {
    tickets: usize,
    inside: f64,
    median_abs_error: f64,
    median_width: f64,
}

fn figures(tickets: &[&Ticket]) -> Figures {
    let mut errors = Vec::new();
    let mut widths = Vec::new();
    let mut inside = 0usize;
    for t in tickets {
        let wait = (t.called.expect("every ticket is called") - t.arrival) as f64 / 60.0;
        let e = t.estimate;
        errors.push((wait - f64::from(e.minutes)).abs());
        widths.push(f64::from(e.high - e.low));
        // The page shows whole minutes, so a wait is inside when it rounds into the range.
        let shown = wait.round() as u32;
        if e.low <= shown && shown <= e.high {
            inside += 1;
        }
    }
    Figures {
        tickets: tickets.len(),
        inside: inside as f64 / tickets.len().max(1) as f64,
        median_abs_error: median(&mut errors),
        median_width: median(&mut widths),
    }
}

fn main() {
    let o = options();
    let mut rng = Rng::new(o.seed);
    let mut history: [Vec<f64>; 3] = Default::default();
    let mut all = Vec::new();
    for d in 0..o.days {
        let tickets = day(&mut rng, &mut history);
        if d >= WARM_UP_DAYS {
            all.extend(tickets);
        }
    }
    let every: Vec<&Ticket> = all.iter().collect();
    let total = figures(&every);
    println!(
        "queue-sim: {} days ({} of history), seed {}, {} tickets; services {}",
        o.days,
        WARM_UP_DAYS,
        o.seed,
        total.tickets,
        SERVICES
            .iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{:<22} {:>8} {:>9} {:>10} {:>10}",
        "tickets", "count", "inside", "MAE min", "width min"
    );
    let row = |name: &str, f: &Figures| {
        println!(
            "{:<22} {:>8} {:>8.1}% {:>10.1} {:>10.1}",
            name,
            f.tickets,
            f.inside * 100.0,
            f.median_abs_error,
            f.median_width
        );
    };
    row("all", &total);
    for (name, lo, hi) in [
        ("position 1-3", 1, 3),
        ("position 4-10", 4, 10),
        ("position 11-25", 11, 25),
        ("position 26+", 26, usize::MAX),
    ] {
        let some: Vec<&Ticket> = all
            .iter()
            .filter(|t| (lo..=hi).contains(&t.position))
            .collect();
        row(name, &figures(&some));
    }
    let no_shows = all.iter().filter(|t| t.no_show).count();
    println!("no-shows {no_shows}; inside = the real wait, in whole minutes, within the range shown when the ticket was taken");
    if o.check && total.inside < 0.80 {
        eprintln!(
            "queue-sim: only {:.1}% inside the range (aim: 80%)",
            total.inside * 100.0
        );
        std::process::exit(1);
    }
}
