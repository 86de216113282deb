//! Byte spans and the line index that turns byte offsets into line/column positions.

use std::ops::Range;

/// A half-open byte range `start..end` into a document's text.
///
/// Offsets are `u32`: documents are capped well below 4 GiB (see
/// [`crate::MAX_DOCUMENT_BYTES`]), and nodes are numerous, so the smaller type halves the
/// memory spent on positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn empty(at: usize) -> Span {
        Span::new(at, at)
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// A position for people: 1-based line and 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Start offsets of every line of a text. Built once per parse in one `memchr` pass; a lookup
/// is a binary search plus a character count within one line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        LineIndex { starts }
    }

    /// Follows a splice of the text: `range` was replaced with `inserted`. Line starts up
    /// to the splice stay, those inside it are replaced by the inserted text's, and later
    /// ones move by the length difference.
    pub(crate) fn splice(&mut self, range: Range<usize>, inserted: &str) {
        let from = self.starts.partition_point(|&s| s as usize <= range.start);
        let to = self.starts.partition_point(|&s| s as usize <= range.end);
        let new: Vec<u32> = memchr::memchr_iter(b'\n', inserted.as_bytes())
            .map(|i| (range.start + i + 1) as u32)
            .collect();
        let first = from + new.len();
        self.starts.splice(from..to, new);
        let delta = inserted.len() as i64 - range.len() as i64;
        if delta != 0 {
            for s in &mut self.starts[first..] {
                *s = (*s as i64 + delta) as u32;
            }
        }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).map(|&s| s as usize)
    }

    /// 0-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line and character column of a byte offset. Offsets inside a multi-byte
    /// character or past the end are clamped.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text[start..end].chars().count() + 1;
        LineCol {
            line: line as u32 + 1,
            column: column as u32,
        }
    }

    /// Byte offset of a 1-based line/column, if it exists.
    pub fn offset(&self, text: &str, at: LineCol) -> Option<usize> {
        let start = *self.starts.get(at.line.checked_sub(1)? as usize)? as usize;
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let mut col = 1;
        for (i, _) in text[start..line_end].char_indices() {
            if col == at.column {
                return Some(start + i);
            }
            col += 1;
        }
        (col == at.column).then_some(line_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines_from_one() {
        let text = "a: 1\r\nnäme: x\n\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, column: 7 });
        assert_eq!(idx.offset(text, LineCol { line: 2, column: 7 }), Some(x));
        assert_eq!(
            idx.line_col(text, text.len()),
            LineCol { line: 4, column: 5 }
        );
        assert_eq!(idx.offset(text, LineCol { line: 9, column: 1 }), None);
    }

    #[test]
    fn splicing_follows_the_text() {
        let cases = [
            ("a\nb\nc\n", 2..3, "x\ny\nz"),
            ("a\nb\nc\n", 1..4, ""),
            ("a\nb\nc\n", 0..0, "\n\n"),
            ("a\nb\nc", 5..5, "\nd"),
            ("abc", 1..2, "long"),
        ];
        for (text, range, inserted) in cases {
            let mut idx = LineIndex::new(text);
            idx.splice(range.clone(), inserted);
            let mut t = text.to_string();
            t.replace_range(range, inserted);
            assert_eq!(idx, LineIndex::new(&t), "{text:?} -> {t:?}");
        }
    }
}
