//! git2 values into relcore's: the only place the two meet.

use relcore::commit::{Commit, Person};

/// A git commit as a parsed relcore commit, with id, author and time.
pub(crate) fn commit_of(commit: &git2::Commit<'_>) -> Commit {
    let message = String::from_utf8_lossy(commit.message_bytes());
    let author = commit.author();
    let name = String::from_utf8_lossy(author.name_bytes()).into_owned();
    let email = String::from_utf8_lossy(author.email_bytes()).into_owned();
    Commit::parse(&message)
        .with_id(commit.id().to_string())
        .with_author(Person::new(name, (!email.is_empty()).then_some(email)))
        .with_time(commit.time().seconds())
}
