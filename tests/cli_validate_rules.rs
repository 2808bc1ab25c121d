//! `newstag validate` on the rules a configuration names: a missing directory or a bad rule
//! file is reported by name; good rules print their digest.

mod support;

use std::process::{Command, Output};

use support::{bin, config_toml, write};

fn validate_with_rules(dir: &std::path::Path) -> Output {
    let tmp = tempfile::tempdir().expect("tempdir");
    let body = format!(
        "{}\n[rules]\ndir = \"{}\"\n",
        config_toml("b:9092"),
        dir.display()
    );
    let path = write(tmp.path(), "c.toml", &body);
    Command::new(bin())
        .args(["validate", "--config"])
        .arg(&path)
        .env_remove("RUST_LOG")
        .output()
        .expect("run newstag validate")
}

fn copy_rules(to: &std::path::Path) {
    for entry in std::fs::read_dir(support::repo().join("config/rules")).expect("config/rules") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rules") {
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

#[test]
fn good_rules_dir_passes_with_its_digest() {
    let rules = tempfile::tempdir().expect("tempdir");
    copy_rules(rules.path());
    let o = validate_with_rules(rules.path());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("rules:") && stdout.contains("sha256:"),
        "{stdout}"
    );
}

#[test]
fn bad_rule_file_is_named() {
    let rules = tempfile::tempdir().expect("tempdir");
    copy_rules(rules.path());
    std::fs::write(rules.path().join("cues.rules"), "[cues\nwarned\n").expect("write");
    let o = validate_with_rules(rules.path());
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("rules.dir"), "{stderr}");
    assert!(stderr.contains("cues.rules"), "{stderr}");
}

#[test]
fn missing_rules_dir_is_named() {
    let o = validate_with_rules(std::path::Path::new("/nonexistent/newstag-rules"));
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("/nonexistent/newstag-rules"), "{stderr}");
}
