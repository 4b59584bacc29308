//! Loading `relcore.toml` (the model is [`relcore::config::ProjectConfig`]).

use std::path::Path;

use relcore::config::ProjectConfig;
use relcore_git::ConfigFileError;

use crate::output::UsageError;

/// Loads the file given with `--config`: unlike the repository's own `relcore.toml`, it
/// must exist (`config_not_found`, exit 2), or a typo would silently mean the defaults.
pub fn load_given(path: &Path) -> anyhow::Result<ProjectConfig> {
    if !path.exists() {
        return Err(anyhow::Error::new(UsageError {
            code: "config_not_found",
            message: format!("the configuration file {} does not exist", path.display()),
        }));
    }
    load(path)
}

/// Loads `relcore.toml` from `path`; defaults when the file does not exist. An invalid
/// file is a usage error (`invalid_config`) that says `file:line:col` and what is wrong.
pub fn load(path: &Path) -> anyhow::Result<ProjectConfig> {
    relcore_git::load_config(path).map_err(|e| match e {
        ConfigFileError::Read { .. } => anyhow::Error::new(e),
        ConfigFileError::Invalid { ref error, .. } => anyhow::Error::new(UsageError {
            code: error.code(),
            message: e.to_string(),
        }),
    })
}
