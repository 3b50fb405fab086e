//! The instansi's prerequisites for proposing units (opini BPK, SAKIP,
//! Indeks RB, maturitas SPIP, …): the rules are data with their sources
//! (`assets/prerequisites/zi-2021.json`, embedded, read by a bounded,
//! checked loader), and the check of recorded values against them is pure:
//! values in, met / missing per predicate out. The HTTP side is `routes`.

pub mod routes;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use daduk_wire::{MissingPrerequisite, Predicate};
use serde::Deserialize;
use serde_json::Value;

/// The built-in rules' text.
const BUILT_IN: &str = include_str!("../../../../assets/prerequisites/zi-2021.json");
/// The largest rules file read.
const MAX_RULES_BYTES: usize = 256 * 1024;
/// The most prerequisites, and the most values of one.
const MAX_ITEMS: usize = 64;
const MAX_VALUES: usize = 32;
/// The longest label, source or value text.
const MAX_TEXT: usize = 2000;

/// Which bar a proposal must clear: WBK (afirmasi too) or WBBM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bar {
    /// WBK and WBK afirmasi.
    Wbk,
    /// WBBM.
    Wbbm,
}

impl Bar {
    /// The bar of a proposed predicate.
    pub fn of(p: Predicate) -> Bar {
        match p {
            Predicate::Wbk | Predicate::WbkAfirmasi => Bar::Wbk,
            Predicate::Wbbm => Bar::Wbbm,
        }
    }
}

/// The kind of value a prerequisite takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// One of the listed values (unordered).
    Choice(Vec<String>),
    /// A letter grade, listed best first.
    Grade(Vec<String>),
    /// A whole number in a range.
    Level { min: i64, max: i64 },
    /// A number in a range.
    Number { min: f64, max: f64 },
    /// ya / tidak.
    YesNo,
}

/// What a value must be to meet a bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Threshold {
    /// One of these (choice).
    OneOf(Vec<String>),
    /// This grade or better (its index in the grade list).
    AtLeastGrade(usize),
    /// At least this number (level, number).
    AtLeast(f64),
    /// `ya`.
    Yes,
}

/// A bar's rule: one threshold, or one per value of another prerequisite
/// (the Indeks RB's differs for K/L and pemerintah daerah).
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// The same for every instansi.
    Fixed(Threshold),
    /// Keyed by the value of `depends_on`.
    ByValue(BTreeMap<String, Threshold>),
}

/// One prerequisite.
#[derive(Debug, Clone, PartialEq)]
pub struct Prerequisite {
    /// Code.
    pub code: String,
    /// Indonesian label.
    pub label: String,
    /// Its values.
    pub kind: Kind,
    /// The prerequisite whose value picks the threshold.
    pub depends_on: Option<String>,
    /// The rule per bar; a bar without one is not checked.
    pub rules: BTreeMap<Bar, Rule>,
    /// Where it comes from.
    pub source: String,
}

/// The rules: every prerequisite, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Id.
    pub id: String,
    /// The source of the whole list.
    pub source: String,
    /// The prerequisites.
    pub items: Vec<Prerequisite>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    id: String,
    name: String,
    regulation: String,
    source: String,
    #[serde(default)]
    instansi_kinds: BTreeMap<String, String>,
    prerequisites: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    code: String,
    label: String,
    kind: String,
    #[serde(default)]
    values: Vec<String>,
    min: Option<f64>,
    max: Option<f64>,
    depends_on: Option<String>,
    #[serde(default)]
    thresholds: BTreeMap<String, Value>,
    source: String,
}

fn text(what: &str, s: &str) -> Result<(), String> {
    if s.trim().is_empty() || s.chars().count() > MAX_TEXT {
        return Err(format!("{what} kosong atau lebih dari {MAX_TEXT} karakter"));
    }
    daduk_domain::text::check_line(what, s)
}

