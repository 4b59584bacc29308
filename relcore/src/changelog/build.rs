//! From commits to a [`Release`]: [`ReleaseBuilder`] takes commits one at a time and keeps
//! only what the release shows, so a history of any length needs no more memory than its
//! changelog.

use std::sync::Arc;

use chrono::NaiveDate;

use super::config::{Config, Links};
use super::model::{DependencyUpdate, LinkedReference, Release};
use super::view::{Item, ItemFields, Parts, People};
use crate::commit::{
    Commit, Dependency, Person, ReferenceKind, Revert, advisory, pair_reverts, same_person,
};
use crate::version::{TagError, Version};

/// Everything a release is built from, as the changelog functions of the CLI and the
/// bindings take it: the version, the previous one, the date, the commits (newest first),
/// whether it is a hotfix, and the changelog configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct ReleaseRequest {
    /// The version being released.
    pub version: Version,
    /// The version released before it, for the compare link.
    pub previous: Option<Version>,
    /// The release date; none leaves it out.
    pub date: Option<NaiveDate>,
    /// The commits since `previous`, newest first.
    pub commits: Vec<Commit>,
    /// Marks the release and its entries as a hotfix.
    pub hotfix: bool,
    /// How entries are grouped and linked.
    pub config: Config,
}

impl ReleaseRequest {
    /// A request for `version` with no commits, no date and the default configuration.
    pub fn new(version: Version) -> ReleaseRequest {
        ReleaseRequest {
            version,
            previous: None,
            date: None,
            commits: Vec::new(),
            hotfix: false,
            config: Config::default(),
        }
    }
}

/// How many features the highlights show at most, after the breaking changes.
const HIGHLIGHT_FEATURES: usize = 5;

