//! `server`: runs the Vartai portal. Configuration comes from environment variables (README).
//! `server user add …` manages staff accounts instead (see `server::cli`).

fn main() -> std::process::ExitCode {
    // The upload checker (issue #21.1): a child process the server starts for each upload. It
    // reads no configuration and starts no runtime.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(server::uploads::sandbox::COMMAND) {
        return server::uploads::sandbox::child_main(&args[1..]);
    }
    serve(args)
}

#[tokio::main]
async fn serve(args: Vec<String>) -> std::process::ExitCode {
    server::telemetry::init();
    let config = match server::config::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    if let Some(cmd) = server::cli::parse(&args) {
        return match cmd {
            Ok(cmd) => match server::cli_user_add(config, &cmd).await {
                Ok(id) => {
                    println!("{} {} (id {id})", cmd.role, cmd.email);
                    std::process::ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    std::process::ExitCode::FAILURE
                }
            },
            Err(e) => {
                eprintln!("{e}");
                std::process::ExitCode::from(2)
            }
        };
    }
    if let Some(cmd) = server::cli::parse_import(&args) {
        return match cmd {
            Ok(file) => match server::cli_documents_import(config, &file).await {
                Ok(n) => {
                    println!("{n} documents imported");
                    std::process::ExitCode::SUCCESS
                }
                Err(problems) => {
                    for p in problems {
                        eprintln!("{p}");
                    }
                    eprintln!("nothing was imported");
                    std::process::ExitCode::FAILURE
                }
            },
            Err(e) => {
                eprintln!("{e}");
                std::process::ExitCode::from(2)
            }
        };
    }
    if !args.is_empty() {
        eprintln!("{}\n{}", server::cli::USAGE, server::cli::IMPORT_USAGE);
        return std::process::ExitCode::from(2);
    }
    match server::run(config, server::shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server stopped with an error");
            std::process::ExitCode::FAILURE
        }
    }
}
