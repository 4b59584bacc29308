//! Inserting a release without a template, in the style [`Style::detect`] reads from any
//! existing text, never panics. The planned edits are sorted, never overlap and cut no
//! character; bytes are only removed where the options allow it (a link destination moved
//! on, a blank file, the Unreleased body taken, the section of the same version replaced);
//! a byte order mark stays first; the release is found in the result and every other
//! release heading is kept. The input is the existing changelog; its length picks the
//! options and whether the release is newer or older than the file's.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::changelog::{
    Config, Document, HostStyle, Release, Style, UpdateOptions, apply_edits, insert, plan_insert,
};
use relcore::commit::Commit;
use relcore::version::Version;

const BOM: char = '\u{feff}';

fn run(data: &[u8]) {
    let Ok(existing) = std::str::from_utf8(data) else { return };
    let n = data.len();
    let style = Style::detect(existing);
    assert!((1..=3).contains(&style.level) && style.patch_level >= style.level, "{style:?}");
    let doc = Document::parse(existing);
    let version = if n.is_multiple_of(5) { Version::new(0, 0, 1) } else { Version::new(90, 1, 0) };
    let host_style = [None, Some(HostStyle::Gitlab), Some(HostStyle::Bitbucket)][n % 3];
    let config = Config { repository_url: Some("https://github.com/o/r".into()), host_style, ..Config::default() };
    let mut commits = [
        Commit::parse("feat(api)!: new <b>thing</b> (#1)\n\nBREAKING CHANGE: ## [9.9.9] - 2020-01-01\n[9.9.9]: https://evil\n```"),
        Commit::parse("fix: bug\n\nCloses #2"),
        Commit::parse("perf: faster"),
    ];
    for (i, c) in commits.iter_mut().enumerate() {
        c.id = Some(format!("{i}123456789abcdef0123456789abcdef01234567"));
    }
    let previous = doc.releases.first().map(|r| r.version.clone()).filter(|v| *v < version);
    let release = Release::from_commits(version.clone(), previous, None, &commits, &config).expect("default tag format");
    let options = UpdateOptions { take_unreleased: n.is_multiple_of(2), replace: n.is_multiple_of(3), in_version_order: n % 7 < 4 };
    let edits = match plan_insert(existing, &release, None, &options) {
        Ok(edits) => edits,
        Err(e) => {
            match e.kind().as_str() {
                "version_exists" => assert!(doc.find(&version).is_some() && !options.replace),
                "older_than_newest" => {
                    assert!(!options.in_version_order && doc.releases.iter().any(|r| r.version > version))
                }
                other => panic!("{other}: {e}"),
            }
            return;
        }
    };
    let mut end = 0;
    for edit in &edits {
        assert!(edit.at >= end && edit.at + edit.remove <= existing.len(), "{edits:?}");
        assert!(existing.is_char_boundary(edit.at) && existing.is_char_boundary(edit.at + edit.remove), "{edit:?}");
        end = edit.at + edit.remove;
        if edit.remove > 0 {
            let in_link = doc.links.iter().any(|l| l.url_start <= edit.at && edit.at + edit.remove <= l.url_start + l.url.len());
            let blank_file = existing.trim_start_matches(BOM).trim().is_empty();
            let unreleased_body = options.take_unreleased && doc.unreleased.is_some();
            let own_section = options.replace && doc.find(&version).is_some_and(|h| h.start == edit.at);
            assert!(in_link || blank_file || unreleased_body || own_section, "{edit:?}");
        }
    }
    let result = apply_edits(existing, &edits);
    assert_eq!(insert(existing, &release, None, &options).as_deref(), Ok(result.as_str()));
    if existing.starts_with(BOM) {
        assert!(edits.iter().all(|e| e.at >= BOM.len_utf8()), "an edit before the byte order mark: {edits:?}");
        // The mark stays first; a second mark (found by fuzzing) is text and stays too,
        // but none is added.
        let marks = |t: &str| t.chars().take_while(|c| *c == BOM).count();
        assert!(result.starts_with(BOM) && marks(&result) <= marks(existing), "{result:?}");
    }
    let after = Document::parse(&result);
    assert!(after.find(&version).is_some(), "release not found after insert:\n{result}");
    let mut before: Vec<String> = doc.releases.iter().map(|r| r.version.to_string()).collect();
    let mut now: Vec<String> = after.releases.iter().map(|r| r.version.to_string()).collect();
    if doc.find(&version).is_none() {
        before.push(version.to_string());
    }
    before.sort();
    now.sort();
    assert_eq!(before, now, "release headings changed:\n{result}");
}

fuzz_main!(run);
