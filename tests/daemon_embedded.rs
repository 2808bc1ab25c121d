//! `newstag run --embedded --exit-after-samples`: the README's first command runs to
//! completion with no external service, and every shipped sample comes out.

mod support;

use std::process::Command;

use newstag::daemon::embedded::sample_lines;

#[test]
fn embedded_mode_runs_to_completion_and_every_sample_comes_out() {
    let o = Command::new(support::bin())
        .args([
            "run",
            "--embedded",
            "--exit-after-samples",
            "--http-listen",
            "127.0.0.1:0",
        ])
        .env_remove("RUST_LOG")
        .env_remove("NOTIFY_SOCKET")
        .output()
        .expect("run newstag --embedded");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");

    let samples: Vec<&str> = sample_lines().collect();
    let mut good = 0;
    for line in &samples {
        // Every parseable sample's id starts one printed record line.
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            let id = v["id"].as_str().expect("sample id");
            let printed = stdout
                .lines()
                .filter(|l| l.starts_with(&format!("{id} | ")))
                .count();
            assert_eq!(printed, 1, "{id} printed {printed} times:\n{stdout}");
            if v.get("title").is_some() || v.get("headline").is_some() {
                good += 1;
            }
        }
    }
    let dead = samples.len() - good;
    assert!(dead >= 1, "the samples show the dead-letter path");
    assert_eq!(stdout.matches("| DEAD LETTER ").count(), dead, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{n} of {n} samples came out: {good} enriched, {dead} dead-lettered.",
            n = samples.len()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("/metrics"),
        "prints the metrics URL: {stdout}"
    );
}
