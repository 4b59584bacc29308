//! relcore-release against throw-away repositories built with git2 itself: fixed
//! signatures and times in a temp directory; the project's own checkout is never read.

mod util;

mod errors;
mod prepare;
