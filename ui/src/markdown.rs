//! A small, safe Markdown renderer for the assistant's answers. It understands what the
//! assistant writes — paragraphs, headings, bullet and numbered lists, fenced code, block
//! quotes, `code`, **bold** and *emphasis* — and builds the HTML from Yew text nodes only:
//! nothing in the answer is ever parsed as HTML, so `<script>` or `<img onerror>` in a
//! model's output is shown as the text it is. Links are shown as their text followed by the
//! address, not made clickable (a click must never take the window away from Trellis).

use yew::prelude::*;

/// A block of the answer.
#[derive(Debug, PartialEq)]
enum Block {
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    Numbered(Vec<String>),
    Code(String),
    Quote(String),
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
    };
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut paragraph, &mut out);
            let mut code = Vec::new();
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                code.push(inner);
            }
            out.push(Block::Code(code.join("\n")));
        } else if t.is_empty() {
            flush(&mut paragraph, &mut out);
        } else if let Some(h) = heading(t) {
            flush(&mut paragraph, &mut out);
            out.push(Block::Heading(h.to_string()));
        } else if let Some(item) = bullet(t) {
            flush(&mut paragraph, &mut out);
            let mut items = vec![item.to_string()];
            while let Some(next) = lines.peek() {
                match bullet(next.trim()) {
                    Some(item) => {
                        items.push(item.to_string());
                        lines.next();
                    }
                    None if next.starts_with("  ") && !next.trim().is_empty() => {
                        let last = items.last_mut().expect("one item at least");
                        last.push(' ');
                        last.push_str(next.trim());
                        lines.next();
                    }
                    None => break,
                }
            }
            out.push(Block::Bullets(items));
        } else if let Some(item) = numbered(t) {
            flush(&mut paragraph, &mut out);
            let mut items = vec![item.to_string()];
            while let Some(item) = lines.peek().and_then(|n| numbered(n.trim())) {
                items.push(item.to_string());
                lines.next();
            }
            out.push(Block::Numbered(items));
        } else if let Some(q) = t.strip_prefix('>') {
            flush(&mut paragraph, &mut out);
            let mut quote = vec![q.trim().to_string()];
            while let Some(q) = lines.peek().and_then(|n| n.trim().strip_prefix('>')) {
                quote.push(q.trim().to_string());
                lines.next();
            }
            out.push(Block::Quote(quote.join(" ")));
        } else {
            paragraph.push(t);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

fn heading(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches('#');
    let level = line.len() - rest.len();
    ((1..=6).contains(&level) && rest.starts_with(' ')).then(|| rest.trim())
}

fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("• "))
}

fn numbered(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    line[digits..]
        .strip_prefix(". ")
        .or_else(|| line[digits..].strip_prefix(") "))
}

/// A piece of inline text.
#[derive(Debug, PartialEq)]
enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    Emphasis(String),
}

fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let span = match c {
            '`' => delimited(rest, "`").map(|(inner, n)| (Inline::Code(inner.to_string()), n)),
            '*' if rest.starts_with("**") => {
                delimited(rest, "**").map(|(inner, n)| (Inline::Strong(inner.to_string()), n))
            }
            '*' | '_' => delimited(rest, &c.to_string())
                .filter(|(inner, _)| !inner.starts_with(' '))
                .map(|(inner, n)| (Inline::Emphasis(inner.to_string()), n)),
            '[' => link(rest).map(|(label, url, n)| (Inline::Text(format!("{label} ({url})")), n)),
            _ => None,
        };
        match span {
            Some((inline, n)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(inline);
                rest = &rest[n..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// `text` starts with `mark`: the text up to the closing `mark` and the bytes used.
fn delimited<'t>(text: &'t str, mark: &str) -> Option<(&'t str, usize)> {
    let inner = &text[mark.len()..];
    let end = inner.find(mark)?;
    (end > 0).then(|| (&inner[..end], mark.len() * 2 + end))
}

/// `[label](url)`: the label, the address and the bytes used.
fn link(text: &str) -> Option<(&str, &str, usize)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    let after = &text[close + 2..];
    let end = after.find(')')?;
    (!label.contains('[')).then(|| (label, &after[..end], close + 3 + end))
}

fn inline_html(text: &str) -> Html {
    inlines(text)
        .into_iter()
        .map(|i| match i {
            Inline::Text(t) => html! { {t} },
            Inline::Code(t) => html! { <code>{t}</code> },
            Inline::Strong(t) => html! { <strong>{t}</strong> },
            Inline::Emphasis(t) => html! { <em>{t}</em> },
        })
        .collect()
}

/// The answer as HTML built from text nodes.
pub fn render(text: &str) -> Html {
    blocks(text)
        .into_iter()
        .map(|b| match b {
            Block::Heading(t) => html! { <h4>{inline_html(&t)}</h4> },
            Block::Paragraph(t) => html! { <p>{inline_html(&t)}</p> },
            Block::Bullets(items) => html! {
                <ul>{for items.iter().map(|i| html! { <li>{inline_html(i)}</li> })}</ul>
            },
            Block::Numbered(items) => html! {
                <ol>{for items.iter().map(|i| html! { <li>{inline_html(i)}</li> })}</ol>
            },
            Block::Code(t) => html! { <pre><code>{t}</code></pre> },
            Block::Quote(t) => html! { <blockquote>{inline_html(&t)}</blockquote> },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_inlines() {
        let b =
            blocks("# Title\n\nsome *text*\nmore\n\n- a\n- `b`\n\n1. one\n2. two\n```\n<x>\n```");
        assert_eq!(
            b,
            vec![
                Block::Heading("Title".into()),
                Block::Paragraph("some *text* more".into()),
                Block::Bullets(vec!["a".into(), "`b`".into()]),
                Block::Numbered(vec!["one".into(), "two".into()]),
                Block::Code("<x>".into()),
            ]
        );
        assert_eq!(
            inlines("a **b** `<img>` [x](http://y) 2*3"),
            vec![
                Inline::Text("a ".into()),
                Inline::Strong("b".into()),
                Inline::Text(" ".into()),
                Inline::Code("<img>".into()),
                Inline::Text(" ".into()),
                Inline::Text("x (http://y)".into()),
                Inline::Text(" 2*3".into()),
            ]
        );
    }
}
