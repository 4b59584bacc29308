//! The one error contract: every error relcore returns says what went wrong (its
//! `Display`), a stable snake_case code, where (a [`Location`]) and, when relcore knows,
//! how to fix it.
//!
//! Each module keeps its own error type with its own `#[non_exhaustive]` kind enum; the
//! [`Coded`] trait reads any of them the same way, so the CLI's `--json`, Python's
//! `err.kind`/`err.line` and Node's `err.code`/`err.line` come from one place. The
//! application crates (`relcore-release`, `relcore-git`) implement it for their errors
//! too. `docs/errors.md` lists every code; a test enumerates them.
//!
//! ```
//! use relcore::error::Coded;
//! use relcore::version::Version;
//!
//! fn report(err: &dyn Coded) -> String {
//!     let at = err.location();
//!     format!("{} at {:?}:{:?}: {err}", err.code(), at.line, at.column)
//! }
//!
//! let err = Version::parse("1.02.3").unwrap_err();
//! assert_eq!(report(&err), "leading_zero at None:None: invalid leading zero in minor version of `1.02.3` at offset 2");
//! assert_eq!(err.location().offset, Some(2));
//! ```

use crate::diagnostic::{Diagnostic, InvalidUtf8};

/// Where a problem is, as far as the error knows. Offsets are bytes into the text the
/// error is about; lines and columns are 1-based, columns counted in characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// Byte offset into the input.
    pub offset: Option<usize>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The key (document path) inside a structured value: `sections[0].title`.
    pub path: Option<String>,
    /// The template the problem is in, for template errors.
    pub template: Option<String>,
}

impl Location {
    /// A location at a byte offset only.
    pub fn at_offset(offset: usize) -> Location {
        Location {
            offset: Some(offset),
            ..Location::default()
        }
    }

    /// The location of a diagnostic.
    pub fn of(diagnostic: &Diagnostic) -> Location {
        Location {
            offset: diagnostic.offset,
            line: diagnostic.line,
            column: diagnostic.column,
            path: diagnostic.path.clone(),
            template: None,
        }
    }
}

/// What every relcore error says about itself, in one shape for every language.
pub trait Coded: std::error::Error {
    /// The stable snake_case code (`leading_zero`, `template_syntax`, `invalid_policy`).
    fn code(&self) -> &str;

    /// Where the problem is; empty when the error is not about a place in an input.
    fn location(&self) -> Location {
        Location::default()
    }

    /// How to fix it, when relcore knows.
    fn hint(&self) -> Option<String> {
        None
    }

    /// Every located problem, for errors that carry several (a plan with many problems);
    /// empty otherwise.
    fn diagnostics(&self) -> &[Diagnostic] {
        &[]
    }
}

/// Errors that say nothing but their kind: the kind's slug.
macro_rules! coded_by_kind {
    ($($error:ty),* $(,)?) => {
        $(impl Coded for $error {
            fn code(&self) -> &str {
                self.kind().as_str()
            }
        })*
    };
}

coded_by_kind!(
    crate::version::BumpError,
    crate::version::TagError,
    crate::changelog::UpdateError,
    crate::risk::ParseError,
    crate::manifest::ManifestError,
    crate::plan::ServiceOrderError,
    crate::plan::TransitionError,
    crate::hotfix::HotfixError,
    crate::ready::ReadyError,
    crate::plan::RecordError,
    crate::metrics::MetricsError,
);

/// Errors that carry located problems: the first problem's code (or `$fallback` when
/// there is none), location and hint, and every problem as [`Coded::diagnostics`].
macro_rules! coded_by_diagnostics {
    ($($error:ty => $fallback:literal),* $(,)?) => {
        $(impl Coded for $error {
            fn code(&self) -> &str {
                <$error>::diagnostics(self).first().map_or($fallback, |d| d.code.as_str())
            }
            fn location(&self) -> Location {
                <$error>::diagnostics(self).first().map(Location::of).unwrap_or_default()
            }
            fn hint(&self) -> Option<String> {
                <$error>::diagnostics(self).first().and_then(|d| d.hint.clone())
            }
            fn diagnostics(&self) -> &[Diagnostic] {
                <$error>::diagnostics(self)
            }
        })*
    };
}

