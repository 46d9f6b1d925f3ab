//! Issue #6.1 — case search: what an officer types and what a case is found by, folded alike so
//! that "Jonaitė", "JONAITE" and "jonaite" meet, and "2026-000042-3" meets "20260000423".

/// At most this many words of a search are used (each must match).
pub const SEARCH_WORDS_MAX: usize = 4;

/// Lower case, Latin letters without their diacritics (Lithuanian, Latvian, Polish and the
/// common Western ones), Cyrillic ё as е; anything that is not a letter or digit separates
/// words. Words are joined by one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ą' | 'à' | 'á' | 'â' | 'ä' | 'ā' | 'ã' | 'å' => 'a',
            'č' | 'ć' | 'ç' => 'c',
            'ę' | 'ė' | 'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'į' | 'ī' | 'í' | 'ì' | 'î' | 'ï' => 'i',
            'š' | 'ś' => 's',
            'ų' | 'ū' | 'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ž' | 'ź' | 'ż' => 'z',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ł' | 'ļ' => 'l',
            'ń' | 'ñ' | 'ņ' => 'n',
            'ģ' => 'g',
            'ķ' => 'k',
            'ё' => 'е',
            c => c,
        };
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// The words of a search, folded; none when nothing searchable was typed. Extra words are
/// dropped (`SEARCH_WORDS_MAX`).
pub fn search_words(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(SEARCH_WORDS_MAX)
        .map(str::to_string)
        .collect()
}

/// The text a case is found by: each part folded, plus each part written without its
/// separators (a reference or a passport number typed in one piece).
pub fn search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = Vec::new();
    for p in parts {
        let folded = fold(p);
        if folded.is_empty() {
            continue;
        }
        let compact = folded.replace(' ', "");
        out.push(folded.clone());
        if compact != folded {
            out.push(compact);
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_case_fold_away() {
        assert_eq!(fold("Jonaitė-Žukauskienė"), "jonaite zukauskiene");
        assert_eq!(fold("  ОЛЕНА  Ковальова "), "олена ковальова");
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("%_'\";--"), "");
    }

    #[test]
    fn a_search_is_its_words_and_a_case_is_found_either_way() {
        assert_eq!(search_words(" 2026-000042-3 "), vec!["2026", "000042", "3"]);
        assert!(search_words(" - ").is_empty());
        assert_eq!(search_words("a b c d e f").len(), SEARCH_WORDS_MAX);
        let text = search_text(["2026-000042-3", "Olena", "Kovalenko", ""]);
        assert_eq!(text, "2026 000042 3 20260000423 olena kovalenko");
        for q in ["20260000423", "2026-000042-3", "KOVALENKO olena"] {
            assert!(
                search_words(q).iter().all(|w| text.contains(w.as_str())),
                "{q}"
            );
        }
    }
}
