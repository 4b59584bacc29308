//! Rendering: built-in formats and user templates in Jinja syntax (minijinja), over the
//! release model. The built-in formats are templates too, so a user can start from a copy.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use minijinja::value::{Rest, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};

use super::build::CompactRelease;
use super::limits;
use super::model::Release;
use super::view::Parts;
use crate::diagnostic::line_column;
use crate::version::Version;

/// A release the renderers take: a [`Release`], or a [`CompactRelease`] as
/// [`ReleaseBuilder`](super::ReleaseBuilder) builds it. Templates see the same `release`
/// either way.
pub trait Renderable: sealed::Sealed {}

impl Renderable for Release {}
impl Renderable for CompactRelease {}

pub(crate) mod sealed {
    use super::{Arc, Cow, Parts, Release, Version};

    /// What the renderers read of a release.
    pub trait Sealed {
        /// The compact form templates read.
        fn parts(&self) -> Arc<Parts>;
        /// The model, for JSON.
        fn model(&self) -> Cow<'_, Release>;
        /// Version, tag and compare link, for link definitions.
        fn head(&self) -> (&Version, &str, Option<&str>);
    }
}

impl sealed::Sealed for Release {
    fn parts(&self) -> Arc<Parts> {
        Arc::new(Parts::from_release(self))
    }

    fn model(&self) -> Cow<'_, Release> {
        Cow::Borrowed(self)
    }

    fn head(&self) -> (&Version, &str, Option<&str>) {
        (&self.version, &self.tag, self.compare_url.as_deref())
    }
}

impl sealed::Sealed for CompactRelease {
    fn parts(&self) -> Arc<Parts> {
        self.0.clone()
    }

    fn model(&self) -> Cow<'_, Release> {
        Cow::Owned(self.to_release())
    }

    fn head(&self) -> (&Version, &str, Option<&str>) {
        (&self.0.version, &self.0.tag, self.0.compare_url.as_deref())
    }
}

/// The built-in Keep a Changelog template.
pub const KEEP_A_CHANGELOG: &str = include_str!("templates/keep-a-changelog.md.j2");
/// The built-in release-notes template.
pub const RELEASE_NOTES: &str = include_str!("templates/release-notes.md.j2");

/// Template instructions a render may execute per entry of the release, on top of a base
/// allowance: enough for any sane template, a stop for runaway loops.
const FUEL_PER_ENTRY: u64 = 10_000;
const FUEL_BASE: u64 = 5_000_000;

/// A built-in output format.
///
/// ```
/// use relcore::changelog::Format;
/// assert_eq!("release-notes".parse::<Format>()?, Format::ReleaseNotes);
/// assert_eq!(Format::KeepAChangelog.as_str(), "keep-a-changelog");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Keep a Changelog: `## [1.5.0] - 2025-11-15`, then `### Added` … sections.
    KeepAChangelog,
    /// Release notes: highlights, features, fixes, breaking changes, dependencies,
    /// contributors.
    ReleaseNotes,
    /// The release model as JSON.
    Json,
}

impl Format {
    /// `keep-a-changelog`, `release-notes` or `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::KeepAChangelog => "keep-a-changelog",
            Format::ReleaseNotes => "release-notes",
            Format::Json => "json",
        }
    }
}

impl FromStr for Format {
    type Err = RenderError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "keep-a-changelog" => Ok(Format::KeepAChangelog),
            "release-notes" => Ok(Format::ReleaseNotes),
            "json" => Ok(Format::Json),
            other => Err(RenderError {
                kind: RenderErrorKind::UnknownFormat,
                template: String::new(),
                line: None,
                column: None,
                message: format!(
                    "unknown changelog format `{other}`, expected keep-a-changelog, release-notes or json"
                ),
            }),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A compiled changelog template. Syntax errors surface in [`Template::new`], with the
/// template's name, line and column.
///
/// ```
/// use relcore::changelog::{Config, Release, Template};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
///
/// let template = Template::new("short.j2", "{{ release.version }}: {{ release.groups | length }} groups")?;
/// let release = Release::from_commits(Version::new(1, 0, 0), None, None, &[Commit::parse("feat: x")], &Config::default())?;
/// assert_eq!(template.render(&release)?, "1.0.0: 1 groups\n");
///
/// let err = Template::new("broken.j2", "line one\n{% if %}").unwrap_err();
/// assert_eq!(err.kind().as_str(), "template_syntax");
/// assert_eq!((err.template(), err.line()), ("broken.j2", Some(2)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Template {
    env: Environment<'static>,
    name: String,
    builtin: bool,
}

