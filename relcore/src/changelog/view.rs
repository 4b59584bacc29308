//! The release as templates read it: [`Parts`], a compact form of [`Release`] that stores
//! each entry once (groups, breaking changes and highlights list positions) with its text
//! in one allocation, and minijinja objects that read it lazily. A template sees exactly
//! what `Value::from_serialize(&release)` would give it (the same maps, keys, sequences
//! and values), without a copy of the whole release being made first.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};

use super::model::{DependencyUpdate, Entry, Group, LinkedReference, Release};
use crate::commit::{KNOWN_TYPES, Person};
use crate::version::Version;

/// The text fields of an entry, in the order an [`Item`] stores them.
const TYPE: usize = 0;
const SCOPE: usize = 1;
const DESCRIPTION: usize = 2;
const BODY: usize = 3;
const BREAKING_NOTE: usize = 4;
const CVE: usize = 5;
const ID: usize = 6;
const SHORT_ID: usize = 7;
const COMMIT_URL: usize = 8;
const FIELDS: usize = 9;

/// One entry, compactly: its text fields in one allocation.
#[derive(Clone, Debug)]
pub struct Item {
    text: Text,
    /// Which text fields are present (bit per field); the description always is.
    present: u16,
    breaking: bool,
    hotfix: bool,
    references: Box<[LinkedReference]>,
    /// Positions in [`Parts::people`].
    authors: Authors,
}

/// An entry's authors, by their positions in [`Parts::people`]: most entries have one,
/// kept without an allocation of its own.
#[derive(Clone, Debug)]
enum Authors {
    One(u32),
    Many(Box<[u32]>),
}

impl Authors {
    fn new(ids: Vec<u32>) -> Authors {
        match ids.as_slice() {
            &[one] => Authors::One(one),
            _ => Authors::Many(ids.into_boxed_slice()),
        }
    }

    fn as_slice(&self) -> &[u32] {
        match self {
            Authors::One(id) => std::slice::from_ref(id),
            Authors::Many(ids) => ids,
        }
    }
}

/// An entry's text fields.
#[derive(Clone, Debug)]
enum Text {
    /// The fields one after the other, and where each ends: 16-bit ends keep an entry
    /// small, as thousands of releases hold many.
    Packed(Box<str>, [u16; FIELDS]),
    /// Fields too long to pack (64 KiB together), each on its own.
    Spread(Box<[Box<str>; FIELDS]>),
}

/// An entry's fields, borrowed, for [`Item::new`].
pub(crate) struct ItemFields<'a> {
    pub(crate) r#type: Option<&'a str>,
    pub(crate) scope: Option<&'a str>,
    pub(crate) description: &'a str,
    pub(crate) body: Option<&'a str>,
    pub(crate) breaking: bool,
    pub(crate) breaking_note: Option<&'a str>,
    pub(crate) cve: Option<&'a str>,
    pub(crate) references: Vec<LinkedReference>,
    pub(crate) id: Option<&'a str>,
    pub(crate) short_id: Option<&'a str>,
    pub(crate) commit_url: Option<&'a str>,
    pub(crate) authors: Vec<u32>,
    pub(crate) hotfix: bool,
}

impl Item {
    pub(crate) fn new(fields: ItemFields<'_>) -> Item {
        Item::packing_up_to(fields, u16::MAX)
    }

