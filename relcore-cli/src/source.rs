//! Where a command's history comes from: the repository (default) or stdin (`--stdin`),
//! and the configuration that goes with it.

use std::mem::ManuallyDrop;
use std::path::PathBuf;

use relcore::bump::Policy;
use relcore::commit::Commit;
use relcore::version::Version;
use relcore_git::{CommitQuery, Repository, Tag};

use crate::args::HistoryArgs;
use relcore_release::ProjectConfig;
use relcore_release::config::{CONFIG_FILE, load_config, load_given};
use relcore_release::files::Recovery;

use crate::input;
use crate::output::{config_error, library_error, release_error};

/// The history a command works on.
pub struct Source {
    /// The repository, unless reading stdin. Never dropped: the process ends after the
    /// command, and freeing libgit2's object cache one object at a time (as git itself
    /// never does at exit) would cost a few percent of a run over a long history.
    pub repo: ManuallyDrop<Option<Repository>>,
    /// Its root directory (or the current one with --stdin).
    pub root: PathBuf,
    /// `relcore.toml`, or the defaults.
    pub config: ProjectConfig,
    /// The latest release tag, when read from the repository.
    pub tag: Option<Tag>,
    /// The current version: `--current`, else the latest tag's, else (see
    /// [`Source::untagged_current`]) the version files'.
    pub current: Option<Version>,
    /// Why `current` is the version files' version, for [`Source::warnings`].
    untagged: Option<String>,
    /// The latest tag is yet to be found, by [`Source::fold`] (see [`Source::open_workspace`]).
    tag_pending: bool,
    /// What the last [`Source::fold`] read: commits, and Conventional Commits among them.
    read: (usize, usize),
    /// The configuration has `[packages]` and none was named: the command is about every
    /// package, and `config` is the whole file (see [`Source::open_workspace`]).
    pub workspace: bool,
}

/// Finishes an interrupted release write (see [`relcore_release::files::recover`]),
/// saying so on stderr.
pub fn recover_quietly(repo: &Repository) -> anyhow::Result<Option<Recovery>> {
    let recovery =
        relcore_release::files::recover(&repo.git_dir()).map_err(|e| release_error(&e.into()))?;
    if let Some(r) = &recovery {
        crate::output::warn(&format!(
            "an interrupted release write was {} ({} file{}, {} temporary file{} removed)",
            r.action.replace('_', " "),
            r.files.len(),
            if r.files.len() == 1 { "" } else { "s" },
            r.removed_temps,
            if r.removed_temps == 1 { "" } else { "s" },
        ));
    }
    Ok(recovery)
}

impl Source {
    /// Opens the repository (or prepares to read stdin) and loads the configuration.
    pub fn open(history: &HistoryArgs) -> anyhow::Result<Source> {
        Source::opening(history, false, false)
    }

    /// As [`Source::open`], leaving the latest tag to be found by [`Source::fold`], which
    /// then fills in `tag` and `current` (for a command that walks the history since the
    /// tag before it needs them: on a single line of history one pass does both); and a
    /// configuration with `[packages]` and no `--package` (or several) opens the whole
    /// workspace (`workspace` set, the file's configuration unselected) instead of
    /// failing with `package_required`.
    pub fn open_workspace(history: &HistoryArgs) -> anyhow::Result<Source> {
        Source::opening(history, true, true)
    }

    /// As [`Source::open_workspace`], finding the latest tag at once, as
    /// [`Source::open`] does.
    pub fn open_workspace_eagerly(history: &HistoryArgs) -> anyhow::Result<Source> {
        Source::opening(history, false, true)
    }

