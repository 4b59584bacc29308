//! The README's command-line examples, run as printed: each line of the `Command line`
//! quick start that calls `relcore`, in a fresh repository made for it (a release tag
//! `v1.4.2`, two commits since, a commit message file, a rollout plan), with the binary
//! first on PATH. A line must exit 0, and a comment that starts with a digit is the
//! output it must print first. The docs cannot drift from the program again.

use std::path::Path;
use std::process::Command;

const PLAN: &str = "deployment:\n  strategy: canary\n  stages:\n    - { name: canary, percentage: 5, duration: 1h, metrics: [\"error-rate < 0.1%\"] }\n    - { name: full, percentage: 100, approval: release-manager }\nrollback:\n  triggers: { error-rate: \"> 5%\" }\n  grace-period: 5m\n";

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A repository shaped for the README's examples.
fn fixture(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("deploy")).unwrap();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Release Bot"]);
    git(dir, &["config", "user.email", "bot@example.com"]);
    git(dir, &["config", "commit.gpgSign", "false"]);
    git(dir, &["config", "tag.gpgSign", "false"]);
    for (i, message) in [
        "feat: start",
        "fix: handle empty input",
        "feat(cli): add search",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(dir.join("file.txt"), i.to_string()).unwrap();
        git(dir, &["add", "file.txt"]);
        git(dir, &["commit", "-q", "-m", message]);
        if i == 0 {
            git(dir, &["tag", "-a", "v1.4.2", "-m", "v1.4.2"]);
        }
    }
    std::fs::write(dir.join(".git/COMMIT_EDITMSG"), "feat: add x\n").unwrap();
    std::fs::write(dir.join("deploy/plan.yml"), PLAN).unwrap();
}

/// The lines of the README's `### Command line` shell block that run `relcore`.
fn commands() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let start = readme
        .find("### Command line")
        .expect("a Command line section");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    block
        .lines()
        .filter(|l| l.contains("relcore ") && !l.trim_start().starts_with("cargo "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn readme_command_line_examples_run_as_printed() {
    let bin = Path::new(env!("CARGO_BIN_EXE_relcore"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commands = commands();
    assert!(commands.len() >= 8, "{commands:?}");
    for (i, line) in commands.iter().enumerate() {
        let dir = std::env::temp_dir().join(format!("relcore-readme-{}-{i}", std::process::id()));
        fixture(&dir);
        let (command, expected) = match line.split_once("  #") {
            Some((command, comment)) => {
                let comment = comment.trim_start_matches('#').trim();
                (
                    command.trim(),
                    comment
                        .starts_with(|c: char| c.is_ascii_digit() || c == 'v')
                        .then_some(comment),
                )
            }
            None => (line.trim(), None),
        };
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", command])
            .current_dir(&dir)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "README line `{line}` exited {:?}\nstdout:\n{stdout}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(expected) = expected {
            let first = expected.split(' ').next().unwrap_or_default();
            assert!(
                stdout.starts_with(expected) || stdout.starts_with(first),
                "`{line}` printed:\n{stdout}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Every key of `relcore release --json` is documented in docs/cli.md's `relcore release`
/// section, and the section names no key the program does not print.
#[test]
fn release_json_keys_match_the_docs() {
    let dir = std::env::temp_dir().join(format!("relcore-readme-keys-{}", std::process::id()));
    fixture(&dir);
    let run = crate::util::relcore(
        &["release", "--repo", dir.to_str().unwrap(), "--json"],
        None,
    );
    let json = run.json();
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/cli.md"))
            .unwrap();
    let section = &docs[docs.find("## `relcore release").unwrap()..];
    let section = &section[..section[3..].find("\n## ").unwrap()];
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    for key in &keys {
        assert!(
            section.contains(&format!("`{key}`")),
            "`{key}` is not documented in docs/cli.md"
        );
    }
    let at = section
        .find("`--json` carries")
        .or_else(|| section.find("`--json`\ncarries"))
        .expect("the release section says what `--json` carries");
    let said = section[at + 8..].split("\n\n").next().unwrap();
    for word in said.split('`').skip(1).step_by(2) {
        let word = word.split_whitespace().next().unwrap_or_default();
        if word.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !word.is_empty() {
            assert!(
                json.get(word).is_some() || ["path", "state"].contains(&word),
                "docs name `{word}`, the program prints no such key"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
