//! Every package's release in one run: one walk of the history gives each package its
//! commits since its own latest tag under its own paths ([`Repository::fold_packages`]);
//! each package's own level, then the groups and the dependents
//! ([`relcore::workspace::plan_workspace`]) decide every version; each releasing package
//! is prepared as `relcore release --package NAME` prepares it, at the plan's version,
//! with its dependency updates in its changelog. [`plan_workspace_files`] computes every
//! file in memory (the dependents' requirements, each package's changelog and version
//! files), and [`crate::apply::apply_all`] writes them all or nothing, makes one release
//! commit and creates every package's tag.

use std::collections::HashSet;
use std::path::Path;

use relcore::bump::{Decision, Level, Tally};
use relcore::diagnostic::Diagnostic;
use relcore::manifest::{FileKind, LockChange, read_dependencies, update_package_lock};
use relcore::version::Version;
use relcore::workspace::{
    PackageBump, PackageTag, RequirementRewrite, Settings, SummaryEntry, WorkspacePlan,
    insert_summary, render_summary,
};
use relcore_git::{CommitQuery, PackageRange, Repository};
use serde::{Deserialize, Serialize};

use super::{Loaded, load};
use crate::apply::{
    ApplyOptions, FileChange, FilePlan, FileState, Overlay, Refusal, plan_files_over,
};
use crate::config::{ProjectConfig, VersionFile};
use crate::error::ReleaseError;
use crate::files::resolve;
use crate::prepare::{Gathered, ReleaseOptions, ReleaseReport, complete, no_tag_warning};

/// Every package's release, prepared together: what `relcore release` shows in a
/// repository with `[packages]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkspaceRelease {
    /// Every package read, dependencies first, with its next version (or none) and why;
    /// and every requirement of a dependent to rewrite.
    pub plan: WorkspacePlan,
    /// Each package that releases, in the plan's order, prepared as
    /// `relcore release --package NAME` prepares it, at the plan's version.
    pub packages: Vec<PackageRelease>,
    /// Manifests and version files that could not be read: those packages are left out.
    pub problems: Vec<Diagnostic>,
}

/// One package's release in a [`WorkspaceRelease`]. Serialised, the report's keys sit
/// beside `name`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PackageRelease {
    /// The package's `[packages]` name.
    pub name: String,
    /// The file its version was read from (its first version file, else its manifest),
    /// which the release sets when it has no `version_files`.
    pub version_file: Option<String>,
    /// Its changelog, relative to the repository root.
    pub changelog: Option<String>,
    /// Its release: version, reasons, changelog section, notes, classification.
    #[serde(flatten)]
    pub report: ReleaseReport,
}

/// What the walk gave one package.
struct Walked {
    /// The package's name.
    name: String,
    /// The package's own configuration.
    config: ProjectConfig,
    /// Its latest release tag reachable from HEAD, as `load` found it.
    tag: Option<PackageTag>,
    /// Its commits since that tag, and the paths they change.
    own: Gathered,
    /// With `[changelog] prereleases = "fold"` after a pre-release: its commits since its
    /// latest stable release, for the stable release's changelog, and that release's
    /// version (none before the first).
    cycle: Option<(Gathered, Option<Version>)>,
    /// Its own decision.
    decision: Decision,
}

