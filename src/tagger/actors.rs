//! Who imposes and who is targeted, from the actor mentions of one sentence.
//!
//! Rules, in order (each is a shallow syntactic cue, not a parse):
//! 1. locative mentions ("in Moscow", "into the U.S.") are places, not parties;
//! 2. target noun phrase: after a target preposition near the trigger ("tariffs on India",
//!    "sanctions against Russia"), right after a verbal trigger ("sanctioned Iran", "Norway
//!    sanctions two ministers") or the destination of banned exports, up to a phrase break
//!    ("over", "for", a comma, an -ing word other than "carrying"/"supplying"…);
//! 3. modifier: an actor just before the trigger imposes ("U.S. tariffs", "EU sanctions") unless
//!    it is a bare country name or a product stands between ("Mexico tariffs", "Chinese steel
//!    tariffs": target), or the trigger is its verb ("China blacklists …": subject);
//! 4. goods' origin, relief and listing: "imports from X", "hit X goods with", the party next to
//!    a relief cue, the party moved on or off a list are targets; companies are targets;
//! 5. agent: "by the Trump administration", "U.S.-imposed" impose (with its coordinated list);
//! 6. "X ... or face sanctions": the nearest non-imposer, non-speaker before "face" is the target;
//! 7. otherwise the imposer is the first actor before the deciding cue in its clause (the
//!    subject, with its coordinated list); failing that a role noun ("the ministry") or a
//!    pronoun is resolved by the caller, or the speaker of ", X said" imposes;
//! 8. a target code is never also the imposer.
//!
//! Between these: the subject of a passive measure verb ("Russian banks were sanctioned",
//! "exporters were hit by EU duties") is a target; a relative clause after the measure names
//! its imposer ("the tariffs Trump announced"); the subject of a stance verb ("opposed",
//! "urged", "welcomed") is no imposer, only a party named after it can be; reported speech,
//! a condition and a clause after ", and"/"but" have their own subject when it acts ("China
//! said the U.S. would impose …"); a fronted subordinate clause ("If Russia invades, …") is
//! skipped; an owner before plain modifiers imposes ("the EU's standard 10% tariff");
//! "its"/"their" in the target phrase name the clause's first party when it does not impose;
//! "the country" in the target phrase refers back; goods "made in X" come from X; bodies "in X"
//! target X, not their owner; the destination of curbed exports is a party; the party
//! permitted to act ("authorised the EU to impose") imposes; "on each other" marks a
//! reciprocal measure; a later rate ends the previous rate's target phrase.

use std::ops::ControlFlow;

use super::context::{Mention, Sentence};
use super::lexicon::{ActorKind, Lexicon, Payload, RoleList};

/// Longest target noun phrase, in tokens.
const NP_MAX: usize = 20;
/// How far after the trigger a target preposition may stand ("tariffs of 25% on").
const PREP_WINDOW: usize = 8;
/// How far before the trigger a "face" cue may stand.
const FACE_WINDOW: usize = 8;
/// How far after a placing cue the list trigger may stand ("added 140 entities, most of
/// them Chinese chip makers, to its Entity List").
const LIST_WINDOW: usize = 20;

/// Imposer and target codes, in order of mention, plus why.
#[derive(Debug, Default, Clone)]
pub(crate) struct Roles {
    pub imposer: Vec<String>,
    pub target: Vec<String>,
    pub why: Vec<String>,
    /// No imposer found but a pronoun subject opens the clause: resolve from context.
    pub pronoun_subject: bool,
    /// The imposers are a coordinated subject ("the U.S. and Britain agreed …"): with no
    /// target named, an easing between them runs both ways.
    pub joint: bool,
    /// No imposer found but a state body named by its role is the subject ("the ministry").
    pub role_subject: bool,
    /// A noun trigger used as the verb of its subject ("UK sanctions 14 tankers"): the verb
    /// itself says the measure is imposed.
    pub verbal: bool,
    /// The target phrase is "each other" / "one another": with a coordinated pair of
    /// imposers, one measure each way.
    pub reciprocal: bool,
    /// A target phrase or object was read (even if it named no party: "on imported cars").
    pub phrase: bool,
    /// "secondary sanctions": aimed at third parties, not at the item's target.
    pub secondary: bool,
}

/// Which list of [`Roles`] a party joins.
#[derive(Debug, Clone, Copy)]
enum Role {
    Imposer,
    Target,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Imposer => "imposer",
            Role::Target => "target",
        }
    }
}

impl Roles {
    /// Records why a role was assigned; the note is formatted only when explaining.
    fn note(&mut self, explain: bool, f: impl FnOnce() -> String) {
        if explain {
            self.why.push(f());
        }
    }

    /// Adds `code` to `role` and notes why (`why` is the reason after "←"), so each rule is
    /// one call.
    fn assign_code(&mut self, role: Role, code: &str, explain: bool, why: impl FnOnce() -> String) {
        let list = match role {
            Role::Imposer => &mut self.imposer,
            Role::Target => &mut self.target,
        };
        push(list, code);
        self.note(explain, || format!("{} {code} ← {}", role.name(), why()));
    }

    /// Adds mention `m` to `role`; in `why`, `{m}` stands for the mention's quoted text.
    fn assign(
        &mut self,
        role: Role,
        explain: bool,
        sent: &Sentence<'_, '_>,
        m: &Mention<'_>,
        why: &str,
    ) {
        self.assign_code(role, m.code, explain, || {
            why.replace("{m}", &format!("`{}`", span_text(sent, m)))
        });
    }

    /// Adds `m` as a target named by a modifier of the trigger (what the measure hits).
    fn target_modifier(&mut self, explain: bool, sent: &Sentence<'_, '_>, m: &Mention<'_>) {
        self.assign(
            Role::Target,
            explain,
            sent,
            m,
            "{m} names what the measure hits",
        );
    }
}

fn push(v: &mut Vec<String>, code: &str) {
    // Empty code: a non-state body ("ECOWAS"); it fills a role with nobody.
    if !code.is_empty() && !v.iter().any(|c| c == code) {
        v.push(code.to_string());
    }
}

fn is_locative(sent: &Sentence<'_, '_>, m: &Mention<'_>) -> bool {
    // "tankers in Russia's shadow fleet": an owner, not a place.
    if possessive_at(sent, m.te) {
        return false;
    }
    let mut j = m.ts;
    if j > 0 && sent.w(j - 1).eq_ignore_ascii_case("the") {
        j -= 1;
    }
    sent.hits
        .iter()
        .any(|h| h.te == j && matches!(h.entry.payload, Payload::Locative))
}

/// `i` is the "in" of "firms in China", "banks in the UAE": a body and its home country.
fn entity_in(sent: &Sentence<'_, '_>, lex: &Lexicon, i: usize) -> bool {
    if i == 0 || !sent.w(i).eq_ignore_ascii_case("in") {
        return false;
    }
    let prev = sent.w(i - 1);
    let at = home_start(sent, i + 1);
    lex.role_word(RoleList::Based, prev)
        && sent
            .mentions
            .iter()
            .any(|m| m.ts == at && matches!(m.kind, ActorKind::Country))
}

/// The party of a "with X facing N%" clause after the trigger, in the same clause.
fn facing_after<'p, 'l>(
    sent: &Sentence<'_, '_>,
    parties: &[&'p Mention<'l>],
    trig: (usize, usize),
) -> Option<&'p Mention<'l>> {
    let face = sent.hits.iter().find(|h| {
        h.ts > trig.1
            && h.ts <= trig.1 + 3 * FACE_WINDOW
            && matches!(h.entry.payload, Payload::TargetBefore)
            && (h.te..h.te + 4).any(|k| rate_at(sent, k))
    })?;
    if (trig.1..face.ts).any(|i| matches!(sent.w(i), ";" | ":" | "—" | "–")) {
        return None;
    }
    let with = (face.ts.saturating_sub(6).max(trig.1)..face.ts)
        .rfind(|&i| sent.w(i).eq_ignore_ascii_case("with"))?;
    parties
        .iter()
        .copied()
        .find(|m| m.ts > with && m.te <= face.ts && m.kind != ActorKind::Company)
}

/// Where the name of a body's home starts at `i`, past "the" and "mainland" ("firms in
/// mainland China").
fn home_start(sent: &Sentence<'_, '_>, mut i: usize) -> usize {
    if sent.w(i).eq_ignore_ascii_case("the") {
        i += 1;
    }
    if sent.w(i).eq_ignore_ascii_case("mainland") {
        i += 1;
    }
    i
}

/// The countries where listed bodies are based, named after the trigger: "…, including
/// firms in China and Hong Kong", "among them companies in Armenia, Turkey and the UAE",
/// "tightening the net on companies in China". The bodies must be what the measure names
/// (after an apposition, a listing verb or "on"/"against" a few words before them), not
/// bystanders ("pushed companies in Vietnam to expand").
fn listed_homes<'s, 'l>(
    sent: &'s Sentence<'_, 'l>,
    lex: &'s Lexicon,
    trig: (usize, usize),
) -> impl Iterator<Item = &'s Mention<'l>> + 's {
    const NAMING: [&str; 12] = [
        "including",
        "among",
        "targeting",
        "listing",
        "blacklisting",
        "designating",
        "sanctioning",
        "adding",
        "add",
        "adds",
        "on",
        "against",
    ];
    let end = (trig.1..sent.toks.len())
        .find(|&i| matches!(sent.w(i), ";" | ":" | "—" | "–"))
        .unwrap_or(sent.toks.len());
    // (a preposition only just before the bodies: "on 12 companies in …", not "tariffs on
    // Chinese goods hurt exporters in …")
    let named = move |i: usize| {
        (i.saturating_sub(5).max(trig.1)..i - 1).any(|k| {
            let w = sent.w(k);
            let prep = ["on", "against"].iter().any(|p| p.eq_ignore_ascii_case(w));
            NAMING.iter().any(|n| n.eq_ignore_ascii_case(w)) && (!prep || k + 3 >= i)
        })
    };
    (trig.1 + 1..end)
        .filter(move |&i| entity_in(sent, lex, i) && named(i))
        .flat_map(move |i| home_list(sent, home_start(sent, i + 1)))
}

/// The countries listed from token `at` on, joined by commas, "and", "&" and "the" ("China,
/// Turkey and the United Arab Emirates").
fn home_list<'s, 'l>(
    sent: &'s Sentence<'_, 'l>,
    at: usize,
) -> impl Iterator<Item = &'s Mention<'l>> + 's {
    let joiner = |w: &str| {
        matches!(w, "," | "&")
            || w.eq_ignore_ascii_case("and")
            || w.eq_ignore_ascii_case("the")
            || w.eq_ignore_ascii_case("mainland")
    };
    sent.mentions
        .iter()
        .skip_while(move |m| m.ts < at)
        .scan(at, move |next, m| {
            // (a shorter name inside one already listed)
            if m.ts < *next {
                return Some(None);
            }
            let joined = m.ts - *next <= 3 && (*next..m.ts).all(|i| joiner(sent.w(i)));
            if !joined || m.kind != ActorKind::Country {
                return None;
            }
            *next = m.te;
            Some(Some(m))
        })
        .flatten()
}

/// A party in a target phrase: not a place, unless it is where the targeted bodies are
/// based ("firms in China", "three banks in the UAE"); the owner of such bodies is not
/// targeted ("Russia's customers in China" are Chinese firms).
fn target_party(sent: &Sentence<'_, '_>, lex: &Lexicon, m: &Mention<'_>) -> bool {
    let j = m.ts - usize::from(m.ts > 0 && sent.w(m.ts - 1).eq_ignore_ascii_case("the"));
    // "secondary tariffs on buyers of Russian oil", "countries that purchase Venezuelan
    // crude": the buyers are hit, not the seller.
    if (j.saturating_sub(4)..j).any(|k| lex.role_word(RoleList::Buying, sent.w(k))) {
        return false;
    }
    if j > 0 && entity_in(sent, lex, j - 1) {
        return true;
    }
    // "curbs on chip exports to China": the destination of the curbed trade.
    if j > 1 && sent.w(j - 1).eq_ignore_ascii_case("to") && flow_word(sent.w(j - 2)) {
        // "tariffs on their exports to America": the targets' own sales go to the imposer.
        // ("its" is as often the imposer's own: "Japan curbs its chip exports to Korea")
        let theirs = (j.saturating_sub(4)..j - 2).any(|k| sent.w(k).eq_ignore_ascii_case("their"));
        return !theirs;
    }
    // "firms linked to Iran": the party the bodies are tied to, not a place.
    if j > 1
        && sent.w(j - 1).eq_ignore_ascii_case("to")
        && lex.role_word(RoleList::Belonging, sent.w(j - 2))
    {
        return true;
    }
    if possessive_at(sent, m.te) {
        let upto = (m.te + 6).min(sent.toks.len());
        let mut k = m.te;
        while k < upto && sent.w(k) != "," {
            if entity_in(sent, lex, k) {
                return false;
            }
            k += 1;
        }
    }
    !is_locative(sent, m)
}

/// Words between a "face"/"hit with" cue and the trigger, not counting the measure's own
/// rate and actors ("hit with preliminary 2.84% U.S. anti-subsidy duty").
fn face_distance(sent: &Sentence<'_, '_>, from: usize, to: usize) -> usize {
    let mut n = 0;
    let mut i = from;
    while i < to {
        if let Some(m) = sent.mentions.iter().find(|m| m.ts == i && m.te <= to) {
            i = m.te;
            continue;
        }
        let w = sent.w(i);
        let rate = matches!(w, "%" | "." | "$")
            || w.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
        n += usize::from(!rate);
        i += 1;
    }
    n
}

/// A verb or noun of stopping trade ("prohibits", "banned", "halt", "curbs").
fn ban_word(w: &str) -> bool {
    [
        "prohibit", "ban", "bar", "halt", "block", "stop", "suspend", "curb", "restrict", "embargo",
    ]
    .iter()
    .any(|stem| {
        w.len() <= stem.len() + 4
            && w.get(..stem.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(stem))
    })
}

