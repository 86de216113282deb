//! The template language, and writing values as literals of each format.
//!
//! A template's content is a configuration file with placeholders:
//!
//! - `{{ name }}` stands for one whole scalar (a key or a value): it is replaced by the
//!   parameter's value written as a complete literal of the file's format (a string is
//!   quoted and escaped as that format needs; numbers, booleans, lists and maps are written
//!   as literals too). `{{ "postgres:" ~ version }}` joins text and parameters into one
//!   string first. A placeholder never sits inside other text (`prefix{{ x }}`) or inside a
//!   quoted string: that is a template error, found when the template is loaded.
//! - `{{#if name}}`, `{{#if not name}}`, `{{#if name == "value"}}`, `{{#if name != "value"}}`,
//!   `{{#else}}` and `{{/if}}`, each alone on its line, keep or drop the lines between them.
//! - `${{` is literal text (GitHub Actions and Compose expressions), and `{{{{` writes `{{`.
//!
//! Because every value is written as one complete, escaped literal, a value cannot change
//! the structure around it: quotes, colons, `#`, newlines, leading spaces or `{{` in a value
//! stay inside its literal.

use serde_json::{Map, Value};
use trellis_core::Format;

/// A parsed template content.
#[derive(Clone, Debug)]
pub struct Program {
    nodes: Vec<Node>,
}

#[derive(Clone, Debug)]
enum Node {
    Text(String),
    Value {
        expr: Expr,
        line: usize,
    },
    If {
        cond: Cond,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
}

/// `term (~ term)*`.
#[derive(Clone, Debug)]
struct Expr(Vec<Term>);

#[derive(Clone, Debug)]
enum Term {
    Param(String),
    Text(String),
}

#[derive(Clone, Debug)]
enum Cond {
    Truthy(String),
    Not(String),
    Equals(String, String),
    Differs(String, String),
}

/// A mistake in a template's content, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        line,
        message: message.into(),
    }
}

/// A directive line: `{{#if …}}`, `{{#else}}` or `{{/if}}` alone on its line.
enum Directive {
    If(Cond),
    Else,
    End,
}

fn directive(line: &str, number: usize) -> Result<Option<Directive>, SyntaxError> {
    let trimmed = line.trim();
    let Some(inner) = trimmed
        .strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .filter(|_| !trimmed.starts_with("{{{{"))
    else {
        return Ok(None);
    };
    let inner = inner.trim();
    if inner == "/if" {
        return Ok(Some(Directive::End));
    }
    if inner == "#else" {
        return Ok(Some(Directive::Else));
    }
    let Some(cond) = inner.strip_prefix("#if") else {
        if inner.starts_with('#') || inner.starts_with('/') {
            return Err(err(
                number,
                format!("unknown directive {{{{{inner}}}}}: the directives are {{{{#if …}}}}, {{{{#else}}}} and {{{{/if}}}}"),
            ));
        }
        return Ok(None);
    };
    let cond = cond.trim();
    let parsed = if let Some(name) = cond.strip_prefix("not ") {
        Cond::Not(ident(name.trim(), number)?)
    } else if let Some((name, value)) = cond.split_once("==") {
        Cond::Equals(ident(name.trim(), number)?, string(value.trim(), number)?)
    } else if let Some((name, value)) = cond.split_once("!=") {
        Cond::Differs(ident(name.trim(), number)?, string(value.trim(), number)?)
    } else {
        Cond::Truthy(ident(cond, number)?)
    };
    Ok(Some(Directive::If(parsed)))
}

fn ident(text: &str, line: usize) -> Result<String, SyntaxError> {
    let mut chars = text.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(text.to_string())
    } else {
        Err(err(
            line,
            format!("{text:?} is not a parameter name (letters, digits and _)"),
        ))
    }
}

fn string(text: &str, line: usize) -> Result<String, SyntaxError> {
    if text.starts_with('"') {
        if let Ok(Value::String(s)) = serde_json::from_str::<Value>(text) {
            return Ok(s);
        }
    }
    Err(err(
        line,
        format!("{text:?} is not a string in double quotes"),
    ))
}

