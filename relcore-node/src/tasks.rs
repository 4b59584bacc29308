//! The work behind exports that come in two flavours: a `*Sync` function that runs on the
//! main thread, and an `AsyncTask` that runs the same `*_impl` on the libuv thread pool
//! and settles a Promise.
//!
//! A task owns its arguments (nothing borrowed from JavaScript), computes a core result or
//! a [`CoreError`] off the main thread, and converts it back on the main thread, where
//! errors become the same thrown objects as in the `*Sync` flavour (here: rejections).

use napi::bindgen_prelude::Unknown;
use napi::{Either, Env, ScopedTask};
use relcore::bump::{Decision, Policy};
use relcore::commit::Commit;

use crate::convert::{commit_arg, owned_version_arg, version_arg};
use crate::errors::{CoreError, OrThrow};
use crate::{CommitInput, Version};

/// The arguments of `nextVersion`, owned so they can leave the main thread.
#[derive(Debug)]
pub(crate) struct NextVersionArgs {
    /// The latest release: a version string (parsed strictly) or a `Version`'s value.
    pub(crate) current: Option<Either<String, relcore::version::Version>>,
    /// Messages, or messages with their metadata.
    pub(crate) commits: Vec<Either<String, CommitInput>>,
    /// A JSON object of the core's `Policy` shape; `None` for the default policy.
    pub(crate) policy: Option<serde_json::Value>,
}

impl NextVersionArgs {
    /// Takes `nextVersion`'s arguments, copying a `Version`'s value out of its object.
    pub(crate) fn new(
        current: Option<Either<String, &Version>>,
        commits: Vec<Either<String, CommitInput>>,
        policy: Option<serde_json::Value>,
    ) -> Self {
        NextVersionArgs {
            current: current.map(owned_version_arg),
            commits,
            policy,
        }
    }
}

/// `relcore::bump::next_version` on converted arguments.
pub(crate) fn next_version_impl(args: &NextVersionArgs) -> Result<Decision, CoreError> {
    let current = args.current.as_ref().map(version_arg).transpose()?;
    let policy: Policy = match &args.policy {
        Some(policy) => serde_json::from_value(policy.clone())?,
        None => Policy::default(),
    };
    let commits: Vec<Commit> = args.commits.iter().map(commit_arg).collect();
    Ok(relcore::bump::next_version(
        current.as_deref(),
        &commits,
        &policy,
    )?)
}

/// `nextVersion`: [`next_version_impl`] on the thread pool.
#[derive(Debug)]
pub struct NextVersion {
    pub(crate) args: NextVersionArgs,
}

impl<'task> ScopedTask<'task> for NextVersion {
    type Output = Result<Decision, CoreError>;
    type JsValue = Unknown<'task>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(next_version_impl(&self.args))
    }

    fn resolve(&mut self, env: &'task Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        env.to_js_value(&output.or_throw(*env)?)
    }
}
