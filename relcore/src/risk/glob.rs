//! Path and branch globs of the risk policy, with gitignore semantics, on `globset`.
//!
//! - `*` matches any run of characters within one path segment (possibly none), `?`
//!   exactly one byte other than `/` (as git's wildmatch: `é` is two);
//! - `[abc]`, `[a-z]`, `[!a]` are character classes, `{yaml,yml}` alternatives
//!   (`*.{yaml,yml}`, `config/*.[jt]oml`), `\` escapes the next character;
//! - `**` as a whole segment matches any number of segments, none included
//!   (`**/migrations/**`, `config/**`, `a/**/b`); elsewhere it is two stars;
//! - a pattern without a `/` (but for a trailing one) matches at any depth, so `*.sql` is
//!   `**/*.sql`; a pattern with a `/` before its end is anchored at the root, and a
//!   leading `/` does nothing but anchor (`/Makefile`);
//! - a trailing `/` means "everything under": `config/` is `**/config/**`.
//!
//! A pattern `globset` rejects (`[a`, `{a`, `[z-a]`, a trailing `\`) is an error, never
//! a pattern that silently matches nothing: [`Policy::check`](super::Policy::check)
//! reports it as `invalid_glob` with its place in the policy.
//! Matching is case-sensitive. Paths are read with `\` as `/`, without a leading `./` or
//! `/`, and with empty segments dropped; the empty path matches nothing.

/// Whether `pattern` is a valid glob.
///
/// # Errors
///
/// The reason it is not, in words (`unclosed character class; missing ']'`).
pub(crate) fn check(pattern: &str) -> Result<(), String> {
    parse(pattern).map(|_| ())
}

/// One compiled glob pattern, which the tests match paths against to check [`GlobSet`].
#[cfg(test)]
#[derive(Clone, Debug)]
pub(crate) struct Glob {
    /// `None` for a pattern that matches nothing (the empty pattern, `/`).
    matcher: Option<globset::GlobMatcher>,
}

#[cfg(test)]
impl Glob {
    /// Compiles `pattern`.
    ///
    /// # Errors
    ///
    /// The pattern is not a valid glob: the reason, in words (`unclosed character
    /// class; missing ']'`).
    pub(crate) fn new(pattern: &str) -> Result<Glob, String> {
        Ok(Glob {
            matcher: parse(pattern)?.map(|glob| glob.compile_matcher()),
        })
    }

    /// Whether `path` matches.
    pub(crate) fn matches(&self, path: &str) -> bool {
        match (&self.matcher, normalise(path)) {
            (Some(matcher), Some(path)) => matcher.is_match(path),
            _ => false,
        }
    }
}

/// Reads `pattern` with the rules above as a `globset` glob (not compiled yet); `None`
/// for a pattern that matches nothing.
fn parse(pattern: &str) -> Result<Option<globset::Glob>, String> {
    let body = pattern.trim_end_matches('/');
    let under = body.len() < pattern.len();
    let anchored = body.contains('/');
    let text = body.trim_start_matches('/');
    if text.is_empty() {
        return Ok(None);
    }
    let mut glob = String::with_capacity(text.len() + 6);
    if !anchored {
        glob.push_str("**/");
    }
    glob.push_str(text);
    if under {
        glob.push_str("/**");
    }
    globset::GlobBuilder::new(&glob)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map(Some)
        .map_err(|e| reason(&e))
}