/// The packages of `loaded` with their commits, from one walk, and each one's own
/// decision; with `changed_paths`, each commit's paths (for the classification), else
/// only which packages each commit touches.
fn walk(
    repo: &Repository,
    config: &ProjectConfig,
    loaded: &Loaded,
    options: &ReleaseOptions,
    changed_paths: bool,
) -> Result<Vec<Walked>, ReleaseError> {
    let mut ranges: Vec<PackageRange> = Vec::new();
    // Per package: its configuration, tag, and the index of its cycle range.
    let mut packages = Vec::new();
    for package in &loaded.workspace.packages {
        let Some(mut own) = package_config(config, &package.name) else {
            continue;
        };
        if options.channel.is_some() {
            own.bump.channel.clone_from(&options.channel);
        }
        let tag = loaded
            .tags
            .iter()
            .find(|t| t.package == package.name && t.tag.is_some())
            .cloned();
        ranges.push(PackageRange {
            since: tag.as_ref().and_then(|t| t.tag.clone()),
            paths: own.git.paths.clone(),
        });
        let cycle = if own.changelog.prereleases.fold()
            && tag.as_ref().is_some_and(|t| t.version.is_prerelease())
        {
            let stable = repo.latest_stable_tag(&own.tag_format, own.package.as_deref())?;
            ranges.push(PackageRange {
                since: stable.as_ref().map(|t| t.name.clone()),
                paths: own.git.paths.clone(),
            });
            Some((ranges.len() - 1, stable.map(|t| t.version)))
        } else {
            None
        };
        let at = ranges.len() - 1 - usize::from(cycle.is_some());
        // Without a tag of its own, a package releases from its manifest's version, as
        // the plan does.
        let current = tag
            .as_ref()
            .map_or_else(|| package.version.clone(), |t| t.version.clone());
        packages.push((package.name.clone(), own, tag, current, at, cycle));
    }
    let query = CommitQuery {
        include_merges: true,
        first_parent: config.git.first_parent,
        changed_paths,
        ..CommitQuery::default()
    };
    let mut gathered: Vec<(Gathered, HashSet<String>)> = vec![Default::default(); ranges.len()];
    repo.fold_packages(&ranges, &query, |i, c| {
        if let Some(((commits, paths), seen)) = gathered.get_mut(i) {
            for path in &c.paths {
                if seen.insert(path.clone()) {
                    paths.push(path.clone());
                }
            }
            commits.push(c.commit.clone());
        }
    })?;
    let mut take = |i: usize| {
        gathered
            .get_mut(i)
            .map(|(g, _)| std::mem::take(g))
            .unwrap_or_default()
    };
    let mut walked = Vec::with_capacity(packages.len());
    for (name, config, tag, current, own, cycle) in packages {
        let own = take(own);
        let cycle = cycle.map(|(at, stable)| (take(at), stable));
        let mut tally = Tally::new(&config.bump);
        for commit in &own.0 {
            tally.add(commit);
        }
        let decision = tally.decide(Some(&current))?;
        walked.push(Walked {
            name,
            config,
            tag,
            own,
            cycle,
            decision,
        });
    }
    Ok(walked)
}

/// The plan of `loaded` from each package's own decision.
fn plan(
    config: &ProjectConfig,
    loaded: &Loaded,
    walked: &[Walked],
    only: &[String],
) -> Result<WorkspacePlan, ReleaseError> {
    let bumps: Vec<PackageBump> = walked
        .iter()
        .filter(|w| only.is_empty() || only.contains(&w.name))
        .filter_map(|w| {
            // A pre-release finalised with no commit that asks for a level: a patch
            // takes it to its release (`1.3.0-rc.2` → `1.3.0`).
            let finalised = w.decision.next.as_ref().map(|_| Level::Patch);
            Some(PackageBump {
                package: w.name.clone(),
                level: w.decision.level.or(finalised)?,
            })
        })
        .collect();
    let settings = Settings {
        update_dependents: config.update_dependents,
        channels: walked
            .iter()
            .filter_map(|w| Some((w.name.clone(), w.config.bump.channel.clone()?)))
            .collect(),
    };
    Ok(relcore::workspace::plan_workspace(
        &loaded.workspace,
        &bumps,
        &settings,
    )?)
}

/// The plan of every package from one walk of the history: what `relcore next` says
/// for a repository with `[packages]` ([`super::next`]).
pub(super) fn plan_all(
    repo: &Repository,
    config: &ProjectConfig,
    options: &ReleaseOptions,
) -> Result<(WorkspacePlan, Loaded), ReleaseError> {
    let loaded = load(repo, config)?;
    let walked = walk(repo, config, &loaded, options, false)?;
    Ok((plan(config, &loaded, &walked, &options.packages)?, loaded))
}

