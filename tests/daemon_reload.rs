//! Rule reload on the in-process daemon with a real rules directory: a good change is
//! swapped in (new digest in `build_info`), a bad file is rejected and the rules stay.

mod support;

use std::path::Path;

use newstag::config::Config;
use newstag::daemon::Daemon;
use rdkafka::mocking::MockCluster;

use support::{http_get, metric_value};

fn copy_rules(to: &Path) {
    let from = support::repo().join("config/rules");
    let mut n = 0;
    for entry in std::fs::read_dir(&from).expect("config/rules") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rules") {
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            n += 1;
        }
    }
    assert!(n > 0, "no rule files in {}", from.display());
}

fn build_info(digest: &str) -> String {
    format!(
        "newstag_build_info{{rules_digest=\"{digest}\",version=\"{}\"}}",
        newstag::VERSION
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn good_rules_are_swapped_in_and_bad_rules_are_rejected() {
    let cluster = MockCluster::new(1).expect("mock cluster");
    for t in ["news", "news.enriched", "news.dead-letter"] {
        cluster.create_topic(t, 1, 1).expect("topic");
    }
    let rules = tempfile::tempdir().expect("tempdir");
    copy_rules(rules.path());
    let mut config =
        Config::from_toml_str(&support::config_toml(&cluster.bootstrap_servers())).expect("config");
    config.rules.dir = Some(rules.path().to_path_buf());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let daemon = Daemon::start(config, async move {
        let _ = rx.await;
    })
    .await
    .expect("daemon starts");
    let addr = daemon.http_addr();
    let first = daemon.tagger().rules_digest().to_string();

    // A good change: a new rule file content, so a new digest.
    let triggers = rules.path().join("triggers.rules");
    let mut text = std::fs::read_to_string(&triggers).expect("triggers.rules");
    text.push_str("\n# reload test: a comment changes the sources, hence the digest\n");
    std::fs::write(&triggers, &text).expect("write");
    let second = daemon.reloader().reload().await.expect("good rules reload");
    assert_ne!(second, first);
    assert_eq!(daemon.tagger().rules_digest(), second);
    let (_, _, body) = http_get(addr, "/metrics").await.expect("GET /metrics");
    assert_eq!(
        metric_value(&body, &build_info(&second)),
        Some(1.0),
        "{body}"
    );
    assert_eq!(
        metric_value(&body, &build_info(&first)),
        None,
        "old digest series dropped"
    );

    // A bad file: rejected, the rules in force stay.
    std::fs::write(&triggers, "[sanction\nembargo\n").expect("write");
    let err = daemon
        .reloader()
        .reload()
        .await
        .expect_err("bad rules must be rejected");
    assert!(err.to_string().contains("triggers.rules"), "{err}");
    assert_eq!(daemon.tagger().rules_digest(), second);
    let (_, _, body) = http_get(addr, "/metrics").await.expect("GET /metrics");
    assert_eq!(
        metric_value(&body, "newstag_rules_reloads_total{result=\"failure\"}"),
        Some(1.0)
    );
    assert_eq!(
        metric_value(&body, "newstag_rules_reloads_total{result=\"success\"}"),
        Some(1.0)
    );
    assert_eq!(metric_value(&body, &build_info(&second)), Some(1.0));

    let _ = tx.send(());
    daemon.wait().await.expect("clean stop");
    drop(cluster);
}