/// `path` as the globs see it: `\` read as `/`, without a leading `./` or `/`, empty
/// segments dropped; `None` for the empty path, which matches nothing.
fn normalise(path: &str) -> Option<String> {
    let normalised = path.replace('\\', "/");
    let rest = normalised.trim_start_matches("./").trim_start_matches('/');
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `globset`'s reason, without the pattern it quotes (ours is rewritten).
fn reason(e: &globset::Error) -> String {
    e.kind().to_string()
}

/// A list of patterns, matched in order: the first that matches a path is the one named.
/// Invalid patterns match nothing here; [`classify`](super::classify) names them in an
/// `invalid_glob` reason and [`Policy::check`](super::Policy::check) reports them as
/// errors.
///
/// The valid patterns are compiled together into one `globset` set, which matches
/// extensions, prefixes and literals without a regular expression and builds one for
/// the rest: compiling each pattern on its own cost more than the rest of classifying a
/// release.
#[derive(Clone, Debug, Default)]
pub(crate) struct GlobSet {
    /// Every pattern, as written.
    patterns: Vec<String>,
    /// The compiled set of the valid ones that can match, with the index in `patterns`
    /// of each of its globs (see [`compile`]).
    compiled: Option<std::sync::Arc<(globset::GlobSet, Vec<usize>)>>,
}

impl PartialEq for GlobSet {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl Eq for GlobSet {}

impl GlobSet {
    /// Compiles every pattern.
    pub(crate) fn new<S: AsRef<str>>(patterns: &[S]) -> GlobSet {
        let patterns: Vec<String> = patterns.iter().map(|p| p.as_ref().to_owned()).collect();
        // A policy's patterns are compiled once per thread, however many releases (the
        // packages of a workspace) are classified with them.
        thread_local! {
            static COMPILED: std::cell::RefCell<std::collections::HashMap<Vec<String>, GlobSet>> =
                std::cell::RefCell::default();
        }
        if let Some(found) = COMPILED.with(|c| c.borrow().get(&patterns).cloned()) {
            return found;
        }
        let set = GlobSet {
            compiled: compile(&patterns).map(std::sync::Arc::new),
            patterns,
        };
        COMPILED.with(|c| {
            let mut cache = c.borrow_mut();
            if cache.len() >= 256 {
                cache.clear();
            }
            cache.insert(set.patterns.clone(), set.clone());
        });
        set
    }

    /// The first pattern that matches `path`, as written.
    pub(crate) fn find(&self, path: &str) -> Option<&str> {
        let (set, index) = self.compiled.as_deref()?;
        let first = set
            .matches(normalise(path)?)
            .into_iter()
            .filter_map(|i| index.get(i).copied())
            .min()?;
        self.patterns.get(first).map(String::as_str)
    }
}

/// One set of the valid patterns that can match, with the index in `patterns` of each of
/// its globs; `None` when there is none. A set fails to build only when its regular
/// expression outgrows the engine's size limit, which no pattern of a policy's size
/// reaches (one of 100,000 wildcards does not); then no pattern matches, as for an
/// invalid one.
fn compile(patterns: &[String]) -> Option<(globset::GlobSet, Vec<usize>)> {
    let mut builder = globset::GlobSetBuilder::new();
    let mut index = Vec::new();
    for (i, pattern) in patterns.iter().enumerate() {
        if let Ok(Some(glob)) = parse(pattern) {
            builder.add(glob);
            index.push(i);
        }
    }
    if index.is_empty() {
        return None;
    }
    Some((builder.build().ok()?, index))
}

#[cfg(test)]
mod tests {
    use super::{Glob, GlobSet};

    #[track_caller]
    fn yes(pattern: &str, path: &str) {
        assert!(
            Glob::new(pattern).unwrap().matches(path),
            "`{pattern}` should match `{path}`"
        );
    }

    #[track_caller]
    fn no(pattern: &str, path: &str) {
        assert!(
            !Glob::new(pattern).unwrap().matches(path),
            "`{pattern}` should not match `{path}`"
        );
    }

    #[test]
    fn literal_paths() {
        yes("config/app.yaml", "config/app.yaml");
        no("config/app.yaml", "config/app.yml");
        no("config/app.yaml", "x/config/app.yaml");
        no("Config/app.yaml", "config/app.yaml");
    }

    #[test]
    fn star_stays_in_one_segment() {
        yes("config/*", "config/app.yaml");
        no("config/*", "config/env/prod.yaml");
        yes("src/*.rs", "src/lib.rs");
        no("src/*.rs", "src/risk/mod.rs");
        yes("a*b*c", "abc");
        yes("a*b*c", "a-b-b-c");
        no("a*b*c", "a-b-b-");
        yes("*", "anything");
        yes("*", "deep/down/file");
    }

    #[test]
    fn question_mark_is_one_character() {
        yes("v?.sql", "v1.sql");
        // One byte, as in git's wildmatch: a two-byte character is two.
        no("v?.sql", "v\u{e9}.sql");
        yes("v??.sql", "v\u{e9}.sql");
        no("v?.sql", "v10.sql");
        no("v?.sql", "v.sql");
        no("a?b", "a/b");
    }

    #[test]
    fn double_star_spans_segments() {
        yes("**/migrations/**", "migrations/001_init.sql");
        yes("**/migrations/**", "db/migrations/001_init.sql");
        yes("**/migrations/**", "services/api/db/migrations/2024/001.py");
        no("**/migrations/**", "db/migration/001.sql");
        no("**/migrations/**", "db/migrationsx/001.sql");
        yes("config/**", "config/app.yaml");
        yes("config/**", "config/a/b/c.toml");
        no("config/**", "src/config/app.yaml");
        yes("a/**/b", "a/b");
        yes("a/**/b", "a/x/y/b");
        no("a/**/b", "a/x/y/c");
        yes("**", "x");
        yes("**/*.yaml", "deploy/k8s/app.yaml");
        yes("**/**/*.yaml", "app.yaml");
    }

    #[test]
    fn patterns_without_slash_match_at_any_depth() {
        yes("*.sql", "schema.sql");
        yes("*.sql", "db/schema/001.sql");
        no("*.sql", "db/schema.sql.bak");
        yes("Dockerfile", "services/api/Dockerfile");
        yes("*.env", ".env");
    }

    #[test]
    fn anchors_and_trailing_slash() {
        yes("/config/*.yaml", "config/app.yaml");
        no("/config/*.yaml", "x/config/app.yaml");
        yes("/Makefile", "Makefile");
        no("/Makefile", "sub/Makefile");
        yes("config/", "config/a/b.yaml");
        yes("config/", "deploy/config/a.yaml");
        no("config/", "configs/a.yaml");
        no("/", "a");
        yes("hotfix/**", "hotfix/login");
        yes("hotfix/**", "hotfix/2024/login");
        yes("hotfix/*", "hotfix/login");
        no("hotfix/*", "feature/hotfix-login");
    }

    #[test]
    fn path_normalisation() {
        yes("db/*.sql", "./db/x.sql");
        yes("db/*.sql", "/db/x.sql");
        yes("db/*.sql", "db\\x.sql");
        yes("db/*.sql", "db//x.sql");
        no("*", "");
        no("**", "./");
        no("", "a");
    }

    #[test]
    fn classes_and_alternatives() {
        yes("*.{yaml,yml}", "deploy/app.yaml");
        yes("*.{yaml,yml}", "app.yml");
        no("*.{yaml,yml}", "app.yamlx");
        yes("config/*.[jt]oml", "config/app.toml");
        yes("config/*.[jt]oml", "config/app.joml");
        no("config/*.[jt]oml", "config/app.xoml");
        no("config/*.[jt]oml", "config/sub/app.toml");
        yes("[ab].txt", "a.txt");
        no("[ab].txt", "c.txt");
        yes("v[!0-9].sql", "vx.sql");
        no("v[!0-9].sql", "v1.sql");
        yes("\\[ab\\].txt", "[ab].txt");
        yes("a**b", "a-x-b");
        no("a**b", "a/x/b");
        // A class never spans segments.
        no("a[/]b", "a/b");
    }

    #[test]
    fn invalid_patterns_are_errors() {
        for (pattern, reason) in [
            ("[ab.txt", "unclosed character class; missing ']'"),
            (
                "*.{yaml,yml",
                "unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)",
            ),
            (
                "config/*.yml}",
                "unopened alternate group; missing '{' (maybe escape '}' with '[}]'?)",
            ),
            ("v[z-a].sql", "invalid range; 'z' > 'a'"),
            ("dir\\", "dangling '\\'"),
        ] {
            assert_eq!(Glob::new(pattern).unwrap_err(), reason, "{pattern}");
        }
        let set = GlobSet::new(&["*.sql", "[migrations/**", "*.{yaml,yml}"]);
        assert_eq!(set.find("[migrations/x"), None);
        assert_eq!(set.find("x.yml"), Some("*.{yaml,yml}"));
    }

    #[test]
    fn pathological_patterns_stay_fast() {
        let path = format!("{}b", "a".repeat(2000));
        no(&format!("{}c", "*a".repeat(50)), &path);
        let deep = ["x"; 500].join("/");
        no(&format!("{}z", "**/x/".repeat(50)), &format!("{deep}/y"));
        yes(&"**/x/".repeat(50), &format!("{deep}/y"));
    }

    #[test]
    fn sets_report_the_first_match() {
        let set = GlobSet::new(&["*.sql", "**/migrations/**"]);
        assert_eq!(set.find("db/migrations/001.sql"), Some("*.sql"));
        assert_eq!(set.find("db/migrations/001.py"), Some("**/migrations/**"));
        assert_eq!(set.find("src/lib.rs"), None);
        assert_eq!(GlobSet::new::<&str>(&[]).find("a"), None);
    }

    /// A set names the first of its patterns that matches on its own: whichever of
    /// globset's strategies (extension, prefix, literal, regular expression) each one
    /// takes, in any order of the patterns.
    #[test]
    fn sets_agree_with_their_patterns_one_by_one() {
        let mut patterns = vec![
            "**/migrations/**",
            "**/migration/**",
            "*.sql",
            "**/config/**",
            "*.yaml",
            "*.yml",
            "*.toml",
            "config/",
            "/Makefile",
            "src/*.rs",
            "a/**/b",
            "hotfix/**",
            "*.{yaml,yml}",
            "docs/[a-c]*.md",
            "v?.sql",
            "",
            "/",
            "[bad",
            "**",
            "README.md",
        ];
        let paths = [
            "db/migrations/001.sql",
            "migrations/001.py",
            "config/app.yaml",
            "x/config/a.toml",
            "Makefile",
            "sub/Makefile",
            "src/lib.rs",
            "src/risk/mod.rs",
            "a/b",
            "a/x/y/b",
            "hotfix/login",
            "docs/about.md",
            "docs/zeta.md",
            "v1.sql",
            "v10.sql",
            "README.md",
            "./config/app.yml",
            "\\db\\migration\\x",
            "",
            "/",
            "deep/down/file.ini",
        ];
        for round in 0..patterns.len() {
            patterns.rotate_left(1);
            let set = GlobSet::new(&patterns);
            for path in paths {
                let one_by_one = patterns
                    .iter()
                    .find(|p| Glob::new(p).is_ok_and(|g| g.matches(path)))
                    .copied();
                assert_eq!(set.find(path), one_by_one, "{path:?} in round {round}");
            }
        }
    }
}