impl Release {
    /// Builds the release `version` from the commits since `previous` (newest first, as
    /// `git log` lists them). Merges are skipped unless configured; a revert and the
    /// commit it reverts cancel out; commits whose type has no section are left out of
    /// the groups (breaking changes never are: unmapped ones go to `Changed`), but their
    /// authors still count as contributors. Entries are listed oldest first.
    ///
    /// This is [`ReleaseBuilder`] fed with `commits`; use the builder itself to stream a
    /// long history.
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
        let mut builder = ReleaseBuilder::new(config);
        for commit in commits {
            builder.add(commit);
        }
        Ok(builder.finish(version, previous, date)?.to_release())
    }

    /// Builds the release a [`ReleaseRequest`] describes: [`Release::from_commits`], then
    /// [`Release::mark_hotfix`] when it asks for a hotfix.
    ///
    /// # Errors
    ///
    /// As [`Release::from_commits`].
    ///
    /// ```
    /// use relcore::changelog::{Release, ReleaseRequest};
    /// use relcore::commit::Commit;
    /// use relcore::version::Version;
    /// let request = ReleaseRequest {
    ///     commits: vec![Commit::parse("fix: x")],
    ///     hotfix: true,
    ///     ..ReleaseRequest::new(Version::new(1, 4, 1))
    /// };
    /// assert!(Release::from_request(&request)?.hotfix);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_request(request: &ReleaseRequest) -> Result<Release, TagError> {
        let release = Release::from_commits(
            request.version.clone(),
            request.previous.clone(),
            request.date,
            &request.commits,
            &request.config,
        )?;
        Ok(if request.hotfix {
            release.mark_hotfix()
        } else {
            release
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

/// Builds a release from commits handed over one at a time, newest first (as `git log`
/// lists them), keeping only what the release shows: the entries of commits that have a
/// section, dependency updates, authors, and each commit's header and id to match
/// reverts. [`Release::from_commits`] is this builder fed with a slice; the result is
/// the same for the same commits.
///
/// ```
/// use chrono::NaiveDate;
/// use relcore::changelog::{render, Config, Format, ReleaseBuilder};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
///
/// let config = Config::default();
/// let mut builder = ReleaseBuilder::new(&config);
/// for message in ["Revert \"feat: b\"", "feat: b", "fix: a"] {
///     builder.add(&Commit::parse(message));
/// }
/// let release = builder.finish(Version::new(1, 0, 1), None, NaiveDate::from_ymd_opt(2025, 11, 15))?;
/// assert_eq!(render(&release, Format::KeepAChangelog)?, "## [1.0.1] - 2025-11-15\n\n### Fixed\n\n- a\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ReleaseBuilder<'c> {
    config: &'c Config,
    links: Option<Links>,
    /// How many commits were considered (merges are not, unless configured).
    considered: usize,
    /// Each considered commit's header, then its id, for matching reverts; in chunks, so
    /// the text is never copied to grow, each commit's in one chunk.
    keys: Vec<String>,
    /// The lengths of the header and id of each considered commit in `keys`, as
    /// variable-length numbers (the id's plus one, zero for none).
    key_lengths: Vec<u8>,
    /// The considered reverts: position and target.
    reverts: Vec<(usize, Revert)>,
    /// The entries of commits that have a section, newest first.
    items: Vec<Item>,
    /// For each item: the commit's position and the section.
    placed: Vec<(usize, usize)>,
    people: People,
    /// Everyone who wrote each considered commit, in order: position, person.
    authorship: Vec<(usize, u32)>,
    /// Dependency updates: position, update, short id.
    dependencies: Vec<(usize, Dependency, Option<String>)>,
}

impl<'c> ReleaseBuilder<'c> {
    /// An empty builder under `config`.
    pub fn new(config: &'c Config) -> ReleaseBuilder<'c> {
        ReleaseBuilder {
            config,
            links: config
                .repository_url
                .as_deref()
                .and_then(|url| Links::new(url, config.host_style)),
            considered: 0,
            keys: Vec::new(),
            key_lengths: Vec::new(),
            reverts: Vec::new(),
            items: Vec::new(),
            placed: Vec::new(),
            people: People::default(),
            authorship: Vec::new(),
            dependencies: Vec::new(),
        }
    }

    /// Adds the next (older) commit.
    pub fn add(&mut self, commit: &Commit) {
        if commit.merge && !self.config.include_merges {
            return;
        }
        let position = self.considered;
        self.considered += 1;
        let id = commit.id.as_deref();
        let len = commit.header.len() + id.map_or(0, str::len);
        if self
            .keys
            .last()
            .is_none_or(|chunk| chunk.capacity() - chunk.len() < len)
        {
            // Chunks double from a small first one: a history of thousands of short
            // releases must not take a large chunk for each.
            let size = FIRST_KEY_CHUNK
                .checked_shl(u32::try_from(self.keys.len()).unwrap_or(u32::MAX))
                .unwrap_or(KEY_CHUNK)
                .min(KEY_CHUNK);
            self.keys.push(String::with_capacity(len.max(size)));
        }
        if let Some(chunk) = self.keys.last_mut() {
            chunk.push_str(&commit.header);
            chunk.push_str(id.unwrap_or_default());
        }
        push_length(&mut self.key_lengths, commit.header.len());
        push_length(
            &mut self.key_lengths,
            id.map_or(0, |id| id.len().saturating_add(1)),
        );
        if let Some(target) = &commit.revert_of {
            self.reverts.push((position, target.clone()));
        }
        let authors: Vec<u32> = commit.authors().map(|p| self.people.id(p)).collect();
        self.authorship
            .extend(authors.iter().map(|&person| (position, person)));
        if let Some(dep) = &commit.dependency {
            self.dependencies
                .push((position, dep.clone(), commit.short_id().map(str::to_owned)));
        }
        let cve = advisory(commit);
        let Some(section) = section_of(
            self.config,
            commit.r#type.as_deref(),
            cve.is_some(),
            commit.breaking,
        ) else {
            return;
        };
        let links = self.links.as_ref();
        let commit_url = commit
            .id
            .as_deref()
            .and_then(|id| links.map(|l| l.commit(id)));
        self.items.push(Item::new(ItemFields {
            r#type: commit.r#type.as_deref(),
            scope: commit.scope.as_deref(),
            description: &commit.description,
            body: commit.body.as_deref(),
            breaking: commit.breaking,
            breaking_note: commit.breaking_note.as_deref(),
            cve: cve.as_deref(),
            references: references(commit, links),
            id: commit.id.as_deref(),
            short_id: commit.short_id(),
            commit_url: commit_url.as_deref(),
            authors,
            hotfix: false,
        }));
        self.placed.push((position, section));
    }

    /// The release `version` of the commits added, after `previous`, dated `date`.
    ///
    /// # Errors
    ///
    /// The tag format has `{package}` and the configuration names no package
    /// (`missing_package`).
    pub fn finish(
        self,
        version: Version,
        previous: Option<Version>,
        date: Option<NaiveDate>,
    ) -> Result<CompactRelease, TagError> {
        let ReleaseBuilder {
            config,
            links,
            considered,
            keys,
            key_lengths,
            reverts,
            items,
            placed,
            people,
            authorship,
            dependencies,
        } = self;
        let package = config.package.as_deref();
        let tag = config.tag_format.format(&version, package)?;
        let previous_tag = previous
            .as_ref()
            .map(|p| config.tag_format.format(p, package))
            .transpose()?;
        let compare_url = links
            .as_ref()
            .map(|l| l.compare(previous_tag.as_deref(), &tag));

        let cancelled = {
            let reverts: Vec<(usize, &Revert)> = reverts.iter().map(|(i, r)| (*i, r)).collect();
            pair_reverts(Keys::new(&keys, &key_lengths).take(considered), &reverts)
        };
        drop((keys, key_lengths, reverts));
        let gone = |position: usize| cancelled.get(position).copied().unwrap_or(false);
        let mut groups: Groups = config
            .sections
            .iter()
            .map(|s| (s.title.clone(), Vec::new()))
            .collect();
        for (i, &(position, section)) in placed.iter().enumerate().rev() {
            if !gone(position)
                && let Some((_, list)) = groups.get_mut(section)
            {
                list.push(i);
            }
        }
        let contributors = contributors(&people.list, &authorship, |position, person| {
            gone(position) || (!config.bot_contributors && is_bot(person))
        });
        let mut updates: Vec<DependencyUpdate> = Vec::new();
        for (position, dep, short_id) in dependencies.iter().rev() {
            if !gone(*position) {
                add_dependency(&mut updates, dep, short_id.as_deref());
            }
        }
        let (groups, breaking, highlights) = arrange(config, &items, groups);
        Ok(CompactRelease(Arc::new(Parts {
            version,
            previous,
            tag,
            previous_tag,
            date,
            compare_url,
            hotfix: false,
            items,
            people: people.list,
            groups,
            breaking,
            highlights,
            dependencies: updates,
            contributors,
        })))
    }
}

/// A bot account: `dependabot[bot]`, `renovate[bot]`, `github-actions[bot]`, or an
/// address such as `49699333+dependabot[bot]@users.noreply.github.com`.
fn is_bot(person: &Person) -> bool {
    person.name.trim_end().ends_with("[bot]")
        || person
            .email
            .as_deref()
            .is_some_and(|e| e.contains("[bot]@"))
}

/// Everyone who wrote a kept commit (oldest first), without repeats, but for the people
/// `skip` leaves out: `authorship` lists (position, person) newest first, each commit's
/// people in order.
fn contributors(
    people: &[Person],
    authorship: &[(usize, u32)],
    skip: impl Fn(usize, &Person) -> bool,
) -> Vec<Person> {
    let mut contributors: Vec<Person> = Vec::new();
    // A person met before was added then, or someone the same; no need to look again.
    let mut seen = vec![false; people.len()];
    for commit in authorship.chunk_by(|a, b| a.0 == b.0).rev() {
        for &(position, id) in commit {
            let id = usize::try_from(id).unwrap_or(usize::MAX);
            let (Some(flag), Some(person)) = (seen.get_mut(id), people.get(id)) else {
                continue;
            };
            if skip(position, person) {
                continue;
            }
            if std::mem::replace(flag, true) {
                continue;
            }
            if !contributors.iter().any(|p| same_person(p, person)) {
                contributors.push(person.clone());
            }
        }
    }
    contributors
}

/// Section titles, each with the positions of its entries among the items.
type Groups = Vec<(String, Vec<usize>)>;

/// The groups that have entries (with the breaking changes gathered first when
/// configured), the breaking changes, and the highlights.
fn arrange(
    config: &Config,
    items: &[Item],
    mut groups: Groups,
) -> (Groups, Vec<usize>, Vec<usize>) {
    let item = |i: usize| items.get(i);
    let is_breaking = |i: &usize| item(*i).is_some_and(Item::is_breaking);
    if config.breaking_section {
        let mut breaking = Vec::new();
        for (_, list) in &mut groups {
            let (b, rest): (Vec<usize>, Vec<usize>) =
                std::mem::take(list).into_iter().partition(is_breaking);
            *list = rest;
            breaking.extend(b);
        }
        groups.insert(0, ("BREAKING CHANGES".to_owned(), breaking));
    }
    groups.retain(|(_, list)| !list.is_empty());
    let breaking: Vec<usize> = groups
        .iter()
        .flat_map(|(_, list)| list)
        .copied()
        .filter(is_breaking)
        .collect();
    let features = groups
        .iter()
        .flat_map(|(_, list)| list)
        .copied()
        .filter(|i| !is_breaking(i) && item(*i).is_some_and(Item::is_feature));
    let highlights = breaking
        .iter()
        .copied()
        .chain(features.take(HIGHLIGHT_FEATURES))
        .collect();
    (groups, breaking, highlights)
}

/// A release as [`ReleaseBuilder`] builds it: what a [`Release`] holds, stored compactly
/// (each entry once, its text in one allocation). The renderers take it as they take a
/// `Release`, without turning it into one; [`CompactRelease::to_release`] does.
///
/// ```
/// use relcore::changelog::{CompactRelease, Config, Release, ReleaseBuilder};
/// use relcore::commit::Commit;
/// use relcore::version::Version;
///
/// let config = Config::default();
/// let mut builder = ReleaseBuilder::new(&config);
/// builder.add(&Commit::parse("feat: a"));
/// let compact = builder.finish(Version::new(1, 0, 0), None, None)?.mark_hotfix();
/// let release: Release = compact.to_release();
/// assert_eq!(release, Release::from_commits(Version::new(1, 0, 0), None, None, &[Commit::parse("feat: a")], &config)?.mark_hotfix());
/// assert_eq!(CompactRelease::from(&release).to_release(), release);
/// assert_eq!(compact.version(), &Version::new(1, 0, 0));
/// assert!(!compact.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CompactRelease(pub(crate) Arc<Parts>);

impl CompactRelease {
    /// The version released.
    pub fn version(&self) -> &Version {
        &self.0.version
    }

    /// `true` when the release has no entries at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Marks the release and all its entries as a hotfix, as [`Release::mark_hotfix`].
    #[must_use]
    pub fn mark_hotfix(mut self) -> CompactRelease {
        Arc::make_mut(&mut self.0).mark_hotfix();
        self
    }

    /// The release model.
    pub fn to_release(&self) -> Release {
        self.0.to_release()
    }
}

impl From<&Release> for CompactRelease {
    fn from(release: &Release) -> Self {
        CompactRelease(Arc::new(Parts::from_release(release)))
    }
}

/// The index of the section a commit goes to: security entries (a CVE or GHSA id
/// anywhere, even in a message that is not conventional) to the section listing
/// `security`, breaking changes of unlisted types to the one listing `perf` (`Changed`),
/// else by type.
fn section_of(config: &Config, ty: Option<&str>, cve: bool, breaking: bool) -> Option<usize> {
    let listing = |ty: &str| {
        config
            .sections
            .iter()
            .position(|s| s.types.iter().any(|t| t.eq_ignore_ascii_case(ty)))
    };
    if let Some(i) = cve.then(|| listing("security")).flatten() {
        return Some(i);
    }
    let ty = ty?;
    listing(ty).or_else(|| {
        if breaking {
            listing("perf").or(Some(0))
        } else {
            None
        }
    })
}

/// A commit's references, written out and linked.
fn references(commit: &Commit, links: Option<&Links>) -> Vec<LinkedReference> {
    commit
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
        .collect()
}

/// Adds an update; a later update of the same package (in the same directory) extends
/// the earlier one, so the release lists each package once, from first to last version.
fn add_dependency(list: &mut Vec<DependencyUpdate>, dep: &Dependency, short_id: Option<&str>) {
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

/// Appends `n` as a variable-length number: seven bits a byte, low bits first.
fn push_length(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push(u8::try_from(n & 0x7f).unwrap_or_default() | 0x80);
        n >>= 7;
    }
    out.push(u8::try_from(n).unwrap_or_default());
}

/// How much text a chunk of a [`ReleaseBuilder`]'s keys holds at most, unless one key is
/// longer; the first holds [`FIRST_KEY_CHUNK`], each next one twice the last.
const KEY_CHUNK: usize = 1 << 20;

/// How much text the first chunk of a [`ReleaseBuilder`]'s keys holds.
const FIRST_KEY_CHUNK: usize = 1 << 10;

/// The header and id of each commit a [`ReleaseBuilder`] considered, in order.
struct Keys<'a> {
    text: &'a str,
    chunks: std::slice::Iter<'a, String>,
    lengths: std::slice::Iter<'a, u8>,
}

impl<'a> Keys<'a> {
    fn new(chunks: &'a [String], lengths: &'a [u8]) -> Keys<'a> {
        Keys {
            text: "",
            chunks: chunks.iter(),
            lengths: lengths.iter(),
        }
    }

    fn length(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let byte = *self.lengths.next()?;
            n |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn take_text(&mut self, n: usize) -> Option<&'a str> {
        let (head, rest) = (self.text.get(..n)?, self.text.get(n..)?);
        self.text = rest;
        Some(head)
    }
}

