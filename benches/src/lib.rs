//! Shared, deterministic inputs for relcore's benches and comparison scripts.

use std::fmt::Write;

/// A small linear congruential generator: the same numbers on every machine and run.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// A generator from a fixed seed.
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    /// The next number below `n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// `n` realistic version strings: 70% plain releases, 20% pre-releases (`rc.4`,
/// `beta.11`, `alpha.beta.3`), 10% with build metadata; the Python and Node comparison
/// scripts generate the same mix.
pub fn versions(n: usize) -> Vec<String> {
    const PRE: [&str; 6] = ["alpha", "beta", "rc", "alpha.beta", "dev", "next"];
    let mut rng = Lcg::new(0x5eed);
    (0..n)
        .map(|_| {
            let (major, minor, patch) = (rng.below(20), rng.below(40), rng.below(100));
            let kind = rng.below(10);
            let mut v = format!("{major}.{minor}.{patch}");
            if (7..9).contains(&kind) {
                let pre = PRE[usize::try_from(rng.below(6)).unwrap_or(0)];
                let _ = write!(v, "-{pre}.{}", rng.below(20));
            } else if kind == 9 {
                let _ = write!(v, "+build.{}", rng.below(10_000));
            }
            v
        })
        .collect()
}
