//! A repository's `[packages]` as the core's [`Workspace`]: each package's version (from
//! its version files, else its manifest), its dependencies (from its manifest, each
//! requirement located), its latest release tag, and the `[groups]`; and
//! [`check_versions`] over them (`relcore check versions`).
//!
//! Reading only: nothing here writes. A manifest that cannot be read is a problem of the
//! report, not a failure of the run, so every other problem is still found.

mod release;

use std::collections::BTreeMap;

use relcore::diagnostic::{Diagnostic, Severity, line_column};
use relcore::manifest::{
    FileKind, ManifestDependency, ManifestError, cargo_inherits_version, read_dependencies,
    read_version,
};
use relcore::workspace::{Dependency, Group, Package, PackageTag, Site, Workspace};
use relcore_git::Repository;
use serde::{Deserialize, Serialize};

use crate::config::{ProjectConfig, VersionFile};
use crate::error::ReleaseError;

pub use release::{
    PackageRelease, WorkspaceRelease, plan_workspace_files, prepare_workspace,
    workspace_commit_message, workspace_tags,
};

/// The name a repository without `[packages]` gives its one package.
const ROOT: &str = "root";

/// The workspace as read, with the problems met reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// The packages that could be read, with their dependencies, and the groups.
    pub workspace: Workspace,
    /// Each package's latest release tag reachable from HEAD, for those that have one.
    pub tags: Vec<PackageTag>,
    /// Manifests and version files that could not be read, each located.
    pub problems: Vec<Diagnostic>,
}

/// What `relcore check versions` reports: the packages checked and every problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VersionsReport {
    /// The packages checked, with their versions and latest tags.
    pub packages: Vec<PackageVersion>,
    /// Every problem, in a stable order: reading first, then the core's checks.
    pub diagnostics: Vec<Diagnostic>,
}

/// A package as `check versions` saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PackageVersion {
    /// The package's `[packages]` name (`root` without `[packages]`).
    pub name: String,
    /// Its version, as its version file holds it.
    pub version: relcore::version::Version,
    /// Its latest release tag reachable from HEAD, if any.
    pub tag: Option<String>,
}

