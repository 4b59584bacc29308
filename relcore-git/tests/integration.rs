//! relcore-git against throw-away repositories built with git2 itself: fixed signatures
//! and times in a temp directory; the project's own checkout is never read.

mod util;

mod commits;
mod history;
mod ops;
mod packages;
mod tags;
mod writes;
