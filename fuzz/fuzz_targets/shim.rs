//! Lets each target build two ways: under `cargo fuzz` (feature `libfuzzer`, cfg
//! `fuzzing`) as a libFuzzer target, and otherwise as an ordinary binary that replays the
//! files and directories named on its command line through the same function. CI replays
//! `fuzz/regressions/<target>/` this way on stable Rust.

#[macro_export]
macro_rules! fuzz_main {
    ($run:path) => {
        #[cfg(fuzzing)]
        libfuzzer_sys::fuzz_target!(|data: &[u8]| $run(data));

        #[cfg(not(fuzzing))]
        fn main() {
            let mut count = 0usize;
            for arg in std::env::args_os().skip(1) {
                let path = std::path::PathBuf::from(arg);
                let files: Vec<std::path::PathBuf> = if path.is_dir() {
                    let mut entries: Vec<_> = std::fs::read_dir(&path)
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                        .map(|entry| entry.expect("directory entry").path())
                        .collect();
                    entries.sort();
                    entries
                } else {
                    vec![path]
                };
                for file in files {
                    let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                    $run(&data);
                    count += 1;
                }
            }
            println!("replayed {count} inputs");
        }
    };
}
