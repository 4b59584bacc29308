//! Python bindings of relcore: the native module `relcore._relcore`.
//!
//! Each function converts its arguments (`convert.rs`), calls one core (or relcore-git)
//! function and converts the result or error (`errors.rs`); git work runs with the GIL
//! released. The public Python API is re-exported by `python/relcore/__init__.py` and, for
//! the git functions, `python/relcore/git.py`; `python/relcore/_relcore.pyi` documents it.

mod convert;
mod errors;

/// Strict SemVer 2.0.0 versions, Conventional Commits, next-version inference,
/// changelogs, release-risk classification, rollout plan checks and git repositories,
/// from relcore (Rust).
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

    /// Runs the `relcore` command in this process with `args` (the first is the program's
    /// name, as in `sys.argv`) and returns its exit code; output goes to the process's
    /// stdout and stderr. The `relcore` console script and `python -m relcore` call it: the
    /// same command as the Rust binary, with no second copy of the CLI.
    #[pyfunction]
    fn run_cli(py: Python<'_>, args: Vec<String>) -> i32 {
        py.detach(|| relcore_cli::run(args))
    }

    /// A SemVer 2.0.0 version, parsed strictly.
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

        /// Parses a strict SemVer 2.0.0 version; raises `VersionError` otherwise.
        #[staticmethod]
        fn parse(version: PyBackedStr) -> Result<Self, BindingError> {
            relcore::version::Version::parse(&version)
                .map(Version)
                .map_err(|error| BindingError::Parse { error, item: None })
        }

        /// The major version number, `1` in `1.2.3`.
        #[getter]
        fn major(&self) -> u64 {
            self.0.major
        }

        /// The minor version number, `2` in `1.2.3`.
        #[getter]
        fn minor(&self) -> u64 {
            self.0.minor
        }

        /// The patch version number, `3` in `1.2.3`.
        #[getter]
        fn patch(&self) -> u64 {
            self.0.patch
        }

        /// The pre-release identifiers joined by dots (`rc.1`), `""` for a release.
        #[getter]
        fn prerelease(&self) -> &str {
            self.0.pre.as_str()
        }

        /// The build metadata (`build.5`), `""` when there is none.
        #[getter]
        fn build(&self) -> &str {
            self.0.build.as_str()
        }

        /// `True` when the version has pre-release identifiers.
        #[getter]
        fn is_prerelease(&self) -> bool {
            self.0.is_prerelease()
        }

        /// The next version by `level`, like node-semver's `inc`; build metadata is dropped.
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

        /// Pickles through the version string.
        fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String,)) {
            (slf.get_type(), (slf.get().0.to_string(),))
        }

        /// Versions are immutable: a copy is the same object.
        fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
            slf.clone()
        }

        /// Versions are immutable: a deep copy is the same object.
        #[pyo3(signature = (memo, /))]
        fn __deepcopy__<'py>(slf: &Bound<'py, Self>, memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
            let _ = memo;
            slf.clone()
        }
    }

    /// A dependency's version requirement, parsed in its dialect: `cargo`, `npm` (node-semver
    /// ranges and the `workspace:` protocol) or `pep440`.
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

        /// Parses `text` as a requirement of `dialect` (`cargo`, `npm` or `pep440`); raises
        /// `VersionError` with the slug and the code-point offset otherwise.
        #[staticmethod]
        #[pyo3(signature = (text, dialect = "cargo"))]
        fn parse(text: PyBackedStr, dialect: &str) -> Result<Self, BindingError> {
            let dialect = convert::dialect(dialect)?;
            Ok(Requirement(relcore::version::Requirement::parse(
                dialect, &text,
            )?))
        }

        /// The dialect: `cargo`, `npm` or `pep440`.
        #[getter]
        fn dialect(&self) -> &'static str {
            self.0.dialect().as_str()
        }

        /// The requirement as written.
        #[getter]
        fn text(&self) -> &str {
            self.0.as_str()
        }

        /// Whether `version` satisfies the requirement.
        fn matches(&self, version: VersionArg) -> bool {
            self.0.matches(&version.0)
        }

        /// Whether some version satisfies both requirements; a `str` is parsed in this
        /// requirement's dialect.
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

        /// The requirement rewritten to admit `version`, in the same style, as a `str`;
        /// raises `VersionError` `cannot_rewrite` when it has no shape to carry it.
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

        /// Pickles through the text and dialect.
        fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (String, &'static str)) {
            let req = &slf.get().0;
            (
                slf.get_type(),
                (req.as_str().to_owned(), req.dialect().as_str()),
            )
        }

        /// Requirements are immutable: a copy is the same object.
        fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
            slf.clone()
        }

        /// Requirements are immutable: a deep copy is the same object.
        #[pyo3(signature = (memo, /))]
        fn __deepcopy__<'py>(slf: &Bound<'py, Self>, memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
            let _ = memo;
            slf.clone()
        }
    }

    /// SemVer precedence of two versions as -1, 0 or 1; build metadata is ignored.
    #[pyfunction]
    fn compare(a: VersionArg, b: VersionArg) -> i8 {
        let (VersionArg(a), VersionArg(b)) = (a, b);
        convert::ordering(relcore::version::compare(&a, &b))
    }

    /// The versions as strings, sorted ascending by precedence, then build metadata.
    #[pyfunction]
    fn sort_versions(versions: &Bound<'_, PyAny>) -> Result<Vec<String>, BindingError> {
        let mut versions = convert::versions(versions)?;
        relcore::version::sort(&mut versions);
        Ok(versions.iter().map(ToString::to_string).collect())
    }

    /// The commit `message` parsed as a Conventional Commit, as a dict (the core's JSON).
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

    /// Every way `message` breaks Conventional Commits 1.0, as dicts; offsets in code points.
    #[pyfunction]
    fn lint_commit(message: PyBackedStr) -> Result<Json, BindingError> {
        let diagnostics = relcore::commit::lint(&message);
        convert::json(&convert::code_point_diagnostics(&message, diagnostics))
    }

    /// The next version after `current` from `commits`, with the reasons, as a dict.
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

    /// The release `version` from `commits` rendered in `format`, or with `template`.
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

    /// The changelog `existing` with the release `version` from `commits` inserted.
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

    /// The release classification of the facts given as arguments, as a dict.
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

    /// The response to an incident of `severity` from the policy's playbooks, with the
    /// rollout plan's rollback order when a plan is given, as a dict.
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

    /// A hotfix of the production release in `request` (`relcore::hotfix::plan`), as a
    /// dict: version, tag, branch, cherry-pick candidates, classification, rollback.
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

    /// The commits of a hotfix line the main line lacks, by patch identity
    /// (`relcore::hotfix::backports`), as a dict.
    #[pyfunction]
    #[pyo3(signature = (request))]
    fn hotfix_backports(request: BackportsRequestArg) -> Result<Json, BindingError> {
        convert::json(&request.0.backports())
    }

    /// The go / no-go verdict of `facts` under `checklist` (`relcore::ready::evaluate`),
    /// as a dict.
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

    /// The announcement of `request` (`relcore::announce::announce`), with `template` (a
    /// template's source) instead of the built-in one, as a dict.
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

    /// A new release record of `version` started at `at` (`relcore::plan::start_record`),
    /// as a dict.
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

    /// The release record after `event` at `at` (`relcore::plan::apply_event`), as a
    /// dict; the record given is not changed.
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

    /// Each stage of a release record with its marker and duration at `at`
    /// (`ReleaseRecord::status`), as a dict.
    #[pyfunction]
    #[pyo3(signature = (record, at))]
    fn pipeline_status(record: ReleaseRecordArg, at: TimeArg) -> Result<Json, BindingError> {
        convert::json(&record.0.status(at.0)?)
    }

    /// The deployment record of a release record as Markdown (`ReleaseRecord::to_markdown`).
    #[pyfunction]
    #[pyo3(signature = (record))]
    fn render_pipeline_record(record: ReleaseRecordArg) -> Result<String, BindingError> {
        Ok(record.0.to_markdown()?)
    }

    /// Every problem of the rollout plan `text`, with its length, as a dict; offsets in
    /// code points.
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

    /// The rollout plan `plan` run against the metric `timeline` (text, or an iterable of
    /// record mappings read as JSON), as a dict: the outcome and every decision.
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

    /// The order in which the services of the rollout plan `plan` deploy (with the wait
    /// and health check after each) and roll back, as a dict.
    #[pyfunction]
    fn plan_order(plan: PyBackedStr) -> Result<Json, BindingError> {
        let parsed = convert::read_plan(&plan)?;
        let order = parsed
            .service_plan()
            .map_err(|error| BindingError::document(error, &plan))?;
        convert::json(&order)
    }

    /// When the next rollout of the plan `plan` may start, from `at` (local time in the
    /// plan's window), and why earlier starts are out, as a dict.
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

    /// A rollout plan that fits `classification` (a dict as `classify` returns it), as
    /// YAML text.
    #[pyfunction]
    fn suggest_plan(classification: ClassificationArg) -> String {
        relcore::risk::suggest_plan(&classification.0).to_yaml()
    }

    /// The rollout plan `plan` (YAML text) as a Mermaid gantt chart.
    #[pyfunction]
    fn plan_chart(plan: PyBackedStr) -> Result<String, BindingError> {
        let parsed = convert::read_plan(&plan)?;
        Ok(relcore::plan::chart(&parsed))
    }

    /// A git repository: release tags, commits, annotated tags (`relcore.git.Repository`).
    ///
    /// The git2 repository is not `Sync`; the mutex makes the class shareable between
    /// threads, and it is only locked with the GIL released.
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
        /// Opens the repository containing `path`, searching parent directories.
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

        /// Where HEAD is: `{"commit", "branch"}`.
        fn head(&self, py: Python<'_>) -> Result<Json, BindingError> {
            convert::json(&py.detach(|| self.lock().head())?)
        }

        /// The latest release tag of `tag_format` reachable from HEAD, by SemVer
        /// precedence, as a dict; `None` when there is none.
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

        /// Every release tag of `tag_format` reachable from HEAD, latest first, as dicts.
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

        /// The commits from `until` (HEAD) back to (excluding) `since`, newest first, as
        /// `{"commit", "paths"}` dicts.
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

        /// Creates the annotated tag `name` on HEAD with `message`; returns the tag
        /// object's id. Never moves an existing tag.
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

    /// Who releases at which version when `bumps` (mappings of `package` and `level`) are
    /// the packages' own bumps (`relcore::workspace::plan_workspace`), as a dict: the
    /// packages in dependency order with their next version, level and reasons, and the
    /// dependents' requirement rewrites. Raises `WorkspaceError`.
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

    /// What is out of step in `workspace` (`relcore::workspace::check_versions`), given
    /// each package's latest tag in `tags` (mappings of `package`, `tag`, `version`), as a
    /// list of diagnostic dicts; empty when all is in step.
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

    /// What of `workspace`'s problems can be put right mechanically
    /// (`relcore::workspace::sync_workspace`), as a dict: version changes, requirement
    /// rewrites, and the problems left unresolved.
    #[pyfunction]
    fn sync_workspace(workspace: WorkspaceArg) -> Result<Json, BindingError> {
        convert::json(&relcore::workspace::sync_workspace(&workspace.0))
    }

    /// The order, rollback order, requirement checks and problems of several repositories
    /// released together (`relcore::workspace::plan_set`), as a dict. Raises
    /// `WorkspaceError`.
    #[pyfunction]
    fn plan_release_set(repositories: &Bound<'_, PyAny>) -> Result<Json, BindingError> {
        let repositories: Vec<relcore::workspace::SetRepository> =
            convert::workspace_list(repositories)?;
        convert::json(&relcore::workspace::plan_set(&repositories)?)
    }

    /// Release metrics of the facts in `input` (releases, commits, deployments;
    /// `relcore::metrics::metrics`), as a dict: releases per period, lead time, hotfix
    /// and revert shares, fixed releases, pre-release cycles, deployment metrics.
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

    /// The metrics of `input` drawn as releases per period with the median lead time: a
    /// Mermaid `xychart-beta` (`format="mermaid"`) or an SVG document (`format="svg"`).
    #[pyfunction]
    #[pyo3(signature = (input, *, since = None, by = None, within_days = None, format = "mermaid"))]
    fn metrics_chart(
        input: MetricsInputArg,
        since: Option<Bound<'_, PyAny>>,
        by: Option<Bound<'_, PyAny>>,
        within_days: Option<Bound<'_, PyAny>>,
        format: &str,
    ) -> Result<String, BindingError> {
        let options = convert::metrics_options(since, by, within_days)?;
        let metrics = relcore::metrics::metrics(&input.0, &options)?;
        match format {
            "mermaid" => Ok(relcore::metrics::chart(&metrics)),
            "svg" => Ok(relcore::metrics::svg(&metrics)),
            other => Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown chart format `{other}`: expected `mermaid` or `svg`"
            ))
            .into()),
        }
    }

    /// Release metrics of the repository at `path` from its history and tags, as
    /// `relcore metrics --json` prints them; `deployments` are deployment records
    /// (mappings of version, started, finished, outcome, restored).
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

    /// The next release of the repository at `path`, prepared but not carried out, as a
    /// dict: `relcore release --json` without `tagged` and `files`.
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

    /// Every package's release of the repository at `path`, planned together and prepared
    /// (`relcore release --json` with `[packages]`, without what writing adds), as a
    /// dict.
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

    /// What `relcore sync --json` would change across the packages of the repository at
    /// `path` (a dry run: nothing is written), as a dict.
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

    /// The plan of the release set in the file at `path` (`relcore set plan --json`), as
    /// a dict.
    #[pyfunction]
    #[pyo3(
        signature = (path = PathBuf::from(relcore_release::set::SET_FILE)),
        text_signature = "(path='relcore-set.toml')"
    )]
    fn plan_set(py: Python<'_>, path: PathBuf) -> Result<Json, BindingError> {
        let report = py.detach(move || relcore_release::set::plan_at(&path))?;
        convert::json(&report)
    }

    /// Version conflicts across the packages of the repository at `path`
    /// (`relcore check versions --json`), as a dict.
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
