//! Logging setup: human format on a terminal, JSON otherwise or by config.
//!
//! Logs go to stderr so that stdout stays free for data (`newstag tag`, embedded mode's
//! record lines). Nothing here logs configuration values: secrets never reach the log.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::{LogConfig, LogFormat};

/// Why logging could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    /// `log.level` (or `RUST_LOG`) is not a valid tracing filter.
    #[error("config key `log.level`: invalid filter {filter:?}: {message}")]
    BadFilter {
        /// The filter text.
        filter: String,
        /// The parser's complaint.
        message: String,
    },
}

/// Checks `log.level` alone (ignoring `RUST_LOG`), for `newstag validate`.
pub fn check_level(log: &LogConfig) -> Result<(), TelemetryError> {
    EnvFilter::try_new(&log.level)
        .map(|_| ())
        .map_err(|e| TelemetryError::BadFilter {
            filter: log.level.clone(),
            message: e.to_string(),
        })
}

/// Builds the filter: `RUST_LOG` when set and non-empty, else `log.level`.
pub fn filter(log: &LogConfig) -> Result<EnvFilter, TelemetryError> {
    let text = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| log.level.clone());
    EnvFilter::try_new(&text).map_err(|e| TelemetryError::BadFilter {
        filter: text,
        message: e.to_string(),
    })
}

/// Whether logs will be JSON: by `log.format`, and for `auto` when stderr is not a terminal.
pub fn is_json(format: LogFormat) -> bool {
    match format {
        LogFormat::Json => true,
        LogFormat::Text => false,
        LogFormat::Auto => !std::io::stderr().is_terminal(),
    }
}

/// Installs the global subscriber. A second call (tests starting several daemons in one
/// process) keeps the first subscriber and succeeds.
pub fn init(log: &LogConfig) -> Result<(), TelemetryError> {
    let filter = filter(log)?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _already_set = if is_json(log.format) {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init()
    } else {
        builder
            .with_ansi(std::io::stderr().is_terminal())
            .with_target(false)
            .try_init()
    };
    Ok(())
}
