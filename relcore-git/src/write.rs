//! Writing to a repository: the checks before a release writes anything, the release
//! commit (exactly the release's files, on HEAD's tree), and annotated tags, signed when
//! asked. Refs are created or moved only with compare-and-swap, never overwritten.

use std::path::Path;

use git2::{ErrorCode, FileMode, ObjectType, Oid};
use serde::{Deserialize, Serialize};

use crate::error::{GitError, GitErrorKind};
use crate::repo::{Head, Repository};
use crate::sign::sign;

/// What a release is about to do, for [`Repository::check_release`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReleaseCheck {
    /// The tags it will create (one per package released).
    pub tags: Vec<String>,
    /// The files (relative to the work tree, `/`-separated) it will commit, when it
    /// commits.
    pub commit_paths: Option<Vec<String>>,
    /// A detached HEAD is allowed.
    pub allow_detached: bool,
}

/// The release commit (and its tag) of [`Repository::commit_release`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseCommit {
    /// The commit HEAD was at when the run started; the branch must still be there.
    pub head: String,
    /// The files to commit, relative to the work tree (`/`-separated), read from it.
    pub paths: Vec<String>,
    /// The commit message.
    pub message: String,
    /// Sign the commit.
    pub sign: bool,
    /// The annotated tags to create on the new commit, each a name and a message: one
    /// per package released (none, one or many).
    pub tags: Vec<(String, String)>,
    /// Sign the tag.
    pub sign_tag: bool,
}

/// What [`Repository::commit_release`] created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Released {
    /// The new commit's id.
    pub commit: String,
    /// The tag objects' ids, in the order of [`ReleaseCommit::tags`].
    pub tags: Vec<String>,
    /// The ref that moved to the commit (`refs/heads/main`, or `HEAD` when detached).
    pub reference: String,
}

/// Whether git's configuration asks for signatures (`commit.gpgSign`, `tag.gpgSign`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignConfig {
    /// `commit.gpgSign`.
    pub commit: bool,
    /// `tag.gpgSign`.
    pub tag: bool,
}

fn git(context: &str) -> impl Fn(git2::Error) -> GitError + '_ {
    move |e| GitError::git(context, &e)
}

impl Repository {
    /// `commit.gpgSign` and `tag.gpgSign` from git's configuration (false when unset).
    pub fn sign_config(&self) -> SignConfig {
        let Ok(config) = self.inner.config() else {
            return SignConfig::default();
        };
        SignConfig {
            commit: config.get_bool("commit.gpgsign").unwrap_or(false),
            tag: config.get_bool("tag.gpgsign").unwrap_or(false),
        }
    }

    /// Checks the repository has a work tree to write release files in.
    ///
    /// # Errors
    ///
    /// `bare_repository`.
    pub fn check_work_tree(&self) -> Result<(), GitError> {
        if self.inner.is_bare() {
            return Err(GitError::new(
                GitErrorKind::BareRepository,
                "the repository is bare: there is no work tree to write the release files in",
            ));
        }
        Ok(())
    }

    /// Checks everything a release's commit and tag need before anything is written: a
    /// work tree, a commit on HEAD, HEAD on a branch (unless allowed), a valid and free
    /// tag name, a committer identity, and no staged changes besides the release's own
    /// files. Returns HEAD.
    ///
    /// # Errors
    ///
    /// `bare_repository`, `empty_repository`, `detached_head`, `invalid_tag_name`,
    /// `tag_exists`, `no_identity`, `staged_changes`.
    pub fn check_release(&self, check: &ReleaseCheck) -> Result<Head, GitError> {
        self.check_work_tree()?;
        let head = self.head()?;
        if head.branch.is_none() && !check.allow_detached {
            return Err(GitError::new(
                GitErrorKind::DetachedHead,
                "HEAD is detached: the release commit would be on no branch; check out a branch, or pass --allow-detached",
            ));
        }
        for tag in &check.tags {
            self.check_tag_free(tag)?;
        }
        if let Some(twice) = check
            .tags
            .iter()
            .enumerate()
            .find_map(|(i, t)| check.tags.get(..i)?.contains(t).then_some(t))
        {
            return Err(GitError::new(
                GitErrorKind::TagExists,
                format!("tag `{twice}` would be created twice in one release"),
            ));
        }
        self.identity()?;
        if let Some(paths) = &check.commit_paths {
            self.check_staged(&head, paths)?;
        }
        Ok(head)
    }

