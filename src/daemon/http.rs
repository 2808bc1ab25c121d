//! The HTTP listener: `GET /metrics` (Prometheus text format), `/healthz` (liveness) and
//! `/readyz` (readiness). Handlers only read atomics and render the registry: no locks shared
//! with the pipeline.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use crate::health::Health;
use crate::metrics::Metrics;

/// Content type of the Prometheus text exposition format, version 0.0.4.
pub const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What the handlers read.
#[derive(Clone)]
pub struct HttpState {
    /// Rendered by `/metrics`.
    pub metrics: Metrics,
    /// Read by `/healthz` and `/readyz`.
    pub health: Arc<Health>,
    /// `/healthz` fails once the main loop has been silent this long.
    pub liveness_timeout: Duration,
}

/// The routes, for [`serve`] or for embedding in another server.
pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
}

/// Binds `addr`; port 0 picks a free port (read it back with `local_addr`).
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// Serves until `stop` completes; in-flight requests are finished first.
pub async fn serve(
    listener: TcpListener,
    state: HttpState,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(stop)
        .await
}

async fn metrics(State(s): State<HttpState>) -> Response {
    match s.metrics.render() {
        Ok(body) => ([(header::CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE)], body).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot render metrics");
            (StatusCode::INTERNAL_SERVER_ERROR, "cannot render metrics\n").into_response()
        }
    }
}

async fn healthz(State(s): State<HttpState>) -> Response {
    if s.health.is_live(s.liveness_timeout) {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "main loop stalled\n").into_response()
    }
}

async fn readyz(State(s): State<HttpState>) -> Response {
    if s.health.is_ready() {
        (StatusCode::OK, "ready\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(health: Arc<Health>) -> HttpState {
        HttpState {
            metrics: Metrics::new().expect("metrics"),
            health,
            liveness_timeout: Duration::from_secs(30),
        }
    }

    #[tokio::test]
    async fn healthz_is_503_when_the_main_loop_never_ticked() {
        // `Default` leaves the last tick at the epoch: a loop silent for decades.
        let stalled = Arc::new(Health::default());
        assert_eq!(
            healthz(State(state(stalled))).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            healthz(State(state(Health::new()))).await.status(),
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn readyz_requires_connected_assigned_and_not_draining() {
        let h = Health::new();
        assert_eq!(
            readyz(State(state(h.clone()))).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        h.set_connected(true);
        h.set_assignment_ok(true);
        assert_eq!(
            readyz(State(state(h.clone()))).await.status(),
            StatusCode::OK
        );
        h.set_shutting_down();
        assert_eq!(
            readyz(State(state(h))).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
