//! Facts for operations: for hotfixes, release tags on any line, the commits one line
//! has and another lacks with their patch identity (as `git cherry` compares them), and
//! creating a hotfix branch without moving an existing ref; for go / no-go, the work
//! tree's uncommitted changes and whether a tag exists.

use git2::{BranchType, ErrorCode, Oid, Sort};
use relcore::hotfix::PatchCommit;
use relcore::version::TagFormat;

use crate::error::{GitError, GitErrorKind};
use crate::oid_hash::OidSet;
use crate::packages::Commits;
use crate::repo::{RepoCommit, Repository, Tag};

fn git(context: &str) -> impl Fn(git2::Error) -> GitError + '_ {
    move |e| GitError::git(context, &e)
}

impl Repository {
    /// Every release tag of `format` (and `package`), on any line, reachable from HEAD or
    /// not, by descending version: the versions already released.
    ///
    /// # Errors
    ///
    /// `git` when the tags cannot be listed.
    pub fn all_release_tags(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Vec<Tag>, GitError> {
        Ok(self
            .tag_refs(format, package)?
            .into_iter()
            .map(|(tag, commit)| self.dated(tag, commit))
            .collect())
    }

    /// The commits of release tags HEAD does not contain (a maintenance line's patch
    /// releases, pre-releases on unmerged branches, releases tagged on release branches),
    /// each given to the lowest version among `tags` that contains it: `step` folds them
    /// into that tag's state. The walk goes back from the tags, lowest version first, and
    /// back from a tag stops at the commits `stops` names for it (by full id): those the
    /// caller's walk of HEAD gave a release no higher than the tag, whose ancestors that
    /// release contains too. It so reads each commit once at most, and of HEAD's history
    /// only the commits no lower release of HEAD's contains. Returns each tag's state, in
    /// the order of `tags`. Merges are skipped unless `include_merges`.
    ///
    /// # Errors
    ///
    /// `git` when a commit cannot be read.
    pub fn fold_off_head<S>(
        &self,
        tags: &[Tag],
        include_merges: bool,
        stops: impl Fn(&str, &Tag) -> bool,
        mut init: impl FnMut() -> S,
        mut step: impl FnMut(&mut S, &RepoCommit),
    ) -> Result<Vec<S>, GitError> {
        let mut states: Vec<S> = tags.iter().map(|_| init()).collect();
        // Lowest version first: a commit belongs to the first tag that reaches it.
        let mut order: Vec<usize> = (0..tags.len()).collect();
        order.sort_by(|&a, &b| match (tags.get(a), tags.get(b)) {
            (Some(x), Some(y)) => x.version.cmp(&y.version).then_with(|| x.name.cmp(&y.name)),
            _ => std::cmp::Ordering::Equal,
        });
        let mut seen: OidSet = OidSet::default();
        // Commits are read from the pack files where their parents are the history's own
        // (not a shallow clone's or grafts'), else through libgit2.
        let mut commits = if crate::walk::rewrites_parents(&self.inner) {
            Commits::through_libgit2(self)
        } else {
            Commits::new(self)
        };
        for i in order {
            let (Some(tag), Some(state)) = (tags.get(i), states.get_mut(i)) else {
                continue;
            };
            let tip = Oid::from_str(&tag.commit).map_err(git("reading a tag"))?;
            let mut stack = vec![tip];
            while let Some(oid) = stack.pop() {
                if !seen.insert(oid) || stops(&oid.to_string(), tag) {
                    continue;
                }
                let raw = commits.read(oid)?;
                let parents = raw.parents();
                let merge = parents.len() > 1;
                stack.extend(parents);
                if merge && !include_merges {
                    continue;
                }
                let mut commit = raw.parsed(oid, self.mailmap());
                if merge {
                    commit = commit.mark_merge();
                }
                step(
                    state,
                    &RepoCommit {
                        commit,
                        paths: Vec::new(),
                    },
                );
            }
        }
        Ok(states)
    }

    /// The release tag `name` (of `format`, and `package` when given).
    ///
    /// # Errors
    ///
    /// `unknown_revision` when there is no such tag or it is not a release tag of the
    /// format.
    pub fn release_tag(
        &self,
        name: &str,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Tag, GitError> {
        self.tag_refs(format, package)?
            .into_iter()
            .find(|(tag, _)| tag.name == name)
            .map(|(tag, commit)| self.dated(tag, commit))
            .ok_or_else(|| {
                GitError::new(
                    GitErrorKind::UnknownRevision,
                    format!(
                        "no release tag `{name}` of the format `{}`",
                        format.as_str()
                    ),
                )
            })
    }

    /// The latest release tag reachable from the revision `rev` (a branch such as
    /// `production`), by SemVer precedence.
    ///
    /// # Errors
    ///
    /// `unknown_revision` for a revision that does not exist; `shallow_history` as
    /// [`Repository::latest_tag`].
    pub fn latest_tag_on(
        &self,
        rev: &str,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Option<Tag>, GitError> {
        let start = self.resolve(rev)?;
        let candidates = self.tag_refs_for_walk(format, package)?;
        self.latest_of(start, candidates)
    }

    /// The commits `include` has and `exclude` does not (as `git log exclude..include`),
    /// newest first, each with its patch id (`None` for merges and empty commits): what
    /// `git cherry` compares.
    ///
    /// # Errors
    ///
    /// `unknown_revision` for a revision that does not exist; `git` when a commit or a
    /// tree cannot be read.
    pub fn patch_commits(
        &self,
        exclude: &str,
        include: &str,
    ) -> Result<Vec<PatchCommit>, GitError> {
        let include = self.resolve(include)?;
        let exclude = self.resolve(exclude)?;
        let mut walk = self.inner.revwalk().map_err(git("walking history"))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(git("walking history"))?;
        walk.push(include).map_err(git("walking history"))?;
        walk.hide(exclude).map_err(git("walking history"))?;
        let mut out = Vec::new();
        for oid in walk {
            let oid = oid.map_err(git("walking history"))?;
            out.push(self.patch_commit(oid)?);
        }
        Ok(out)
    }

    fn patch_commit(&self, oid: Oid) -> Result<PatchCommit, GitError> {
        let commit = self
            .inner
            .find_commit(oid)
            .map_err(git("reading a commit"))?;
        let message = crate::convert::message_of(&commit).into_owned();
        let patch_id = if commit.parent_count() > 1 {
            None
        } else {
            let tree = commit.tree().map_err(git("reading a tree"))?;
            let parent = match commit.parent(0) {
                Ok(parent) => Some(parent.tree().map_err(git("reading a tree"))?),
                Err(_) => None,
            };
            let diff = self
                .inner
                .diff_tree_to_tree(parent.as_ref(), Some(&tree), None)
                .map_err(git("comparing trees"))?;
            if diff.deltas().len() == 0 {
                None
            } else {
                Some(
                    diff.patchid(None)
                        .map_err(git("computing a patch id"))?
                        .to_string(),
                )
            }
        };
        Ok(PatchCommit {
            id: oid.to_string(),
            message,
            patch_id,
        })
    }

    /// Creates the branch `name` at the commit `target` names, without checking it out;
    /// returns the commit's id. An existing branch is never moved.
    ///
    /// # Errors
    ///
    /// `invalid_branch_name`, `branch_exists`, `unknown_revision`.
    pub fn create_branch(&self, name: &str, target: &str) -> Result<String, GitError> {
        if !git2::Branch::name_is_valid(name).unwrap_or(false) {
            return Err(GitError::new(
                GitErrorKind::InvalidBranchName,
                format!("`{name}` is not a valid branch name"),
            ));
        }
        let exists = || {
            GitError::new(
                GitErrorKind::BranchExists,
                format!("branch `{name}` already exists; relcore never moves a branch"),
            )
        };
        if self.inner.find_branch(name, BranchType::Local).is_ok() {
            return Err(exists());
        }
        let oid = self.resolve(target)?;
        let commit = self
            .inner
            .find_commit(oid)
            .map_err(git("reading a commit"))?;
        // Not forced: libgit2 refuses, atomically, if the branch appeared meanwhile.
        self.inner.branch(name, &commit, false).map_err(|e| {
            if e.code() == ErrorCode::Exists {
                exists()
            } else {
                GitError::git(&format!("creating branch `{name}`"), &e)
            }
        })?;
        Ok(oid.to_string())
    }

    /// The files with uncommitted changes (staged, unstaged or untracked, ignored files
    /// not counted), sorted; empty for a clean work tree or a bare repository.
    ///
    /// # Errors
    ///
    /// `git` when the status cannot be read.
    pub fn changed_files(&self) -> Result<Vec<String>, GitError> {
        if self.inner.is_bare() {
            return Ok(Vec::new());
        }
        let mut options = git2::StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        let statuses = self
            .inner
            .statuses(Some(&mut options))
            .map_err(git("reading the work tree's status"))?;
        let mut files: Vec<String> = statuses
            .iter()
            .filter(|s| s.status() != git2::Status::CURRENT && !s.status().is_ignored())
            .filter_map(|s| s.path().ok().map(str::to_owned))
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Whether the tag `name` exists.
    pub fn tag_exists(&self, name: &str) -> bool {
        self.inner
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
    }
}
