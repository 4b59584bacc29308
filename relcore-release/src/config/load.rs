//! Reading a project's `relcore.toml`: the one loader the CLI and the bindings share.

use std::path::{Path, PathBuf};

use relcore::error::{Coded, Location};

use super::{ConfigError, ProjectConfig};

/// The configuration file's name, at the repository root.
pub const CONFIG_FILE: &str = "relcore.toml";

/// A configuration file that is missing (when named), cannot be read, or is invalid.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    /// A file named explicitly (the CLI's `--config`) does not exist (slug
    /// `config_not_found`): unlike a repository's own `relcore.toml`, it must exist, or a
    /// typo would silently mean the defaults.
    #[error("the configuration file {} does not exist", path.display())]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The file exists but cannot be read (slug `io`).
    #[error("reading {}: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The file holds bytes that are not UTF-8 (slug `invalid_utf8`), located.
    #[error("{}: {error}", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Where the first bad byte is, and what it is.
        error: relcore::diagnostic::InvalidUtf8,
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

impl ConfigFileError {
    /// The stable slug: `config_not_found`, `io`, `invalid_utf8` or `invalid_config`.
    pub fn code(&self) -> &'static str {
        match self {
            ConfigFileError::Missing { .. } => "config_not_found",
            ConfigFileError::Read { .. } => "io",
            ConfigFileError::NotUtf8 { error, .. } => error.code(),
            ConfigFileError::Invalid { error, .. } => error.code(),
        }
    }

    /// The 1-based line of the problem in the file, when known.
    pub fn line(&self) -> Option<usize> {
        Coded::location(self).line
    }

    /// The 1-based column of the problem in the file, when known.
    pub fn column(&self) -> Option<usize> {
        Coded::location(self).column
    }
}

/// An invalid file is located at its first problem, a file that is not UTF-8 at its first
/// bad byte.
impl Coded for ConfigFileError {
    fn code(&self) -> &str {
        ConfigFileError::code(self)
    }
    fn location(&self) -> Location {
        match self {
            ConfigFileError::Invalid { error, .. } => error.location(),
            ConfigFileError::NotUtf8 { error, .. } => error.location(),
            ConfigFileError::Missing { .. } | ConfigFileError::Read { .. } => Location::default(),
        }
    }
}

/// Reads the configuration at `path`; the defaults when there is no such file.
///
/// ```
/// use relcore_release::config::load_config;
/// let config = load_config(std::path::Path::new("/no/such/relcore.toml"))?;
/// assert_eq!(config.changelog.path, "CHANGELOG.md");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_config(path: &Path) -> Result<ProjectConfig, ConfigFileError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
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
    let text =
        relcore::diagnostic::decode_utf8(&bytes).map_err(|error| ConfigFileError::NotUtf8 {
            path: path.to_path_buf(),
            error,
        })?;
    ProjectConfig::from_toml(text).map_err(|error| ConfigFileError::Invalid {
        path: path.to_path_buf(),
        error,
    })
}

/// Reads a configuration file named explicitly (the CLI's `--config`), which must exist.
///
/// ```
/// use relcore_release::config::load_given;
/// let err = load_given(std::path::Path::new("/no/such/relcore.toml")).unwrap_err();
/// assert_eq!(err.code(), "config_not_found");
/// ```
pub fn load_given(path: &Path) -> Result<ProjectConfig, ConfigFileError> {
    if !path.exists() {
        return Err(ConfigFileError::Missing {
            path: path.to_path_buf(),
        });
    }
    load_config(path)
}
