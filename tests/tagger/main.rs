//! The tagger's behaviour through its public API, on invented sentences (never corpus text):
//! what becomes an event, who imposes on whom, rates and actions, deadline dates, and the
//! corpus gates. One test binary, so the release library is linked once; each module holds
//! one class of behaviour, and `tagging` the shared helpers.

mod cases;
mod deadlines;
mod detection;
mod eval;
mod gate;
mod npr;
mod offtopic;
mod rates;
mod robust;
mod roles;
mod tagging;