/// A word of goods sent to a buyer: "shipment(s)", "sale(s)", "deliveries".
fn shipment_word(w: &str) -> bool {
    flow_word(w)
        || ["shipment", "sale", "delivery", "transfer", "supply"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
}

/// Words of trade that go to a destination ("exports to Russia").
fn flow_word(w: &str) -> bool {
    [
        "exports",
        "shipments",
        "sales",
        "exported",
        "sold",
        "transfers",
        "deliveries",
        "supplies",
    ]
    .iter()
    .any(|x| x.eq_ignore_ascii_case(w))
}

/// A rate starts at token `i` ("… and 46% on Vietnam"): a number followed by its unit.
fn rate_at(sent: &Sentence<'_, '_>, i: usize) -> bool {
    let w = sent.w(i);
    let next = sent.w(i + 1);
    w.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && (next.starts_with('%') || next.eq_ignore_ascii_case("percent"))
}

/// Reporting verbs of an attribution after a comma (", Carney said,").
fn attribution_at(sent: &Sentence<'_, '_>, i: usize) -> bool {
    ["said", "says", "told", "announced", "added"]
        .iter()
        .any(|v| v.eq_ignore_ascii_case(sent.w(i)))
}

/// A reporting verb at `i` or after a few capitalised words ("Commerce Secretary Wilbur
/// Ross said"): the name before is the speaker.
fn speaker_at(sent: &Sentence<'_, '_>, i: usize) -> bool {
    let mut k = i;
    while k < i + 4 && sent.w(k).starts_with(|c: char| c.is_uppercase()) {
        k += 1;
    }
    attribution_at(sent, k)
}

/// End (exclusive) of the noun phrase starting at token `from`.
fn np_end(sent: &Sentence<'_, '_>, lex: &Lexicon, from: usize) -> usize {
    let limit = (from + NP_MAX).min(sent.toks.len());
    // Phrase breaks in the window, as bits from `from`: one pass over the hits instead of
    // one per token.
    let breaks: u32 = sent
        .hits
        .iter()
        .filter(|h| h.ts > from && h.ts < limit && matches!(h.entry.payload, Payload::NpBreak))
        .fold(0, |m, h| m | 1 << (h.ts - from));
    let mut i = from;
    while i < limit {
        let w = sent.w(i);
        if i > from {
            // "tankers that it said form part of Russia's shadow fleet": a relative clause
            // that ties the bodies to a party continues the phrase at that party.
            if let Some(p) = belonging_clause(sent, lex, i) {
                i = p;
                continue;
            }
            if breaks & (1 << (i - from)) != 0 && !np_break_excepted(sent, lex, from, i) {
                return i;
            }
            // "…, citing security" and "goods coming into the U.S." end the phrase; a
            // participle that says what the targets do ("tankers carrying Russian oil",
            // "firms supplying Iran") does not.
            if w.len() > 4 && ends_with(w, "ing") {
                let det = ["a", "an", "the"]
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(sent.w(i - 1)));
                let describes = sent.w(i - 1) != ","
                    && [
                        "carrying",
                        "shipping",
                        "transporting",
                        "supplying",
                        "selling",
                        "buying",
                        "helping",
                        "aiding",
                    ]
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(w));
                // "…, including Russian banks": an apposition names the targets, not a new
                // verb.
                let appos = sent.w(i - 1) == "," && apposition_at(sent, lex, i);
                if !det && !describes && !appos {
                    return i;
                }
            }
        }
        // "tariffs on Japan and a 20% tariff on Vietnam": a later rate starts its own phrase
        // once this one has named a party ("25% on steel and 10% on aluminum from the EU"
        // share theirs).
        if i > from && rate_at(sent, i) && sent.mentions.iter().any(|m| m.ts >= from && m.te <= i) {
            return i;
        }
        if w == "(" {
            // skip a parenthetical ("2.8 billion euros ($3.2 billion) of U.S. goods")
            while i < limit && sent.w(i) != ")" {
                i += 1;
            }
            i += 1;
            continue;
        }
        if matches!(w, ";" | ":" | ")" | "—" | "–" | "\"" | "“" | "”") {
            return i;
        }
        if w == "," {
            // A list of actors continues past the comma ("on Canada, Mexico and China"), and
            // so does a number ("on 5,200 U.S. products").
            // ("…, France, the Netherlands and Finland"); a lone ", and" may start a clause.
            let the = sent.w(i + 1).eq_ignore_ascii_case("the");
            let n = i + 1 + usize::from(the);
            // "two Lebanese, one Brazilian national": a counted demonym goes on the list
            // (not "…, two U.S. officials said").
            let counted = !the
                && lex.dates.number(sent.w(i + 1)).is_some()
                && sent.mentions.iter().any(|m| {
                    m.ts == i + 2
                        && m.kind == ActorKind::Demonym
                        && !(m.te..m.te + 3).any(|k| attribution_at(sent, k))
                        && !lex.role_word(RoleList::Officials, sent.w(m.te))
                });
            let next_actor = counted
                || sent.mentions.iter().any(|m| {
                    m.ts == n
                    && !attribution_at(sent, m.te)
                    // "sanctions Iranian officials, Tehran vows …": a new clause's subject
                    && !sent.hits.iter().any(|h| {
                        h.ts == m.te && matches!(h.entry.payload, Payload::Cue { .. })
                    })
                    && (!the
                        || matches!(sent.w(m.te), "," | "")
                        || ["and", "or"]
                            .iter()
                            .any(|c| c.eq_ignore_ascii_case(sent.w(m.te))))
                });
            let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
            let thousands = i > from && digits(sent.w(i - 1)) && digits(sent.w(i + 1));
            // "on Canada, Mexico, and China": a serial comma closes a list of three or more
            // parties (a first ", and" may start a clause: "on Iran, and China said …").
            let serial = ["and", "or"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(sent.w(i + 1)))
                && (from..i).any(|k| sent.w(k) == ",")
                && sent.mentions.iter().any(|m| m.te == i)
                && {
                    let n = i + 2 + usize::from(sent.w(i + 2).eq_ignore_ascii_case("the"));
                    sent.mentions.iter().any(|m| m.ts == n)
                };
            if !next_actor
                && !thousands
                && !serial
                && !apposition_at(sent, lex, i + 1)
                && !nationality_at(sent, from, i)
            {
                return i;
            }
        }
        i += 1;
    }
    limit
}

/// A phrase-break word at `i` (after `from`) that does not end the phrase here: trade "to"
/// a destination, an owner "in Russia's …", "as well as", a quantity ("up to 100"), "held
/// by" owners, bodies "in" their home country.
fn np_break_excepted(sent: &Sentence<'_, '_>, lex: &Lexicon, from: usize, i: usize) -> bool {
    let w = sent.w(i);
    let flow = w.eq_ignore_ascii_case("to") && flow_word(sent.w(i - 1));
    // "… in Russia's shadow fleet": an owner continues the phrase.
    let owner = || {
        w.eq_ignore_ascii_case("in")
            && sent
                .mentions
                .iter()
                .any(|m| m.ts == i + 1 && possessive_at(sent, m.te))
    };
    // "on Iran and North Korea as well as Syria": the list goes on.
    let as_well = || {
        (w.eq_ignore_ascii_case("as")
            && sent.w(i + 1).eq_ignore_ascii_case("well")
            && sent.w(i + 2).eq_ignore_ascii_case("as"))
            || (sent.w(i - 1).eq_ignore_ascii_case("as") && w.eq_ignore_ascii_case("well"))
            || (w.eq_ignore_ascii_case("as")
                && i >= from + 2
                && sent.w(i - 1).eq_ignore_ascii_case("well")
                && sent.w(i - 2).eq_ignore_ascii_case("as"))
    };
    // "on up to 100 tankers", "on as many as 300 products": a quantity, not a break.
    let quantity = || {
        (w.eq_ignore_ascii_case("to") && sent.w(i - 1).eq_ignore_ascii_case("up"))
            || (w.eq_ignore_ascii_case("as")
                && ["many", "much", "few", "high"].iter().any(|q| {
                    q.eq_ignore_ascii_case(sent.w(i + 1)) || q.eq_ignore_ascii_case(sent.w(i - 1))
                }))
    };
    // "assets held by Russian banks": the owners are in the phrase.
    let held = || w.eq_ignore_ascii_case("by") && lex.role_word(RoleList::Owning, sent.w(i - 1));
    // "12 companies tied to North Korea's missile program", "entities linked to Iran": a
    // reduced relative clause ties the bodies to a party.
    // (only when the party comes right after "to": not "officials linked to a bomb plot
    // near Paris")
    let tied = || {
        let at = i + 1 + usize::from(sent.w(i + 1).eq_ignore_ascii_case("the"));
        w.eq_ignore_ascii_case("to")
            && lex.role_word(RoleList::Belonging, sent.w(i - 1))
            && sent.mentions.iter().any(|m| m.ts == at)
    };
    flow || owner() || held() || tied() || as_well() || quantity() || entity_in(sent, lex, i)
}

/// For an object phrase `np` followed by "from" + an -ing verb ("barred Americans from
/// engaging in transactions with the Bank of Russia"), the parties named after the next
/// "with" or "to" in that verb's phrase, or else in its object ("from trading Russian
/// debt"): whom the public may not deal with.
fn counterparty_after<'s, 'l>(
    sent: &'s Sentence<'_, 'l>,
    lex: &Lexicon,
    np: (usize, usize),
) -> &'s [Mention<'l>] {
    let Some(f) = (np.0 + 1..=np.1).find(|&i| {
        let next = sent.w(i + 1);
        sent.w(i).eq_ignore_ascii_case("from") && next.len() > 4 && ends_with(next, "ing")
    }) else {
        return &[];
    };
    let end = (f + 14).min(sent.toks.len());
    let p = (f + 2..end).find(|&i| {
        matches!(sent.w(i), "," | ";" | ":")
            || ["with", "to"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(sent.w(i)))
    });
    // "barred Americans from trading new Russian debt": with no partner named, what the
    // public may not trade in.
    // (not a place the public may not enter: "barred from entering China" is China's own
    // entry ban)
    let moving = [
        "entering",
        "visiting",
        "travelling",
        "traveling",
        "landing",
        "docking",
        "transiting",
        "flying",
        "crossing",
    ]
    .iter()
    .any(|v| v.eq_ignore_ascii_case(sent.w(f + 1)));
    let start = match p {
        Some(p) if !matches!(sent.w(p), "," | ";" | ":") => {
            p + 1 + usize::from(sent.w(p + 1).eq_ignore_ascii_case("the"))
        }
        _ if moving => return &[],
        _ => f + 2,
    };
    let stop = np_end(sent, lex, start);
    let first = sent
        .mentions
        .iter()
        .position(|m| m.ts >= start && m.te <= stop);
    let last = sent
        .mentions
        .iter()
        .rposition(|m| m.ts >= start && m.te <= stop);
    match (first, last) {
        (Some(a), Some(b)) => sent.mentions.get(a..=b).unwrap_or(&[]),
        _ => &[],
    }
}

/// The subject of a clause opened by "after"/"as"/"when" within a few tokens of `from`,
/// when a measure verb follows it ("… after Trump reimposes", "as Washington raised").
fn answered_party<'s, 'l>(sent: &'s Sentence<'_, 'l>, from: usize) -> Option<&'s Mention<'l>> {
    let c = (from..(from + 4).min(sent.toks.len())).find(|&c| {
        ["after", "as", "when", "since"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(sent.w(c)))
    })?;
    let at = c + 1 + usize::from(sent.w(c + 1).eq_ignore_ascii_case("the"));
    let m = sent.mentions.iter().find(|m| m.ts == at)?;
    sent.hits
        .iter()
        .any(|h| h.ts == m.te && matches!(h.entry.payload, Payload::Cue { .. }))
        .then_some(m)
}

/// Between `from` and `to` a conjunction opens a clause with its own measure verb ("after
/// Trump reimposes", "as Washington raises").
fn clause_between(sent: &Sentence<'_, '_>, from: usize, to: usize) -> bool {
    (from..to).any(|c| {
        [
            "after", "before", "because", "while", "amid", "unless", "when", "since", "as",
        ]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(sent.w(c)))
            && sent
                .hits
                .iter()
                .any(|h| h.ts > c && h.ts < to && matches!(h.entry.payload, Payload::Cue { .. }))
    })
}

/// `i` is the "that"/"which" of a relative clause after bodies that ties them to a party
/// ("vessels that officials say belong to Iran's shadow fleet", "firms which are owned by
/// Chinese investors"): the party's position.
fn belonging_clause(sent: &Sentence<'_, '_>, lex: &Lexicon, i: usize) -> Option<usize> {
    let w = sent.w(i);
    if !["that", "which"].iter().any(|x| x.eq_ignore_ascii_case(w)) {
        return None;
    }
    let end = (i + 9).min(sent.toks.len());
    let prep = (i + 2..end)
        .take_while(|&k| !matches!(sent.w(k), "," | ";" | ":" | "—" | "–"))
        .find(|&k| {
            ["of", "to", "by"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(sent.w(k)))
                && lex.role_word(RoleList::Belonging, sent.w(k - 1))
        })?;
    let at = prep + 1 + usize::from(sent.w(prep + 1).eq_ignore_ascii_case("the"));
    sent.mentions.iter().any(|m| m.ts == at).then_some(at)
}

/// The comma at `i` opens an apposition that gives the nationality of a name the phrase
/// from `from` did not place ("on Zentrix, the Chinese drone maker", "Ivan Petrov, a Russian
/// businessman"); not a speaker ("on steel, a Chinese official said").
fn nationality_at(sent: &Sentence<'_, '_>, from: usize, i: usize) -> bool {
    let named = i > from && sent.w(i - 1).starts_with(|c: char| c.is_uppercase());
    if !named
        || !["a", "an", "the"]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(sent.w(i + 1)))
        || sent.mentions.iter().any(|m| m.ts >= from && m.ts < i)
    {
        return false;
    }
    let lower = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
    sent.mentions.iter().any(|m| {
        m.kind == ActorKind::Demonym
            && (m.ts == i + 2 || (m.ts == i + 3 && lower(sent.w(i + 2))))
            && !(m.te..m.te + 4).any(|k| attribution_at(sent, k))
    })
}

/// `i` opens an apposition that says who the listed targets are ("90 people, among them
/// Russian ministers", "40 entities, most of them Chinese", "15 firms, including …").
fn apposition_at(sent: &Sentence<'_, '_>, lex: &Lexicon, i: usize) -> bool {
    // Only after bodies or people ("goods, including French wine" lists goods, not parties).
    let head = sent.w(i.saturating_sub(2));
    if !(lex.role_word(RoleList::Based, head) || lex.role_word(RoleList::People, head)) {
        return false;
    }
    let w = sent.w(i);
    let of_them = || {
        sent.w(i + 1).eq_ignore_ascii_case("of")
            && ["them", "which", "whom"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(sent.w(i + 2)))
    };
    ["including", "mostly", "mainly", "chiefly", "notably"]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(w))
        || (w.eq_ignore_ascii_case("among") && sent.w(i + 1).eq_ignore_ascii_case("them"))
        || (["most", "many", "some", "all", "several", "half"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
            && of_them())
}

/// Codes named in the noun phrase after an "on"/"against" within three tokens of `from`
/// ("25% on imports from Mexico and Canada").
pub(crate) fn targets_after(sent: &Sentence<'_, '_>, lex: &Lexicon, from: usize) -> Vec<String> {
    let mut out = Vec::new();
    let Some(prep) = sent.hits.iter().find(|h| {
        matches!(h.entry.payload, Payload::TargetPrep) && h.ts >= from && h.ts <= from + 3
    }) else {
        return out;
    };
    // "26% on India and 46% on Vietnam": the phrase ends at the next rate.
    let end = np_end(sent, lex, prep.te);
    for m in sent
        .mentions
        .iter()
        .filter(|m| m.ts >= prep.te && m.te <= end)
    {
        if target_party(sent, lex, m) {
            push(&mut out, m.code);
        }
    }
    out
}

