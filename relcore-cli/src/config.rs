//! `relcore.toml`: the project's release configuration, every field optional. Loading it
//! is the CLI's job (the core takes the resulting values).

use std::path::{Path, PathBuf};

use anyhow::Context;
use relcore::bump::Policy;
use relcore::changelog::{Config as ChangelogConfig, Format, SectionRule};
use relcore::version::TagFormat;
use serde::Deserialize;

use crate::output::UsageError;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectConfig {
    /// How release tags are spelled: `v{version}`, `{package}@{version}`, …
    pub tag_format: TagFormat,
    /// The package, for tag formats with `{package}`.
    pub package: Option<String>,
    /// Which commits release what (`relcore::bump::Policy`).
    pub bump: Policy,
    /// Where and how the changelog is written.
    pub changelog: ChangelogSection,
    /// Which history counts.
    pub git: GitSection,
}

/// `[changelog]`
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangelogSection {
    /// The changelog file, relative to the repository root.
    pub path: PathBuf,
    /// `keep-a-changelog` or `release-notes`.
    pub format: Format,
    /// A template file to render sections with instead.
    pub template: Option<PathBuf>,
    /// The repository's web address, for links.
    pub repository_url: Option<String>,
    /// Sections and the commit types they list.
    pub sections: Option<Vec<SectionRule>>,
    /// Gather breaking changes in a `BREAKING CHANGES` section first.
    pub breaking_section: bool,
    /// Move hand-written Unreleased entries into the release.
    pub take_unreleased: bool,
}

impl Default for ChangelogSection {
    fn default() -> Self {
        ChangelogSection {
            path: PathBuf::from("CHANGELOG.md"),
            format: Format::KeepAChangelog,
            template: None,
            repository_url: None,
            sections: None,
            breaking_section: false,
            take_unreleased: false,
        }
    }
}

/// `[git]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GitSection {
    /// Follow first parents only.
    pub first_parent: bool,
    /// Only commits touching these paths count (one package of a monorepo).
    pub paths: Vec<String>,
}

impl ProjectConfig {
    /// The changelog configuration of the core.
    pub fn changelog_config(&self) -> ChangelogConfig {
        let mut config = ChangelogConfig {
            repository_url: self.changelog.repository_url.clone(),
            tag_format: self.tag_format.clone(),
            package: self.package.clone(),
            breaking_section: self.changelog.breaking_section,
            include_merges: self.bump.include_merges,
            ..ChangelogConfig::default()
        };
        if let Some(sections) = &self.changelog.sections {
            config.sections.clone_from(sections);
        }
        config
    }
}

/// Loads `relcore.toml` from `path`; defaults when the file does not exist. An invalid
/// file is a usage error that says `file:line:col` and what is wrong.
pub fn load(path: &Path) -> anyhow::Result<ProjectConfig> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ProjectConfig::default()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map(|span| relcore::diagnostic::line_column(&text, span.start));
        let location = at.map_or_else(
            || path.display().to_string(),
            |(l, c)| format!("{}:{l}:{c}", path.display()),
        );
        anyhow::Error::new(UsageError {
            code: "invalid_config",
            message: format!("{location}: {}", e.message()),
        })
    })
}
