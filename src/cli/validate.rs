//! `newstag validate`: checks a configuration file and the rules it names.
//!
//! Runs every check `newstag run` would run before touching Kafka: parse, types, unknown
//! keys (file and `NEWSTAG_*` overrides), value sanity, secret files readable, log filter,
//! rules loadable. Errors name the key or file; success prints a short summary.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;

use newstag::config::Config;
use newstag::daemon::reload::load_rules;
use newstag::telemetry;

/// Validates `path`; non-zero exit (via the error) on the first problem.
pub fn run(path: &Path) -> anyhow::Result<ExitCode> {
    let config = Config::load(path)?;
    config.check_secrets()?;
    telemetry::check_level(&config.log)?;
    let rules = match &config.rules.dir {
        // Display only: a RulesError's message already includes its source.
        Some(dir) => load_rules(Some(dir))
            .map_err(|e| anyhow!("config key `rules.dir` ({}): {e}", dir.display()))?,
        None => load_rules(None).map_err(|e| anyhow!("built-in rules: {e}"))?,
    };
    let k = &config.kafka;
    let brokers: Vec<&str> = k
        .brokers
        .split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .collect();
    println!("OK {}", path.display());
    println!(
        "  kafka:    {} broker(s) {}, group {:?}",
        brokers.len(),
        brokers.join(","),
        k.group_id
    );
    println!(
        "  topics:   {} -> {}, dead letters -> {}",
        k.input_topic, k.output_topic, k.dead_letter_topic
    );
    println!("  delivery: {}", config.delivery.as_str());
    match &config.rules.dir {
        Some(dir) => println!("  rules:    {} ({})", dir.display(), rules.rules_digest()),
        None => println!("  rules:    built-in ({})", rules.rules_digest()),
    }
    println!("  http:     {}", config.http.listen);
    if !k.secret_files.is_empty() {
        println!("  secrets:  {} file(s) readable", k.secret_files.len());
    }
    Ok(ExitCode::SUCCESS)
}
