//! Python bindings of relcore: the native module `relcore._relcore`.
//!
//! Each function converts its arguments (`convert.rs`), calls one core (or relcore-git)
//! function and converts the result or error (`errors.rs`); git work runs with the GIL
//! released. The public Python API is re-exported by `python/relcore/__init__.py` and, for
//! the git functions, `python/relcore/git.py`. `python/relcore/_relcore.pyi` types and
//! documents it: its docstrings are also the functions', classes' and methods' `__doc__`
//! (`pydoc!`, from `build.rs`), so they are written once.

mod convert;
mod errors;

/// The docstring the stub `python/relcore/_relcore.pyi` gives `$name` (a function, a class,
/// `Class.method`, or `module`), as `build.rs` extracts it: Python's `help()` shows what an
/// editor shows from the stub, written once there.
macro_rules! pydoc {
    ($name:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/pydoc/", $name, ".txt"))
    };
}

#[doc = pydoc!("module")]
#[pyo3::pymodule(gil_used = false)]
#[expect(
    clippy::needless_pass_by_value,
    reason = "PyO3 passes extracted arguments by value"
)]
mod _relcore {
    use std::path::PathBuf;
    use std::sync::{Mutex, MutexGuard, PoisonError};

    use pyo3::prelude::*;
    use pyo3::pybacked::PyBackedStr;
    use pyo3::types::{PyString, PyType};
    use relcore::changelog::{Release, ReleaseRequest, Template, UpdateOptions};
    use relcore::commit::{Commit, CommitInput};
    use relcore::input::{InputError, InputKind};
    use relcore::risk::Facts;
    use relcore::version::Preid;
    use relcore_git::CommitQuery;
    use relcore_release::ReleaseOptions;

    use crate::convert::{
        self, AnnounceRequestArg, BackportsRequestArg, ChecklistArg, ClassificationArg, ConfigArg,
        ContextArgs, DateArg, HotfixRequestArg, Json, MetricsInputArg, Parsed, PolicyArgs,
        PreidBaseArg, ProjectConfigArg, ReadyFactsArg, ReleaseDateArg, ReleaseRecordArg,
        RiskPolicyArg, StringsArg, TagFormatArg, TimeArg, TimelineArg, TimelineFormatArg,
        VersionArg, WorkspaceArg, WorkspaceSettingsArg,
    };
    use crate::errors::BindingError;

    /// The name of a user template in error messages and `ChangelogError.template`.
    const TEMPLATE_NAME: &str = "template";

    /// The version of the relcore crate this module was built from.
    #[pymodule_export]
    #[allow(non_upper_case_globals)] // the Python name
    const __version__: &str = env!("CARGO_PKG_VERSION");

    #[doc = pydoc!("run_cli")]
    #[pyfunction]
    fn run_cli(py: Python<'_>, args: Vec<String>) -> i32 {
        py.detach(|| relcore_cli::run(args))
    }

    #[doc = pydoc!("Version")]
    #[pyclass(frozen, eq, ord, hash, module = "relcore", skip_from_py_object)]
    #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub struct Version(pub relcore::version::Version);

    #[pymethods]
    impl Version {
        /// Parses a strict SemVer 2.0.0 version; raises `VersionError` otherwise.
        #[new]
        fn py_new(version: PyBackedStr) -> Result<Self, BindingError> {
            Version::parse(version)
        }

        #[doc = pydoc!("Version.parse")]
        #[staticmethod]
        fn parse(version: PyBackedStr) -> Result<Self, BindingError> {
            relcore::version::Version::parse(&version)
                .map(Version)
                .map_err(|error| BindingError::Parse { error, item: None })
        }

        #[doc = pydoc!("Version.major")]
        #[getter]
        fn major(&self) -> u64 {
            self.0.major
        }

        #[doc = pydoc!("Version.minor")]
        #[getter]
        fn minor(&self) -> u64 {
            self.0.minor
        }

        #[doc = pydoc!("Version.patch")]
        #[getter]
        fn patch(&self) -> u64 {
            self.0.patch
        }

        #[doc = pydoc!("Version.prerelease")]
        #[getter]
        fn prerelease(&self) -> &str {
            self.0.pre.as_str()
        }

        #[doc = pydoc!("Version.build")]
        #[getter]
        fn build(&self) -> &str {
            self.0.build.as_str()
        }

        #[doc = pydoc!("Version.is_prerelease")]
        #[getter]
        fn is_prerelease(&self) -> bool {
            self.0.is_prerelease()
        }

