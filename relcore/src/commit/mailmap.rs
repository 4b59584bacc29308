//! git's mailmap (`.mailmap`): the names and e-mail addresses people want shown for the
//! ones their commits carry, as `git log` (with `log.mailmap`, the default since git
//! 2.29), `git shortlog` and `git blame` show them.
//!
//! Each line maps the commits of one address, or of one name and address, to a proper
//! name, a proper address, or both:
//!
//! ```text
//! Proper Name <commit@example.com>
//! <proper@example.com> <commit@example.com>
//! Proper Name <proper@example.com> <commit@example.com>
//! Proper Name <proper@example.com> Commit Name <commit@example.com>
//! ```
//!
//! Names and addresses match without regard to case; a line that starts with `#`, or
//! that has no `<…>`, says nothing. This module only reads text: the git adapter finds
//! the files (`.mailmap`, `mailmap.file`, `mailmap.blob`).

use std::borrow::Cow;
use std::collections::HashMap;

use super::Person;

/// The mappings of one or more mailmap files, read in order: a later line for the same
/// commit address (and name) replaces what an earlier one said.
///
/// ```
/// use relcore::commit::{Mailmap, Person};
/// let map = Mailmap::parse("Jane Doe <jane@example.com> <jdoe@old.example>\n");
/// let person = Person::new("jdoe", Some("JDoe@Old.Example".into()));
/// assert_eq!(map.person(person), Person::new("Jane Doe", Some("jane@example.com".into())));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mailmap {
    /// By commit address, lower-cased.
    entries: HashMap<String, Entry>,
}

/// What the lines for one commit address say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Entry {
    /// For any name with this address.
    any: Proper,
    /// For one name (lower-cased) with this address.
    by_name: HashMap<String, Proper>,
}

/// A proper name and address; either may be left as the commit has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Proper {
    name: Option<String>,
    email: Option<String>,
}

impl Mailmap {
    /// The mappings of one file's text.
    pub fn parse(text: &str) -> Mailmap {
        let mut map = Mailmap::default();
        map.add(text);
        map
    }

    /// Adds the mappings of another file's text, read after the ones before.
    pub fn add(&mut self, text: &str) {
        for line in text.lines() {
            self.add_line(line);
        }
    }

    /// Whether no line mapped anything.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn add_line(&mut self, line: &str) {
        if line.starts_with('#') {
            return;
        }
        let Some((proper_name, proper_email, rest)) = name_and_email(line, false) else {
            return;
        };
        let commit = rest.and_then(|rest| name_and_email(rest, true));
        let (proper_email, commit_name, commit_email) = match commit {
            Some((name, email, _)) => (Some(proper_email), name, email),
            None => (None, None, proper_email),
        };
        let entry = self.entries.entry(commit_email.to_lowercase()).or_default();
        let proper_name = proper_name.map(str::to_owned);
        let proper_email = proper_email.map(str::to_owned);
        match commit_name {
            // A line for every name replaces only what it gives.
            None => {
                if proper_name.is_some() {
                    entry.any.name = proper_name;
                }
                if proper_email.is_some() {
                    entry.any.email = proper_email;
                }
            }
            Some(name) => {
                entry.by_name.insert(
                    name.to_lowercase(),
                    Proper {
                        name: proper_name,
                        email: proper_email,
                    },
                );
            }
        }
    }

    /// The name and address to show for a commit's `name` and `email`.
    ///
    /// ```
    /// use relcore::commit::Mailmap;
    /// let map = Mailmap::parse("Jane Doe <jane@example.com>\n<ci@example.com> Bot <bot@old.example>");
    /// assert_eq!(map.resolve("jane", "Jane@example.com"), ("Jane Doe".into(), "Jane@example.com".into()));
    /// assert_eq!(map.resolve("bot", "bot@old.example"), ("bot".into(), "ci@example.com".into()));
    /// assert_eq!(map.resolve("Ann", "ann@example.com"), ("Ann".into(), "ann@example.com".into()));
    /// ```
    pub fn resolve<'a>(&'a self, name: &'a str, email: &'a str) -> (Cow<'a, str>, Cow<'a, str>) {
        let proper = self.entries.get(&email.to_lowercase()).map(|entry| {
            entry
                .by_name
                .get(&name.to_lowercase())
                .unwrap_or(&entry.any)
        });
        let Some(proper) = proper else {
            return (Cow::Borrowed(name), Cow::Borrowed(email));
        };
        (
            Cow::Borrowed(proper.name.as_deref().unwrap_or(name)),
            Cow::Borrowed(proper.email.as_deref().unwrap_or(email)),
        )
    }

    /// `person` as the mailmap shows them (a person without an address matches an empty
    /// one, as git reads an empty `<>`).
    pub fn person(&self, person: Person) -> Person {
        if self.is_empty() {
            return person;
        }
        let email = person.email.as_deref().unwrap_or_default();
        let (name, mapped) = self.resolve(&person.name, email);
        if name == person.name.as_str() && mapped == email {
            return person;
        }
        let mapped = (!mapped.is_empty()).then(|| mapped.into_owned());
        Person::new(name.into_owned(), mapped)
    }
}