/// The packages of `config` read from the work tree of `repo`: every `[packages]` entry,
/// or, without any, the repository as one package (`root`).
///
/// # Errors
///
/// A git error reading the tags, or a path outside the work tree.
pub fn load(repo: &Repository, config: &ProjectConfig) -> Result<Loaded, ReleaseError> {
    let root = repo.workdir().unwrap_or_default();
    let read = |path: &str| -> Result<Option<String>, ReleaseError> {
        let file = crate::paths::resolve_in_work_tree(&root, path)?.real;
        Ok(crate::files::read_text_if_exists(&file, &file)?)
    };
    let names: Vec<(String, ProjectConfig)> = if config.packages.is_empty() {
        vec![(ROOT.to_owned(), config.clone())]
    } else {
        config
            .packages
            .keys()
            .filter_map(|name| Some((name.clone(), config.for_package(name)?)))
            .collect()
    };
    // Every package's latest tag from one pass over the tags and one walk.
    let specs: Vec<_> = names
        .iter()
        .map(|(_, p)| (p.tag_format.clone(), p.package.clone()))
        .collect();
    let mut latest = repo.latest_tags(&specs)?.into_iter();
    let mut problems = Vec::new();
    let mut packages = Vec::new();
    let mut tags = Vec::new();
    // Dependents name a package by its manifest's name, which may differ from its key.
    let mut manifest_names: BTreeMap<String, String> = BTreeMap::new();
    let shared = workspace_dependencies(&read)?;
    for (name, package) in &names {
        let tag = latest.next().flatten();
        let dir = package
            .git
            .paths
            .first()
            .map_or("", |p| p.trim_end_matches('/'));
        if !root.as_os_str().is_empty() && !root.join(dir).is_dir() {
            problems.push(missing_directory(name, dir));
            continue;
        }
        let manifest = find_manifest(dir, &read)?;
        if let Some((kind, _, text)) = &manifest
            && let Some(own) = manifest_name(kind, text)
        {
            manifest_names.insert(own, name.clone());
        }
        let version = match package_version(package, manifest.as_ref(), &read)? {
            Ok(found) => found,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let mut dependencies = Vec::new();
        if let Some((kind, file, text)) = &manifest {
            match read_dependencies(kind, file, text) {
                Ok(found) => dependencies.extend(found.iter().map(|d| inherit(d, &shared))),
                Err(e) => problems.push(problem(file, &e)),
            }
        }
        if let Some(tag) = tag {
            tags.push(PackageTag {
                package: name.clone(),
                version: tag.version,
                tag: Some(tag.name),
            });
        }
        packages.push(Package {
            name: name.clone(),
            version: version.0,
            paths: package.git.paths.clone(),
            version_at: Some(version.1),
            dependencies,
        });
    }
    inherited_names(&root, &packages, &mut manifest_names, &read)?;
    for package in &mut packages {
        for dependency in &mut package.dependencies {
            rename(dependency, &manifest_names);
        }
    }
    let mut groups: Vec<Group> = config
        .groups
        .iter()
        .map(|(name, g)| Group {
            name: name.clone(),
            kind: g.kind,
            members: g.members.clone(),
        })
        .collect();
    groups.extend(shared_versions(&packages, &groups));
    Ok(Loaded {
        workspace: Workspace { packages, groups },
        tags,
        problems,
    })
}

/// Every version problem of the repository's packages (see
/// [`relcore::workspace::check_versions`]), after those of reading them.
///
/// # Errors
///
/// As [`load`].
pub fn check_versions(
    repo: &Repository,
    config: &ProjectConfig,
) -> Result<VersionsReport, ReleaseError> {
    let loaded = load(repo, config)?;
    let mut diagnostics = loaded.problems;
    diagnostics.extend(relcore::workspace::check_versions(
        &loaded.workspace,
        &loaded.tags,
    ));
    let packages = loaded
        .workspace
        .packages
        .iter()
        .map(|p| PackageVersion {
            name: p.name.clone(),
            version: p.version.clone(),
            tag: loaded
                .tags
                .iter()
                .find(|t| t.package == p.name)
                .and_then(|t| t.tag.clone()),
        })
        .collect();
    Ok(VersionsReport {
        packages,
        diagnostics,
    })
}

/// The next release of every package, planned together: what `relcore next` says for a
/// repository with `[packages]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkspaceNext {
    /// Every package read, dependencies first, with its next version (or none) and why;
    /// and every requirement of a dependent to rewrite.
    pub plan: relcore::workspace::WorkspacePlan,
    /// Manifests and version files that could not be read: those packages are left out.
    pub problems: Vec<Diagnostic>,
}

/// The next release of every package: each one's own level from its commits since its
/// latest tag (as `relcore next --package NAME` decides it, every package's commits
/// read by one walk of the history), then the groups and the
/// dependents' requirements ([`relcore::workspace::plan_workspace`], with the file's
/// `update_dependents`).
///
/// # Errors
///
/// As [`load`]; a package's own decision failing (a git error, a policy that cannot
/// bump); the plan's errors (`dependency_cycle`, `cannot_rewrite`, `invalid_requirement`,
/// …).
pub fn next(repo: &Repository, config: &ProjectConfig) -> Result<WorkspaceNext, ReleaseError> {
    next_with(repo, config, &crate::ReleaseOptions::default())
}

/// [`next`] with `options`: the pre-release channel, and the packages whose own commits
/// count (`packages`, every one when empty).
///
/// # Errors
///
/// As [`next`].
pub fn next_with(
    repo: &Repository,
    config: &ProjectConfig,
    options: &crate::ReleaseOptions,
) -> Result<WorkspaceNext, ReleaseError> {
    let (plan, loaded) = release::plan_all(repo, config, options)?;
    Ok(WorkspaceNext {
        plan,
        problems: loaded.problems,
    })
}

