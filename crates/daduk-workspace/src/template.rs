//! The LKE template ([`daduk_domain::template`]) and reading one from a file.

use std::path::Path;

pub use daduk_domain::template::*;

/// Load and validate a template file.
pub fn from_file(path: &Path) -> Result<Template, TemplateError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| TemplateError {
        file: name.clone(),
        path: String::new(),
        fault: format!("berkas tidak dapat dibaca: {e}"),
    })?;
    Template::from_json(&name, &text)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn missing_file_is_named() {
        let err = super::from_file(Path::new("/tidak/ada.json")).unwrap_err();
        assert!(err.to_string().contains("/tidak/ada.json"), "{err}");
    }
}
