//! An incremental parser for server-sent events (the `text/event-stream` format of the
//! HTML standard): bytes go in as they arrive, split anywhere (inside a line, a `\r\n`, a
//! UTF-8 sequence), and complete events come out.

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// The `event:` field, if one was given.
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

#[derive(Debug, Default)]
pub(crate) struct SseParser {
    /// Bytes of the line being received.
    line: Vec<u8>,
    /// The previous byte ended a line with `\r`: a `\n` right after belongs to it.
    after_cr: bool,
    /// At the very start of the stream (a byte order mark is dropped there).
    started: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
    /// Lines seen, for error messages.
    line_number: usize,
}

impl SseParser {
    pub fn new() -> SseParser {
        SseParser::default()
    }

    /// Feeds the next bytes of the stream; complete events are pushed onto `out`. The only
    /// error is a line that is not UTF-8.
    pub fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<SseEvent>) -> Result<(), String> {
        if !self.started && !bytes.is_empty() {
            self.line.extend_from_slice(bytes);
            if self.line.len() < 3 && b"\xEF\xBB\xBF".starts_with(&self.line) {
                return Ok(()); // maybe a byte order mark: wait for more
            }
            self.started = true;
            let pending = std::mem::take(&mut self.line);
            let pending = pending.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&pending);
            return self.feed_lines(pending, out);
        }
        if self.after_cr {
            if let Some(rest) = bytes.strip_prefix(b"\n") {
                bytes = rest;
            }
            self.after_cr = false;
        }
        self.feed_lines(bytes, out)
    }

    fn feed_lines(&mut self, mut bytes: &[u8], out: &mut Vec<SseEvent>) -> Result<(), String> {
        while let Some(end) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&bytes[..end]);
            let cr = bytes[end] == b'\r';
            bytes = &bytes[end + 1..];
            if cr {
                match bytes.first() {
                    Some(b'\n') => bytes = &bytes[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            let line = std::mem::take(&mut self.line);
            self.line_number += 1;
            self.process_line(&line, out)?;
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    /// The stream has ended: a last line without its newline is processed, and a last event
    /// without its blank line is dispatched.
    pub fn finish(&mut self, out: &mut Vec<SseEvent>) -> Result<(), String> {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_number += 1;
            self.process_line(&line, out)?;
        }
        self.dispatch(out);
        Ok(())
    }

    fn process_line(&mut self, line: &[u8], out: &mut Vec<SseEvent>) -> Result<(), String> {
        if line.is_empty() {
            self.dispatch(out);
            return Ok(());
        }
        let line = std::str::from_utf8(line).map_err(|e| {
            format!(
                "line {} of the event stream is not UTF-8 ({e})",
                self.line_number
            )
        })?;
        if line.starts_with(':') {
            return Ok(()); // a comment: keep-alive
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_string()),
            _ => {} // id, retry and unknown fields do not matter here
        }
        Ok(())
    }

    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        if self.has_data {
            let mut data = std::mem::take(&mut self.data);
            if data.ends_with('\n') {
                data.pop();
            }
            out.push(SseEvent {
                event: self.event.take(),
                data,
            });
        }
        self.data.clear();
        self.has_data = false;
        self.event = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_pieces(input: &[u8], cuts: &[usize]) -> Vec<SseEvent> {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
            p.feed(&input[start..cut], &mut out).unwrap();
            start = cut;
        }
        p.finish(&mut out).unwrap();
        out
    }

    fn data(events: &[SseEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    const STREAM: &str = "\u{feff}: keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: delta\ndata: first\ndata:second\n\nid: 7\nretry: 10\ndata\n\n:comment\rdata: ünïcode ✓\r\rdata: [DONE]\n\n";

    #[test]
    fn parses_fields_comments_and_line_endings() {
        let events = parse_in_pieces(STREAM.as_bytes(), &[]);
        assert_eq!(
            data(&events),
            vec!["{\"a\":1}", "first\nsecond", "", "ünïcode ✓", "[DONE]"]
        );
        assert_eq!(events[1].event.as_deref(), Some("delta"));
        assert_eq!(events[0].event, None);
    }

    #[test]
    fn gives_the_same_events_however_the_bytes_are_split() {
        let bytes = STREAM.as_bytes();
        let whole = parse_in_pieces(bytes, &[]);
        for cut in 0..=bytes.len() {
            assert_eq!(parse_in_pieces(bytes, &[cut]), whole, "one cut at {cut}");
        }
        let every_byte: Vec<usize> = (1..bytes.len()).collect();
        assert_eq!(parse_in_pieces(bytes, &every_byte), whole);
    }

    #[test]
    fn a_last_event_without_its_blank_line_is_dispatched_at_the_end() {
        let events = parse_in_pieces(b"data: one\n\ndata: two", &[]);
        assert_eq!(data(&events), vec!["one", "two"]);
    }

    #[test]
    fn invalid_utf8_is_an_error_naming_the_line() {
        let mut p = SseParser::new();
        let mut out = Vec::new();
        let err = p
            .feed(b"data: ok\n\ndata: \xff\xfe\n", &mut out)
            .unwrap_err();
        assert!(err.contains("line 3"), "{err}");
        assert_eq!(data(&out), vec!["ok"]);
    }
}
