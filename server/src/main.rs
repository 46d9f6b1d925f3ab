//! `server`: runs the Vartai portal. Configuration comes from environment variables (README).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::telemetry::init();
    let config = match server::config::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    match server::run(config, server::shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server stopped with an error");
            std::process::ExitCode::FAILURE
        }
    }
}