/// Resolves roles for the trigger at `trig`; `anchor` is the deciding cue (if before it).
/// `lex` builds earlier sentences of the field when the target is named only as "the
/// country".
#[allow(clippy::too_many_arguments)]
pub(crate) fn resolve(
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    anchor: Option<(usize, usize)>,
    anchor_object: bool,
    inverse: bool,
    verb: bool,
    explain: bool,
    lex: &super::lexicon::Lexicon,
) -> Roles {
    let mut r = Roles::default();
    let parties: Vec<&Mention<'_>> = sent
        .mentions
        .iter()
        .filter(|m| !is_locative(sent, m))
        .collect();

    // 2. target noun phrase
    let prep = sent
        .hits
        .iter()
        .filter(|h| matches!(h.entry.payload, Payload::TargetPrep))
        // "would come on top of the EU's tariff": an idiom, no target.
        .filter(|h| {
            !(sent.w(h.te).eq_ignore_ascii_case("top")
                && sent.w(h.te + 1).eq_ignore_ascii_case("of"))
        })
        // "sanctioned 14 Russian officials on Monday", "duties on July 1 on Chinese steel": a
        // day or month after "on" is a time, not the target phrase.
        .filter(|h| {
            !lex.dates
                .opener(sent.w(h.te))
                .is_some_and(|o| o.month.is_some() || o.weekday.is_some())
        })
        .find(|h| {
            h.ts >= trig.1 && (h.ts <= trig.1 + PREP_WINDOW || rate_stretch(sent, trig.1, h.ts))
        })
        // "blacklists four officials; Beijing hits back": not across a clause break.
        .filter(|h| !(trig.1..h.ts).any(|i| matches!(sent.w(i), ";" | ":" | "—" | "–")))
        // "vows counter-tariffs after Trump reimposes a duty on Canadian aluminum": the
        // preposition belongs to the clause a conjunction opens, with its own verb.
        .filter(|h| !clause_between(sent, trig.1, h.ts));
    // "export ban of gallium to the U.S.": the destination of banned exports.
    // The destination must be named right after "to" ("to Russia", "to the United States"),
    // not a verb ("export controls, … pledged to reduce reliance on China").
    let export_to = (trig.0..(trig.1 + PREP_WINDOW + 4).min(sent.toks.len()))
        .find(|&i| {
            let dest = i + 1 + usize::from(sent.w(i + 1).eq_ignore_ascii_case("the"));
            sent.w(i).eq_ignore_ascii_case("to")
                && sent.mentions.iter().any(|m| m.ts == dest)
                && ((trig.0..i).any(|k| {
                    let w = sent.w(k);
                    w.get(..6).is_some_and(|x| x.eq_ignore_ascii_case("export"))
                })
                // "prohibits the shipment of gallium to the U.S.": banned sales go there too
                    || (ban_word(sent.w(trig.0))
                        && (trig.1..i).any(|k| shipment_word(sent.w(k))))
                // "applies levies to European cognac", "extended the tariffs to Vietnam"
                // (the first "to" after the measure: not "to goods shipped to the U.S.")
                    || ((trig.0.saturating_sub(4)..trig.0)
                        .any(|k| lex.role_word(RoleList::Applying, sent.w(k)))
                        && !(trig.1..i).any(|k| sent.w(k).eq_ignore_ascii_case("to"))))
        })
        .map(|i| i + 1);
    // "a ban on imports of Russian oil": what the banned trade is.
    // "froze the assets of Iranian generals": whose assets are frozen.
    let trade_of = sent.w(trig.1).eq_ignore_ascii_case("of")
        && (trig.0..trig.1).any(|k| {
            let w = sent.w(k).get(..5).unwrap_or("");
            ["impor", "expor", "asset"]
                .iter()
                .any(|p| w.eq_ignore_ascii_case(p))
        });
    // "Norway sanctions two officials": a noun trigger used as a verb after its subject.
    // Also the second verb of a coordinated predicate ("China hits back with tariffs,
    // blacklists 11 American firms"), when a number or a party follows ("tariffs and
    // sanctions the EU imposed" is a list of nouns).
    let second_verb = || {
        let prev = sent.w(trig.0.wrapping_sub(1));
        let next = sent.w(trig.1);
        (prev == "," || prev.eq_ignore_ascii_case("and"))
            && ((!next.is_empty() && next.bytes().all(|b| b.is_ascii_digit()))
                || parties.iter().any(|m| m.ts == trig.1))
    };
    let verbal = verb
        || (verb_use(sent, trig, false)
            && (parties.iter().any(|m| m.te == trig.0) || second_verb()));
    r.verbal = verbal && !verb;
    let np_start = match prep {
        Some(h) => Some(h.te),
        None if export_to.is_some() => export_to,
        None if trade_of => Some(trig.1 + 1),
        // "had been sanctioned by Britain", "were sanctioned for helping Iran": a passive
        // verb has no object.
        None if verbal && !is_agent_at(sent, trig.1) && passive_aux(sent, trig).is_none() => {
            Some(trig.1)
        }
        // "said it would sanction former U.S. officials", "plans to blacklist two firms": a
        // verb after a modal or "to" has its object after it too.
        // (a base form: "exposed to sanctions the EU imposed" is a noun)
        None if modal_at(sent, trig.0.wrapping_sub(1))
            && !ends_with(sent.w(trig.0), "s")
            && verb_use(sent, trig, false) =>
        {
            Some(trig.1)
        }
        // "a ban on 500 U.S. citizens": a trigger that ends in its target preposition has
        // the phrase right after it, when that phrase names a party ("a charge on all
        // merchandise" names none and leaves the target to the item's context).
        None if ["on", "against"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(sent.w(trig.1.wrapping_sub(1))))
            && {
                let end = np_end(sent, lex, trig.1);
                parties.iter().any(|m| m.ts >= trig.1 && m.te <= end)
            } =>
        {
            Some(trig.1)
        }
        // "U.S. sanctions Russian oil firms": an actor right after the trigger.
        // Not a definite body: "the 10% tariff the bloc already charges" is a relative clause.
        None => parties
            .iter()
            .find(|m| {
                m.ts == trig.1
                    && m.kind != ActorKind::Leader
                    && !sent.w(m.ts).eq_ignore_ascii_case("the")
            })
            .map(|m| m.ts),
    };
    let mut np = (0, 0);
    let mut counterparty: &[Mention<'_>] = &[];
    let mut held: Option<(&Mention<'_>, usize)> = None;
    if let Some(s) = np_start {
        np = (s, np_end(sent, lex, s));
        // "the levy would climb to 10% on July 1": a date is no target phrase.
        r.phrase = np.1 > np.0 && !lex.dates.is_starter(sent.w(s));
        let (a, b) = (sent.w(s), sent.w(s + 1));
        r.reciprocal = (a.eq_ignore_ascii_case("each") && b.eq_ignore_ascii_case("other"))
            || (a.eq_ignore_ascii_case("one") && b.eq_ignore_ascii_case("another"));
        // The destination of banned exports is a party although "to" reads as a place.
        let destination = prep.is_none() && export_to == Some(s);
        // "barred Americans from doing business with TikTok's owner", "bans U.S. firms from
        // selling to Huawei": the public kept from dealing is not the target; whom it may not
        // deal with is.
        // Which one is the imposer's own public is known once the imposer is: decided at
        // the end ("bars Russian lenders from doing business with Japanese banks").
        counterparty = counterparty_after(sent, lex, np);
        // "froze U.S. assets of …", "curbs U.S. investment in …": decided once the imposer is
        // known (at the end).
        held = sent
            .mentions
            .iter()
            .filter(|m| m.ts >= np.0 && m.te <= np.1)
            .find_map(|m| holding_side(sent, m).map(|at| (m, at)));
        for m in sent
            .mentions
            .iter()
            .filter(|_| counterparty.is_empty())
            .filter(|m| m.ts >= np.0 && m.te <= np.1)
            .filter(|m| held.is_none_or(|(h, _)| h.ts != m.ts))
            .filter(|m| destination || target_party(sent, lex, m))
            .filter(|m| !owner_of_place(sent, m))
        {
            r.assign(Role::Target, explain, sent, m, "{m} in target phrase");
        }
        // "sanctions on Monday, targeting Iran and Syria": a phrase that named no party
        // (a day, a sector) is followed by one that says who is targeted.
        if r.target.is_empty() && prep.is_some() {
            let later = sent.hits.iter().find(|h| {
                matches!(h.entry.payload, Payload::TargetPrep)
                    && h.ts > np.1
                    && h.ts <= np.1 + 2
                    && sent.w(h.ts - 1) == ","
                    && !h.entry.phrase.eq_ignore_ascii_case("on")
            });
            if let Some(h) = later {
                np = (h.te, np_end(sent, lex, h.te));
                for m in sent
                    .mentions
                    .iter()
                    .filter(|m| m.ts >= np.0 && m.te <= np.1 && target_party(sent, lex, m))
                {
                    r.assign(
                        Role::Target,
                        explain,
                        sent,
                        m,
                        "{m} in a later target phrase",
                    );
                }
            }
        }
    }

    // 3. modifier just before the trigger
    let mut i = trig.0;
    let mut saw_product = false;
    // A group of states modifies the trigger ("Western sanctions"): nobody else imposes.
    let mut group = false;
    let skip = [
        "new",
        "additional",
        "fresh",
        "retaliatory",
        "punitive",
        "sweeping",
        "secondary",
        "reciprocal",
        "steep",
        "higher",
        "harsher",
        "tougher",
        "'",
        "’",
        "s",
        "-",
        "proposed",
        "planned",
        "existing",
        "latest",
        "%",
        "percent",
        "per",
        "cent",
        "import",
        // "Russia economic sanctions", "U.S. financial sanctions"
        "economic",
        "financial",
        "sectoral",
        "targeted",
        "tough",
        "severe",
        "crippling",
        "broad",
        "unilateral",
        "remaining",
        "provisional",
        "countervailing",
        "dumping",
    ];
    while i > 0 {
        let j = i - 1;
        // An actor right before the trigger modifies it even after "to"/"in" ("added to the
        // U.S. entity list"): a place does not stand next to a measure.
        let adjacent = || {
            sent.mentions
                .iter()
                .find(|m| i == trig.0 && m.te == i && m.kind != ActorKind::Capital)
        };
        if let Some(m) = parties
            .iter()
            .copied()
            .find(|m| m.te == i)
            .or_else(adjacent)
        {
            let possessive = matches!(sent.w(m.te), "'" | "’");
            let name = span_text(sent, m);
            // An abbreviation ("U.S.", "EU", "UAE"), not a short name ("Cuba", "Iran").
            let short =
                name.contains('.') || name.chars().filter(|c| c.is_alphabetic()).count() <= 3;
            // "Mexico tariffs", "Iran sanctions": a bare country name names the target;
            // "U.S. tariffs", "EU sanctions", "Canada's tariffs", "Chinese tariffs" the imposer.
            // ... unless the trigger is its verb: "China blacklists U.S. firms", "Norway
            // sanctions two ministers".
            // ("Canada banned imports …": a trigger opening with a past verb has its subject)
            let past_verb = trig.1 > trig.0 + 1 && {
                let w = sent.w(trig.0);
                ends_with(w, "ed") && w.bytes().all(|b| b.is_ascii_lowercase())
            };
            let subject = i == trig.0 && (past_verb || verb_use(sent, trig, verb));
            // "United Nations sanctions", "European Union tariffs": a bloc imposes.
            let bloc = matches!(m.code, "UN" | "EU");
            let bare_country =
                m.kind == ActorKind::Country && !possessive && !short && !subject && !bloc;
            let changed = !subject
                && !possessive
                && r.target.is_empty()
                && changed_by_other(sent, &parties, anchor, m);
            if m.kind == ActorKind::Company || saw_product || bare_country || changed {
                r.target_modifier(explain, sent, m);
            } else if !subject && adopted_by_other(sent, &parties, m) {
                // the adopting subject is found by the clause search (7)
                r.note(explain, || {
                    format!(
                        "`{}` authored the measure another party adopts",
                        span_text(sent, m)
                    )
                });
            } else {
                let list = coordinated(sent, &parties, m);
                let single = [m];
                let list = if list.is_empty() { &single[..] } else { list };
                group = list.iter().all(|c| c.code.is_empty());
                for c in list.iter().copied() {
                    r.assign(Role::Imposer, explain, sent, c, "{m} modifies the trigger");
                }
            }
            break;
        }
        if let Some(p) = sent
            .hits
            .iter()
            .find(|h| h.te == i && matches!(h.entry.payload, Payload::Product { .. }))
        {
            saw_product = true;
            i = p.ts;
            continue;
        }
        let wj = sent.w(j);
        if skip.iter().any(|s| s.eq_ignore_ascii_case(wj)) || wj.bytes().all(|b| b.is_ascii_digit())
        {
            i = j;
            continue;
        }
        // "China fentanyl tariff", "Venezuela oil sanctions": a bare country name before
        // plain noun modifiers names what the measure hits.
        if let Some(m) = bare_country_before(sent, &parties, i) {
            r.target_modifier(explain, sent, m);
        }
        break;
    }
    // "the EU's standard 10% tariff", "India's high average duties": an owner before
    // plain modifiers imposes (not across a product, a preposition or a conjunction).
    if r.imposer.is_empty() && !saw_product {
        let plain = |k: usize| {
            let w = sent.w(k);
            let lower = !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-%.".contains(&b));
            lower
                && !["and", "or", "of", "with", "from", "but", "its", "their"]
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(w))
                && !sent.hits.iter().any(|h| {
                    h.ts <= k
                        && k < h.te
                        && matches!(
                            h.entry.payload,
                            Payload::NpBreak
                                | Payload::TargetPrep
                                | Payload::Agent
                                | Payload::Locative
                                | Payload::Product { .. }
                        )
                })
        };
        // ("Iran's central bank was sanctioned by …": the owner of a passive subject is
        // hit, not acting)
        let passive = passive_aux(sent, trig).is_some();
        let owner = parties.iter().find(|m| {
            !passive
                && possessive_at(sent, m.te)
                && m.kind != ActorKind::Company
                && m.te + 2 < trig.0
                && trig.0 - (m.te + 2) <= 5
                && (m.te + 2..trig.0).all(plain)
                && !adopted_by_other(sent, &parties, m)
        });
        if let Some(m) = owner {
            r.assign(Role::Imposer, explain, sent, m, "{m} owns the measure");
        }
    }
    // "imports from Mexico", "shipments from China": where the taxed goods come from.
    // Only in the trigger's own stretch of the clause (no comma between).
    let near = |m: &Mention<'_>| {
        let (lo, hi) = if m.te <= trig.0 {
            (m.te, trig.0)
        } else {
            (trig.1, m.ts)
        };
        hi.saturating_sub(lo) <= PREP_WINDOW && !(lo..hi).any(|i| sent.w(i) == ",")
    };
    // Also "aircraft from the EU" (a product before "from") and "imports of citrus fruit
    // and fish from Taiwan" (an import word earlier in the stretch).
    let origin = sent.mentions.iter().find(|m| {
        let k = m.ts - usize::from(m.ts > 0 && sent.w(m.ts - 1).eq_ignore_ascii_case("the"));
        let goods = k >= 2
            && [
                "imports",
                "shipments",
                "goods",
                "products",
                "exports",
                "material",
                "items",
            ]
            .iter()
            .any(|g| g.eq_ignore_ascii_case(sent.w(k - 2)));
        // "goods from Japan and South Korea would be charged": the list's last member is near
        let near_list = || {
            coordinated(sent, &parties, m)
                .last()
                .is_some_and(|l| near(l))
        };
        // "a 200% tariff on wines, champagnes and other spirits from France": a list of
        // goods after "on", all lowercase, ends at their origin.
        let goods_list = || {
            k > trig.1 + 1
                && k - trig.1 <= 16
                && sent.w(trig.1).eq_ignore_ascii_case("on")
                && (trig.1 + 1..k - 1).all(|i| {
                    let w = sent.w(i);
                    w == "," || (!w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
                })
        };
        k >= 2
            && (near(m) || near_list() || goods_list())
            && sent.w(k - 1).eq_ignore_ascii_case("from")
            && !owner_of_place(sent, m)
            // before the trigger only in the plain form ("imports from China face tariffs")
            && ((goods && k == m.ts) || k > trig.1)
            && (goods
                || goods_list()
                || sent
                    .hits
                    .iter()
                    .any(|h| h.te == k - 1 && matches!(h.entry.payload, Payload::Product { .. }))
                || (trig.0..k - 1).any(|i| {
                    sent.w(i)
                        .get(..6)
                        .is_some_and(|x| x.eq_ignore_ascii_case("import"))
                }))
    });
    // "solar panels made in Cambodia": the place of making is the origin, not a locative.
    let made_in = || {
        sent.mentions.iter().find(|m| {
            let k = m.ts - usize::from(m.ts > 0 && sent.w(m.ts - 1).eq_ignore_ascii_case("the"));
            k >= 2
                && near(m)
                && sent.w(k - 1).eq_ignore_ascii_case("in")
                && [
                    "made",
                    "produced",
                    "manufactured",
                    "grown",
                    "assembled",
                    "originating",
                ]
                .iter()
                .any(|g| g.eq_ignore_ascii_case(sent.w(k - 2)))
        })
    };
    if let Some(m) = origin.or_else(made_in) {
        let list = coordinated(sent, &parties, m);
        let single = [m];
        let list = if list.is_empty() { &single[..] } else { list };
        for c in list.iter().copied() {
            r.assign(
                Role::Target,
                explain,
                sent,
                c,
                "{m} is where the goods come from",
            );
        }
    }

    // "licences for Israeli-bound parts", "items destined for Russia", "Chinese-made drones":
    // where the goods go or come from, in the trigger's own stretch after it.
    // (the stretch ends at the next cue: another verb's clause)
    let next_cue = sent
        .hits
        .iter()
        .filter(|h| h.ts >= trig.1 && matches!(h.entry.payload, Payload::Cue { .. }))
        .map(|h| h.ts)
        .min()
        .unwrap_or(usize::MAX);
    let stretch = |m: &Mention<'_>| {
        m.ts > trig.1
            && m.ts - trig.1 <= 16
            && m.ts <= next_cue
            && !(trig.1..m.ts).any(|i| matches!(sent.w(i), ";" | ":" | "—" | "–"))
    };
    // (all mentions: "to Russia" reads as a place otherwise)
    for m in sent.mentions.iter().filter(|m| stretch(m)) {
        let k = m.ts - usize::from(sent.w(m.ts - 1).eq_ignore_ascii_case("the"));
        // Where exported goods go is targeted; where taxed imports go is the taxing state
        // ("a 25% levy on vehicles shipped to the U.S."): destinations need an export word.
        // The export word belongs to the measure ("export controls", "bans exports"), not to a
        // description after it ("canola, Canada's largest export to China").
        let export = (trig.0.saturating_sub(2)..trig.1).any(|i| {
            sent.w(i)
                .get(..6)
                .is_some_and(|x| x.eq_ignore_ascii_case("export"))
        });
        let second = sent.w(m.te + 1);
        let compound = sent.w(m.te) == "-"
            && lex.role_word(RoleList::GoodsCompound, second)
            && (export || !second.eq_ignore_ascii_case("bound"));
        let bound = export
            && k >= 2
            && ["for", "to"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(sent.w(k - 1)))
            && [
                "destined",
                "bound",
                "headed",
                "shipped",
                "delivered",
                "sent",
                "going",
            ]
            .iter()
            .any(|g| g.eq_ignore_ascii_case(sent.w(k - 2)));
        // "tightens export curbs on chip materials to South Korea": the curbed exports go to
        // the party named after "to" (not an owner: "to Russia's request").
        let to = export
            && k >= 1
            && sent.w(k - 1).eq_ignore_ascii_case("to")
            && !possessive_at(sent, m.te);
        if compound || bound || to {
            r.assign(
                Role::Target,
                explain,
                sent,
                m,
                "{m} is where the goods go or come from",
            );
        }
    }

    // companies anywhere are targets (not the owner a relative clause names: "the refiner
    // Nayara, which is part-owned by Rosneft")
    for m in parties
        .iter()
        .filter(|m| m.kind == ActorKind::Company && !owner_clause(sent, lex, m))
    {
        push(&mut r.target, m.code);
    }

    // "Canada and Mexico spared", "exempts Japan": next to a relief cue, the relieved party.
    if let (Some(a), true) = (anchor, anchor_object) {
        for m in relieved(sent, &parties, a) {
            r.assign(Role::Target, explain, sent, m, "{m} is relieved");
        }
    }

    // "places Cuba on the terror list", "adds Huawei to the entity list": the party moved
    // onto or off a list is the target.
    // The preposition leads to the list itself: no verb stands between them ("urged the
    // EU to impose sanctions" moves nobody); the party is anywhere in the moved phrase
    // ("adds 140 Chinese firms to", "lists Iran's Revolutionary Guard as a terrorist entity").
    // "places a Chinese drone maker on its trade blacklist": when the list noun is itself the
    // cue, a verb of placing before it opens the moved phrase.
    let placing = || {
        (trig.0.saturating_sub(LIST_WINDOW)..trig.0)
            .rev()
            .find(|&i| lex.role_word(RoleList::Placing, sent.w(i)))
            .map(|i| (i, i + 1))
    };
    // "on its export control list": the list noun may follow the trigger. (Only a list
    // trigger moves a party: decided first, it spares the search for a placing verb.)
    let list_trigger = (trig.0..=trig.1).any(|i| {
        let w = sent.w(i);
        ends_with(w, "list")
            || ["entity", "terrorism"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
    });
    // "removing South Korea from its list of countries that enjoy minimal export
    // restrictions": the measure inside the description of a list.
    let list_of = !list_trigger && list_of_at(sent, trig.0);
    let list_trigger = list_trigger || list_of;
    let list_anchor = anchor
        .filter(|a| list_trigger && a.1 <= trig.0 && trig.0 - a.1 <= LIST_WINDOW)
        .or_else(|| match anchor {
            _ if !list_trigger => None,
            Some(a) if a.0 < trig.0 => None,
            _ => placing(),
        });
    if let Some(a) = list_anchor {
        let onto = (a.1..trig.0).rev().find(|&i| {
            ["on", "onto", "to", "from", "off", "as"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(sent.w(i)))
        });
        let verb_between = |p: usize| {
            sent.hits.iter().any(|h| {
                h.ts > p && h.ts < trig.0 && matches!(h.entry.payload, Payload::Cue { .. })
            })
        };
        // "an order … allows Washington to blacklist anyone": an infinitive after a
        // permission moves nobody.
        let permitted = |p: usize| (a.1..p).any(|k| lex.role_word(RoleList::Permit, sent.w(k)));
        let reach = if list_of { 12 } else { 8 };
        let onto = onto.filter(|&p| trig.0 - p <= reach && !verb_between(p) && !permitted(p));
        // the moved phrase: its first party (an apposition may name it: "140 entities, most
        // of them Chinese")
        let moved = onto.and_then(|p| parties.iter().find(|m| m.ts >= a.1 && m.te <= p));
        if let Some(&m) = moved {
            // "adds Chinese, Emirati firms to the entity list": each member of the listed
            // parties, within the moved phrase.
            let list = coordinated(sent, &parties, m);
            let single = [m];
            let list = if list.is_empty() { &single[..] } else { list };
            let end = onto.unwrap_or(trig.0).min(trig.0);
            for c in list.iter().copied().filter(|c| c.ts >= m.ts && c.te <= end) {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    c,
                    "{m} is moved on or off the list",
                );
            }
        }
    }

    // "cut Russian banks from SWIFT": for an inverse trigger, what is removed is the target.
    if let (Some(a), true) = (anchor, inverse) {
        for m in parties.iter().filter(|m| m.ts >= a.1 && m.te <= trig.0) {
            r.assign(Role::Target, explain, sent, m, "{m} is cut off");
        }
    }

    // "hits Russia with sanctions", "slaps China with tariffs", "hit Russian and Belarusian
    // grain with tariffs": what stands between the verb and "with" is hit.
    // Also "threatened Russia with sanctions", "warned Turkey of sanctions".
    // (a longer modifier may stand between, with no comma: "with 'hard-hitting' financial
    // sanctions", "with a fresh round of sweeping sanctions")
    let with = (trig.0.saturating_sub(6)..trig.0)
        .find(|&i| {
            let w = sent.w(i);
            w.eq_ignore_ascii_case("with") || w.eq_ignore_ascii_case("of")
        })
        .or_else(|| {
            (trig.0.saturating_sub(9)..trig.0.saturating_sub(6)).rfind(|&i| {
                sent.w(i).eq_ignore_ascii_case("with")
                    && !(i + 1..trig.0).any(|k| matches!(sent.w(k), "," | ";" | ":"))
            })
        });
    if let Some(w) = with {
        let warn = sent.w(w).eq_ignore_ascii_case("of");
        // (the object may be a list: "hits Belarus potash, tobacco sectors and Lukashenko
        // cronies with asset freezes"; a clause break ends the search)
        let verb_at = (w.saturating_sub(12)..w)
            .rev()
            .take_while(|&i| !matches!(sent.w(i), ";" | ":" | "—" | "–"))
            .find(|&i| {
                let v = sent.w(i);
                if warn {
                    ["warn", "warns", "warned", "warning"]
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(v))
                } else {
                    lex.role_word(RoleList::Hitting, v)
                }
            });
        if let Some(v) = verb_at {
            for m in parties.iter().filter(|m| m.ts > v && m.te <= w) {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    m,
                    "{m} is hit with the measure",
                );
            }
        }
    }

    // "waives its 20% ethanol tariff for US suppliers", "halves the whisky tariff to 75% for
    // the UK": the party a changed rate or a relief is for.
    if r.target.is_empty() {
        if let Some(m) = beneficiary(sent, trig) {
            // "reprieve for EU, Canada, Mexico": each listed party.
            let list = coordinated(sent, &parties, m);
            let single = [m];
            let list = if list.is_empty() { &single[..] } else { list };
            for c in list.iter().copied().filter(|c| c.ts >= m.ts) {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    c,
                    "the measure is changed for {m}",
                );
            }
        }
    }

    // 5. agents (when the trigger's own modifier has not named the imposer: "Indian
    // tariffs … signed by Starmer and Modi" keeps India)
    let named = !r.imposer.is_empty();
    for m in parties.iter().filter(|_| !named) {
        // "by the Trump administration", "by President Donald Trump": titles may intervene.
        // A by-phrase set off by commas before the trigger belongs to another verb ("The
        // deal, signed by Starmer and Modi, will cut duties").
        let aside = |h: &super::context::Hit<'_>| {
            h.te <= trig.0 && (h.te..trig.0).any(|i| sent.w(i) == ",")
        };
        // After the trigger, the by-phrase must be close ("sanctions imposed by Japan") or
        // follow a measure verb ("… under an order signed by Trump"), not another verb's
        // ("… property confiscated by Havana").
        let far = |h: &super::context::Hit<'_>| {
            let cue_verb = sent
                .hits
                .iter()
                .any(|c| c.te == h.ts && matches!(c.entry.payload, Payload::Cue { .. }));
            h.ts >= trig.1 && h.ts - trig.1 > 3 && !cue_verb
        };
        // "assets held by Russian banks", "tankers owned by Iranian firms": an owner.
        let owner = |h: &super::context::Hit<'_>| {
            h.ts > 0 && lex.role_word(RoleList::Owning, sent.w(h.ts - 1))
        };
        let after_by = sent.hits.iter().any(|h| {
            matches!(h.entry.payload, Payload::Agent)
                && !aside(h)
                && !far(h)
                && !owner(h)
                && h.te <= m.ts
                && m.ts - h.te <= 3
                && (h.te..m.ts).all(|i| {
                    let w = sent.w(i);
                    w.eq_ignore_ascii_case("the")
                        || (w.starts_with(|c: char| c.is_uppercase()) && !sent.is_all_caps())
                })
        });
        let compound = sent.w(m.te) == "-"
            && ["imposed", "led", "backed", "brokered", "ordered"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(sent.w(m.te + 1)));
        if !(after_by || compound) {
            continue;
        }
        // "sanctioned by Britain, the EU and Canada": every member of the agent list.
        for c in coordinated(sent, &parties, m).iter().copied() {
            if !r.target.iter().any(|t| t == c.code) {
                r.assign(Role::Imposer, explain, sent, c, "{m} is the agent");
            }
        }
    }

    // 6. "X ... or face"
    let face = sent
        .hits
        .iter()
        .filter(|h| matches!(h.entry.payload, Payload::TargetBefore))
        .rfind(|h| h.te <= trig.0 && face_distance(sent, h.te, trig.0) <= FACE_WINDOW)
        // "faces pressure to impose sanctions": what is faced is not the measure.
        .filter(|h| {
            !(h.te..trig.0).any(|i| {
                sent.w(i).eq_ignore_ascii_case("to") && !sent.w(i - 1).eq_ignore_ascii_case("up")
            })
        });
    // "or face secondary sanctions": those hit are third parties dealing with the one warned.
    let secondary =
        (trig.0.saturating_sub(3)..trig.1).any(|i| sent.w(i).eq_ignore_ascii_case("secondary"));
    r.secondary = secondary;
    let mut faces: Vec<&str> = Vec::new();
    if let Some(f) = face {
        // "Treasury warned that banks could face sanctions": the speaker is not the target.
        let speaker = |m: &Mention<'_>| {
            let verb = |w: &str| {
                [
                    "warned",
                    "said",
                    "says",
                    "told",
                    "announced",
                    "threatened",
                    "added",
                ]
                .iter()
                .any(|v| v.eq_ignore_ascii_case(w))
            };
            let adverb = ["also", "has", "had", "again"]
                .iter()
                .any(|a| a.eq_ignore_ascii_case(sent.w(m.te)));
            verb(sent.w(m.te)) || (adverb && verb(sent.w(m.te + 1)))
        };
        // "Trump to EU: scrap digital rules or face tariffs": a headline addressed to a party
        // ("to" reads as a place elsewhere); the one speaking imposes.
        let addressed = parties.iter().find_map(|a| {
            if !sent.w(a.te).eq_ignore_ascii_case("to") {
                return None;
            }
            let at = a.te + 1 + usize::from(sent.w(a.te + 1).eq_ignore_ascii_case("the"));
            let b = sent
                .mentions
                .iter()
                .find(|b| b.ts == at && b.te < f.ts && sent.w(b.te) == ":")?;
            (a.code != b.code && a.kind != ActorKind::Company).then_some((a, b))
        });
        if let Some((a, b)) = addressed {
            if r.imposer.is_empty() {
                push(&mut r.imposer, a.code);
            }
            faces.push(b.code);
            r.assign_code(Role::Target, b.code, explain, || {
                format!(
                    "`{}` is addressed by `{}`",
                    span_text(sent, b),
                    span_text(sent, a)
                )
            });
        }
        let before = parties
            .iter()
            .rev()
            .filter(|_| addressed.is_none())
            .filter(|m| m.te <= f.ts && !r.imposer.iter().any(|c| c == m.code))
            .filter(|m| !speaker(m))
            // "have 60 days to allow U.S. inspectors in or face …", "told Russia to leave
            // Ukraine or face …": a party inside the infinitive is not who faces the measure.
            .filter(|m| !in_infinitive(sent, m))
            .find(|m| m.kind != ActorKind::Company);
        if let Some(m) = before {
            // "Japan and South Korea face 25% tariffs": each member of the list.
            for c in coordinated(sent, &parties, m).iter().copied() {
                if !r.imposer.iter().any(|x| x == c.code) {
                    faces.push(c.code);
                    r.assign(Role::Target, explain, sent, c, "{m} faces the measure");
                }
            }
        } else if addressed.is_none() {
            // "Exporters in Brazil face 50% tariffs": bodies in a state (read as a place
            // among the parties) face it.
            let home = sent.mentions.iter().rev().find(|m| {
                let j =
                    m.ts - usize::from(m.ts > 0 && sent.w(m.ts - 1).eq_ignore_ascii_case("the"));
                m.te <= f.ts
                    && f.ts - m.te <= 2
                    && j > 0
                    && entity_in(sent, lex, j - 1)
                    && !r.imposer.iter().any(|c| c == m.code)
            });
            if let Some(m) = home {
                faces.push(m.code);
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    m,
                    "bodies in {m} face the measure",
                );
            }
        }
    }

    // The clause holding the trigger starts after the last `;`, `:` or dash before it.
    let clause_start = (0..trig.0)
        .rev()
        .find(|&i| matches!(sent.w(i), ";" | "—" | "–"))
        .map_or(0, |i| i + 1);
    // "If Russia invades, the U.S. will impose sanctions": a fronted subordinate clause is
    // not the measure's clause.
    // (a quotation may open it: "\"If Russia goes further, we will …\"")
    let opener = clause_start + usize::from(matches!(sent.w(clause_start), "\"" | "“" | "'" | "‘"));
    let fronted = [
        "if", "unless", "when", "after", "once", "as", "while", "although", "though", "because",
        "before", "until",
    ]
    .iter()
    .any(|w| w.eq_ignore_ascii_case(sent.w(opener)));
    let clause_start = match (clause_start..trig.0).find(|&i| sent.w(i) == ",") {
        Some(c) if fronted => c + 1,
        _ => clause_start,
    };

    // "Russian banks were sanctioned by the EU", "two Chinese firms have been blacklisted":
    // the subject of a passive measure verb is its target.
    if let Some(aux) = passive_aux(sent, trig)
        .or_else(|| passive_by_measure(sent, trig))
        .or_else(|| received_measure(sent, trig))
    {
        let subject = parties
            .iter()
            .rev()
            .filter(|m| m.ts >= clause_start && m.te <= aux && aux - m.te <= 5)
            .filter(|m| !(m.te..aux).any(|i| sent.w(i) == ","))
            .find(|m| !is_possessed_object(sent, m) && !r.imposer.iter().any(|c| c == m.code));
        if let Some(m) = subject {
            for c in coordinated(sent, &parties, m).iter().copied() {
                r.assign(Role::Target, explain, sent, c, "{m} is the passive subject");
            }
        }
    }

    // "export controls on chips (that) Washington imposed last year", "the tariffs Trump
    // announced": a relative clause after the measure names who took it.
    if r.imposer.is_empty() {
        // Nothing but the measure's own phrase between ("…; Canada and Mexico spared",
        // "… after Russia dropped an objection" are other clauses).
        let plain = |m: &Mention<'_>| {
            let rel = m.ts > 0
                && ["that", "which"]
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(sent.w(m.ts - 1)));
            let end = if rel { m.ts - 1 } else { m.ts };
            !(trig.1..end).any(|i| {
                matches!(
                    sent.w(i),
                    "," | ";" | ":" | "—" | "–" | "-" | "\"" | "“" | "”"
                ) || sent
                    .hits
                    .iter()
                    .any(|h| h.ts == i && matches!(h.entry.payload, Payload::NpBreak))
            })
        };
        let relative = parties.iter().find(|m| {
            m.ts >= trig.1
                && m.ts - trig.1 <= 10
                && m.kind != ActorKind::Company
                && !r.target.iter().any(|c| c == m.code)
                && plain(m)
                && coordinated(sent, &parties, m).len() <= 1
                && sent.hits.iter().any(|h| {
                    h.ts == m.te
                        && h.te == m.te + 1
                        && ends_with(sent.w(h.ts), "ed")
                        && matches!(h.entry.payload, Payload::Cue { .. })
                })
        });
        if let Some(m) = relative {
            r.assign(
                Role::Imposer,
                explain,
                sent,
                m,
                "{m} took the measure (relative clause)",
            );
        }
    }

    // A stance on the measure ("Germany opposed new sanctions", "France urged the EU to
    // impose"): its subject is no imposer; only a party named after it can be.
    let stance = sent
        .hits
        .iter()
        .filter(|h| {
            matches!(h.entry.payload, Payload::Stance)
                && h.ts >= clause_start
                && h.te <= trig.0
                // "gives Doha ten days to accept demands or face …": a noun, no one's stance
                && !(h.ts > 0
                    && lex.role_word(RoleList::NounBefore, sent.w(h.ts - 1)))
        })
        .max_by_key(|h| h.ts);

    // 7. subject before the deciding cue (or the trigger)
    if r.imposer.is_empty() && !group {
        let limit = match (anchor, stance) {
            (Some(a), Some(st)) if a.0 >= st.te && a.0 < trig.0 => a.0,
            (_, Some(_)) => trig.0,
            (Some(a), None) if a.0 < trig.0 => a.0,
            _ => trig.0,
        };
        let clause_start = stance.map_or(clause_start, |h| h.te);
        // "goods from Japan would be charged": an origin is no subject, nor is any party
        // of a list after "on"/"against"/"from" ("tariffs on imports from Canada and Mexico
        // would go ahead, and signed an order …").
        let not_origin = |m: &Mention<'_>| {
            let head = list_head(sent, &parties, m);
            let k = head - usize::from(head > 0 && sent.w(head - 1).eq_ignore_ascii_case("the"));
            let prev = sent.w(k.wrapping_sub(1));
            !sent.w(m.ts.wrapping_sub(1)).eq_ignore_ascii_case("from")
                && !["from", "on", "against", "upon", "versus"]
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(prev))
        };
        let subject_like = |m: &Mention<'_>| {
            !(m.ts >= np.0 && m.te <= np.1 && np.1 > np.0)
                && not_origin(m)
                && m.kind != ActorKind::Company
                && !r.target.iter().any(|c| c == m.code)
                && (m.kind != ActorKind::Demonym || demonym_names_state(sent, m))
                && !is_possessed_object(sent, m)
                // "told Russia to leave Ukraine or face …": the ultimatum's demand is no subject
                && !(face.is_some() && in_infinitive(sent, m))
                // "the Belgium-based SWIFT service suspended …": where the subject sits
                && !(sent.w(m.te) == "-" && sent.w(m.te + 1).eq_ignore_ascii_case("based"))
        };
        // Reported speech and conditions only when their subject is the measure's ("said the
        // U.S. would impose", "if the United States imposes sector tariffs"; not "warned that
        // Russia had 50 days … or face", "If war is what the U.S. wants").
        let acts = |m: &Mention<'_>| {
            sent.hits.iter().any(|h| {
                matches!(h.entry.payload, Payload::Cue { .. })
                    && h.ts >= m.te
                    && h.ts <= m.te + 3
                    && !(m.te..h.ts).any(|i| sent.w(i) == ",")
            })
        };
        // A conditional cue opens a clause whose own subject follows it.
        let conditional = anchor.filter(|a| {
            a.0 < trig.0
                && ["if", "unless"]
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(sent.w(a.0)))
                && parties
                    .iter()
                    .filter(|m| m.ts > a.0 && m.te <= trig.0)
                    .find(|m| subject_like(m))
                    .is_some_and(|m| acts(m))
        });
        let limit = if conditional.is_some() { trig.0 } else { limit };
        let candidate = |m: &&&Mention<'_>| m.te <= limit && subject_like(m);
        // Which parties may be the subject, decided once (the clause search below asks
        // again at every token it tries); parties past the 64th are asked directly.
        let cands: u64 = parties
            .iter()
            .take(64)
            .enumerate()
            .filter(|(_, m)| candidate(m))
            .fold(0, |acc, (k, _)| acc | 1 << k);
        let first_candidate = |from: usize| {
            parties
                .iter()
                .enumerate()
                .filter(|(_, m)| m.ts >= from)
                .find(|(k, m)| {
                    if *k < 64 {
                        cands & 1 << k != 0
                    } else {
                        candidate(m)
                    }
                })
                .map(|(_, m)| m)
        };
        // "Chile breathes easier as the US exempts copper": the cue's own subordinate clause
        // has its own subject, when it names one; so has reported speech ("China said the
        // United States would impose …") and a clause joined by ", and" or "but".
        // (with no candidate in the clause no clause opener can name one: skip the search)
        let any_candidate = first_candidate(clause_start).is_some();
        let sub_start = (clause_start..limit)
            .rev()
            .filter(|_| any_candidate)
            .filter_map(|i| {
                let w = sent.w(i);
                let conj = [
                    "as", "after", "while", "when", "because", "although", "though", "but",
                    "whereas",
                ]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
                    || (w.eq_ignore_ascii_case("and") && i > 0 && sent.w(i - 1) == ",");
                // (word lists hold words: punctuation is never looked up)
                let report = w.starts_with(|c: char| c.is_alphabetic())
                    && (lex.role_word(RoleList::Reporting, w)
                        || ["if", "unless"].iter().any(|x| x.eq_ignore_ascii_case(w)));
                // "Japan strikes Korea from its white list, Seoul vows countermeasures": a
                // headline's second clause after a comma has its own subject when it acts
                // (not a list: "The U.S., Britain and Canada imposed").
                let comma_clause = w == ","
                    && parties
                        .iter()
                        .find(|m| {
                            m.ts > i
                                && m.ts <= i + 3
                                && (i + 1..m.ts).all(|k| {
                                    matches!(sent.w(k), "'" | "’" | "\"" | "”")
                                        || sent.w(k).eq_ignore_ascii_case("the")
                                })
                        })
                        .is_some_and(|m| {
                            coordinated(sent, &parties, m)
                                .first()
                                .is_none_or(|f| f.ts == m.ts)
                        });
                (conj || report || comma_clause).then_some((i, report || comma_clause))
            })
            .find(|&(i, report)| first_candidate(i + 1).is_some_and(|m| !report || acts(m)))
            .map_or(clause_start, |(i, _)| i);
        let subj = first_candidate(sub_start);
        // "The WTO authorised the EU to impose", "gave the United States the green light to
        // impose": the party permitted acts, not the one permitting.
        let subj = subj.map(|m| {
            // the cue may start at "to" ("to impose") or just after it
            let to = if sent.w(limit).eq_ignore_ascii_case("to") {
                limit
            } else {
                limit.wrapping_sub(1)
            };
            let permitted = sent.w(to).eq_ignore_ascii_case("to")
                && (m.te..to).any(|k| lex.role_word(RoleList::Permit, sent.w(k)));
            parties
                .iter()
                .filter(|n| permitted && n.ts > m.te && n.te <= to && n.te + 6 >= to)
                .find(|n| {
                    subject_like(n)
                        && (m.te..n.ts).any(|k| {
                            lex.role_word(RoleList::Permit, sent.w(k))
                                || ["gave", "gives", "give", "granted", "grants"]
                                    .iter()
                                    .any(|p| p.eq_ignore_ascii_case(sent.w(k)))
                        })
                })
                .unwrap_or(m)
        });
        if let Some(m) = subj {
            // "Britain, Canada and Norway imposed": a coordinated subject imposes jointly.
            let list = coordinated(sent, &parties, m);
            r.joint = list.len() > 1;
            // "Ecuador and Colombia trade 30% tariffs": a pair exchanging measures.
            if let (2, Some(last)) = (list.len(), list.last()) {
                r.reciprocal |= exchanged(sent, last.te, trig.0);
            }
            for c in list.iter().copied() {
                if c.kind != ActorKind::Company && !r.target.iter().any(|t| t == c.code) {
                    r.assign(
                        Role::Imposer,
                        explain,
                        sent,
                        c,
                        "{m} is the nearest actor before the cue",
                    );
                }
            }
        } else if let Some(pair) = pair_subject(sent, &parties, sub_start, limit) {
            // "… from Canada and Mexico, and both countries will remove their duties"
            r.joint = true;
            for c in pair.iter().copied() {
                r.assign(
                    Role::Imposer,
                    explain,
                    sent,
                    c,
                    "{m} is one of the pair the subject names",
                );
            }
        } else {
            r.pronoun_subject = sent.hits.iter().any(|h| {
                h.ts < limit
                    && h.ts >= clause_start
                    && matches!(h.entry.payload, Payload::Anaphora)
                    && ["he", "she", "they", "it"]
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(&h.entry.phrase))
            });
            r.role_subject = role_subject(sent, lex, sub_start, limit);
        }
    }

    // "… will face a 40% levy, President Trump said": with no subject, the speaker of a
    // reporting clause after the measure announces it.
    if r.imposer.is_empty() && stance.is_none() && !group {
        // "…, U.S. officials said", "…, U.S. senators warn": a state's officials speak for it.
        let verb_at = |k: usize| {
            [
                "said",
                "says",
                "announced",
                "told",
                "warn",
                "warns",
                "warned",
            ]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(sent.w(k)))
        };
        let speaker = parties.iter().find(|m| {
            let officials = m.kind == ActorKind::Country
                && lex.role_word(RoleList::Officials, sent.w(m.te))
                && verb_at(m.te + 1);
            m.ts > trig.1
                && (officials
                    || (matches!(
                        m.kind,
                        ActorKind::Leader | ActorKind::Institution | ActorKind::Capital
                    ) && verb_at(m.te)))
                && !r.target.iter().any(|c| c == m.code)
                && (trig.1..m.ts).any(|i| sent.w(i) == ",")
        });
        if let Some(m) = speaker {
            r.role_subject = false;
            r.pronoun_subject = false;
            r.assign(Role::Imposer, explain, sent, m, "{m} reports the measure");
        } else if !r.role_subject
            && (trig.1..sent.toks.len()).any(|i| {
                sent.w(i) == ","
                    && ["he", "she", "they"]
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(sent.w(i + 1)))
                    && attribution_at(sent, i + 2)
            })
        {
            // "Tariffs on Mexico, he said, take effect Friday": a pronoun speaker, resolved
            // by the caller from earlier sentences.
            r.pronoun_subject = true;
        }
    }

    // "Brazil slammed the 50% U.S. tariff on its exports", "China said the U.S. would tax its
    // steel": "its"/"their" in the target phrase is the clause's first party, when that one
    // does not impose.
    if r.target.is_empty() && np.1 > np.0 {
        let owner_word = (np.0..np.1).any(|i| {
            ["its", "their"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(sent.w(i)))
        });
        let singular_owner = (np.0..np.1).any(|i| sent.w(i).eq_ignore_ascii_case("its"));
        let first = parties.iter().find(|m| {
            m.ts >= clause_start
                && m.te <= trig.0
                && m.kind != ActorKind::Company
                && (m.kind != ActorKind::Demonym || demonym_names_state(sent, m))
                && !is_possessed_object(sent, m)
        });
        if let (true, Some(m)) = (owner_word, first) {
            if !r.imposer.iter().any(|c| c == m.code) {
                for c in coordinated(sent, &parties, m).iter().copied() {
                    r.assign(
                        Role::Target,
                        explain,
                        sent,
                        c,
                        "{m} owns what the measure hits",
                    );
                }
            } else if let Some(a) = parties.iter().rev().find(|a| {
                // "New Zealand cut contacts with Myanmar and imposed a travel ban on its
                // leaders": when the subject imposes, "its" is the state named after it in the
                // same stretch (not across a comma or a relative clause).
                a.ts > m.te
                    && a.te <= trig.0
                    && matches!(a.kind, ActorKind::Country | ActorKind::Capital)
                    && !a.code.is_empty()
                    && !r.imposer.iter().any(|c| c == a.code)
                    && singular_owner
                    && !(a.te..trig.0).any(|i| {
                        let w = sent.w(i);
                        w == ","
                            || ["that", "which", "who"]
                                .iter()
                                .any(|x| x.eq_ignore_ascii_case(w))
                    })
            }) {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    a,
                    "{m} is what `its` refers to",
                );
            }
        }
    }

    // "… new sanctions on the country", "the country's defence minister": the country named
    // last before, in this sentence or an earlier one, that does not impose.
    if r.target.is_empty() && np.1 > np.0 {
        let anaphor = (np.0 + 1..np.1).find(|&i| {
            sent.w(i - 1).eq_ignore_ascii_case("the")
                && ["country", "nation", "regime", "bloc"]
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(sent.w(i)))
        });
        // "imports from the bloc": the union named before (not another state)
        let bloc = anaphor.filter(|&a| sent.w(a).eq_ignore_ascii_case("bloc"));
        if let Some(a) = bloc {
            let code = resolve_bloc(sent, a, lex).filter(|c| !r.imposer.contains(c));
            if let Some(code) = code {
                r.assign_code(Role::Target, &code, explain, || {
                    "`the bloc` refers back".to_string()
                });
            }
        } else if let Some(a) = anaphor {
            let here = parties
                .iter()
                .rev()
                .filter(|m| {
                    m.te <= a && m.kind != ActorKind::Company && m.kind != ActorKind::Leader
                })
                .find(|m| !m.code.is_empty() && !r.imposer.iter().any(|c| c == m.code))
                .map(|m| m.code.to_string());
            let code = here.or_else(|| resolve_country(sent.text, sent.start, lex, &r.imposer));
            if let Some(code) = code {
                r.assign_code(Role::Target, &code, explain, || {
                    format!("`the {}` refers back", sent.w(a))
                });
            }
        }
    }

    // The public kept from dealing is the imposer's own: whom it may not deal with is
    // targeted; otherwise the object is.
    if !counterparty.is_empty() {
        let own = sent
            .mentions
            .iter()
            .filter(|m| m.ts >= np.0 && m.te <= np.1 && target_party(sent, lex, m))
            .any(|m| r.imposer.iter().any(|c| c == m.code));
        // (a public that is no party, "banned the exchange from accepting Russian metal":
        // whom it may not deal with)
        let named = sent
            .mentions
            .iter()
            .any(|m| m.ts >= np.0 && m.te <= np.1 && target_party(sent, lex, m));
        let chosen: Vec<&Mention<'_>> = if own || !named {
            counterparty.iter().collect()
        } else {
            sent.mentions
                .iter()
                .filter(|m| m.ts >= np.0 && m.te <= np.1 && target_party(sent, lex, m))
                .collect()
        };
        for m in chosen {
            r.assign(
                Role::Target,
                explain,
                sent,
                m,
                "{m} (object or whom it may not deal with)",
            );
        }
    }

    // "Both countries face a 36% U.S. tariff": the pair named last, in an earlier sentence.
    if r.target.is_empty() {
        let end = np.1.max(trig.1);
        let pair = (clause_start..end).any(|i| pair_phrase_at(sent, i));
        if pair {
            for code in resolve_pair(sent.text, sent.start, lex, &r.imposer)
                .into_iter()
                .flatten()
            {
                r.assign_code(Role::Target, &code, explain, || {
                    "one of `both countries`".to_string()
                });
            }
        }
    }

    // The one warned of secondary measures is not who they hit (nor who imposes them).
    if secondary {
        r.target.retain(|c| !faces.contains(&c.as_str()));
    }

    // "Ottawa vows counter-tariffs after Trump reimposes a duty": a retaliation answers
    // the party whose measure the following clause reports.
    // "China retaliated against the U.S. with tariffs", "hit back at Ottawa": whom the
    // retaliation is against.
    let answered = |k: usize| {
        let p = k + 1 + usize::from(sent.w(k + 1).eq_ignore_ascii_case("back"));
        if !["against", "at"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(sent.w(p)))
        {
            return None;
        }
        let at = p + 1 + usize::from(sent.w(p + 1).eq_ignore_ascii_case("the"));
        // ("at" reads as a place elsewhere: look among all mentions)
        sent.mentions.iter().find(|m| m.ts == at)
    };
    // (the sentence is scanned for a retaliation word once, for both rules)
    let retaliating = (r.target.is_empty() && !r.imposer.is_empty())
        .then(|| retaliation_at(sent))
        .flatten();
    if let Some(k) = retaliating {
        let against = answered(k);
        if let Some(m) = against.filter(|m| !r.imposer.iter().any(|c| c == m.code)) {
            let listed = coordinated(sent, &parties, m);
            let alone = [m];
            for c in if listed.is_empty() {
                &alone[..]
            } else {
                listed
            }
            .iter()
            .copied()
            {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    c,
                    "{m} is what the retaliation is against",
                );
            }
        }
    }
    if r.target.is_empty() && retaliating.is_some() {
        if let Some(m) = answered_party(sent, trig.1) {
            if !r.imposer.iter().any(|c| c == m.code) {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    m,
                    "{m} acts in the clause the retaliation answers",
                );
            }
        }
    }

    // "Goods from Vietnam face 46% tariffs in the United States": where a faced measure
    // applies is who imposes it.
    if r.imposer.is_empty() && face.is_some() {
        // (right after the measure: not "subject to export curbs, including firms in China")
        let at = sent
            .w(trig.1)
            .eq_ignore_ascii_case("in")
            .then(|| trig.1 + 1 + usize::from(sent.w(trig.1 + 1).eq_ignore_ascii_case("the")));
        let place = at.and_then(|at| {
            sent.mentions
                .iter()
                .find(|m| m.ts == at && m.kind != ActorKind::Company && !possessive_at(sent, m.te))
        });
        if let Some(m) = place.filter(|m| !r.target.iter().any(|c| c == m.code)) {
            r.assign(
                Role::Imposer,
                explain,
                sent,
                m,
                "the measure is faced in {m}",
            );
        }
    }

    // "… could add tariffs of 10% if Beijing retaliates", "will lift sanctions if Caracas
    // holds free elections": the party whose act a measure depends on is its target.
    // (not for a measure on the buyers of a party's goods: "tariffs on countries that buy
    // Russian oil unless Moscow agrees …" are aimed at third parties)
    let on_buyers = || (np.0..np.1 + 4).any(|i| lex.role_word(RoleList::Buying, sent.w(i)));
    if r.target.is_empty() && !r.imposer.is_empty() && !secondary && !on_buyers() {
        if let Some(m) = condition_party(sent, trig) {
            if !r.imposer.iter().any(|c| c == m.code) {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    m,
                    "the measure depends on what {m} does",
                );
            }
        }
    }

    // "Trump quits Iran nuclear deal, orders sanctions restored", "cuts Putin's deadline,
    // warns of tariffs": a measure with no target of its own, in the second predicate of its
    // subject, aims at the first predicate's object.
    // ("strips Russia, Belarus of trade status, slapping a 35% tariff on imports": a phrase
    // of bare imports names nobody either, and the whole object list is hit)
    if r.target.is_empty()
        && !r.imposer.is_empty()
        && (!r.phrase || bare_goods(sent, np))
        && !secondary
    {
        if let Some(m) = first_predicate_object(sent, &parties, &r.imposer, clause_start, trig) {
            let list = coordinated(sent, &parties, m);
            let single = [m];
            let list = if list.is_empty() { &single[..] } else { list };
            for c in list.iter().copied() {
                if c.kind != ActorKind::Company && !r.imposer.iter().any(|i| i == c.code) {
                    r.assign(
                        Role::Target,
                        explain,
                        sent,
                        c,
                        "{m} is the object of the subject's first predicate",
                    );
                }
            }
        }
    }

    // The holdings' side that is not the imposer's own is targeted: "the U.S. froze U.S.
    // assets of Hong Kong officials" (the officials), "Britain curbs Chinese investment in
    // British ports" (China).
    if let Some((side, at)) = held {
        let own = r.imposer.iter().any(|c| c == side.code);
        for m in sent
            .mentions
            .iter()
            .filter(|m| if own { m.ts == at } else { m.ts == side.ts })
        {
            r.assign(
                Role::Target,
                explain,
                sent,
                m,
                "{m} is the other side of the holdings",
            );
        }
    }

    // "vessels barred from EU ports": the owner of the place kept out of bans.
    if r.imposer.is_empty() && np.1 > np.0 {
        if let Some(m) = parties
            .iter()
            .find(|m| m.ts >= np.0 && m.te <= np.1 && owner_of_place(sent, m))
        {
            r.assign(Role::Imposer, explain, sent, m, "{m} owns the place barred");
        }
    }

    // "the duties apply from Tuesday, with Canadian energy products facing a lower 10%
    // rate": the party that faces a rate of the measure in a "with" clause after it.
    if r.target.is_empty() {
        if let Some(m) = facing_after(sent, &parties, trig) {
            for c in coordinated(sent, &parties, m).iter().copied() {
                r.assign(
                    Role::Target,
                    explain,
                    sent,
                    c,
                    "{m} faces a rate of the measure",
                );
            }
        }
    }

    for m in listed_homes(sent, lex, trig) {
        if !r.target.iter().any(|c| c == m.code) {
            r.assign(
                Role::Target,
                explain,
                sent,
                m,
                "listed bodies are based in {m}",
            );
        }
    }

    // "a levy of 33% over Chinese steel plates", "penalties over Iranian iron": spun copy's
    // "over" for "on" when foreign goods follow; with no target found otherwise.
    if r.target.is_empty() {
        if let Some(m) = goods_over(sent, lex, &parties, trig) {
            r.assign(
                Role::Target,
                explain,
                sent,
                m,
                "{m} names the goods `over` hits",
            );
        }
    }

    // 8. never both
    let Roles {
        imposer, target, ..
    } = &mut r;
    target.retain(|c| !imposer.contains(c));
    r
}