impl Template {
    /// Compiles `source` as a template called `name` (used in error messages).
    pub fn new(name: &str, source: &str) -> Result<Template, RenderError> {
        Template::compile(name, source, false)
    }

    /// The template of a built-in text format; `None` for [`Format::Json`].
    ///
    /// ```
    /// use relcore::changelog::{Format, Template};
    /// assert!(Template::builtin(Format::KeepAChangelog).is_some());
    /// assert!(Template::builtin(Format::Json).is_none());
    /// ```
    pub fn builtin(format: Format) -> Option<Template> {
        let source = match format {
            Format::KeepAChangelog => KEEP_A_CHANGELOG,
            Format::ReleaseNotes => RELEASE_NOTES,
            Format::Json => return None,
        };
        // The embedded templates compile; a test proves it.
        Template::compile(format.as_str(), source, true).ok()
    }

    /// The built-in template that writes a changelog section in `format`, for inserting a
    /// release into a changelog.
    ///
    /// # Errors
    ///
    /// `unknown_format` for [`Format::Json`], which has no section.
    ///
    /// ```
    /// use relcore::changelog::{Format, Template};
    /// assert!(Template::for_section(Format::ReleaseNotes).is_ok());
    /// let err = Template::for_section(Format::Json).unwrap_err();
    /// assert_eq!(err.kind().as_str(), "unknown_format");
    /// assert_eq!(err.to_string(), "a changelog section needs a text format (keep-a-changelog or release-notes) or a template, not `json`");
    /// ```
    pub fn for_section(format: Format) -> Result<Template, RenderError> {
        Template::builtin(format).ok_or_else(|| RenderError {
            kind: RenderErrorKind::UnknownFormat,
            template: String::new(),
            line: None,
            column: None,
            message: format!(
                "a changelog section needs a text format (keep-a-changelog or release-notes) or a template, not `{format}`"
            ),
        })
    }

    /// Compiles one of relcore's own templates (its blank lines collapsed on output).
    pub(crate) fn compile_builtin(name: &str, source: &str) -> Result<Template, RenderError> {
        Template::compile(name, source, true)
    }

    fn compile(name: &str, source: &str, builtin: bool) -> Result<Template, RenderError> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.add_function("entries_of", entries_of);
        env.add_filter("escape_md", |text: Option<String>| {
            text.map(|t| super::escape_markdown_inline(&t).into_owned())
        });
        env.add_filter("escape_md_block", |text: Option<String>| {
            text.map(|t| super::escape_markdown_block(&t).into_owned())
        });
        limits::install(&mut env);
        env.add_template_owned(name.to_owned(), source.to_owned())
            .map_err(|e| {
                RenderError::from_minijinja(&e, name, source, RenderErrorKind::TemplateSyntax)
            })?;
        Ok(Template {
            env,
            name: name.to_owned(),
            builtin,
        })
    }

    /// The template's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renders `release`; the output ends with exactly one newline.
    pub fn render<R: Renderable + ?Sized>(&self, release: &R) -> Result<String, RenderError> {
        let parts = release.parts();
        let entries = parts.entry_count();
        self.render_value(&parts.value(), entries)
    }

    /// Renders with the top-level variables of `context` (a serde value that serialises
    /// to a map), under the same filters, functions and limits as a changelog: for the
    /// other messages relcore renders (announcements). The output ends with exactly one
    /// newline; a built-in template's blank lines are collapsed.
    pub(crate) fn render_context<S: Serialize>(
        &self,
        context: &S,
        items: usize,
    ) -> Result<String, RenderError> {
        self.render_with(Value::from_serialize(context), items)
    }

    /// Renders with `release` as the template's `release` variable.
    fn render_value(&self, release: &Value, entries: usize) -> Result<String, RenderError> {
        self.render_with(minijinja::context! { release => release }, entries)
    }

    /// Renders with `context` as the template's variables.
    fn render_with(&self, context: Value, entries: usize) -> Result<String, RenderError> {
        let entries = u64::try_from(entries).unwrap_or(u64::MAX);
        let mut env = self.env.clone();
        env.set_fuel(Some(
            FUEL_BASE.saturating_add(entries.saturating_mul(FUEL_PER_ENTRY)),
        ));
        let template = env.get_template(&self.name).map_err(|e| {
            RenderError::from_minijinja(&e, &self.name, "", RenderErrorKind::TemplateRender)
        })?;
        let mut out = limits::Bounded::default();
        let rendered = template.render_captured_to(context, &mut out);
        if let Err(e) = rendered {
            let source = template.source();
            let mut error = RenderError::from_minijinja(
                &e,
                &self.name,
                source,
                RenderErrorKind::TemplateRender,
            );
            if out.overflowed {
                error.message = format!(
                    "template output is larger than relcore's limit of {} MiB",
                    limits::MAX_OUTPUT >> 20
                );
            }
            return Err(error);
        }
        // minijinja writes whole UTF-8 strings; a lossless conversion.
        let text = String::from_utf8(out.text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(if self.builtin {
            tidy(&text)
        } else {
            format!("{}\n", text.trim_end())
        })
    }
}