    fn opening(history: &HistoryArgs, lazily: bool, workspace: bool) -> anyhow::Result<Source> {
        let current = history
            .current
            .as_deref()
            .map(crate::values::parse_version)
            .transpose()?;
        if history.stdin {
            let root = PathBuf::from(".");
            let config = match &history.config {
                Some(path) => load_given(path).map_err(|e| config_error(&e))?,
                None => ProjectConfig::default(),
            };
            let config = config
                .select(one_package(history)?)
                .map_err(|e| library_error(&e))?;
            return Ok(Source {
                repo: ManuallyDrop::new(None),
                root,
                config,
                tag: None,
                current,
                untagged: None,
                tag_pending: false,
                read: (0, 0),
                workspace: false,
            });
        }
        let repo = Repository::open(&history.repo).map_err(|e| library_error(&e))?;
        recover_quietly(&repo)?;
        let root = repo.workdir().unwrap_or_else(|| history.repo.clone());
        let config = match &history.config {
            Some(path) => load_given(path),
            None => load_config(&root.join(CONFIG_FILE)),
        }
        .map_err(|e| config_error(&e))?;
        if workspace && history.package.len() != 1 && !config.packages.is_empty() {
            for name in &history.package {
                config
                    .clone()
                    .select(Some(name))
                    .map_err(|e| library_error(&e))?;
            }
            return Ok(Source {
                repo: ManuallyDrop::new(Some(repo)),
                root,
                config,
                tag: None,
                current,
                untagged: None,
                tag_pending: false,
                read: (0, 0),
                workspace: true,
            });
        }
        let config = config
            .select(one_package(history)?)
            .map_err(|e| library_error(&e))?;
        let config = relcore_release::with_remote_links(&repo, &config);
        if lazily {
            // What looking up the tag fails on first, in the same order.
            repo.head().map_err(|e| library_error(&e))?;
            return Ok(Source {
                repo: ManuallyDrop::new(Some(repo)),
                root,
                config,
                tag: None,
                current,
                untagged: None,
                tag_pending: true,
                read: (0, 0),
                workspace: false,
            });
        }
        let tag = repo
            .latest_tag(&config.tag_format, config.package.as_deref())
            .map_err(|e| library_error(&e))?;
        let current = current.or_else(|| tag.as_ref().map(|t| t.version.clone()));
        Ok(Source {
            repo: ManuallyDrop::new(Some(repo)),
            root,
            config,
            tag,
            current,
            untagged: None,
            tag_pending: false,
            read: (0, 0),
            workspace: false,
        })
    }