/// A measure that names its imposer but no target and reads no target phrase ("Mexico would
/// respond with its own tariffs", "Trump warned of further sanctions") aims where the item's
/// earlier measures point: a retaliation ("respond", "counter-levies", "hit back") at the
/// party that last targeted its imposer; otherwise at the latest target of the same imposer.
/// `earlier` gives (imposer, target) of the item's measures so far, latest first.
pub(crate) fn inherited_target<'a>(
    sent: &Sentence<'_, '_>,
    imposer: &[String],
    mut earlier: impl Iterator<Item = (&'a [String], &'a [String])>,
) -> Option<(&'a [String], bool)> {
    let mine = |codes: &[String]| codes.iter().any(|c| imposer.contains(c));
    // (or at the latest other party's measure that named no target: "Beijing said it would
    // retaliate against Washington's new tariffs")
    if retaliation(sent) {
        return earlier
            .find(|(i, t)| (mine(t) || t.is_empty()) && !i.is_empty() && !mine(i))
            .map(|(i, _)| (i, true));
    }
    // "Britain said it was considering its own sanctions": a parallel measure aims where
    // the latest other one did, when the imposer has none of its own.
    let parallel = (0..sent.toks.len()).any(|i| {
        let w = sent.w(i);
        (w.eq_ignore_ascii_case("own")
            && ["its", "their"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(sent.w(i.wrapping_sub(1)))))
            || ["similar", "parallel", "matching"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
    });
    let mut fallback = None;
    for (i, t) in earlier {
        if t.is_empty() || mine(t) {
            continue;
        }
        if mine(i) {
            return Some((t, false));
        }
        if parallel && fallback.is_none() {
            fallback = Some((t, false));
        }
    }
    fallback
}

/// The sentence answers another party's measure: "retaliate", "retaliatory", "respond",
/// "in response", "countermeasures", "counter-tariffs", "hit back".
fn retaliation(sent: &Sentence<'_, '_>) -> bool {
    retaliation_at(sent).is_some()
}

/// The first retaliation word of the sentence.
fn retaliation_at(sent: &Sentence<'_, '_>) -> Option<usize> {
    (0..sent.toks.len()).find(|&i| retaliation_word(sent, i))
}

/// Token `i` is a retaliation word. The first letter rejects almost every token before
/// any string comparison (this runs on every token of a sentence with a measure).
fn retaliation_word(sent: &Sentence<'_, '_>, i: usize) -> bool {
    let w = sent.w(i);
    let starts = |p: &str| w.get(..p.len()).is_some_and(|x| x.eq_ignore_ascii_case(p));
    match w.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'r') => {
            starts("retaliat")
                || [
                    "respond",
                    "responds",
                    "responded",
                    "response",
                    "reprisal",
                    "reprisals",
                ]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
        }
        Some(b'c') => {
            starts("countermeasure")
                || starts("countertariff")
                || starts("counterlev")
                || starts("countersanction")
                || (w.eq_ignore_ascii_case("counter") && sent.w(i + 1) == "-")
        }
        Some(b'h' | b's') => {
            [
                "hit", "hits", "hitting", "strike", "strikes", "struck", "striking",
            ]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
                && sent.w(i + 1).eq_ignore_ascii_case("back")
        }
        _ => false,
    }
}