impl fmt::Debug for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Template")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// `entries_of(release, "feat", "fix")`: the release's entries of those types, in order.
/// An entry that names a security advisory (`cve`: a CVE or GHSA id) is of type
/// `security` here, whatever its commit type, so it is listed once, as a security entry;
/// a dependency update is left out when the release lists its dependency updates, so it is
/// listed once, under them.
#[allow(
    clippy::needless_pass_by_value,
    reason = "minijinja passes template function arguments by value"
)]
fn entries_of(release: Value, types: Rest<String>) -> Result<Value, minijinja::Error> {
    let groups = release.get_attr("groups")?;
    let listed_dependencies = release
        .get_attr("dependencies")?
        .len()
        .is_some_and(|n| n > 0);
    let mut out = Vec::new();
    for group in groups.try_iter()? {
        for entry in group.get_attr("entries")?.try_iter()? {
            let cve = entry.get_attr("cve")?;
            let ty = entry.get_attr("type")?;
            let ty = if cve.is_none() || cve.is_undefined() {
                ty.as_str().map(str::to_owned)
            } else {
                Some("security".to_owned())
            };
            let Some(ty) = ty.filter(|t| types.iter().any(|x| x.eq_ignore_ascii_case(t))) else {
                continue;
            };
            if listed_dependencies && is_dependency(&entry, &ty)? {
                continue;
            }
            out.push(entry);
        }
    }
    Ok(Value::from(out))
}

/// Whether an entry is a Dependabot or Renovate update, read as the commit parser reads it.
fn is_dependency(entry: &Value, ty: &str) -> Result<bool, minijinja::Error> {
    let text = |key: &str| -> Result<Option<String>, minijinja::Error> {
        Ok(entry.get_attr(key)?.as_str().map(str::to_owned))
    };
    let description = text("description")?.unwrap_or_default();
    let commit = crate::commit::Commit {
        header: description.clone(),
        r#type: Some(std::borrow::Cow::Owned(ty.to_owned())),
        scope: text("scope")?,
        description,
        ..crate::commit::Commit::default()
    };
    Ok(crate::commit::dependency_of(&commit).is_some())
}

