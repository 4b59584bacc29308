//! From commits to a [`Release`].

use chrono::NaiveDate;

use super::config::{Config, Links};
use super::model::{DependencyUpdate, Entry, Group, LinkedReference, Release};
use crate::commit::{Commit, Person, ReferenceKind, cancelled, same_person};
use crate::version::{TagError, Version};

/// How many features the highlights show at most, after the breaking changes.
const HIGHLIGHT_FEATURES: usize = 5;

impl Release {
    /// Builds the release `version` from the commits since `previous` (newest first, as
    /// `git log` lists them). Merges are skipped unless configured; a revert and the
    /// commit it reverts cancel out; commits whose type has no section are left out of
    /// the groups (breaking changes never are: unmapped ones go to `Changed`), but their
    /// authors still count as contributors. Entries are listed oldest first.
    ///
    /// # Errors
    ///
    /// The tag format has `{package}` and the configuration names no package
    /// (`missing_package`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use relcore::changelog::{Config, Release};
    /// use relcore::commit::Commit;
    /// use relcore::version::Version;
    ///
    /// let config = Config { repository_url: Some("https://github.com/acme/api".into()), ..Config::default() };
    /// let commits = [
    ///     Commit::parse("fix(api): handle empty pages (#12)").with_id("bbbbbbbbbb"),
    ///     Commit::parse("feat(api): add pagination").with_id("aaaaaaaaaa"),
    /// ];
    /// let date = NaiveDate::from_ymd_opt(2025, 11, 15);
    /// let release = Release::from_commits(Version::new(1, 5, 0), Some(Version::new(1, 4, 0)), date, &commits, &config)?;
    /// assert_eq!(release.groups[0].title, "Added");
    /// assert_eq!(release.groups[1].entries[0].references[0].url.as_deref(), Some("https://github.com/acme/api/pull/12"));
    /// assert_eq!(release.compare_url.as_deref(), Some("https://github.com/acme/api/compare/v1.4.0...v1.5.0"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_commits(
        version: Version,
        previous: Option<Version>,
        date: Option<NaiveDate>,
        commits: &[Commit],
        config: &Config,
    ) -> Result<Release, TagError> {
        let package = config.package.as_deref();
        let tag = config.tag_format.format(&version, package)?;
        let previous_tag = previous
            .as_ref()
            .map(|p| config.tag_format.format(p, package))
            .transpose()?;
        let links = config.repository_url.as_deref().and_then(Links::new);
        let compare_url = links
            .as_ref()
            .map(|l| l.compare(previous_tag.as_deref(), &tag));

        let considered: Vec<&Commit> = commits
            .iter()
            .filter(|c| config.include_merges || !c.merge)
            .collect();
        let mask = cancelled(&considered);
        let kept: Vec<&Commit> = considered
            .into_iter()
            .zip(mask)
            .filter(|(_, gone)| !gone)
            .map(|(c, _)| c)
            .rev()
            .collect();

        let mut groups: Vec<Group> = config
            .sections
            .iter()
            .map(|s| Group {
                title: s.title.clone(),
                entries: Vec::new(),
            })
            .collect();
        let mut contributors: Vec<Person> = Vec::new();
        let mut dependencies: Vec<DependencyUpdate> = Vec::new();
        for commit in &kept {
            for person in commit.authors() {
                if !contributors.iter().any(|p| same_person(p, person)) {
                    contributors.push(person.clone());
                }
            }
            if let Some(dep) = &commit.dependency {
                add_dependency(&mut dependencies, dep, commit.short_id());
            }
            let entry = entry(commit, links.as_ref());
            if let Some(group) = section_of(config, &entry).and_then(|i| groups.get_mut(i)) {
                group.entries.push(entry);
            }
        }
        if config.breaking_section {
            let breaking: Vec<Entry> = groups
                .iter_mut()
                .flat_map(|g| {
                    let (b, rest): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut g.entries)
                        .into_iter()
                        .partition(|e| e.breaking);
                    g.entries = rest;
                    b
                })
                .collect();
            groups.insert(
                0,
                Group {
                    title: "BREAKING CHANGES".to_owned(),
                    entries: breaking,
                },
            );
        }
        groups.retain(|g| !g.entries.is_empty());
        let breaking: Vec<Entry> = groups
            .iter()
            .flat_map(|g| &g.entries)
            .filter(|e| e.breaking)
            .cloned()
            .collect();
        let features = groups
            .iter()
            .flat_map(|g| &g.entries)
            .filter(|e| !e.breaking && e.r#type.as_deref() == Some("feat"));
        let highlights = breaking
            .iter()
            .cloned()
            .chain(features.take(HIGHLIGHT_FEATURES).cloned())
            .collect();
        Ok(Release {
            version,
            previous,
            tag,
            previous_tag,
            date,
            compare_url,
            hotfix: false,
            groups,
            breaking,
            highlights,
            dependencies,
            contributors,
        })
    }

    /// Marks the release and all its entries as a hotfix.
    ///
    /// ```
    /// use relcore::changelog::{Config, Release};
    /// use relcore::commit::Commit;
    /// use relcore::version::Version;
    /// let release = Release::from_commits(Version::new(1, 4, 1), None, None, &[Commit::parse("fix: x")], &Config::default())?
    ///     .mark_hotfix();
    /// assert!(release.hotfix && release.groups[0].entries[0].hotfix);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn mark_hotfix(mut self) -> Release {
        self.hotfix = true;
        for entry in self
            .groups
            .iter_mut()
            .flat_map(|g| g.entries.iter_mut())
            .chain(self.breaking.iter_mut())
            .chain(self.highlights.iter_mut())
        {
            entry.hotfix = true;
        }
        self
    }
}

