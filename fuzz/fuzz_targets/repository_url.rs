//! Reading any repository address never panics, and an address that reads gives links
//! (the web address, compare, tag, commit, issue and pull request links, cross-repository
//! references too) that start with `https://` or `http://` and hold nothing that would
//! end or break a Markdown link: no parenthesis, angle bracket, quote, backslash,
//! whitespace or control character. The input is the address, then after a NUL the
//! message of a commit whose references are linked.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::changelog::{Config, HostStyle, Release, RepositoryUrl};
use relcore::commit::Commit;
use relcore::version::Version;

const STYLES: [Option<HostStyle>; 5] = [
    None,
    Some(HostStyle::Github),
    Some(HostStyle::Gitlab),
    Some(HostStyle::Gitea),
    Some(HostStyle::Bitbucket),
];

fn run(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let (url, message) = input.split_once('\0').unwrap_or((input, "feat: x (#12)\n\nCloses #3, acme/web#4"));
    for style in STYLES {
        let Ok(parsed) = RepositoryUrl::parse(url, style) else { continue };
        assert_link(parsed.web());
        assert_link(parsed.host());
        assert!(parsed.web().starts_with(parsed.host()), "{parsed:?}");
        let config = Config { repository_url: Some(url.to_owned()), host_style: style, ..Config::default() };
        let mut commit = Commit::parse(message);
        commit.id = Some("0123456789abcdef0123456789abcdef01234567".into());
        for previous in [None, Some(Version::new(1, 0, 0))] {
            let release = Release::from_commits(Version::new(1, 1, 0), previous, None, std::slice::from_ref(&commit), &config)
                .expect("default tag format");
            let compare = release.compare_url.as_deref().expect("a repository gives a compare link");
            assert_link(compare);
            for entry in release.entries() {
                entry.commit_url.as_deref().map(assert_link);
                for reference in &entry.references {
                    reference.url.as_deref().map(assert_link);
                }
            }
        }
    }
}

fn assert_link(link: &str) {
    assert!(link.starts_with("https://") || link.starts_with("http://"), "{link:?}");
    let bad = link.chars().find(|c| c.is_whitespace() || c.is_control() || "()<>\"'\\`".contains(*c));
    assert!(bad.is_none(), "{bad:?} in {link:?}");
}

fuzz_main!(run);