        #[doc = pydoc!("Version.bump")]
        #[pyo3(
            signature = (level, *, preid = None, preid_base = PreidBaseArg::default()),
            text_signature = "($self, level, *, preid=None, preid_base=0)"
        )]
        fn bump(
            &self,
            level: Parsed<relcore::version::BumpLevel>,
            preid: Option<String>,
            preid_base: PreidBaseArg,
        ) -> Result<Self, BindingError> {
            let preid = Preid {
                identifier: preid,
                base: preid_base.0,
            };
            Ok(Version(self.0.bump(level.0, &preid)?))
        }

        fn __str__(&self) -> String {
            self.0.to_string()
        }

        fn __repr__(&self) -> String {
            format!("Version('{}')", self.0)
        }

        #[doc = pydoc!("Version.__reduce__")]
        fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String,)) {
            (slf.get_type(), (slf.get().0.to_string(),))
        }

        #[doc = pydoc!("Version.__copy__")]
        fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
            slf.clone()
        }

        #[doc = pydoc!("Version.__deepcopy__")]
        #[pyo3(signature = (memo, /))]
        fn __deepcopy__<'py>(slf: &Bound<'py, Self>, memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
            let _ = memo;
            slf.clone()
        }
    }

    #[doc = pydoc!("Requirement")]
    #[pyclass(frozen, eq, hash, module = "relcore", skip_from_py_object)]
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Requirement(pub relcore::version::Requirement);

    /// Two requirements are equal when they have the same dialect and text, so the hash
    /// is theirs.
    impl std::hash::Hash for Requirement {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            self.0.dialect().as_str().hash(state);
            self.0.as_str().hash(state);
        }
    }

    #[pymethods]
    impl Requirement {
        /// Parses `text` as a requirement of `dialect`; raises `VersionError` otherwise.
        #[new]
        #[pyo3(signature = (text, dialect = "cargo"))]
        fn py_new(text: PyBackedStr, dialect: &str) -> Result<Self, BindingError> {
            Requirement::parse(text, dialect)
        }

        #[doc = pydoc!("Requirement.parse")]
        #[staticmethod]
        #[pyo3(signature = (text, dialect = "cargo"))]
        fn parse(text: PyBackedStr, dialect: &str) -> Result<Self, BindingError> {
            let dialect = convert::dialect(dialect)?;
            Ok(Requirement(relcore::version::Requirement::parse(
                dialect, &text,
            )?))
        }

        #[doc = pydoc!("Requirement.dialect")]
        #[getter]
        fn dialect(&self) -> &'static str {
            self.0.dialect().as_str()
        }

        #[doc = pydoc!("Requirement.text")]
        #[getter]
        fn text(&self) -> &str {
            self.0.as_str()
        }

        #[doc = pydoc!("Requirement.matches")]
        fn matches(&self, version: VersionArg) -> bool {
            self.0.matches(&version.0)
        }

        #[doc = pydoc!("Requirement.intersects")]
        fn intersects(&self, other: &Bound<'_, PyAny>) -> Result<bool, BindingError> {
            if let Ok(other) = other.cast::<Requirement>() {
                return Ok(self.0.intersects(&other.get().0));
            }
            let text = other
                .cast::<PyString>()
                .map_err(|_| BindingError::RequirementType {
                    found: convert::type_name(other).unwrap_or_default(),
                })?;
            let other = relcore::version::Requirement::parse(self.0.dialect(), &text.to_cow()?)?;
            Ok(self.0.intersects(&other))
        }

        #[doc = pydoc!("Requirement.rewrite")]
        fn rewrite(&self, version: VersionArg) -> Result<String, BindingError> {
            Ok(self.0.rewrite(&version.0)?)
        }

        fn __str__(&self) -> &str {
            self.0.as_str()
        }

        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let text = PyString::new(py, self.0.as_str()).repr()?;
            Ok(format!("Requirement({text}, '{}')", self.0.dialect()))
        }

        #[doc = pydoc!("Requirement.__reduce__")]
        fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String, &'static str)) {
            let req = &slf.get().0;
            (
                slf.get_type(),
                (req.as_str().to_owned(), req.dialect().as_str()),
            )
        }

        #[doc = pydoc!("Requirement.__copy__")]
        fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
            slf.clone()
        }

        #[doc = pydoc!("Requirement.__deepcopy__")]
        #[pyo3(signature = (memo, /))]
        fn __deepcopy__<'py>(slf: &Bound<'py, Self>, memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
            let _ = memo;
            slf.clone()
        }
    }

    #[doc = pydoc!("compare")]
    #[pyfunction]
    fn compare(a: VersionArg, b: VersionArg) -> i8 {
        let (VersionArg(a), VersionArg(b)) = (a, b);
        convert::ordering(relcore::version::compare(&a, &b))
    }

    #[doc = pydoc!("sort_versions")]
    #[pyfunction]
    fn sort_versions(versions: &Bound<'_, PyAny>) -> Result<Vec<String>, BindingError> {
        let mut versions = convert::versions(versions)?;
        relcore::version::sort(&mut versions);
        Ok(versions.iter().map(ToString::to_string).collect())
    }

    #[doc = pydoc!("parse_commit")]
    #[pyfunction]
    #[pyo3(signature = (message, *, id = None, author = None, time = None))]
    fn parse_commit(
        message: PyBackedStr,
        id: Option<String>,
        author: Option<PyBackedStr>,
        time: Option<i64>,
    ) -> Result<Json, BindingError> {
        convert::json(&Commit::from(CommitInput {
            message: message.to_string(),
            id,
            author: author.map(|author| author.to_string()),
            time,
        }))
    }

    #[doc = pydoc!("lint_commit")]
    #[pyfunction]
    fn lint_commit(message: PyBackedStr) -> Result<Json, BindingError> {
        let diagnostics = relcore::commit::lint(&message);
        convert::json(&convert::code_point_diagnostics(&message, diagnostics))
    }

    #[doc = pydoc!("next_version")]
    #[pyfunction]
    #[pyo3(signature = (
        current,
        commits,
        *,
        major_types = None,
        minor_types = None,
        patch_types = None,
        breaking_always_bump_major = None,
        features_always_bump_minor = None,
        initial_version = None,
        channel = None,
        include_merges = None,
    ))]
    #[expect(
        clippy::too_many_arguments,
        reason = "one keyword argument per policy field, as in the core's Policy"
    )]
    fn next_version<'py>(
        current: Option<VersionArg>,
        commits: &Bound<'py, PyAny>,
        major_types: Option<Bound<'py, PyAny>>,
        minor_types: Option<Bound<'py, PyAny>>,
        patch_types: Option<Bound<'py, PyAny>>,
        breaking_always_bump_major: Option<Bound<'py, PyAny>>,
        features_always_bump_minor: Option<Bound<'py, PyAny>>,
        initial_version: Option<Bound<'py, PyAny>>,
        channel: Option<Bound<'py, PyAny>>,
        include_merges: Option<Bound<'py, PyAny>>,
    ) -> Result<Json, BindingError> {
        let policy = relcore::bump::Policy::try_from(PolicyArgs {
            major_types,
            minor_types,
            patch_types,
            breaking_always_bump_major,
            features_always_bump_minor,
            initial_version,
            channel,
            include_merges,
        })?;
        let commits = convert::commits(commits)?;
        let current = current.map(|VersionArg(version)| version);
        convert::json(&relcore::bump::next_version(
            current.as_ref(),
            &commits,
            &policy,
        )?)
    }

    #[doc = pydoc!("render_changelog")]
    #[pyfunction]
    #[pyo3(
        signature = (
            version,
            commits,
            *,
            previous = None,
            date = None,
            format = Parsed(relcore::changelog::Format::KeepAChangelog),
            template = None,
            hotfix = false,
            config = None,
        ),
        text_signature = "(version, commits, *, previous=None, date=None, \
                          format='keep-a-changelog', template=None, hotfix=False, config=None)"
    )]
    #[expect(
        clippy::too_many_arguments,
        reason = "one keyword argument per release input, as in the CLI's flags"
    )]
    fn render_changelog(
        version: VersionArg,
        commits: &Bound<'_, PyAny>,
        previous: Option<VersionArg>,
        date: Option<DateArg>,
        format: Parsed<relcore::changelog::Format>,
        template: Option<PyBackedStr>,
        hotfix: bool,
        config: Option<ConfigArg>,
    ) -> Result<String, BindingError> {
        let release = release(version, previous, date, commits, hotfix, config)?;
        Ok(match template {
            Some(source) => Template::new(TEMPLATE_NAME, &source)?.render(&release)?,
            None => relcore::changelog::render(&release, format.0)?,
        })
    }

    #[doc = pydoc!("update_changelog")]
    #[pyfunction]
    #[pyo3(
        signature = (
            existing,
            version,
            commits,
            *,
            previous = None,
            date = None,
            format = None,
            template = None,
            hotfix = false,
            config = None,
            take_unreleased = false,
            replace = false,
            in_version_order = false,
        ),
        text_signature = "(existing, version, commits, *, previous=None, date=None, \
                          format=None, template=None, hotfix=False, config=None, \
                          take_unreleased=False, replace=False, in_version_order=False)"
    )]
    #[expect(
        clippy::too_many_arguments,
        clippy::fn_params_excessive_bools,
        reason = "one keyword argument per release input and update option, as in the CLI's flags"
    )]
    fn update_changelog(
        existing: PyBackedStr,
        version: VersionArg,
        commits: &Bound<'_, PyAny>,
        previous: Option<VersionArg>,
        date: Option<DateArg>,
        format: Option<Parsed<relcore::changelog::Format>>,
        template: Option<PyBackedStr>,
        hotfix: bool,
        config: Option<ConfigArg>,
        take_unreleased: bool,
        replace: bool,
        in_version_order: bool,
    ) -> Result<String, BindingError> {
        let release = release(version, previous, date, commits, hotfix, config)?;
        // As the CLI's `--update`: the user's template, else the format's own when one is
        // named (JSON has none: it is no text to insert), else the changelog's own style.
        let template = match (template, format) {
            (Some(source), _) => Some(Template::new(TEMPLATE_NAME, &source)?),
            (None, Some(format)) => Some(Template::for_section(format.0)?),
            (None, None) => None,
        };
        let options = UpdateOptions {
            take_unreleased,
            replace,
            in_version_order,
        };
        Ok(relcore::changelog::insert(
            &existing,
            &release,
            template.as_ref(),
            &options,
        )?)
    }

    /// The core's release request from the converted arguments of the changelog
    /// functions.
    fn release(
        VersionArg(version): VersionArg,
        previous: Option<VersionArg>,
        date: Option<DateArg>,
        commits: &Bound<'_, PyAny>,
        hotfix: bool,
        config: Option<ConfigArg>,
    ) -> Result<Release, BindingError> {
        let request = ReleaseRequest {
            previous: previous.map(|VersionArg(version)| version),
            date: date.map(|DateArg(date)| date),
            commits: convert::commits(commits)?,
            hotfix,
            config: config.map(|ConfigArg(config)| config).unwrap_or_default(),
            ..ReleaseRequest::new(version)
        };
        Ok(Release::from_request(&request)?)
    }

    #[doc = pydoc!("classify")]
    #[pyfunction]
    #[pyo3(signature = (
        commits,
        *,
        paths = None,
        current = None,
        next = None,
        branch = None,
        hotfix = false,
        services = None,
        policy = None,
    ))]
    #[expect(
        clippy::too_many_arguments,
        reason = "one keyword argument per field of the core's Facts, and the policy"
    )]
    fn classify(
        commits: &Bound<'_, PyAny>,
        paths: Option<StringsArg>,
        current: Option<VersionArg>,
        next: Option<VersionArg>,
        branch: Option<String>,
        hotfix: bool,
        services: Option<u32>,
        policy: Option<RiskPolicyArg>,
    ) -> Result<Json, BindingError> {
        let mut facts = Facts::new(convert::commits(commits)?).with_hotfix(hotfix);
        facts.paths = paths.map(|StringsArg(paths)| paths);
        facts.current = current.map(|VersionArg(version)| version);
        facts.next = next.map(|VersionArg(version)| version);
        facts.branch = branch;
        if let Some(services) = services {
            facts = facts.with_services(services);
        }
        let policy = policy
            .map(|RiskPolicyArg(policy)| policy)
            .unwrap_or_default();
        convert::json(&relcore::risk::classify(&facts, &policy))
    }

    #[doc = pydoc!("respond")]
    #[pyfunction]
    #[pyo3(signature = (severity, *, policy = None, plan = None))]
    fn respond(
        severity: Parsed<relcore::risk::Severity>,
        policy: Option<RiskPolicyArg>,
        plan: Option<PyBackedStr>,
    ) -> Result<Json, BindingError> {
        let policy = policy
            .map(|RiskPolicyArg(policy)| policy)
            .unwrap_or_default();
        let parsed = plan.as_deref().map(convert::read_plan).transpose()?;
        let answer = relcore::risk::incident_response(severity.0, &policy, parsed.as_ref())
            .map_err(|error| BindingError::document(error, plan.as_deref().unwrap_or_default()))?;
        convert::json(&answer)
    }

    #[doc = pydoc!("hotfix_plan")]
    #[pyfunction]
    #[pyo3(signature = (request, *, policy = None))]
    fn hotfix_plan(
        request: HotfixRequestArg,
        policy: Option<RiskPolicyArg>,
    ) -> Result<Json, BindingError> {
        let policy = policy
            .map(|RiskPolicyArg(policy)| policy)
            .unwrap_or_default();
        convert::json(&relcore::hotfix::plan(&request.0, &policy)?)
    }

    #[doc = pydoc!("hotfix_backports")]
    #[pyfunction]
    #[pyo3(signature = (request))]
    fn hotfix_backports(request: BackportsRequestArg) -> Result<Json, BindingError> {
        convert::json(&request.0.backports())
    }

    #[doc = pydoc!("ready")]
    #[pyfunction]
    #[pyo3(signature = (facts, *, checklist = None, blockers_allowed = 0))]
    fn ready(
        facts: ReadyFactsArg,
        checklist: Option<ChecklistArg>,
        blockers_allowed: usize,
    ) -> Result<Json, BindingError> {
        let checklist = checklist
            .map(|ChecklistArg(checklist)| checklist)
            .unwrap_or_default();
        convert::json(&relcore::ready::evaluate(
            &facts.0,
            &checklist,
            blockers_allowed,
        )?)
    }

    #[doc = pydoc!("announce")]
    #[pyfunction]
    #[pyo3(
        signature = (request, *, template = None, format = Parsed(relcore::announce::AnnounceFormat::Text)),
        text_signature = "(request, *, template=None, format='text')"
    )]
    fn announce(
        request: AnnounceRequestArg,
        template: Option<&str>,
        format: Parsed<relcore::announce::AnnounceFormat>,
    ) -> Result<Json, BindingError> {
        let template = template
            .map(|source| Template::new(TEMPLATE_NAME, source))
            .transpose()?;
        convert::json(&relcore::announce::announce(
            &request.0,
            template.as_ref(),
            format.0,
        )?)
    }

    #[doc = pydoc!("pipeline_start")]
    #[pyfunction]
    #[pyo3(signature = (version, at, *, by = None, note = None))]
    fn pipeline_start(
        version: VersionArg,
        at: TimeArg,
        by: Option<String>,
        note: Option<String>,
    ) -> Result<Json, BindingError> {
        convert::json(&relcore::plan::start_record(
            version.0,
            at.0,
            by.as_deref(),
            note.as_deref(),
        ))
    }

    #[doc = pydoc!("pipeline_event")]
    #[pyfunction]
    #[pyo3(signature = (record, event, at, *, by = None, note = None))]
    fn pipeline_event(
        record: ReleaseRecordArg,
        event: &str,
        at: TimeArg,
        by: Option<String>,
        note: Option<String>,
    ) -> Result<Json, BindingError> {
        let event: relcore::plan::RecordEvent = event.parse()?;
        convert::json(&relcore::plan::apply_event(
            &record.0,
            event,
            at.0,
            by.as_deref(),
            note.as_deref(),
        )?)
    }

    #[doc = pydoc!("pipeline_status")]
    #[pyfunction]
    #[pyo3(signature = (record, at))]
    fn pipeline_status(record: ReleaseRecordArg, at: TimeArg) -> Result<Json, BindingError> {
        convert::json(&record.0.status(at.0)?)
    }

    #[doc = pydoc!("render_pipeline_record")]
    #[pyfunction]
    #[pyo3(signature = (record))]
    fn render_pipeline_record(record: ReleaseRecordArg) -> Result<String, BindingError> {
        Ok(record.0.to_markdown()?)
    }

    #[doc = pydoc!("check_plan")]
    #[pyfunction]
    #[pyo3(
        signature = (
            text,
            *,
            change_type = None,
            risk = None,
            start = None,
            holidays = None,
            max_canary_percentage = None,
        ),
        text_signature = "(text, *, change_type=None, risk=None, start=None, holidays=(), \
                          max_canary_percentage=None)"
    )]
    fn check_plan<'py>(
        text: PyBackedStr,
        change_type: Option<Bound<'py, PyAny>>,
        risk: Option<Bound<'py, PyAny>>,
        start: Option<Bound<'py, PyAny>>,
        holidays: Option<Bound<'py, PyAny>>,
        max_canary_percentage: Option<Bound<'py, PyAny>>,
    ) -> Result<Json, BindingError> {
        let context = relcore::plan::Context::try_from(ContextArgs {
            change_type,
            risk,
            start,
            holidays,
            max_canary_percentage,
        })?;
        let mut report = relcore::plan::validate(&text, &context);
        report.diagnostics = convert::code_point_diagnostics(&text, report.diagnostics);
        convert::json(&report)
    }

    #[doc = pydoc!("simulate_plan")]
    #[pyfunction]
    #[pyo3(
        signature = (plan, timeline, *, format = None, start = None, holidays = None, change_type = None),
        text_signature = "(plan, timeline, *, format=None, start=None, holidays=(), change_type=None)"
    )]
    fn simulate_plan<'py>(
        plan: PyBackedStr,
        timeline: TimelineArg,
        format: Option<TimelineFormatArg>,
        start: Option<Bound<'py, PyAny>>,
        holidays: Option<Bound<'py, PyAny>>,
        change_type: Option<Bound<'py, PyAny>>,
    ) -> Result<Json, BindingError> {
        let context = relcore::plan::Context::try_from(ContextArgs {
            change_type,
            risk: None,
            start,
            holidays,
            max_canary_percentage: None,
        })?;
        let simulation = match timeline {
            TimelineArg::Text(text) => {
                let format = format.map(|TimelineFormatArg(f)| f);
                relcore::plan::simulate_text_in(&plan, &text, format, &context).map_err(
                    |error| {
                        let about = error.about(&plan, &text).to_owned();
                        BindingError::document(error, &about)
                    },
                )?
            }
            TimelineArg::Records(records) => {
                relcore::plan::simulate_values(&plan, records, &context)
                    .map_err(|error| BindingError::document(error, &plan))?
            }
        };
        convert::json(&simulation)
    }

    #[doc = pydoc!("plan_order")]
    #[pyfunction]
    fn plan_order(plan: PyBackedStr) -> Result<Json, BindingError> {
        let parsed = convert::read_plan(&plan)?;
        let order = parsed
            .service_plan()
            .map_err(|error| BindingError::document(error, &plan))?;
        convert::json(&order)
    }

    #[doc = pydoc!("next_window")]
    #[pyfunction]
    #[pyo3(
        signature = (plan, *, at, holidays = None, change_type = None),
        text_signature = "(plan, *, at, holidays=(), change_type=None)"
    )]
    fn next_window<'py>(
        plan: PyBackedStr,
        at: PyBackedStr,
        holidays: Option<Bound<'py, PyAny>>,
        change_type: Option<Bound<'py, PyAny>>,
    ) -> Result<Json, BindingError> {
        let context = relcore::plan::Context::try_from(ContextArgs {
            change_type,
            risk: None,
            start: None,
            holidays,
            max_canary_percentage: None,
        })?;
        let at = relcore::plan::parse_start(&at)
            .map_err(|error| InputError::at_key(InputKind::PlanContext, "at", error.to_string()))?;
        let parsed = convert::read_plan(&plan)?;
        let next = relcore::plan::next_window(&parsed, &context, at)
            .map_err(|error| BindingError::document(error, &plan))?;
        convert::json(&next)
    }

    #[doc = pydoc!("suggest_plan")]
    #[pyfunction]
    fn suggest_plan(classification: ClassificationArg) -> String {
        relcore::risk::suggest_plan(&classification.0).to_yaml()
    }

    #[doc = pydoc!("plan_chart")]
    #[pyfunction]
    fn plan_chart(plan: PyBackedStr) -> Result<String, BindingError> {
        let parsed = convert::read_plan(&plan)?;
        Ok(relcore::plan::chart(&parsed))
    }

    #[doc = pydoc!("Repository")]
    #[pyclass(frozen, module = "relcore.git")]
    #[derive(Debug)]
    pub struct Repository {
        inner: Mutex<relcore_git::Repository>,
        /// The working directory (or the path opened, for a bare repository), for `repr`.
        root: PathBuf,
    }

    impl Repository {
        /// The repository, locked; a panic while it was locked cannot leave it half-changed
        /// (relcore-git only reads, or creates a tag in one call), so poisoning is ignored.
        fn lock(&self) -> MutexGuard<'_, relcore_git::Repository> {
            self.inner.lock().unwrap_or_else(PoisonError::into_inner)
        }
    }

    #[pymethods]
    impl Repository {
        #[doc = pydoc!("Repository.open")]
        #[staticmethod]
        #[pyo3(signature = (path = PathBuf::from(".")), text_signature = "(path='.')")]
        fn open(py: Python<'_>, path: PathBuf) -> Result<Self, BindingError> {
            py.detach(|| {
                let repo = relcore_git::Repository::open(&path)?;
                Ok(Repository {
                    root: repo.workdir().unwrap_or(path),
                    inner: Mutex::new(repo),
                })
            })
        }

        #[doc = pydoc!("Repository.head")]
        fn head(&self, py: Python<'_>) -> Result<Json, BindingError> {
            convert::json(&py.detach(|| self.lock().head())?)
        }

        #[doc = pydoc!("Repository.latest_tag")]
        #[pyo3(
            signature = (*, tag_format = TagFormatArg::default(), package = None),
            text_signature = "($self, *, tag_format='v{version}', package=None)"
        )]
        fn latest_tag(
            &self,
            py: Python<'_>,
            tag_format: TagFormatArg,
            package: Option<String>,
        ) -> Result<Json, BindingError> {
            let tag = py.detach(|| self.lock().latest_tag(&tag_format.0, package.as_deref()))?;
            convert::json(&tag)
        }

        #[doc = pydoc!("Repository.release_tags")]
        #[pyo3(
            signature = (*, tag_format = TagFormatArg::default(), package = None),
            text_signature = "($self, *, tag_format='v{version}', package=None)"
        )]
        fn release_tags(
            &self,
            py: Python<'_>,
            tag_format: TagFormatArg,
            package: Option<String>,
        ) -> Result<Json, BindingError> {
            let tags = py.detach(|| self.lock().release_tags(&tag_format.0, package.as_deref()))?;
            convert::json(&tags)
        }

        #[doc = pydoc!("Repository.commits")]
        #[pyo3(
            signature = (
                *,
                since = None,
                until = None,
                include_merges = false,
                first_parent = false,
                paths = StringsArg::default(),
                changed_paths = false,
            ),
            text_signature = "($self, *, since=None, until=None, include_merges=False, \
                              first_parent=False, paths=(), changed_paths=False)"
        )]
        #[expect(
            clippy::too_many_arguments,
            reason = "one keyword argument per field of relcore-git's CommitQuery"
        )]
        fn commits(
            &self,
            py: Python<'_>,
            since: Option<String>,
            until: Option<String>,
            include_merges: bool,
            first_parent: bool,
            paths: StringsArg,
            changed_paths: bool,
        ) -> Result<Json, BindingError> {
            let query = CommitQuery {
                since,
                until,
                include_merges,
                first_parent,
                paths: paths.0,
                changed_paths,
            };
            let commits = py.detach(|| self.lock().commits(&query))?;
            convert::json(&commits)
        }

        #[doc = pydoc!("Repository.create_tag")]
        fn create_tag(
            &self,
            py: Python<'_>,
            name: PyBackedStr,
            message: PyBackedStr,
        ) -> Result<String, BindingError> {
            let (name, message): (&str, &str) = (&name, &message);
            Ok(py.detach(|| self.lock().create_tag(name, message))?)
        }

        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            let root = PyString::new(py, &self.root.to_string_lossy());
            Ok(format!("Repository({})", root.repr()?))
        }
    }

    #[doc = pydoc!("plan_workspace")]
    #[pyfunction]
    #[pyo3(signature = (workspace, bumps, settings = None))]
    fn plan_workspace(
        workspace: WorkspaceArg,
        bumps: &Bound<'_, PyAny>,
        settings: Option<WorkspaceSettingsArg>,
    ) -> Result<Json, BindingError> {
        let bumps: Vec<relcore::workspace::PackageBump> = convert::workspace_list(bumps)?;
        let settings = settings.map(|s| s.0).unwrap_or_default();
        convert::json(&relcore::workspace::plan_workspace(
            &workspace.0,
            &bumps,
            &settings,
        )?)
    }

    #[doc = pydoc!("check_workspace")]
    #[pyfunction]
    #[pyo3(signature = (workspace, tags = None), text_signature = "(workspace, tags=())")]
    fn check_workspace(
        workspace: WorkspaceArg,
        tags: Option<&Bound<'_, PyAny>>,
    ) -> Result<Json, BindingError> {
        let tags: Vec<relcore::workspace::PackageTag> = tags
            .map(convert::workspace_list)
            .transpose()?
            .unwrap_or_default();
        convert::json(&relcore::workspace::check_versions(&workspace.0, &tags))
    }

    #[doc = pydoc!("sync_workspace")]
    #[pyfunction]
    fn sync_workspace(workspace: WorkspaceArg) -> Result<Json, BindingError> {
        convert::json(&relcore::workspace::sync_workspace(&workspace.0))
    }

    #[doc = pydoc!("plan_release_set")]
    #[pyfunction]
    fn plan_release_set(repositories: &Bound<'_, PyAny>) -> Result<Json, BindingError> {
        let repositories: Vec<relcore::workspace::SetRepository> =
            convert::workspace_list(repositories)?;
        convert::json(&relcore::workspace::plan_set(&repositories)?)
    }

    #[doc = pydoc!("compute_metrics")]
    #[pyfunction]
    #[pyo3(signature = (input, *, since = None, by = None, within_days = None))]
    fn compute_metrics(
        input: MetricsInputArg,
        since: Option<Bound<'_, PyAny>>,
        by: Option<Bound<'_, PyAny>>,
        within_days: Option<Bound<'_, PyAny>>,
    ) -> Result<Json, BindingError> {
        let options = convert::metrics_options(since, by, within_days)?;
        convert::json(&relcore::metrics::metrics(&input.0, &options)?)
    }

    #[doc = pydoc!("metrics_chart")]
    #[pyfunction]
    #[pyo3(
        signature = (input, *, since = None, by = None, within_days = None, format = Parsed(relcore::metrics::ChartFormat::Mermaid)),
        text_signature = "(input, *, since=None, by=None, within_days=None, format='mermaid')"
    )]
    fn metrics_chart(
        input: MetricsInputArg,
        since: Option<Bound<'_, PyAny>>,
        by: Option<Bound<'_, PyAny>>,
        within_days: Option<Bound<'_, PyAny>>,
        format: Parsed<relcore::metrics::ChartFormat>,
    ) -> Result<String, BindingError> {
        let options = convert::metrics_options(since, by, within_days)?;
        Ok(format
            .0
            .draw(&relcore::metrics::metrics(&input.0, &options)?))
    }

    #[doc = pydoc!("metrics")]
    #[pyfunction]
    #[pyo3(
        signature = (
            path = PathBuf::from("."),
            *,
            since = None,
            by = None,
            within_days = None,
            package = None,
            config = None,
            deployments = None,
        ),
        text_signature = "(path='.', *, since=None, by=None, within_days=None, package=None, config=None, deployments=None)"
    )]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword arguments of one Python function"
    )]
    fn metrics(
        py: Python<'_>,
        path: PathBuf,
        since: Option<Bound<'_, PyAny>>,
        by: Option<Bound<'_, PyAny>>,
        within_days: Option<Bound<'_, PyAny>>,
        package: Option<String>,
        config: Option<ProjectConfigArg>,
        deployments: Option<Bound<'_, PyAny>>,
    ) -> Result<Json, BindingError> {
        let options = convert::metrics_options(since, by, within_days)?;
        let deployments = deployments.map(|d| convert::deployments(&d)).transpose()?;
        let config = config.map(|ProjectConfigArg(config)| config);
        let report = py.detach(move || {
            relcore_release::metrics::metrics_at(
                &path,
                config,
                package.as_deref(),
                &options,
                deployments,
            )
        })?;
        convert::json(&report)
    }

    #[doc = pydoc!("release")]
    #[pyfunction]
    #[pyo3(
        signature = (
            path = PathBuf::from("."),
            *,
            date = None,
            config = None,
            channel = None,
            hotfix = false,
            package = None,
        ),
        text_signature = "(path='.', *, date=None, config=None, channel=None, hotfix=False, package=None)"
    )]
    #[pyo3(name = "release")]
    fn prepare_release(
        py: Python<'_>,
        path: PathBuf,
        date: Option<ReleaseDateArg>,
        config: Option<ProjectConfigArg>,
        channel: Option<String>,
        hotfix: bool,
        package: Option<String>,
    ) -> Result<Json, BindingError> {
        let options = ReleaseOptions {
            date: date.map(|ReleaseDateArg(date)| date),
            current: None,
            channel,
            hotfix,
            package,
            packages: Vec::new(),
        };
        let config = config.map(|ProjectConfigArg(config)| config);
        let report = py.detach(move || relcore_release::release(&path, config, &options))?;
        convert::json(&report)
    }

    #[doc = pydoc!("release_workspace")]
    #[pyfunction]
    #[pyo3(
        signature = (path = PathBuf::from("."), *, config = None, date = None, channel = None, hotfix = false, packages = Vec::new()),
        text_signature = "(path='.', *, config=None, date=None, channel=None, hotfix=False, packages=())"
    )]
    fn release_workspace(
        py: Python<'_>,
        path: PathBuf,
        config: Option<ProjectConfigArg>,
        date: Option<ReleaseDateArg>,
        channel: Option<String>,
        hotfix: bool,
        packages: Vec<String>,
    ) -> Result<Json, BindingError> {
        let config = config.map(|ProjectConfigArg(config)| config);
        let options = ReleaseOptions {
            date: date.map(|ReleaseDateArg(date)| date),
            channel,
            hotfix,
            packages,
            ..ReleaseOptions::default()
        };
        let release = py.detach(move || {
            relcore_release::workspace::prepare_workspace_at(&path, config, &options)
        })?;
        convert::json(&release)
    }

    #[doc = pydoc!("sync_plan")]
    #[pyfunction]
    #[pyo3(
        signature = (path = PathBuf::from("."), *, config = None),
        text_signature = "(path='.', *, config=None)"
    )]
    fn sync_plan(
        py: Python<'_>,
        path: PathBuf,
        config: Option<ProjectConfigArg>,
    ) -> Result<Json, BindingError> {
        let config = config.map(|ProjectConfigArg(config)| config);
        let report = py.detach(move || relcore_release::sync::sync_plan_at(&path, config))?;
        convert::json(&report)
    }

    #[doc = pydoc!("plan_set")]
    #[pyfunction]
    #[pyo3(
        signature = (path = PathBuf::from(relcore_release::set::SET_FILE)),
        text_signature = "(path='relcore-set.toml')"
    )]
    fn plan_set(py: Python<'_>, path: PathBuf) -> Result<Json, BindingError> {
        let report = py.detach(move || relcore_release::set::plan_at(&path))?;
        convert::json(&report)
    }

    #[doc = pydoc!("check_versions")]
    #[pyfunction]
    #[pyo3(
        signature = (path = PathBuf::from("."), *, config = None),
        text_signature = "(path='.', *, config=None)"
    )]
    fn check_versions(
        py: Python<'_>,
        path: PathBuf,
        config: Option<ProjectConfigArg>,
    ) -> Result<Json, BindingError> {
        let config = config.map(|ProjectConfigArg(config)| config);
        let report =
            py.detach(move || relcore_release::workspace::check_versions_at(&path, config))?;
        convert::json(&report)
    }
}