/// The built-in rules, checked once.
pub fn built_in() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        // The file ships with the binary and its test loads it: a failure
        // here is a build that never passed its tests.
        #[allow(clippy::expect_used)]
        Rules::parse(BUILT_IN.as_bytes()).expect("assets/prerequisites/zi-2021.json")
    })
}

impl Rules {
    /// Parse and check a rules file.
    pub fn parse(bytes: &[u8]) -> Result<Rules, String> {
        if bytes.len() > MAX_RULES_BYTES {
            return Err(format!(
                "berkas prasyarat lebih dari {MAX_RULES_BYTES} byte"
            ));
        }
        let raw: RawRules =
            serde_json::from_slice(bytes).map_err(|e| format!("berkas prasyarat: {e}"))?;
        for (what, s) in [
            ("id", &raw.id),
            ("name", &raw.name),
            ("regulation", &raw.regulation),
            ("source", &raw.source),
        ] {
            text(what, s)?;
        }
        if raw.prerequisites.is_empty() || raw.prerequisites.len() > MAX_ITEMS {
            return Err(format!("prasyarat harus 1 sampai {MAX_ITEMS}"));
        }
        let mut items: Vec<Prerequisite> = Vec::new();
        for r in raw.prerequisites {
            let code = r.code.clone();
            let item = Self::item(r, &items, &raw.instansi_kinds)
                .map_err(|e| format!("prasyarat '{code}': {e}"))?;
            if items.iter().any(|i| i.code == item.code) {
                return Err(format!("prasyarat '{code}' tercantum dua kali"));
            }
            items.push(item);
        }
        Ok(Rules {
            id: raw.id,
            source: raw.source,
            items,
        })
    }

    fn item(
        r: RawItem,
        before: &[Prerequisite],
        kinds: &BTreeMap<String, String>,
    ) -> Result<Prerequisite, String> {
        let ok_code = (1..=40).contains(&r.code.len())
            && r.code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok_code {
            return Err("kode harus huruf kecil, angka atau '_' (1-40)".into());
        }
        text("label", &r.label)?;
        text("source", &r.source)?;
        let list = |values: &[String]| -> Result<Vec<String>, String> {
            let unique: BTreeSet<String> = values.iter().map(|v| v.to_lowercase()).collect();
            if values.is_empty() || values.len() > MAX_VALUES || unique.len() != values.len() {
                return Err(format!("values harus 1 sampai {MAX_VALUES} nilai berbeda"));
            }
            for v in values {
                text("nilai", v)?;
            }
            Ok(values.to_vec())
        };
        let range = |whole: bool| -> Result<(f64, f64), String> {
            match (r.min, r.max) {
                (Some(a), Some(b))
                    if a.is_finite()
                        && b.is_finite()
                        && a <= b
                        && (!whole || a.fract() == 0.0 && b.fract() == 0.0) =>
                {
                    Ok((a, b))
                }
                _ => Err("min dan max harus angka dengan min <= max".into()),
            }
        };
        let kind = match r.kind.as_str() {
            "choice" => Kind::Choice(list(&r.values)?),
            "grade" => Kind::Grade(list(&r.values)?),
            #[allow(clippy::cast_possible_truncation)]
            "level" => {
                let (min, max) = range(true)?;
                Kind::Level {
                    min: min as i64,
                    max: max as i64,
                }
            }
            "number" => {
                let (min, max) = range(false)?;
                Kind::Number { min, max }
            }
            "yes_no" => Kind::YesNo,
            other => return Err(format!("jenis nilai '{other}' tidak dikenal")),
        };
        if !matches!(r.kind.as_str(), "choice" | "grade") && !r.values.is_empty() {
            return Err("values hanya untuk jenis choice dan grade".into());
        }
        let dep_values = match &r.depends_on {
            None => None,
            Some(d) => match before.iter().find(|p| &p.code == d).map(|p| &p.kind) {
                Some(Kind::Choice(v)) => Some(v.clone()),
                _ => {
                    return Err(format!(
                        "depends_on '{d}' harus prasyarat berjenis choice yang tercantum sebelumnya"
                    ));
                }
            },
        };
        if let Some(v) = &dep_values
            && let Some(k) = v.iter().find(|k| !kinds.contains_key(*k))
        {
            return Err(format!("nilai '{k}' tidak tercantum di instansi_kinds"));
        }
        let mut rules = BTreeMap::new();
        for (key, value) in &r.thresholds {
            let bar = match key.as_str() {
                "wbk" => Bar::Wbk,
                "wbbm" => Bar::Wbbm,
                other => return Err(format!("ambang untuk '{other}': hanya wbk atau wbbm")),
            };
            let rule = match (&dep_values, value) {
                (None, v) => Rule::Fixed(threshold(&kind, v)?),
                (Some(keys), Value::Object(m)) => {
                    let found: BTreeSet<&String> = m.keys().collect();
                    if found != keys.iter().collect() {
                        return Err(format!(
                            "ambang {key} harus untuk tiap nilai {}",
                            keys.join(", ")
                        ));
                    }
                    let mut by = BTreeMap::new();
                    for (k, v) in m {
                        by.insert(k.clone(), threshold(&kind, v)?);
                    }
                    Rule::ByValue(by)
                }
                (Some(_), _) => {
                    return Err(format!("ambang {key} harus objek per nilai depends_on"));
                }
            };
            rules.insert(bar, rule);
        }
        Ok(Prerequisite {
            code: r.code,
            label: r.label,
            kind,
            depends_on: r.depends_on,
            rules,
            source: r.source,
        })
    }

