//! Goods and sectors named near a measure ("25% tariff on Chinese steel": steel).

use super::context::{gap, Sentence};
use super::lexicon::Payload;

/// Products this close to the trigger (tokens) belong to it.
const PRODUCT_WINDOW: usize = 10;
/// Generic words kept only when nothing more specific is named.
pub(crate) const GENERIC: [&str; 3] = ["goods", "imports", "exports"];

/// Canonical product names within the window around tokens `around`, in text order.
pub(crate) fn products_near(
    sent: &Sentence<'_, '_>,
    around: (usize, usize),
    window: Option<usize>,
) -> Vec<String> {
    let w = window.unwrap_or(PRODUCT_WINDOW);
    let mut out: Vec<String> = Vec::new();
    for h in &sent.hits {
        if let Payload::Product { name } = &h.entry.payload {
            if gap((h.ts, h.te), around) <= w && !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    if out.iter().any(|p| !GENERIC.contains(&p.as_str())) {
        out.retain(|p| !GENERIC.contains(&p.as_str()));
    }
    out
}
