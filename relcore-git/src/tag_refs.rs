//! The tag refs of a repository, read from its files as git writes them: `packed-refs`
//! and the loose refs under `refs/tags/`, with what packed-refs already knows of each
//! tag's peeled id.
//!
//! libgit2's reference iterator reads the same files, but first sorts every packed ref
//! into a cache (a string comparison per insertion) and matches a glob against each name;
//! on a history with 10,000 tags that cost more than the rest of `relcore next`. Anything
//! this reader does not know for certain (reftable, a symbolic or unreadable tag ref,
//! SHA-256 ids) makes it give up, and libgit2 lists the tags instead.

use std::collections::HashSet;
use std::path::Path;

use git2::Oid;

use crate::convert;

/// A tag ref: its name under `refs/tags/` and the object it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagRef {
    /// The name without `refs/tags/`, e.g. `v1.4.2` or `core/v1.4.2`.
    pub(crate) name: String,
    /// The object the ref names: a commit, or an annotated tag object.
    pub(crate) target: Oid,
    /// What packed-refs says about peeling the target.
    pub(crate) peel: Peel,
}

/// What is known, without reading any object, about the object a tag ref names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Peel {
    /// The target is an annotated tag of this object (a peeled line in packed-refs).
    To(Oid),
    /// The target is no tag object: packed-refs peels the refs under `refs/tags/` and
    /// gives this one no peeled line.
    Plain,
    /// Not known without reading the target: a loose ref, or a packed-refs file that does
    /// not peel.
    Unknown,
}

/// Every tag ref of the repository whose shared git directory is `common`, loose refs
/// before packed ones of the same name; `None` when the refs are not files this reader
/// knows for certain, for libgit2 to list.
pub(crate) fn read(common: &Path) -> Option<Vec<TagRef>> {
    if common.join("reftable").exists() {
        return None;
    }
    let mut refs = Vec::new();
    loose(&common.join("refs/tags"), &mut refs)?;
    let shadowed: HashSet<String> = refs.iter().map(|r| r.name.clone()).collect();
    match std::fs::read(common.join("packed-refs")) {
        Ok(text) => packed(&text, &shadowed, &mut refs)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) => return None,
    }
    Some(refs)
}

/// The loose refs below `top`: each file holds a 40-digit id, and its path below `top`
/// is the name. A missing directory has none; a lock file is no ref (as for git). The
/// directories still to read are a list, not calls: no nesting overflows the stack.
fn loose(top: &Path, refs: &mut Vec<TagRef>) -> Option<()> {
    let mut dirs = vec![(top.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = dirs.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return None,
        };
        for entry in entries {
            let entry = entry.ok()?;
            let file_name = entry.file_name();
            let name = format!("{prefix}{}", file_name.to_str()?);
            let path = entry.path();
            if entry.file_type().ok()?.is_dir() {
                dirs.push((path, format!("{name}/")));
                continue;
            }
            // Not a ref name (a lock file, `v1.0.0.lock`, is none either).
            if !valid_name(&name) {
                continue;
            }
            let text = std::fs::read(&path).ok()?;
            let target = convert::oid_hex(text.trim_ascii_end())?;
            refs.push(TagRef {
                name,
                target,
                peel: Peel::Unknown,
            });
        }
    }
    Some(())
}

/// Whether `refs/tags/<name>` is a valid ref name, by git's `check-ref-format` rules as
/// libgit2 applies them: libgit2 skips the others when it lists refs, and so does this
/// reader (a lock file, `v1.0.0.lock`, is none). A test compares it with libgit2's own
/// check, which costs more than the rest of the listing.
fn valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    // One pass; `prev` is `/` at the start of each component.
    let mut prev = b'/';
    let mut component = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x20 || b == 0x7f || b" ~^:?*[\\".contains(&b) {
            return false;
        }
        match (prev, b) {
            // An empty component, one that starts with a dot, `..` and `@{`.
            (b'/', b'/' | b'.') | (b'.', b'.') | (b'@', b'{') => return false,
            (_, b'/') if locked(&bytes[component..i]) => return false,
            (_, b'/') => component = i + 1,
            _ => {}
        }
        prev = b;
    }
    // Not empty, no empty last component, no trailing dot, no last `*.lock` component.
    prev != b'/' && prev != b'.' && !locked(&bytes[component..])
}