/// [`next`] of the repository containing `path`, under `config` (else its `relcore.toml`):
/// what the Python and Node `release_workspace(path)` call.
///
/// # Errors
///
/// As [`crate::prepare::open`] and [`next`].
pub fn next_at(
    path: &std::path::Path,
    config: Option<ProjectConfig>,
) -> Result<WorkspaceNext, ReleaseError> {
    let (repo, config) = crate::prepare::open(path, config)?;
    next(&repo, &config)
}

/// [`prepare_workspace`] of the repository containing `path`, under `config` (else its
/// `relcore.toml`): what the Python and Node `release_workspace(path)` call, the document
/// of `relcore release --json` without what writing adds (`tagged`, `committed`,
/// `files`).
///
/// # Errors
///
/// As [`crate::prepare::open`] and [`prepare_workspace`].
pub fn prepare_workspace_at(
    path: &std::path::Path,
    config: Option<ProjectConfig>,
    options: &crate::ReleaseOptions,
) -> Result<WorkspaceRelease, ReleaseError> {
    let (repo, config) = crate::prepare::open(path, config)?;
    prepare_workspace(&repo, &config, options)
}

/// [`check_versions`] of the repository containing `path`, under `config` (else its
/// `relcore.toml`): what the Python and Node `check_versions(path)` call.
///
/// # Errors
///
/// As [`crate::prepare::open`] and [`check_versions`].
pub fn check_versions_at(
    path: &std::path::Path,
    config: Option<ProjectConfig>,
) -> Result<VersionsReport, ReleaseError> {
    let (repo, config) = crate::prepare::open(path, config)?;
    check_versions(&repo, &config)
}

/// One replacement in a file: the bytes at `at` (which must still be `old`) become `new`.
#[derive(Clone, Debug)]
pub(crate) struct SpanEdit<'a> {
    pub(crate) at: &'a Site,
    pub(crate) old: &'a str,
    pub(crate) new: &'a str,
}

/// A file with its edits made in memory: where it is, its text, and the new text (or the
/// manifest error of an edit whose bytes are no longer what was read).
pub(crate) type Edited = (
    crate::paths::WorkTreePath,
    String,
    Result<String, ManifestError>,
);

/// Every file of `edits` (relative to the work tree `root`, each edited once) read and
/// edited from its last span back, so the earlier offsets still hold; one place is edited
/// once. What `relcore sync` and a release of every package write.
///
/// # Errors
///
/// A path outside the work tree, or a file that cannot be read.
pub(crate) fn edit_files<'a>(
    root: &std::path::Path,
    edits: impl IntoIterator<Item = SpanEdit<'a>>,
) -> Result<Vec<(&'a str, Edited)>, ReleaseError> {
    let mut by_file: BTreeMap<&str, Vec<SpanEdit<'a>>> = BTreeMap::new();
    for edit in edits {
        by_file.entry(edit.at.file.as_str()).or_default().push(edit);
    }
    let mut edited = Vec::with_capacity(by_file.len());
    for (file, mut list) in by_file {
        list.sort_by_key(|e| std::cmp::Reverse(e.at.start));
        list.dedup_by_key(|e| e.at.start);
        let target = crate::files::resolve(root, file)?;
        let old = crate::files::read_text(&target.real, &target.named)?;
        let new = list.iter().try_fold(old.clone(), |text, e| {
            relcore::manifest::set_requirement(&text, e.at, e.old, e.new)
        });
        edited.push((file, (target, old, new)));
    }
    Ok(edited)
}

/// The manifest in `dir` (relative to the root): its kind, path and text.
fn find_manifest(
    dir: &str,
    read: &dyn Fn(&str) -> Result<Option<String>, ReleaseError>,
) -> Result<Option<(FileKind, String, String)>, ReleaseError> {
    for name in crate::discover::Ecosystem::ALL.map(crate::discover::Ecosystem::manifest) {
        let file = if dir.is_empty() || dir == "." {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        };
        if let (Some(kind), Some(text)) = (FileKind::from_file_name(&file), read(&file)?) {
            return Ok(Some((kind, file, text)));
        }
    }
    Ok(None)
}

