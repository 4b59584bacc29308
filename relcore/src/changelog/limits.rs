//! What one template render may allocate. Fuel bounds the number of instructions; these
//! bound the size of what a single instruction can build and of the whole output, so a
//! hostile template (`{{ "a" | indent(1000000000) }}`) gets an error, not an abort.
//!
//! | limit | value |
//! |---|---|
//! | output of one render | [`MAX_OUTPUT`] bytes |
//! | `indent` width, `format` width and precision (`%1000s`, `%.1000f`) | [`MAX_WIDTH`] |
//! | `slice` and `batch` count | [`MAX_COUNT`] |

use std::io;

use minijinja::value::{Kwargs, Rest, Value};
use minijinja::{Environment, Error, ErrorKind, State};

/// Bytes one render may write: far above any real changelog section.
pub const MAX_OUTPUT: usize = 64 << 20;
/// The largest `indent` width and `format` width or precision.
pub const MAX_WIDTH: usize = 1_000;
/// The largest `slice` or `batch` count.
pub const MAX_COUNT: usize = 10_000;

/// Which argument of a built-in filter is bounded, and by what.
#[derive(Clone, Copy)]
enum Bound {
    /// The first positional argument or the keyword, at most `max`.
    Argument { keyword: &'static str, max: usize },
    /// Widths and precisions in the printf-style format string (the filtered value).
    Printf,
}

/// Replaces the built-in filters whose arguments size their output by checked ones.
pub(super) fn install(env: &mut Environment<'static>) {
    let width = |keyword| Bound::Argument {
        keyword,
        max: MAX_WIDTH,
    };
    let count = |keyword| Bound::Argument {
        keyword,
        max: MAX_COUNT,
    };
    let bounded = [
        (
            "indent",
            Value::from_function(minijinja::filters::indent),
            width("width"),
        ),
        (
            "slice",
            Value::from_function(minijinja::filters::slice),
            count("slices"),
        ),
        (
            "batch",
            Value::from_function(minijinja::filters::batch),
            count("linecount"),
        ),
        (
            "format",
            Value::from_function(minijinja::filters::format),
            Bound::Printf,
        ),
    ];
    for (name, original, bound) in bounded {
        env.add_filter(
            name,
            move |state: &State, value: Value, args: Rest<Value>| -> Result<Value, Error> {
                check(name, bound, &value, &args)?;
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(value);
                all.extend(args.iter().cloned());
                original.call(state, &all)
            },
        );
    }
}

fn check(name: &str, bound: Bound, value: &Value, args: &[Value]) -> Result<(), Error> {
    match bound {
        Bound::Argument { keyword, max } => {
            let keyword_value = args
                .last()
                .filter(|v| v.is_kwargs())
                .and_then(|v| Kwargs::try_from(v.clone()).ok())
                .and_then(|kw| kw.get::<Option<Value>>(keyword).ok().flatten());
            let given = args
                .first()
                .filter(|v| !v.is_kwargs())
                .or(keyword_value.as_ref());
            match given.map(|v| i128::try_from(v.clone())) {
                Some(Ok(n)) if n > i128::try_from(max).unwrap_or(i128::MAX) => {
                    Err(too_large(name, &n.to_string(), max))
                }
                _ => Ok(()),
            }
        }
        Bound::Printf => match value.as_str().and_then(|f| printf_overflow(f, args)) {
            Some(found) => Err(too_large(name, &found, MAX_WIDTH)),
            None => Ok(()),
        },
    }
}

fn too_large(name: &str, given: &str, max: usize) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("`{name}` argument {given} is above relcore's limit of {max}"),
    )
}

/// The first width or precision above [`MAX_WIDTH`] in a printf-style format string, as
/// written (`*` takes its value from the arguments, in order).
fn printf_overflow(format: &str, args: &[Value]) -> Option<String> {
    let bytes = format.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let mut i = 0;
    let mut next_arg = 0;
    while let Some(byte) = at(i) {
        i += 1;
        if byte != b'%' {
            continue;
        }
        if at(i) == Some(b'%') {
            i += 1;
            continue;
        }
        if at(i) == Some(b'(') {
            while at(i).is_some_and(|b| b != b')') {
                i += 1;
            }
            i += 1;
        }
        while matches!(at(i), Some(b'#' | b'0' | b'-' | b' ' | b'+')) {
            i += 1;
        }
        // Width, then an optional `.precision`.
        for part in 0..2 {
            if part == 1 {
                if at(i) != Some(b'.') {
                    break;
                }
                i += 1;
            }
            if at(i) == Some(b'*') {
                i += 1;
                let arg = args
                    .get(next_arg)
                    .and_then(|v| i128::try_from(v.clone()).ok());
                next_arg += 1;
                if let Some(n) = arg.filter(|n| n.unsigned_abs() > MAX_WIDTH as u128) {
                    return Some(n.to_string());
                }
                continue;
            }
            let start = i;
            while at(i).is_some_and(|b| b.is_ascii_digit()) {
                i += 1;
            }
            let digits = format.get(start..i).unwrap_or_default();
            let significant = digits.trim_start_matches('0');
            if significant.len() > 4 || significant.parse::<usize>().is_ok_and(|n| n > MAX_WIDTH) {
                return Some(digits.to_owned());
            }
        }
        next_arg += 1;
    }
    None
}

/// A writer that refuses to grow past [`MAX_OUTPUT`] bytes.
#[derive(Debug, Default)]
pub(super) struct Bounded {
    pub(super) text: Vec<u8>,
    pub(super) overflowed: bool,
}

impl io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.text.len().saturating_add(buf.len()) > MAX_OUTPUT {
            self.overflowed = true;
            return Err(io::Error::other("template output limit"));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_widths_are_bounded() {
        assert_eq!(printf_overflow("%s and %5d", &[]), None);
        assert_eq!(printf_overflow("%-1000s|%.3f", &[]), None);
        assert_eq!(printf_overflow("%1001s", &[]).as_deref(), Some("1001"));
        assert_eq!(
            printf_overflow("%.99999999999999999999f", &[]).as_deref(),
            Some("99999999999999999999")
        );
        assert_eq!(
            printf_overflow("100%% of %(name)0000000000000000000000007s", &[]),
            None
        );
        assert_eq!(
            printf_overflow(
                "%s %*d",
                &[Value::from("a"), Value::from(2000), Value::from(1)]
            )
            .as_deref(),
            Some("2000")
        );
        assert_eq!(printf_overflow("%", &[]), None);
    }
}
