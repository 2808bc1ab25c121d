//! The in-process daemon (library entry [`Daemon::start`], port 0) against librdkafka's mock
//! cluster: `/metrics`, `/healthz`, `/readyz`, drain behaviour and rule reload.

mod support;

use std::sync::Arc;
use std::time::Duration;

use newstag::config::Config;
use newstag::daemon::Daemon;
use rdkafka::mocking::MockCluster;
use tokio::sync::oneshot;

use support::{http_get, metric_value, poll_until};

/// Bounds a wait that should succeed quickly; only a failure takes this long.
const LIMIT: Duration = Duration::from_secs(30);

struct Harness {
    daemon: Daemon,
    stop: Option<oneshot::Sender<()>>,
    _cluster: MockCluster<'static, rdkafka::producer::DefaultProducerContext>,
}

async fn start(edit: impl FnOnce(&mut Config)) -> Harness {
    let cluster = MockCluster::new(1).expect("mock cluster");
    for t in ["news", "news.enriched", "news.dead-letter"] {
        cluster.create_topic(t, 2, 1).expect("topic");
    }
    let mut config =
        Config::from_toml_str(&support::config_toml(&cluster.bootstrap_servers())).expect("config");
    edit(&mut config);
    let (tx, rx) = oneshot::channel::<()>();
    let daemon = Daemon::start(config, async move {
        let _ = rx.await;
    })
    .await
    .expect("daemon starts");
    Harness {
        daemon,
        stop: Some(tx),
        _cluster: cluster,
    }
}

impl Harness {
    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_endpoint_serves_prometheus_text() {
    let mut h = start(|_| {}).await;
    let addr = h.daemon.http_addr();
    assert_ne!(addr.port(), 0, "port 0 must be resolved to the bound port");
    let (status, content_type, body) = http_get(addr, "/metrics").await.expect("GET /metrics");
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let digest = h.daemon.tagger().rules_digest().to_string();
    let build_info = format!(
        "newstag_build_info{{rules_digest=\"{digest}\",version=\"{}\"}}",
        newstag::VERSION
    );
    assert_eq!(metric_value(&body, &build_info), Some(1.0), "{body}");
    assert_eq!(
        metric_value(&body, "newstag_dead_letters_total{reason=\"too_deep\"}"),
        Some(0.0),
        "closed label sets exist from the first scrape"
    );
    support::promtool_check(&body);
    let (status, _, _) = http_get(addr, "/nope").await.expect("GET /nope");
    assert_eq!(status, 404);
    h.shutdown();
    h.daemon.wait().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_200_while_the_main_loop_ticks() {
    // A liveness timeout far below the span observed: /healthz stays 200 only because the
    // main loop keeps ticking (a loop that stopped would turn it 503 after 1.5 s; the unit
    // tests in src/daemon/http.rs check that side).
    let timeout = Duration::from_millis(1500);
    let mut h = start(|c| c.http.liveness_timeout_ms = timeout.as_millis() as u64).await;
    let addr = h.daemon.http_addr();
    let began = std::time::Instant::now();
    let mut checks = 0;
    while began.elapsed() < timeout * 3 {
        let (status, _, body) = http_get(addr, "/healthz").await.expect("GET /healthz");
        assert_eq!(status, 200, "after {:?}: {body}", began.elapsed());
        checks += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(checks >= 10, "sampled {checks} times");
    h.shutdown();
    h.daemon.wait().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_while_draining_and_stop_is_clean() {
    let mut h = start(|_| {}).await;
    let addr = h.daemon.http_addr();
    // Ready first, so that the 503 below comes from draining, not from never being ready.
    poll_until(LIMIT, "/readyz to answer 200", || async {
        let (status, _, _) = http_get(addr, "/readyz").await?;
        (status == 200).then_some(())
    })
    .await;
    h.shutdown();
    poll_until(LIMIT, "shutdown to be seen", || async {
        h.daemon.is_stopping().then_some(())
    })
    .await;
    // The listener stays up through the drain, answering "not ready".
    let (status, _, body) = http_get(addr, "/readyz").await.expect("GET /readyz");
    assert_eq!(status, 503, "{body}");
    assert!(!h.daemon.health().is_ready());
    let (_, _, metrics) = http_get(addr, "/metrics").await.expect("GET /metrics");
    assert_eq!(metric_value(&metrics, "newstag_ready"), Some(0.0));
    h.daemon.wait().await.expect("clean stop");
    // After wait() the listener is closed.
    assert!(http_get(addr, "/readyz").await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_swaps_the_rules_and_counts_it() {
    let mut h = start(|_| {}).await;
    let before = h.daemon.tagger();
    let digest = h.daemon.reloader().reload().await.expect("reload");
    let after = h.daemon.tagger();
    assert!(
        !Arc::ptr_eq(&before, &after),
        "a new Tagger must be swapped in"
    );
    assert_eq!(after.rules_digest(), digest);
    let m = h.daemon.metrics();
    assert_eq!(m.rules_reloads.with_label_values(&["success"]).get(), 1);
    assert_eq!(m.rules_reloads.with_label_values(&["failure"]).get(), 0);
    let (_, _, body) = http_get(h.daemon.http_addr(), "/metrics")
        .await
        .expect("GET /metrics");
    assert_eq!(
        metric_value(&body, "newstag_rules_reloads_total{result=\"success\"}"),
        Some(1.0)
    );
    h.shutdown();
    h.daemon.wait().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_turns_200_after_assignment() {
    let mut h = start(|_| {}).await;
    let addr = h.daemon.http_addr();
    poll_until(LIMIT, "/readyz to answer 200", || async {
        let (status, _, _) = http_get(addr, "/readyz").await?;
        (status == 200).then_some(())
    })
    .await;
    poll_until(LIMIT, "newstag_ready to be 1", || async {
        let (_, _, body) = http_get(addr, "/metrics").await?;
        (metric_value(&body, "newstag_ready") == Some(1.0)).then_some(())
    })
    .await;
    assert!(h.daemon.health().is_ready());
    h.shutdown();
    poll_until(LIMIT, "shutdown to be seen", || async {
        h.daemon.is_stopping().then_some(())
    })
    .await;
    let (status, _, _) = http_get(addr, "/readyz").await.expect("GET /readyz");
    assert_eq!(status, 503, "not ready once draining");
    h.daemon.wait().await.expect("clean stop");
}
