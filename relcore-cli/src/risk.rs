//! The next release's risk classification, shared by `relcore classify` and `relcore plan
//! suggest`.

use relcore::risk::{Classification, Facts, classify};
use relcore_release::{ReleaseOptions, prepare};

use crate::args::ClassifyArgs;
use crate::output::{release_error, usage};
use crate::source::Source;
use crate::values::parse_version;

/// The next release's classification, from the repository (exactly what `relcore
/// release` classifies) or from the facts given with `--stdin`; `None` when the
/// repository has nothing to release.
pub fn classification(args: &ClassifyArgs) -> anyhow::Result<Option<Classification>> {
    let mut source = Source::open(&args.history)?;
    if let Some(d) = source
        .config
        .risk
        .check()
        .into_iter()
        .find(|d| d.code == "invalid_glob")
    {
        return Err(usage(
            "invalid_glob",
            format!(
                "risk policy, {}: {}",
                d.path.as_deref().unwrap_or_default(),
                d.message
            ),
        ));
    }
    Ok(match &*source.repo {
        Some(repo) if !args.history.stdin => {
            let mut config = source.config.clone();
            config.bump = source.policy(&args.history)?;
            let options = ReleaseOptions {
                date: None,
                current: source.current.clone(),
                channel: None,
                hotfix: args.hotfix,
                // The package is chosen already: `source.config` is its configuration.
                package: None,
                packages: Vec::new(),
            };
            let report = prepare(repo, &config, &options).map_err(|e| release_error(&e))?;
            report.classification
        }
        _ => {
            let mut facts = Facts::new(source.commits(&args.history)?)
                .with_paths(args.paths.clone())
                .with_hotfix(args.hotfix);
            facts.current.clone_from(&source.current);
            facts.next = args.next.as_deref().map(parse_version).transpose()?;
            if let Some(branch) = &args.branch {
                facts = facts.with_branch(branch.clone());
            }
            Some(classify(&facts, &source.config.risk))
        }
    })
}
