//! Answers ([`daduk_domain::answer`]) and reading them from a CSV file.

pub use daduk_domain::answer::*;

mod csv;
pub use self::csv::parse_answer_csv;