/// Prepares every package's release: one walk of the history, the plan, and each
/// releasing package's report at the plan's version (its changelog section with its
/// dependency updates, notes, classification). Nothing is written.
///
/// # Errors
///
/// As [`super::load`]; a package's own decision (`would_not_advance`, …); the plan's
/// (`dependency_cycle`, `cannot_rewrite`, …); as [`crate::prepare()`] for each package
/// (a template, the rollout plan).
pub fn prepare_workspace(
    repo: &Repository,
    config: &ProjectConfig,
    options: &ReleaseOptions,
) -> Result<WorkspaceRelease, ReleaseError> {
    // The commits nearest HEAD are compared while the tags and manifests are read.
    repo.compare_ahead();
    let head = repo.head()?;
    let config = &crate::prepare::with_remote_links(repo, config);
    let loaded = load(repo, config)?;
    let mut walked = walk(repo, config, &loaded, options, true)?;
    let plan = plan(config, &loaded, &walked, &options.packages)?;
    // Each releasing package's report, prepared on two threads: they share nothing. Its
    // commits are moved out of what the walk gave it, not copied.
    let mut taken = Vec::new();
    for package in &plan.packages {
        let Some(next) = &package.next else {
            continue;
        };
        let (Some(read), Some((at, w))) = (
            loaded
                .workspace
                .packages
                .iter()
                .find(|p| p.name == package.name),
            walked
                .iter_mut()
                .enumerate()
                .find(|(_, w)| w.name == package.name),
        ) else {
            continue;
        };
        let (report, gathered, previous) = report_of(package, next, w, head.branch.clone());
        taken.push((package, read, at, report, (gathered, previous)));
    }
    let mut jobs: Vec<_> = taken
        .into_iter()
        .filter_map(|(package, read, at, report, gathered)| {
            Some((package, read, walked.get(at)?, report, gathered))
        })
        .collect();
    let root = repo.workdir();
    let branch = head.branch.clone();
    let prepare_one = |(package, read, w, report, (gathered, previous)): (
        &relcore::workspace::PackagePlan,
        &relcore::workspace::Package,
        &Walked,
        ReleaseReport,
        (Gathered, Option<Version>),
    )|
     -> Result<PackageRelease, ReleaseError> {
        let report = complete(
            root.as_deref(),
            &w.config,
            options,
            branch.clone(),
            report,
            (gathered, previous),
            |release| package.with_updates(release),
        )?;
        Ok(PackageRelease {
            name: package.name.clone(),
            version_file: read.version_at.as_ref().map(|site| site.file.clone()),
            changelog: Some(w.config.changelog.path.clone()),
            report,
        })
    };
    let half = jobs.len().div_ceil(2);
    let second: Vec<_> = jobs.split_off(half);
    let (first, second) = std::thread::scope(|scope| {
        let other = scope.spawn(|| second.into_iter().map(prepare_one).collect::<Vec<_>>());
        let first: Vec<_> = jobs.into_iter().map(prepare_one).collect();
        // A panic there is one here, as it would be on one thread.
        let second = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    });
    let packages = first
        .into_iter()
        .chain(second)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(WorkspaceRelease {
        plan,
        packages,
        problems: loaded.problems,
    })
}

