//! `relcore sync`: fixed groups aligned and internal requirements rewritten, only those
//! bytes, every file or none.

use crate::release::Repo;
use crate::util::relcore;

const CONFIG: &str = "[packages.core]\npath = \"crates/core\"\n\
                      [packages.cli]\npath = \"crates/cli\"\n\
                      [packages.web]\npath = \"web\"\n\
                      [packages.admin]\npath = \"admin\"\n\
                      [groups.front]\nkind = \"fixed\"\nmembers = [\"web\", \"admin\"]\n";

const CORE: &str = "[package]\nname = \"acme-core\"\nversion = \"2.0.0\"\n";
const CLI: &str = "[package]\nname = \"acme-cli\"\nversion = \"0.3.0\"\n\n[dependencies]\n\
                   acme-core = { path = \"../core\", version = \"~1.4\" }  # pinned\nserde = \"1.0\"\n";
const WEB: &str = "{\n  \"name\": \"web\",\n  \"version\": \"1.2.0\",\n  \"dependencies\": {\n    \"admin\": \"^1.1.0\",\n    \"left-pad\": \"^1.0.0\"\n  }\n}\n";
const ADMIN: &str = "{\n  \"name\":    \"admin\",\n\t\"version\" : \"1.1.0\"\n}\n";

/// A Cargo workspace (core, cli) and an npm one (web, admin, a fixed group) in one
/// repository, out of sync: admin behind web, cli's `~1.4` excluding core's 2.0.0. (web's
/// `^1.1.0` admits admin's 1.2.0: left alone.)
fn workspace(name: &str) -> Repo {
    let mut r = Repo::new(name);
    r.commit_in(CONFIG, "relcore.toml");
    r.commit_in("[workspace]\nmembers = [\"crates/*\"]\n", "Cargo.toml");
    r.commit_in(CORE, "crates/core/Cargo.toml");
    r.commit_in(CLI, "crates/cli/Cargo.toml");
    r.commit_in(WEB, "web/package.json");
    r.commit_in(ADMIN, "admin/package.json");
    r
}

fn read(r: &Repo, file: &str) -> String {
    std::fs::read_to_string(r.dir.join(file)).unwrap()
}

const FILES: [(&str, &str); 4] = [
    ("crates/core/Cargo.toml", CORE),
    ("crates/cli/Cargo.toml", CLI),
    ("web/package.json", WEB),
    ("admin/package.json", ADMIN),
];

