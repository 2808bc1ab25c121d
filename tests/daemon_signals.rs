//! The `newstag run` binary under signals and a fake systemd notify socket: SIGHUP reloads
//! the rules, SIGTERM drains and exits 0, and sd_notify messages arrive.

mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixDatagram;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use rdkafka::mocking::MockCluster;

use support::{http_get, metric_value, poll_until};

const LIMIT: Duration = Duration::from_secs(30);

/// Kills the child if the test fails half-way.
struct Reaper(Child);
impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Receives notify datagrams until one contains `needle` (or fails after `LIMIT`).
fn await_notify(sock: &UnixDatagram, needle: &str) -> String {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        assert!(
            start.elapsed() < LIMIT,
            "no sd_notify message with {needle}"
        );
        if let Ok(n) = sock.recv(&mut buf) {
            let msg = String::from_utf8_lossy(&buf[..n]).into_owned();
            if msg.lines().any(|l| l == needle) {
                return msg;
            }
        }
    }
}

fn signal(child: &Child, sig: Signal) {
    kill(Pid::from_raw(child.id() as i32), sig).expect("send signal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_and_sigterm_drains_with_systemd_notifications() {
    let cluster = MockCluster::new(1).expect("mock cluster");
    for t in ["news", "news.enriched", "news.dead-letter"] {
        cluster.create_topic(t, 1, 1).expect("topic");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let config = support::write(
        dir.path(),
        "newstag.toml",
        &support::config_toml(&cluster.bootstrap_servers()),
    );
    let sock_path = dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).expect("notify socket");
    sock.set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");

    let mut cmd = Command::new(support::bin());
    cmd.args(["run", "--config"])
        .arg(&config)
        .env("NOTIFY_SOCKET", &sock_path)
        .env("WATCHDOG_USEC", "2000000")
        .env_remove("WATCHDOG_PID")
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn newstag run");
    let stderr = child.stderr.take().expect("stderr");
    let child = Reaper(child);

    // Logs are JSON (stderr is a pipe); collect them and find the bound address.
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    let addr: std::net::SocketAddr = loop {
        let line = rx
            .recv_timeout(LIMIT)
            .expect("daemon logs its HTTP address");
        log.push(line.clone());
        let v: serde_json::Value = serde_json::from_str(&line).expect("JSON log line");
        if let Some(a) = v["http_addr"].as_str() {
            break a.parse().expect("socket address");
        }
    };

    // READY=1 once the pipeline has joined the group; the watchdog is pinged (every
    // WATCHDOG_USEC / 2 = 1 s, slow enough not to flood a socket this test leaves unread
    // while it polls /metrics) while the main loop is live. `await_notify` waits for the ping
    // with a deadline.
    await_notify(&sock, "READY=1");
    await_notify(&sock, "WATCHDOG=1");

    signal(&child.0, Signal::SIGHUP);
    await_notify(&sock, "RELOADING=1");
    poll_until(LIMIT, "a successful reload in /metrics", || async {
        let (_, _, body) = http_get(addr, "/metrics").await?;
        (metric_value(&body, "newstag_rules_reloads_total{result=\"success\"}") == Some(1.0))
            .then_some(())
    })
    .await;

    signal(&child.0, Signal::SIGTERM);
    await_notify(&sock, "STOPPING=1");
    let mut child = child;
    let status = poll_until(LIMIT, "the daemon to exit", || {
        let s = child.0.try_wait().expect("try_wait");
        async move { s }
    })
    .await;
    assert_eq!(status.code(), Some(0), "logs: {log:?}");
    log.extend(rx.try_iter());
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        log.push(line);
    }
    let all = log.join("\n");
    assert!(all.contains("rules reloaded"), "{all}");
    assert!(all.contains("stopped cleanly"), "{all}");
    drop(cluster);
}

#[test]
fn run_with_a_bad_key_exits_non_zero_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = support::config_toml("b:9092").replace("[shutdown]", "[shutdown]\ndrain_ms = 1");
    let config = support::write(dir.path(), "c.toml", &body);
    let o = Command::new(support::bin())
        .args(["run", "--config"])
        .arg(&config)
        .env_remove("RUST_LOG")
        .output()
        .expect("run");
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("`shutdown.drain_ms`"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
}

#[test]
fn fatal_pipeline_error_is_one_error_line_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The configuration parses; the pipeline then cannot read the secret and gives up.
    let body = support::config_toml("127.0.0.1:9").replace(
        "[kafka.consumer_properties]",
        "[kafka.secret_files]\n\"sasl.password\" = \"/nonexistent/newstag/pw\"\n[kafka.consumer_properties]",
    );
    let config = support::write(dir.path(), "c.toml", &body);
    let o = Command::new(support::bin())
        .args(["run", "--config"])
        .arg(&config)
        .env_remove("RUST_LOG")
        .env_remove("NOTIFY_SOCKET")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let errors: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["level"] == "ERROR")
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    // The one ERROR line is the binary edge's (cli::run), not a lower layer's, and it is the
    // last thing the process says.
    assert_eq!(errors[0]["target"], "newstag::cli::run", "{stderr}");
    assert_eq!(errors[0]["message"], "newstag stopped", "{stderr}");
    let last: serde_json::Value =
        serde_json::from_str(stderr.lines().last().unwrap_or_default()).expect("JSON log line");
    assert_eq!(last, errors[0], "{stderr}");
    let msg = errors[0]["error"].as_str().unwrap_or_default();
    assert!(msg.contains("pipeline failed"), "{stderr}");
    assert!(msg.contains("kafka.secret_files"), "{stderr}");
}
