//! git2 values into relcore's: the only place the two meet.

use std::borrow::Cow;

use encoding_rs::Encoding;
use git2::Oid;
use relcore::commit::{Commit, Mailmap, Person};

/// A git commit as a parsed relcore commit, with id, author and time.
pub(crate) fn commit_of(commit: &git2::Commit<'_>, mailmap: Option<&Mailmap>) -> Commit {
    let author = commit.author();
    parsed(commit.id(), &fields_of(commit, &author), mailmap)
}

/// What libgit2 read of `commit`, whose author is `author`.
fn fields_of<'a>(commit: &'a git2::Commit<'_>, author: &'a git2::Signature<'_>) -> Fields<'a> {
    Fields {
        parents: commit.parent_count(),
        first_parent: commit.parent_id(0).ok(),
        name: author.name_bytes(),
        email: author.email_bytes(),
        time: commit.time().seconds(),
        message: commit.message_bytes(),
        encoding: encoding_label(commit),
    }
}

/// The label of `commit`'s `encoding` header, as libgit2 reads it (none when it is not
/// UTF-8).
fn encoding_label<'a>(commit: &'a git2::Commit<'_>) -> Option<&'a [u8]> {
    commit.message_encoding().ok().flatten().map(str::as_bytes)
}

/// What relcore reads of a commit, borrowed from the commit object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fields<'a> {
    /// How many parents the commit has, and the first one.
    pub(crate) parents: usize,
    pub(crate) first_parent: Option<Oid>,
    /// The author's name and e-mail address.
    pub(crate) name: &'a [u8],
    pub(crate) email: &'a [u8],
    /// The committer's time, in seconds since the Unix epoch.
    pub(crate) time: i64,
    /// The message, without leading newlines.
    pub(crate) message: &'a [u8],
    /// What the `encoding` header names, if any: the encoding of the message and the
    /// names (git's `i18n.commitEncoding` when the commit was made).
    pub(crate) encoding: Option<&'a [u8]>,
}

/// The parsed relcore commit of `fields`, with id, author and time; the author and the
/// co-authors (`Co-authored-by:`) as `mailmap` shows them, as `git shortlog` does.
pub(crate) fn parsed(id: Oid, fields: &Fields<'_>, mailmap: Option<&Mailmap>) -> Commit {
    let encoding = encoding(fields.encoding);
    let message = text(fields.message, encoding);
    let name = text(fields.name, encoding).into_owned();
    let email = text(fields.email, encoding);
    let email = (!email.is_empty()).then(|| email.into_owned());
    let mut commit = Commit::parse(&message)
        .with_author(Person::new(name, email))
        .with_time(fields.time);
    if let Some(mailmap) = mailmap {
        commit.author = commit.author.map(|a| mailmap.person(a));
        let co_authors = std::mem::take(&mut commit.co_authors);
        commit.co_authors = co_authors.into_iter().map(|p| mailmap.person(p)).collect();
    }
    commit.id = Some(hex(id));
    commit
}

/// The encoding an `encoding` header names, when it is one other than UTF-8 that
/// `encoding_rs` knows by that label (`ISO-8859-1`, `latin1`, `Shift_JIS`, `EUC-KR`, …;
/// the WHATWG labels, as browsers read them).
pub(crate) fn encoding(label: Option<&[u8]>) -> Option<&'static Encoding> {
    label
        .and_then(Encoding::for_label)
        .filter(|&e| e != encoding_rs::UTF_8)
}

/// Commit text as `git log` shows it: decoded from `encoding` when the commit names one,
/// else read as UTF-8; a sequence that is not valid becomes U+FFFD.
pub(crate) fn text<'a>(bytes: &'a [u8], encoding: Option<&'static Encoding>) -> Cow<'a, str> {
    match encoding {
        Some(encoding) => encoding.decode_without_bom_handling(bytes).0,
        None => String::from_utf8_lossy(bytes),
    }
}

/// A git commit's whole message (as `git log --format=%B` shows it), decoded as
/// [`text`] decodes it.
pub(crate) fn message_of<'c>(commit: &'c git2::Commit<'_>) -> Cow<'c, str> {
    text(commit.message_raw_bytes(), encoding(encoding_label(commit)))
}

