//! R-QU-4, issue #8.3 — the estimated wait of a queue ticket, with an honest range.
//!
//! How long each service keeps a desk is learnt from the office's recent tickets (from the call
//! to the end, no-shows included: that is what they cost the line) as a log-normal
//! distribution. The estimate then plays the line forward a few hundred times: the tickets at
//! the desks finish (given how long they have been there), the open desks take the tickets
//! ahead in order, and the ticket's wait is when the first desk is free for it. The median of
//! those runs is "about", the `RANGE` quantiles are "most likely". The same function runs on
//! the server and, from the live snapshot, in the browser; `bench/queue-sim` replays simulated
//! days through it and reports how often real waits fell inside the range.
use serde::{Deserialize, Serialize};

/// How many recent tickets of a service the fit uses.
pub const DESK_TIME_SAMPLES: usize = 200;
/// How strongly the service's national length counts, in tickets, while an office has few.
const PRIOR_WEIGHT: f64 = 5.0;
/// The spread assumed for a service with no history (log-normal sigma).
const PRIOR_SIGMA: f64 = 0.6;
/// Runs of the line per estimate.
const RUNS: usize = 400;
/// The quantiles of the runs shown as "most likely", tuned with `bench/queue-sim`.
pub const RANGE: (f64, f64) = (0.10, 0.90);
/// In this share of the runs one desk fewer is open, and in as many one more.
const DESK_CHANGE: f64 = 0.15;
/// A desk counts as open when it called someone within this many minutes.
pub const OPEN_DESK_MINUTES: i64 = 30;

/// How long a ticket of one service keeps a desk: a log-normal over seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskTime {
    /// Mean of the logarithm of the seconds.
    pub mu: f64,
    /// Standard deviation of the logarithm.
    pub sigma: f64,
}

impl DeskTime {
    /// The fit from `secs` (recent desk times of the service, newest first) pulled towards
    /// `prior_minutes` (the service's national visit length) while there are few of them.
    pub fn fit(secs: &[f64], prior_minutes: f64) -> DeskTime {
        let prior_secs = (prior_minutes * 60.0).max(60.0);
        let prior_mu = prior_secs.ln() - PRIOR_SIGMA * PRIOR_SIGMA / 2.0;
        let logs: Vec<f64> = secs
            .iter()
            .take(DESK_TIME_SAMPLES)
            .map(|s| s.max(30.0).ln())
            .collect();
        let n = logs.len() as f64;
        if logs.is_empty() {
            return DeskTime { mu: prior_mu, sigma: PRIOR_SIGMA };
        }
        let mean = logs.iter().sum::<f64>() / n;
        let var = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n;
        let k = PRIOR_WEIGHT;
        // Pooled: the prior counts as `k` tickets at its own mean and spread.
        let mu = (n * mean + k * prior_mu) / (n + k);
        let pooled = (n * (var + (mean - mu).powi(2))
            + k * (PRIOR_SIGMA.powi(2) + (prior_mu - mu).powi(2)))
            / (n + k);
        DeskTime { mu, sigma: pooled.sqrt().clamp(0.05, 2.0) }
    }

    /// The median seconds.
    pub fn median_secs(&self) -> f64 {
        self.mu.exp()
    }

    fn draw(&self, rng: &mut Rng) -> f64 {
        (self.mu + self.sigma * rng.normal()).exp()
    }

    /// What is left of a ticket that has been at a desk for `elapsed` seconds: a draw of the
    /// whole time given it is longer than `elapsed`, minus `elapsed`.
    fn residual(&self, elapsed: f64, rng: &mut Rng) -> f64 {
        for _ in 0..16 {
            let total = self.draw(rng);
            if total > elapsed {
                return total - elapsed;
            }
        }
        // Already far beyond the usual: expect it to end soon, within half a median.
        self.median_secs() * 0.5 * rng.unit()
    }
}

/// The line as it stands: the open desks and who is at them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineNow {
    /// Desks serving the queue now (at least the ones busy).
    pub open_desks: u32,
    /// The tickets at desks: their service's desk time and the seconds since they were called.
    pub busy: Vec<(DeskTime, f64)>,
}

/// "About `minutes` min, most likely `low`–`high`" (whole minutes, rounded for people).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitEstimate {
    pub minutes: u32,
    pub low: u32,
    pub high: u32,
}

impl WaitEstimate {
    /// The unrounded seconds of the three figures.
    fn rounded(median: f64, low: f64, high: f64) -> WaitEstimate {
        let m = median / 60.0;
        let step = |m: f64| if m < 10.0 { 1.0 } else { 5.0 };
        let minutes = ((m / step(m)).round() * step(m)) as u32;
        let lo = low / 60.0;
        let hi = high / 60.0;
        let low = ((lo / step(lo)).floor() * step(lo)) as u32;
        let high = ((hi / step(hi)).ceil() * step(hi)) as u32;
        WaitEstimate { minutes, low: low.min(minutes), high: high.max(minutes) }
    }
}

