//! The few things the app remembers between runs, in its own config folder:
//! today only the workspace folder last opened.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const FILE: &str = "settings.json";

/// What is remembered.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Settings {
    /// The workspace folder last opened.
    #[serde(default)]
    pub last_workspace: Option<PathBuf>,
}

impl Settings {
    /// Read the settings in `config_dir`; missing or unreadable settings are
    /// the defaults (they only save the user a click).
    pub fn load(config_dir: &Path) -> Settings {
        std::fs::read(config_dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Write the settings into `config_dir`, replacing the file whole.
    pub fn save(&self, config_dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(config_dir)?;
        let tmp = config_dir.join(format!("{FILE}.tmp"));
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, json)?;
        std::fs::rename(tmp, config_dir.join(FILE))
    }
}

/// The workspace folder to open at start-up: `DADUK_WORKSPACE` when set
/// (it names the folder explicitly, as for the CLI), else the one last
/// opened if it still exists, else the shared default in the platform's
/// data folder.
pub fn startup_workspace(settings: &Settings) -> Result<PathBuf, String> {
    let env = std::env::var_os(daduk_workspace::store::WORKSPACE_ENV).filter(|v| !v.is_empty());
    if let Some(dir) = env {
        return Ok(PathBuf::from(dir));
    }
    if let Some(dir) = settings.last_workspace.as_ref().filter(|d| d.is_dir()) {
        return Ok(dir.clone());
    }
    daduk_workspace::store::default_workspace_dir().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_default_when_missing_or_broken() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Settings::load(dir.path()).last_workspace.is_none());
        let settings = Settings {
            last_workspace: Some(dir.path().join("ruang kerja")),
        };
        settings.save(dir.path()).unwrap();
        assert_eq!(
            Settings::load(dir.path()).last_workspace,
            settings.last_workspace
        );
        std::fs::write(dir.path().join(FILE), b"{ not json").unwrap();
        assert!(Settings::load(dir.path()).last_workspace.is_none());
    }
}
