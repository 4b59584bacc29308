//! Where a command's history comes from: the repository (default) or stdin (`--stdin`),
//! and the configuration that goes with it.

use std::path::PathBuf;

use relcore::bump::Policy;
use relcore::commit::Commit;
use relcore::version::Version;
use relcore_git::{CommitQuery, GitError, Repository, Tag};

use crate::args::HistoryArgs;
use relcore::config::ProjectConfig;

use crate::config;
use crate::input;
use crate::output::UsageError;

/// The history a command works on.
pub struct Source {
    /// The repository, unless reading stdin.
    pub repo: Option<Repository>,
    /// Its root directory (or the current one with --stdin).
    pub root: PathBuf,
    /// `relcore.toml`, or the defaults.
    pub config: ProjectConfig,
    /// The latest release tag, when read from the repository.
    pub tag: Option<Tag>,
    /// The current version: `--current`, else the latest tag's.
    pub current: Option<Version>,
}

/// A git failure, with its slug (exit 2).
pub fn git_error(e: &GitError) -> anyhow::Error {
    anyhow::Error::new(UsageError {
        code: e.kind().as_str(),
        message: e.to_string(),
    })
}

impl Source {
    /// Opens the repository (or prepares to read stdin) and loads the configuration.
    pub fn open(history: &HistoryArgs) -> anyhow::Result<Source> {
        let current = history
            .current
            .as_deref()
            .map(crate::commands::parse_version)
            .transpose()?;
        if history.stdin {
            let root = PathBuf::from(".");
            let config = match &history.config {
                Some(path) => config::load(path)?,
                None => ProjectConfig::default(),
            };
            return Ok(Source {
                repo: None,
                root,
                config,
                tag: None,
                current,
            });
        }
        let repo = Repository::open(&history.repo).map_err(|e| git_error(&e))?;
        let root = repo.workdir().unwrap_or_else(|| history.repo.clone());
        let config = config::load(
            &history
                .config
                .clone()
                .unwrap_or_else(|| root.join(relcore_git::CONFIG_FILE)),
        )?;
        let tag = repo
            .latest_tag(&config.tag_format, config.package.as_deref())
            .map_err(|e| git_error(&e))?;
        let current = current.or_else(|| tag.as_ref().map(|t| t.version.clone()));
        Ok(Source {
            repo: Some(repo),
            root,
            config,
            tag,
            current,
        })
    }

    /// The release policy: the configuration's, with the command-line flags on top.
    pub fn policy(&self, history: &HistoryArgs) -> anyhow::Result<Policy> {
        let mut policy = self.config.bump.clone();
        if history.channel.is_some() {
            policy.channel.clone_from(&history.channel);
        }
        if let Some(initial) = &history.initial_version {
            policy.initial_version = crate::commands::parse_version(initial)?;
        }
        policy.breaking_always_bump_major |= history.breaking_always_bump_major;
        policy.features_always_bump_minor |= history.features_always_bump_minor;
        policy.include_merges |= history.include_merges;
        for (given, field) in [
            (&history.major_types, &mut policy.major_types),
            (&history.minor_types, &mut policy.minor_types),
            (&history.patch_types, &mut policy.patch_types),
        ] {
            if let Some(types) = given {
                field.clone_from(types);
            }
        }
        Ok(policy)
    }

    /// Hands each commit since the current release to `f`, newest first, one at a time;
    /// returns how many. Prints progress on a terminal for long walks.
    pub fn for_each_commit(
        &self,
        history: &HistoryArgs,
        mut f: impl FnMut(Commit),
    ) -> anyhow::Result<usize> {
        let Some(repo) = &self.repo else {
            let mut n = 0;
            input::for_each_commit(history, |c| {
                n += 1;
                f(c);
            })?;
            return Ok(n);
        };
        let query = CommitQuery {
            since: self.tag.as_ref().map(|t| t.name.clone()),
            until: None,
            include_merges: true,
            first_parent: self.config.git.first_parent,
            paths: self.config.git.paths.clone(),
            changed_paths: false,
        };
        let mut progress = crate::output::Progress::new("reading history");
        let n = repo
            .for_each_commit(&query, |c| {
                progress.tick();
                f(c.commit);
            })
            .map_err(|e| git_error(&e))?;
        progress.finish();
        Ok(n)
    }

    /// All commits since the current release.
    pub fn commits(&self, history: &HistoryArgs) -> anyhow::Result<Vec<Commit>> {
        let mut out = Vec::new();
        self.for_each_commit(history, |c| out.push(c))?;
        Ok(out)
    }
}
