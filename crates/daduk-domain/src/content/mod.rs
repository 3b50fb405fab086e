//! Evidence read by its content: the facts a document's text states
//! ([`facts`]), the words it is made of ([`words`]), and the items it
//! supports ([`suggest`]). Pure: the text comes from the workspace's
//! readers; nothing here opens a file.

pub mod facts;
pub mod suggest;
pub mod words;

pub use facts::{ContentFacts, read_facts};
pub use suggest::{ItemIndex, ItemSuggestion, sure};

/// The most characters of a document's text any rule looks at (and a
/// workspace keeps): enough for a long report's words, bounded for a
/// hostile one.
pub const MAX_READ_CHARS: usize = 2_000_000;

/// The text cut to [`MAX_READ_CHARS`] characters, on a character boundary.
pub fn bounded(text: &str) -> &str {
    if text.len() <= MAX_READ_CHARS {
        return text;
    }
    match text.char_indices().nth(MAX_READ_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
