//! Which LKE items a document supports, from what it says: its title and
//! heading words against each item's question, criteria and evidence
//! guidance (words rare across the items weigh most), and its kind against
//! the kinds each item asks for. Each suggestion says why, in Indonesian.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::facts::ContentFacts;
use super::words::stems;
use crate::code::ItemCode;
use crate::template::Template;

/// An item a document may belong to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ItemSuggestion {
    /// The item.
    pub item: ItemCode,
    /// How well it fits (higher is better; comparable within a document).
    pub score: f64,
    /// Why, for people.
    pub why: String,
}

/// How many items are suggested at most.
pub const MAX_SUGGESTIONS: usize = 5;

/// The words of each item, and how rare each word is among the items.
#[derive(Debug, Clone)]
pub struct ItemIndex {
    items: Vec<(ItemCode, BTreeSet<String>, Vec<String>)>,
    idf: HashMap<String, f64>,
    /// A word of the items' text for each root, to show people.
    surface: HashMap<String, String>,
}

impl ItemIndex {
    /// Index a template's items (built once, reused for every file).
    pub fn new(template: &Template) -> ItemIndex {
        let mut items = Vec::new();
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut surface: HashMap<String, String> = HashMap::new();
        for &code in template.item_codes() {
            let Some(item) = template.item(code) else {
                continue;
            };
            let mut text = item.question.clone();
            if let Some(c) = &item.criteria {
                text.push(' ');
                text.push_str(c);
            }
            for e in &item.evidence {
                text.push(' ');
                text.push_str(&e.guidance);
            }
            for w in super::words::words(&text) {
                if !super::words::is_stop(&w) {
                    surface.entry(super::words::stem(&w)).or_insert(w);
                }
            }
            let words: BTreeSet<String> = stems(&text).into_iter().collect();
            for w in &words {
                *df.entry(w.clone()).or_default() += 1;
            }
            let kinds = item.evidence.iter().map(|e| e.kind.clone()).collect();
            items.push((code, words, kinds));
        }
        let n = items.len().max(1) as f64;
        let idf = df
            .into_iter()
            .map(|(w, d)| (w, (n / d as f64).ln()))
            .collect();
        ItemIndex {
            items,
            idf,
            surface,
        }
    }

    /// The items a document fits, best first (at most
    /// [`MAX_SUGGESTIONS`], none when nothing fits).
    pub fn suggest(
        &self,
        template: &Template,
        facts: &ContentFacts,
        text: &str,
    ) -> Vec<ItemSuggestion> {
        let text = super::bounded(text);
        // The title and the heading say what a document is about; the body
        // mentions much else.
        let mut weight: HashMap<String, f64> = HashMap::new();
        let head: String = text.chars().take(1200).collect();
        for (part, w) in [
            (facts.title.as_deref().unwrap_or(""), 3.0),
            (head.as_str(), 1.0),
        ] {
            for s in stems(part) {
                let e = weight.entry(s).or_insert(0.0);
                *e = f64::max(*e, w);
            }
        }
        let mut body_counts: HashMap<String, u32> = HashMap::new();
        for s in stems(text) {
            *body_counts.entry(s).or_default() += 1;
        }
        for (s, c) in body_counts {
            if c >= 3 {
                let e = weight.entry(s).or_insert(0.0);
                *e = f64::max(*e, 0.5);
            }
        }
        let kind_label = |k: &str| {
            template
                .evidence_kind(k)
                .map_or_else(|| k.to_string(), |x| x.label.clone())
        };
        let mut out: Vec<ItemSuggestion> = Vec::new();
        for (code, words, kinds) in &self.items {
            let mut matched: Vec<(&String, f64)> = words
                .iter()
                .filter_map(|w| {
                    let dw = weight.get(w)?;
                    let idf = self.idf.get(w).copied().unwrap_or(0.0);
                    (idf > 0.3).then_some((w, dw * idf))
                })
                .collect();
            let mut score: f64 = matched.iter().map(|(_, s)| s).sum();
            let kind_fits = facts
                .kind
                .as_deref()
                .is_some_and(|k| kinds.iter().any(|x| x == k));
            if score < 4.0 {
                continue;
            }
            if kind_fits {
                score *= 1.5;
            }
            matched.sort_by(|a, b| b.1.total_cmp(&a.1));
            let shown: Vec<&str> = matched
                .iter()
                .take(4)
                .map(|(w, _)| self.surface.get(*w).map_or(w.as_str(), String::as_str))
                .collect();
            let mut why = match &facts.title {
                Some(t) => format!("berisi '{t}'"),
                None => "isinya".to_string(),
            };
            why.push_str(&format!(
                "; cocok dengan butir ini pada kata: {}",
                shown.join(", ")
            ));
            if kind_fits && let Some(k) = &facts.kind {
                why.push_str(&format!("; {} diminta butir ini", kind_label(k)));
            }
            out.push(ItemSuggestion {
                item: *code,
                score: (score * 10.0).round() / 10.0,
                why,
            });
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.cmp(&b.item)));
        out.truncate(MAX_SUGGESTIONS);
        out
    }
}

/// Whether the best suggestion is sure enough to place a file without
/// asking: clearly ahead of the next, and backed by the document's kind.
pub fn sure(facts: &ContentFacts, template: &Template, s: &[ItemSuggestion]) -> Option<ItemCode> {
    let first = s.first()?;
    let second = s.get(1).map_or(0.0, |x| x.score);
    let kind_fits = facts.kind.as_deref().is_some_and(|k| {
        template
            .item(first.item)
            .is_some_and(|i| i.evidence.iter().any(|e| e.kind == k))
    });
    (kind_fits && first.score >= 12.0 && first.score >= second * 1.25).then_some(first.item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::read_facts;

    fn template() -> Template {
        Template::from_json("lke", crate::template::DEFAULT_TEMPLATE_JSON).unwrap()
    }

    fn first(text: &str) -> (Option<ItemCode>, Vec<ItemSuggestion>) {
        let t = template();
        let facts = read_facts(text);
        let s = ItemIndex::new(&t).suggest(&t, &facts, text);
        (sure(&facts, &t, &s), s)
    }

    #[test]
    fn a_decree_forming_the_team_belongs_to_the_team_item() {
        let (sure, s) = first(
            "KEPUTUSAN KEPALA DINAS KESEHATAN\nNOMOR 800/12/SK/2026\nTENTANG\nPEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI KORUPSI\nMEMUTUSKAN\nMenetapkan: susunan tim kerja",
        );
        assert_eq!(s[0].item.to_string(), "P.1.i.a", "{s:?}");
        assert!(s[0].why.contains("Surat Keputusan"), "{}", s[0].why);
        assert_eq!(
            sure.map(|c| c.to_string()).as_deref(),
            Some("P.1.i.a"),
            "{s:?}"
        );
    }

    #[test]
    fn an_agen_perubahan_decree_and_a_survey_report_find_their_items() {
        let (_, s) = first(
            "KEPUTUSAN KEPALA DINAS\nTENTANG\nPENETAPAN AGEN PERUBAHAN DI LINGKUNGAN DINAS KESEHATAN\nMEMUTUSKAN",
        );
        assert_eq!(s[0].item.to_string(), "P.1.iv.b", "{s:?}");
        let (_, s) = first("Tidak ada kata yang berarti di sini");
        assert!(s.is_empty(), "{s:?}");
    }
}
