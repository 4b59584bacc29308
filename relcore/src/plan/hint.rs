//! "Did you mean …?" suggestions by edit distance.

/// The Levenshtein distance between `a` and `b`, counted in characters, giving up (and
/// returning `limit + 1`) once it must exceed `limit`.
fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX) + 1;
            let sub = prev.get(j).copied().unwrap_or(usize::MAX) + cost;
            let v = del.min(ins).min(sub);
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = v;
            }
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(limit + 1)
}

/// The candidate closest to `word`: an exact match ignoring case, `-`/`_` and spaces,
/// else the nearest by edit distance within about a third of the word's length.
pub(crate) fn suggest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let word_norm = norm(word);
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if norm(c) == word_norm {
            return Some(c);
        }
        let d = distance(&word.to_lowercase(), &c.to_lowercase(), limit);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A timezone name like `name`: the same name in another case, a zone whose last part is
/// `name` (`Berlin` → `Europe/Berlin`), or the nearest name.
pub(crate) fn suggest_timezone<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    let lower = name.to_lowercase().replace(' ', "_");
    for c in candidates.clone() {
        if c.to_lowercase() == lower {
            return Some(c);
        }
    }
    for c in candidates.clone() {
        if c.rsplit('/')
            .next()
            .is_some_and(|last| last.to_lowercase() == lower)
        {
            return Some(c);
        }
    }
    suggest(name, candidates)
}

/// `did you mean `x`?`, or the list of valid words.
pub(crate) fn hint<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    if let Some(s) = suggest(word, candidates.clone()) {
        format!("did you mean `{s}`?")
    } else {
        let list: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
        format!("expected one of {}", list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting", 5), 3);
        assert_eq!(distance("", "abc", 5), 3);
        assert_eq!(distance("abc", "abc", 0), 0);
        assert_eq!(distance("abcdef", "uvwxyz", 2), 3);
    }

    #[test]
    fn suggestions() {
        let keys = ["name", "percentage", "duration", "auto-advance"];
        assert_eq!(suggest("percentge", keys), Some("percentage"));
        assert_eq!(suggest("auto_advance", keys), Some("auto-advance"));
        assert_eq!(suggest("AutoAdvance", keys), Some("auto-advance"));
        assert_eq!(suggest("zzz", keys), None);
        assert_eq!(hint("nme", keys), "did you mean `name`?");
        assert_eq!(hint("zzz", ["a", "b"]), "expected one of `a`, `b`");
    }

    #[test]
    fn timezones() {
        let zones = ["Europe/Berlin", "America/New_York", "UTC"];
        assert_eq!(
            suggest_timezone("europe/berlin", zones),
            Some("Europe/Berlin")
        );
        assert_eq!(suggest_timezone("Berlin", zones), Some("Europe/Berlin"));
        assert_eq!(
            suggest_timezone("new york", zones),
            Some("America/New_York")
        );
        assert_eq!(
            suggest_timezone("Europe/Berln", zones),
            Some("Europe/Berlin")
        );
        assert_eq!(suggest_timezone("Mars/Olympus", zones), None);
    }
}
