//! Tariff rates (`rate_pct`) and actions (imposed / threatened / eased), by class of wording;
//! each class with a case that must not change.

mod combined_totals_and_rated_reports;
mod fused_units_and_tables;
mod hedges_and_of_phrases;
mod merging_and_firm_lists;
mod points_and_resumed_values;
mod rates_by_subject;
mod scheduled_changes;
mod wording_classes;
