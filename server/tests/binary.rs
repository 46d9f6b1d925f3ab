//! The `server` program itself, as the operator runs it (and as the browser tests start it):
//! `user add` and its refusals, then a start on a fresh SQLite directory that answers `/readyz`
//! and ends cleanly on SIGTERM. Building this test also builds the binary with the same
//! artifacts as the other tests, which is the server the browser tests use (scripts/test.sh).
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_server");

fn data_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "vartai-binary-{}-{:?}",
        std::process::id(),
        Instant::now()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn server(dir: &std::path::Path) -> Command {
    let mut c = Command::new(BIN);
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("VARTAI_DATA_DIR", dir)
        .env("VARTAI_DEMO", "1")
        .env("RUST_LOG", "warn");
    c
}

/// `server user add --role officer --email <email>`, with `--office <o>` for each of `offices`,
/// run to the end.
fn add_officer(dir: &std::path::Path, email: &str, offices: &[&str]) -> std::process::Output {
    let mut c = server(dir);
    c.args(["user", "add", "--role", "officer", "--email", email]);
    for office in offices {
        c.args(["--office", office]);
    }
    c.output().unwrap()
}

#[test]
fn user_add_and_a_clean_start_and_stop() {
    let dir = data_dir();
    let out = add_officer(&dir, "Ona@Example.LT", &["vilnius"]);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("officer ona@example.lt (id "), "{said}");

    // A refusal names the problem and exits 2, before touching anything.
    let out = add_officer(&dir, "x@example.lt", &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs at least one --office"));

    // Runs, answers, and stops on SIGTERM with success.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = server(&dir)
        .env("VARTAI_ADDR", format!("127.0.0.1:{port}"))
        .env(
            "LEPTOS_SITE_ROOT",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../public"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let ready = loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            s.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer);
            break answer;
        }
        assert!(Instant::now() < deadline, "not listening after 60 s");
        assert!(child.try_wait().unwrap().is_none(), "the server exited");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(ready.ends_with("ready"), "{ready}");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "stopped cleanly on SIGTERM: {status:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
