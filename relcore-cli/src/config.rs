//! Loading `relcore.toml` (the model is [`relcore::config::ProjectConfig`]).

use std::path::Path;

use anyhow::Context;
use relcore::config::ProjectConfig;

use crate::output::UsageError;

/// Loads `relcore.toml` from `path`; defaults when the file does not exist. An invalid
/// file is a usage error (`invalid_config`) that says `file:line:col` and what is wrong.
pub fn load(path: &Path) -> anyhow::Result<ProjectConfig> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ProjectConfig::default()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    ProjectConfig::from_toml(&text).map_err(|e| {
        anyhow::Error::new(UsageError {
            code: e.code(),
            message: format!("{}:{e}", path.display()),
        })
    })
}