/// Whether a ref name's component ends with `.lock`, as a lock file's name does (git's
/// rule is case-sensitive: `v1.LOCK` is a valid name).
fn locked(component: &[u8]) -> bool {
    component.ends_with(b".lock")
}

/// The tag refs of a packed-refs file that no loose ref of `shadowed` overrides.
fn packed(text: &[u8], shadowed: &HashSet<String>, refs: &mut Vec<TagRef>) -> Option<()> {
    // A file that is UTF-8, as nearly all are, is split with `memchr`, not byte by byte.
    match std::str::from_utf8(text) {
        Ok(text) => packed_lines(text.split('\n').map(str::as_bytes), shadowed, refs),
        Err(_) => packed_lines(text.split(|&b| b == b'\n'), shadowed, refs),
    }
}

/// The tag refs of packed-refs' `lines` (without their `\n`).
fn packed_lines<'t>(
    lines: impl Iterator<Item = &'t [u8]>,
    shadowed: &HashSet<String>,
    refs: &mut Vec<TagRef>,
) -> Option<()> {
    let mut lines = lines.peekable();
    // `peeled` (and `fully-peeled`): a ref under refs/tags/ without a peeled line is no
    // annotated tag, as git's packed-refs reader takes it.
    let peels = lines
        .next_if(|header| header.starts_with(b"# pack-refs with:"))
        .is_some_and(|header| {
            header
                .split(|&b| b == b' ')
                .any(|word| matches!(word.trim_ascii(), b"peeled" | b"fully-peeled"))
        });
    let plain = if peels { Peel::Plain } else { Peel::Unknown };
    // The index in `refs` of the tag ref on the line before, for its peeled line.
    let mut last: Option<usize> = None;
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(hex) = line.strip_prefix(b"^") {
            let peeled = convert::oid_hex(hex)?;
            if let Some(r) = last.take().and_then(|i| refs.get_mut(i)) {
                r.peel = Peel::To(peeled);
            }
            continue;
        }
        last = None;
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        let (hex, name) = line.split_at_checked(40)?;
        let name = name.strip_prefix(b" ")?;
        let Some(name) = name.strip_prefix(b"refs/tags/") else {
            continue;
        };
        let target = convert::oid_hex(hex)?;
        // A name that is not UTF-8 is skipped, as libgit2's listing skips it.
        let Ok(name) = std::str::from_utf8(name) else {
            continue;
        };
        if (!shadowed.is_empty() && shadowed.contains(name)) || !valid_name(name) {
            continue;
        }
        last = Some(refs.len());
        refs.push(TagRef {
            name: name.to_owned(),
            target,
            peel: plain,
        });
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use git2::ObjectType;

    use super::*;
    use crate::testing::{fresh_repo, git};

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const C: &str = "3333333333333333333333333333333333333333";

    fn oid(hex: &str) -> Oid {
        Oid::from_str(hex).unwrap()
    }

    fn parse(text: &str, shadowed: &[&str]) -> Option<Vec<TagRef>> {
        let shadowed = shadowed.iter().map(|s| (*s).to_owned()).collect();
        let mut refs = Vec::new();
        packed(text.as_bytes(), &shadowed, &mut refs).map(|()| refs)
    }

    #[test]
    fn packed_refs_give_peeled_ids_and_plain_tags() {
        let text = format!(
            "# pack-refs with: peeled fully-peeled sorted \n\
             {A} refs/heads/main\n{B} refs/tags/v1.0.0\n^{C}\n{A} refs/tags/v1.1.0\n"
        );
        let refs = parse(&text, &[]).unwrap();
        assert_eq!(
            refs,
            vec![
                TagRef {
                    name: "v1.0.0".into(),
                    target: oid(B),
                    peel: Peel::To(oid(C))
                },
                TagRef {
                    name: "v1.1.0".into(),
                    target: oid(A),
                    peel: Peel::Plain
                },
            ]
        );
    }

    #[test]
    fn without_the_peeled_trait_a_tag_without_a_peeled_line_is_unknown() {
        let text = format!("{B} refs/tags/v1.0.0\n^{C}\n{A} refs/tags/v1.1.0\n");
        let refs = parse(&text, &[]).unwrap();
        assert_eq!(refs[0].peel, Peel::To(oid(C)));
        assert_eq!(refs[1].peel, Peel::Unknown);
    }

    #[test]
    fn a_peeled_line_after_another_ref_peels_nothing_here() {
        // The peeled line belongs to the branch before it, which is no tag.
        let text = format!("# pack-refs with: peeled\n{A} refs/heads/x\n^{C}\n{B} refs/tags/v1\n");
        let refs = parse(&text, &[]).unwrap();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].peel, Peel::Plain);
    }

    #[test]
    fn a_loose_ref_shadows_the_packed_one() {
        let text = format!("{B} refs/tags/v1.0.0\n{A} refs/tags/v2.0.0\n");
        let refs = parse(&text, &["v1.0.0"]).unwrap();
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].name, "v2.0.0");
    }

    #[test]
    fn anything_unexpected_gives_up_for_libgit2() {
        // SHA-256 ids, a damaged id, a line without a name.
        let long = "a".repeat(64);
        assert!(parse(&format!("{long} refs/tags/v1\n"), &[]).is_none());
        assert!(
            parse(
                "zz11111111111111111111111111111111111111 refs/tags/v1\n",
                &[]
            )
            .is_none()
        );
        assert!(parse(&format!("{A}\n"), &[]).is_none());
        assert!(parse(&format!("{A} refs/tags/v1\n^nothex\n"), &[]).is_none());
    }

    #[test]
    fn loose_refs_nest_and_lock_files_are_no_refs() {
        let dir = std::env::temp_dir().join(format!("relcore-tag-refs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let tags = dir.join("refs/tags");
        std::fs::create_dir_all(tags.join("core")).unwrap();
        std::fs::write(tags.join("v1.0.0"), format!("{A}\n")).unwrap();
        std::fs::write(tags.join("core/v2.0.0"), format!("{B}\n")).unwrap();
        std::fs::write(tags.join("v3.0.0.lock"), format!("{C}\n")).unwrap();
        std::fs::write(
            dir.join("packed-refs"),
            format!("# pack-refs with: peeled\n{C} refs/tags/v1.0.0\n{C} refs/tags/v0.9.0\n"),
        )
        .unwrap();
        let mut refs = read(&dir).unwrap();
        refs.sort_by(|a, b| a.name.cmp(&b.name));
        let names: Vec<(&str, Oid, Peel)> = refs
            .iter()
            .map(|r| (r.name.as_str(), r.target, r.peel))
            .collect();
        assert_eq!(
            names,
            vec![
                ("core/v2.0.0", oid(B), Peel::Unknown),
                ("v0.9.0", oid(C), Peel::Plain),
                ("v1.0.0", oid(A), Peel::Unknown),
            ]
        );
        // A symbolic tag ref is left to libgit2.
        std::fs::write(tags.join("latest"), "ref: refs/tags/v1.0.0\n").unwrap();
        assert!(read(&dir).is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Each tag's target and the object it peels to (commit, tree or blob), by name.
    fn resolved(repo: &git2::Repository, refs: &[TagRef]) -> BTreeMap<String, (Oid, Oid)> {
        refs.iter()
            .map(|r| {
                let object = repo.find_object(r.target, None).unwrap();
                let mut peeled = object.clone();
                while let Some(tag) = peeled.as_tag() {
                    peeled = tag.target().unwrap();
                }
                // What this reader claims without reading must hold.
                match r.peel {
                    Peel::To(p) => assert_eq!(p, peeled.id(), "{}", r.name),
                    Peel::Plain => assert_ne!(object.kind(), Some(ObjectType::Tag), "{}", r.name),
                    Peel::Unknown => {}
                }
                (r.name.clone(), (r.target, peeled.id()))
            })
            .collect()
    }

    #[test]
    fn ref_names_are_valid_exactly_when_libgit2_says_so() {
        let seeds: Vec<Vec<u8>> = [
            "v1.0.0",
            "core/v2.0.0-rc.1+b.5",
            "a_b/c-d@e.f/g",
            "v1.lock/x.LOCK/y.lock",
            "a@{b}/c..d/.e/f.",
        ]
        .map(|s| s.as_bytes().to_vec())
        .into();
        let mut valid = 0;
        for name in crate::testing::variants(&seeds, 20_000) {
            let Ok(name) = std::str::from_utf8(&name) else {
                continue;
            };
            let theirs = git2::Reference::is_valid_name(&format!("refs/tags/{name}"));
            assert_eq!(valid_name(name), theirs, "{name:?}");
            valid += usize::from(theirs);
        }
        assert!(valid > 2000, "{valid} valid");
    }

    /// Damaged packed-refs files are read as libgit2 lists them, or left to it.
    #[test]
    fn damaged_packed_refs_are_read_as_libgit2_reads_them_or_left_to_it() {
        let dir = fresh_repo("tag-damaged");
        // Without the `sorted` trait: a damaged name could unsort the lines, and libgit2
        // then trusts an order that no longer holds.
        let seed = format!(
            "# pack-refs with: peeled fully-peeled \n{A} refs/heads/main\n\
             {C} refs/tags/core/v2.0.0\n{B} refs/tags/v1.0.0\n^{C}\n{A} refs/tags/v1.1.0\n"
        );
        let packed_refs = dir.join(".git/packed-refs");
        let (mut read_here, mut left) = (0, 0);
        for text in crate::testing::variants(&[seed.into_bytes()], 1500) {
            std::fs::write(&packed_refs, &text).unwrap();
            let Some(ours) = read(&dir.join(".git")) else {
                left += 1;
                continue;
            };
            read_here += 1;
            let repo = crate::Repository::open(&dir).unwrap();
            // libgit2 may refuse the whole file where relcore reads it: nothing to compare.
            let Ok(theirs) = repo.libgit2_tag_refs() else {
                continue;
            };
            let key = |refs: &[TagRef]| -> BTreeMap<String, (Oid, Option<Oid>)> {
                refs.iter()
                    .map(|r| {
                        let peeled = match r.peel {
                            Peel::To(p) => Some(p),
                            _ => None,
                        };
                        (r.name.clone(), (r.target, peeled))
                    })
                    .collect()
            };
            assert_eq!(
                key(&ours),
                key(&theirs),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
        assert!(
            read_here > 100 && left > 100,
            "{read_here} read, {left} left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_same_tags_as_libgit2_lists_packed_loose_and_shadowed() {
        let dir = fresh_repo("tag-list");
        let mut commits = Vec::new();
        for n in 0..3 {
            std::fs::write(dir.join("f"), format!("{n}\n")).unwrap();
            git(&dir, &["add", "f"]);
            git(&dir, &["commit", "-q", "-m", &format!("feat: {n}")]);
            commits.push(git(&dir, &["rev-parse", "HEAD"]));
        }
        git(&dir, &["tag", "v1.0.0", &commits[0]]);
        git(&dir, &["tag", "-a", "v2.0.0", "-m", "two", &commits[1]]);
        git(
            &dir,
            &["tag", "-a", "core/v3.0.0", "-m", "three", &commits[2]],
        );
        git(&dir, &["tag", "tree-tag", "HEAD^{tree}"]);
        git(
            &dir,
            &["tag", "-a", "v5.0.0", "-m", "a tag of a tag", "v2.0.0"],
        );
        git(&dir, &["pack-refs", "--all"]);
        // A loose ref over a packed one, a loose lightweight and a loose annotated tag.
        git(&dir, &["tag", "-f", "v1.0.0", &commits[2]]);
        git(&dir, &["tag", "v6.0.0", &commits[2]]);
        git(&dir, &["tag", "-a", "v7.0.0", "-m", "seven", &commits[0]]);
        let repo = crate::Repository::open(&dir).unwrap();
        let ours = read(repo.inner.commondir()).unwrap();
        assert_eq!(ours.len(), 7);
        let theirs = repo.libgit2_tag_refs().unwrap();
        assert_eq!(resolved(&repo.inner, &ours), resolved(&repo.inner, &theirs));
        let peels: BTreeMap<&str, Peel> = ours.iter().map(|r| (r.name.as_str(), r.peel)).collect();
        assert!(matches!(peels["v2.0.0"], Peel::To(_)));
        assert_eq!(peels["tree-tag"], Peel::Plain);
        assert_eq!(peels["v1.0.0"], Peel::Unknown);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