/// An object id in lower-case hexadecimal, as `Oid`'s `Display` writes it.
fn hex(id: Oid) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let bytes = id.as_bytes();
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0xf] {
            out.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

/// Reads a commit object's raw bytes as libgit2 reads them (the fields above), for the
/// well-formed objects git writes: `tree`, `parent`s, one `author` and a `committer` line
/// with `Name <email> seconds zone`, further headers, a blank line, the message.
/// Anything else gives `None`, and the caller asks libgit2, which then decides (and
/// reports errors) as before.
pub(crate) fn fields(data: &[u8]) -> Option<Fields<'_>> {
    let mut rest = data;
    oid_line(&mut rest, b"tree ")?;
    let mut parents = 0;
    let mut first_parent = None;
    while let Some(parent) = oid_line(&mut rest, b"parent ") {
        first_parent = first_parent.or(Some(parent));
        parents += 1;
    }
    let author = signature(&mut rest, b"author ")?;
    if rest.starts_with(b"author ") {
        return None;
    }
    let committer = signature(&mut rest, b"committer ")?;
    // The header ends at the first empty line (usually right here); libgit2 copies the
    // message up to the first NUL and drops its leading newlines.
    let (headers, message) = if let Some(message) = rest.strip_prefix(b"\n") {
        (&[][..], message)
    } else {
        let header_end = data.len() - rest.len() - 1;
        let after = data.get(header_end..)?;
        match after.windows(2).position(|w| w == b"\n\n") {
            Some(at) => (after.get(..=at)?, data.get(header_end + at + 2..)?),
            None => (after, &[][..]),
        }
    };
    let message = until_nul(message);
    let message = message
        .get(message.iter().take_while(|&&b| b == b'\n').count()..)
        .unwrap_or_default();
    Some(Fields {
        parents,
        first_parent,
        name: author.0,
        email: author.1,
        time: committer.2?,
        message,
        encoding: encoding_header(headers),
    })
}

/// The value of the last `encoding` line among the header lines after the committer (as
/// libgit2 reads it: each such line replaces the one before, and a NUL ends it).
fn encoding_header(headers: &[u8]) -> Option<&[u8]> {
    headers
        .split(|&b| b == b'\n')
        .filter_map(|line| line.strip_prefix(b"encoding "))
        .next_back()
        .map(until_nul)
}

/// The parent ids of a raw commit object, as its `parent` header lines list them (none
/// when the object does not start as git writes commits).
pub(crate) fn parent_ids(data: &[u8]) -> impl Iterator<Item = Oid> + '_ {
    let mut rest = data;
    let tree = oid_line(&mut rest, b"tree ").is_some();
    std::iter::from_fn(move || {
        if tree {
            oid_line(&mut rest, b"parent ")
        } else {
            None
        }
    })
}

/// The tree id of a raw commit object (`None` when it does not start as git writes
/// commits).
pub(crate) fn tree_id(data: &[u8]) -> Option<Oid> {
    oid_line(&mut &data[..], b"tree ")
}

/// `<prefix><40 hex digits>\n`, consumed; the object id.
fn oid_line(rest: &mut &[u8], prefix: &[u8]) -> Option<Oid> {
    let line = rest.strip_prefix(prefix)?;
    let (hex, tail) = line.split_at_checked(40)?;
    let tail = tail.strip_prefix(b"\n")?;
    let oid = oid_hex(hex)?;
    *rest = tail;
    Some(oid)
}

/// The object id written as exactly 40 hex digits (either case); `None` otherwise.
pub(crate) fn oid_hex(hex: &[u8]) -> Option<Oid> {
    if hex.len() != 40 {
        return None;
    }
    let mut bytes = [0u8; 20];
    for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
        let digit = |c: &u8| HEX_VALUE.get(usize::from(*c)).copied().filter(|&d| d < 16);
        *byte = digit(pair.first()?)? << 4 | digit(pair.get(1)?)?;
    }
    Oid::from_bytes(&bytes).ok()
}