/// The parties next to the relief cue at tokens `a`. An active verb ("the US exempts
/// copper", "Trump exempted cathodes") has its subject before it, not the relieved party
/// ("Canada was exempted", "Mexico spared for now").
fn relieved<'p, 'l>(
    sent: &Sentence<'_, '_>,
    parties: &[&'p Mention<'l>],
    a: (usize, usize),
) -> Vec<&'p Mention<'l>> {
    let cue = sent.w(a.0);
    let next = sent.w(a.1);
    let passive = [
        "was", "were", "is", "are", "be", "been", "being", "get", "gets", "got",
    ]
    .iter()
    .any(|v| a.0 > 0 && v.eq_ignore_ascii_case(sent.w(a.0 - 1)))
        || ["from", "for", "by", ",", ".", ""]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(next));
    // "urged Washington to exempt Korean cars", "will spare Canada": an active verb too.
    let modal = a.0 > 0
        && [
            "to", "will", "would", "could", "may", "might", "should", "must", "can", "did",
        ]
        .iter()
        .any(|v| v.eq_ignore_ascii_case(sent.w(a.0 - 1)));
    let active = modal
        || ["spares", "exempts", "waives", "delists"]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(cue))
        || (cue.len() > 2 && ends_with(cue, "ed") && !passive);
    parties
        .iter()
        .copied()
        .filter(|m| {
            let before = !active && m.te <= a.0 && a.0 - m.te <= 3;
            (before || (m.ts >= a.1 && m.ts - a.1 <= 2))
                && !crate::tagger::action::crosses_clause(sent, (m.ts, m.te), a)
                // "…, ending an exemption, Commerce Secretary Ross said": the speaker.
                && !speaker_at(sent, m.te)
        })
        .collect()
}

