//! The daemon: process lifecycle around the pipeline (config, HTTP endpoints, signals,
//! systemd notification, rule reload, embedded mode).
