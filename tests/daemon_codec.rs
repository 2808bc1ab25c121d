//! The record codec on the real NPR article: every input field survives byte for byte.

mod support;

use newstag::config::{FieldsConfig, LimitsConfig};
use newstag::pipeline::record::RecordCodec;
use newstag::tagger::Tagger;

#[test]
fn npr_article_is_preserved_verbatim() {
    let path = support::repo().join("samples/npr-2025-08-06-witkoff-putin.json");
    let input = std::fs::read(&path).expect("NPR sample");
    let codec = RecordCodec::new(&FieldsConfig::default(), &LimitsConfig::default());
    let tagger = Tagger::builtin().expect("builtin rules");
    let mut out = Vec::new();
    let enrichment = codec
        .enrich(&tagger, &input, None, &mut out)
        .expect("the NPR article is good input");

    // Byte-level: everything up to the closing brace is the input, unchanged.
    let close = input.iter().rposition(|b| *b == b'}').expect("object");
    assert_eq!(&out[..close], &input[..close]);
    assert_eq!(&out[out.len() - (input.len() - close)..], &input[close..]);

    // Value-level: every input field equal, plus exactly the returned enrichment.
    let before: serde_json::Value = serde_json::from_slice(&input).expect("input JSON");
    let after: serde_json::Value = serde_json::from_slice(&out).expect("output JSON");
    let before = before.as_object().expect("object");
    let after = after.as_object().expect("object");
    assert_eq!(after.len(), before.len() + 1);
    for (k, v) in before {
        assert_eq!(after.get(k), Some(v), "field {k} changed");
    }
    // Through JSON text (not `to_value`, which widens f32 confidences to f64 digits).
    let expected: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&enrichment).expect("serialise"))
            .expect("parse");
    assert_eq!(after["enrichment"], expected);
}
