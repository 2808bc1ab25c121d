//! `newstag tag`: JSON Lines in, the daemon's output format out; malformed lines reported
//! with file and line number, skipped, and reflected in the exit status.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use newstag::config::{FieldsConfig, LimitsConfig};
use newstag::pipeline::record::RecordCodec;
use newstag::tagger::Tagger;
use support::{bin, write};

const GOOD_1: &str =
    r#"{"id":"a","published_at":"2025-08-01","title":"US imposes 25% tariff on steel","n":1.0e2}"#;
const GOOD_2: &str = r#"{"id":"b","published_at":"2025-08-02T10:00:00Z","headline":"EU extends sanctions","text":"Brussels \u00e9 \"quoted\""}"#;
const BAD_JSON: &str = r#"{"id":"c","title":"truncated"#;
const NO_TEXT: &str = r#"{"id":"d","summary":"no title, no body"}"#;

fn tag(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(bin())
        .arg("tag")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newstag tag");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("newstag tag runs")
}

/// What the daemon's codec produces for `line` (the reference output format).
fn daemon_format(line: &str) -> String {
    let codec = RecordCodec::new(&FieldsConfig::default(), &LimitsConfig::default());
    let tagger = Tagger::builtin().expect("builtin rules");
    let mut out = Vec::new();
    codec
        .enrich(&tagger, line.as_bytes(), None, &mut out)
        .expect("good line");
    String::from_utf8(out).expect("utf8")
}

fn assert_verbatim(input: &str, output: &str) {
    let prefix = &input[..input.len() - 1];
    assert!(
        output.starts_with(prefix),
        "input not preserved:\n{input}\n{output}"
    );
    assert!(
        output[prefix.len()..].starts_with(",\"enrichment\":{"),
        "{output}"
    );
}

#[test]
fn files_with_malformed_lines_exit_1_and_emit_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f1 = write(
        dir.path(),
        "one.jsonl",
        &format!("{GOOD_1}\n{BAD_JSON}\n\n{GOOD_2}\n"),
    );
    let f2 = write(dir.path(), "two.jsonl", &format!("{NO_TEXT}\r\n{GOOD_1}"));
    let o = tag(
        &[f1.to_str().expect("path"), f2.to_str().expect("path")],
        None,
    );
    assert_eq!(o.status.code(), Some(1));

    let stdout = String::from_utf8(o.stdout).expect("utf8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_verbatim(GOOD_1, lines[0]);
    assert_verbatim(GOOD_2, lines[1]);
    assert_verbatim(GOOD_1, lines[2]);

    let stderr = String::from_utf8(o.stderr).expect("utf8");
    assert!(
        stderr.contains(&format!("{}:2: not_json", f1.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:1: no_text", f2.display())),
        "{stderr}"
    );
    assert!(!stderr.contains(":3:"), "blank line reported: {stderr}");
    // stderr is a pipe here: no progress bar drawing (escape codes, carriage returns).
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\r'),
        "{stderr:?}"
    );
}

#[test]
fn stdin_with_a_malformed_line_reports_its_number() {
    let o = tag(&[], Some(&format!("{GOOD_1}\n{GOOD_2}\n{BAD_JSON}\n")));
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).expect("utf8");
    assert!(stderr.contains("<stdin>:3: not_json"), "{stderr}");
    assert_eq!(
        String::from_utf8(o.stdout).expect("utf8").lines().count(),
        2
    );
}

#[test]
fn output_is_exactly_the_daemon_format() {
    let o = tag(&[], Some(&format!("{GOOD_1}\n{GOOD_2}\n")));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let expected = format!("{}\n{}\n", daemon_format(GOOD_1), daemon_format(GOOD_2));
    assert_eq!(String::from_utf8(o.stdout).expect("utf8"), expected);
}

#[test]
fn shipped_samples_tag_with_two_dead_letters() {
    let samples = support::repo().join("samples/news.jsonl");
    let o = tag(&[samples.to_str().expect("path")], None);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8(o.stdout).expect("utf8");
    let total = std::fs::read_to_string(&samples)
        .expect("samples")
        .lines()
        .count();
    assert_eq!(stdout.lines().count(), total - 2);
    let mut ids = Vec::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON output");
        assert_eq!(v["enrichment"]["schema_version"], 1);
        ids.push(v["id"].as_str().expect("id").to_string());
    }
    assert!(
        ids.iter().any(|id| id == "npr-2025-08-06-witkoff-putin"),
        "{ids:?}"
    );
    let stderr = String::from_utf8(o.stderr).expect("utf8");
    assert!(
        stderr.contains("no_text") && stderr.contains("not_json"),
        "{stderr}"
    );
}

#[test]
fn unreadable_file_fails_but_others_are_processed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = write(dir.path(), "good.jsonl", GOOD_1);
    let o = tag(
        &["/nonexistent/in.jsonl", good.to_str().expect("path")],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/in.jsonl"));
    assert_eq!(
        String::from_utf8(o.stdout).expect("utf8").lines().count(),
        1
    );
}
