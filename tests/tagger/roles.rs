//! Who imposes on whom (`imposer`, `target`), by class of wording; each class with a case
//! where the rule must not fire.

mod adopted_measures_and_beneficiaries;
mod coordinated_rated_measures;
mod core_wordings;
mod listed_bodies_and_hit_with;
mod lists_and_carried_targets;
mod objects_and_receivers;
mod over_phrases_and_second_predicates;
mod owners_and_told_parties;
mod stance_nouns_and_listings;
