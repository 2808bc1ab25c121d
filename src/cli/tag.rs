//! `newstag tag`: JSON Lines in, enriched JSON Lines out, in the daemon's output format.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `newstag tag`.
#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Input files (JSON Lines); stdin when none.
    pub files: Vec<PathBuf>,
    /// Rules directory (the built-in rules when unset).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Print which rules fired for each item to stderr.
    #[arg(long)]
    pub explain: bool,
}

pub fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not implemented yet")
}