/// Blank lines collapsed to one, no leading blank lines, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim_start_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Renders `release` in a built-in format.
///
/// ```
/// use chrono::NaiveDate;
/// use relcore::changelog::{render, Config, Format, Release};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
///
/// let commits = [Commit::parse("fix: handle empty input"), Commit::parse("feat(api): add pagination")];
/// let date = NaiveDate::from_ymd_opt(2025, 11, 15);
/// let release = Release::from_commits(Version::new(1, 5, 0), None, date, &commits, &Config::default())?;
/// assert_eq!(
///     render(&release, Format::KeepAChangelog)?,
///     "## [1.5.0] - 2025-11-15\n\n### Added\n\n- **api**: add pagination\n\n### Fixed\n\n- handle empty input\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render<R: Renderable + ?Sized>(release: &R, format: Format) -> Result<String, RenderError> {
    // Each built-in template is compiled once, however many releases are rendered.
    static KEEP_A_CHANGELOG_TEMPLATE: std::sync::OnceLock<Option<Template>> =
        std::sync::OnceLock::new();
    static RELEASE_NOTES_TEMPLATE: std::sync::OnceLock<Option<Template>> =
        std::sync::OnceLock::new();
    let builtin = match format {
        Format::KeepAChangelog => {
            KEEP_A_CHANGELOG_TEMPLATE.get_or_init(|| Template::builtin(format))
        }
        Format::ReleaseNotes => RELEASE_NOTES_TEMPLATE.get_or_init(|| Template::builtin(format)),
        Format::Json => &None,
    };
    match builtin {
        Some(template) => template.render(release),
        None => serde_json::to_string_pretty(&release.model())
            .map(|s| s + "\n")
            .map_err(|e| RenderError {
                kind: RenderErrorKind::TemplateRender,
                template: "json".to_owned(),
                line: None,
                column: None,
                message: e.to_string(),
            }),
    }
}

/// The stable kind behind a [`RenderError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RenderErrorKind {
    /// The template does not compile: `{% if %}`.
    TemplateSyntax,
    /// The template failed while rendering: an unknown filter, a type error, a runaway loop.
    TemplateRender,
    /// The format name is not `keep-a-changelog`, `release-notes` or `json`.
    UnknownFormat,
}

impl RenderErrorKind {
    /// Every kind, for the tests and docs that enumerate the slugs.
    pub const ALL: [RenderErrorKind; 3] = [
        RenderErrorKind::TemplateSyntax,
        RenderErrorKind::TemplateRender,
        RenderErrorKind::UnknownFormat,
    ];

    /// The stable slug, e.g. `template_syntax`.
    pub fn as_str(self) -> &'static str {
        match self {
            RenderErrorKind::TemplateSyntax => "template_syntax",
            RenderErrorKind::TemplateRender => "template_render",
            RenderErrorKind::UnknownFormat => "unknown_format",
        }
    }
}

/// A template that does not compile or render, with the template's name, line and column.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct RenderError {
    kind: RenderErrorKind,
    template: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
}

impl RenderError {
    fn from_minijinja(
        e: &minijinja::Error,
        name: &str,
        source: &str,
        kind: RenderErrorKind,
    ) -> RenderError {
        let line = e.line();
        let column = e.range().map(|r| line_column(source, r.start).1);
        let message = match e.detail() {
            Some(detail) => format!("{}: {detail}", e.kind()),
            None => e.kind().to_string(),
        };
        RenderError {
            kind,
            template: name.to_owned(),
            line,
            column,
            message,
        }
    }

    /// The stable kind of this error.
    pub fn kind(&self) -> RenderErrorKind {
        self.kind
    }

    /// The name of the template.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The 1-based line in the template, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column in the template, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    fn describe(&self) -> String {
        let at = match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: ", self.template),
            (Some(l), None) => format!("{}:{l}: ", self.template),
            _ if !self.template.is_empty() => format!("{}: ", self.template),
            _ => String::new(),
        };
        let mut chars = self.message.chars();
        let message: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        format!("{at}{message}")
    }
}