/// Each byte's value as a hex digit (either case); 16 and above for a byte that is none.
/// A table: ids are read by the thousand (every tag ref, every commit's tree and parents).
const HEX_VALUE: [u8; 256] = {
    let mut table = [u8::MAX; 256];
    let mut c: u8 = 0;
    loop {
        table[c as usize] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => u8::MAX,
        };
        if c == u8::MAX {
            break table;
        }
        c += 1;
    }
};

/// A signature line `<prefix>Name <email> seconds zone\n`, consumed: name and e-mail
/// trimmed as libgit2 trims them, and the seconds when present. `None` for a line
/// libgit2 might read differently or reject.
fn signature<'a>(rest: &mut &'a [u8], prefix: &[u8]) -> Option<(&'a [u8], &'a [u8], Option<i64>)> {
    let line_end = memchr::memchr(b'\n', rest)?;
    let line = rest.get(..line_end)?.strip_prefix(prefix)?;
    if line.is_empty() {
        return None;
    }
    let open = line.iter().rposition(|&b| b == b'<')?;
    let close = line.iter().rposition(|&b| b == b'>')?;
    if close <= open {
        return None;
    }
    let name = until_nul(trim_crud(line.get(..open)?));
    let email = until_nul(trim_crud(line.get(open + 1..close)?));
    let time = match line.get(close + 1..) {
        // No room for a time: libgit2 reads none.
        Some(after) if after.len() < 2 => None,
        Some([b' ', digits @ ..]) => {
            let count = digits.iter().take_while(|b| b.is_ascii_digit()).count();
            if count == 0 {
                return None;
            }
            let mut n: i64 = 0;
            for &d in digits.iter().take(count) {
                n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
            }
            Some(n)
        }
        _ => return None,
    };
    *rest = rest.get(line_end + 1..)?;
    Some((name, email, time))
}

/// libgit2's trimming of names and e-mail addresses: control characters, spaces and
/// `,:;<>"\'` off both ends.
fn trim_crud(mut s: &[u8]) -> &[u8] {
    let crud = |b: u8| b <= 32 || b",:;<>\"\\'".contains(&b);
    while let [first, tail @ ..] = s
        && crud(*first)
    {
        s = tail;
    }
    while let [head @ .., last] = s
        && crud(*last)
    {
        s = head;
    }
    s
}

