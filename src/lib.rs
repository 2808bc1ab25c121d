//! newstag: tags sanction, tariff and deadline events in news items.
//!
//! Layers, and the only direction in which they depend on each other:
//! `cli` (binary) → [`daemon`] → [`pipeline`] → [`tagger`].
//! [`config`], [`metrics`] and [`health`] are shared leaves that carry no logic of their own.
#![forbid(unsafe_code)]

pub mod config;
pub mod daemon;
pub mod eval;
pub mod health;
pub mod metrics;
pub mod pipeline;
pub mod tagger;
pub mod telemetry;

/// The crate version, stamped on every output record header and in `build_info`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
