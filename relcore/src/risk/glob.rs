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

/// A compiled glob pattern.
#[derive(Clone, Debug)]
pub(crate) struct Glob {
    /// `None` for a pattern that matches nothing (the empty pattern, `/`).
    matcher: Option<globset::GlobMatcher>,
}

impl PartialEq for Glob {
    fn eq(&self, other: &Self) -> bool {
        self.matcher.as_ref().map(|m| m.glob().glob())
            == other.matcher.as_ref().map(|m| m.glob().glob())
    }
}

impl Eq for Glob {}

impl Glob {
    /// Compiles `pattern`.
    ///
    /// # Errors
    ///
    /// The pattern is not a valid glob: the reason, in words (`unclosed character
    /// class; missing ']'`).
    pub(crate) fn new(pattern: &str) -> Result<Glob, String> {
        // A policy's patterns are compiled once per thread, however many releases
        // (the packages of a workspace) are classified with them.
        thread_local! {
            static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Result<Glob, String>>> =
                std::cell::RefCell::default();
        }
        if let Some(found) = COMPILED.with(|c| c.borrow().get(pattern).cloned()) {
            return found;
        }
        let compiled = Glob::compile(pattern);
        COMPILED.with(|c| {
            let mut cache = c.borrow_mut();
            if cache.len() >= 1024 {
                cache.clear();
            }
            cache.insert(pattern.to_owned(), compiled.clone());
        });
        compiled
    }

    fn compile(pattern: &str) -> Result<Glob, String> {
        let body = pattern.trim_end_matches('/');
        let under = body.len() < pattern.len();
        let anchored = body.contains('/');
        let text = body.trim_start_matches('/');
        if text.is_empty() {
            return Ok(Glob { matcher: None });
        }
        let mut glob = String::with_capacity(text.len() + 6);
        if !anchored {
            glob.push_str("**/");
        }
        glob.push_str(text);
        if under {
            glob.push_str("/**");
        }
        let compiled = globset::GlobBuilder::new(&glob)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| reason(&e))?;
        Ok(Glob {
            matcher: Some(compiled.compile_matcher()),
        })
    }

    /// Whether `path` matches.
    pub(crate) fn matches(&self, path: &str) -> bool {
        let Some(matcher) = &self.matcher else {
            return false;
        };
        let normalised = path.replace('\\', "/");
        let rest = normalised.trim_start_matches("./").trim_start_matches('/');
        let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            return false;
        }
        matcher.is_match(parts.join("/"))
    }
}

/// `globset`'s reason, without the pattern it quotes (ours is rewritten).
fn reason(e: &globset::Error) -> String {
    e.kind().to_string()
}

/// A list of compiled patterns, matched in order. Invalid patterns match nothing here;
/// [`classify`](super::classify) names them in an `invalid_glob` reason and
/// [`Policy::check`](super::Policy::check) reports them as errors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GlobSet {
    globs: Vec<(String, Glob)>,
}

impl GlobSet {
    /// Compiles every pattern.
    pub(crate) fn new<S: AsRef<str>>(patterns: &[S]) -> GlobSet {
        let mut set = GlobSet::default();
        for p in patterns {
            let p = p.as_ref();
            if let Ok(glob) = Glob::new(p) {
                set.globs.push((p.to_owned(), glob));
            }
        }
        set
    }

    /// The first pattern that matches `path`, as written.
    pub(crate) fn find(&self, path: &str) -> Option<&str> {
        self.globs
            .iter()
            .find(|(_, g)| g.matches(path))
            .map(|(p, _)| p.as_str())
    }
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
}
