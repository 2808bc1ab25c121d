//! `newstag explain`: which rules fired for each item, and why each event got its fields.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `newstag explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Input files (JSON Lines); stdin when none.
    pub files: Vec<PathBuf>,
    /// Rules directory (the built-in rules when unset).
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not implemented yet")
}