    /// An item whose text fields are packed unless they exceed `limit` bytes together.
    fn packing_up_to(fields: ItemFields<'_>, limit: u16) -> Item {
        let texts = [
            fields.r#type,
            fields.scope,
            Some(fields.description),
            fields.body,
            fields.breaking_note,
            fields.cve,
            fields.id,
            fields.short_id,
            fields.commit_url,
        ];
        let present = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_some())
            .fold(0u16, |bits, (i, _)| bits | (1 << i));
        let len: usize = texts.iter().flatten().map(|t| t.len()).sum();
        let text = if u16::try_from(len).is_ok_and(|len| len <= limit) {
            let mut text = String::with_capacity(len);
            let mut ends = [0u16; FIELDS];
            for (field, end) in texts.iter().zip(&mut ends) {
                text.push_str(field.unwrap_or_default());
                *end = u16::try_from(text.len()).unwrap_or(u16::MAX);
            }
            Text::Packed(text.into_boxed_str(), ends)
        } else {
            Text::Spread(Box::new(texts.map(|t| Box::from(t.unwrap_or_default()))))
        };
        Item {
            text,
            present,
            breaking: fields.breaking,
            hotfix: fields.hotfix,
            references: fields.references.into_boxed_slice(),
            authors: Authors::new(fields.authors),
        }
    }

    fn field(&self, field: usize) -> Option<&str> {
        if self.present & (1 << field) == 0 {
            return None;
        }
        match &self.text {
            Text::Packed(text, ends) => {
                let start = match field.checked_sub(1) {
                    Some(before) => *ends.get(before)?,
                    None => 0,
                };
                let end = *ends.get(field)?;
                text.get(usize::from(start)..usize::from(end))
            }
            Text::Spread(fields) => fields.get(field).map(AsRef::as_ref),
        }
    }

    fn owned(&self, field: usize) -> Option<String> {
        self.field(field).map(str::to_owned)
    }

    /// The type, as the model holds it: the common ones without an allocation.
    fn r#type(&self) -> Option<Cow<'static, str>> {
        let ty = self.field(TYPE)?;
        Some(
            KNOWN_TYPES
                .iter()
                .find(|k| **k == ty)
                .map_or_else(|| Cow::Owned(ty.to_owned()), |k| Cow::Borrowed(*k)),
        )
    }

    pub(crate) fn is_feature(&self) -> bool {
        self.field(TYPE) == Some("feat")
    }

    pub(crate) fn is_breaking(&self) -> bool {
        self.breaking
    }
}

/// A release, compactly; see the module docs.
#[derive(Clone, Debug)]
pub struct Parts {
    pub(crate) version: Version,
    pub(crate) previous: Option<Version>,
    pub(crate) tag: String,
    pub(crate) previous_tag: Option<String>,
    pub(crate) date: Option<NaiveDate>,
    pub(crate) compare_url: Option<String>,
    pub(crate) hotfix: bool,
    pub(crate) items: Vec<Item>,
    pub(crate) people: Vec<Person>,
    /// Section titles and the positions of their entries in `items`.
    pub(crate) groups: Vec<(String, Vec<usize>)>,
    pub(crate) breaking: Vec<usize>,
    pub(crate) highlights: Vec<usize>,
    pub(crate) dependencies: Vec<DependencyUpdate>,
    pub(crate) contributors: Vec<Person>,
}

/// Interns people: each distinct person once, by position.
#[derive(Debug, Default)]
pub(crate) struct People {
    pub(crate) list: Vec<Person>,
    index: HashMap<Person, u32>,
    /// The person asked for last.
    last: Option<u32>,
}

impl People {
    pub(crate) fn id(&mut self, person: &Person) -> u32 {
        // Commits in a row are mostly by the same person.
        if let Some(id) = self.last
            && self
                .list
                .get(usize::try_from(id).unwrap_or(usize::MAX))
                .is_some_and(|last| last == person)
        {
            return id;
        }
        let id = if let Some(&id) = self.index.get(person) {
            id
        } else {
            let id = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
            self.list.push(person.clone());
            self.index.insert(person.clone(), id);
            id
        };
        self.last = Some(id);
        id
    }
}

impl Parts {
    /// The compact form of any release.
    pub(crate) fn from_release(release: &Release) -> Parts {
        let mut people = People::default();
        let mut items = Vec::new();
        let mut add = |entry: &Entry, items: &mut Vec<Item>| {
            items.push(Item::new(ItemFields {
                r#type: entry.r#type.as_deref(),
                scope: entry.scope.as_deref(),
                description: &entry.description,
                body: entry.body.as_deref(),
                breaking: entry.breaking,
                breaking_note: entry.breaking_note.as_deref(),
                cve: entry.cve.as_deref(),
                references: entry.references.clone(),
                id: entry.id.as_deref(),
                short_id: entry.short_id.as_deref(),
                commit_url: entry.commit_url.as_deref(),
                authors: entry.authors.iter().map(|p| people.id(p)).collect(),
                hotfix: entry.hotfix,
            }));
            items.len() - 1
        };
        let groups = release
            .groups
            .iter()
            .map(|g| {
                let list = g.entries.iter().map(|e| add(e, &mut items)).collect();
                (g.title.clone(), list)
            })
            .collect();
        let breaking = release
            .breaking
            .iter()
            .map(|e| add(e, &mut items))
            .collect();
        let highlights = release
            .highlights
            .iter()
            .map(|e| add(e, &mut items))
            .collect();
        Parts {
            version: release.version.clone(),
            previous: release.previous.clone(),
            tag: release.tag.clone(),
            previous_tag: release.previous_tag.clone(),
            date: release.date,
            compare_url: release.compare_url.clone(),
            hotfix: release.hotfix,
            items,
            people: people.list,
            groups,
            breaking,
            highlights,
            dependencies: release.dependencies.clone(),
            contributors: release.contributors.clone(),
        }
    }

