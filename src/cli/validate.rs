//! `newstag validate`: checks a configuration file and the rules it names.

use std::path::Path;
use std::process::ExitCode;

pub fn run(config: &Path) -> anyhow::Result<ExitCode> {
    let _ = config;
    anyhow::bail!("not implemented yet")
}