    /// The prerequisite of `code`.
    pub fn get(&self, code: &str) -> Option<&Prerequisite> {
        self.items.iter().find(|p| p.code == code)
    }

    /// The codes, for messages.
    pub fn codes(&self) -> String {
        self.items
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the recorded `values` meet `p` for `bar`: `None` when the
    /// rules set no threshold for it, else `Ok` or why not.
    pub fn met(
        &self,
        p: &Prerequisite,
        values: &BTreeMap<String, String>,
        bar: Bar,
    ) -> Option<Result<(), String>> {
        let rule = p.rules.get(&bar)?;
        let Some(raw) = values.get(&p.code) else {
            return Some(Err("belum dicatat".into()));
        };
        let threshold = match rule {
            Rule::Fixed(t) => t,
            Rule::ByValue(by) => {
                let dep = p.depends_on.as_deref().unwrap_or_default();
                let label = self.get(dep).map_or(dep, |d| d.label.as_str());
                let Some(key) = values.get(dep) else {
                    return Some(Err(format!(
                        "tercatat {raw}, tetapi ambangnya bergantung pada {label} yang belum dicatat"
                    )));
                };
                let Some(t) = by.get(key) else {
                    return Some(Err(format!(
                        "{label} tercatat '{key}', tidak dikenal aturan"
                    )));
                };
                t
            }
        };
        let value = match p.parse(raw) {
            Ok(v) => v,
            Err(e) => return Some(Err(format!("nilai tercatat tidak sah lagi: {e}"))),
        };
        Some(meets(&p.kind, &value, threshold))
    }

    /// The prerequisites missing or not met for `bar`, in the rules' order.
    pub fn missing(&self, values: &BTreeMap<String, String>, bar: Bar) -> Vec<MissingPrerequisite> {
        self.items
            .iter()
            .filter_map(|p| match self.met(p, values, bar)? {
                Ok(()) => None,
                Err(why) => Some(MissingPrerequisite {
                    code: p.code.clone(),
                    label: p.label.clone(),
                    why,
                }),
            })
            .collect()
    }
}

fn threshold(kind: &Kind, v: &Value) -> Result<Threshold, String> {
    let bad = || format!("ambang {v} tidak cocok dengan jenis nilainya");
    match (kind, v) {
        (Kind::Choice(values), Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|x| {
                x.as_str()
                    .filter(|s| values.iter().any(|v| v == s))
                    .map(str::to_string)
                    .ok_or_else(bad)
            })
            .collect::<Result<_, _>>()
            .map(Threshold::OneOf),
        (Kind::Grade(values), Value::String(s)) => values
            .iter()
            .position(|v| v == s)
            .map(Threshold::AtLeastGrade)
            .ok_or_else(bad),
        (Kind::Level { min, max }, Value::Number(n)) => n
            .as_i64()
            .filter(|x| (*min..=*max).contains(x))
            .map(|x| Threshold::AtLeast(x as f64))
            .ok_or_else(bad),
        (Kind::Number { min, max }, Value::Number(n)) => n
            .as_f64()
            .filter(|x| (*min..=*max).contains(x))
            .map(Threshold::AtLeast)
            .ok_or_else(bad),
        (Kind::YesNo, Value::String(s)) if s == "ya" => Ok(Threshold::Yes),
        _ => Err(bad()),
    }
}

fn meets(kind: &Kind, value: &str, t: &Threshold) -> Result<(), String> {
    let comma = |x: &str| x.replace('.', ",");
    let (ok, needed) = match (kind, t) {
        (_, Threshold::OneOf(accepted)) => (
            accepted.iter().any(|a| a == value),
            format!("yang memenuhi: {}", accepted.join(", ")),
        ),
        (Kind::Grade(values), Threshold::AtLeastGrade(i)) => (
            values
                .iter()
                .position(|v| v == value)
                .is_some_and(|r| r <= *i),
            format!("minimal {}", values.get(*i).map_or("?", String::as_str)),
        ),
        (_, Threshold::AtLeast(min)) => (
            value.parse::<f64>().is_ok_and(|v| v >= *min),
            format!("minimal {}", comma(&min.to_string())),
        ),
        (_, Threshold::Yes) => (value == "ya", "harus ya".into()),
        (_, Threshold::AtLeastGrade(_)) => {
            (false, "ambang tidak cocok dengan jenis nilainya".into())
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("tercatat {}; {needed}", comma(value)))
    }
}

impl Prerequisite {
    /// What values are allowed, in Indonesian.
    pub fn allowed(&self) -> String {
        match &self.kind {
            Kind::Choice(v) => format!("salah satu dari {}", v.join(", ")),
            Kind::Grade(v) => format!("predikat {} (dari yang terbaik)", v.join(", ")),
            Kind::Level { min, max } => format!("level {min} sampai {max}"),
            Kind::Number { min, max } => format!(
                "angka {} sampai {}",
                min.to_string().replace('.', ","),
                max.to_string().replace('.', ",")
            ),
            Kind::YesNo => "ya atau tidak".into(),
        }
    }

    /// A value as recorded: its canonical text (the listed spelling, a
    /// plain number, `ya`/`tidak`), or why it is not allowed.
    pub fn parse(&self, raw: &str) -> Result<String, String> {
        let s = raw.trim();
        let refuse = || {
            format!(
                "nilai '{}' tidak sah; yang diterima: {}",
                daduk_domain::text::shown(&s.chars().take(40).collect::<String>()),
                self.allowed()
            )
        };
        match &self.kind {
            Kind::Choice(v) | Kind::Grade(v) => v
                .iter()
                .find(|x| x.eq_ignore_ascii_case(s))
                .cloned()
                .ok_or_else(refuse),
            Kind::Level { min, max } => s
                .parse::<i64>()
                .ok()
                .filter(|x| (*min..=*max).contains(x))
                .map(|x| x.to_string())
                .ok_or_else(refuse),
            Kind::Number { min, max } => s
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && (*min..=*max).contains(x))
                .map(|x| x.to_string())
                .ok_or_else(refuse),
            Kind::YesNo => match s.to_lowercase().as_str() {
                "ya" => Ok("ya".into()),
                "tidak" => Ok("tidak".into()),
                _ => Err(refuse()),
            },
        }
    }
}
