//! Logging setup: human format on a terminal, JSON otherwise or by config.