/// A relief stated in its own clause beside a measure ("…tariffs; Canada and Mexico spared
/// for now", "…, and Canada will be exempted", "…, but exempted aircraft"): the relief cue and
/// the codes of the parties it relieves (empty when it relieves goods), when the sentence has
/// one.
pub(crate) fn relief_clause<'l>(sent: &Sentence<'_, 'l>) -> Option<(&'l str, Vec<String>)> {
    let any_relief = sent.hits.iter().any(|h| {
        matches!(
            h.entry.payload,
            Payload::Cue {
                action: super::model::Action::Eased,
                object: true,
                ..
            }
        )
    });
    if !any_relief {
        return None;
    }
    let parties: Vec<&Mention<'_>> = sent
        .mentions
        .iter()
        .filter(|m| !is_locative(sent, m))
        .collect();
    sent.hits.iter().find_map(|h| {
        let Payload::Cue {
            action: super::model::Action::Eased,
            object: true,
            ..
        } = h.entry.payload
        else {
            return None;
        };
        // "ends the tariff reprieve": a relief being ended is no easing.
        let ended = sent.hits.iter().any(|e| {
            matches!(
                e.entry.payload,
                Payload::Cue {
                    action: super::model::Action::Eased,
                    object: false,
                    ..
                }
            ) && e.te <= h.ts
                && h.ts - e.te <= 3
        });
        if ended {
            return None;
        }
        let mut codes = Vec::new();
        for m in relieved(sent, &parties, (h.ts, h.te)) {
            push(&mut codes, m.code);
        }
        // "…imposed a 40% tariff on Brazil, but exempted aircraft": a relief of goods in a
        // coordinated clause eases the measure for its own target (empty codes).
        let coordinated_clause = (h.ts.saturating_sub(2)..h.ts).any(|i| {
            let w = sent.w(i);
            w == "," || w.eq_ignore_ascii_case("but")
        });
        (!codes.is_empty() || coordinated_clause).then_some((h.entry.phrase.as_str(), codes))
    })
}

/// The list of actors `m` stands in, joined only by commas, "and", "&" and "the"
/// ("the U.S., the EU, Britain and Canada"), in text order; just `m` when it stands alone.
/// A lone ", and" joins clauses, not names ("… dislodge Maduro, and U.S. officials …").
fn coordinated<'s, 'p, 'l>(
    sent: &Sentence<'_, '_>,
    parties: &'s [&'p Mention<'l>],
    m: &'p Mention<'l>,
) -> &'s [&'p Mention<'l>] {
    // 0: not joined; 1: joined by a comma or a conjunction; 2: by both (", and").
    let link = |a: &Mention<'_>, b: &Mention<'_>| -> u8 {
        let gap = a.te..b.ts;
        let word = |i: usize| sent.w(i);
        let joiner = |w: &str| {
            matches!(w, "," | "&") || w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("the")
        };
        if gap.is_empty() || gap.len() > 3 || !gap.clone().all(|i| joiner(word(i))) {
            return 0;
        }
        let comma = gap.clone().any(|i| word(i) == ",");
        let and = gap
            .into_iter()
            .any(|i| matches!(word(i), "&") || word(i).eq_ignore_ascii_case("and"));
        match (comma, and) {
            (true, true) => 2,
            (false, false) => 0,
            _ => 1,
        }
    };
    let Some(k) = parties.iter().position(|p| p.ts == m.ts) else {
        return &[];
    };
    let (mut lo, mut hi) = (k, k);
    let mut plain = false;
    while lo > 0 {
        match link(parties[lo - 1], parties[lo]) {
            0 => break,
            l => plain |= l == 1,
        }
        lo -= 1;
    }
    while hi + 1 < parties.len() {
        match link(parties[hi], parties[hi + 1]) {
            0 => break,
            l => plain |= l == 1,
        }
        hi += 1;
    }
    if !plain && hi - lo == 1 {
        return &parties[k..=k];
    }
    &parties[lo..=hi]
}

/// A party in the clause before token `end` other than `code`, with no clause break between
/// (the subject of a verb at `end`).
fn other_party_before(
    sent: &Sentence<'_, '_>,
    parties: &[&Mention<'_>],
    end: usize,
    code: &str,
) -> bool {
    parties.iter().any(|p| {
        p.te <= end
            && p.code != code
            && !p.code.is_empty()
            && p.kind != ActorKind::Company
            && !(p.te..end).any(|i| matches!(sent.w(i), ";" | ":" | "—" | "–"))
    })
}

/// "Switzerland adopts EU sanctions", "Japan joined the U.S. measures", "Bern took over the
/// bloc's package": the measure's author `m` stands right after a verb of adopting whose
/// subject is another party; that subject imposes, the author is neither party.
fn adopted_by_other(sent: &Sentence<'_, '_>, parties: &[&Mention<'_>], m: &Mention<'_>) -> bool {
    let mut k = m.ts;
    if k > 0
        && ["the", "its", "their"]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(sent.w(k - 1)))
    {
        k -= 1;
    }
    let Some(v) = k.checked_sub(1) else {
        return false;
    };
    let verb = sent.w(v);
    let adopting = [
        "adopt",
        "adopts",
        "adopted",
        "adopting",
        "join",
        "joins",
        "joined",
        "joining",
        "match",
        "matches",
        "matched",
        "matching",
        "mirror",
        "mirrors",
        "mirrored",
        "mirroring",
        "implement",
        "implements",
        "implemented",
        "implementing",
        "replicate",
        "replicates",
        "replicated",
    ]
    .iter()
    .any(|a| a.eq_ignore_ascii_case(verb));
    // "takes over", "took over"
    let taking_over = verb.eq_ignore_ascii_case("over")
        && v > 0
        && ["take", "takes", "took", "taken", "taking"]
            .iter()
            .any(|t| t.eq_ignore_ascii_case(sent.w(v - 1)));
    let v = v - usize::from(taking_over);
    (adopting || taking_over) && other_party_before(sent, parties, v, m.code)
}

/// "Washington cuts Swiss tariff", "Tokyo doubles Chinese steel duties": a demonym after a
/// verb that changes a rate, with another party as that verb's subject, names the goods'
/// origin (a state changes only its own tariffs).
fn changed_by_other(
    sent: &Sentence<'_, '_>,
    parties: &[&Mention<'_>],
    anchor: Option<(usize, usize)>,
    m: &Mention<'_>,
) -> bool {
    let Some(a) = anchor else {
        return false;
    };
    if m.kind != ActorKind::Demonym || a.1 > m.ts || m.ts - a.1 > 2 {
        return false;
    }
    let verb = sent.w(a.0);
    let changing = [
        "cut", "rais", "hike", "doubl", "halv", "lower", "slash", "trim", "quadrupl", "tripl",
        "reduc", "increas",
    ]
    .iter()
    .any(|stem| {
        verb.len() <= stem.len() + 4
            && verb
                .get(..stem.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(stem))
    });
    // (not "the US and Britain agreed a deal that can reduce American levies")
    let own = parties
        .iter()
        .any(|p| p.te <= a.0 && p.code == m.code && p.ts != m.ts);
    changing && !own && other_party_before(sent, parties, a.0, m.code)
}

/// "U.S. assets of Hong Kong officials", "U.S. investment in Chinese firms": the party `m`
/// before a word of holdings says where they sit or whose money goes out; the position of
/// the party on the other side (the holder after "of", the destination after "in").
fn holding_side(sent: &Sentence<'_, '_>, m: &Mention<'_>) -> Option<usize> {
    let noun = sent.w(m.te);
    let prep = sent.w(m.te + 1);
    let assets = ["assets", "property", "holdings"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(noun))
        && prep.eq_ignore_ascii_case("of");
    let investment = ["investment", "investments"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(noun))
        && prep.eq_ignore_ascii_case("in");
    if !(assets || investment) {
        return None;
    }
    let at = m.te + 2 + usize::from(sent.w(m.te + 2).eq_ignore_ascii_case("the"));
    sent.mentions
        .iter()
        .any(|o| o.ts == at && o.code != m.code && !o.code.is_empty())
        .then_some(at)
}

/// "tariff to 75% for the UK", "tarif for US suppliers", "tariff relief for Canada": the
/// party after a "for" that follows the measure with only a rate, goods or a relief word
/// between.
fn beneficiary<'s, 'l>(
    sent: &'s Sentence<'_, 'l>,
    trig: (usize, usize),
) -> Option<&'s Mention<'l>> {
    let end = (trig.1 + 8).min(sent.toks.len());
    let mut i = trig.1;
    while i < end && !sent.w(i).eq_ignore_ascii_case("for") {
        if let Some(p) = sent
            .hits
            .iter()
            .find(|h| h.ts == i && matches!(h.entry.payload, Payload::Product { .. }))
        {
            i = p.te.max(i + 1);
            continue;
        }
        let w = sent.w(i);
        let rate = w.as_bytes().first().is_some_and(u8::is_ascii_digit)
            || [
                "%",
                "percent",
                "pct",
                "per",
                "cent",
                "to",
                "from",
                "at",
                "on",
                "relief",
                "exemption",
                "exemptions",
                "waiver",
                "waivers",
                "reprieve",
            ]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w));
        if !rate {
            return None;
        }
        i += 1;
    }
    if i >= end {
        return None;
    }
    let at = i + 1 + usize::from(sent.w(i + 1).eq_ignore_ascii_case("the"));
    let m = sent.mentions.iter().find(|m| {
        m.ts == at
            && !matches!(m.kind, ActorKind::Leader | ActorKind::Company)
            && !m.code.is_empty()
    })?;
    // "for Russia's war", "for American consumers": a reason, or the imposer's own public.
    let public = [
        "consumers",
        "households",
        "shoppers",
        "families",
        "buyers",
        "customers",
        "users",
    ]
    .iter()
    .any(|x| x.eq_ignore_ascii_case(sent.w(m.te)));
    (!possessive_at(sent, m.te) && !public).then_some(m)
}

