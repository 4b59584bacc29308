//! A parsed version prints back to exactly its input; errors point inside the input, at a
//! character boundary, and never panic.
#![cfg_attr(fuzzing, no_main)]

#[path = "shim.rs"]
mod shim;

use relcore::version::Version;

fn run(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else { return };
    match Version::parse(input) {
        Ok(v) => {
            assert_eq!(v.to_string(), input);
            assert_eq!(Version::parse(&v.to_string()).as_ref(), Ok(&v));
        }
        Err(err) => {
            assert!(err.offset() <= input.len(), "offset {} beyond {input:?}", err.offset());
            assert!(input.is_char_boundary(err.offset()));
            let _ = err.to_string();
            let _ = err.hint();
        }
    }
}

fuzz_main!(run);
