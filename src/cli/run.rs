//! `newstag run`: the daemon, from a config file or embedded.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use newstag::config::Config;
use newstag::daemon::{self, embedded, DaemonError};
use newstag::telemetry;

/// How long runtime teardown may wait for background tasks after the daemon has stopped.
const RUNTIME_TEARDOWN: Duration = Duration::from_secs(2);

/// Arguments of `newstag run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Configuration file (TOML). `NEWSTAG_<SECTION>__<KEY>` variables override its keys.
    #[arg(
        long,
        conflicts_with = "embedded",
        required_unless_present = "embedded"
    )]
    pub config: Option<PathBuf>,
    /// Run against an in-process mock Kafka cluster fed with the shipped sample news.
    #[arg(long)]
    pub embedded: bool,
    /// Embedded mode: stop once every sample has come out (for scripts and tests).
    #[arg(long, requires = "embedded")]
    pub exit_after_samples: bool,
    /// Embedded mode: where to serve /metrics (port 0 picks a free port).
    #[arg(long, requires = "embedded", default_value = "127.0.0.1:9464")]
    pub http_listen: std::net::SocketAddr,
    /// Benchmark baseline only: produce every input unchanged, skipping parsing and tagging
    /// (same client settings, headers and offset handling). Never use in production.
    #[arg(long, hide = true, conflicts_with = "embedded")]
    pub passthrough: bool,
}

/// Runs the daemon until a signal (or, embedded, until the samples are done).
pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newstag")
        .build()
        .context("cannot start the async runtime")?;
    let result = if args.embedded {
        let opts = embedded::EmbeddedOptions {
            exit_after_samples: args.exit_after_samples,
            http_listen: args.http_listen,
        };
        telemetry::init(&embedded::log_config()).context("cannot set up logging")?;
        runtime.block_on(embedded::run(opts))
    } else {
        let path = args.config.context("--config FILE is required")?;
        let config = Config::load(&path)?;
        telemetry::init(&config.log)?;
        tracing::info!(
            config = %path.display(),
            brokers = %config.kafka.brokers,
            group_id = %config.kafka.group_id,
            input_topic = %config.kafka.input_topic,
            output_topic = %config.kafka.output_topic,
            dead_letter_topic = %config.kafka.dead_letter_topic,
            delivery = config.delivery.as_str(),
            // Property names only: values may be credentials.
            properties = ?config.kafka.properties.keys().collect::<Vec<_>>(),
            secret_files = ?config.kafka.secret_files.keys().collect::<Vec<_>>(),
            "starting newstag {}", newstag::VERSION
        );
        let mode = if args.passthrough {
            tracing::warn!("--passthrough: records are NOT enriched (benchmark baseline)");
            newstag::pipeline::Mode::Passthrough
        } else {
            newstag::pipeline::Mode::Enrich
        };
        runtime.block_on(daemon::run_until_signalled(config, mode))
    };
    // The binary edge: the one ERROR line for a daemon that stops on an error. Lower layers
    // (the pipeline's fatal-error slot, the supervisor) record the cause and log at most at
    // WARN; the error is logged here once, with its full chain, and the exit status is 1.
    // It is returned as `Ok(FAILURE)`, not `Err`, so that `main` does not print it again.
    match result {
        Ok(()) => {
            runtime.shutdown_timeout(RUNTIME_TEARDOWN);
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ DaemonError::DrainTimeout(_)) => {
            // The pipeline is stuck; tearing the runtime down could block on it. Leave now
            // (stderr is unbuffered: the line is out before the exit).
            tracing::error!(error = %e, "hard shutdown deadline reached");
            std::process::exit(1);
        }
        Err(e) => {
            tracing::error!(error = %e, "newstag stopped");
            runtime.shutdown_timeout(RUNTIME_TEARDOWN);
            Ok(ExitCode::FAILURE)
        }
    }
}