/// `Name <email>` at the start of `text`, as git reads one side of a mailmap line: the
/// name trimmed (none when empty), the address between the first `<` and the next `>`
/// (an empty one only where `empty_email` allows it), and what follows, when anything
/// does.
fn name_and_email(text: &str, empty_email: bool) -> Option<(Option<&str>, &str, Option<&str>)> {
    let left = text.find('<')?;
    let right = left + 1 + text.get(left + 1..)?.find('>')?;
    let email = text.get(left + 1..right)?;
    if email.is_empty() && !empty_email {
        return None;
    }
    let name = text.get(..left)?.trim_matches(is_space);
    let rest = text.get(right + 1..).filter(|r| !r.is_empty());
    Some(((!name.is_empty()).then_some(name), email, rest))
}

/// C's `isspace` in the "C" locale, which git trims names with.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(map: &Mailmap, name: &str, email: &str) -> (String, String) {
        let (n, e) = map.resolve(name, email);
        (n.into_owned(), e.into_owned())
    }

    /// The four forms of git's documentation (gitmailmap(5)), and its example.
    #[test]
    fn the_forms_git_documents() {
        let map = Mailmap::parse(
            "# comment\n\
             Joe Developer <joe@example.com>\n\
             <bugs@example.com> <bugs@company.xx>\n\
             Jane Doe <jane@example.com> <jane@laptop.(none)>\n\
             Other Author <other@author.xx> nick2 <bugs@company.xx>\n\
             Santa Claus <santa.claus@northpole.xx> <me@company.xx>\n",
        );
        let cases = [
            (
                ("joe", "JOE@example.com"),
                ("Joe Developer", "JOE@example.com"),
            ),
            (("nick1", "bugs@company.xx"), ("nick1", "bugs@example.com")),
            (
                ("Nick2", "bugs@company.xx"),
                ("Other Author", "other@author.xx"),
            ),
            (
                ("jane", "jane@laptop.(none)"),
                ("Jane Doe", "jane@example.com"),
            ),
            (
                ("Santa", "me@company.xx"),
                ("Santa Claus", "santa.claus@northpole.xx"),
            ),
            (("Ann", "ann@example.com"), ("Ann", "ann@example.com")),
        ];
        for ((name, email), (want_name, want_email)) in cases {
            assert_eq!(
                resolved(&map, name, email),
                (want_name.to_owned(), want_email.to_owned()),
                "{name} <{email}>"
            );
        }
    }

    /// A later line for every name adds to what an earlier one said (git's merge of the
    /// simple entry); one for a name replaces; lines without an address say nothing.
    #[test]
    fn later_lines_and_odd_lines_as_git_reads_them() {
        let map = Mailmap::parse(
            "A Name <a@x>\n<b@y> <a@x>\n\
             First <f@x> who <w@x>\nSecond <s@x> WHO <w@x>\n\
             no address here\n <x@x>\n   \t\n# Hidden <h@x>\nName <>\n",
        );
        assert_eq!(resolved(&map, "a", "a@x"), ("A Name".into(), "b@y".into()));
        assert_eq!(
            resolved(&map, "who", "w@x"),
            ("Second".into(), "s@x".into())
        );
        assert_eq!(
            resolved(&map, "other", "w@x"),
            ("other".into(), "w@x".into())
        );
        assert_eq!(resolved(&map, "h", "h@x"), ("h".into(), "h@x".into()));
        assert_eq!(map.entries.len(), 3, "{map:?}");
        assert!(Mailmap::parse("# only\n\n").is_empty());
    }

    /// A person without an address is one with an empty one (`<>`), which a line can map.
    #[test]
    fn people_without_an_address_and_unmapped_people() {
        let map = Mailmap::parse("Proper <p@x> <>\nOther <o@x>\n");
        assert_eq!(
            map.person(Person::new("nobody", None)),
            Person::new("Proper", Some("p@x".into()))
        );
        let other = Mailmap::parse("Other <o@x>\n");
        assert_eq!(
            other.person(Person::new("nobody", None)),
            Person::new("nobody", None)
        );
        let ann = Person::new("Ann", Some("ann@x".into()));
        assert_eq!(map.person(ann.clone()), ann);
        assert_eq!(
            map.person(Person::new("o", Some("O@X".into()))),
            Person::new("Other", Some("O@X".into()))
        );
    }
}