    /// The release model.
    pub(crate) fn to_release(&self) -> Release {
        let entries = |list: &[usize]| list.iter().filter_map(|&i| self.entry(i)).collect();
        Release {
            version: self.version.clone(),
            previous: self.previous.clone(),
            tag: self.tag.clone(),
            previous_tag: self.previous_tag.clone(),
            date: self.date,
            compare_url: self.compare_url.clone(),
            hotfix: self.hotfix,
            groups: self
                .groups
                .iter()
                .map(|(title, list)| Group {
                    title: title.clone(),
                    entries: entries(list),
                })
                .collect(),
            breaking: entries(&self.breaking),
            highlights: entries(&self.highlights),
            dependencies: self.dependencies.clone(),
            contributors: self.contributors.clone(),
        }
    }

    fn entry(&self, i: usize) -> Option<Entry> {
        let item = self.items.get(i)?;
        Some(Entry {
            r#type: item.r#type(),
            scope: item.owned(SCOPE),
            description: item.owned(DESCRIPTION).unwrap_or_default(),
            body: item.owned(BODY),
            breaking: item.breaking,
            breaking_note: item.owned(BREAKING_NOTE),
            cve: item.owned(CVE),
            references: item.references.to_vec(),
            id: item.owned(ID),
            short_id: item.owned(SHORT_ID),
            commit_url: item.owned(COMMIT_URL),
            authors: self.authors(item).cloned().collect(),
            hotfix: item.hotfix,
        })
    }

    fn authors<'a>(&'a self, item: &'a Item) -> impl Iterator<Item = &'a Person> {
        item.authors
            .as_slice()
            .iter()
            .filter_map(|&id| self.people.get(usize::try_from(id).ok()?))
    }

    /// Marks the release and every entry as a hotfix.
    pub(crate) fn mark_hotfix(&mut self) {
        self.hotfix = true;
        for item in &mut self.items {
            item.hotfix = true;
        }
    }

    /// `true` when no group has an entry.
    pub(crate) fn is_empty(&self) -> bool {
        self.groups.iter().all(|(_, list)| list.is_empty())
    }

    /// How many entries the groups list.
    pub(crate) fn entry_count(&self) -> usize {
        self.groups.iter().map(|(_, list)| list.len()).sum()
    }

    /// The release as a template's `release` variable.
    pub(crate) fn value(self: Arc<Self>) -> Value {
        Value::from_object(ReleaseObject(self))
    }
}

/// The keys `Value::from_serialize` gives each model type, in field order.
const RELEASE_KEYS: &[&str] = &[
    "version",
    "previous",
    "tag",
    "previous_tag",
    "date",
    "compare_url",
    "hotfix",
    "groups",
    "breaking",
    "highlights",
    "dependencies",
    "contributors",
];
const GROUP_KEYS: &[&str] = &["title", "entries"];
const REFERENCE_KEYS: &[&str] = &["kind", "repository", "number", "text", "url"];
const ENTRY_KEYS: &[&str] = &[
    "type",
    "scope",
    "description",
    "body",
    "breaking",
    "breaking_note",
    "cve",
    "references",
    "id",
    "short_id",
    "commit_url",
    "authors",
    "hotfix",
];

fn text(value: Option<&str>) -> Value {
    value.map_or(Value::from(()), Value::from)
}

#[derive(Debug)]
struct ReleaseObject(Arc<Parts>);

impl Object for ReleaseObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let parts = &self.0;
        Some(match key {
            "version" => Value::from_serialize(&parts.version),
            "previous" => Value::from_serialize(&parts.previous),
            "tag" => Value::from(parts.tag.as_str()),
            "previous_tag" => text(parts.previous_tag.as_deref()),
            "date" => Value::from_serialize(parts.date),
            "compare_url" => text(parts.compare_url.as_deref()),
            "hotfix" => Value::from(parts.hotfix),
            "groups" => Value::from_object(Groups(parts.clone())),
            "breaking" => Value::from_object(Entries(parts.clone(), List::Breaking)),
            "highlights" => Value::from_object(Entries(parts.clone(), List::Highlights)),
            "dependencies" => Value::from_serialize(&parts.dependencies),
            "contributors" => Value::from_serialize(&parts.contributors),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(RELEASE_KEYS)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(RELEASE_KEYS.len())
    }
}

#[derive(Debug)]
struct Groups(Arc<Parts>);