    /// The release policy: the configuration's, with the command-line flags on top.
    pub fn policy(&self, history: &HistoryArgs) -> anyhow::Result<Policy> {
        let mut policy = self.config.bump.clone();
        if history.channel.is_some() {
            policy.channel.clone_from(&history.channel);
        }
        if let Some(initial) = &history.initial_version {
            policy.initial_version = crate::values::parse_version(initial)?;
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

    /// Folds the commits since the current release, newest first, one at a time, into a
    /// state made by `init`: returns the state and how many commits it took. Prints
    /// progress on a terminal for long walks. When the latest tag is still to be found
    /// ([`Source::open_workspace`]), the walk finds it and fills in `tag` and `current`.
    ///
    /// The state is made again, and the commits handed over again, when a walk that read
    /// history as a single line finds a fork: the result is that of one plain walk.
    pub fn fold<S>(
        &mut self,
        history: &HistoryArgs,
        mut init: impl FnMut() -> S,
        mut step: impl FnMut(&mut S, Commit),
    ) -> anyhow::Result<(S, usize)> {
        let Some(repo) = &*self.repo else {
            let mut state = init();
            let mut n = 0;
            input::for_each_commit(history, |c| {
                n += 1;
                step(&mut state, c);
            })?;
            return Ok((state, n));
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
        // The count of Conventional Commits lives in the state, so that a walk that starts
        // over (see above) does not count the commits it hands over again.
        let init = || (init(), 0);
        let mut step = |(state, conventional): &mut (S, usize), c: relcore_git::RepoCommit| {
            progress.tick();
            *conventional += usize::from(c.commit.r#type.is_some());
            step(state, c.commit);
        };
        let (state, n) = if self.tag_pending {
            let (tag, state, n) = repo
                .fold_commits_since_latest_tag(
                    &self.config.tag_format,
                    self.config.package.as_deref(),
                    &query,
                    init,
                    &mut step,
                )
                .map_err(|e| library_error(&e))?;
            if self.current.is_none() {
                self.current = tag.as_ref().map(|t| t.version.clone());
            }
            self.tag = tag;
            self.tag_pending = false;
            (state, n)
        } else {
            repo.fold_commits(&query, init, &mut step)
                .map_err(|e| library_error(&e))?
        };
        progress.finish();
        let (state, conventional) = state;
        self.read = (n, conventional);
        Ok((state, n))
    }

    /// Without a release tag or `--current`, once the history is read: the version files'
    /// version becomes the current one when it is above the policy's first version
    /// (`relcore_release::untagged_current`), so that the next version never goes below
    /// what they hold.
    pub fn untagged_current(&mut self, policy: &Policy) {
        if self.current.is_some() || self.tag.is_some() || self.repo.is_none() {
            return;
        }
        if let Some((current, warning)) =
            relcore_release::untagged_current(Some(&self.root), &self.config, policy)
        {
            self.current = Some(current);
            self.untagged = Some(warning);
        }
    }

    /// What looks wrong with the history read, though it is no error: many commits and no
    /// release tag (a clone without tags?), and a current version read from the version
    /// files for want of a tag. Only for a repository read without `--current`.
    pub fn warnings(&self) -> Vec<String> {
        let given = self.current.is_some() && self.tag.is_none() && self.untagged.is_none();
        if self.repo.is_none() || given {
            return Vec::new();
        }
        let (commits, conventional) = self.read;
        let missing = match &*self.repo {
            Some(repo) if self.tag.is_none() && !self.workspace => {
                relcore_release::missing_tag_warning(repo, &self.config, commits, conventional)
            }
            _ => relcore_release::no_tag_warning(self.tag.is_some(), commits, conventional),
        };
        self.untagged.iter().cloned().chain(missing).collect()
    }

    /// A stable release after pre-releases carries the whole cycle (`[changelog]
    /// prereleases = "fold"`, the default): when `next` is stable and the latest tag a
    /// pre-release, the commits since the latest stable tag, folded afresh, and that tag's
    /// version (the release's previous one). `None` otherwise.
    pub fn fold_cycle<S>(
        &self,
        next: &Version,
        init: impl FnMut() -> S,
        mut step: impl FnMut(&mut S, Commit),
    ) -> anyhow::Result<Option<(S, Option<Version>)>> {
        let Some(repo) = &*self.repo else {
            return Ok(None);
        };
        if !self.config.changelog.prereleases.fold()
            || next.is_prerelease()
            || !self.tag.as_ref().is_some_and(|t| t.version.is_prerelease())
        {
            return Ok(None);
        }
        let stable = repo
            .latest_stable_tag(&self.config.tag_format, self.config.package.as_deref())
            .map_err(|e| library_error(&e))?;
        let query = CommitQuery {
            since: stable.as_ref().map(|t| t.name.clone()),
            until: None,
            include_merges: true,
            first_parent: self.config.git.first_parent,
            paths: self.config.git.paths.clone(),
            changed_paths: false,
        };
        let (state, _) = repo
            .fold_commits(&query, init, |state, c| step(state, c.commit))
            .map_err(|e| library_error(&e))?;
        Ok(Some((state, stable.map(|t| t.version))))
    }

    /// All commits since the current release.
    pub fn commits(&mut self, history: &HistoryArgs) -> anyhow::Result<Vec<Commit>> {
        Ok(self.fold(history, Vec::new, Vec::push)?.0)
    }
}

/// The repository and configuration of an operations command (`hotfix`, `ready`):
/// the repository opened (an interrupted release write finished first) and
/// `relcore.toml` (or `--config`) loaded.
pub fn open_repository(
    args: &crate::args::RepoArgs,
) -> anyhow::Result<(Repository, ProjectConfig)> {
    let repo = Repository::open(&args.repo).map_err(|e| library_error(&e))?;
    recover_quietly(&repo)?;
    let root = repo.workdir().unwrap_or_else(|| args.repo.clone());
    let config = match &args.config {
        Some(path) => load_given(path),
        None => load_config(&root.join(CONFIG_FILE)),
    }
    .map_err(|e| config_error(&e))?;
    Ok((repo, config))
}

/// The one `--package` of a command that releases one package: several are for the
/// commands that release every package (and a repository with `[packages]`).
fn one_package(history: &HistoryArgs) -> anyhow::Result<Option<&str>> {
    match history.package.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        [_, second, ..] => Err(crate::output::usage(
            "usage",
            format!(
                "--package is given more than once (`{second}`): only `release`, `changelog`, `classify` and `next` take several, in a repository with [packages]"
            ),
        )),
    }
}
