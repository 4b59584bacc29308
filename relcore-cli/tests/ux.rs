//! What users of release tools expect at the command line: `relcore init`, completions,
//! a manual page, colour that follows `--color`, `NO_COLOR`, `CLICOLOR_FORCE` and
//! `TERM=dumb`.

use std::process::Command;

use crate::release::Repo;
use crate::util::relcore;

#[test]
fn init_writes_a_commented_config_from_the_repository_and_never_replaces_it() {
    let mut r = Repo::new("init");
    let first = r.commit("feat: first");
    r.tag("1.4.0", first);
    r.tag("1.3.0", first);
    r.commit("fix: second");
    std::fs::write(
        r.dir.join("package.json"),
        "{\n  \"name\": \"demo\",\n  \"version\": \"1.4.0\"\n}\n",
    )
    .unwrap();
    r.git
        .remote("origin", "git@github.com:acme/demo.git")
        .unwrap();
    let run = relcore(&["--json", "init", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["written"], true);
    assert_eq!(doc["config"]["tag_format"], "{version}");
    assert_eq!(doc["config"]["tags"], 2);
    assert_eq!(
        doc["config"]["version_files"],
        serde_json::json!(["package.json"])
    );
    assert_eq!(
        doc["config"]["repository_url"],
        "https://github.com/acme/demo"
    );
    let text = std::fs::read_to_string(r.dir.join("relcore.toml")).unwrap();
    assert!(text.starts_with("# relcore's settings"), "{text}");
    assert!(text.contains("tag_format = \"{version}\""), "{text}");
    // The file it wrote is what the release reads: 1.4.0 -> 1.4.1 from the bare tags.
    let release = relcore(&["--json", "release", "--repo", r.path()], None);
    assert_eq!(release.code, 0, "{}", release.stderr);
    assert_eq!(release.json()["next"], "1.4.1");
    // A second run leaves the file alone: exit 1, config_exists.
    std::fs::write(r.dir.join("relcore.toml"), "# mine\n").unwrap();
    let again = relcore(&["init", "--repo", r.path()], None);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("error[config_exists]"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(r.dir.join("relcore.toml")).unwrap(),
        "# mine\n"
    );
    let printed = relcore(&["init", "--print", "--repo", r.path()], None);
    assert_eq!(printed.code, 0);
    assert!(
        printed
            .stdout
            .contains("version_files = [\"package.json\"]"),
        "{}",
        printed.stdout
    );
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_definition() {
    for (shell, marker) in [
        ("bash", "_relcore()"),
        ("zsh", "#compdef relcore"),
        ("fish", "complete -c relcore"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[relcore]"),
    ] {
        let run = relcore(&["completions", shell], None);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}");
        assert!(
            run.stdout.contains("release"),
            "{shell}: subcommands are completed"
        );
    }
    let man = relcore(&["man"], None);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.contains(".TH relcore 1"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert!(man.stdout.contains("completions"));
}

/// Runs `relcore version check 1.02.3` (an error with a caret) with an environment.
fn coloured(args: &[&str], env: &[(&str, &str)]) -> bool {
    let mut command = Command::new(env!("CARGO_BIN_EXE_relcore"));
    command.args(args).args(["version", "check", "1.02.3"]);
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "TERM"] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    let out = command.output().unwrap();
    String::from_utf8(out.stderr).unwrap().contains("\x1b[")
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    // stderr is a pipe here: no colour unless asked.
    assert!(!coloured(&[], &[]));
    assert!(coloured(&["--color", "always"], &[]));
    assert!(!coloured(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(!coloured(&[], &[("CLICOLOR_FORCE", "0")]));
    assert!(
        coloured(&["--color", "always"], &[("NO_COLOR", "1")]),
        "the flag wins"
    );
}

/// A commit message full of terminal escapes (window title, screen clear, colours, a C1
/// control) cannot steer the terminal: human output and the changelog file show them as
/// control pictures; JSON keeps the text as written.
#[test]
fn commit_text_cannot_steer_the_terminal() {
    let mut r = Repo::new("escapes");
    let first = r.commit("chore: init");
    r.tag("v1.0.0", first);
    let message = "feat: title \u{1b}]0;PWNED\u{7} and \u{1b}[2J clear \u{9b}31m\n\n\
                   BREAKING CHANGE: \u{1b}[31mred\u{1b}[0m";
    r.commit(message);
    let hidden = |text: &str| text.contains(['\u{1b}', '\u{7}', '\u{9b}']);
    for args in [
        vec!["release", "--repo", r.path()],
        vec!["changelog", "--repo", r.path(), "--format", "release-notes"],
        vec!["release", "--repo", r.path(), "--write"],
    ] {
        let run = relcore(&args, None);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            !hidden(&run.stdout) && !hidden(&run.stderr),
            "{args:?}: {:?}",
            run.stdout
        );
    }
    let file = std::fs::read_to_string(r.dir.join("CHANGELOG.md")).unwrap();
    assert!(
        file.contains("title \u{241b}]0;PWNED\u{2407} and \u{241b}[2J clear \u{fffd}31m"),
        "{file}"
    );
    let parse = relcore(&["commit", "parse"], Some(message));
    assert!(!hidden(&parse.stdout), "{:?}", parse.stdout);
    let json = relcore(&["changelog", "--repo", r.path(), "--json"], None);
    assert!(
        json.stdout.contains("\\u001b]0;PWNED\\u0007"),
        "{}",
        json.stdout
    );
}
