//! Small facts about text layout that every format planner needs: where lines start and end,
//! which line ending and indentation a document uses.

/// Byte offset of the start of the line containing `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset of the end of the line containing `offset`, before its `\n` or `\r\n`.
pub fn line_end(text: &str, offset: usize) -> usize {
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    if end > 0 && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Byte offset just past the line break of the line containing `offset` (or the text's end).
pub fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The leading spaces and tabs of the line containing `offset`.
pub fn indentation_at(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let rest = &text[start..];
    let n = rest
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    &rest[..n]
}

/// Column (in bytes) of `offset` within its line.
pub fn column_of(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// The document's line ending: `"\r\n"` if its first line break is CRLF, else `"\n"`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Whether the line containing `offset` holds nothing but `offset..` whitespace before it.
pub fn only_whitespace_before(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset]
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
}

/// Length of a leading byte-order mark, if the text has one.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_helpers_respect_crlf() {
        let t = "a: 1\r\n  b: 2\r\nc";
        let b = t.find('b').unwrap();
        assert_eq!(line_start(t, b), 6);
        assert_eq!(line_end(t, b), 12);
        assert_eq!(next_line_start(t, b), 14);
        assert_eq!(indentation_at(t, b), "  ");
        assert_eq!(column_of(t, b), 2);
        assert_eq!(line_ending(t), "\r\n");
        assert_eq!(line_ending("x\ny"), "\n");
        assert_eq!(line_end(t, t.len()), t.len());
        assert!(only_whitespace_before(t, b));
    }
}
