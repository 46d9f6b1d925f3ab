//! Limits on availability requests.
use super::*;

/// Issue #7.5 — limits on availability requests per account and per client address, per
/// minute, so a script polling the calendar cannot starve people. Counted in this instance's
/// memory: the requests are reads, and a database write per read would cost more than the
/// reads themselves (behind a load balancer the limit applies per instance).
///
/// The minute slides (a generic cell rate: `max` requests at once, then one more every
/// `60 s / max`), so no burst of twice the limit fits across a clock minute's edge, and a
/// test's few requests never straddle a reset. Times are in whole milliseconds, so a limit of
/// more than 60,000 a minute does not limit (the benches set one to switch it off).
#[derive(Clone)]
pub struct AvailabilityLimits {
    pub per_account: u32,
    pub per_client: u32,
    /// Per key, the theoretical arrival time (ms) of the next request at the steady rate.
    next: std::sync::Arc<std::sync::Mutex<HashMap<String, i64>>>,
}

impl AvailabilityLimits {
    pub fn new(per_account: u32, per_client: u32) -> Self {
        AvailabilityLimits { per_account, per_client, next: Default::default() }
    }

    /// Counts one request of `account` from `client` at `now_ms`; `false` (and nothing
    /// counted) when either is over its limit in the last minute.
    pub fn allow(&self, account: i64, client: &str, now_ms: i64) -> bool {
        const MINUTE: i64 = 60_000;
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        if next.len() > 50_000 {
            next.retain(|_, tat| *tat > now_ms);
        }
        let keys = [
            (format!("a:{account}"), self.per_account),
            (format!("c:{client}"), self.per_client),
        ];
        let mut after = [0i64; 2];
        for (i, (key, max)) in keys.iter().enumerate() {
            let step = MINUTE / i64::from((*max).max(1));
            let tat = next.get(key).copied().unwrap_or(now_ms).max(now_ms);
            if tat - now_ms > MINUTE - step {
                return false;
            }
            after[i] = tat + step;
        }
        for ((key, _), tat) in keys.into_iter().zip(after) {
            next.insert(key, tat);
        }
        true
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
            "another account, same network: 4th"
        );
        assert!(l.allow(2, "10.0.0.1", t), "the network's 5th");
        assert!(!l.allow(3, "10.0.0.1", t), "the network's sixth");
        assert!(
            !l.allow(1, "10.0.0.1", t + 19_999),
            "the account's next is due after 20 s"
        );
        assert!(
            l.allow(1, "10.0.0.1", t + 20_000),
            "one more after 20 s (the network's too)"
        );
        assert!(l.allow(1, "10.0.0.1", t + 60_000), "a minute later");
    }

    #[test]
    fn no_double_burst_across_the_edge_of_a_minute() {
        let l = AvailabilityLimits::new(3, 1_000);
        let edge = 1_800_000_040_000 - 1_800_000_040_000 % 60_000 + 60_000;
        assert!((0..3).all(|_| l.allow(1, "c", edge - 1)));
        assert!(
            !l.allow(1, "c", edge + 1),
            "a new clock minute is not a new allowance"
        );
    }

    #[test]
    fn a_refused_request_counts_nowhere() {
        let l = AvailabilityLimits::new(1, 2);
        let t = 1_800_000_000_000;
        assert!(l.allow(1, "c", t));
        assert!(!l.allow(1, "c", t), "the account is over");
        assert!(l.allow(2, "c", t), "so the network still has its second");
    }
}
