//! The repository wrapper: release tags, commit walks, annotated tags.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Sort};
use relcore::commit::Commit;
use relcore::version::{ReleaseTag, TagFormat, Version};
use serde::{Deserialize, Serialize};

use crate::convert;
use crate::error::{GitError, GitErrorKind};
use crate::oid_hash::OidMap;
use crate::tag_refs::{self, Peel, TagRef};
use crate::walk::{self, Nodes};

/// A git repository, opened by discovering upward from a path. It only reads, and creates
/// annotated tags when asked; it never moves or deletes a ref and never pushes.
pub struct Repository {
    pub(crate) inner: git2::Repository,
    /// The trees of the last commits compared, for the next comparison.
    trees: std::sync::Mutex<crate::tree_diff::Trees>,
    /// The comparisons started by [`Repository::compare_ahead`], for the next
    /// [`Repository::fold_packages`].
    pub(crate) ahead: std::sync::Mutex<Option<crate::compare::Comparer>>,
    /// The mailmap, read when the first commit is (`None` inside: none maps anything).
    mailmap: std::sync::OnceLock<Option<relcore::commit::Mailmap>>,
}

/// A release tag found in a repository.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
            .map(|inner| Repository {
                trees: std::sync::Mutex::new(crate::tree_diff::Trees::new(
                    inner.commondir().join("objects"),
                )),
                inner,
                ahead: std::sync::Mutex::default(),
                mailmap: std::sync::OnceLock::new(),
            })
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

    /// The git directory (`.git`, or the repository itself when bare).
    pub fn git_dir(&self) -> PathBuf {
        self.inner.path().to_path_buf()
    }

    /// `true` for a bare repository (no work tree).
    pub fn is_bare(&self) -> bool {
        self.inner.is_bare()
    }

    /// The web address of the repository its `origin` remote names (credentials stripped;
    /// ssh and scp-like addresses as https), for changelog links when the configuration
    /// has no `repository_url`; `None` without such a remote or one that is no
    /// repository address.
    pub fn remote_web_url(&self, style: Option<relcore::changelog::HostStyle>) -> Option<String> {
        let remote = self.inner.find_remote("origin").ok()?;
        let url = relcore::changelog::RepositoryUrl::parse(remote.url().ok()?, style).ok()?;
        Some(url.web().to_owned())
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
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        // One walk over everything HEAD contains, whatever the number of tags.
        let nodes = Nodes::new(&self.inner);
        let mut seen = HashSet::from([head]);
        let mut stack = vec![head];
        while let Some(oid) = stack.pop() {
            if let Some(node) = nodes.node(oid) {
                stack.extend(node.parents.into_iter().filter(|p| seen.insert(*p)));
            }
        }
        Ok(candidates
            .into_iter()
            .filter(|(_, commit)| seen.contains(commit))
            .map(|(tag, commit)| self.dated(tag, commit))
            .collect())
    }

    /// The name of every tag (`v1.2.0` for `refs/tags/v1.2.0`), release or not, reachable
    /// or not, in no particular order: what [`TagFormat::guess`] reads.
    ///
    /// [`TagFormat::guess`]: relcore::version::TagFormat::guess
    pub fn tag_names(&self) -> Result<Vec<String>, GitError> {
        Ok(self
            .all_tag_refs()?
            .into_iter()
            .map(|tag| tag.name)
            .collect())
    }

    /// Every tag ref: read from the refs files, or listed by libgit2 where relcore does
    /// not read them itself.
    fn all_tag_refs(&self) -> Result<Vec<TagRef>, GitError> {
        match tag_refs::read(self.inner.commondir()) {
            Some(refs) => Ok(refs),
            None => self.libgit2_tag_refs(),
        }
    }

    /// The latest release tag reachable from HEAD, by SemVer precedence; see
    /// [`Repository::release_tags`]. One walk back from HEAD, newest commit first, finds
    /// it, however many tags there are: it stops once every tag of a higher version is
    /// newer than anything left to walk (with a day's allowance for clock skew).
    ///
    /// # Errors
    ///
    /// `shallow_history` when the repository is a shallow clone and no release tag was
    /// found before its boundary: the last release may be cut off, and an initial version
    /// would be a guess.
    pub fn latest_tag(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Option<Tag>, GitError> {
        let (head, candidates) = self.tag_candidates(format, package)?;
        self.latest_of(head, candidates)
    }

    /// The latest release tag reachable from HEAD of each spec (a tag format and a
    /// package), as [`Repository::latest_tag`] finds each: what a workspace of many
    /// packages needs, for about the cost of one. The tag refs are read once, and one walk
    /// back from HEAD, newest commit first, settles every spec whose highest tag it meets
    /// (reachable, so the latest); the walk ends when every spec with tags is settled, or
    /// long after the last one was, and a spec it leaves open gets its own
    /// [`Repository::latest_tag`] walk.
    ///
    /// # Errors
    ///
    /// As [`Repository::latest_tag`].
    pub fn latest_tags(
        &self,
        specs: &[(TagFormat, Option<String>)],
    ) -> Result<Vec<Option<Tag>>, GitError> {
        let head =
            Oid::from_str(&self.head()?.commit).map_err(|e| GitError::git("reading HEAD", &e))?;
        let candidates: Vec<Vec<(Tag, Oid)>> = self
            .tag_targets_of(specs)?
            .into_iter()
            .map(|list| {
                list.into_iter()
                    .map(|(t, target)| (t, target.oid()))
                    .collect()
            })
            .collect();
        let mut tops: OidMap<Vec<usize>> = OidMap::default();
        for (spec, list) in candidates.iter().enumerate() {
            if let Some((_, commit)) = list.first() {
                tops.entry(*commit).or_default().push(spec);
            }
        }
        let settled = walk::settle_tops(&Nodes::new(&self.inner), head, &tops);
        let mut latest = Vec::with_capacity(specs.len());
        for (spec, list) in candidates.into_iter().enumerate() {
            latest.push(if settled.contains(&spec) {
                list.into_iter()
                    .next()
                    .map(|(tag, commit)| self.dated(tag, commit))
            } else {
                self.latest_of(head, list)?
            });
        }
        Ok(latest)
    }

    /// The latest release tag that is not a pre-release (as [`Repository::latest_tag`]).
    ///
    /// # Errors
    ///
    /// As [`Repository::latest_tag`].
    pub fn latest_stable_tag(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Option<Tag>, GitError> {
        let (head, mut candidates) = self.tag_candidates(format, package)?;
        candidates.retain(|(tag, _)| !tag.version.is_prerelease());
        self.latest_of(head, candidates)
    }

    /// The best of `candidates` (best first) reachable from `head`, by one walk.
    pub(crate) fn latest_of(
        &self,
        head: Oid,
        candidates: Vec<(Tag, Oid)>,
    ) -> Result<Option<Tag>, GitError> {
        let nodes = Nodes::new(&self.inner);
        let commits: Vec<Oid> = candidates.iter().map(|(_, c)| *c).collect();
        let found = if commits.is_empty() {
            None
        } else {
            walk::latest(&nodes, head, &commits).index
        };
        if found.is_none() && self.inner.is_shallow() {
            return Err(shallow_error(None));
        }
        Ok(found
            .and_then(|i| candidates.into_iter().nth(i))
            .map(|(tag, commit)| self.dated(tag, commit)))
    }

    /// HEAD, and the tags of `format` (and `package`) with the commits they point at (or,
    /// unread, a tree or blob: see [`Repository::tag_refs_for_walk`]), in the order of
    /// [`Repository::release_tags`], reachable or not (`commit` and `time` not filled in).
    fn tag_candidates(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<(Oid, Vec<(Tag, Oid)>), GitError> {
        let head =
            Oid::from_str(&self.head()?.commit).map_err(|e| GitError::git("reading HEAD", &e))?;
        Ok((head, self.tag_refs_for_walk(format, package)?))
    }

    /// The tags of `format` (and `package`) with the commits they point at, reachable or
    /// not, by descending version (`commit` and `time` not filled in: see `dated`).
    pub(crate) fn tag_refs(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Vec<(Tag, Oid)>, GitError> {
        let mut tags = self.tag_targets(format, package)?;
        let odb = self.inner.odb().ok();
        tags.retain(|(_, target)| match target {
            Target::Commit(_) => true,
            Target::Unread(oid) => odb
                .as_ref()
                .and_then(|odb| odb.read_header(*oid).ok())
                .is_some_and(|(_, kind)| kind == ObjectType::Commit),
        });
        Ok(tags
            .into_iter()
            .map(|(tag, target)| (tag, target.oid()))
            .collect())
    }

    /// As [`Repository::tag_refs`], for a walk that only meets commits: a tag packed-refs
    /// peels, or says is no tag object (`fully-peeled`), keeps that object unread, which
    /// may then be a tree or a blob no walk will meet. Listing tags then reads no object
    /// at all in a repository whose tags are packed, as a clone's are.
    pub(crate) fn tag_refs_for_walk(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Vec<(Tag, Oid)>, GitError> {
        Ok(self
            .tag_targets(format, package)?
            .into_iter()
            .map(|(tag, target)| (tag, target.oid()))
            .collect())
    }

    /// The tags of `format` (and `package`) with what they point at, by descending
    /// version (`time` not filled in).
    fn tag_targets(
        &self,
        format: &TagFormat,
        package: Option<&str>,
    ) -> Result<Vec<(Tag, Target)>, GitError> {
        let spec = [(format.clone(), package.map(str::to_owned))];
        Ok(self.tag_targets_of(&spec)?.pop().unwrap_or_default())
    }

    /// [`Repository::tag_targets`] of every spec (format and package), from one pass over
    /// the tag refs: each tag name is matched once per distinct format.
    fn tag_targets_of(
        &self,
        specs: &[(TagFormat, Option<String>)],
    ) -> Result<Vec<Vec<(Tag, Target)>>, GitError> {
        // One pass over the tag refs; a tag's commit is read from packed-refs' peeled
        // line, or taken as the target when packed-refs says it is no tag object, or
        // read from the object's header, and an annotated tag object only when it must
        // be (a loose annotated tag).
        let mut formats: Vec<&TagFormat> = Vec::new();
        // By format, the specs that want its tags.
        let mut wanted: Vec<Wanted> = Vec::new();
        for (i, (format, package)) in specs.iter().enumerate() {
            let f = if let Some(f) = formats.iter().position(|g| *g == format) {
                f
            } else {
                formats.push(format);
                wanted.push(Wanted::default());
                formats.len() - 1
            };
            if let Some(wanted) = wanted.get_mut(f) {
                match package {
                    None => wanted.any.push(i),
                    Some(p) => wanted.by_package.entry(p.as_str()).or_default().push(i),
                }
            }
        }
        let refs = self.all_tag_refs()?;
        let odb = self.inner.odb().ok();
        let mut tags: Vec<Vec<(Tag, Target)>> = vec![Vec::new(); specs.len()];
        if let [only] = tags.as_mut_slice() {
            only.reserve(refs.len());
        }
        // The specs a ref's name is a tag of, with the tag; kept across refs.
        let mut parsed = Vec::new();
        for TagRef { name, target, peel } in refs {
            parsed.clear();
            for (format, wanted) in formats.iter().zip(&wanted) {
                let Some(tag) = format.parse_tag(&name) else {
                    continue;
                };
                let one = tag
                    .package
                    .as_deref()
                    .and_then(|p| wanted.by_package.get(p));
                let mut specs = wanted
                    .any
                    .iter()
                    .chain(one.into_iter().flatten())
                    .peekable();
                // Each spec but the last takes a copy; the last takes the tag.
                while let Some(&i) = specs.next() {
                    if specs.peek().is_none() {
                        parsed.push((i, tag));
                        break;
                    }
                    parsed.push((i, tag.clone()));
                }
            }
            if parsed.is_empty() {
                continue;
            }
            let target = match peel {
                // A peeled id is no tag object, though it may be a tree or a blob.
                Peel::To(peeled) => Target::Unread(peeled),
                Peel::Plain => Target::Unread(target),
                Peel::Unknown => match self.peeled_commit(target, odb.as_ref()) {
                    Some(commit) => Target::Commit(commit),
                    None => continue,
                },
            };
            // The ref's name goes to the last spec; the others take a copy.
            let mut name = Some(name);
            let last = parsed.len().saturating_sub(1);
            for (k, (i, ReleaseTag { package, version })) in parsed.drain(..).enumerate() {
                let name = if k == last {
                    name.take().unwrap_or_default()
                } else {
                    name.clone().unwrap_or_default()
                };
                if let Some(list) = tags.get_mut(i) {
                    list.push((
                        Tag {
                            name,
                            version,
                            package,
                            // Filled in with the time (see `dated`), for the few tags
                            // returned.
                            commit: String::new(),
                            time: 0,
                        },
                        target,
                    ));
                }
            }
        }
        for list in &mut tags {
            // Names are unique: an unstable sort gives the one order.
            list.sort_unstable_by(|(a, _), (b, _)| {
                b.version.cmp(&a.version).then_with(|| a.name.cmp(&b.name))
            });
        }
        Ok(tags)
    }

    /// The tag refs as libgit2 lists them, for refs [`tag_refs::read`] does not read
    /// (reftable, a symbolic tag ref, SHA-256 ids): the peeled id when packed-refs gives
    /// one, else unknown.
    pub(crate) fn libgit2_tag_refs(&self) -> Result<Vec<TagRef>, GitError> {
        let refs = self
            .inner
            .references_glob("refs/tags/*")
            .map_err(|e| GitError::git("listing tags", &e))?;
        Ok(refs
            .filter_map(Result::ok)
            .filter_map(|reference| {
                let name = reference
                    .name()
                    .ok()?
                    .strip_prefix("refs/tags/")?
                    .to_owned();
                let resolved = reference.resolve().ok()?;
                Some(TagRef {
                    name,
                    target: resolved.target()?,
                    peel: resolved.target_peel().map_or(Peel::Unknown, Peel::To),
                })
            })
            .collect())
    }

    /// The commit a tag ref's `target` is or tags: the target itself when its header
    /// says it is a commit, else the target peeled (an annotated tag, read); `None` for
    /// a tree or a blob.
    fn peeled_commit(&self, target: Oid, odb: Option<&git2::Odb<'_>>) -> Option<Oid> {
        if let Some(odb) = odb
            && let Ok((_, kind)) = odb.read_header(target)
        {
            match kind {
                ObjectType::Commit => return Some(target),
                ObjectType::Tag => {}
                _ => return None,
            }
        }
        let object = self.inner.find_object(target, None).ok()?;
        object.peel(ObjectType::Commit).ok().map(|o| o.id())
    }

    /// [`Repository::dated`], with the time from `times` when it has the commit's.
    fn dated_from(&self, mut tag: Tag, commit: Oid, times: &OidMap<i64>) -> Tag {
        match times.get(&commit) {
            Some(&time) => {
                tag.commit = commit.to_string();
                tag.time = time;
                tag
            }
            None => self.dated(tag, commit),
        }
    }

    /// The names and addresses commits show their authors by (`.mailmap`), read once.
    pub(crate) fn mailmap(&self) -> Option<&relcore::commit::Mailmap> {
        self.mailmap
            .get_or_init(|| crate::mailmap::load(&self.inner))
            .as_ref()
    }

    /// The tag with its commit's id and time.
    pub(crate) fn dated(&self, mut tag: Tag, commit: Oid) -> Tag {
        tag.commit = commit.to_string();
        tag.time = self
            .inner
            .find_commit(commit)
            .map(|c| c.time().seconds())
            .unwrap_or_default();
        tag
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
        if let Some(folded) = self.fold_time_ordered(query, &mut init, &mut step)? {
            return Ok(folded);
        }
        let mut state = init();
        let count = self.for_each_commit(query, |c| step(&mut state, c))?;
        Ok((state, count))
    }

    /// The commits of `query` by the time-ordered walk, each read once (merges too):
    /// `None` when the query needs trees or libgit2's view of parents (paths, grafts,
    /// shallow clones) or the walk gave up on a commit dated before its parent.
    fn fold_time_ordered<S>(
        &self,
        query: &CommitQuery,
        init: &mut impl FnMut() -> S,
        step: &mut impl FnMut(&mut S, RepoCommit),
    ) -> Result<Option<(S, usize)>, GitError> {
        if !query.paths.is_empty() || query.changed_paths || self.grafted() {
            return Ok(None);
        }
        let start = match query.until.as_deref() {
            Some(rev) => self.resolve(rev)?,
            None => Oid::from_str(&self.head()?.commit)
                .map_err(|e| GitError::git("reading HEAD", &e))?,
        };
        let hide = query
            .since
            .as_deref()
            .map(|rev| self.resolve(rev))
            .transpose()?;
        let mut state = init();
        let mut count = 0;
        let walked = walk::time_ordered(
            &self.inner,
            start,
            hide,
            query.first_parent,
            |oid, _, fields| {
                if let Some(commit) = raw_commit(oid, fields, query, self.mailmap()) {
                    step(&mut state, commit);
                    count += 1;
                }
            },
        );
        Ok(walked.map(|_| (state, count)))
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
            if self.inner.is_shallow() {
                return Err(shallow_error(None));
            }
            let (state, count) = self.fold_commits(&since, init, step)?;
            return Ok((None, state, count));
        }
        let commits: Vec<Oid> = candidates.iter().map(|(_, c)| *c).collect();
        let nodes = Nodes::new(&self.inner);
        // Where the single line stopped short of deciding, at a tagged commit, with the
        // state of the commits above it and their count.
        let mut undecided = None;
        if self.single_line_eligible(&since) {
            // The first tagged commit met settles it when every tag of a higher version
            // is newer than that commit: the line below it is older still.
            let mut tagged: OidMap<usize> = OidMap::default();
            for (i, commit) in commits.iter().enumerate() {
                tagged.entry(*commit).or_insert(i);
            }
            let mut found = None;
            let mut gave_up = None;
            let mut state = init();
            let mut stepped = 0;
            let line = self.line(
                head,
                |oid| match tagged.get(&oid) {
                    None => Boundary::Continue,
                    Some(&i) => {
                        let settled = i == 0 || {
                            // The line read its commits without `nodes`: the
                            // commit-graph, if any, is not open yet.
                            nodes.open_graph();
                            nodes
                                .node(oid)
                                .is_some_and(|n| walk::settles(&nodes, &commits, i, &n))
                        };
                        if settled {
                            found = Some(i);
                            Boundary::Stop
                        } else {
                            gave_up = Some(oid);
                            Boundary::GiveUp
                        }
                    }
                },
                true,
                &mut |commit| {
                    stepped += 1;
                    step(&mut state, commit);
                },
            );
            if let Some(count) = line {
                let tag = found
                    .and_then(|i| candidates.into_iter().nth(i))
                    .map(|(tag, commit)| self.dated(tag, commit));
                return Ok((tag, state, count));
            }
            undecided = gave_up.map(|at| (at, state, stepped));
        }
        let latest = walk::latest(&nodes, head, &commits);
        if latest.index.is_none() && self.inner.is_shallow() {
            return Err(shallow_error(None));
        }
        let tag = latest
            .index
            .and_then(|i| candidates.into_iter().nth(i))
            .map(|(tag, commit)| self.dated(tag, commit));
        // The latest tag is on the commit the line stopped at: the line, one parent after
        // another from HEAD down to it, read exactly the commits since it.
        if let Some((at, state, count)) = undecided
            && latest.index.and_then(|i| commits.get(i)) == Some(&at)
        {
            return Ok((tag, state, count));
        }
        let query = CommitQuery {
            since: tag.as_ref().map(|t| t.name.clone()),
            ..since
        };
        // Not a single line to the tag (or not one to try): the time-ordered walk, else
        // libgit2's, without trying the line a second time.
        if let Some((state, count)) = self.fold_time_ordered(&query, &mut init, &mut step)? {
            return Ok((tag, state, count));
        }
        let mut state = init();
        let count = self.for_each_commit(&query, |c| step(&mut state, c))?;
        Ok((tag, state, count))
    }

    /// Every release of the history, from one topological walk back from HEAD (or the
    /// query's `until`): each release tag reachable from it, with the tag before it and
    /// a state folded from the commits of its release, plus the commits no release tag
    /// contains yet (the unreleased ones). The query's `since` is ignored.
    ///
    /// A commit belongs to the release of the lowest version whose tag contains it. With
    /// `fold_prereleases`, a stable release also takes the commits of its pre-releases:
    /// its range starts at the stable release before it, and each pre-release keeps its
    /// own. However many tags there are, the history is walked once.
    ///
    /// # Errors
    ///
    /// As [`Repository::for_each_commit`]; `shallow_history` when the walk meets the
    /// boundary of a shallow clone (the oldest release would be cut short).
    pub fn fold_releases<S>(
        &self,
        format: &TagFormat,
        package: Option<&str>,
        query: &CommitQuery,
        fold_prereleases: bool,
        mut init: impl FnMut() -> S,
        mut step: impl FnMut(&mut S, &RepoCommit),
    ) -> Result<Releases<S>, GitError> {
        let (head, candidates) = self.tag_candidates(format, package)?;
        let start = match query.until.as_deref() {
            Some(rev) => self.resolve(rev)?,
            None => head,
        };
        let index = TagIndex::new(&candidates);
        let mut ranges = Ranges::new(candidates.len(), &mut init);
        // The times of tagged commits, as the walk reads them: no second read per tag.
        let mut tag_times: OidMap<i64> = OidMap::default();
        // Newest first, each commit read once, when no commit is dated before its parent
        // (then children always come before parents); else libgit2's topological walk.
        let fast = query.paths.is_empty() && !query.changed_paths && !self.grafted();
        let done = fast
            && walk::time_ordered(
                &self.inner,
                start,
                None,
                query.first_parent,
                |oid, parents, fields| {
                    if index.on_commit.contains_key(&oid) {
                        tag_times.insert(oid, fields.time);
                    }
                    let commit = raw_commit(oid, fields, query, self.mailmap());
                    ranges.visit(
                        &index,
                        fold_prereleases,
                        oid,
                        parents,
                        commit,
                        &mut init,
                        &mut step,
                    );
                },
            )
            .is_some();
        if !done {
            ranges = Ranges::new(candidates.len(), &mut init);
            let nodes = Nodes::new(&self.inner);
            self.walk_topological(start, query, &nodes, |oid, parents, commit| {
                ranges.visit(
                    &index,
                    fold_prereleases,
                    oid,
                    parents,
                    commit,
                    &mut init,
                    &mut step,
                );
            })?;
        }
        let Ranges {
            mut states,
            unreleased,
            reached,
            count,
            ..
        } = ranges;
        let reachable: Vec<usize> = (0..candidates.len())
            .filter(|&i| reached.get(i).copied().unwrap_or(false))
            .collect();
        let mut releases = Vec::with_capacity(reachable.len());
        for (k, &i) in reachable.iter().enumerate() {
            let Some((tag, commit)) = candidates.get(i) else {
                continue;
            };
            let stable = !tag.version.is_prerelease();
            let previous = reachable
                .iter()
                .skip(k + 1)
                .filter_map(|&j| candidates.get(j))
                .find(|(t, _)| !(fold_prereleases && stable && t.version.is_prerelease()))
                .map(|(t, c)| self.dated_from(t.clone(), *c, &tag_times));
            let state = states
                .get_mut(i)
                .and_then(Option::take)
                .unwrap_or_else(&mut init);
            releases.push(FoldedRelease {
                tag: self.dated_from(tag.clone(), *commit, &tag_times),
                previous,
                state,
            });
        }
        Ok(Releases {
            releases,
            unreleased,
            commits: count,
        })
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
        // Each commit is read once, from the pack files (libgit2 for anything else,
        // rarely: its object cache does not grow with the line).
        let odb = self.inner.odb().ok()?;
        let mut reader = crate::pack::Reader::new(self.inner.commondir().join("objects"));
        let mut next = Some(start);
        let mut count = 0;
        while let Some(oid) = next {
            match boundary(oid) {
                Boundary::Continue => {}
                Boundary::Stop => return Some(count),
                Boundary::GiveUp => return None,
            }
            let data = reader.commit(&odb, oid)?;
            let fields = convert::fields(&data)?;
            if fields.parents > 1 {
                return None;
            }
            next = fields.first_parent;
            f(RepoCommit {
                commit: convert::parsed(oid, &fields, self.mailmap()),
                paths: Vec::new(),
            });
            count += 1;
        }
        root_ends.then_some(count)
    }

    /// libgit2's walk of `query` (topological, newest first; first parents when asked),
    /// and the commit `since` names.
    pub(crate) fn revwalk(
        &self,
        query: &CommitQuery,
    ) -> Result<(git2::Revwalk<'_>, Option<Oid>), GitError> {
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
        Ok((walk, since))
    }

    /// The commits of `query` as written: `f` gets each commit's full id and its raw
    /// message (for linting, which must see the text as the author wrote it); merges only
    /// with `include_merges`. Returns how many it handed over.
    ///
    /// # Errors
    ///
    /// As [`Repository::for_each_commit`].
    pub fn for_each_message(
        &self,
        query: &CommitQuery,
        mut f: impl FnMut(&str, &str),
    ) -> Result<usize, GitError> {
        let (walk, _) = self.revwalk(query)?;
        let mut count = 0;
        for oid in walk {
            let oid = oid.map_err(|e| GitError::git("walking history", &e))?;
            let commit = self
                .inner
                .find_commit(oid)
                .map_err(|e| GitError::git("reading a commit", &e))?;
            if commit.parent_count() > 1 && !query.include_merges {
                continue;
            }
            f(&oid.to_string(), &convert::message_of(&commit));
            count += 1;
        }
        Ok(count)
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
        let (walk, since) = self.revwalk(query)?;
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
            if let Some(commit) = self.read_commit(oid, query, odb.as_ref(), since.is_some())? {
                f(commit);
                count += 1;
            }
        }
        Ok(count)
    }

    /// The commit `oid` as `query` asks for it (`None` when the query leaves it out: a
    /// merge, or outside the path filters): parsed from the raw object through `odb`
    /// when given, else through libgit2 with trees for changed paths. `bounded` says the
    /// walk has an end to reach, which a shallow clone's boundary must not hide.
    fn read_commit(
        &self,
        oid: Oid,
        query: &CommitQuery,
        odb: Option<&git2::Odb<'_>>,
        bounded: bool,
    ) -> Result<Option<RepoCommit>, GitError> {
        if let Some(odb) = odb
            && let Ok(object) = odb.read(oid)
            && object.kind() == ObjectType::Commit
            && let Some(fields) = convert::fields(object.data())
        {
            return Ok(raw_commit(oid, &fields, query, self.mailmap()));
        }
        let commit = self
            .inner
            .find_commit(oid)
            .map_err(|e| GitError::git("reading a commit", &e))?;
        if bounded && commit.parent_count() == 0 && self.inner.is_shallow() {
            return Err(shallow_error(query.since.as_deref()));
        }
        let merge = commit.parent_count() > 1;
        if merge && !query.include_merges {
            return Ok(None);
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
            return Ok(None);
        }
        let mut parsed = convert::commit_of(&commit, self.mailmap());
        if merge {
            parsed = parsed.mark_merge();
        }
        Ok(Some(RepoCommit {
            commit: parsed,
            paths: if query.changed_paths {
                paths
            } else {
                Vec::new()
            },
        }))
    }

    /// A topological walk (children before parents) back from `start`, first parents
    /// only when the query says so: `f` gets each commit's id, the parents the walk
    /// follows, and the commit as the query asks for it.
    fn walk_topological(
        &self,
        start: Oid,
        query: &CommitQuery,
        nodes: &Nodes<'_>,
        mut f: impl FnMut(Oid, &[Oid], Option<RepoCommit>),
    ) -> Result<(), GitError> {
        let (walk, _) = self.revwalk(&CommitQuery {
            since: None,
            until: Some(start.to_string()),
            ..query.clone()
        })?;
        let odb = if query.changed_paths || !query.paths.is_empty() || self.grafted() {
            None
        } else {
            self.inner.odb().ok()
        };
        let take = if query.first_parent { 1 } else { usize::MAX };
        let mut parents: Vec<Oid> = Vec::new();
        for oid in walk {
            let oid = oid.map_err(|e| GitError::git("walking history", &e))?;
            parents.clear();
            // Each commit read once: parents and message from the same raw object.
            if let Some(odb) = &odb
                && let Ok(object) = odb.read(oid)
                && object.kind() == ObjectType::Commit
                && let Some(fields) = convert::fields(object.data())
            {
                parents.extend(convert::parent_ids(object.data()).take(take));
                f(
                    oid,
                    &parents,
                    raw_commit(oid, &fields, query, self.mailmap()),
                );
                continue;
            }
            let node = nodes.node(oid).ok_or_else(|| {
                GitError::new(GitErrorKind::Git, format!("cannot read commit {oid}"))
            })?;
            if node.boundary {
                return Err(shallow_error(None));
            }
            parents.extend(node.parents.iter().take(take));
            let commit = self.read_commit(oid, query, None, false)?;
            f(oid, &parents, commit);
        }
        Ok(())
    }

    /// Starts comparing the commits back from HEAD with their first parents (every path)
    /// on a thread of its own, for the next [`Repository::fold_packages`] to take over:
    /// the commits nearest HEAD are in every range that starts below them, and the caller
    /// can read tags and manifests meanwhile. A hint, which changes no answer: the thread
    /// compares until the walk asks (then answers it with what it has), at most some
    /// thousands of commits, and ends with the repository. Calling it again while one runs
    /// does nothing.
    pub fn compare_ahead(&self) {
        let mut ahead = self
            .ahead
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if ahead.is_none() {
            *ahead = Some(crate::compare::Comparer::spawn(
                self.inner.path().to_path_buf(),
                true,
            ));
        }
    }

    /// `true` when libgit2 rewrites parents: a shallow clone or `info/grafts`.
    pub(crate) fn grafted(&self) -> bool {
        walk::rewrites_parents(&self.inner)
    }

    /// The commits of [`Repository::for_each_commit`], collected.
    pub fn commits(&self, query: &CommitQuery) -> Result<Vec<RepoCommit>, GitError> {
        let mut out = Vec::new();
        self.for_each_commit(query, |c| out.push(c))?;
        Ok(out)
    }

    /// The commit a revision (tag, branch, id) names.
    pub(crate) fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
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
    pub(crate) fn changed_paths(&self, commit: &git2::Commit<'_>) -> Result<Vec<String>, GitError> {
        self.changed_within(commit, None)
    }

    /// [`Repository::changed_paths`], or with `within` only what tells which of those
    /// paths changed (see `Trees::changed_within`).
    pub(crate) fn changed_within(
        &self,
        commit: &git2::Commit<'_>,
        within: Option<&[&str]>,
    ) -> Result<Vec<String>, GitError> {
        let parent = match commit.parent_id(0) {
            Ok(id) => Some(
                self.inner
                    .find_commit(id)
                    .map_err(|e| GitError::git("reading a commit", &e))?
                    .tree_id(),
            ),
            Err(_) => None,
        };
        let mut trees = self
            .trees
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        trees
            .changed_within(
                &self
                    .inner
                    .odb()
                    .map_err(|e| GitError::git("opening the object database", &e))?,
                parent,
                commit.tree_id(),
                within,
            )
            .map_err(|e| GitError::git("comparing trees", &e))
    }

    /// Creates the annotated tag `name` on HEAD with `message` (the release notes), by
    /// the configured identity, signed when git's `tag.gpgSign` says so; returns the tag
    /// object's id. Refuses to overwrite.
    ///
    /// # Errors
    ///
    /// `tag_exists`, `invalid_tag_name`, `no_identity`, `empty_repository`,
    /// `signing_failed`.
    pub fn create_tag(&self, name: &str, message: &str) -> Result<String, GitError> {
        self.create_tag_on(name, message, None, self.sign_config().tag)
    }
}

/// Each commit's own tags for [`Repository::fold_releases`]: the candidates (best first)
/// on it, the lowest version of any kind and the lowest stable one.
struct TagIndex {
    on_commit: OidMap<Vec<usize>>,
    lowest: OidMap<(Option<usize>, Option<usize>)>,
}

impl TagIndex {
    fn new(candidates: &[(Tag, Oid)]) -> TagIndex {
        let mut index = TagIndex {
            on_commit: OidMap::default(),
            lowest: OidMap::default(),
        };
        for (i, (tag, commit)) in candidates.iter().enumerate() {
            index.on_commit.entry(*commit).or_default().push(i);
            let entry = index.lowest.entry(*commit).or_default();
            entry.0 = entry.0.max(Some(i));
            if !tag.version.is_prerelease() {
                entry.1 = entry.1.max(Some(i));
            }
        }
        index
    }
}

/// What [`Repository::fold_releases`] builds as it walks.
struct Ranges<S> {
    /// Each candidate's state, made when its first commit comes.
    states: Vec<Option<S>>,
    unreleased: S,
    labels: walk::Labels,
    /// Which candidates the walk met.
    reached: Vec<bool>,
    count: usize,
}

impl<S> Ranges<S> {
    fn new(candidates: usize, init: &mut impl FnMut() -> S) -> Ranges<S> {
        Ranges {
            states: std::iter::repeat_with(|| None).take(candidates).collect(),
            unreleased: init(),
            labels: walk::Labels::default(),
            reached: vec![false; candidates],
            count: 0,
        }
    }

    /// One commit of a walk where children come before parents: it goes to the release
    /// of the lowest version containing it (and of the lowest stable one too, when
    /// pre-releases are folded), or to the unreleased commits.
    #[allow(clippy::too_many_arguments)]
    fn visit(
        &mut self,
        index: &TagIndex,
        fold_prereleases: bool,
        oid: Oid,
        parents: &[Oid],
        commit: Option<RepoCommit>,
        init: &mut impl FnMut() -> S,
        step: &mut impl FnMut(&mut S, &RepoCommit),
    ) {
        let own = index.lowest.get(&oid).copied().unwrap_or_default();
        let (any, stable) = self.labels.take(oid, own, parents);
        for &i in index.on_commit.get(&oid).into_iter().flatten() {
            if let Some(r) = self.reached.get_mut(i) {
                *r = true;
            }
        }
        let Some(commit) = commit else { return };
        self.count += 1;
        let targets = match (any, stable) {
            (None, _) => {
                step(&mut self.unreleased, &commit);
                [None, None]
            }
            (Some(a), Some(s)) if fold_prereleases && a != s => [Some(a), Some(s)],
            (Some(a), _) => [Some(a), None],
        };
        for i in targets.into_iter().flatten() {
            if let Some(slot) = self.states.get_mut(i) {
                step(slot.get_or_insert_with(&mut *init), &commit);
            }
        }
    }
}

/// What a tag ref points at, as far as it was read.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// A commit, read as one.
    Commit(Oid),
    /// No tag object, by packed-refs' word (a peeled line, or none under `fully-peeled`):
    /// a commit, or a tree or a blob, unread.
    Unread(Oid),
}

impl Target {
    fn oid(self) -> Oid {
        match self {
            Target::Commit(oid) | Target::Unread(oid) => oid,
        }
    }
}

/// The commit read from its raw object as `query` asks for it: `None` for a merge the
/// query leaves out. (Only for queries without paths, which need trees.)
fn raw_commit(
    oid: Oid,
    fields: &convert::Fields<'_>,
    query: &CommitQuery,
    mailmap: Option<&relcore::commit::Mailmap>,
) -> Option<RepoCommit> {
    let merge = fields.parents > 1;
    if merge && !query.include_merges {
        return None;
    }
    let mut parsed = convert::parsed(oid, fields, mailmap);
    if merge {
        parsed = parsed.mark_merge();
    }
    Some(RepoCommit {
        commit: parsed,
        paths: Vec::new(),
    })
}

/// The history is cut before the release tag (`since`, or any) could be found.
pub(crate) fn shallow_error(since: Option<&str>) -> GitError {
    let what = since.map_or_else(
        || "no release tag was found before the boundary of this shallow clone".to_owned(),
        |since| format!("the history is shallow and ends before reaching `{since}`"),
    );
    GitError::new(
        GitErrorKind::ShallowHistory,
        format!(
            "{what}; the last release may be cut off, so neither the releases nor the next version can be told: fetch the whole history and its tags (`git fetch --unshallow --tags`, or `fetch-depth: 0` with actions/checkout)"
        ),
    )
}

/// Every release of a history with a state folded from its commits
/// ([`Repository::fold_releases`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Releases<S> {
    /// The releases reachable from HEAD, by descending version.
    pub releases: Vec<FoldedRelease<S>>,
    /// The commits no release tag contains yet.
    pub unreleased: S,
    /// How many commits were folded.
    pub commits: usize,
}

/// One release of [`Releases`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldedRelease<S> {
    /// Its tag.
    pub tag: Tag,
    /// The release its range starts after: the next lower version reachable (the next
    /// lower stable one for a stable release when pre-releases are folded).
    pub previous: Option<Tag>,
    /// The state folded from its commits.
    pub state: S,
}

/// What a single-line walk does at a commit, before reading it.
enum Boundary {
    Continue,
    Stop,
    GiveUp,
}

/// `true` when `path` is `filter` or inside the directory `filter`.
pub(crate) fn under(path: &str, filter: &str) -> bool {
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
            .finish_non_exhaustive()
    }
}

/// The specs of [`Repository::tag_targets_of`] that want one tag format's tags: those
/// that take every package's, and those that take one package's.
#[derive(Debug, Default)]
struct Wanted<'s> {
    any: Vec<usize>,
    by_package: HashMap<&'s str, Vec<usize>>,
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
