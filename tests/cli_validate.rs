//! `newstag validate`: config layering (file, then `NEWSTAG_*` overrides) and error messages
//! that name the offending key or file.

mod support;

use std::process::{Command, Output};

use support::{bin, config_toml, write};

fn validate(path: &std::path::Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(["validate", "--config"]).arg(path);
    // A clean slate: no overrides leak in from the environment running the tests.
    for (k, _) in std::env::vars() {
        if k.starts_with("NEWSTAG_") || k == "RUST_LOG" {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env.iter().copied());
    cmd.output().expect("run newstag validate")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn shipped_example_config_is_valid() {
    let o = validate(&support::repo().join("config/newstag.toml"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("OK "), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("news -> news.enriched"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn env_overrides_file_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "c.toml", &config_toml("file-broker:9092"));
    let o = validate(&path, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("file-broker:9092"), "{}", stdout(&o));

    let o = validate(
        &path,
        &[
            ("NEWSTAG_KAFKA__BROKERS", "env-a:9092,env-b:9092"),
            ("NEWSTAG_KAFKA__GROUP_ID", "from-env"),
            ("NEWSTAG_DELIVERY", "exactly-once"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("2 broker(s) env-a:9092,env-b:9092"), "{out}");
    assert!(out.contains("\"from-env\""), "{out}");
    assert!(out.contains("exactly-once"), "{out}");
    assert!(!out.contains("file-broker"), "{out}");
}

#[test]
fn env_override_can_repair_an_empty_file_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "c.toml", &config_toml(""));
    let o = validate(&path, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("`kafka.brokers`"), "{}", stderr(&o));
    let o = validate(&path, &[("NEWSTAG_KAFKA__BROKERS", "k:9092")]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn non_config_newstag_variables_are_ignored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "c.toml", &config_toml("b:9092"));
    let o = validate(&path, &[("NEWSTAG_CONFIG", "/etc/whatever.toml")]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// (config body, environment, text the error must contain)
fn expect_error(body: &str, env: &[(&str, &str)], needle: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "c.toml", body);
    let o = validate(&path, env);
    assert!(!o.status.success(), "accepted: {body}");
    assert!(
        stderr(&o).contains(needle),
        "error does not name {needle:?}: {}",
        stderr(&o)
    );
}

#[test]
fn unknown_key_in_file_is_named() {
    let body = config_toml("b:9092").replace("group_id =", "groupid =");
    expect_error(&body, &[], "`kafka.groupid`: unknown key");
    let body = format!("{}\n[limits]\nmax_msg_bytes = 5\n", config_toml("b:9092"));
    expect_error(&body, &[], "`limits.max_msg_bytes`");
}

#[test]
fn unknown_key_in_env_names_the_variable() {
    expect_error(
        &config_toml("b:9092"),
        &[("NEWSTAG_KAFKA__BROKER", "x:1")],
        "NEWSTAG_KAFKA__BROKER",
    );
}

#[test]
fn wrong_types_are_named() {
    let body = format!(
        "{}\n[limits]\nmax_json_depth = \"deep\"\n",
        config_toml("b:9092")
    );
    expect_error(&body, &[], "`limits.max_json_depth`");
    expect_error(
        &config_toml("b:9092"),
        &[("NEWSTAG_HTTP__LISTEN", "not-an-address")],
        "`http.listen`",
    );
    let body = format!("delivery = \"twice\"\n{}", config_toml("b:9092"));
    expect_error(&body, &[], "`delivery`");
}

#[test]
fn missing_required_key_is_named() {
    let body = config_toml("b:9092").replace("input_topic = \"news\"\n", "");
    expect_error(&body, &[], "`kafka.input_topic`: missing");
}

#[test]
fn colliding_topics_are_named() {
    let body = config_toml("b:9092").replace("\"news.enriched\"", "\"news\"");
    expect_error(&body, &[], "`kafka.output_topic`");
    let body = config_toml("b:9092").replace("\"news.dead-letter\"", "\"news.enriched\"");
    expect_error(&body, &[], "`kafka.dead_letter_topic`");
}

#[test]
fn insane_limits_are_named() {
    for (line, key) in [
        ("max_json_depth = 500", "`limits.max_json_depth`"),
        (
            "max_in_flight_messages = 0",
            "`limits.max_in_flight_messages`",
        ),
        (
            "max_message_bytes = 2000\nmax_in_flight_bytes = 1000",
            "`limits.max_message_bytes`",
        ),
    ] {
        let body = format!("{}\n[limits]\n{line}\n", config_toml("b:9092"));
        expect_error(&body, &[], key);
    }
}

#[test]
fn bad_log_level_is_named() {
    let body = format!(
        "{}\n[log]\nlevel = \"newstag=loud\"\n",
        config_toml("b:9092")
    );
    expect_error(&body, &[], "`log.level`");
}

#[test]
fn unreadable_secret_file_is_named() {
    let body = config_toml("b:9092").replace(
        "[kafka.consumer_properties]",
        "[kafka.secret_files]\n\"sasl.password\" = \"/nonexistent/newstag/secret\"\n[kafka.consumer_properties]",
    );
    expect_error(&body, &[], "kafka.secret_files.\"sasl.password\"");
    expect_error(&body, &[], "/nonexistent/newstag/secret");
}

#[test]
fn readable_secret_file_passes_and_is_not_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = write(dir.path(), "pw", "hunter2-very-secret\n");
    let body = config_toml("b:9092").replace(
        "[kafka.consumer_properties]",
        &format!(
            "[kafka.secret_files]\n\"sasl.password\" = \"{}\"\n[kafka.consumer_properties]",
            secret.display()
        ),
    );
    let path = write(dir.path(), "c.toml", &body);
    let o = validate(&path, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 file(s) readable"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("hunter2") && !stderr(&o).contains("hunter2"));
}

#[test]
fn missing_config_file_is_named() {
    let o = validate(std::path::Path::new("/nonexistent/newstag.toml"), &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("/nonexistent/newstag.toml"),
        "{}",
        stderr(&o)
    );
}
