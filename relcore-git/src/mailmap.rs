//! Where a repository keeps its mailmap, read as git reads it: `.mailmap` at the top of
//! the work tree, then the blob `mailmap.blob` names (by default `HEAD:.mailmap` in a
//! bare repository), then the file `mailmap.file` names; later lines win.

use std::path::{Path, PathBuf};

use relcore::commit::Mailmap;

/// The most of one mailmap source that is read (a larger one is left out whole).
const MAX_SIZE: u64 = 16 << 20;

/// The repository's mailmap; `None` when no source maps anything (the usual case, which
/// costs commits nothing).
pub(crate) fn load(repo: &git2::Repository) -> Option<Mailmap> {
    let config = repo.config().ok();
    let setting = |key: &str| config.as_ref().and_then(|c| c.get_string(key).ok());
    let mut map = Mailmap::default();
    if let Some(text) = repo.workdir().and_then(|dir| file(&dir.join(".mailmap"))) {
        map.add(&text);
    }
    let blob =
        setting("mailmap.blob").or_else(|| repo.is_bare().then(|| "HEAD:.mailmap".to_owned()));
    if let Some(text) = blob.and_then(|spec| blob_text(repo, &spec)) {
        map.add(&text);
    }
    if let Some(text) = setting("mailmap.file").and_then(|path| file(&expand_home(&path))) {
        map.add(&text);
    }
    (!map.is_empty()).then_some(map)
}

/// A file's text, when it exists, is a regular file of at most [`MAX_SIZE`] and is UTF-8
/// (a mailmap in another encoding is left out, as a wrong one is of no use).
fn file(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SIZE {
        return None;
    }
    String::from_utf8(std::fs::read(path).ok()?).ok()
}

/// The text of the blob `spec` names (`HEAD:.mailmap`, an object id), as [`file`].
fn blob_text(repo: &git2::Repository, spec: &str) -> Option<String> {
    let blob = repo.revparse_single(spec).ok()?.peel_to_blob().ok()?;
    if blob.size() as u64 > MAX_SIZE {
        return None;
    }
    String::from_utf8(blob.content().to_vec()).ok()
}

/// `~/…` in a configured path, as git expands it.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use relcore::commit::Mailmap;

    /// The people the probes ask about: those the seeds name, in other cases, and others.
    const PROBES: [(&str, &str); 9] = [
        ("joe", "JOE@example.com"),
        ("nick1", "bugs@company.xx"),
        ("NICK2", "Bugs@Company.xx"),
        ("jane", "jane@laptop.(none)"),
        ("Santa", "me@company.xx"),
        ("x", "a@x"),
        ("WHO", "w@x"),
        ("nobody", ""),
        ("ann", "ann@example.com"),
    ];

    /// The core's mailmap resolves every probe as git does (`git check-mailmap`), on the
    /// forms git documents and on damaged variants of them.
    #[test]
    fn resolves_as_git_does() {
        let seeds: Vec<Vec<u8>> = [
            "Joe Developer <joe@example.com>\n<bugs@example.com> <bugs@company.xx>\n",
            "Jane Doe <jane@example.com> <jane@laptop.(none)>\n# Hidden <h@x>\n",
            "Other Author <other@author.xx> nick2 <bugs@company.xx>\nA <a@x>\n<b@y> <a@x>\n",
            "Santa Claus <santa.claus@northpole.xx> <me@company.xx>\n  Spaced   Name  \t<a@x>\n",
            "First <f@x> who <w@x>\nSecond <s@x> WHO <w@x>\n<c@x>  <ann@example.com>\n",
            "No One <n@x> <>\nJoe <j@x> <joe@example.com>\n",
        ]
        .map(|s| s.as_bytes().to_vec())
        .into();
        let dir = crate::testing::fresh_repo("mailmap-oracle");
        let file = dir.join("mailmap");
        let setting = format!("mailmap.file={}", file.display());
        let mut probes = vec!["-c", &setting, "check-mailmap"];
        let contacts: Vec<String> = PROBES.iter().map(|(n, e)| format!("{n} <{e}>")).collect();
        probes.extend(contacts.iter().map(String::as_str));
        let mut compared = 0;
        for bytes in seeds
            .iter()
            .cloned()
            .chain(crate::testing::variants(&seeds, 60))
        {
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            if text.contains('\0') {
                continue;
            }
            std::fs::write(&file, text).unwrap();
            let git = crate::testing::git(&dir, &probes);
            let ours = Mailmap::parse(text);
            for ((name, email), theirs) in PROBES.iter().zip(git.lines()) {
                let (n, e) = ours.resolve(name, email);
                assert_eq!(format!("{n} <{e}>"), theirs, "{name} <{email}> in {text:?}");
                compared += 1;
            }
        }
        assert!(compared > 2000, "{compared}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
