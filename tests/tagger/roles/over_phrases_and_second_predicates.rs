//! Who imposes on whom, seventh round: "over" standing for "on" before foreign goods ("a levy
//! over Egyptian glass bottles"); a second predicate opened by a participle ("strips X, Y of
//! trade status, imposing a tariff on all imports") aims at the whole first object list; an
//! acronym of goods between a bare country and the measure ("Mexico EV tariff"); a rate
//! stretch that names a second duty ("a duty of 30% and an anti-subsidy duty of 5% on …").
//! Invented sentences, each class with a case where the rule must not fire.

use crate::tagging::{all_measures, body_roles as roles, sorted_codes, tag};

#[test]
fn over_before_foreign_goods_names_the_target() {
    roles(
        "Turkey will impose a countervailing levy of 18 percent over Egyptian steel pipes.",
        &["TR"],
        &["EG"],
    );
    roles(
        "Morocco imposed duties of 12% over Spanish steel pipes on Monday.",
        &["MA"],
        &["ES"],
    );
}

#[test]
fn over_as_a_reason_or_a_buyers_trade_names_no_target() {
    // a reason, no goods; no rate before "over"
    roles(
        "Britain imposed sanctions over Russian aggression in the region.",
        &["GB"],
        &[],
    );
    // the seller of what the target buys is not the target
    roles(
        "Washington imposed an extra 25% tariff over Russian oil purchases.",
        &["US"],
        &[],
    );
    roles(
        "Washington imposed a 25% tariff over Russian oil.",
        &["US"],
        &[],
    );
}

#[test]
fn participle_predicate_aims_at_the_first_object_list() {
    roles(
        "Australia stripped Iran, Syria of preferential trade status, imposing a 40% tariff on all imports.",
        &["AU"],
        &["IR", "SY"],
    );
    roles(
        "Australia strips Iran, Syria of trade status, slapping 40% tariff on imports.",
        &["AU"],
        &["IR", "SY"],
    );
}

#[test]
fn participle_predicate_with_named_goods_or_an_apposition_keeps_no_target() {
    // the phrase names goods, not bare imports: the first object is not read as hit
    roles(
        "Canada thanked Norway, imposing a 10% tariff on steel coils.",
        &["CA"],
        &[],
    );
    // "including" opens an apposition, not a second predicate: the bloc is no target
    roles(
        "Norway adopted the European bloc's latest package of restrictive measures against Belarus, including the listing of 30 people whose funds are now frozen.",
        &["NO"],
        &["BY"],
    );
}

#[test]
fn goods_acronym_after_a_bare_country_names_the_target() {
    roles(
        "Ottawa doubles its Mexico EV tariff to 50%.",
        &["CA"],
        &["MX"],
    );
    // an abbreviated country before the acronym imposes
    roles("Washington raised the U.S. EV tariff to 50%.", &["US"], &[]);
}

#[test]
fn a_second_duty_in_the_rate_stretch_shares_the_target() {
    let e = tag(
        "",
        "Beijing will levy an anti-dumping duty of 30% and an anti-subsidy duty of 5% on wine imports from Chile.",
        "2025-06-02",
    );
    let found = all_measures(&e);
    assert!(!found.is_empty(), "{e:#?}");
    for m in found {
        assert_eq!(sorted_codes(&m.imposer), ["CN"], "{e:#?}");
        assert_eq!(sorted_codes(&m.target), ["CL"], "{e:#?}");
    }
}