    fn check_staged(&self, head: &Head, paths: &[String]) -> Result<(), GitError> {
        let commit = self
            .inner
            .find_commit(Oid::from_str(&head.commit).map_err(git("reading HEAD"))?)
            .map_err(git("reading HEAD"))?;
        let tree = commit.tree().map_err(git("reading HEAD's tree"))?;
        let mut index = self.inner.index().map_err(git("reading the index"))?;
        // The index on disk, as another process may have changed it since it was loaded.
        index.read(false).map_err(git("reading the index"))?;
        if index.has_conflicts() {
            return Err(GitError::new(
                GitErrorKind::StagedChanges,
                "the index has unresolved conflicts; resolve them before releasing",
            ));
        }
        let diff = self
            .inner
            .diff_tree_to_index(Some(&tree), Some(&index), None)
            .map_err(git("comparing the index with HEAD"))?;
        let mut staged: Vec<String> = diff
            .deltas()
            .filter_map(|d| {
                d.new_file()
                    .path()
                    .or_else(|| d.old_file().path())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
            })
            .filter(|p| !paths.iter().any(|r| r == p))
            .collect();
        staged.dedup();
        if staged.is_empty() {
            return Ok(());
        }
        let shown: Vec<&str> = staged.iter().take(5).map(String::as_str).collect();
        Err(GitError::new(
            GitErrorKind::StagedChanges,
            format!(
                "the index has staged changes to {} other file{} ({}{}), which would slip into the release commit; commit or unstage them first (git restore --staged)",
                staged.len(),
                if staged.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if staged.len() > 5 { ", …" } else { "" }
            ),
        ))
    }

    pub(crate) fn check_tag_free(&self, name: &str) -> Result<(), GitError> {
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
        Ok(())
    }

