//! `relcore::version` against the shared vectors, the `semver` crate and hand-written cases.

use std::cmp::Ordering;

use relcore::version::{self, BumpLevel, ErrorKind, Preid, PreidBase, TagFormat, Version};

use crate::util::{opt_str, str_at, vectors, version, version_err};

#[test]
fn valid_vectors_parse_and_print_back() {
    let vectors = vectors("version.json");
    for case in vectors["valid"].as_array().unwrap() {
        let input = str_at(case, "input");
        let major: u64 = match str_at(case, "major").parse() {
            Ok(n) => n,
            Err(_) => continue, // numbers beyond u64 are covered by the invalid vectors
        };
        let v = version(input);
        assert_eq!(v.to_string(), input);
        assert_eq!(v.major, major, "{input}");
        assert_eq!(v.minor.to_string(), str_at(case, "minor"), "{input}");
        assert_eq!(v.patch.to_string(), str_at(case, "patch"), "{input}");
        assert_eq!(v.pre.as_str(), str_at(case, "pre"), "{input}");
        assert_eq!(v.build.as_str(), str_at(case, "build"), "{input}");
    }
}

#[test]
fn invalid_vectors_fail_with_kind_and_offset() {
    let vectors = vectors("version.json");
    for case in vectors["invalid"].as_array().unwrap() {
        let input = str_at(case, "input");
        let err = version_err(input);
        assert_eq!(
            err.kind().as_str(),
            str_at(case, "kind"),
            "{input:?}: {err}"
        );
        assert_eq!(
            err.offset() as u64,
            case["offset"].as_u64().unwrap(),
            "{input:?}: {err}"
        );
        assert!(input.is_char_boundary(err.offset()));
    }
}

#[test]
fn messages_are_exact() {
    let vectors = vectors("version.json");
    for case in vectors["messages"].as_array().unwrap() {
        let input = str_at(case, "input");
        assert_eq!(version_err(input).to_string(), str_at(case, "message"));
    }
}

#[test]
fn compare_vectors() {
    let vectors = vectors("version.json");
    for case in vectors["compare"].as_array().unwrap() {
        let (a, b) = (version(str_at(case, "a")), version(str_at(case, "b")));
        let expected = case["expected"].as_i64().unwrap().cmp(&0);
        assert_eq!(version::compare(&a, &b), expected, "{a} vs {b}");
        assert_eq!(version::compare(&b, &a), expected.reverse(), "{b} vs {a}");
    }
}

#[test]
fn sort_vectors() {
    let vectors = vectors("version.json");
    for case in vectors["sort"].as_array().unwrap() {
        let mut vs: Vec<Version> = case["input"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| version(s.as_str().unwrap()))
            .collect();
        version::sort(&mut vs);
        let got: Vec<String> = vs.iter().map(ToString::to_string).collect();
        let expected: Vec<&str> = case["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(got, expected);
    }
}

#[test]
fn bump_vectors_match_node_semver() {
    let vectors = vectors("version.json");
    let cases = vectors["bump"].as_array().unwrap();
    assert!(cases.len() > 1000);
    for case in cases {
        let v = version(str_at(case, "version"));
        let level: BumpLevel = str_at(case, "level").parse().unwrap();
        let mut preid = Preid {
            identifier: opt_str(case, "preid").map(str::to_owned),
            ..Preid::none()
        };
        if !case["preid_base"].is_null() {
            preid.base = serde_json::from_value(case["preid_base"].clone()).unwrap();
        }
        let got = v.bump(level, &preid);
        match (opt_str(case, "expected"), opt_str(case, "error")) {
            (Some(expected), _) => {
                let next = got.unwrap_or_else(|e| panic!("{case}: {e}"));
                assert_eq!(next.to_string(), expected, "{case}");
            }
            (None, Some(slug)) => {
                let err = got.expect_err(&case.to_string());
                assert_eq!(err.kind().as_str(), slug, "{case}: {err}");
            }
            _ => panic!("vector without expected or error: {case}"),
        }
    }
}

#[test]
fn bump_always_advances() {
    let vectors = vectors("version.json");
    for case in vectors["bump"].as_array().unwrap() {
        if let Some(next) = opt_str(case, "expected") {
            let v = version(str_at(case, "version"));
            assert_eq!(
                version::compare(&version(next), &v),
                Ordering::Greater,
                "{case}"
            );
        }
    }
}

#[test]
fn tag_vectors() {
    let vectors = vectors("version.json");
    for case in vectors["tags"].as_array().unwrap() {
        let format = TagFormat::parse(str_at(case, "format")).unwrap();
        let tag = str_at(case, "tag");
        let parsed = format.parse_tag(tag);
        if case.get("match") == Some(&serde_json::Value::Bool(false)) {
            assert_eq!(parsed, None, "{case}");
            continue;
        }
        let parsed = parsed.unwrap_or_else(|| panic!("{case} did not match"));
        assert_eq!(
            parsed.package.as_deref(),
            opt_str(case, "package"),
            "{case}"
        );
        assert_eq!(
            parsed.version.to_string(),
            str_at(case, "version"),
            "{case}"
        );
        assert_eq!(
            format
                .format(&parsed.version, parsed.package.as_deref())
                .unwrap(),
            tag
        );
    }
    for case in vectors["tag_format_errors"].as_array().unwrap() {
        let err = TagFormat::parse(str_at(case, "format")).unwrap_err();
        assert_eq!(err.kind().as_str(), str_at(case, "kind"), "{case}");
    }
}

/// The `semver` crate is an independent strict parser: both must accept and reject the
/// same inputs (within u64), and order them the same way apart from build metadata.
#[test]
fn agrees_with_the_semver_crate() {
    let vectors = vectors("version.json");
    let mut inputs: Vec<&str> = Vec::new();
    for key in ["valid", "invalid"] {
        inputs.extend(
            vectors[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| str_at(c, "input")),
        );
    }
    inputs.extend(
        vectors["bump"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| opt_str(c, "expected")),
    );
    for input in &inputs {
        let ours = Version::parse(input);
        let theirs = semver::Version::parse(input);
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{input:?}: {ours:?} vs {theirs:?}"
        );
    }
    let parsed: Vec<(Version, semver::Version)> = inputs
        .iter()
        .filter_map(|s| Some((Version::parse(s).ok()?, semver::Version::parse(s).ok()?)))
        .collect();
    for (a, sa) in &parsed {
        for (b, sb) in parsed.iter().step_by(7) {
            assert_eq!(version::compare(a, b), sa.cmp_precedence(sb), "{a} vs {b}");
        }
    }
}

