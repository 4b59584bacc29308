//! Reading inputs: commit messages from stdin, files.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use relcore::commit::{Commit, Person};

use crate::args::HistoryArgs;

/// All of stdin as text.
pub fn stdin_text() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("reading stdin")?;
    Ok(text)
}

/// A file's text, or stdin when no file is given.
pub fn file_or_stdin(file: Option<&Path>) -> anyhow::Result<String> {
    match file {
        Some(path) => {
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
        }
        None => stdin_text(),
    }
}

/// Streams the commits on stdin to `f` one record at a time, so memory does not grow with
/// the number of commits (for `relcore next` over long histories).
pub fn for_each_commit(history: &HistoryArgs, mut f: impl FnMut(Commit)) -> anyhow::Result<()> {
    let stdin = std::io::stdin().lock();
    for record in std::io::BufRead::split(std::io::BufReader::with_capacity(1 << 16, stdin), b'\0')
    {
        let record = record.context("reading stdin")?;
        let text = String::from_utf8_lossy(&record);
        if let Some(commit) = commit_from(&text, history.ids, history.authors) {
            f(commit);
        }
    }
    Ok(())
}

/// One NUL-separated record: `[id\n][author\n]message`; `None` for an empty record.
fn commit_from(record: &str, ids: bool, authors: bool) -> Option<Commit> {
    (!record.trim().is_empty()).then(|| {
        // Header fields are positional lines; only a bare message may start with blank lines.
        let mut rest = if ids || authors {
            record
        } else {
            record.trim_start_matches(['\n', '\r'])
        };
        let mut field = |wanted: bool| {
            if !wanted {
                return None;
            }
            let (head, tail) = rest.split_once('\n').unwrap_or((rest, ""));
            rest = tail;
            Some(head.trim().to_owned())
        };
        let id = field(ids);
        let author = field(authors);
        let mut commit = Commit::parse(rest);
        if let Some(id) = id.filter(|i| !i.is_empty()) {
            commit = commit.with_id(id);
        }
        if let Some(author) = author.filter(|a| !a.is_empty()) {
            commit = commit.with_author(Person::parse(&author));
        }
        commit
    })
}
