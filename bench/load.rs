//! What the load benchmarks over real HTTP share (each includes this file with `#[path]`): their
//! command line, the server they start and the latency figures they print.
use std::sync::Arc;
use vartai_tests::apply::NOW;
use vartai_tests::login::start;
use vartai_tests::smtp::{Refuse, SmtpSink};
use vartai_tests::{Db, TestServer};

/// The command line: `--postgres`, `--clients N` and the benchmark's own options (`own`: each
/// flag, what the usage message calls its value, and its default), e.g. `--seconds S`. Returns
/// the database, the clients and the options' values in `own`'s order.
pub fn args(clients: usize, own: &[(&str, &str, &str)]) -> (Db, usize, Vec<String>) {
    let (mut db, mut n) = (Db::Sqlite, clients);
    let mut values: Vec<String> = own.iter().map(|(_, _, v)| v.to_string()).collect();
    let usage = || {
        let own: Vec<String> = own.iter().map(|(f, v, _)| format!("{f} {v}")).collect();
        format!("use --postgres, --clients N, {}", own.join(", "))
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--postgres" => db = Db::Postgres,
            "--clients" => n = it.next().and_then(|v| v.parse().ok()).unwrap_or(clients),
            f => {
                let at = own.iter().position(|(flag, ..)| *flag == f);
                let at = at.unwrap_or_else(|| panic!("unknown argument {f}: {}", usage()));
                values[at] = it
                    .next()
                    .unwrap_or_else(|| panic!("{f} needs a value: {}", usage()));
            }
        }
    }
    (db, n, values)
}

/// The real server in this process on `db` for a crowd of applicants: the suite's day
/// ([`NOW`]), login codes without a per-client limit (the whole crowd comes from one
/// address), mail to a loopback SMTP server, and `extra` configuration.
pub async fn crowd_server(db: Db, extra: &[(&str, &str)]) -> (Arc<SmtpSink>, TestServer) {
    let sink = Arc::new(SmtpSink::start(Refuse::Nothing).await);
    let mut vars = vec![NOW, ("VARTAI_LOGIN_CODES_PER_CLIENT", "1000000")];
    vars.extend_from_slice(extra);
    let s = start(db, &sink, &vars).await;
    (sink, s)
}

/// The median, the 99th percentile and the largest of latencies in microseconds, in
/// milliseconds (0 where there are none). Sorts `micros`.
pub fn p50_p99_max(micros: &mut [u64]) -> (f64, f64, f64) {
    micros.sort_unstable();
    let ms = |us: Option<&u64>| us.copied().unwrap_or(0) as f64 / 1000.0;
    let pct = |p: f64| {
        let at = ((micros.len() as f64 * p) as usize).min(micros.len().saturating_sub(1));
        ms(micros.get(at))
    };
    (pct(0.50), pct(0.99), ms(micros.last()))
}