impl<'a> Iterator for Keys<'a> {
    type Item = (Option<&'a str>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        // A commit's key is in one chunk: at the end of one, the next begins.
        while self.text.is_empty() {
            match self.chunks.next() {
                Some(chunk) => self.text = chunk,
                None => break,
            }
        }
        let header = self.length()?;
        let header = self.take_text(header)?;
        let id = match self.length()?.checked_sub(1) {
            Some(n) => Some(self.take_text(n)?),
            None => None,
        };
        Some((id, header))
    }
}

#[cfg(test)]
mod tests {
    use super::{KEY_CHUNK, ReleaseBuilder};
    use crate::changelog::Config;
    use crate::commit::Commit;
    use crate::version::Version;

    /// Bots are not contributors unless configured; people are, once.
    #[test]
    fn bots_are_contributors_only_when_configured() {
        use crate::commit::Person;
        let commits = [
            Commit::parse("chore(deps): bump serde from 1.0.1 to 1.0.2").with_author(
                Person::parse(
                    "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
                ),
            ),
            Commit::parse("fix: x").with_author(Person::parse("renovate[bot]")),
            Commit::parse("ci: y").with_author(Person::parse(
                "GitHub Actions <41898282+github-actions[bot]@users.noreply.github.com>",
            )),
            Commit::parse("feat: z\n\nCo-authored-by: Ann <ann@example.com>")
                .with_author(Person::parse("Bo <bo@example.com>")),
        ];
        let names = |config: &Config| -> Vec<String> {
            crate::changelog::Release::from_commits(
                Version::new(1, 0, 0),
                None,
                None,
                &commits,
                config,
            )
            .unwrap()
            .contributors
            .into_iter()
            .map(|p| p.name)
            .collect()
        };
        assert_eq!(names(&Config::default()), ["Bo", "Ann"]);
        let all = Config {
            bot_contributors: true,
            ..Config::default()
        };
        assert_eq!(
            names(&all),
            [
                "Bo",
                "Ann",
                "GitHub Actions",
                "renovate[bot]",
                "dependabot[bot]"
            ]
        );
    }

