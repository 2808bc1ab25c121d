//! An authentication failure is fatal: the pipeline stops with one clear error instead of
//! sitting there. The password comes from `kafka.secret_files`.

mod common;

use common::*;
use newstag::pipeline::Mode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authentication_failure_is_fatal() {
    let broker = Tansu::start_with(&["--authentication"]);
    let topics = Topics {
        input: rand_name("in"),
        output: rand_name("out"),
        dead_letter: rand_name("dlq"),
        group: rand_name("group"),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = dir.path().join("password");
    std::fs::write(&secret, "wrong-password\n").expect("secret");
    let mut cfg = config(&broker.bootstrap(), &topics, "");
    for (k, v) in [
        ("security.protocol", "SASL_PLAINTEXT"),
        ("sasl.mechanisms", "SCRAM-SHA-256"),
        ("sasl.username", "newstag"),
    ] {
        cfg.kafka.properties.insert(k.to_string(), v.to_string());
    }
    cfg.kafka
        .secret_files
        .insert("sasl.password".to_string(), secret.clone());

    let mut p = Running::start(cfg, Mode::Enrich);
    let err = tokio::time::timeout(TIMEOUT, p.join())
        .await
        .expect("the pipeline stops by itself")
        .expect_err("with an error");
    let msg = err.to_string();
    assert!(msg.to_lowercase().contains("authentication"), "{msg}");
    assert!(
        !msg.contains("wrong-password"),
        "the secret is not shown: {msg}"
    );
    assert!(!p.health.is_ready());
}