impl fmt::Debug for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RenderError({:?})", self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use minijinja::value::Value;

    use super::{KEEP_A_CHANGELOG, RELEASE_NOTES, Template};
    use crate::changelog::{Config, Release};
    use crate::commit::{Commit, Person};
    use crate::version::Version;

    fn release(breaking_section: bool) -> Release {
        let config = Config {
            repository_url: Some("https://github.com/acme/api".into()),
            breaking_section,
            ..Config::default()
        };
        let commits = [
            Commit::parse("feat(api)!: drop v1 (#41)\n\nWhy.\n\nBREAKING CHANGE: use v2.\nCo-authored-by: Bo <bo@x.io>")
                .with_id("a1b2c3d4e5f6")
                .with_author(Person::new("Al", Some("al@x.io".into()))),
            Commit::parse("fix: CVE\n\nFixes: CVE-2025-12345, acme/web#7")
                .with_id("b1b2c3d4e5f6")
                .with_author(Person::new("Bo", None)),
            Commit::parse("chore(deps): bump serde from 1.0.1 to 1.0.2").with_id("c1b2c3d4e5f6"),
            Commit::parse("feat: search").with_id("d1b2c3d4e5f6"),
            Commit::parse("perf: faster"),
            Commit::parse("docs: words"),
        ];
        Release::from_commits(
            Version::new(2, 0, 0),
            Some(Version::new(1, 4, 0)),
            NaiveDate::from_ymd_opt(2025, 11, 15),
            &commits,
            &config,
        )
        .unwrap()
    }

    /// The lazy objects templates read give what `Value::from_serialize` of the model
    /// gives: the same text from every template below.
    #[test]
    fn templates_see_the_serialized_model() {
        let templates = [
            KEEP_A_CHANGELOG,
            RELEASE_NOTES,
            "{{ release }}",
            "{% for k, v in release|items %}{{ k }}={{ v }}\n{% endfor %}",
            "{{ release.groups }}|{{ release.breaking }}|{{ release.highlights }}",
            "{{ release|length }} {{ release.groups|length }} {{ release.groups[0]|length }}",
            "{{ release.groups[0].entries[0] }}",
            "{{ release.groups[0]|dictsort }}",
            "{{ release.groups[-1].title }} {{ (release.groups|first).title }} {{ (release.groups|last).title }}",
            "{% for e in release.groups[0].entries|reverse %}{{ e.id }} {{ e.short_id }} {{ e.commit_url }}\n{% endfor %}",
            "{{ release.highlights|map(attribute='description')|join(',') }}",
            "{{ release.groups|map(attribute='title')|list }}",
            "{{ release.groups|sort(attribute='title')|map(attribute='title')|join(' ') }}",
            "{% for g in release.groups %}{{ g.entries|selectattr('breaking')|list|length }}{{ g.entries|unique(attribute='type')|list|length }}{% endfor %}",
            "{% for g in release.groups %}{% for e in g.entries %}{{ e.references }} {{ e.authors }} {{ e.type }} {{ e.cve }} {{ e.body }} {{ e.breaking_note }} {{ e.hotfix }}\n{% endfor %}{% endfor %}",
            "{{ release.version }} {{ release.previous }} {{ release.tag }} {{ release.previous_tag }} {{ release.date }} {{ release.compare_url }} {{ release.hotfix }}",
            "{{ release.missing }}|{{ release.groups[0].missing }}|{{ release.groups[0].entries[0].missing }}|{{ release.groups[99] }}",
            "{{ release.contributors }} {{ release.dependencies }}",
            "{{ release.groups[0].entries[0] == release.groups[0].entries[0] }} {{ release.breaking == release.breaking }}",
            "{{ release.groups[0].entries|batch(2)|list }}",
            "{{ release['groups'][0]['entries'][0]['description'] }} {{ release.groups[0].entries[0].references[0].kind }}",
            "{{ entries_of(release, 'feat', 'fix') }}",
            "{% if release.breaking %}b{% endif %}{% if release.dependencies %}d{% endif %}{% if release.groups[0] %}g{% endif %}",
            "{{ release.groups[0].entries[1:] }} {{ release.groups|reverse|list }}",
            "{{ release|pprint }}",
        ];
        for breaking_section in [false, true] {
            for release in [
                release(breaking_section),
                release(breaking_section).mark_hotfix(),
            ] {
                let entries = release.entries().count();
                for source in templates {
                    let template = Template::new("t", source).unwrap();
                    let lazy = template.render(&release).unwrap();
                    let eager = template
                        .render_value(&Value::from_serialize(&release), entries)
                        .unwrap();
                    assert_eq!(lazy, eager, "{source}");
                }
            }
        }
    }
}