/// R-QU-4 — the estimated wait of the ticket behind `ahead` (the desk times of the tickets
/// before it, in calling order), given the line `now`. `seed` makes the runs repeatable, so
/// the server and the browser show the same figures for the same snapshot.
pub fn estimate_wait(now: &LineNow, ahead: &[DeskTime], seed: u64) -> WaitEstimate {
    let desks = (now.open_desks as usize).max(now.busy.len()).max(1);
    let mut rng = Rng::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut waits = Vec::with_capacity(RUNS);
    let mut free = Vec::with_capacity(desks + 1);
    for _ in 0..RUNS {
        // Desks open, close and go to lunch while people wait: in some runs one desk fewer
        // (from the start) or one more.
        let u = rng.unit();
        let open = if u < DESK_CHANGE && desks > 1 {
            desks - 1
        } else if u > 1.0 - DESK_CHANGE {
            desks + 1
        } else {
            desks
        };
        free.clear();
        free.resize(open, 0.0);
        for (desk, (time, elapsed)) in free.iter_mut().zip(&now.busy) {
            *desk = time.residual(*elapsed, &mut rng);
        }
        for t in ahead {
            let (i, _) = free
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .unwrap_or((0, &0.0));
            free[i] += t.draw(&mut rng);
        }
        waits.push(free.iter().copied().fold(f64::INFINITY, f64::min));
    }
    waits.sort_by(f64::total_cmp);
    let q = |p: f64| waits[((RUNS - 1) as f64 * p).round() as usize];
    WaitEstimate::rounded(q(0.5), q(RANGE.0), q(RANGE.1))
}

/// A small, fast and repeatable generator (SplitMix64); no need for more in a forecast.
/// Public for `bench/queue-sim`, which draws its simulated days with it.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    pub fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(m: f64) -> DeskTime {
        DeskTime { mu: (m * 60.0).ln(), sigma: 0.3 }
    }

    #[test]
    fn r_qu_4_fit_without_history_is_the_national_length() {
        let t = DeskTime::fit(&[], 20.0);
        assert_eq!(t.sigma, PRIOR_SIGMA);
        // The mean of the prior is the national length.
        let mean = (t.mu + t.sigma * t.sigma / 2.0).exp();
        assert!((mean - 1200.0).abs() < 1.0, "{mean}");
    }

    #[test]
    fn r_qu_4_fit_follows_history_once_there_is_enough() {
        let secs: Vec<f64> = (0..200).map(|i| 300.0 + f64::from(i % 5) * 10.0).collect();
        let t = DeskTime::fit(&secs, 30.0);
        assert!(
            (t.median_secs() - 320.0).abs() < 30.0,
            "{}",
            t.median_secs()
        );
        assert!(t.sigma < 0.3, "{}", t.sigma);
        // Three tickets barely move the prior.
        let few = DeskTime::fit(&secs[..3], 30.0);
        assert!(few.median_secs() > 600.0, "{}", few.median_secs());
    }

    #[test]
    fn r_qu_4_nobody_ahead_and_a_free_desk_is_no_wait() {
        let now = LineNow { open_desks: 2, busy: vec![(minutes(10.0), 60.0)] };
        let e = estimate_wait(&now, &[], 1);
        // Most likely no wait; the range still allows for the free desk closing (DESK_CHANGE).
        assert_eq!((e.minutes, e.low), (0, 0), "{e:?}");
        assert!(e.high <= 10, "{e:?}");
        // With a third desk open, no run is left without a free one.
        let three = LineNow { open_desks: 3, ..now };
        let e = estimate_wait(&three, &[], 1);
        assert_eq!(e, WaitEstimate { minutes: 0, low: 0, high: 0 });
    }

    #[test]
    fn r_qu_4_the_wait_grows_with_the_line_and_shrinks_with_desks() {
        let one = LineNow { open_desks: 1, busy: vec![(minutes(10.0), 0.0)] };
        let ahead = vec![minutes(10.0); 4];
        let e = estimate_wait(&one, &ahead, 7);
        // One desk: the one there (10) and four ahead (40) ≈ 50 minutes.
        assert!((45..=55).contains(&e.minutes), "{e:?}");
        assert!(e.low < e.minutes && e.minutes < e.high, "{e:?}");
        let two = LineNow { open_desks: 2, ..one.clone() };
        let e2 = estimate_wait(&two, &ahead, 7);
        assert!(e2.minutes < e.minutes * 2 / 3, "{e2:?} vs {e:?}");
        let longer = estimate_wait(&one, &[minutes(10.0); 8], 7);
        assert!(longer.minutes > e.minutes + 30, "{longer:?}");
    }

    #[test]
    fn r_qu_4_a_long_visit_at_the_desk_is_expected_to_end_soon() {
        let fresh = LineNow { open_desks: 1, busy: vec![(minutes(10.0), 0.0)] };
        let late = LineNow { open_desks: 1, busy: vec![(minutes(10.0), 900.0)] };
        assert!(estimate_wait(&late, &[], 3).minutes < estimate_wait(&fresh, &[], 3).minutes);
    }

    #[test]
    fn r_qu_4_same_snapshot_same_figures() {
        let now = LineNow {
            open_desks: 3,
            busy: vec![(minutes(12.0), 100.0), (minutes(4.0), 30.0)],
        };
        let ahead = [minutes(12.0), minutes(4.0), minutes(8.0)];
        assert_eq!(
            estimate_wait(&now, &ahead, 42),
            estimate_wait(&now, &ahead, 42)
        );
    }

    #[test]
    fn r_qu_4_figures_are_rounded_for_people() {
        let e = WaitEstimate::rounded(26.0 * 60.0, 14.0 * 60.0, 38.0 * 60.0);
        assert_eq!(e, WaitEstimate { minutes: 25, low: 10, high: 40 });
        let short = WaitEstimate::rounded(3.4 * 60.0, 1.5 * 60.0, 6.2 * 60.0);
        assert_eq!(short, WaitEstimate { minutes: 3, low: 1, high: 7 });
    }
}
