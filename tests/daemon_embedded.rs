//! `newstag run --embedded --exit-after-samples`: the README's first command runs to
//! completion with no external service, and every shipped sample comes out.

mod support;

use std::process::Command;

use newstag::daemon::embedded::sample_lines;

#[test]
fn embedded_mode_runs_to_completion_and_every_sample_comes_out() {
    let o = support::output_within(
        Command::new(support::bin())
            .args([
                "run",
                "--embedded",
                "--exit-after-samples",
                "--http-listen",
                "127.0.0.1:0",
            ])
            .env_remove("RUST_LOG")
            .env_remove("NOTIFY_SOCKET"),
        std::time::Duration::from_secs(120),
    );
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

#[test]
fn embedded_mode_stops_cleanly_on_ctrl_c() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let mut child = Command::new(support::bin())
        .args(["run", "--embedded", "--http-listen", "127.0.0.1:0"])
        .env_remove("RUST_LOG")
        .env_remove("NOTIFY_SOCKET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn newstag run --embedded");
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    let stdout = child.stdout.take().expect("stdout");
    let n = sample_lines().count();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Bounds a failure only: a hung child is killed instead of hanging the test run.
    let limit = std::time::Duration::from_secs(90);
    let mut records = 0;
    let mut seen = Vec::new();
    while records < n {
        match rx.recv_timeout(limit) {
            Ok(line) => {
                if line.contains(" | ") {
                    records += 1;
                }
                seen.push(line);
            }
            Err(e) => {
                let _ = child.kill();
                panic!("{records} of {n} records before {e:?}: {seen:#?}");
            }
        }
    }
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).expect("SIGINT");
    // The reader thread ends when the child closes stdout, which disconnects the channel.
    let mut rest = Vec::new();
    loop {
        match rx.recv_timeout(limit) {
            Ok(line) => rest.push(line),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(e) => {
                let _ = child.kill();
                panic!("no clean stop after SIGINT ({e:?}): {rest:#?}");
            }
        }
    }
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "{rest:#?}");
    assert!(
        rest.iter()
            .any(|l| l.starts_with(&format!("{n} of {n} samples came out"))),
        "{rest:#?}"
    );
}
