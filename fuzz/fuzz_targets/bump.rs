//! Bumping gives a strictly greater version or an error, never a panic. The input is
//! `VERSION\nLEVEL\nPREID\nBASE`; missing parts take defaults.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::version::{BumpLevel, Preid, PreidBase, Version, compare};

fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\n');
    let Ok(v) = Version::parse(parts.next().unwrap_or_default()) else { return };
    let level = parts
        .next()
        .and_then(|l| l.parse::<BumpLevel>().ok())
        .unwrap_or(BumpLevel::ALL[data.len() % BumpLevel::ALL.len()]);
    let identifier = parts.next().map(str::to_owned);
    let base = parts.next().and_then(|b| b.parse::<PreidBase>().ok()).unwrap_or_default();
    let preid = Preid { identifier, base };
    if let Ok(next) = v.bump(level, &preid) {
        assert!(compare(&next, &v).is_gt(), "{v} -> {next} with {level} {preid:?}");
        assert!(next.build.is_empty());
        assert_eq!(Version::parse(&next.to_string()).as_ref(), Ok(&next));
    }
}

fuzz_main!(run);
