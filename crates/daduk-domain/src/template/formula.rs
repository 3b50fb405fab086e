//! Formulas of counts items (`min(b / a, 1)`, `clamp((a - b) / a, 0, 1)`).
//!
//! A tiny arithmetic language: numbers, row codes, `+ - * /`, parentheses and
//! the functions `min`, `max` and `clamp`. Formulas live in the template, so a
//! later regulation changes them without a code change.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal number.
    Number(f64),
    /// The value of a row, by its code.
    Row(String),
    /// `-x`.
    Neg(Box<Expr>),
    /// A binary operation.
    Binary(Box<Expr>, Op, Box<Expr>),
    /// `min(...)`, `max(...)` or `clamp(x, lo, hi)`.
    Call(Function, Vec<Expr>),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// A function a formula may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// Smallest of its arguments (at least one).
    Min,
    /// Largest of its arguments (at least one).
    Max,
    /// `clamp(x, lo, hi)`.
    Clamp,
}

/// Why a formula text could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rumus '{formula}' tidak sah pada posisi {position}: {reason}")]
pub struct FormulaError {
    /// The formula text.
    pub formula: String,
    /// 1-based character position of the fault.
    pub position: usize,
    /// What is wrong.
    pub reason: String,
}

/// The longest formula accepted (characters). Real formulas are a few dozen;
/// a bound keeps every recursive walk of the tree (evaluation, display,
/// dropping it) shallow whatever a packet's template holds.
pub const MAX_FORMULA_LEN: usize = 400;

/// The deepest nesting of parentheses, signs and calls accepted.
pub const MAX_DEPTH: usize = 32;

/// Evaluation hit a division by zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DivisionByZero;

impl Expr {
    /// Parse a formula text.
    pub fn parse(text: &str) -> Result<Expr, FormulaError> {
        if text.chars().count() > MAX_FORMULA_LEN {
            return Err(FormulaError {
                formula: text.chars().take(40).collect::<String>() + "…",
                position: MAX_FORMULA_LEN + 1,
                reason: format!("rumus lebih dari {MAX_FORMULA_LEN} karakter"),
            });
        }
        let mut p = Parser {
            text,
            chars: text.char_indices().collect(),
            pos: 0,
            depth: 0,
        };
        let expr = p.expr()?;
        p.skip_ws();
        if p.pos < p.chars.len() {
            return Err(p.error("sisa teks yang tidak dipahami"));
        }
        Ok(expr)
    }

    /// Every row code this formula reads.
    pub fn rows(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        self.collect_rows(&mut out);
        out
    }

    fn collect_rows(&self, out: &mut BTreeSet<String>) {
        match self {
            Expr::Number(_) => {}
            Expr::Row(r) => {
                out.insert(r.clone());
            }
            Expr::Neg(e) => e.collect_rows(out),
            Expr::Binary(a, _, b) => {
                a.collect_rows(out);
                b.collect_rows(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.collect_rows(out)),
        }
    }

    /// Evaluate with the given row values. Rows missing from `rows` read as 0.
    pub fn eval(&self, rows: &BTreeMap<String, f64>) -> Result<f64, DivisionByZero> {
        Ok(match self {
            Expr::Number(n) => *n,
            Expr::Row(r) => rows.get(r).copied().unwrap_or(0.0),
            Expr::Neg(e) => -e.eval(rows)?,
            Expr::Binary(a, op, b) => {
                let (a, b) = (a.eval(rows)?, b.eval(rows)?);
                match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div if b == 0.0 => return Err(DivisionByZero),
                    Op::Div => a / b,
                }
            }
            Expr::Call(f, args) => {
                let vals = args
                    .iter()
                    .map(|a| a.eval(rows))
                    .collect::<Result<Vec<_>, _>>()?;
                match f {
                    Function::Min => vals.into_iter().fold(f64::INFINITY, f64::min),
                    Function::Max => vals.into_iter().fold(f64::NEG_INFINITY, f64::max),
                    Function::Clamp => vals[0].max(vals[1]).min(vals[2]),
                }
            }
        })
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Number(n) => write!(f, "{n}"),
            Expr::Row(r) => write!(f, "{r}"),
            Expr::Neg(e) => write!(f, "-{e}"),
            Expr::Binary(a, op, b) => {
                let op = match op {
                    Op::Add => "+",
                    Op::Sub => "-",
                    Op::Mul => "*",
                    Op::Div => "/",
                };
                write!(f, "({a} {op} {b})")
            }
            Expr::Call(func, args) => {
                let name = match func {
                    Function::Min => "min",
                    Function::Max => "max",
                    Function::Clamp => "clamp",
                };
                let args: Vec<String> = args.iter().map(ToString::to_string).collect();
                write!(f, "{name}({})", args.join(", "))
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
    /// Nesting of the factor being parsed.
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, reason: &str) -> FormulaError {
        FormulaError {
            formula: self.text.to_string(),
            position: self.pos + 1,
            reason: reason.to_string(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|(_, c)| *c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut lhs = self.term()?;
        loop {
            let op = if self.eat('+') {
                Op::Add
            } else if self.eat('-') {
                Op::Sub
            } else {
                return Ok(lhs);
            };
            let rhs = self.term()?;
            lhs = Expr::Binary(Box::new(lhs), op, Box::new(rhs));
        }
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut lhs = self.factor()?;
        loop {
            let op = if self.eat('*') {
                Op::Mul
            } else if self.eat('/') {
                Op::Div
            } else {
                return Ok(lhs);
            };
            let rhs = self.factor()?;
            lhs = Expr::Binary(Box::new(lhs), op, Box::new(rhs));
        }
    }

    fn factor(&mut self) -> Result<Expr, FormulaError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(&format!("bersarang lebih dari {MAX_DEPTH} tingkat")));
        }
        self.depth += 1;
        let e = self.factor_inner();
        self.depth -= 1;
        e
    }

