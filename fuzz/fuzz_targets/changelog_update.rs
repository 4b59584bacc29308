//! Inserting a release into any text never panics; the planned edits never overlap, only
//! remove bytes inside link definitions (or replace a whole blank file or the section of
//! the same version), and applying them gives `insert`'s result, in which the release is
//! then found. The input is the existing changelog; its length picks the options.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::changelog::{Config, Document, Release, UpdateOptions, apply_edits, insert, plan_insert};
use relcore::commit::Commit;
use relcore::version::Version;

fn run(data: &[u8]) {
    let Ok(existing) = std::str::from_utf8(data) else { return };
    let doc = Document::parse(existing);
    let version = Version::new(90, 1, 0);
    let config = Config { repository_url: Some("https://github.com/o/r".into()), ..Config::default() };
    let commits = [Commit::parse("feat(api): new thing (#1)\n\nBREAKING CHANGE: old thing gone"), Commit::parse("fix: bug")];
    let previous = doc.releases.first().map(|r| r.version.clone()).filter(|v| *v != version);
    let release = Release::from_commits(version.clone(), previous, None, &commits, &config).expect("default tag format");
    let options = UpdateOptions { take_unreleased: data.len().is_multiple_of(2), replace: data.len().is_multiple_of(3), in_version_order: data.len().is_multiple_of(5) };
    let edits = match plan_insert(existing, &release, None, &options) {
        Ok(edits) => edits,
        Err(e) if e.kind().as_str() == "older_than_newest" => {
            assert!(!options.in_version_order && doc.releases.iter().any(|r| r.version > version));
            return;
        }
        Err(e) => {
            assert_eq!(e.kind().as_str(), "version_exists");
            assert!(doc.find(&version).is_some());
            return;
        }
    };
    let mut end = 0;
    for edit in &edits {
        assert!(edit.at >= end && edit.at + edit.remove <= existing.len(), "{edits:?}");
        end = edit.at + edit.remove;
        if edit.remove > 0 {
            let in_link = doc.links.iter().any(|l| l.url_start <= edit.at && edit.at + edit.remove <= l.url_start + l.url.len());
            // Blank but for a byte order mark, which stays (found by fuzzing: `\u{feff}\t`).
            let blank_file = existing.trim_start_matches('\u{feff}').trim().is_empty();
            let unreleased_body = options.take_unreleased && doc.unreleased.is_some();
            let own_section = doc.find(&version).is_some_and(|h| h.start == edit.at);
            assert!(in_link || blank_file || unreleased_body || own_section, "{edit:?}");
        }
    }
    let result = apply_edits(existing, &edits);
    assert_eq!(insert(existing, &release, None, &options).as_deref(), Ok(result.as_str()));
    assert!(Document::parse(&result).find(&version).is_some(), "release not found after insert:\n{result}");
}

fuzz_main!(run);
