//! Scoring the tagger against a labeled corpus (`newstag eval`). Owned by the tagger work.