/// Splits `a ~ "b" ~ c` into terms, respecting quoted strings.
fn expression(text: &str, line: usize) -> Result<Expr, SyntaxError> {
    let mut terms = Vec::new();
    let mut rest = text.trim();
    loop {
        if rest.is_empty() {
            return Err(err(line, "an empty placeholder"));
        }
        let (term, after) = if rest.starts_with('"') {
            // The end of the string literal: the next unescaped quote.
            let bytes = rest.as_bytes();
            let mut i = 1;
            let mut end = None;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => {
                        end = Some(i);
                        break;
                    }
                    _ => i += 1,
                }
            }
            let end = end.ok_or_else(|| err(line, "a string without its closing quote"))?;
            (Term::Text(string(&rest[..=end], line)?), &rest[end + 1..])
        } else {
            let end = rest.find(|c: char| c == '~' || c.is_whitespace());
            let (name, after) = rest.split_at(end.unwrap_or(rest.len()));
            (Term::Param(ident(name, line)?), after)
        };
        terms.push(term);
        let after = after.trim_start();
        if after.is_empty() {
            return Ok(Expr(terms));
        }
        rest = after
            .strip_prefix('~')
            .ok_or_else(|| {
                err(
                    line,
                    format!("expected `~` or the end of the placeholder, found {after:?}"),
                )
            })?
            .trim_start();
    }
}

/// Whether a placeholder may touch this character (`before` it, or after it): it must
/// stand alone as a key or a value.
fn may_touch(c: Option<char>, format: Format, before: bool) -> bool {
    match c {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some('[' | ']' | '{' | '}' | ',') => true,
        // `key: value` in YAML needs the space; JSON does not.
        Some(':') => !before || format == Format::Json,
        // TOML: `key=value`, dotted keys.
        Some('=' | '.') => format == Format::Toml,
        _ => false,
    }
}

