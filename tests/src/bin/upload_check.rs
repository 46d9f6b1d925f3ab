//! The upload checker for the black-box tests (issue #21.1). The tests run the server inside the
//! test process, whose own program is the test binary, not the server: they point
//! `VARTAI_UPLOAD_CHECKER` here. Cargo builds a package's programs before its tests.
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((command, rest)) if command == server::uploads::sandbox::COMMAND => {
            server::uploads::sandbox::child_main(rest)
        }
        _ => ExitCode::from(2),
    }
}