/// The index of the section an entry goes to: security fixes (a CVE) to the section
/// listing `security`, breaking changes of unlisted types to the one listing `perf`
/// (`Changed`), else by type.
fn section_of(config: &Config, entry: &Entry) -> Option<usize> {
    let listing = |ty: &str| {
        config
            .sections
            .iter()
            .position(|s| s.types.iter().any(|t| t.eq_ignore_ascii_case(ty)))
    };
    let ty = entry.r#type.as_deref()?;
    if let Some(i) = entry.cve.as_ref().and_then(|_| listing("security")) {
        return Some(i);
    }
    listing(ty).or_else(|| {
        if entry.breaking {
            listing("perf").or(Some(0))
        } else {
            None
        }
    })
}

fn entry(commit: &Commit, links: Option<&Links>) -> Entry {
    let references = commit
        .references
        .iter()
        .map(|r| {
            let text = match &r.repository {
                Some(repo) => format!("{repo}#{}", r.number),
                None => format!("#{}", r.number),
            };
            let url = links.map(|l| {
                l.reference(
                    r.repository.as_deref(),
                    r.number,
                    r.kind == ReferenceKind::PullRequest,
                )
            });
            LinkedReference {
                kind: r.kind,
                repository: r.repository.clone(),
                number: r.number,
                text,
                url,
            }
        })
        .collect();
    Entry {
        r#type: commit.r#type.clone(),
        scope: commit.scope.clone(),
        description: commit.description.clone(),
        body: commit.body.clone(),
        breaking: commit.breaking,
        breaking_note: commit.breaking_note.clone(),
        cve: cve(commit),
        references,
        id: commit.id.clone(),
        short_id: commit.short_id().map(str::to_owned),
        commit_url: commit
            .id
            .as_deref()
            .and_then(|id| links.map(|l| l.commit(id))),
        authors: commit.authors().cloned().collect(),
        hotfix: false,
    }
}

/// The first `CVE-YYYY-NNNN…` named in a footer.
fn cve(commit: &Commit) -> Option<String> {
    commit
        .footers
        .iter()
        .flat_map(|f| {
            f.value
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        })
        .find_map(|word| {
            let rest = word
                .strip_prefix("CVE-")
                .or_else(|| word.strip_prefix("cve-"))?;
            let (year, number) = rest.split_once('-')?;
            let digits = |s: &str, min| s.len() >= min && s.bytes().all(|c| c.is_ascii_digit());
            (digits(year, 4) && digits(number, 4)).then(|| format!("CVE-{year}-{number}"))
        })
}

/// Adds an update; a later update of the same package (in the same directory) extends
/// the earlier one, so the release lists each package once, from first to last version.
fn add_dependency(
    list: &mut Vec<DependencyUpdate>,
    dep: &crate::commit::Dependency,
    short_id: Option<&str>,
) {
    if let Some(existing) = list
        .iter_mut()
        .find(|d| d.name == dep.name && d.path == dep.path)
    {
        existing.to.clone_from(&dep.to);
        existing.short_id = short_id.map(str::to_owned);
        return;
    }
    list.push(DependencyUpdate {
        name: dep.name.clone(),
        from: dep.from.clone(),
        to: dep.to.clone(),
        path: dep.path.clone(),
        short_id: short_id.map(str::to_owned),
    });
}
