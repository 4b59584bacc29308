//! The repository wrapper: release tags, commit walks, annotated tags.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Sort};
use relcore::commit::Commit;
use relcore::version::{ReleaseTag, TagFormat, Version};
use serde::{Deserialize, Serialize};

use crate::convert;
use crate::error::{GitError, GitErrorKind};

/// A git repository, opened by discovering upward from a path. It only reads, and creates
/// annotated tags when asked; it never moves or deletes a ref and never pushes.
pub struct Repository {
    inner: git2::Repository,
}

/// A release tag found in a repository.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// The tag's name, e.g. `v1.4.2`.
    pub name: String,
    /// The version it names.
    pub version: Version,
    /// The package, for tag formats with `{package}`.
    pub package: Option<String>,
    /// The id of the commit it points at.
    pub commit: String,
    /// That commit's time, in seconds since the Unix epoch (a release date).
    pub time: i64,
}

/// Where HEAD is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The commit HEAD points at.
    pub commit: String,
    /// The branch, unless HEAD is detached.
    pub branch: Option<String>,
}

/// Which commits to walk: from `until` (default HEAD) back to (excluding) `since`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommitQuery {
    /// A tag or revision to stop at (excluded); the whole history when `None`.
    pub since: Option<String>,
    /// A tag or revision to start from (included); HEAD when `None`.
    pub until: Option<String>,
    /// Keep merge commits (skipped by default).
    pub include_merges: bool,
    /// Follow only first parents (the mainline of a merge-based history).
    pub first_parent: bool,
    /// Only commits that touch one of these paths (directories or files, relative to the
    /// repository root), as for one package of a monorepo.
    pub paths: Vec<String>,
    /// Record the paths each commit changes (for risk classification).
    pub changed_paths: bool,
}

/// A commit from the repository, with the paths it changed when asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoCommit {
    /// The parsed commit, with id, author and time.
    pub commit: Commit,
    /// The paths it changed against its first parent (empty unless asked for).
    pub paths: Vec<String>,
}

impl Repository {
    /// Opens the repository containing `path` (searching parent directories).
    ///
    /// # Errors
    ///
    /// `not_a_repository` when there is none.
    pub fn open(path: impl AsRef<Path>) -> Result<Repository, GitError> {
        // Objects are read, never written, and git itself does not re-hash every object it
        // reads; verifying each one cost a tenth of a full-history walk.
        git2::opts::strict_hash_verification(false);
        let path = path.as_ref();
        git2::Repository::discover(path)
            .map(|inner| Repository { inner })
            .map_err(|e| {
                if e.code() == ErrorCode::NotFound {
                    GitError::new(
                        GitErrorKind::NotARepository,
                        format!("no git repository at {} or any parent", path.display()),
                    )
                } else {
                    GitError::git(&format!("opening {}", path.display()), &e)
                }
            })
    }

    /// The working directory (`None` for a bare repository).
    pub fn workdir(&self) -> Option<PathBuf> {
        self.inner.workdir().map(Path::to_path_buf)
    }

