//! Reading inputs: commit messages from stdin, files.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use relcore::commit::{Commit, CommitInput};

use crate::args::HistoryArgs;
use crate::output::InputError;

/// All of stdin as text; bytes that are not UTF-8 are a located error (exit 1).
pub fn stdin_text() -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("reading stdin")?;
    text_of(bytes, "<stdin>")
}

/// A file's text, or stdin when no file is given or the file is `-`.
pub fn file_or_stdin(file: Option<&Path>) -> anyhow::Result<String> {
    match file {
        Some(path) if path != Path::new("-") => read_file(path),
        _ => stdin_text(),
    }
}

/// A file's text; bytes that are not UTF-8 are a located error (exit 1), an unreadable
/// file an IO error naming it (exit 2).
pub fn read_file(path: &Path) -> anyhow::Result<String> {
    read_named(path, path)
}

/// [`read_file`] of `real`, named `shown` in errors (the path as the user wrote it).
pub fn read_named(real: &Path, shown: &Path) -> anyhow::Result<String> {
    relcore_release::files::read_text(real, shown).map_err(file_error)
}

/// [`read_named`], with `None` when the file does not exist.
pub fn read_named_if_exists(real: &Path, shown: &Path) -> anyhow::Result<Option<String>> {
    relcore_release::files::read_text_if_exists(real, shown).map_err(file_error)
}

/// A file that is not UTF-8 is refused input (exit 1, located); one that cannot be read
/// is an IO error naming it (exit 2).
fn file_error(e: relcore_release::files::FileError) -> anyhow::Error {
    match e.invalid_utf8() {
        Some((path, error)) => anyhow::Error::new(InputError {
            path: path.display().to_string(),
            error: error.clone(),
        }),
        None => anyhow::Error::new(e),
    }
}

/// The bytes as text, without a copy when they are UTF-8.
fn text_of(bytes: Vec<u8>, name: &str) -> anyhow::Result<String> {
    relcore::diagnostic::string_from_utf8(bytes).map_err(|error| {
        anyhow::Error::new(InputError {
            path: name.to_owned(),
            error,
        })
    })
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
        Commit::from(CommitInput {
            message: rest.to_owned(),
            id,
            author,
            time: None,
        })
    })
}
