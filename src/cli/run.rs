//! `newstag run`: the daemon, from a config file or embedded.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `newstag run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Configuration file (TOML).
    #[arg(long, conflicts_with = "embedded")]
    pub config: Option<PathBuf>,
    /// Run against an in-process mock Kafka cluster fed with the shipped sample news.
    #[arg(long)]
    pub embedded: bool,
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not implemented yet")
}