impl Object for Groups {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize()?;
        self.0.groups.get(index)?;
        Some(Value::from_object(GroupObject(self.0.clone(), index)))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.groups.len())
    }
}

#[derive(Debug)]
struct GroupObject(Arc<Parts>, usize);

impl Object for GroupObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let (title, _) = self.0.groups.get(self.1)?;
        match key {
            "title" => Some(Value::from(title.as_str())),
            "entries" => Some(Value::from_object(Entries(
                self.0.clone(),
                List::Group(self.1),
            ))),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(GROUP_KEYS)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(GROUP_KEYS.len())
    }
}

/// Which list of entries.
#[derive(Debug, Clone, Copy)]
enum List {
    Group(usize),
    Breaking,
    Highlights,
}

#[derive(Debug)]
struct Entries(Arc<Parts>, List);

impl Entries {
    fn list(&self) -> &[usize] {
        match self.1 {
            List::Group(g) => self.0.groups.get(g).map_or(&[], |(_, l)| l.as_slice()),
            List::Breaking => &self.0.breaking,
            List::Highlights => &self.0.highlights,
        }
    }
}

impl Object for Entries {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let item = *self.list().get(key.as_usize()?)?;
        Some(Value::from_object(EntryObject(self.0.clone(), item)))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.list().len())
    }
}

#[derive(Debug)]
struct EntryObject(Arc<Parts>, usize);

impl Object for EntryObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let parts = &self.0;
        let item = parts.items.get(self.1)?;
        Some(match key {
            "type" => text(item.field(TYPE)),
            "scope" => text(item.field(SCOPE)),
            "description" => Value::from(item.field(DESCRIPTION).unwrap_or_default()),
            "body" => text(item.field(BODY)),
            "breaking" => Value::from(item.breaking),
            "breaking_note" => text(item.field(BREAKING_NOTE)),
            "cve" => text(item.field(CVE)),
            "references" => Value::from_object(References(parts.clone(), self.1)),
            "id" => text(item.field(ID)),
            "short_id" => text(item.field(SHORT_ID)),
            "commit_url" => text(item.field(COMMIT_URL)),
            "authors" => Value::from_serialize(parts.authors(item).collect::<Vec<_>>()),
            "hotfix" => Value::from(item.hotfix),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(ENTRY_KEYS)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(ENTRY_KEYS.len())
    }
}

#[cfg(test)]
mod tests {
    use super::{Item, ItemFields, Text};

    #[test]
    fn packed_and_spread_text_read_the_same() {
        let fields = || ItemFields {
            r#type: Some("feat"),
            scope: None,
            description: "add x",
            body: Some(""),
            breaking: true,
            breaking_note: Some("note"),
            cve: None,
            references: Vec::new(),
            id: Some("0123456789"),
            short_id: Some("0123456"),
            commit_url: None,
            authors: vec![0],
            hotfix: false,
        };
        let packed = Item::packing_up_to(fields(), u16::MAX);
        let spread = Item::packing_up_to(fields(), 4);
        assert!(matches!(packed.text, Text::Packed(..)));
        assert!(matches!(spread.text, Text::Spread(..)));
        for item in [&packed, &spread] {
            let all: Vec<Option<&str>> = (0..super::FIELDS).map(|f| item.field(f)).collect();
            assert_eq!(
                all,
                [
                    Some("feat"),
                    None,
                    Some("add x"),
                    Some(""),
                    Some("note"),
                    None,
                    Some("0123456789"),
                    Some("0123456"),
                    None
                ]
            );
            assert!(item.is_feature() && item.is_breaking());
        }
    }
}

/// An entry's references.
#[derive(Debug)]
struct References(Arc<Parts>, usize);

impl References {
    fn list(&self) -> &[LinkedReference] {
        self.0
            .items
            .get(self.1)
            .map_or(&[], |item| &item.references)
    }
}

impl Object for References {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize()?;
        self.list().get(index)?;
        Some(Value::from_object(ReferenceObject(self.clone(), index)))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.list().len())
    }
}

#[derive(Debug)]
struct ReferenceObject(Arc<References>, usize);

impl Object for ReferenceObject {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let reference = self.0.list().get(self.1)?;
        Some(match key {
            "kind" => Value::from_serialize(reference.kind),
            "repository" => text(reference.repository.as_deref()),
            "number" => Value::from_serialize(reference.number),
            "text" => Value::from(reference.text.as_str()),
            "url" => text(reference.url.as_deref()),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(REFERENCE_KEYS)
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(REFERENCE_KEYS.len())
    }
}