coded_by_diagnostics!(
    crate::plan::ValidationErrors => "invalid_plan",
    crate::plan::SimulationError => "invalid_timeline",
);

impl Coded for crate::version::ParseError {
    fn code(&self) -> &str {
        self.kind().as_str()
    }
    fn location(&self) -> Location {
        Location::at_offset(self.offset())
    }
    fn hint(&self) -> Option<String> {
        crate::version::ParseError::hint(self)
    }
}

impl Coded for crate::version::RequirementError {
    fn code(&self) -> &str {
        self.kind().as_str()
    }
    fn location(&self) -> Location {
        Location::at_offset(self.offset())
    }
    fn hint(&self) -> Option<String> {
        crate::version::RequirementError::hint(self).map(str::to_owned)
    }
}

impl Coded for crate::workspace::WorkspaceError {
    fn code(&self) -> &str {
        self.kind().as_str()
    }
    fn location(&self) -> Location {
        self.site()
            .map(|s| Location {
                offset: Some(s.start),
                line: Some(s.line),
                column: Some(s.column),
                path: Some(s.file.clone()),
                template: None,
            })
            .unwrap_or_default()
    }
    fn hint(&self) -> Option<String> {
        crate::workspace::WorkspaceError::hint(self).map(str::to_owned)
    }
}

impl Coded for crate::changelog::RenderError {
    fn code(&self) -> &str {
        self.kind().as_str()
    }
    fn location(&self) -> Location {
        Location {
            line: self.line(),
            column: self.column(),
            template: Some(self.template().to_owned()).filter(|name| !name.is_empty()),
            ..Location::default()
        }
    }
}

impl Coded for crate::changelog::RepositoryUrlError {
    fn code(&self) -> &str {
        crate::changelog::RepositoryUrlError::code(self)
    }
}

impl Coded for crate::plan::SyntaxError {
    fn code(&self) -> &str {
        self.kind().as_str()
    }
    fn location(&self) -> Location {
        Location::at_offset(self.offset())
    }
}

impl Coded for crate::plan::UnknownTimelineFormat {
    fn code(&self) -> &str {
        crate::plan::UnknownTimelineFormat::code(self)
    }
}

impl Coded for crate::plan::TimelineError {
    fn code(&self) -> &str {
        crate::plan::TimelineError::code(self)
    }
    fn location(&self) -> Location {
        Location::of(self.diagnostic())
    }
    fn hint(&self) -> Option<String> {
        self.diagnostic().hint.clone()
    }
    fn diagnostics(&self) -> &[Diagnostic] {
        std::slice::from_ref(self.diagnostic())
    }
}

impl Coded for InvalidUtf8 {
    fn code(&self) -> &str {
        InvalidUtf8::code(self)
    }
    fn location(&self) -> Location {
        Location {
            offset: Some(self.offset),
            line: Some(self.line),
            column: Some(self.column),
            ..Location::default()
        }
    }
}

impl Coded for crate::input::InputError {
    fn code(&self) -> &str {
        crate::input::InputError::code(self)
    }
    fn location(&self) -> Location {
        Location {
            path: self.key().map(str::to_owned),
            ..Location::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_error_keeps_its_name_line_and_column() {
        let err = crate::changelog::Template::new("broken.j2", "line one\n{% if %}")
            .err()
            .unwrap_or_else(|| unreachable!("the template does not compile"));
        let coded: &dyn Coded = &err;
        assert_eq!(coded.code(), "template_syntax");
        let at = coded.location();
        assert_eq!(
            (at.template.as_deref(), at.line),
            (Some("broken.j2"), Some(2))
        );
    }

    #[test]
    fn a_plan_error_has_every_diagnostic() {
        let err = crate::plan::Plan::from_yaml("deployment: [").unwrap_err();
        assert_eq!(Coded::code(&err), "invalid_yaml");
        assert_eq!(Coded::diagnostics(&err).len(), err.diagnostics().len());
        assert!(err.location().line.is_some());
    }
}
