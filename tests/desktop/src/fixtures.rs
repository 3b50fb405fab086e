//! What the tests and benchmarks prepare outside the app: workspaces filled
//! through the `daduk` CLI, folders of data dukung, answer files.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::repo_root;

/// The `daduk` CLI: `DADUK_CLI_BIN`, or the workspace's debug build.
pub fn cli() -> PathBuf {
    if let Some(bin) = std::env::var_os("DADUK_CLI_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| repo_root().join("target"), PathBuf::from);
    target
        .join("debug")
        .join(format!("daduk{}", std::env::consts::EXE_SUFFIX))
}

/// Run `daduk --workspace WS ARGS...` and return its standard output.
pub fn daduk(workspace: &Path, args: &[&str]) -> Result<String> {
    daduk_with_token(workspace, None, args)
}

/// `daduk` with a server token given as the environment (never on the
/// command line).
pub fn daduk_with_token(workspace: &Path, token: Option<&str>, args: &[&str]) -> Result<String> {
    let mut command = Command::new(cli());
    if let Some(t) = token {
        command.env("DADUK_SERVER_TOKEN", t);
    }
    let output = command
        .arg("--workspace")
        .arg(workspace)
        .args(args)
        .env("DADUK_USER", "tim-uji")
        .output()
        .with_context(|| {
            format!(
                "run {} (build it with cargo build -p daduk-cli)",
                cli().display()
            )
        })?;
    if !output.status.success() {
        bail!(
            "daduk {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// An item of the embedded template, as the fixtures need it.
#[derive(Debug, Clone)]
pub struct TemplateItem {
    /// `P.1.i.a`.
    pub code: String,
    /// `yes_no`, `choice`, `counts` or `survey_index`.
    pub answer: String,
    /// Options of a choice item.
    pub options: usize,
    /// The typed rows of a counts item.
    pub rows: Vec<String>,
    /// The required evidence kinds.
    pub kinds: Vec<String>,
}

/// The items of the embedded template, in LKE order (from `daduk template
/// show --json`).
pub fn template_items() -> Result<Vec<TemplateItem>> {
    let dir = tempfile::tempdir()?;
    let json: serde_json::Value =
        serde_json::from_str(&daduk(dir.path(), &["template", "show", "--json"])?)?;
    let mut out = Vec::new();
    let list = |v: &serde_json::Value, key: &str| v[key].as_array().cloned().unwrap_or_default();
    for component in list(&json, "components") {
        for part in list(&component, "parts") {
            for area in list(&part, "areas") {
                for sub in list(&area, "sub_areas") {
                    for item in list(&sub, "items") {
                        let answer = &item["answer"];
                        out.push(TemplateItem {
                            code: item["code"].as_str().unwrap_or_default().to_string(),
                            answer: answer["type"].as_str().unwrap_or_default().to_string(),
                            options: list(answer, "options").len(),
                            rows: list(answer, "rows")
                                .iter()
                                .filter(|r| r.get("computed").is_none())
                                .filter_map(|r| r["code"].as_str().map(str::to_string))
                                .collect(),
                            kinds: list(&item, "evidence")
                                .iter()
                                .filter_map(|e| e["kind"].as_str().map(str::to_string))
                                .collect(),
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

/// An answer CSV (`item,answer,note`) answering every item; `variant`
/// varies the choices so two units differ.
pub fn answers_csv(items: &[TemplateItem], variant: usize) -> String {
    let mut csv = String::from("item,answer,note\n");
    for (i, item) in items.iter().enumerate() {
        let answer = match item.answer.as_str() {
            "yes_no" => if (i + variant).is_multiple_of(5) {
                "tidak"
            } else {
                "ya"
            }
            .to_string(),
            "choice" => {
                let letter = b'a' + u8::try_from((i + variant) % item.options.max(1)).unwrap_or(0);
                char::from(letter).to_string()
            }
            "counts" => item
                .rows
                .iter()
                .enumerate()
                .map(|(r, row)| format!("{row}={}", if r == 0 { 4 } else { 3 }))
                .collect::<Vec<_>>()
                .join(";"),
            _ => "3,61".to_string(),
        };
        csv.push_str(&format!(
            "{},\"{answer}\",Catatan {}\n",
            item.code, item.code
        ));
    }
    csv
}

/// The file-name word that makes folder import guess each kind.
pub fn kind_word(kind: &str) -> &'static str {
    match kind {
        "undangan" => "Undangan",
        "daftar_hadir" => "Daftar hadir",
        "notula" => "Notula",
        "sk" => "SK",
        "capture" => "Capture",
        "laporan" => "Laporan",
        "foto" => "Foto",
        "surat" => "Surat edaran",
        "dokumen" => "Dokumen",
        _ => "Lainnya",
    }
}

/// Write `content` to `path`, making its folders.
pub fn write(path: &Path, content: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    }
    std::fs::write(path, content).with_context(|| format!("write {}", path.display()))
}