/// Packages whose version is written in one place (Cargo members that all inherit
/// `[workspace.package] version`, say) have one version whatever their commits say: each
/// such set that no fixed group holds already releases as a fixed group of its own,
/// named after the file. A member of such a set that is in another group is then in two,
/// which the plan refuses (`package_in_two_groups`), naming both.
fn shared_versions(packages: &[Package], groups: &[Group]) -> Vec<Group> {
    let mut by_site: BTreeMap<(&str, usize), Vec<String>> = BTreeMap::new();
    for package in packages {
        if let Some(site) = &package.version_at {
            by_site
                .entry((site.file.as_str(), site.start))
                .or_default()
                .push(package.name.clone());
        }
    }
    by_site
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .filter(|(_, members)| {
            !groups.iter().any(|g| {
                g.kind == relcore::workspace::GroupKind::Fixed
                    && members.iter().all(|m| g.members.contains(m))
            })
        })
        .map(|((file, _), members)| Group {
            name: format!("the version in {file}"),
            kind: relcore::workspace::GroupKind::Fixed,
            members,
        })
        .collect()
}

/// The problem of a package whose path is no directory of the work tree.
fn missing_directory(name: &str, dir: &str) -> Diagnostic {
    about(
        "version_not_found",
        Some(dir.to_owned()),
        format!("package `{name}`: its path `{dir}` is no directory of the work tree"),
    )
    .with_hint("correct its `path` in relcore.toml")
}

/// The name dependents give the package of a manifest: the one it declares (a Python
/// project's in PEP 503's form, as [`read_dependencies`] names dependencies).
fn manifest_name(kind: &FileKind, text: &str) -> Option<String> {
    let name = relcore::manifest::package_name(kind, text)?;
    Some(if *kind == FileKind::Pyproject {
        relcore::manifest::python_name(&name)
    } else {
        name
    })
}

/// A package's version and where it is: its first version file that holds one, else its
/// manifest; `Err` with the problem when neither does.
fn package_version(
    package: &ProjectConfig,
    manifest: Option<&(FileKind, String, String)>,
    read: &dyn Fn(&str) -> Result<Option<String>, ReleaseError>,
) -> Result<Result<(relcore::version::Version, Site), Diagnostic>, ReleaseError> {
    let mut candidates: Vec<(FileKind, String, String)> = Vec::new();
    for file in &package.version_files {
        if let (Some(kind), Some(text)) = (version_kind(file), read(file.path())?) {
            candidates.push((kind, file.path().to_owned(), text));
        }
    }
    candidates.extend(manifest.cloned());
    // A Cargo member that inherits the workspace's version has it in the root manifest.
    if let Some((FileKind::CargoToml, _, text)) = manifest
        && relcore::manifest::cargo_inherits_version(text)
        && let Some(root) = read("Cargo.toml")?
    {
        candidates.push((FileKind::CargoWorkspace, "Cargo.toml".to_owned(), root));
    }
    let mut first_problem = None;
    for (kind, file, text) in &candidates {
        match read_version(kind, text) {
            Ok(found) => {
                let (line, column) = line_column(text, found.start);
                let site = Site {
                    file: file.clone(),
                    start: found.start,
                    end: found.end,
                    line,
                    column,
                };
                return Ok(Ok((found.version, site)));
            }
            Err(e) => {
                first_problem.get_or_insert_with(|| problem(file, &e));
            }
        }
    }
    Ok(Err(first_problem.unwrap_or_else(|| {
        about(
            "version_not_found",
            package.git.paths.first().cloned(),
            format!(
                "package `{}`: no version file or manifest with a version",
                package.package.as_deref().unwrap_or(ROOT)
            ),
        )
        .with_hint("list the file that holds its version in `version_files`")
    })))
}

/// A version file's kind, reading a Helm chart's `version` only.
fn version_kind(file: &VersionFile) -> Option<FileKind> {
    match file.kind()? {
        FileKind::Chart { .. } => Some(FileKind::Chart { app_version: false }),
        other => Some(other),
    }
}

