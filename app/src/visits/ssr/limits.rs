//! Limits on availability requests.
use super::*;

/// Issue #7.5 — limits on availability requests per account and per client address, per
/// minute, so a script polling the calendar cannot starve people. Counted in this instance's
/// memory: the requests are reads, and a database write per read would cost more than the
/// reads themselves (behind a load balancer the limit applies per instance).
#[derive(Clone)]
pub struct AvailabilityLimits {
    pub per_account: u32,
    pub per_client: u32,
    hits: std::sync::Arc<std::sync::Mutex<HashMap<String, (i64, u32)>>>,
}

impl AvailabilityLimits {
    pub fn new(per_account: u32, per_client: u32) -> Self {
        AvailabilityLimits { per_account, per_client, hits: Default::default() }
    }

    /// Counts one request of `account` from `client` at `now_ms`; `false` when either is over
    /// its limit in the current minute.
    pub fn allow(&self, account: i64, client: &str, now_ms: i64) -> bool {
        let window = now_ms - now_ms.rem_euclid(60_000);
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() > 50_000 {
            hits.retain(|_, (w, _)| *w == window);
        }
        let mut count = |key: String, max: u32| {
            let e = hits.entry(key).or_insert((window, 0));
            if e.0 != window {
                *e = (window, 0);
            }
            e.1 = e.1.saturating_add(1);
            e.1 <= max
        };
        let by_account = count(format!("a:{account}"), self.per_account);
        let by_client = count(format!("c:{client}"), self.per_client);
        by_account && by_client
    }
}

#[cfg(test)]
mod limit_tests {
    use super::AvailabilityLimits;

    #[test]
    fn limits_count_per_account_and_per_client_per_minute() {
        let l = AvailabilityLimits::new(3, 5);
        let t = 1_800_000_000_000;
        assert!((0..3).all(|_| l.allow(1, "10.0.0.1", t)));
        assert!(!l.allow(1, "10.0.0.1", t), "the fourth of the account");
        assert!(
            l.allow(2, "10.0.0.1", t),
            "another account, same network: 5th"
        );
        assert!(!l.allow(3, "10.0.0.1", t), "the network's sixth");
        assert!(l.allow(1, "10.0.0.1", t + 60_000), "a new minute");
    }
}
