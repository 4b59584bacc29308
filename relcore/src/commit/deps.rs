//! Dependency updates from Dependabot and Renovate subjects:
//! `chore(deps): bump serde from 1.0.1 to 1.0.2`,
//! `build(deps-dev): bump vite from 5.0.1 to 5.0.2 in /web`,
//! `fix(deps): update rust crate serde to v1.0.229`, `Bump lodash from 4.17.20 to 4.17.21`.

use super::{Commit, Dependency};

/// Scopes and types the bots use for dependency commits.
const DEP_WORDS: [&str; 5] = ["deps", "deps-dev", "dev-deps", "dependencies", "dependency"];

/// Renovate's words for what kind of package it updates.
const RENOVATE_KINDS: [&str; 20] = [
    "dependency ",
    "rust crate ",
    "npm package ",
    "module ",
    "go module ",
    "docker image ",
    "docker tag ",
    "helm release ",
    "github action ",
    "github actions ",
    "action ",
    "gem ",
    "pypi package ",
    "python package ",
    "package ",
    "plugin ",
    "terraform module ",
    "terraform provider ",
    "image ",
    "orb ",
];

pub(crate) fn dependency(commit: &Commit) -> Option<Dependency> {
    let by_scope = commit
        .scope
        .as_deref()
        .is_some_and(|s| DEP_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)))
        || commit
            .r#type
            .as_deref()
            .is_some_and(|t| DEP_WORDS.contains(&t));
    let bare_dependabot = commit.r#type.is_none() && commit.header.starts_with("Bump ");
    if !by_scope && !bare_dependabot {
        return None;
    }
    let text = commit.description.as_str();
    dependabot(text).or_else(|| renovate(text))
}

/// `bump NAME from A to B[ in PATH]`
fn dependabot(text: &str) -> Option<Dependency> {
    let rest = text
        .strip_prefix("bump ")
        .or_else(|| text.strip_prefix("Bump "))?;
    let (name, rest) = rest.split_once(" from ")?;
    let (from, rest) = rest.split_once(" to ")?;
    let (to, path) = match rest.split_once(" in ") {
        Some((to, path)) => (to, Some(path.trim().to_owned())),
        None => (rest, None),
    };
    let word = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    (word(name) && word(from) && word(to.trim())).then(|| Dependency {
        name: name.to_owned(),
        from: Some(version_text(from)),
        to: version_text(to.trim()),
        path,
    })
}

/// `update [KIND ]NAME[ digest] to V`
fn renovate(text: &str) -> Option<Dependency> {
    let rest = text
        .strip_prefix("update ")
        .or_else(|| text.strip_prefix("Update "))?;
    let rest = RENOVATE_KINDS
        .iter()
        .find_map(|k| rest.strip_prefix(k))
        .unwrap_or(rest);
    let (name, to) = rest.rsplit_once(" to ")?;
    let name = name.strip_suffix(" digest").unwrap_or(name);
    let word = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    (word(name) && word(to)).then(|| Dependency {
        name: name.to_owned(),
        from: None,
        to: version_text(to),
        path: None,
    })
}

/// `v1.2.3` → `1.2.3`; anything else as written.
fn version_text(v: &str) -> String {
    match v.strip_prefix('v') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.to_owned(),
        _ => v.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::commit::Commit;

    fn dep(msg: &str) -> Option<(String, Option<String>, String)> {
        Commit::parse(msg)
            .dependency
            .map(|d| (d.name, d.from, d.to))
    }

    #[test]
    fn bots() {
        let s = |x: &str| x.to_owned();
        assert_eq!(
            dep("chore(deps): bump serde from 1.0.1 to 1.0.2"),
            Some((s("serde"), Some(s("1.0.1")), s("1.0.2")))
        );
        assert_eq!(
            dep("fix(deps): update rust crate serde to v1.0.229"),
            Some((s("serde"), None, s("1.0.229")))
        );
        assert_eq!(
            dep("chore(deps): update dependency @types/node to v20.11.5 (#42)"),
            Some((s("@types/node"), None, s("20.11.5")))
        );
        assert_eq!(
            dep("chore(deps): update actions/checkout digest to b4ffde6"),
            Some((s("actions/checkout"), None, s("b4ffde6")))
        );
        assert_eq!(
            dep("Bump lodash from 4.17.20 to 4.17.21"),
            Some((s("lodash"), Some(s("4.17.20")), s("4.17.21")))
        );
        assert_eq!(dep("feat: bump limit from 2 to 4"), None);
        assert_eq!(dep("chore(deps): update all non-major dependencies"), None);
    }
}