/// A verb of exchange right after the pair ending at `from` governs the measure at `to`
/// ("Ecuador, Colombia trade 30% tariffs", "the two exchanged tit-for-tat duties"), with only
/// its modifiers between (not "trade ministers agreed to cut tariffs").
fn exchanged(sent: &Sentence<'_, '_>, from: usize, to: usize) -> bool {
    let Some(k) = (from..(from + 2).min(to)).find(|&k| {
        [
            "trade",
            "trades",
            "traded",
            "trading",
            "exchange",
            "exchanges",
            "exchanged",
            "exchanging",
            "swap",
            "swapped",
        ]
        .iter()
        .any(|v| v.eq_ignore_ascii_case(sent.w(k)))
    }) else {
        return false;
    };
    let nouns = [
        "ministers",
        "minister",
        "officials",
        "talks",
        "war",
        "wars",
        "deal",
        "deals",
        "representatives",
        "negotiators",
        "envoys",
        "chiefs",
        "partners",
        "relations",
        "ties",
        "surplus",
        "deficit",
        "flows",
        "volumes",
        "blocs",
        "and",
        // a clause or phrase of its own: "trade first blows as tariffs kick in"
        "as",
        "while",
        "after",
        "when",
        "with",
        "in",
        "on",
        "over",
        "of",
        "than",
    ];
    to - k <= 6
        && (k + 1..to).all(|i| {
            let w = sent.w(i);
            !w.starts_with(|c: char| c.is_ascii_uppercase())
                && !nouns.iter().any(|n| n.eq_ignore_ascii_case(w))
                && (measure_adjective(w)
                    || !sent
                        .hits
                        .iter()
                        .any(|h| h.ts == i && matches!(h.entry.payload, Payload::Cue { .. })))
        })
}

/// "both countries", "the two nations" start at token `i`.
fn pair_phrase_at(sent: &Sentence<'_, '_>, i: usize) -> bool {
    let w = sent.w(i);
    // (the length rejects most words before any comparison)
    if !matches!(w.len(), 3 | 4) {
        return false;
    }
    let noun = |k: usize| {
        [
            "countries",
            "nations",
            "neighbours",
            "neighbors",
            "economies",
        ]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(sent.w(k)))
    };
    (w.eq_ignore_ascii_case("both") && noun(i + 1))
        || (w.eq_ignore_ascii_case("the")
            && sent.w(i + 1).eq_ignore_ascii_case("two")
            && noun(i + 2))
}

/// A "both countries" subject between `from` and `limit`: the pair of parties the sentence
/// names last before it ("… from Canada and Mexico, and both countries will remove …").
fn pair_subject<'s, 'p, 'l>(
    sent: &Sentence<'_, '_>,
    parties: &'s [&'p Mention<'l>],
    from: usize,
    limit: usize,
) -> Option<&'s [&'p Mention<'l>]> {
    let at = (from..limit).find(|&i| pair_phrase_at(sent, i))?;
    let last = parties.iter().rev().find(|m| m.te <= at)?;
    let list = coordinated(sent, parties, last);
    (list.len() == 2
        && list
            .iter()
            .all(|m| !m.code.is_empty() && m.kind != ActorKind::Company))
    .then_some(list)
}

/// The first token of the plain list `m` ends ("Canada, Mexico and China": Canada's), each
/// member joined by one comma or conjunction (a ", and" may open a clause).
fn list_head(sent: &Sentence<'_, '_>, parties: &[&Mention<'_>], m: &Mention<'_>) -> usize {
    let mut head = m.ts;
    while head > 0
        && (matches!(sent.w(head - 1), "," | "&")
            || ["and", "or"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(sent.w(head - 1))))
    {
        match parties.iter().find(|p| p.te + 1 == head) {
            Some(p) => head = p.ts,
            None => break,
        }
    }
    head
}

/// The subject of an "if"/"unless" clause after the measure ("… if Moscow does not act"),
/// when it is a state acting (a verb follows), not one imitating the measure ("if the EU
/// does").
fn condition_party<'s, 'l>(
    sent: &'s Sentence<'_, 'l>,
    trig: (usize, usize),
) -> Option<&'s Mention<'l>> {
    let end = (trig.1 + 12).min(sent.toks.len());
    let c = (trig.1..end)
        .take_while(|&i| !matches!(sent.w(i), ";" | ":" | "—" | "–"))
        .find(|&i| {
            ["if", "unless"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(sent.w(i)))
        })?;
    let at = c + 1 + usize::from(sent.w(c + 1).eq_ignore_ascii_case("the"));
    let m = sent.mentions.iter().find(|m| {
        m.ts == at
            && !m.code.is_empty()
            && matches!(
                m.kind,
                ActorKind::Country
                    | ActorKind::Capital
                    | ActorKind::Leader
                    | ActorKind::Institution
            )
    })?;
    let verb = sent.w(m.te);
    let acts = !verb.is_empty()
        && verb.bytes().all(|b| b.is_ascii_lowercase())
        && !["and", "or", "to", "of", "in", "on"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(verb));
    // "if the EU does", "unless Japan did so too": the same measure, not a condition on it
    let imitates = ["do", "does", "did"]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(verb))
        && !sent.w(m.te + 1).eq_ignore_ascii_case("not");
    (acts && !imitates).then_some(m)
}

/// "in mainland China", "with Xi", "against Russia": a party after a preposition (one
/// lowercase modifier may stand between) is no subject a later pronoun refers to; the agent
/// "by" is.
fn prepositional_object(sent: &Sentence<'_, '_>, m: &Mention<'_>) -> bool {
    let prep = |k: usize| {
        [
            "in", "with", "from", "on", "against", "to", "of", "for", "at", "into", "over",
            "about", "upon", "versus",
        ]
        .iter()
        .any(|p| p.eq_ignore_ascii_case(sent.w(k)))
    };
    let Some(k) = m.ts.checked_sub(1) else {
        return false;
    };
    let modifier = {
        let w = sent.w(k);
        !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())
    };
    prep(k) || (modifier && k > 0 && prep(k - 1))
}

/// A modal or the infinitive "to" at token `i` ("would", "will", "to").
fn modal_at(sent: &Sentence<'_, '_>, i: usize) -> bool {
    [
        "would", "will", "could", "may", "might", "shall", "should", "must", "to", "can",
    ]
    .iter()
    .any(|m| m.eq_ignore_ascii_case(sent.w(i)))
}

/// Is the trigger used as a verb with an object ("China blacklists U.S. firms", "Norway
/// sanctions two ministers", "China bans exports"), so the actor before it is its subject?
fn verb_use(sent: &Sentence<'_, '_>, trig: (usize, usize), verb: bool) -> bool {
    if verb {
        return true;
    }
    let first = sent.w(trig.0);
    let verb_form = [
        "sanction",
        "sanctions",
        "bans",
        "blacklist",
        "blacklists",
        "embargoes",
        "freezes",
        "freeze",
        "froze",
    ]
    .iter()
    .any(|v| v.eq_ignore_ascii_case(first));
    if !verb_form {
        return false;
    }
    let second = sent.w(trig.0 + 1);
    let trade = |p: &str| {
        second
            .get(..p.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(p))
    };
    // "bans exports", "froze the assets": the object is inside the trigger.
    if trig.1 - trig.0 > 1 && (trade("export") || trade("import") || trade("the")) {
        return true;
    }
    let next = sent.w(trig.1);
    // "sanctions eight years on": a count of time is no object.
    let after = sent.w(trig.1 + 1);
    let counts_time = ["year", "month", "week", "day"].iter().any(|u| {
        after
            .get(..u.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(u))
    });
    sent.mentions.iter().any(|m| m.ts == trig.1)
        || (!counts_time && !next.is_empty() && next.bytes().all(|b| b.is_ascii_digit()))
        || (!counts_time
            && [
                "the",
                "a",
                "an",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "twenty",
                "dozen",
                "dozens",
                "hundreds",
                "scores",
                "several",
                "more",
                "top",
                "senior",
                "former",
                "current",
                "all",
                "prominent",
                "key",
                "leading",
            ]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(next)))
}

/// "The commerce ministry added …", "the government froze …": a state body named only by its
/// role, to be resolved like a pronoun from the sentences before.
fn role_subject(
    sent: &Sentence<'_, '_>,
    lex: &super::lexicon::Lexicon,
    from: usize,
    limit: usize,
) -> bool {
    // The cheap "the" test first: most words have none before them, and the lookup hashes.
    (from..limit).any(|i| {
        (i.saturating_sub(3)..i).any(|k| sent.w(k).eq_ignore_ascii_case("the"))
            && lex.role_word(RoleList::StateNoun, sent.w(i))
            // not part of a named body ("the Treasury Department", "China's ministry")
            && !sent.mentions.iter().any(|m| m.ts <= i && m.te + 3 > i)
    })
}

