//! A small path glob matcher for the policy's path and branch patterns.
//!
//! The syntax is the familiar subset of `.gitignore` patterns:
//!
//! - `*` matches any run of characters within one path segment (possibly none);
//! - `?` matches exactly one character other than `/`;
//! - `**` as a whole segment matches any number of segments, none included
//!   (`**/migrations/**`, `config/**`, `a/**/b`);
//! - a pattern without a `/` (but for a trailing one) matches at any depth, so `*.sql` is
//!   `**/*.sql`; a pattern with a `/` before its end is anchored at the root, and a
//!   leading `/` does nothing but anchor (`/Makefile`);
//! - a trailing `/` means "everything under": `config/` is `**/config/**`.
//!
//! Everything else is literal, `[`, `{` and `\` included, so no pattern is invalid.
//! Matching is case-sensitive. Paths are read with `\` as `/`, without a leading `./` or
//! `/`, and with empty segments dropped; the empty path matches nothing.

/// One segment of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// `**`: any number of segments.
    AnyDepth,
    /// Characters, `*` and `?`, matched within one segment.
    Chars(Vec<Token>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`
    One,
    /// `*` (runs of stars collapse into one)
    Any,
}

/// A compiled glob pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Glob {
    segments: Vec<Segment>,
}

impl Glob {
    /// Compiles `pattern`; every pattern is valid.
    pub(crate) fn new(pattern: &str) -> Glob {
        let body = pattern.trim_end_matches('/');
        let under = body.len() < pattern.len();
        let anchored = body.contains('/');
        let text = body.trim_start_matches('/');
        if text.is_empty() {
            return Glob {
                segments: Vec::new(),
            };
        }
        let mut segments = Vec::new();
        if !anchored {
            segments.push(Segment::AnyDepth);
        }
        for part in text.split('/').filter(|p| !p.is_empty()) {
            if part == "**" {
                if segments.last() != Some(&Segment::AnyDepth) {
                    segments.push(Segment::AnyDepth);
                }
                continue;
            }
            let mut tokens = Vec::new();
            for c in part.chars() {
                let token = match c {
                    '*' => Token::Any,
                    '?' => Token::One,
                    c => Token::Char(c),
                };
                if !(token == Token::Any && tokens.last() == Some(&Token::Any)) {
                    tokens.push(token);
                }
            }
            segments.push(Segment::Chars(tokens));
        }
        if under && segments.last() != Some(&Segment::AnyDepth) {
            segments.push(Segment::AnyDepth);
        }
        Glob { segments }
    }

    /// Whether `path` matches.
    pub(crate) fn matches(&self, path: &str) -> bool {
        let normalised = path.replace('\\', "/");
        let rest = normalised.trim_start_matches("./").trim_start_matches('/');
        let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() || self.segments.is_empty() {
            return false;
        }
        wildcard(
            &self.segments,
            &parts,
            |s| *s == Segment::AnyDepth,
            |s, part| match s {
                Segment::AnyDepth => true,
                Segment::Chars(tokens) => segment_matches(tokens, part),
            },
        )
    }
}

/// Whether one segment's tokens match one path segment.
fn segment_matches(tokens: &[Token], part: &str) -> bool {
    let chars: Vec<char> = part.chars().collect();
    wildcard(
        tokens,
        &chars,
        |t| *t == Token::Any,
        |t, c| match t {
            Token::Char(x) => x == c,
            Token::One | Token::Any => true,
        },
    )
}

/// Wildcard matching of `pattern` against `items`, where `is_star` items match any run of
/// items (none included) and the others match one item when `one` says so.
///
/// The classic linear scan with backtracking to the last star: correct because a star
/// that matched more than needed can always be shortened by a later star instead. It runs
/// in `O(pattern × items)` time at worst and never recurses.
fn wildcard<P, I>(
    pattern: &[P],
    items: &[I],
    is_star: impl Fn(&P) -> bool,
    one: impl Fn(&P, &I) -> bool,
) -> bool {
    let (mut p, mut i) = (0, 0);
    // The last star seen, and the item position it is currently extended to.
    let mut star: Option<(usize, usize)> = None;
    while i < items.len() {
        match (pattern.get(p), items.get(i)) {
            (Some(token), _) if is_star(token) => {
                star = Some((p, i));
                p += 1;
            }
            (Some(token), Some(item)) if one(token, item) => {
                p += 1;
                i += 1;
            }
            _ => match star {
                Some((sp, si)) => {
                    p = sp + 1;
                    i = si + 1;
                    star = Some((sp, si + 1));
                }
                None => return false,
            },
        }
    }
    pattern.get(p..).unwrap_or_default().iter().all(is_star)
}

/// A list of compiled patterns, matched in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GlobSet {
    globs: Vec<(String, Glob)>,
}

impl GlobSet {
    /// Compiles every pattern.
    pub(crate) fn new<S: AsRef<str>>(patterns: &[S]) -> GlobSet {
        GlobSet {
            globs: patterns
                .iter()
                .map(|p| (p.as_ref().to_owned(), Glob::new(p.as_ref())))
                .collect(),
        }
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
            Glob::new(pattern).matches(path),
            "`{pattern}` should match `{path}`"
        );
    }

    #[track_caller]
    fn no(pattern: &str, path: &str) {
        assert!(
            !Glob::new(pattern).matches(path),
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
        yes("v?.sql", "v\u{e9}.sql");
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
    fn special_characters_are_literal() {
        yes("[ab].txt", "[ab].txt");
        no("[ab].txt", "a.txt");
        yes("*.{yml}", "x.{yml}");
        yes("a**b", "a-x-b");
        no("a**b", "a/x/b");
    }

    #[test]
    fn pathological_patterns_stay_fast() {
        let path = format!("{}b", "a".repeat(2000));
        no(&format!("{}c", "*a".repeat(50)), &path);
        let deep = vec!["x"; 500].join("/");
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