    pub(crate) fn identity(&self) -> Result<git2::Signature<'static>, GitError> {
        self.inner.signature().map_err(|_| {
            GitError::new(
                GitErrorKind::NoIdentity,
                "no committer identity: set user.name and user.email (git config)",
            )
        })
    }

    /// Writes an annotated tag object for `target` (no ref yet), signed when asked.
    pub(crate) fn tag_object(
        &self,
        name: &str,
        target: Oid,
        message: &str,
        signed: bool,
    ) -> Result<Oid, GitError> {
        let tagger = self.identity()?;
        let object = self
            .inner
            .find_object(target, None)
            .map_err(git("reading the tag's target"))?;
        if !signed {
            return self
                .inner
                .tag_annotation_create(name, &object, &tagger, message)
                .map_err(git(&format!("creating tag `{name}`")));
        }
        let kind = object.kind().map_or("commit", |k| k.str());
        let when = tagger.when();
        let offset = when.offset_minutes();
        let mut payload = format!(
            "object {target}\ntype {kind}\ntag {name}\ntagger {} <{}> {} {}{:02}{:02}\n\n{message}",
            String::from_utf8_lossy(tagger.name_bytes()),
            String::from_utf8_lossy(tagger.email_bytes()),
            when.seconds(),
            if offset < 0 { '-' } else { '+' },
            offset.unsigned_abs() / 60,
            offset.unsigned_abs() % 60,
        );
        if !payload.ends_with('\n') {
            payload.push('\n');
        }
        let config = self
            .inner
            .config()
            .map_err(git("reading git's configuration"))?;
        let signature = sign(&config, &tagger, &payload)?;
        payload.push_str(&signature);
        self.inner
            .odb()
            .and_then(|odb| odb.write(ObjectType::Tag, payload.as_bytes()))
            .map_err(git(&format!("writing tag `{name}`")))
    }

    /// Creates the annotated tag `name` on `target` (HEAD when `None`) with `message`,
    /// signed when `signed`; returns the tag object's id. Refuses to overwrite.
    ///
    /// # Errors
    ///
    /// `tag_exists`, `invalid_tag_name`, `no_identity`, `empty_repository`,
    /// `signing_failed` (and then no tag is created).
    pub fn create_tag_on(
        &self,
        name: &str,
        message: &str,
        target: Option<&str>,
        signed: bool,
    ) -> Result<String, GitError> {
        self.check_tag_free(name)?;
        let target = match target {
            Some(id) => id.to_owned(),
            None => self.head()?.commit,
        };
        let target = Oid::from_str(&target).map_err(git("reading the tag's target"))?;
        let oid = self.tag_object(name, target, message, signed)?;
        self.tag_ref(name, oid)?;
        Ok(oid.to_string())
    }

    fn tag_ref(&self, name: &str, oid: Oid) -> Result<(), GitError> {
        self.inner
            .reference(
                &format!("refs/tags/{name}"),
                oid,
                false,
                &format!("relcore: release tag {name}"),
            )
            .map(|_| ())
            .map_err(|e| {
                if e.code() == ErrorCode::Exists {
                    GitError::new(
                        GitErrorKind::TagExists,
                        format!("tag `{name}` already exists; relcore never moves a tag"),
                    )
                } else {
                    GitError::git(&format!("creating tag `{name}`"), &e)
                }
            })
    }

    /// Creates the refs of `tags` (name, tag object) in order; when one fails, the ones
    /// created before it are removed again, so either every tag exists or none does.
    fn create_tag_refs(&self, tags: &[(&String, Oid)]) -> Result<(), GitError> {
        for (done, (name, oid)) in tags.iter().enumerate() {
            if let Err(e) = self.tag_ref(name, *oid) {
                for (created, oid) in tags.iter().take(done) {
                    let _ = self.drop_tag_ref(created, &oid.to_string());
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// Creates the annotated tags `tags` (name and message) on `target` (HEAD when
    /// `None`), all or none: every name is checked and every tag object written before the
    /// first ref; a ref that cannot be created removes those created before it. Returns
    /// the tag objects' ids.
    ///
    /// # Errors
    ///
    /// As [`Repository::create_tag_on`], for any of the tags.
    pub fn create_tags_on(
        &self,
        tags: &[(String, String)],
        target: Option<&str>,
        signed: bool,
    ) -> Result<Vec<String>, GitError> {
        for (name, _) in tags {
            self.check_tag_free(name)?;
        }
        let target = match target {
            Some(id) => id.to_owned(),
            None => self.head()?.commit,
        };
        let target = Oid::from_str(&target).map_err(git("reading the tags' target"))?;
        let mut objects = Vec::with_capacity(tags.len());
        for (name, message) in tags {
            objects.push((name, self.tag_object(name, target, message, signed)?));
        }
        self.create_tag_refs(&objects)?;
        Ok(objects.iter().map(|(_, oid)| oid.to_string()).collect())
    }

    /// Deletes the tag ref `name` if it still points at `expected` (the tag object this
    /// run created): taking back the tags of a release whose later tag failed.
    fn drop_tag_ref(&self, name: &str, expected: &str) -> Result<(), GitError> {
        let refname = format!("refs/tags/{name}");
        let mut reference = self
            .inner
            .find_reference(&refname)
            .map_err(git(&format!("reading tag `{name}`")))?;
        if reference.target().map(|o| o.to_string()).as_deref() != Some(expected) {
            return Err(GitError::new(
                GitErrorKind::Git,
                format!("tag `{name}` no longer points at {expected}; left alone"),
            ));
        }
        reference
            .delete()
            .map_err(git(&format!("deleting tag `{name}`")))
    }

    /// Makes the release commit: HEAD's tree with exactly `paths` replaced by their
    /// content in the work tree (nothing else from the index), on top of `head`, signed
    /// when asked, and the tag on it when asked. The objects are written first (a signing
    /// failure leaves every ref as it was); then the branch moves from `head` to the
    /// commit by compare-and-swap (refused if it moved meanwhile), the tag ref is created
    /// (the branch moves back if that fails), and the index entries of `paths` are
    /// updated so `git status` shows them clean.
    ///
    /// # Errors
    ///
    /// `bare_repository`, `no_identity`, `signing_failed`, `head_moved`, `tag_exists`,
    /// `git`.
    pub fn commit_release(&self, release: &ReleaseCommit) -> Result<Released, GitError> {
        let root = self
            .workdir()
            .ok_or_else(|| GitError::new(GitErrorKind::BareRepository, "the repository is bare"))?;
        let head = Oid::from_str(&release.head).map_err(git("reading HEAD"))?;
        let parent = self.inner.find_commit(head).map_err(git("reading HEAD"))?;
        let base = parent.tree().map_err(git("reading HEAD's tree"))?;
        let tree = self.release_tree(&root, &base, &release.paths)?;
        let who = self.identity()?;
        let buffer = self
            .inner
            .commit_create_buffer(&who, &who, &release.message, &tree, &[&parent])
            .map_err(git("building the release commit"))?;
        let content = std::str::from_utf8(&buffer).map_err(|_| {
            GitError::new(GitErrorKind::Git, "the release commit is not valid UTF-8")
        })?;
        let commit = if release.sign {
            let config = self
                .inner
                .config()
                .map_err(git("reading git's configuration"))?;
            let signature = sign(&config, &who, content)?;
            self.inner
                .commit_signed(content, &signature, None)
                .map_err(git("writing the signed release commit"))?
        } else {
            self.inner
                .odb()
                .and_then(|odb| odb.write(ObjectType::Commit, content.as_bytes()))
                .map_err(git("writing the release commit"))?
        };
        let mut tags = Vec::with_capacity(release.tags.len());
        for (name, message) in &release.tags {
            self.check_tag_free(name)?;
            tags.push((
                name,
                self.tag_object(name, commit, message, release.sign_tag)?,
            ));
        }
        // Objects written: now the refs, each by compare-and-swap.
        let reference = self.head_ref_name()?;
        let subject = release.message.lines().next().unwrap_or_default();
        self.inner
            .reference_matching(
                &reference,
                commit,
                true,
                head,
                &format!("commit: {subject}"),
            )
            .map_err(|e| {
                if e.code() == ErrorCode::Modified || e.code() == ErrorCode::Exists {
                    GitError::new(
                        GitErrorKind::HeadMoved,
                        format!(
                            "{reference} moved while the release was made (it is no longer at {}); nothing was committed",
                            &release.head[..release.head.len().min(12)]
                        ),
                    )
                } else {
                    GitError::git(&format!("moving {reference}"), &e)
                }
            })?;
        if let Err(e) = self.create_tag_refs(&tags) {
            let _ = self.inner.reference_matching(
                &reference,
                head,
                true,
                commit,
                "relcore: undo the release commit (a tag failed)",
            );
            return Err(e);
        }
        let mut index = self.inner.index().map_err(git("reading the index"))?;
        index.read(false).map_err(git("reading the index"))?;
        for path in &release.paths {
            index
                .add_path(Path::new(path))
                .map_err(git(&format!("updating the index for {path}")))?;
        }
        index.write().map_err(git("writing the index"))?;
        Ok(Released {
            commit: commit.to_string(),
            tags: tags.iter().map(|(_, oid)| oid.to_string()).collect(),
            reference,
        })
    }

    /// Deletes the tag `name` if it is a release tag this run made: one that names
    /// `commit` (the tag peels to it). Returns whether a tag was deleted (`false` when
    /// there is no such tag). For undoing a release that a later step of the same run
    /// could not finish; relcore never deletes a tag it did not just create.
    ///
    /// # Errors
    ///
    /// `ref_moved` when the tag names another commit (it is left alone), `git`.
    pub fn delete_release_tag(&self, name: &str, commit: &str) -> Result<bool, GitError> {
        let refname = format!("refs/tags/{name}");
        let Ok(mut reference) = self.inner.find_reference(&refname) else {
            return Ok(false);
        };
        let target = reference
            .peel_to_commit()
            .map_err(git(&format!("reading tag `{name}`")))?;
        if target.id().to_string() != commit {
            return Err(GitError::new(
                GitErrorKind::RefMoved,
                format!(
                    "tag `{name}` names {}, not the release commit {}; it was left alone",
                    short(&target.id().to_string()),
                    short(commit)
                ),
            ));
        }
        reference
            .delete()
            .map_err(git(&format!("deleting tag `{name}`")))?;
        Ok(true)
    }

    /// Undoes a release commit this run made: when HEAD is still at `commit`, moves HEAD's
    /// branch (or a detached HEAD) back to the commit's parent by compare-and-swap and
    /// resets the index entries of `paths` (the release files) to the parent's, as `git
    /// reset --soft HEAD^ && git reset -- paths` would. The work-tree files are the
    /// caller's to put back. Returns the parent's id.
    ///
    /// # Errors
    ///
    /// `head_moved` when HEAD is no longer at `commit` (nothing is changed), `git`.
    pub fn undo_release_commit(&self, commit: &str, paths: &[String]) -> Result<String, GitError> {
        let head = self.head()?;
        if head.commit != commit {
            return Err(GitError::new(
                GitErrorKind::HeadMoved,
                format!(
                    "HEAD moved to {} after the release commit {}; the commit was left alone",
                    short(&head.commit),
                    short(commit)
                ),
            ));
        }
        let oid = Oid::from_str(commit).map_err(git("reading the release commit"))?;
        let parent = self
            .inner
            .find_commit(oid)
            .and_then(|c| c.parent(0))
            .map_err(git("reading the release commit's parent"))?;
        let reference = self.head_ref_name()?;
        self.inner
            .reference_matching(
                &reference,
                parent.id(),
                true,
                oid,
                "relcore: undo the release commit (a later step of the run failed)",
            )
            .map_err(|e| {
                if e.code() == ErrorCode::Modified || e.code() == ErrorCode::Exists {
                    GitError::new(
                        GitErrorKind::HeadMoved,
                        format!("{reference} moved while the release commit was undone; it was left alone"),
                    )
                } else {
                    GitError::git(&format!("moving {reference}"), &e)
                }
            })?;
        if !paths.is_empty() {
            self.inner
                .reset_default(Some(parent.as_object()), paths.iter().map(String::as_str))
                .map_err(git("resetting the index entries of the release files"))?;
        }
        Ok(parent.id().to_string())
    }

    /// `base` with each of `paths` replaced by its content in the work tree at `root`.
    fn release_tree(
        &self,
        root: &Path,
        base: &git2::Tree<'_>,
        paths: &[String],
    ) -> Result<git2::Tree<'_>, GitError> {
        let mut update = git2::build::TreeUpdateBuilder::new();
        for path in paths {
            let file = root.join(Path::new(path));
            let bytes = std::fs::read(&file).map_err(|e| {
                GitError::new(
                    GitErrorKind::Git,
                    format!("reading {}: {e}", file.display()),
                )
            })?;
            let blob = self
                .inner
                .blob(&bytes)
                .map_err(git(&format!("storing {path}")))?;
            let executable = base.get_path(Path::new(path)).map_or_else(
                |_| is_executable(&file),
                |e| e.filemode() == i32::from(FileMode::BlobExecutable),
            );
            let mode = if executable {
                FileMode::BlobExecutable
            } else {
                FileMode::Blob
            };
            update.upsert(path.as_str(), blob, mode);
        }
        update
            .create_updated(&self.inner, base)
            .and_then(|id| self.inner.find_tree(id))
            .map_err(git("building the release tree"))
    }

    /// The ref HEAD stands for: its branch (`refs/heads/…`), or `HEAD` when detached.
    fn head_ref_name(&self) -> Result<String, GitError> {
        if self.inner.head_detached().unwrap_or(false) {
            return Ok("HEAD".to_owned());
        }
        let head = self
            .inner
            .find_reference("HEAD")
            .map_err(git("reading HEAD"))?;
        Ok(head
            .symbolic_target()
            .ok()
            .flatten()
            .map_or_else(|| "HEAD".to_owned(), str::to_owned))
    }
}

#[cfg(unix)]
fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    false
}

/// The first 12 characters of a commit id.
fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}
