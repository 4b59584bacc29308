//! What relcore-git's unit tests share: the `git` command, and damaged variants of
//! well-formed inputs, for tests that the readers of repository bytes (commits, trees,
//! deltas, packed-refs, commit-graphs) never panic and never read what libgit2 reads
//! otherwise. The variants are deterministic: the same seeds give the same ones on every
//! run.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `git args` in `dir` with a fixed identity and no signing; panics unless it
/// succeeds. Its output, without the trailing newline.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@e"])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
}

/// A new, empty repository (branch `main`) in the temporary directory `relcore-<name>-<pid>`,
/// replacing whatever an earlier run left there.
pub(crate) fn fresh_repo(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relcore-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    dir
}

/// The bytes damage puts in: separators, quotes, escapes, bytes that are not UTF-8, and the
/// characters ref names may not hold.
const BYTES: &[u8] = b"\0\n \t<>+-0129afz\\\"\x80\xff^#/.~:?*[@{}\x7f";

/// `rounds` variants of each seed, each with one to four damages: a byte changed, bytes
/// inserted or removed, the end cut off, or a piece repeated.
pub(crate) fn variants(seeds: &[Vec<u8>], rounds: usize) -> Vec<Vec<u8>> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| -> usize {
        // xorshift64*: enough spread for picking positions and bytes.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let value = state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32;
        usize::try_from(value).unwrap_or(0) % bound.max(1)
    };
    let mut out = Vec::with_capacity(seeds.len() * rounds);
    for seed in seeds {
        for _ in 0..rounds {
            let mut bytes = seed.clone();
            for _ in 0..=next(4) {
                let at = next(bytes.len() + 1);
                match next(5) {
                    0 if at < bytes.len() => bytes[at] = BYTES[next(BYTES.len())],
                    1 => bytes.insert(at, BYTES[next(BYTES.len())]),
                    2 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    3 => bytes.truncate(at),
                    _ => {
                        let end = (at + next(24)).min(bytes.len());
                        let piece = bytes[at..end].to_vec();
                        let to = next(bytes.len() + 1);
                        bytes.splice(to..to, piece);
                    }
                }
            }
            out.push(bytes);
        }
    }
    out
}