    /// `true` for a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.inner.is_shallow()
    }

    /// Where HEAD is; `empty_repository` before the first commit.
    pub fn head(&self) -> Result<Head, GitError> {
        let head = self.inner.head().map_err(|e| match e.code() {
            ErrorCode::UnbornBranch | ErrorCode::NotFound => GitError::new(
                GitErrorKind::EmptyRepository,
                "the repository has no commits yet",
            ),
            _ => GitError::git("reading HEAD", &e),
        })?;
        let commit = head
            .peel_to_commit()
            .map_err(|e| GitError::git("reading HEAD", &e))?;
        let branch = if self.inner.head_detached().unwrap_or(false) {
            None
        } else {
            head.shorthand().ok().map(str::to_owned)
        };
        Ok(Head {
            commit: commit.id().to_string(),
            branch,
        })
    }

    /// Every release tag of `format` (and `package`, when given) reachable from HEAD, by
    /// descending version (ties by name). Tags that do not match the format, or match
    /// another package, or point at commits HEAD does not contain, are ignored; lightweight
    /// and annotated tags both count, and several tags on one commit all count.
    pub fn release_tags(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Vec<Tag>, GitError> {
        let (head, candidates) = self.tag_candidates(format, package)?;
        Ok(candidates
            .into_iter()
            .filter(|(_, commit)| self.reachable(head, *commit))
            .map(|(tag, commit)| self.dated(tag, commit))
            .collect())
    }

    /// The latest release tag reachable from HEAD, by SemVer precedence; see
    /// [`Repository::release_tags`]. Only the tags above it are checked for reachability.
    pub fn latest_tag(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Option<Tag>, GitError> {
        let (head, candidates) = self.tag_candidates(format, package)?;
        Ok(candidates
            .into_iter()
            .find(|(_, commit)| self.reachable(head, *commit))
            .map(|(tag, commit)| self.dated(tag, commit)))
    }

    /// The latest release tag that is not a pre-release.
    pub fn latest_stable_tag(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Option<Tag>, GitError> {
        let (head, candidates) = self.tag_candidates(format, package)?;
        Ok(candidates
            .into_iter()
            .filter(|(tag, _)| !tag.version.is_prerelease())
            .find(|(_, commit)| self.reachable(head, *commit))
            .map(|(tag, commit)| self.dated(tag, commit)))
    }

    /// HEAD, and the tags of `format` (and `package`) with the commits they point at, in
    /// the order of [`Repository::release_tags`], reachable or not (`time` not filled in).
    fn tag_candidates(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<(Oid, Vec<(Tag, Oid)>), GitError> {
        let head =
            Oid::from_str(&self.head()?.commit).map_err(|e| GitError::git("reading HEAD", &e))?;
        let names = self
            .inner
            .tag_names(None)
            .map_err(|e| GitError::git("listing tags", &e))?;
        let mut tags = Vec::new();
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            let Some(ReleaseTag {
                package: tag_package,
                version,
            }) = format.parse_tag(name)
            else {
                continue;
            };
            if package.is_some() && tag_package.as_deref() != package {
                continue;
            }
            let Some(commit) = self.tag_commit(name) else {
                continue;
            };
            tags.push((
                Tag {
                    name: name.to_owned(),
                    version,
                    package: tag_package,
                    commit: commit.to_string(),
                    time: 0,
                },
                commit,
            ));
        }
        tags.sort_by(|(a, _), (b, _)| b.version.cmp(&a.version).then_with(|| a.name.cmp(&b.name)));
        Ok((head, tags))
    }

    /// Whether HEAD contains `commit`.
    fn reachable(&self, head: Oid, commit: Oid) -> bool {
        commit == head
            || self
                .inner
                .graph_descendant_of(head, commit)
                .unwrap_or(false)
    }

    /// The tag with its commit's time.
    fn dated(&self, mut tag: Tag, commit: Oid) -> Tag {
        tag.time = self
            .inner
            .find_commit(commit)
            .map(|c| c.time().seconds())
            .unwrap_or_default();
        tag
    }

    fn tag_commit(&self, name: &str) -> Option<Oid> {
        let reference = self
            .inner
            .find_reference(&format!("refs/tags/{name}"))
            .ok()?;
        reference.peel(ObjectType::Commit).ok().map(|o| o.id())
    }

    /// [`Repository::for_each_commit`] as a fold: the commits, newest first, into a state
    /// made by `init`, through `step`; returns the state and how many commits it took.
    ///
    /// Where the history between the two ends is a single line of commits (no merges), it
    /// is read in one pass, commit by commit, without libgit2's walk. If the line turns
    /// out to fork (a merge), the state so far is dropped and a fresh one from `init`
    /// takes the commits of libgit2's walk, so the result is always that of
    /// `for_each_commit`.
    ///
    /// # Errors
    ///
    /// As [`Repository::for_each_commit`].
    pub fn fold_commits<S>(
        &self,
        query: &CommitQuery,
        mut init: impl FnMut() -> S,
        mut step: impl FnMut(&mut S, RepoCommit),
    ) -> Result<(S, usize), GitError> {
        let head = self.head()?;
        if self.single_line_eligible(query) {
            let start = match query.until.as_deref() {
                Some(rev) => self.resolve(rev)?,
                None => {
                    Oid::from_str(&head.commit).map_err(|e| GitError::git("reading HEAD", &e))?
                }
            };
            let since = query
                .since
                .as_deref()
                .map(|rev| self.resolve(rev))
                .transpose()?;
            let mut state = init();
            let line = self.line(
                start,
                |oid| {
                    if Some(oid) == since {
                        Boundary::Stop
                    } else {
                        Boundary::Continue
                    }
                },
                // Past the root without meeting `since`: it was on another line.
                since.is_none(),
                &mut |commit| step(&mut state, commit),
            );
            if let Some(count) = line {
                return Ok((state, count));
            }
        }
        let mut state = init();
        let count = self.for_each_commit(query, |c| step(&mut state, c))?;
        Ok((state, count))
    }

    /// The latest release tag reachable from HEAD (as [`Repository::latest_tag`]) and the
    /// commits since it, folded as by [`Repository::fold_commits`] with `since` that tag
    /// (the query's own `since` is ignored); returns the tag, the state and the count.
    ///
    /// Where the history from HEAD back to the tag is a single line, one pass finds the
    /// tag and reads the commits; otherwise the tag is looked up first.
    ///
    /// # Errors
    ///
    /// As [`Repository::latest_tag`] and [`Repository::for_each_commit`].
    pub fn fold_commits_since_latest_tag<S>(
        &self,
        format: &TagFormat,
        package: Option<&str>,
        query: &CommitQuery,
        mut init: impl FnMut() -> S,
        mut step: impl FnMut(&mut S, RepoCommit),
    ) -> Result<(Option<Tag>, S, usize), GitError> {
        let (head, candidates) = self.tag_candidates(format, package)?;
        let since = CommitQuery {
            since: None,
            ..query.clone()
        };
        if candidates.is_empty() {
            let (state, count) = self.fold_commits(&since, init, step)?;
            return Ok((None, state, count));
        }
        if self.single_line_eligible(&since) {
            // The first tagged commit met settles it when its best tag is the latest of
            // all (and its name resolves to it, as `since` would).
            let mut tagged: HashMap<Oid, usize> = HashMap::new();
            for (i, (_, commit)) in candidates.iter().enumerate() {
                tagged.entry(*commit).or_insert(i);
            }
            let mut found = None;
            let mut state = init();
            let line = self.line(
                head,
                |oid| match tagged.get(&oid) {
                    None => Boundary::Continue,
                    Some(&i) => {
                        let settles = i == 0
                            && candidates.first().is_some_and(|(tag, commit)| {
                                self.resolve(&tag.name).ok() == Some(*commit)
                            });
                        if settles {
                            found = Some(i);
                            Boundary::Stop
                        } else {
                            Boundary::GiveUp
                        }
                    }
                },
                true,
                &mut |commit| step(&mut state, commit),
            );
            if let Some(count) = line {
                let tag = found
                    .and_then(|i| candidates.into_iter().nth(i))
                    .map(|(tag, commit)| self.dated(tag, commit));
                return Ok((tag, state, count));
            }
        }
        let tag = candidates
            .into_iter()
            .find(|(_, commit)| self.reachable(head, *commit))
            .map(|(tag, commit)| self.dated(tag, commit));
        let query = CommitQuery {
            since: tag.as_ref().map(|t| t.name.clone()),
            ..since
        };
        // Not a single line to the tag (or not one to try): libgit2's walk, without
        // trying the line a second time.
        let mut state = init();
        let count = self.for_each_commit(&query, |c| step(&mut state, c))?;
        Ok((tag, state, count))
    }

    /// Whether a query may be read as a single line: no path filters or changed paths
    /// (they need trees), no first-parent walk, and parents as written (no grafts).
    fn single_line_eligible(&self, query: &CommitQuery) -> bool {
        query.paths.is_empty() && !query.changed_paths && !query.first_parent && !self.grafted()
    }

    /// Follows single parents back from `start`, handing each commit to `f`, until
    /// `boundary` stops before a commit or the root is passed (allowed only when
    /// `root_ends`); how many commits it handed over. `None` when the history is not a
    /// single line there (a merge), `boundary` gives up, or a commit needs libgit2.
    fn line(
        &self,
        start: Oid,
        mut boundary: impl FnMut(Oid) -> Boundary,
        root_ends: bool,
        f: &mut impl FnMut(RepoCommit),
    ) -> Option<usize> {
        /// How many commits are read through one object database before a fresh one.
        const READS_PER_ODB: usize = 1 << 12;
        // Each commit is read once: a database of its own, renewed now and then, keeps
        // libgit2's object cache (the repository's lives as long as it does) from holding
        // every commit of the line. Pack files and indexes are shared by all of them.
        let objects = self.inner.commondir().join("objects");
        let objects = objects.to_str()?;
        let fresh = || {
            let odb = git2::Odb::new().ok()?;
            odb.add_disk_alternate(objects).ok()?;
            Some(odb)
        };
        let mut odb = fresh()?;
        let mut next = Some(start);
        let mut count = 0;
        while let Some(oid) = next {
            match boundary(oid) {
                Boundary::Continue => {}
                Boundary::Stop => return Some(count),
                Boundary::GiveUp => return None,
            }
            if count > 0 && count % READS_PER_ODB == 0 {
                odb = fresh()?;
            }
            let object = odb.read(oid).ok()?;
            if object.kind() != ObjectType::Commit {
                return None;
            }
            let fields = convert::fields(object.data())?;
            if fields.parents > 1 {
                return None;
            }
            next = fields.first_parent;
            f(RepoCommit {
                commit: convert::parsed(oid, &fields),
                paths: Vec::new(),
            });
            count += 1;
        }
        root_ends.then_some(count)
    }

    /// Walks the commits from HEAD back to (excluding) `query.since`, newest first, and
    /// hands each to `f`; returns how many it handed over. Memory does not grow with the
    /// length of the history.
    ///
    /// # Errors
    ///
    /// `empty_repository`, `unknown_revision` for a `since` that does not exist, and
    /// `shallow_history` when a shallow clone ends before reaching `since`.
    pub fn for_each_commit(
        &self,
        query: &CommitQuery,
        mut f: impl FnMut(RepoCommit),
    ) -> Result<usize, GitError> {
        let head = self.head()?;
        let mut walk = self
            .inner
            .revwalk()
            .map_err(|e| GitError::git("walking history", &e))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(|e| GitError::git("walking history", &e))?;
        if query.first_parent {
            walk.simplify_first_parent()
                .map_err(|e| GitError::git("walking history", &e))?;
        }
        let start = match query.until.as_deref() {
            Some(rev) => self.resolve(rev)?,
            None => Oid::from_str(&head.commit).map_err(|e| GitError::git("reading HEAD", &e))?,
        };
        walk.push(start)
            .map_err(|e| GitError::git("walking history", &e))?;
        let since = query
            .since
            .as_deref()
            .map(|rev| self.resolve(rev))
            .transpose()?;
        if let Some(since) = since {
            walk.hide(since)
                .map_err(|e| GitError::git("walking history", &e))?;
        }
        // The walk has read every commit into libgit2's object cache; reading them from
        // there and parsing the bytes directly skips libgit2's second parse and its copies
        // of each message. Grafted (and shallow) histories, and path filters, which need
        // trees, take libgit2's commits as before.
        let odb = if query.changed_paths || !query.paths.is_empty() || self.grafted() {
            None
        } else {
            self.inner.odb().ok()
        };
        let mut count = 0;
        for oid in walk {
            let oid = oid.map_err(|e| GitError::git("walking history", &e))?;
            if let Some(odb) = &odb
                && let Ok(object) = odb.read(oid)
                && object.kind() == ObjectType::Commit
                && let Some(fields) = convert::fields(object.data())
            {
                let merge = fields.parents > 1;
                if merge && !query.include_merges {
                    continue;
                }
                let mut parsed = convert::parsed(oid, &fields);
                if merge {
                    parsed = parsed.mark_merge();
                }
                f(RepoCommit {
                    commit: parsed,
                    paths: Vec::new(),
                });
                count += 1;
                continue;
            }
            let commit = self
                .inner
                .find_commit(oid)
                .map_err(|e| GitError::git("reading a commit", &e))?;
            if since.is_some() && commit.parent_count() == 0 && self.inner.is_shallow() {
                return Err(GitError::new(
                    GitErrorKind::ShallowHistory,
                    format!(
                        "the history is shallow and ends at {} before reaching `{}`; fetch more history (git fetch --unshallow)",
                        oid.to_string().get(..7).unwrap_or_default(),
                        query.since.as_deref().unwrap_or_default()
                    ),
                ));
            }
            let merge = commit.parent_count() > 1;
            if merge && !query.include_merges {
                continue;
            }
            let paths = if query.changed_paths || !query.paths.is_empty() {
                self.changed_paths(&commit)?
            } else {
                Vec::new()
            };
            if !query.paths.is_empty()
                && !paths
                    .iter()
                    .any(|p| query.paths.iter().any(|q| under(p, q)))
            {
                continue;
            }
            let mut parsed = convert::commit_of(&commit);
            if merge {
                parsed = parsed.mark_merge();
            }
            f(RepoCommit {
                commit: parsed,
                paths: if query.changed_paths {
                    paths
                } else {
                    Vec::new()
                },
            });
            count += 1;
        }
        Ok(count)
    }

    /// `true` when libgit2 rewrites parents: a shallow clone or `info/grafts`.
    fn grafted(&self) -> bool {
        self.inner.is_shallow() || self.inner.commondir().join("info/grafts").exists()
    }

    /// The commits of [`Repository::for_each_commit`], collected.
    pub fn commits(&self, query: &CommitQuery) -> Result<Vec<RepoCommit>, GitError> {
        let mut out = Vec::new();
        self.for_each_commit(query, |c| out.push(c))?;
        Ok(out)
    }

    /// The commit a revision (tag, branch, id) names.
    fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        let object = self.inner.revparse_single(rev).map_err(|_| {
            GitError::new(
                GitErrorKind::UnknownRevision,
                format!("unknown revision `{rev}`"),
            )
        })?;
        object
            .peel(ObjectType::Commit)
            .map(|c| c.id())
            .map_err(|e| GitError::git(&format!("resolving `{rev}`"), &e))
    }

    /// The paths a commit changes against its first parent (all of them for a root commit).
    fn changed_paths(&self, commit: &git2::Commit<'_>) -> Result<Vec<String>, GitError> {
        let tree = commit
            .tree()
            .map_err(|e| GitError::git("reading a tree", &e))?;
        let parent_tree = match commit.parent(0) {
            Ok(parent) => Some(
                parent
                    .tree()
                    .map_err(|e| GitError::git("reading a tree", &e))?,
            ),
            Err(_) => None,
        };
        let diff = self
            .inner
            .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)
            .map_err(|e| GitError::git("comparing trees", &e))?;
        let mut paths: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path().and_then(Path::to_str)
                    && seen.insert(path.to_owned())
                {
                    paths.push(path.to_owned());
                }
            }
        }
        Ok(paths)
    }

    /// Creates the annotated tag `name` on HEAD with `message` (the release notes), signed
    /// by the configured identity; returns the tag object's id. Refuses to overwrite.
    ///
    /// # Errors
    ///
    /// `tag_exists`, `invalid_tag_name`, `no_identity`, `empty_repository`.
    pub fn create_tag(&self, name: &str, message: &str) -> Result<String, GitError> {
        if !git2::Reference::is_valid_name(&format!("refs/tags/{name}")) {
            return Err(GitError::new(
                GitErrorKind::InvalidTagName,
                format!("`{name}` is not a valid tag name"),
            ));
        }
        if self
            .inner
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
        {
            return Err(GitError::new(
                GitErrorKind::TagExists,
                format!("tag `{name}` already exists; relcore never moves a tag"),
            ));
        }
        let head = self.head()?;
        let target = self
            .inner
            .find_object(
                Oid::from_str(&head.commit).map_err(|e| GitError::git("reading HEAD", &e))?,
                None,
            )
            .map_err(|e| GitError::git("reading HEAD", &e))?;
        let signature = self.inner.signature().map_err(|_| {
            GitError::new(
                GitErrorKind::NoIdentity,
                "no committer identity: set user.name and user.email (git config)",
            )
        })?;
        let oid = self
            .inner
            .tag(name, &target, &signature, message, false)
            .map_err(|e| {
                if e.code() == ErrorCode::Exists {
                    GitError::new(
                        GitErrorKind::TagExists,
                        format!("tag `{name}` already exists"),
                    )
                } else {
                    GitError::git(&format!("creating tag `{name}`"), &e)
                }
            })?;
        Ok(oid.to_string())
    }
}

/// What a single-line walk does at a commit, before reading it.
enum Boundary {
    Continue,
    Stop,
    GiveUp,
}

/// `true` when `path` is `filter` or inside the directory `filter`.
fn under(path: &str, filter: &str) -> bool {
    let filter = filter.trim_end_matches('/');
    filter.is_empty()
        || filter == "."
        || path == filter
        || path
            .strip_prefix(filter)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl std::fmt::Debug for Repository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repository")
            .field("path", &self.inner.path())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::under;

    #[test]
    fn path_filters() {
        assert!(under("packages/api/src/lib.rs", "packages/api"));
        assert!(under("packages/api/src/lib.rs", "packages/api/"));
        assert!(!under("packages/api-client/x", "packages/api"));
        assert!(under("README.md", "README.md"));
        assert!(under("anything", "."));
    }
}