/// A releasing package's report before it is completed, and the commits (and their
/// paths) it releases, moved out of what the walk gave it.
fn report_of(
    package: &relcore::workspace::PackagePlan,
    next: &Version,
    w: &mut Walked,
    branch: Option<String>,
) -> (ReleaseReport, Gathered, Option<Version>) {
    let conventional = w.own.0.iter().filter(|c| c.r#type.is_some()).count();
    let own = w.own.0.len();
    // The release before, for the compare link: a tagged one; after pre-releases, the
    // stable one the whole cycle starts from.
    let (commits, paths, previous) =
        if let (Some((cycle, stable)), false) = (&mut w.cycle, next.is_prerelease()) {
            let (commits, paths) = std::mem::take(cycle);
            (commits, paths, stable.clone())
        } else {
            let (commits, paths) = std::mem::take(&mut w.own);
            let tagged = w.tag.as_ref().and(w.decision.current.clone());
            (commits, paths, tagged)
        };
    // The package's own decision, at the version and level the plan gave it.
    let decision = Decision {
        current: w.decision.current.clone(),
        next: Some(next.clone()),
        level: package.level,
        reasons: w.decision.reasons.clone(),
    };
    let report = ReleaseReport::decided(
        decision,
        w.tag.as_ref().and_then(|t| t.tag.clone()),
        commits.len(),
        branch,
        no_tag_warning(w.tag.is_some(), own, conventional)
            .into_iter()
            .collect(),
    );
    (report, (commits, paths), previous)
}

/// The files of a workspace's release, computed in memory: the dependents' rewritten
/// requirements, then each releasing package's changelog and version files (its
/// `version_files`, else the manifest its version was read from). A file that several
/// packages change (a shared `Cargo.lock`, a workspace root's version) gets each change
/// in turn.
///
/// # Errors
///
/// As [`crate::plan_files`].
pub fn plan_workspace_files(
    root: &Path,
    config: &ProjectConfig,
    release: &WorkspaceRelease,
    options: &ApplyOptions,
) -> Result<FilePlan, ReleaseError> {
    let mut overlay = Overlay::new();
    let mut files: Vec<FileChange> = Vec::new();
    if let Some(refusal) =
        rewrite_requirements(root, &release.plan.rewrites, &mut overlay, &mut files)?
    {
        return Ok(FilePlan::Refused(refusal));
    }
    for package in &release.packages {
        let (Some(model), Some(mut own)) = (
            &package.report.release,
            package_config(config, &package.name),
        ) else {
            continue;
        };
        if own.version_files.is_empty()
            && let Some(file) = &package.version_file
        {
            own.version_files.push(VersionFile::Path(file.clone()));
        }
        let section = package.report.section.as_deref().unwrap_or_default();
        match plan_files_over(root, &own, model, section, options, &overlay)? {
            FilePlan::Ready(changes) => {
                for change in changes {
                    merge(&mut files, &mut overlay, change);
                }
            }
            FilePlan::Refused(refusal) => {
                return Ok(FilePlan::Refused(Refusal {
                    message: format!("package `{}`: {}", package.name, refusal.message),
                    ..refusal
                }));
            }
        }
    }
    match npm_lock(root, release, &overlay)? {
        Ok(Some(change)) => merge(&mut files, &mut overlay, change),
        Ok(None) => {}
        Err(refusal) => return Ok(FilePlan::Refused(refusal)),
    }
    if let Some(summary) = &config.changelog.workspace
        && !release.packages.is_empty()
    {
        let change = summary_change(root, summary, release, &overlay)?;
        merge(&mut files, &mut overlay, change);
    }
    Ok(FilePlan::Ready(files))
}

/// The directory of a `package.json` (`""` at the root), relative to the repository.
fn npm_member(file: &str) -> Option<&str> {
    if file == "package.json" {
        Some("")
    } else {
        file.strip_suffix("/package.json")
    }
}

/// The npm workspace's lockfile (`npm-shrinkwrap.json`, else `package-lock.json`, at the
/// root) as `npm install` would leave it after the release: each npm package released at
/// its new version, each rewritten requirement in a `package.json` at its new range.
/// `None` without a lockfile, or when nothing in it changes; a refusal when it is not
/// JSON.
fn npm_lock(
    root: &Path,
    release: &WorkspaceRelease,
    overlay: &Overlay,
) -> Result<Result<Option<FileChange>, Refusal>, ReleaseError> {
    let mut found = None;
    for name in ["npm-shrinkwrap.json", "package-lock.json"] {
        let target = resolve(root, name)?;
        if target.real.is_file() {
            found = Some(target);
            break;
        }
    }
    let Some(target) = found else {
        return Ok(Ok(None));
    };
    let versions: Vec<(&str, &Version)> = release
        .packages
        .iter()
        .filter_map(|p| {
            Some((
                npm_member(p.version_file.as_deref()?)?,
                p.report.next.as_ref()?,
            ))
        })
        .collect();
    // A rewritten requirement's name and section, as its package.json declares them.
    let mut requirements: Vec<(&str, String, String, &str)> = Vec::new();
    for rewrite in &release.plan.rewrites {
        let Some(member) = npm_member(&rewrite.at.file) else {
            continue;
        };
        let manifest = resolve(root, &rewrite.at.file)?;
        let text = crate::files::read_text(&manifest.real, &manifest.named)?;
        let declared = read_dependencies(&FileKind::PackageJson, &rewrite.at.file, &text)
            .unwrap_or_default()
            .into_iter()
            .find(|d| {
                d.requirement
                    .as_ref()
                    .is_some_and(|r| r.at.start == rewrite.at.start)
            });
        if let Some(d) = declared {
            requirements.push((member, d.section, d.name, &rewrite.new));
        }
    }
    let changes: Vec<LockChange<'_>> =
        versions
            .iter()
            .map(|&(member, version)| LockChange::Version { member, version })
            .chain(requirements.iter().map(|(member, section, name, range)| {
                LockChange::Requirement {
                    member,
                    section,
                    name,
                    range,
                }
            }))
            .collect();
    if changes.is_empty() {
        return Ok(Ok(None));
    }
    let old = match overlay.get(&target.real) {
        Some(text) => text.clone(),
        None => crate::files::read_text(&target.real, &target.named)?,
    };
    let new = match update_package_lock(&old, &changes) {
        Ok(new) if new == old => return Ok(Ok(None)),
        Ok(new) => new,
        Err(e) => {
            return Ok(Err(Refusal {
                code: e.kind().as_str(),
                message: format!("{}: {e}", target.named.display()),
                hint: None,
            }));
        }
    };
    Ok(Ok(Some(FileChange {
        path: target.named,
        state: FileState::WouldChange,
        real: target.real,
        relative: target.relative,
        new,
        old: Some(old),
    })))
}

/// The workspace changelog (`[changelog] workspace`) with this release's section: the
/// packages released, each linked to its own changelog (relative to the workspace's).
fn summary_change(
    root: &Path,
    file: &str,
    release: &WorkspaceRelease,
    overlay: &Overlay,
) -> Result<FileChange, ReleaseError> {
    let target = resolve(root, file)?;
    let old = match overlay.get(&target.real) {
        Some(text) => Some(text.clone()),
        None => crate::files::read_text_if_exists(&target.real, &target.named)?,
    };
    let dir = Path::new(&target.relative)
        .parent()
        .unwrap_or(Path::new(""));
    let entries: Vec<SummaryEntry> = release
        .packages
        .iter()
        .filter_map(|p| {
            let model = p.report.release.as_ref()?;
            let own = p
                .changelog
                .as_deref()
                .map(|c| relative_to(dir, Path::new(c)));
            Some(SummaryEntry {
                package: p.name.clone(),
                version: model.version.clone(),
                changelog: own,
            })
        })
        .collect();
    let date = release
        .packages
        .iter()
        .find_map(|p| p.report.release.as_ref()?.date);
    let section = render_summary(date, &entries);
    let new = insert_summary(old.as_deref().unwrap_or_default(), &section);
    Ok(FileChange {
        path: target.named,
        state: FileState::WouldChange,
        real: target.real,
        relative: target.relative,
        new,
        old,
    })
}

/// `path` (relative to the root) as a link from a file in `dir` (relative to the root),
/// `/`-separated.
fn relative_to(dir: &Path, path: &Path) -> String {
    let mut from = dir.components().peekable();
    let mut to = path.components().peekable();
    while let (Some(a), Some(b)) = (from.peek(), to.peek()) {
        if a != b {
            break;
        }
        from.next();
        to.next();
    }
    let ups = from.map(|_| "..".to_owned());
    let downs = to.map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// `config`'s package `name` (the configuration itself without `[packages]`).
fn package_config(config: &ProjectConfig, name: &str) -> Option<ProjectConfig> {
    if config.packages.is_empty() {
        Some(config.clone())
    } else {
        config.for_package(name)
    }
}

/// Adds `change` to `files`, or, for a file already there, takes its new text (keeping
/// the text the file has on disk as `old`).
fn merge(files: &mut Vec<FileChange>, overlay: &mut Overlay, change: FileChange) {
    if change.state == FileState::WouldChange {
        overlay.insert(change.real.clone(), change.new.clone());
    }
    match files.iter_mut().find(|f| f.real == change.real) {
        Some(f) if change.state == FileState::WouldChange => {
            f.new = change.new;
            f.state = FileState::WouldChange;
        }
        Some(_) => {}
        None => files.push(change),
    }
}

/// Every requirement rewrite applied to its manifest (each file once, its rewrites from
/// the last byte back so the spans hold), into `overlay` and `files`. A requirement
/// that is no longer where the plan read it refuses the release.
fn rewrite_requirements(
    root: &Path,
    rewrites: &[RequirementRewrite],
    overlay: &mut Overlay,
    files: &mut Vec<FileChange>,
) -> Result<Option<Refusal>, ReleaseError> {
    let edits = rewrites.iter().map(|r| super::SpanEdit {
        at: &r.at,
        old: &r.old,
        new: &r.new,
    });
    for (file, (target, old, new)) in super::edit_files(root, edits)? {
        let new = match new {
            Ok(new) => new,
            Err(e) => {
                return Ok(Some(Refusal {
                    code: e.kind().as_str(),
                    message: format!("{file}: {e}"),
                    hint: None,
                }));
            }
        };
        merge(
            files,
            overlay,
            FileChange {
                path: target.named,
                state: if new == old {
                    FileState::Unchanged
                } else {
                    FileState::WouldChange
                },
                real: target.real,
                relative: target.relative,
                new,
                old: Some(old),
            },
        );
    }
    Ok(None)
}

/// The release commit's message for a workspace: `[release] commit_message` with
/// `{version}` and `{tag}` both the tags created (`core@2.0.0, cli@0.3.2`), each once.
pub fn workspace_commit_message(config: &ProjectConfig, release: &WorkspaceRelease) -> String {
    let tags: Vec<String> = workspace_tags(release)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let joined = tags.join(", ");
    config.release.message(&joined, &joined)
}

/// Every package's tag with its notes, in the plan's order. Members of a fixed group
/// whose tag format has no `{package}` share one tag: it is created once, its message
/// the notes of each member in turn.
pub fn workspace_tags(release: &WorkspaceRelease) -> Vec<(String, String)> {
    let mut tags: Vec<(String, Vec<(&str, String)>)> = Vec::new();
    for package in &release.packages {
        let Some(name) = &package.report.tag else {
            continue;
        };
        let notes = package.report.notes.clone().unwrap_or_default();
        let entry = (package.name.as_str(), notes);
        match tags.iter_mut().find(|(n, _)| n == name) {
            Some((_, members)) => members.push(entry),
            None => tags.push((name.clone(), vec![entry])),
        }
    }
    tags.into_iter()
        .map(|(name, members)| {
            let message = match members.as_slice() {
                [(_, notes)] => notes.clone(),
                _ => members
                    .iter()
                    .map(|(package, notes)| format!("# {package}\n\n{notes}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            (name, message)
        })
        .collect()
}