    /// Headers and ids spread over several chunks of keys (300 of a hundredth of a chunk)
    /// still pair reverts, by header and by id.
    #[test]
    fn reverts_pair_across_key_chunks() {
        let long = |i: usize| format!("feat: {i} {}", "x".repeat(KEY_CHUNK / 100));
        let config = Config::default();
        let mut builder = ReleaseBuilder::new(&config);
        builder.add(&Commit::parse(&format!("Revert \"{}\"", long(250))));
        builder.add(&Commit::parse("fix: no id").with_id(""));
        for i in 0..300 {
            builder.add(&Commit::parse(&long(i)).with_id(format!("{i:040x}")));
        }
        // A revert takes the first commit it names, even a newer one.
        builder.add(&Commit::parse(
            "Revert \"feat: gone\"\n\nThis reverts commit 0000000000000000000000000000000000000007.",
        ));
        let release = builder
            .finish(Version::new(1, 0, 0), None, None)
            .unwrap()
            .to_release();
        let titles: Vec<&str> = release.groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(titles, ["Added", "Fixed"]);
        let added = &release.groups[0].entries;
        assert_eq!(added.len(), 298);
        assert!(
            added
                .iter()
                .all(|e| !e.description.starts_with("250 ") && !e.description.starts_with("7 "))
        );
    }
}