#[test]
fn hints_and_accessors() {
    let err = version_err("v1.2.3");
    assert_eq!(err.kind(), ErrorKind::UnexpectedPrefix);
    assert_eq!(
        err.hint().as_deref(),
        Some("`v1.2.3` looks like a release tag, not a version: the version is `1.2.3`")
    );
    assert_eq!(
        version_err("=1.2.3").hint().as_deref(),
        Some("remove the prefix: the version is `1.2.3`")
    );
    assert_eq!(
        version_err(" 1.2.3").hint().as_deref(),
        Some("remove the whitespace around the version")
    );
    assert_eq!(
        version_err("1.2").hint().as_deref(),
        Some("a version has three numbers: major.minor.patch")
    );
    assert_eq!(
        version_err("1.2.3-01").position(),
        Some(version::Position::Pre)
    );
    assert_eq!(version_err("1.2.3-01").input(), "1.2.3-01");
    assert_eq!(
        format!("{:?}", version_err("1.2")),
        "ParseError(\"unexpected end of `1.2` at offset 3 while parsing minor version, expected '.'\")"
    );
}

#[test]
fn long_hostile_input_is_quoted_briefly() {
    let input = format!("1.2.3-{}!{}", "a".repeat(10_000), "b".repeat(10_000));
    let err = version_err(&input);
    assert_eq!(err.offset(), 10_006);
    assert!(err.to_string().len() < 300, "{err}");
}

#[test]
fn bump_messages() {
    let v = version("1.2.3");
    let msg = |level, preid: &Preid| v.bump(level, preid).unwrap_err().to_string();
    assert_eq!(
        msg(BumpLevel::Release, &Preid::none()),
        "cannot bump `1.2.3` to release: it is not a pre-release"
    );
    assert_eq!(
        msg(BumpLevel::Prerelease, &Preid::new("01")),
        "invalid pre-release identifier `01`: expected dot-separated identifiers of letters, digits and '-', numbers without leading zeros"
    );
    assert_eq!(
        msg(
            BumpLevel::Prerelease,
            &Preid::none().with_base(PreidBase::Bare)
        ),
        "a pre-release identifier is required when the preid base is false"
    );
    assert_eq!(
        version("1.2.4-beta.1")
            .bump(BumpLevel::Prerelease, &Preid::new("alpha"))
            .unwrap_err()
            .to_string(),
        "cannot bump `1.2.4-beta.1` with prerelease and identifier `alpha`: the result `1.2.4-alpha.0` is not greater"
    );
    assert_eq!(
        "huge".parse::<BumpLevel>().unwrap_err().to_string(),
        "unknown bump level `huge`, expected one of major, minor, patch, premajor, preminor, prepatch, prerelease, release"
    );
    assert_eq!(
        "true".parse::<PreidBase>().unwrap_err().kind().as_str(),
        "invalid_base"
    );
}

#[test]
fn serde_goes_through_the_string_form() {
    let v = version("1.2.3-rc.1+b");
    assert_eq!(serde_json::to_string(&v).unwrap(), "\"1.2.3-rc.1+b\"");
    assert_eq!(
        serde_json::from_str::<Version>("\"1.2.3-rc.1+b\"").unwrap(),
        v
    );
    let err = serde_json::from_str::<Version>("\"1.02.3\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid leading zero in minor version"),
        "{err}"
    );
    assert_eq!(serde_json::to_string(&PreidBase::Bare).unwrap(), "false");
    assert_eq!(
        serde_json::from_str::<PreidBase>("1").unwrap(),
        PreidBase::One
    );
    assert_eq!(
        serde_json::from_str::<PreidBase>("\"0\"").unwrap(),
        PreidBase::Zero
    );
    assert!(serde_json::from_str::<PreidBase>("true").is_err());
    assert_eq!(
        serde_json::to_string(&BumpLevel::Premajor).unwrap(),
        "\"premajor\""
    );
}

#[test]
fn debug_leaves_out_empty_parts() {
    assert_eq!(
        format!("{:?}", version("1.2.3")),
        "Version { major: 1, minor: 2, patch: 3 }"
    );
    assert_eq!(
        format!("{:?}", version("1.2.3-rc+b")),
        "Version { major: 1, minor: 2, patch: 3, pre: Prerelease(\"rc\"), build: BuildMetadata(\"b\") }"
    );
}
