//! A temporary repository to release from.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use git2::{Signature, Time};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A repository in a fresh temp directory, removed on drop.
pub struct TempRepo {
    pub dir: PathBuf,
    repo: git2::Repository,
    clock: i64,
}

impl TempRepo {
    pub fn new() -> TempRepo {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("relcore-release-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = git2::Repository::init(&dir).unwrap();
        TempRepo {
            dir,
            repo,
            clock: 1_700_000_000,
        }
    }

    /// Commits `files` (path, content) on HEAD with `message`.
    pub fn commit(&mut self, message: &str, files: &[(&str, &str)]) {
        for (path, content) in files {
            let full = self.dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, content).unwrap();
        }
        let mut index = self.repo.index().unwrap();
        for (path, _) in files {
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        self.clock += 60;
        let sig =
            Signature::new("Ann Author", "ann@example.com", &Time::new(self.clock, 0)).unwrap();
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
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