#[test]
fn sync_aligns_fixed_groups_and_rewrites_requirements_byte_for_byte() {
    let r = workspace("sync");

    // Dry run: the changes, located; nothing written; exit 1 (not in sync yet).
    let run = relcore(&["sync", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["written"], false);
    let version = &doc["versions"][0];
    assert_eq!(
        (
            version["package"].as_str(),
            version["from"].as_str(),
            version["to"].as_str()
        ),
        (Some("admin"), Some("1.1.0"), Some("1.2.0"))
    );
    assert_eq!(version["at"]["file"], "admin/package.json");
    assert_eq!(version["at"]["line"], 3);
    assert_eq!(doc["versions"].as_array().unwrap().len(), 1, "{doc:#}");
    let rewrites = doc["rewrites"].as_array().unwrap();
    assert_eq!(rewrites.len(), 1, "{doc:#}");
    assert_eq!(
        (
            rewrites[0]["package"].as_str(),
            rewrites[0]["dependency"].as_str(),
            rewrites[0]["old"].as_str(),
            rewrites[0]["new"].as_str()
        ),
        (Some("cli"), Some("core"), Some("~1.4"), Some("~2.0"))
    );
    assert_eq!(rewrites[0]["at"]["file"], "crates/cli/Cargo.toml");
    assert_eq!(
        doc["files"],
        serde_json::json!([
            {"path": "admin/package.json", "state": "would_change"},
            {"path": "crates/cli/Cargo.toml", "state": "would_change"}
        ])
    );
    assert_eq!(doc["unresolved"], serde_json::json!([]));
    for (file, text) in FILES {
        assert_eq!(read(&r, file), text, "a dry run writes nothing: {file}");
    }
    let run = relcore(&["sync", "--repo", r.path()], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "admin/package.json:3:15: admin 1.1.0 -> 1.2.0 (fixed group `front` is at 1.2.0)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("crates/cli/Cargo.toml:6:44: cli requires core `~1.4` -> `~2.0`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("would update admin/package.json"),
        "{}",
        run.stdout
    );

    // --write: exactly those bytes change; then everything is in sync (exit 0).
    let run = relcore(&["sync", "--repo", r.path(), "--write", "--json"], None);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["written"], true);
    assert_eq!(run.json()["files"][0]["state"], "written");
    assert_eq!(
        read(&r, "admin/package.json"),
        ADMIN.replace("1.1.0", "1.2.0")
    );
    assert_eq!(
        read(&r, "crates/cli/Cargo.toml"),
        CLI.replace("~1.4", "~2.0")
    );
    assert_eq!(read(&r, "web/package.json"), WEB);
    assert_eq!(read(&r, "crates/core/Cargo.toml"), CORE);
    let run = relcore(&["sync", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("nothing to sync; 0 problems left"),
        "{}",
        run.stdout
    );
    let run = relcore(&["check", "versions", "--repo", r.path()], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn what_needs_a_person_is_reported_located_and_exits_1() {
    let mut r = workspace("sync-unresolved");
    // admin wants another left-pad than web: no rewrite can settle that.
    r.commit_in(
        &ADMIN.replace(
            "\"1.1.0\"\n",
            "\"1.1.0\",\n  \"dependencies\": { \"left-pad\": \"^2.0.0\" }\n",
        ),
        "admin/package.json",
    );
    let run = relcore(&["sync", "--repo", r.path(), "--write"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[conflicting_requirements]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> "), "{}", run.stderr);
    assert!(
        run.stdout.contains("2 changes written; 1 problem left"),
        "{}",
        run.stdout
    );
    let run = relcore(&["sync", "--repo", r.path(), "--json"], None);
    assert_eq!(run.code, 1);
    let doc = run.json();
    assert_eq!(doc["unresolved"][0]["code"], "conflicting_requirements");
    assert!(doc["unresolved"][0]["path"].is_string(), "{doc:#}");
    assert_eq!(doc["files"], serde_json::json!([]));
}

#[cfg(unix)]
#[test]
fn a_write_that_cannot_happen_changes_no_file() {
    use std::os::unix::fs::PermissionsExt;
    let r = workspace("sync-readonly");
    let cli = r.dir.join("crates/cli/Cargo.toml");
    std::fs::set_permissions(&cli, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = relcore(&["sync", "--repo", r.path(), "--write", "--json"], None);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.json()["code"], "read_only_file", "{}", run.stdout);
    for (file, text) in FILES {
        assert_eq!(read(&r, file), text, "{file} unchanged");
    }
    std::fs::set_permissions(&cli, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn cargo_lock_follows_the_crates_whose_versions_change() {
    let mut r = Repo::new("sync-lock");
    r.commit_in(
        "[packages.core]\npath = \"crates/core\"\n[packages.cli]\npath = \"crates/cli\"\n\
         [groups.tools]\nkind = \"fixed\"\nmembers = [\"core\", \"cli\"]\n",
        "relcore.toml",
    );
    r.commit_in("[workspace]\nmembers = [\"crates/*\"]\n", "Cargo.toml");
    r.commit_in(CORE, "crates/core/Cargo.toml");
    let cli = "[package]\nname = \"acme-cli\"\nversion = \"1.9.0\"\n\n[dependencies]\n\
               acme-core = { path = \"../core\", version = \"2\" }\n";
    r.commit_in(cli, "crates/cli/Cargo.toml");
    let lock = "# This file is automatically @generated by Cargo.\nversion = 4\n\n\
                [[package]]\nname = \"acme-cli\"\nversion = \"1.9.0\"\ndependencies = [\n \"acme-core\",\n]\n\n\
                [[package]]\nname = \"acme-core\"\nversion = \"2.0.0\"\n\n\
                [[package]]\nname = \"serde\"\nversion = \"1.9.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    r.commit_in(lock, "Cargo.lock");
    let run = relcore(&["sync", "--repo", r.path(), "--write", "--json"], None);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.json()["files"],
        serde_json::json!([
            {"path": "Cargo.lock", "state": "written"},
            {"path": "crates/cli/Cargo.toml", "state": "written"}
        ])
    );
    assert_eq!(
        read(&r, "crates/cli/Cargo.toml"),
        cli.replace("1.9.0", "2.0.0")
    );
    assert_eq!(
        read(&r, "Cargo.lock"),
        lock.replacen("version = \"1.9.0\"", "version = \"2.0.0\"", 1),
        "only acme-cli's entry changes, not serde's"
    );
}
