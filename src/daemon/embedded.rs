//! Embedded mode (being written).

use std::net::SocketAddr;

use crate::config::LogConfig;

use super::DaemonError;

/// Options of `newstag run --embedded`.
#[derive(Debug, Clone)]
pub struct EmbeddedOptions {
    /// Stop once every sample has come out.
    pub exit_after_samples: bool,
    /// Where to serve `/metrics`.
    pub http_listen: SocketAddr,
}

/// Logging for embedded mode: human-readable, warnings and up, so record lines stand out.
pub fn log_config() -> LogConfig {
    LogConfig {
        format: crate::config::LogFormat::Text,
        level: "warn,newstag=info".to_string(),
    }
}

/// Runs embedded mode.
pub async fn run(opts: EmbeddedOptions) -> Result<(), DaemonError> {
    let _ = opts;
    Err(DaemonError::Embedded("not implemented yet".to_string()))
}
