//! Reading a project's `relcore.toml`: the one loader the CLI and the bindings share.

use std::path::{Path, PathBuf};

use relcore::config::{ConfigError, ProjectConfig};

/// The configuration file's name, at the repository root.
pub const CONFIG_FILE: &str = "relcore.toml";

/// A configuration file that cannot be read or is invalid.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    /// The file exists but cannot be read.
    #[error("reading {}: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The file is not a valid configuration (slug `invalid_config`): every problem, one
    /// per line, as `file:line:column: message`.
    #[error("{}", error.lines().map(|l| format!("{}:{l}", path.display())).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        error: ConfigError,
    },
}

/// Reads the configuration at `path`; the defaults when there is no such file.
///
/// ```
/// use relcore_git::load_config;
/// let config = load_config(std::path::Path::new("/no/such/relcore.toml"))?;
/// assert_eq!(config.changelog.path, "CHANGELOG.md");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_config(path: &Path) -> Result<ProjectConfig, ConfigFileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ProjectConfig::default());
        }
        Err(error) => {
            return Err(ConfigFileError::Read {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    ProjectConfig::from_toml(&text).map_err(|error| ConfigFileError::Invalid {
        path: path.to_path_buf(),
        error,
    })
}