/// The bytes before the first NUL: what libgit2's C strings hold.
fn until_nul(s: &[u8]) -> &[u8] {
    if s.contains(&0) {
        s.split(|&b| b == 0).next().unwrap_or_default()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::{Fields, fields, fields_of, oid_hex, parsed};

    /// A fresh bare repository for test `name`, and the header lines of a commit in it:
    /// tree, parent, author and committer, each with its newline.
    fn store(name: &str) -> (std::path::PathBuf, git2::Repository, [String; 4]) {
        let dir = std::env::temp_dir().join(format!("relcore-git-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let repo = git2::Repository::init_bare(&dir).unwrap();
        let tree = repo
            .odb()
            .unwrap()
            .write(git2::ObjectType::Tree, b"")
            .unwrap();
        let lines = [
            format!("tree {tree}\n"),
            "parent 0123456789abcdef0123456789abcdef01234567\n".to_owned(),
            "author Ann Author <ann@example.com> 1600000000 +0200\n".to_owned(),
            "committer Cy <cy@example.com> 1700000000 -0100\n".to_owned(),
        ];
        (dir, repo, lines)
    }

    /// Ids are read from 40 hex digits in either case and nothing else: every byte in
    /// every position, as libgit2 reads it.
    #[test]
    fn object_ids_are_read_as_libgit2_reads_their_hex() {
        let id = b"0123456789abcdefABCDEF0123456789abcdef01";
        assert_eq!(
            oid_hex(id),
            Some(git2::Oid::from_str(std::str::from_utf8(id).unwrap()).unwrap())
        );
        for at in [0, 1, 19, 38, 39] {
            for byte in 0..=255u8 {
                let mut hex = id.to_vec();
                hex[at] = byte;
                let libgit2 = std::str::from_utf8(&hex)
                    .ok()
                    .and_then(|s| git2::Oid::from_str(s).ok());
                assert_eq!(oid_hex(&hex), libgit2, "{byte:#x} at {at}");
            }
        }
        for len in [0, 39, 41, 64] {
            assert_eq!(oid_hex(&vec![b'a'; len]), None);
        }
    }

    /// Damaged commits (bytes changed, inserted, removed, cut or repeated) are read as
    /// libgit2 reads them, or left to libgit2 (`None`); never read differently, never a
    /// panic.
    #[test]
    fn damaged_commits_are_read_as_libgit2_reads_them_or_left_to_it() {
        let (dir, repo, [t, p, a, c]) = store("damaged");
        let odb = repo.odb().unwrap();
        let seeds: Vec<Vec<u8>> = [
            format!("{t}{a}{c}\nfeat: x\n"),
            format!("{t}{p}{a}{c}\nfix: y\n\nbody\n"),
            format!("{t}{p}{p}{a}{c}\nMerge\n"),
            format!("{t}{a}{c}encoding ISO-8859-1\n\nlatin\n"),
            format!("{t}{a}{c}gpgsig -----BEGIN\n x\n\n -----END\n\nsigned\n"),
        ]
        .map(String::into_bytes)
        .into();
        let (mut read, mut left) = (0, 0);
        for bytes in crate::testing::variants(&seeds, 400) {
            let Some(ours) = fields(&bytes) else {
                left += 1;
                continue;
            };
            let _ = parsed(git2::Oid::ZERO_SHA1, &ours, None);
            let oid = odb.write(git2::ObjectType::Commit, &bytes).unwrap();
            let shown = String::from_utf8_lossy(&bytes);
            let commit = repo
                .find_commit(oid)
                .unwrap_or_else(|e| panic!("libgit2 refuses what relcore reads: {shown:?}: {e}"));
            // libgit2's encoding is a `&str`: a label that is not UTF-8 reads as none.
            let ours = Fields {
                encoding: ours.encoding.filter(|e| std::str::from_utf8(e).is_ok()),
                ..ours
            };
            let author = commit.author();
            assert_eq!(ours, fields_of(&commit, &author), "{shown:?}");
            read += 1;
        }
        assert!(
            read > 100 && left > 100,
            "both kinds were tried: {read} read, {left} left"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A commit made with `i18n.commitEncoding` set names its encoding in a header; its
    /// message and names read as `git log` shows them, through both readers. Without the
    /// header, or with one naming UTF-8 or an unknown encoding, the bytes are read as
    /// UTF-8.
    #[test]
    fn commits_are_decoded_from_the_encoding_they_name() {
        let (dir, repo, [t, _, _, c]) = store("encoding");
        let odb = repo.odb().unwrap();
        let object = |header: &[u8], author: &[u8], message: &[u8]| {
            let mut bytes = t.clone().into_bytes();
            bytes.extend_from_slice(b"author ");
            bytes.extend_from_slice(author);
            bytes.extend_from_slice(b" <a@x.io> 1600000000 +0100\n");
            bytes.extend_from_slice(c.as_bytes());
            bytes.extend_from_slice(header);
            bytes.extend_from_slice(b"\n");
            bytes.extend_from_slice(message);
            bytes
        };
        for (header, author, message, name, description) in [
            (
                &b"encoding ISO-8859-1\n"[..],
                &b"J\xf6rg M\xfcller"[..],
                &b"feat: gr\xfc\xdfe aus K\xf6ln\n"[..],
                "J\u{f6}rg M\u{fc}ller",
                "gr\u{fc}\u{df}e aus K\u{f6}ln",
            ),
            (
                b"encoding Shift_JIS\n",
                b"\x8eR\x93c",
                b"fix: \x83o\x83O\x8fC\x90\xb3\n",
                "\u{5c71}\u{7530}",
                "\u{30d0}\u{30b0}\u{4fee}\u{6b63}",
            ),
            (
                b"encoding UTF-8\n",
                "J\u{f6}rg".as_bytes(),
                "feat: K\u{f6}ln\n".as_bytes(),
                "J\u{f6}rg",
                "K\u{f6}ln",
            ),
            (
                b"encoding no-such-encoding\n",
                b"Ann",
                b"feat: K\xf6ln\n",
                "Ann",
                "K\u{fffd}ln",
            ),
            (b"", b"J\xf6rg", b"feat: x\n", "J\u{fffd}rg", "x"),
        ] {
            let bytes = object(header, author, message);
            let ours = parsed(git2::Oid::ZERO_SHA1, &fields(&bytes).unwrap(), None);
            let oid = odb.write(git2::ObjectType::Commit, &bytes).unwrap();
            let theirs = super::commit_of(&repo.find_commit(oid).unwrap(), None);
            for commit in [&ours, &theirs] {
                let author = commit.author.as_ref().unwrap();
                assert_eq!(
                    (author.name.as_str(), commit.description.as_str()),
                    (name, description),
                    "{header:?}"
                );
            }
            // The whole message, as the range lint reads it.
            let whole = super::message_of(&repo.find_commit(oid).unwrap()).into_owned();
            assert!(whole.ends_with(&format!("{description}\n")), "{whole:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `fields` agrees with libgit2 on every object it reads, and reads the usual ones.
    #[test]
    fn raw_fields_match_libgit2() {
        let (dir, repo, [t, p, a, c]) = store("convert");
        let odb = repo.odb().unwrap();
        let usual = [
            format!("{t}{a}{c}\nfeat: x\n"),
            format!("{t}{p}{a}{c}\nfix: y\n\nbody\n"),
            format!("{t}{p}{p}{p}{a}{c}\nMerge\n"),
            format!("{t}{a}{c}encoding ISO-8859-1\n\nlatin\n"),
            format!("{t}{a}{c}gpgsig -----BEGIN\n x\n\n -----END\n\nsigned\n"),
            format!("{t}{a}{c}\n\n\nleading newlines\n"),
            format!("{t}{a}{c}\nnul\0after\n"),
            format!("{t}{a}{c}\n"),
            format!("{t}{a}{c}"),
            format!("{t}{a}{c}\n\u{e9}t\u{e9}\n"),
            format!("{t}author  ;Ann, <<ann@x>> 5 +0000\n{c}\nm\n"),
            format!("{t}author Ann <> 5 +0000\n{c}\nm\n"),
            format!("{t}author Ann <a@x>\n{c}\nm\n"),
            format!("{t}author Ann <a@x> \n{c}\nm\n"),
            format!("{t}author Ann <a@x> 5\n{c}\nm\n"),
            format!("{t}author Ann <a@x> 5 garbage\n{c}\nm\n"),
            format!("{t}{a}committer Cy <c@x> 1700000000 +9999\n\nm\n"),
            format!("{t}author A\0nn <a@x> 5 +0000\n{c}\nm\n"),
        ];
        let odd = [
            format!("{t}{a}{a}{c}\nm\n"),
            format!("{t}author Ann <a@x>5 +0000\n{c}\nm\n"),
            format!("{t}author Ann <a@x>  5 +0000\n{c}\nm\n"),
            format!("{t}author Ann <a@x> x +0000\n{c}\nm\n"),
            format!("{t}author Ann <a@x> -5 +0000\n{c}\nm\n"),
            format!("{t}author Ann <a@x> 99999999999999999999 +0000\n{c}\nm\n"),
            format!("{t}author Ann > <a@x 5 +0000\n{c}\nm\n"),
            format!("{t}author Ann a@x 5 +0000\n{c}\nm\n"),
            format!("{t}author \n{c}\nm\n"),
            format!("{t}{a}committer Cy <c@x>\n\nm\n"),
            format!("{t}{a}\nno committer\n"),
            format!("{t}parent 0123\n{a}{c}\nm\n"),
            format!("tree 0123\n{a}{c}\nm\n"),
            format!("{a}{c}\nno tree\n"),
            format!("{t}{a}committer Cy <c@x> 1700000000 +0000"),
        ];
        for (i, text) in usual.iter().chain(&odd).enumerate() {
            let oid = odb
                .write(git2::ObjectType::Commit, text.as_bytes())
                .unwrap();
            let ours = fields(text.as_bytes());
            if i < usual.len() {
                assert!(ours.is_some(), "{text:?}");
            }
            let Some(ours) = ours else { continue };
            let commit = repo
                .find_commit(oid)
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let author = commit.author();
            assert_eq!(ours, fields_of(&commit, &author), "{text:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
