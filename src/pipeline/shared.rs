//! State shared by the pipeline thread and librdkafka's callback threads: the first fatal
//! error, health flags and metric handles.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rdkafka::error::KafkaError;
use rdkafka::types::RDKafkaErrorCode;

use crate::health::Health;
use crate::pipeline::instruments::Instruments;

/// Shared between the consumer context, the producer context and the pipeline loop.
pub struct Shared {
    /// Readiness and liveness, updated from callbacks (broker state) and the loop.
    pub health: Arc<Health>,
    /// Metric handles.
    pub instruments: Instruments,
    /// Set once a fatal error was recorded; checked by the loop every iteration (one load).
    fatal_flag: AtomicBool,
    /// The first fatal error's message (later ones are logged only).
    fatal: Mutex<Option<String>>,
}

impl Shared {
    /// Fresh shared state.
    pub fn new(health: Arc<Health>, instruments: Instruments) -> Arc<Shared> {
        Arc::new(Shared {
            health,
            instruments,
            fatal_flag: AtomicBool::new(false),
            fatal: Mutex::new(None),
        })
    }

    /// Records a fatal error; the pipeline stops at its next iteration.
    pub fn set_fatal(&self, message: String) {
        if let Ok(mut slot) = self.fatal.lock() {
            if slot.is_none() {
                // WARN, not ERROR: the binary's edge logs the one ERROR line for it.
                tracing::warn!(error = %message, "fatal pipeline error");
                *slot = Some(message);
            } else {
                tracing::debug!(error = %message, "further fatal error");
            }
        }
        self.fatal_flag.store(true, Ordering::Release);
    }

    /// The recorded fatal error, if any.
    pub fn fatal(&self) -> Option<String> {
        if !self.fatal_flag.load(Ordering::Acquire) {
            return None;
        }
        self.fatal
            .lock()
            .ok()
            .and_then(|s| s.clone())
            .or_else(|| Some("fatal error".to_string()))
    }

    /// Handles librdkafka's error callback for either client: fatal errors stop the
    /// pipeline, "all brokers down" clears the connected flag, the rest is logged.
    pub fn client_error(&self, client: &str, error: &KafkaError, reason: &str) {
        match error.rdkafka_error_code() {
            Some(code) if is_fencing_code(code) => self.set_fatal(format!(
                "{client}: {error}: {reason}: a newer producer with this pipeline's \
                 transactional.id started (this instance restarted elsewhere, or another one \
                 runs with the same transactional.id); this one stops"
            )),
            Some(code) if is_fatal_code(code) => {
                self.set_fatal(format!("{client}: {error}: {reason}"));
            }
            Some(RDKafkaErrorCode::AllBrokersDown) => {
                self.health.set_connected(false);
                tracing::warn!(client, error = %error, reason, "all brokers down; retrying");
            }
            _ => tracing::warn!(client, error = %error, reason, "Kafka client error"),
        }
    }
}

/// Errors that mean another producer took over this pipeline's `transactional.id`.
fn is_fencing_code(code: RDKafkaErrorCode) -> bool {
    matches!(
        code,
        RDKafkaErrorCode::Fenced
            | RDKafkaErrorCode::ProducerFenced
            | RDKafkaErrorCode::InvalidProducerEpoch
    )
}

/// Error codes no retry will fix: the process should exit non-zero and be looked at.
pub fn is_fatal_code(code: RDKafkaErrorCode) -> bool {
    matches!(
        code,
        RDKafkaErrorCode::Fatal
            | RDKafkaErrorCode::Authentication
            | RDKafkaErrorCode::SaslAuthenticationFailed
            | RDKafkaErrorCode::TopicAuthorizationFailed
            | RDKafkaErrorCode::GroupAuthorizationFailed
            | RDKafkaErrorCode::ClusterAuthorizationFailed
            | RDKafkaErrorCode::TransactionalIdAuthorizationFailed
            | RDKafkaErrorCode::ProducerFenced
            | RDKafkaErrorCode::Fenced
            | RDKafkaErrorCode::InvalidProducerEpoch
            | RDKafkaErrorCode::UnknownTopicOrPartition
            | RDKafkaErrorCode::UnknownTopic
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metrics;

    #[test]
    fn first_fatal_error_wins_and_broker_down_is_not_fatal() {
        let m = Metrics::new().unwrap();
        let health = Health::new();
        health.set_connected(true);
        let s = Shared::new(health.clone(), Instruments::new(&m));
        assert_eq!(s.fatal(), None);
        s.client_error(
            "consumer",
            &KafkaError::Global(RDKafkaErrorCode::AllBrokersDown),
            "down",
        );
        assert_eq!(s.fatal(), None);
        s.client_error(
            "producer",
            &KafkaError::Global(RDKafkaErrorCode::Authentication),
            "bad password",
        );
        s.set_fatal("second".to_string());
        let msg = s.fatal().unwrap();
        assert!(
            msg.contains("producer") && msg.contains("bad password"),
            "{msg}"
        );
    }

    #[test]
    fn a_fenced_producer_is_fatal_and_the_message_says_why() {
        let m = Metrics::new().unwrap();
        let s = Shared::new(Health::new(), Instruments::new(&m));
        // What librdkafka reports when a newer producer with the same transactional.id
        // initialised transactions.
        s.client_error(
            "producer",
            &KafkaError::Global(RDKafkaErrorCode::Fenced),
            "Failed to add partitions to transaction",
        );
        let msg = s.fatal().expect("fatal");
        assert!(msg.contains("transactional.id"), "{msg}");
    }
}
