//! R-AC-5 cross-check: 10,000 generated personal codes through our validator and through an
//! independent implementation (python-stdnum's `stdnum.lt.asmens`); every answer must agree.
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn r_ac_5_agrees_with_python_stdnum_on_10000_codes() {
    let codes = app::rules::sample_personal_codes(0x5eed_2026, 10_000);
    assert_eq!(codes.len(), 10_000);
    let mut lines = String::new();
    let mut valid = 0;
    for code in &codes {
        let (ok, birth, sex) = match app::rules::validate_personal_code(code) {
            Ok(pc) => {
                valid += 1;
                (
                    "true",
                    pc.birth_date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    match pc.sex {
                        Some(app::rules::Sex::Male) => "male",
                        Some(app::rules::Sex::Female) => "female",
                        None => "-",
                    },
                )
            }
            Err(_) => ("false", "-".to_string(), "-"),
        };
        lines.push_str(&format!("{code}\t{ok}\t{birth}\t{sex}\n"));
    }
    // The sample mixes valid and invalid codes; an oracle run over only one kind proves little.
    assert!(
        valid > 1_000 && valid < 9_000,
        "{valid} valid codes in the sample"
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/oracle/personal_codes.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (install python3-stdnum: scripts/test.sh does)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(lines.as_bytes())
        .expect("feed the oracle");
    let out = child.wait_with_output().expect("oracle finishes");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "oracle disagrees:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("10000 passed, 0 failed"), "{stdout}");
}