    fn factor_inner(&mut self) -> Result<Expr, FormulaError> {
        self.skip_ws();
        match self.peek() {
            Some('-') => {
                self.pos += 1;
                Ok(Expr::Neg(Box::new(self.factor()?)))
            }
            Some('(') => {
                self.pos += 1;
                let e = self.expr()?;
                if !self.eat(')') {
                    return Err(self.error("kurung tutup ')' tidak ada"));
                }
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                    self.pos += 1;
                }
                let s: String = self.chars[start..self.pos].iter().map(|(_, c)| c).collect();
                s.parse()
                    .map(Expr::Number)
                    .map_err(|_| self.error("angka tidak sah"))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().map(|(_, c)| c).collect();
                if self.eat('(') {
                    let func = match name.as_str() {
                        "min" => Function::Min,
                        "max" => Function::Max,
                        "clamp" => Function::Clamp,
                        _ => return Err(self.error("fungsi tidak dikenal (pakai min, max, clamp)")),
                    };
                    let mut args = vec![self.expr()?];
                    while self.eat(',') {
                        args.push(self.expr()?);
                    }
                    if !self.eat(')') {
                        return Err(self.error("kurung tutup ')' tidak ada"));
                    }
                    if func == Function::Clamp && args.len() != 3 {
                        return Err(self.error("clamp perlu tepat 3 argumen"));
                    }
                    Ok(Expr::Call(func, args))
                } else {
                    Ok(Expr::Row(name))
                }
            }
            Some(_) => Err(self.error("karakter tidak terduga")),
            None => Err(self.error("rumus berakhir terlalu cepat")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn deep_or_long_formulas_are_refused_not_overflowed() {
        let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
        let err = Expr::parse(&deep).unwrap_err();
        assert!(err.reason.contains("karakter"), "{err}");
        let nested = format!(
            "{}a{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        let err = Expr::parse(&nested).unwrap_err();
        assert!(err.reason.contains("bersarang"), "{err}");
        let signs = format!("{}a", "-".repeat(MAX_DEPTH + 1));
        assert!(Expr::parse(&signs).is_err());
        let ok = format!(
            "{}a{}",
            "(".repeat(MAX_DEPTH - 1),
            ")".repeat(MAX_DEPTH - 1)
        );
        assert!(Expr::parse(&ok).is_ok());
    }

    #[test]
    fn evaluates_the_reference_formulas() {
        let cases: &[(&str, &[(&str, f64)], f64)] = &[
            ("min(b / a, 1)", &[("a", 4.0), ("b", 3.0)], 0.75),
            ("min(b / a, 1)", &[("a", 4.0), ("b", 9.0)], 1.0),
            ("clamp((a - b) / a, 0, 1)", &[("a", 10.0), ("b", 4.0)], 0.6),
            ("clamp((a - b) / a, 0, 1)", &[("a", 10.0), ("b", 14.0)], 0.0),
            (
                "min(c / a, 1)",
                &[("a", 8.0), ("b", 100.0), ("c", 2.0)],
                0.25,
            ),
            ("b + c + d", &[("b", 1.0), ("c", 2.0), ("d", 3.0)], 6.0),
            ("2 * -a + max(a, 3, 1)", &[("a", 2.0)], -1.0),
        ];
        for (text, vals, expected) in cases {
            let e = Expr::parse(text).unwrap();
            let got = e.eval(&rows(vals)).unwrap();
            assert!(
                (got - expected).abs() < 1e-12,
                "{text}: {got} != {expected}"
            );
        }
    }

    #[test]
    fn reports_rows_read() {
        let e = Expr::parse("clamp((a - b) / a, 0, 1)").unwrap();
        assert_eq!(e.rows().into_iter().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn division_by_zero_is_reported() {
        let e = Expr::parse("min(b / a, 1)").unwrap();
        assert_eq!(e.eval(&rows(&[("b", 1.0)])), Err(DivisionByZero));
    }

    #[test]
    fn malformed_formulas_are_refused() {
        for bad in [
            "min(b / a, 1",
            "b /",
            "foo(a)",
            "a $ b",
            "clamp(a, 1)",
            "a b",
        ] {
            assert!(Expr::parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
