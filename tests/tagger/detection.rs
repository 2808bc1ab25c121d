//! Which sentences hold a sanction or tariff event at all: the wordings of measures the
//! lexicon must know, and the look-alikes (approval senses, courts, sport, background,
//! negation, stance) it must leave alone.

mod approval_sense_and_denials;
mod background_uses;
mod boards_confederations_and_retrospectives;
mod dated_background_and_advocates;
mod existing_regimes_and_goods_nouns;
mod generic_triggers;
mod measure_wordings;
mod sanctions_by_other_names;
mod stance_and_background;
mod unseen_wording_classes;