/// A manifest problem as a diagnostic about `file`.
fn problem(file: &str, e: &ManifestError) -> Diagnostic {
    about(
        e.kind().as_str(),
        Some(file.to_owned()),
        format!("{file}: {e}"),
    )
}

/// An error about a file or directory, `path`, at no place inside it.
fn about(code: &str, path: Option<String>, message: String) -> Diagnostic {
    Diagnostic {
        code: code.to_owned(),
        severity: Severity::Error,
        path,
        offset: None,
        line: None,
        column: None,
        value: None,
        message,
        hint: None,
    }
}

/// The entries of the Cargo workspace root's `[workspace.dependencies]`, which members
/// inherit with `workspace = true`; none without a root manifest (or one that does not
/// read: its own package reports that).
fn workspace_dependencies(
    read: &dyn Fn(&str) -> Result<Option<String>, ReleaseError>,
) -> Result<Vec<ManifestDependency>, ReleaseError> {
    let Some(text) = read(CARGO_ROOT)? else {
        return Ok(Vec::new());
    };
    Ok(read_dependencies(&FileKind::CargoToml, CARGO_ROOT, &text)
        .map(|found| {
            found
                .into_iter()
                .filter(|d| d.section == "workspace.dependencies")
                .collect()
        })
        .unwrap_or_default())
}

/// A dependency as the plan takes it: a Cargo `workspace = true` one is the root's entry
/// of the same key (its name and requirement, where the root declares it), the kind its
/// own.
fn inherit(dependency: &ManifestDependency, shared: &[ManifestDependency]) -> Dependency {
    let key = |d: &ManifestDependency| d.alias.clone().unwrap_or_else(|| d.name.clone());
    let from_root = dependency
        .workspace
        .then(|| shared.iter().find(|root| key(root) == key(dependency)))
        .flatten();
    match from_root {
        Some(root) => Dependency {
            name: root.name.clone(),
            kind: dependency.kind,
            requirement: root.requirement.clone(),
            spelled: None,
        },
        None => dependency.dependency(),
    }
}

/// The Cargo crates that take their version from the workspace root's
/// `[workspace.package]` without being packages themselves (`relcore init` lists them as
/// released with the workspace) go by the name of the one package whose version is that
/// one: a requirement on such a crate, in the root's `[workspace.dependencies]` or in a
/// member, is a requirement on that package, checked and rewritten with its releases. With
/// no such package, or several (which share the version as a group does), nothing is
/// named.
fn inherited_names(
    root: &std::path::Path,
    packages: &[Package],
    names: &mut BTreeMap<String, String>,
    read: &dyn Fn(&str) -> Result<Option<String>, ReleaseError>,
) -> Result<(), ReleaseError> {
    // The shared version is the root's `[workspace.package]` one, not a root crate's own.
    let Some(shared) =
        read(CARGO_ROOT)?.and_then(|text| read_version(&FileKind::CargoWorkspace, &text).ok())
    else {
        return Ok(());
    };
    let mut owners = packages.iter().filter(|p| {
        p.version_at
            .as_ref()
            .is_some_and(|site| site.file == CARGO_ROOT && site.start == shared.start)
    });
    let (Some(owner), None) = (owners.next(), owners.next()) else {
        return Ok(());
    };
    for member in crate::discover::members(root) {
        if member.ecosystem != crate::discover::Ecosystem::Cargo
            || member.own_version
            || names.contains_key(&member.name)
        {
            continue;
        }
        if read(&member.manifest)?.is_some_and(|text| cargo_inherits_version(&text)) {
            names.insert(member.name, owner.name.clone());
        }
    }
    Ok(())
}

/// The manifest at the root of a Cargo workspace.
const CARGO_ROOT: &str = "Cargo.toml";

/// A dependency named by a manifest name, renamed to its package's key.
fn rename(dependency: &mut Dependency, names: &BTreeMap<String, String>) {
    if let Some(key) = names.get(&dependency.name)
        && *key != dependency.name
    {
        let spelled = std::mem::replace(&mut dependency.name, key.clone());
        dependency.spelled = Some(spelled);
    }
}
