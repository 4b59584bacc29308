//! Loading `relcore.toml` (the model is [`relcore::config::ProjectConfig`]).

use std::path::Path;

use relcore::config::ProjectConfig;
use relcore_git::ConfigFileError;

use crate::output::UsageError;

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
