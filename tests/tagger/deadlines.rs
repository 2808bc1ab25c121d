//! Deadline events and their dates: the date grammar, the deadline/effect split, and
//! look-alikes that must not become deadlines.

mod change_verbs_and_periods;
mod date_grammar;