/// The auxiliary of a passive measure verb ("were sanctioned", "have been blacklisted",
/// "was also sanctioned"), as a token index.
fn passive_aux(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> Option<usize> {
    passive_aux_at(sent, trig.0)
}

/// "Chinese exporters were hit by new EU duties", "three Russians were removed from the EU's
/// asset-freeze list": the auxiliary of a passive verb whose complement is the measure.
fn passive_by_measure(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> Option<usize> {
    let by = (trig.0.saturating_sub(8)..trig.0).rev().find(|&b| {
        let w = sent.w(b);
        // (all of two to five letters: the length rejects most words first)
        (2..=5).contains(&w.len())
            && ["by", "from", "to", "on", "onto", "off", "with", "under"]
                .iter()
                .any(|p| p.eq_ignore_ascii_case(w))
    })?;
    // "was urged to impose sanctions": the complement is another verb, not the measure.
    let adjective = measure_adjective;
    let verb_between = sent.hits.iter().any(|h| {
        h.ts > by
            && h.ts < trig.0
            && matches!(h.entry.payload, Payload::Cue { .. })
            && !adjective(sent.w(h.ts))
    });
    if by == 0 || verb_between || (by..trig.0).any(|i| sent.w(i) == ",") {
        return None;
    }
    passive_aux_at(sent, by - 1)
}

/// Adjectives of a measure that read as cues ("new", "additional", "looming"): they
/// modify the measure, they are not another verb.
fn measure_adjective(w: &str) -> bool {
    [
        "new",
        "additional",
        "fresh",
        "further",
        "proposed",
        "planned",
        "possible",
        "potential",
        "looming",
    ]
    .iter()
    .any(|a| a.eq_ignore_ascii_case(w))
}

/// "Thailand and Tunisia got U.S. tariff letters", "Japan received a 25% tariff notice": the
/// receiving verb just before the measure, whose subject is hit like a passive one's.
fn received_measure(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> Option<usize> {
    told_of_measure(sent, trig).or_else(|| got_measure(sent, trig))
}

/// "Japan, South Korea told to expect 25% U.S. tariffs", "South Africa was told a 30% tax
/// will apply", "Iran was warned of sanctions": the party told of a measure is its target.
/// Returns the token the subject stands before.
fn told_of_measure(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> Option<usize> {
    // (twelve tokens: "to expect 25% U.S." is eight)
    let v = (trig.0.saturating_sub(12)..trig.0).rev().find(|&i| {
        let w = sent.w(i);
        matches!(
            w.as_bytes().first().map(u8::to_ascii_lowercase),
            Some(b't' | b'w' | b'i' | b'n')
        ) && ["told", "warned", "informed", "notified"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
    })?;
    // passive ("was told") or a headline's bare participle before "to expect"/"to brace"
    let headline = sent.w(v + 1).eq_ignore_ascii_case("to")
        && ["expect", "brace", "prepare"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(sent.w(v + 2)));
    let aux = v > 0
        && ["was", "were", "is", "are", "been", "being"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(sent.w(v - 1)));
    let at = if aux {
        v - 1
    } else if headline {
        v
    } else {
        return None;
    };
    // no other measure verb between ("was told the EU would impose …" has its own subject)
    let own_subject = sent
        .mentions
        .iter()
        .any(|m| m.ts > v && m.te < trig.0 && !possessive_at(sent, m.te) && m.te != trig.0);
    let between_cue = sent.hits.iter().any(|h| {
        h.ts > v + 2
            && h.ts < trig.0
            && matches!(h.entry.payload, Payload::Cue { .. })
            && !measure_adjective(sent.w(h.ts))
    });
    let clause_break = (v..trig.0).any(|i| matches!(sent.w(i), ";" | ":"));
    (!between_cue && (headline || !own_subject) && !clause_break).then_some(at)
}

/// "Thailand and Tunisia got U.S. tariff letters": the receiving verb's auxiliary position.
fn got_measure(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> Option<usize> {
    // (eight tokens: "U.S." alone is four)
    let v = (trig.0.saturating_sub(8)..trig.0).rev().find(|&i| {
        let w = sent.w(i);
        // first letter before the list: this runs for almost every measure
        matches!(
            w.as_bytes().first().map(u8::to_ascii_lowercase),
            Some(b'g' | b'r')
        ) && [
            "get",
            "gets",
            "got",
            "receive",
            "receives",
            "received",
            "receiving",
        ]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(w))
    })?;
    // Only the measure's own modifiers between: no comma, no other verb ("received a
    // request to impose sanctions").
    // A relief between is what is received ("China got relief from U.S. tariffs", "gets a
    // reprieve from"): its receiver is still the party the measure bears on.
    let between_cue = sent.hits.iter().any(|h| {
        h.ts > v
            && h.ts < trig.0
            && matches!(h.entry.payload, Payload::Cue { action, .. } if action != super::model::Action::Eased)
            && !measure_adjective(sent.w(h.ts))
    });
    (v > 0 && !between_cue && !(v..trig.0).any(|i| matches!(sent.w(i), "," | ";" | ":")))
        .then_some(v)
}

/// The auxiliary before a participle at token `v` ("were sanctioned", "was also hit").
fn passive_aux_at(sent: &Sentence<'_, '_>, v: usize) -> Option<usize> {
    let verb = sent.w(v);
    let participle = ends_with(verb, "ed")
        || ["frozen", "hit", "struck"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(verb));
    if !participle || v == 0 {
        return None;
    }
    let aux = |i: usize| {
        [
            "was", "were", "is", "are", "be", "been", "being", "get", "gets", "got",
        ]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(sent.w(i)))
    };
    let adverb = |w: &str| {
        ends_with(w, "ly")
            || ["also", "now", "already", "all", "since"]
                .iter()
                .any(|a| a.eq_ignore_ascii_case(w))
    };
    let k = v - 1;
    if aux(k) {
        Some(k)
    } else if k > 0 && aux(k - 1) && adverb(sent.w(k)) {
        Some(k - 1)
    } else {
        None
    }
}

/// Does `w` end with `suffix` (ASCII case-insensitive; never splits a character)?
fn ends_with(w: &str, suffix: &str) -> bool {
    w.len()
        .checked_sub(suffix.len())
        .and_then(|k| w.get(k..))
        .is_some_and(|x| x.eq_ignore_ascii_case(suffix))
}

/// "China fentanyl tariff": a full country name (not an abbreviation, not possessive) one or
/// two lowercase nouns before token `i`.
fn bare_country_before<'p, 'l>(
    sent: &Sentence<'_, '_>,
    parties: &[&'p Mention<'l>],
    i: usize,
) -> Option<&'p Mention<'l>> {
    if sent.is_all_caps() {
        return None;
    }
    // (a verb is no modifier: "Turkey doubles import levies", "India imposed duties")
    // An acronym of goods is one too ("China EV tariff"), unless it names a party.
    let acronym = |k: usize| {
        let w = sent.w(k);
        (2..=4).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_uppercase())
            && !sent.mentions.iter().any(|m| m.ts <= k && k < m.te)
    };
    let noun = |k: usize| {
        let w = sent.w(k);
        acronym(k)
            || w.len() > 2
                && w.bytes().all(|b| b.is_ascii_lowercase())
                && !ends_with(w, "s")
                && !ends_with(w, "ed")
                && !sent
                    .hits
                    .iter()
                    .any(|h| h.ts == k && matches!(h.entry.payload, Payload::Cue { .. }))
                && ![
                    "and", "or", "the", "of", "with", "from", "for", "on", "its", "their", "new",
                    "says", "said", "over", "after", "to", "by", "as", "than", "will", "would",
                    "that",
                ]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
    };
    let mut k = i;
    while k > 0 && i - k < 2 && noun(k - 1) {
        k -= 1;
    }
    if k == i {
        return None;
    }
    // (not a coordinated subject before a plural verb: "Britain, Japan, Australia pile
    // sanctions on Moscow")
    parties.iter().copied().find(|m| {
        m.te == k
            && m.kind == ActorKind::Country
            && !matches!(m.code, "EU" | "UN")
            && coordinated(sent, parties, m).len() <= 1
            && {
                let name = span_text(sent, m);
                !name.contains('.') && name.chars().filter(|c| c.is_alphabetic()).count() > 3
            }
    })
}

/// The demonym of "over Chinese steel plates" right after the measure's rate ("a levy of 33
/// percent over …"): goods follow it, so "over" stands for "on". Not a reason ("over Russian aggression" names no
/// goods) nor a buyer's trade ("over Russian oil purchases": the buyer is hit).
fn goods_over<'p, 'l>(
    sent: &Sentence<'_, '_>,
    lex: &Lexicon,
    parties: &[&'p Mention<'l>],
    trig: (usize, usize),
) -> Option<&'p Mention<'l>> {
    let over = (trig.1..(trig.1 + 2 * PREP_WINDOW).min(sent.toks.len()))
        .find(|&i| sent.w(i).eq_ignore_ascii_case("over"))
        // (only after a rate: "a 25% duty over Russian oil" gives the reason)
        .filter(|&o| {
            rate_stretch(sent, trig.1, o)
                && (trig.1..o).any(|k| sent.w(k).bytes().any(|b| b.is_ascii_digit()))
        })?;
    let at = over + 1 + usize::from(sent.w(over + 1).eq_ignore_ascii_case("the"));
    let m = parties
        .iter()
        .copied()
        .find(|m| m.ts == at && m.kind == ActorKind::Demonym)?;
    let end = np_end(sent, lex, m.te);
    let goods = sent.hits.iter().any(|h| {
        h.ts >= m.te
            && h.ts < end.min(m.te + 4)
            && matches!(h.entry.payload, Payload::Product { .. })
    });
    let bought = (m.te..end).any(|k| {
        let w = sent.w(k);
        lex.role_word(RoleList::Buying, w) || ends_with(w, "purchase") || ends_with(w, "purchases")
    });
    (goods && !bought).then_some(m)
}

/// "duties ranging up to 873 US dollars per tonne on …": tokens `from..to` only state the
/// measure's rate or amount, so a target preposition after them still belongs to it.
fn rate_stretch(sent: &Sentence<'_, '_>, from: usize, to: usize) -> bool {
    const RATE_WORDS: [&str; 38] = [
        "of",
        "up",
        "to",
        "as",
        "high",
        "much",
        "ranging",
        "range",
        "from",
        "between",
        "and",
        "or",
        "per",
        "tonne",
        "tonnes",
        "ton",
        "tons",
        "kg",
        "kilogram",
        "percent",
        "cent",
        "pct",
        "dollars",
        "euros",
        "yuan",
        "us",
        "usd",
        "a",
        "an",
        "duties",
        "duty",
        "tolls",
        "levies",
        "about",
        // "anti-dumping", "anti-subsidy": the tokenizer splits at the hyphen
        "anti",
        "dumping",
        "subsidy",
        "countervailing",
    ];
    to > from
        && to - from <= 2 * PREP_WINDOW
        && (from..to).all(|i| {
            let w = sent.w(i);
            matches!(w, "%" | "$" | "." | "€" | "-")
                || w.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
                || RATE_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
        })
}

/// "its list of countries that enjoy minimal export restrictions": a "list of" shortly
/// before `at`, with no comma between.
fn list_of_at(sent: &Sentence<'_, '_>, at: usize) -> bool {
    (at.saturating_sub(10)..at)
        .rev()
        .take_while(|&i| !matches!(sent.w(i), "," | ";" | ":"))
        .any(|i| ends_with(sent.w(i), "list") && sent.w(i + 1).eq_ignore_ascii_case("of"))
}

/// "SUBJ quits Iran nuclear deal, orders sanctions": the object of the first of two
/// predicates a comma joins, when the subject imposes and the trigger is in the second.
fn first_predicate_object<'p, 'l>(
    sent: &Sentence<'_, '_>,
    parties: &[&'p Mention<'l>],
    imposer: &[String],
    clause_start: usize,
    trig: (usize, usize),
) -> Option<&'p Mention<'l>> {
    let comma = (clause_start..trig.0).rfind(|&i| sent.w(i) == ",")?;
    // the second predicate opens with a verb ("orders", "warns", "imposed") or a participle
    // of the same subject ("…, slapping")
    let verb2 = sent.w(comma + 1);
    let verb_like = |w: &str| {
        w.len() > 3
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && (ends_with(w, "s") || ends_with(w, "ed"))
    };
    // (the participle governs the measure: not an apposition "…, including people whose
    // funds are frozen")
    let participle = verb2.len() > 5
        && verb2.bytes().all(|b| b.is_ascii_lowercase())
        && ends_with(verb2, "ing")
        && trig.0 <= comma + 5;
    if !(verb_like(verb2) || participle) || parties.iter().any(|m| m.ts > comma && m.te <= trig.0) {
        return None;
    }
    let subject = parties
        .iter()
        .find(|m| m.ts >= clause_start && m.te < comma && imposer.iter().any(|c| c == m.code))?;
    // subject, verb, [the] object: nothing else before the object
    let verb1 = sent.w(subject.te);
    if !verb_like(verb1) {
        return None;
    }
    let at = subject.te + 1 + usize::from(sent.w(subject.te + 1).eq_ignore_ascii_case("the"));
    parties
        .iter()
        .copied()
        .find(|m| m.ts == at && m.te <= comma)
        .filter(|m| {
            m.kind != ActorKind::Company
                && !m.code.is_empty()
                && !imposer.iter().any(|c| c == m.code)
        })
}

/// The target phrase `np` is only a quantity of unnamed trade ("on imports", "on nearly all
/// goods"): it says what is taxed, not whose.
fn bare_goods(sent: &Sentence<'_, '_>, np: (usize, usize)) -> bool {
    const GENERIC: [&str; 9] = [
        "all", "nearly", "almost", "most", "imports", "goods", "products", "its", "their",
    ];
    np.1 > np.0
        && (np.0..np.1).all(|i| {
            let w = sent.w(i);
            w == "." || GENERIC.iter().any(|g| g.eq_ignore_ascii_case(w))
        })
}

/// "…, which is majority held by Russia's Gazprom Neft": `m` names the owner in a
/// non-restrictive relative clause after the target; the owner is not what is hit.
fn owner_clause(sent: &Sentence<'_, '_>, lex: &Lexicon, m: &Mention<'_>) -> bool {
    // "by" within two tokens before the owner ("by Russia's Gazprom Neft", "by the state")
    let Some(by) = (m.ts.saturating_sub(4)..m.ts).rfind(|&i| sent.w(i).eq_ignore_ascii_case("by"))
    else {
        return false;
    };
    if by == 0 || !lex.role_word(RoleList::Owning, sent.w(by - 1)) {
        return false;
    }
    // a comma and "which"/"that"/"who" shortly before the participle
    (by.saturating_sub(7)..by).any(|i| {
        sent.w(i) == ","
            && ["which", "that", "who", "itself"]
                .iter()
                .any(|r| r.eq_ignore_ascii_case(sent.w(i + 1)))
    })
}

/// "vessels barred from EU ports", "banned from U.S. airspace": `m` owns the place a ban
/// keeps out of; it is the banning side, not the target.
fn owner_of_place(sent: &Sentence<'_, '_>, m: &Mention<'_>) -> bool {
    let place = sent.w(m.te);
    m.ts > 0
        && ["from", "into", "entering", "enter"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(sent.w(m.ts - 1)))
        && [
            "ports",
            "port",
            "waters",
            "airspace",
            "skies",
            "territory",
            "soil",
            "market",
            "markets",
            "harbours",
            "harbors",
            "airports",
            "roads",
        ]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(place))
}

/// Does a possessive "'s" start at token `i` ("Russia's")?
fn possessive_at(sent: &Sentence<'_, '_>, i: usize) -> bool {
    matches!(sent.w(i), "'" | "’") && sent.w(i + 1).eq_ignore_ascii_case("s")
}

/// Does an agent cue ("by") start at token `i`?
fn is_agent_at(sent: &Sentence<'_, '_>, i: usize) -> bool {
    sent.hits
        .iter()
        .any(|h| h.ts == i && matches!(h.entry.payload, Payload::Agent))
}

/// "Chinese officials", "Russian President": a demonym that names the state acting, unlike
/// "British households" or "European bank".
fn demonym_names_state(sent: &Sentence<'_, '_>, m: &Mention<'_>) -> bool {
    let next = sent.w(m.te);
    let state_nouns = [
        "government",
        "officials",
        "authorities",
        "ministry",
        "ministers",
        "leaders",
        "regulators",
        "customs",
        "lawmakers",
        "parliament",
        "envoy",
        "negotiators",
        "side",
        "administration",
        "president",
        "leader",
        "premier",
        "cabinet",
        "senators",
        "congress",
        "diplomats",
        "delegation",
        "foreign",
    ];
    state_nouns.iter().any(|w| w.eq_ignore_ascii_case(next))
        || (next.starts_with(|c: char| c.is_uppercase()) && !sent.is_all_caps())
        || m.code == "EU"
}

/// "to allow U.S. inspectors in", "to leave Ukraine": the actor sits inside an infinitive
/// clause, a verb after `to` standing before it (not "linked to Iran", "to the EU").
fn in_infinitive(sent: &Sentence<'_, '_>, m: &Mention<'_>) -> bool {
    (m.ts.saturating_sub(4)..m.ts).any(|i| {
        i + 1 < m.ts
            && sent.w(i).eq_ignore_ascii_case("to")
            && !["the", "a", "an"]
                .iter()
                .any(|d| d.eq_ignore_ascii_case(sent.w(i + 1)))
    })
}

/// "over Russia's war": an actor after a preposition other than the agent "by" is an object.
fn is_possessed_object(sent: &Sentence<'_, '_>, m: &Mention<'_>) -> bool {
    if m.ts == 0 {
        return false;
    }
    let prev = sent.w(m.ts - 1);
    [
        "over", "of", "with", "from", "for", "about", "toward", "towards",
    ]
    .iter()
    .any(|p| p.eq_ignore_ascii_case(prev))
}

fn span_text<'a>(sent: &Sentence<'a, '_>, m: &Mention<'_>) -> &'a str {
    let (s, e) = sent.span(m.ts, m.te);
    &sent.text[s..e]
}

/// Visits up to `max` sentences before byte `before` of `text`, nearest first, until `visit`
/// breaks with an answer. The sentence holding `before` itself is skipped: its own parties
/// are often the target ("On Monday, he ordered sanctions on Iran").
fn walk_back<T>(
    text: &str,
    before: usize,
    lex: &super::lexicon::Lexicon,
    max: usize,
    mut visit: impl FnMut(&Sentence<'_, '_>) -> ControlFlow<Option<T>>,
) -> Option<T> {
    let mut pos = before;
    for _ in 0..max {
        if pos == 0 {
            return None;
        }
        let (s, e) = super::sentence::sentence_at(text, pos - 1, 0, lex);
        let next = s.min(pos - 1);
        // The whitespace before a sentence belongs to it: step over the sentence itself.
        if e > s && s < before {
            if let ControlFlow::Break(found) = visit(&Sentence::build(text, s, e, lex)) {
                return found;
            }
        }
        pos = next;
    }
    None
}

/// The country an earlier sentence names first, usually its subject ("Russia invaded
/// Ukraine. … the country's central bank"), other than the imposers, for "the country" in a
/// target phrase.
fn resolve_country(
    text: &str,
    before: usize,
    lex: &super::lexicon::Lexicon,
    imposer: &[String],
) -> Option<String> {
    walk_back(text, before, lex, 3, |sent| {
        sent.mentions
            .iter()
            .filter(|m| matches!(m.kind, ActorKind::Country | ActorKind::Capital))
            .find(|m| !m.code.is_empty() && !imposer.iter().any(|c| c == m.code))
            .map_or(ControlFlow::Continue(()), |m| {
                ControlFlow::Break(Some(m.code.to_string()))
            })
    })
}

/// The union "the bloc" at token `at` refers to: the EU when this sentence names it before,
/// or else the nearest earlier sentence naming a bloc (`None` for a body with no code).
fn resolve_bloc(sent: &Sentence<'_, '_>, at: usize, lex: &Lexicon) -> Option<String> {
    let is_bloc =
        |m: &Mention<'_>| m.code == "EU" || (m.code.is_empty() && m.kind == ActorKind::Institution);
    if let Some(m) = sent
        .mentions
        .iter()
        .rev()
        .find(|m| m.te <= at && is_bloc(m))
    {
        return (!m.code.is_empty()).then(|| m.code.to_string());
    }
    walk_back(sent.text, sent.start, lex, 6, |s| {
        s.mentions
            .iter()
            .find(|m| is_bloc(m))
            .map_or(ControlFlow::Continue(()), |m| {
                ControlFlow::Break((!m.code.is_empty()).then(|| m.code.to_string()))
            })
    })
}

/// The two states an earlier sentence names (other than the imposers), for "both countries"
/// / "the two nations": the latest sentence naming at least two.
fn resolve_pair(
    text: &str,
    before: usize,
    lex: &Lexicon,
    imposer: &[String],
) -> Option<[String; 2]> {
    walk_back(text, before, lex, 6, |sent| {
        let mut codes = sent
            .mentions
            .iter()
            .filter(|m| m.kind != ActorKind::Company)
            .map(|m| m.code)
            .filter(|c| !c.is_empty() && !imposer.iter().any(|i| i == c));
        let Some(a) = codes.next() else {
            return ControlFlow::Continue(());
        };
        match codes.find(|c| *c != a) {
            Some(b) => ControlFlow::Break(Some([a.to_string(), b.to_string()])),
            None => ControlFlow::Continue(()),
        }
    })
}

/// Finds the subject of an earlier sentence to resolve "He/She/They": walks back sentence by
/// sentence (skipping ones that themselves open with a pronoun) and returns the first actor
/// code of the first sentence that names one.
pub(crate) fn resolve_pronoun(
    text: &str,
    before: usize,
    lex: &super::lexicon::Lexicon,
) -> Option<String> {
    walk_back(text, before, lex, 6, |sent| {
        let opener = sent.w(0);
        if ["he", "she", "they", "it"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(opener))
        {
            return ControlFlow::Continue(());
        }
        let first = sent
            .mentions
            .iter()
            .filter(|m| !is_locative(sent, m) && !prepositional_object(sent, m))
            .find(|m| {
                matches!(
                    m.kind,
                    ActorKind::Leader | ActorKind::Institution | ActorKind::Country
                )
            });
        match first {
            // A party with no code ("ECOWAS") is the subject too: no country to give.
            Some(m) => ControlFlow::Break((!m.code.is_empty()).then(|| m.code.to_string())),
            None => ControlFlow::Continue(()),
        }
    })
}
