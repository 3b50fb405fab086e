//! The Tauri commands: thin adapters from the front end to `daduk-core`.

use daduk_core::Template;

use crate::view::TemplateTree;

/// The LKE tree of the active template (today the embedded default).
#[tauri::command]
#[specta::specta]
pub fn template_tree() -> TemplateTree {
    TemplateTree::from(Template::default_lke().doc())
}
