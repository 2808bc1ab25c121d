//! Rule reload (SIGHUP): build a new [`Tagger`] off the async workers, swap it in atomically,
//! keep the rules in force when the new ones are bad.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::metrics::Metrics;
use crate::tagger::{RulesError, Tagger};

use super::notify;

/// Loads the rules: `dir` when set, else the rules built into the binary.
pub fn load_rules(dir: Option<&Path>) -> Result<Tagger, RulesError> {
    match dir {
        Some(dir) => Tagger::from_dir(dir),
        None => Tagger::builtin(),
    }
}

/// Sets `newstag_build_info{version,rules_digest}`, dropping the series of `previous`.
pub fn set_build_info(metrics: &Metrics, previous: Option<&str>, digest: &str) {
    if let Some(old) = previous.filter(|old| *old != digest) {
        let _ = metrics
            .build_info
            .remove_label_values(&[crate::VERSION, old]);
    }
    metrics
        .build_info
        .with_label_values(&[crate::VERSION, digest])
        .set(1);
}

/// Why a reload did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The new rules do not load; the old ones stay in force.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// The loading task panicked (a bug in the tagger); the old rules stay in force.
    #[error("rule loading task failed: {0}")]
    Task(String),
}

/// Reloads the rules from the directory given at startup. Cheap to clone.
#[derive(Clone)]
pub struct Reloader {
    /// `rules.dir`; `None` reloads the built-in rules (a no-op in effect).
    dir: Option<PathBuf>,
    /// The rules in force, shared with the pipeline.
    tagger: Arc<ArcSwap<Tagger>>,
    /// Counts `newstag_rules_reloads_total{result}` and updates `build_info`.
    metrics: Metrics,
    /// One reload at a time, so two quick SIGHUPs cannot swap in an older rule set last.
    serial: Arc<tokio::sync::Mutex<()>>,
}

impl Reloader {
    /// A reloader for `dir` swapping into `tagger`.
    pub fn new(dir: Option<PathBuf>, tagger: Arc<ArcSwap<Tagger>>, metrics: Metrics) -> Reloader {
        Reloader {
            dir,
            tagger,
            metrics,
            serial: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Rebuilds the rules and swaps them in. Returns the new rules digest. On failure logs
    /// one error naming the file, counts the failure and leaves the rules in force.
    pub async fn reload(&self) -> Result<String, ReloadError> {
        let _one_at_a_time = self.serial.lock().await;
        notify::reloading();
        let dir = self.dir.clone();
        let built = tokio::task::spawn_blocking(move || load_rules(dir.as_deref()))
            .await
            .map_err(|e| ReloadError::Task(e.to_string()))
            .and_then(|r| r.map_err(ReloadError::from));
        let result = match built {
            Ok(new) => {
                let digest = new.rules_digest().to_string();
                let old = self.tagger.swap(Arc::new(new));
                set_build_info(&self.metrics, Some(old.rules_digest()), &digest);
                self.metrics
                    .rules_reloads
                    .with_label_values(&["success"])
                    .inc();
                tracing::info!(old = old.rules_digest(), new = %digest, "rules reloaded");
                Ok(digest)
            }
            Err(e) => {
                self.metrics
                    .rules_reloads
                    .with_label_values(&["failure"])
                    .inc();
                tracing::error!(error = %e, rules_digest = self.tagger.load().rules_digest(), "rules reload rejected; the rules in force stay");
                Err(e)
            }
        };
        notify::ready("processing");
        result
    }
}
