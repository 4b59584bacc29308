//! A temporary repository with a fluent builder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use git2::{Oid, Signature, Time};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A repository in a fresh temp directory, removed on drop.
pub struct TempRepo {
    pub dir: PathBuf,
    pub repo: git2::Repository,
    clock: i64,
}

impl TempRepo {
    pub fn new() -> TempRepo {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("relcore-git-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = git2::Repository::init(&dir).unwrap();
        let mut config = repo.config().unwrap();
        config.set_str("user.name", "Tag Maker").unwrap();
        config.set_str("user.email", "tags@example.com").unwrap();
        TempRepo {
            dir,
            repo,
            clock: 1_700_000_000,
        }
    }

    /// Sets the clock the next commit's time follows (it adds a minute first).
    pub fn set_clock(&mut self, time: i64) {
        self.clock = time;
    }

    fn signature(&mut self) -> Signature<'static> {
        self.clock += 60;
        Signature::new("Ann Author", "ann@example.com", &Time::new(self.clock, 0)).unwrap()
    }

    /// Commits `files` (path, content) on HEAD with `message`; returns the id.
    pub fn commit(&mut self, message: &str, files: &[(&str, &str)]) -> Oid {
        let parents: Vec<Oid> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .into_iter()
            .collect();
        self.commit_with_parents(message, files, &parents, Some("HEAD"))
    }

    /// A commit with explicit parents, optionally updating a ref.
    pub fn commit_with_parents(
        &mut self,
        message: &str,
        files: &[(&str, &str)],
        parents: &[Oid],
        update: Option<&str>,
    ) -> Oid {
        for (path, content) in files {
            let full = self.dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, content).unwrap();
        }
        let mut index = self.repo.index().unwrap();
        if let Some(first) = parents.first() {
            let tree = self.repo.find_commit(*first).unwrap().tree().unwrap();
            index.read_tree(&tree).unwrap();
        }
        for (path, _) in files {
            index.add_path(Path::new(path)).unwrap();
        }
        let tree_id = index.write_tree().unwrap();
        let sig = self.signature();
        let tree = self.repo.find_tree(tree_id).unwrap();
        let parents: Vec<git2::Commit<'_>> = parents
            .iter()
            .map(|p| self.repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(update, &sig, &sig, message, &tree, &refs)
            .unwrap()
    }

    pub fn lightweight_tag(&self, name: &str, target: Oid) {
        let object = self.repo.find_object(target, None).unwrap();
        self.repo.tag_lightweight(name, &object, false).unwrap();
    }

    pub fn annotated_tag(&mut self, name: &str, target: Oid) {
        let sig = self.signature();
        let object = self.repo.find_object(target, None).unwrap();
        self.repo
            .tag(name, &object, &sig, &format!("release {name}"), false)
            .unwrap();
    }

    pub fn open(&self) -> relcore_git::Repository {
        relcore_git::Repository::open(&self.dir).unwrap()
    }
}

impl Drop for TempRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