/// Splits one line (not a directive) into text and placeholders.
fn line_nodes(
    line: &str,
    number: usize,
    format: Format,
    out: &mut Vec<Node>,
) -> Result<(), SyntaxError> {
    let mut text = String::new();
    let mut rest = line;
    // The last character written on this line (a placeholder counts as a letter).
    let mut last: Option<char> = None;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${{") {
            text.push_str("${{");
            last = Some('{');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{{{{") {
            text.push_str("{{");
            last = Some('{');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{{") {
            let end = find_close(after).ok_or_else(|| {
                err(
                    number,
                    "a placeholder without its closing }} on the same line",
                )
            })?;
            let expr = expression(&after[..end], number)?;
            let before = last;
            let following = after[end + 2..].chars().next();
            if !may_touch(before, format, true) || !may_touch(following, format, false) {
                return Err(err(
                    number,
                    format!(
                        "the placeholder {{{{{}}}}} touches other text: a placeholder stands for a whole key or value \
                         (join text with ~ inside it, e.g. {{{{ \"prefix-\" ~ name }}}})",
                        &after[..end]
                    ),
                ));
            }
            if !text.is_empty() {
                out.push(Node::Text(std::mem::take(&mut text)));
            }
            out.push(Node::Value { expr, line: number });
            last = Some('x');
            rest = &after[end + 2..];
        } else {
            let c = rest.chars().next().expect("not empty");
            text.push(c);
            last = Some(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !text.is_empty() {
        out.push(Node::Text(text));
    }
    Ok(())
}

/// The offset of the `}}` closing a placeholder, skipping string literals.
fn find_close(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut quoted = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return None,
            b'\\' if quoted => i += 1,
            b'"' => quoted = !quoted,
            b'}' if !quoted && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

impl Program {
    /// Parses a template's content.
    pub fn parse(content: &str, format: Format) -> Result<Program, SyntaxError> {
        let mut stack: Vec<Open> = Vec::new();
        let mut top: Vec<Node> = Vec::new();
        for (i, line) in content.split_inclusive('\n').enumerate() {
            let number = i + 1;
            match directive(line, number)? {
                Some(Directive::If(cond)) => stack.push(Open {
                    cond,
                    then: Vec::new(),
                    otherwise: None,
                    line: number,
                }),
                Some(Directive::Else) => {
                    let open = stack
                        .last_mut()
                        .ok_or_else(|| err(number, "{{#else}} without {{#if …}}"))?;
                    if open.otherwise.is_some() {
                        return Err(err(number, "a second {{#else}} in one {{#if …}}"));
                    }
                    open.otherwise = Some(Vec::new());
                }
                Some(Directive::End) => {
                    let open = stack
                        .pop()
                        .ok_or_else(|| err(number, "{{/if}} without {{#if …}}"))?;
                    let node = Node::If {
                        cond: open.cond,
                        then: open.then,
                        otherwise: open.otherwise.unwrap_or_default(),
                    };
                    target(&mut stack, &mut top).push(node);
                }
                None => line_nodes(line, number, format, target(&mut stack, &mut top))?,
            }
        }
        if let Some(open) = stack.last() {
            return Err(err(open.line, "{{#if …}} without its {{/if}}"));
        }
        Ok(Program { nodes: top })
    }

    /// The parameter names the content uses, in order of first use.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        fn walk(nodes: &[Node], names: &mut Vec<String>) {
            let add = |n: &String, names: &mut Vec<String>| {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            };
            for node in nodes {
                match node {
                    Node::Text(_) => {}
                    Node::Value { expr, .. } => {
                        for term in &expr.0 {
                            if let Term::Param(n) = term {
                                add(n, names);
                            }
                        }
                    }
                    Node::If {
                        cond,
                        then,
                        otherwise,
                    } => {
                        let (Cond::Truthy(n)
                        | Cond::Not(n)
                        | Cond::Equals(n, _)
                        | Cond::Differs(n, _)) = cond;
                        add(n, names);
                        walk(then, names);
                        walk(otherwise, names);
                    }
                }
            }
        }
        walk(&self.nodes, &mut names);
        names
    }

    /// Writes the content with `params` (every name the content uses must be there).
    pub fn render(&self, params: &Map<String, Value>, format: Format) -> Result<String, String> {
        let mut out = String::new();
        render_nodes(&self.nodes, params, format, &mut out)?;
        Ok(out)
    }
}

/// An `{{#if …}}` block being parsed.
struct Open {
    cond: Cond,
    then: Vec<Node>,
    /// The nodes after `{{#else}}`, once it was seen.
    otherwise: Option<Vec<Node>>,
    line: usize,
}

/// The node list that new nodes go to: the innermost open block's current part.
fn target<'a>(stack: &'a mut [Open], top: &'a mut Vec<Node>) -> &'a mut Vec<Node> {
    match stack.last_mut() {
        Some(Open {
            otherwise: Some(o), ..
        }) => o,
        Some(open) => &mut open.then,
        None => top,
    }
}

fn render_nodes(
    nodes: &[Node],
    params: &Map<String, Value>,
    format: Format,
    out: &mut String,
) -> Result<(), String> {
    let get = |name: &str| {
        params
            .get(name)
            .ok_or_else(|| format!("no value for the parameter {name}"))
    };
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Value { expr, line } => {
                let value = match expr.0.as_slice() {
                    [Term::Param(name)] => get(name)?.clone(),
                    terms => {
                        let mut s = String::new();
                        for term in terms {
                            match term {
                                Term::Text(t) => s.push_str(t),
                                Term::Param(name) => match get(name)? {
                                    Value::String(v) => s.push_str(v),
                                    Value::Null => {}
                                    other => s.push_str(&other.to_string()),
                                },
                            }
                        }
                        Value::String(s)
                    }
                };
                literal(&value, format, out).map_err(|e| format!("line {line}: {e}"))?;
            }
            Node::If {
                cond,
                then,
                otherwise,
            } => {
                let holds = match cond {
                    Cond::Truthy(n) => truthy(get(n)?),
                    Cond::Not(n) => !truthy(get(n)?),
                    Cond::Equals(n, v) => as_text(get(n)?) == *v,
                    Cond::Differs(n, v) => as_text(get(n)?) != *v,
                };
                render_nodes(if holds { then } else { otherwise }, params, format, out)?;
            }
        }
    }
    Ok(())
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes `value` as one complete literal of `format`, valid as a key (for strings) and as a
/// value, in block and flow positions.
pub fn literal(value: &Value, format: Format, out: &mut String) -> Result<(), String> {
    match format {
        Format::Json => {
            out.push_str(&serde_json::to_string(value).map_err(|e| e.to_string())?);
        }
        Format::Yaml => yaml_literal(value, out),
        Format::Toml => toml_literal(value, out)?,
    }
    Ok(())
}

/// Words a YAML reader (1.1 or 1.2) may take for something other than a string.
const YAML_RESERVED: &[&str] = &[
    "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf",
];

/// Whether a string can be written as a plain YAML scalar and read back as the same string
/// by any YAML reader: a letter, then letters, digits, `_`, `-`, `.` or `/`, and not a word
/// with another meaning.
fn yaml_plain(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !YAML_RESERVED.contains(&s.to_ascii_lowercase().as_str())
}

fn yaml_literal(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) if yaml_plain(s) => out.push_str(s),
        Value::String(s) => yaml_quoted(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                yaml_literal(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                yaml_quoted(k, out);
                out.push_str(": ");
                yaml_literal(v, out);
            }
            out.push('}');
        }
    }
}

fn yaml_quoted(s: &str, out: &mut String) {
    out.push_str(&trellis_core::yaml_double_quoted(s));
}

fn toml_quoted(s: &str, out: &mut String) {
    out.push_str(&trellis_core::toml_basic_string(s));
}

fn toml_literal(value: &Value, out: &mut String) -> Result<(), String> {
    match value {
        Value::Null => return Err("TOML has no null: give the parameter a value".into()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let text = n.to_string();
            out.push_str(&text);
            // A float always shows a fraction or an exponent, so it stays a float.
            if n.is_f64() && !text.contains(['.', 'e', 'E']) {
                out.push_str(".0");
            }
        }
        Value::String(s) => toml_quoted(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                toml_literal(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                toml_quoted(k, out);
                out.push_str(" = ");
                toml_literal(v, out)?;
            }
            out.push_str(if map.is_empty() { "}" } else { " }" });
        }
    }
    Ok(())
}

/// Writes a document's text so the template language gives it back unchanged: every `{{`
/// that is not part of `${{` is doubled.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${{") {
            out.push_str("${{");
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{{") {
            out.push_str("{{{{");
            rest = after;
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn values_are_whole_literals_in_each_format() {
        let p = params(json!({"name": "web", "port": 8080, "tag": "a: b # c", "on": true}));
        let yaml = Program::parse(
            "{{ name }}:\n  port: {{ port }}\n  tag: {{ tag }}\n  image: {{ \"nginx:\" ~ port }}\n  debug: {{ on }}\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(
            yaml.render(&p, Format::Yaml).unwrap(),
            "web:\n  port: 8080\n  tag: \"a: b # c\"\n  image: \"nginx:8080\"\n  debug: true\n"
        );
        let toml =
            Program::parse("[services.{{ name }}]\ntag = {{ tag }}\n", Format::Toml).unwrap();
        assert_eq!(
            toml.render(&p, Format::Toml).unwrap(),
            "[services.\"web\"]\ntag = \"a: b # c\"\n"
        );
    }

    #[test]
    fn conditions_keep_or_drop_lines() {
        let program = Program::parse(
            "a: 1\n{{#if cache}}\ncache: on\n{{#else}}\ncache: off\n{{/if}}\n{{#if kind == \"x\"}}\nx: 1\n{{/if}}\n{{#if not cache}}\nnone: 1\n{{/if}}\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(program.names(), ["cache", "kind"]);
        let with = program
            .render(&params(json!({"cache": true, "kind": "x"})), Format::Yaml)
            .unwrap();
        assert_eq!(with, "a: 1\ncache: on\nx: 1\n");
        let without = program
            .render(&params(json!({"cache": false, "kind": "y"})), Format::Yaml)
            .unwrap();
        assert_eq!(without, "a: 1\ncache: off\nnone: 1\n");
    }

    #[test]
    fn expressions_of_other_tools_and_doubled_braces_are_text() {
        let program = Program::parse(
            "run: echo ${{ matrix.os }}\nnote: \"{{{{ literal }}\"\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(
            program.render(&Map::new(), Format::Yaml).unwrap(),
            "run: echo ${{ matrix.os }}\nnote: \"{{ literal }}\"\n"
        );
        let text = "a: ${{ x }} {{ y }} {{{ z ${{{{\n";
        let escaped = escape_text(text);
        let program = Program::parse(&escaped, Format::Yaml).unwrap();
        assert_eq!(program.render(&Map::new(), Format::Yaml).unwrap(), text);
    }

    #[test]
    fn misplaced_or_malformed_placeholders_are_errors_with_their_line() {
        let cases = [
            ("a: x{{ name }}\n", 1, "touches other text"),
            ("a: 1\nb: \"{{ name }}\"\n", 2, "touches other text"),
            ("a: {{ name\n", 1, "closing }}"),
            ("a: {{ 1name }}\n", 1, "not a parameter name"),
            ("a: {{ name ~ }}\n", 1, "empty placeholder"),
            ("{{#if a}}\nb: 1\n", 1, "without its {{/if}}"),
            ("{{/if}}\n", 1, "without {{#if"),
            ("{{#each a}}\n", 1, "unknown directive"),
        ];
        for (text, line, message) in cases {
            let e = Program::parse(text, Format::Yaml).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(message), "{text:?}: {e}");
        }
    }

    #[test]
    fn toml_has_no_null() {
        let program = Program::parse("a = {{ x }}\n", Format::Toml).unwrap();
        let e = program
            .render(&params(json!({"x": null})), Format::Toml)
            .unwrap_err();
        assert!(e.contains("TOML has no null"), "{e}");
    }
}
