//! Every built-in template, rendered with its defaults and with edge-case values of each
//! parameter, parses, carries the values through, and validates against its pack with
//! Trellis's validation (`trellis_schema::validate`, the function `trellis validate` runs):
//! no errors and no literal secrets.

use serde_json::{json, Map, Value};
use trellis_core::Document;
use trellis_gallery::{Gallery, Template};
use trellis_schema::{validate, Options, Severity};

/// Strings that break naive templating in one format or another.
const NASTY: &[&str] = &[
    "plain",
    "with spaces",
    "  leading and trailing  ",
    "quote \" inside",
    "single ' quote",
    "colon: space",
    "hash # comment",
    "#starts-with-hash",
    "- looks like a list item",
    "[flow, list]",
    "{flow: map}",
    "&anchor *alias !tag",
    "%directive @at `tick`",
    "line one\nline two",
    "crlf\r\nline",
    "tab\there",
    "back\\slash \\n not a newline",
    "{{ not_a_parameter }}",
    "${{ github.token_name }}",
    "${NOT_SET_ANYWHERE}",
    "true",
    "null",
    "~",
    "0x1F",
    "1e3",
    "-12",
    "ünïcødé ✓ 日本語 🚀",
    "rtl עברית",
    "zero\u{200b}width",
    "nul\u{0}byte",
    "bell\u{7}del\u{7f}",
    "line\u{2028}separator",
    "'''triple'''",
    "\"\"\"triple\"\"\"",
    "key = \"value\"",
    "[table]",
    "a.b.c",
    "x",
    "very long value that goes on and on and on and on and on and on and on and on and on and on and on and on and on",
    "http://example.com:8080/a%20b?q=1&r=%22x%22#frag",
    "https://[::1]:9443/v1",
    "user+tag@example.com",
    "sub.example-host.org",
    "v9.9.9",
    "1.2.3",
    "5m",
    "A_VALID_ENV_NAME",
];

/// Edge-case values for one parameter that its schema accepts.
fn candidates(template: &Template, name: &str) -> Vec<Value> {
    let property = template
        .parameters()
        .property(name)
        .cloned()
        .unwrap_or(json!({}));
    let mut out: Vec<Value> = Vec::new();
    if let Some(options) = property.get("enum").and_then(Value::as_array) {
        out.extend(options.iter().cloned());
    }
    match property.get("type").and_then(Value::as_str) {
        Some("string") => out.extend(NASTY.iter().map(|s| json!(s))),
        Some("integer") | Some("number") => {
            for key in ["minimum", "maximum"] {
                if let Some(v) = property.get(key) {
                    out.push(v.clone());
                }
            }
            out.extend([json!(0), json!(1), json!(65535), json!(1_000_000_000)]);
            if property["type"] == "number" {
                out.extend([json!(0.5), json!(0.001), json!(99.99)]);
            }
        }
        Some("boolean") => out.extend([json!(true), json!(false)]),
        Some("array") => {
            let items: Vec<Value> = match property["items"].get("enum") {
                Some(Value::Array(e)) => e.clone(),
                _ => NASTY.iter().map(|s| json!(s)).collect(),
            };
            out.push(json!([]));
            out.push(Value::Array(items.clone()));
            for pair in items.chunks(2) {
                out.push(Value::Array(pair.to_vec()));
            }
            out.push(json!(["20", "22.x", "18.19.1"]));
        }
        _ => {}
    }
    out.retain(|v| {
        let mut one = Map::new();
        one.insert(name.to_string(), v.clone());
        template.parameters().resolve(&one).is_ok()
    });
    out
}

/// Every string of a value: keys and scalars.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

/// Renders, parses and validates; returns the problems found.
fn check(template: &Template, given: &Map<String, Value>, strict: bool) -> Vec<String> {
    let what = format!("{} with {}", template.id(), Value::Object(given.clone()));
    let rendered = match template.render(given) {
        Ok(r) => r,
        Err(e) => return vec![format!("{what}: {e}")],
    };
    let doc = match Document::parse(rendered.text.clone(), template.format) {
        Ok(d) => d,
        Err(e) => return vec![format!("{what}: does not parse: {e}\n{}", rendered.text)],
    };
    let mut problems = Vec::new();
    // The values given arrive in the document, exactly.
    let mut found = Vec::new();
    strings(&doc.value(), &mut found);
    for (name, v) in given {
        if let Value::String(s) = v {
            let used_as_value = template.content.contains(&format!("{{{{ {name} }}}}"))
                || template.content.contains(&format!("~ {name} ~"))
                || template.content.contains(&format!("~ {name} }}}}"));
            if used_as_value && !found.iter().any(|f| f.contains(s.as_str())) {
                problems.push(format!("{what}: the value {s:?} is not in the document"));
            }
        }
    }
    let schema = template.schema().expect("every built-in names a pack");
    let report = validate(&doc, Some(&schema), &Options::default()).expect("validates");
    for d in &report.diagnostics {
        let bad = d.severity == Severity::Error || d.code == "secret.literal" || strict;
        if bad {
            problems.push(format!(
                "{what}: {} {} at {} (line {}): {}",
                d.severity.as_str(),
                d.code,
                d.pointer,
                d.start.line,
                d.message
            ));
        }
    }
    problems
}

#[test]
fn every_template_with_its_defaults_validates_without_any_finding() {
    let gallery = Gallery::builtin();
    assert!(gallery.problems().is_empty(), "{:?}", gallery.problems());
    let mut problems = Vec::new();
    for t in gallery.templates() {
        // Every parameter has a default, a title and a description.
        for name in t.parameters().names() {
            let p = t.parameters().property(name).unwrap();
            for key in ["default", "title", "description"] {
                if p.get(key).is_none() {
                    problems.push(format!("{}: parameter {name} has no {key}", t.id()));
                }
            }
        }
        problems.extend(check(t, &Map::new(), true));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_template_with_edge_case_values_parses_and_validates() {
    let gallery = Gallery::builtin();
    let mut problems = Vec::new();
    let mut renders = 0;
    for t in gallery.templates() {
        let mut all_at_once = Map::new();
        for name in t.parameters().names() {
            let values = candidates(t, name);
            assert!(
                !values.is_empty(),
                "{}: no edge case of {name} is valid (the test needs one)",
                t.id()
            );
            // The last valid candidate: for strings, the most unusual ones come last.
            all_at_once.insert(name.clone(), values.last().unwrap().clone());
            for v in values {
                let mut one = Map::new();
                one.insert(name.clone(), v);
                problems.extend(check(t, &one, false));
                renders += 1;
            }
        }
        problems.extend(check(t, &all_at_once, false));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(renders > 500, "only {renders} renderings");
}

#[test]
fn the_gallery_covers_every_pack_and_the_required_setups() {
    let gallery = Gallery::builtin();
    let ts = gallery.templates();
    assert!(ts.len() >= 16, "{} templates", ts.len());
    for pack in [
        "agent-stack",
        "docker-compose",
        "github-actions",
        "otel-collector",
    ] {
        assert!(
            ts.iter().any(|t| t.meta.pack.as_deref() == Some(pack)),
            "no template for {pack}"
        );
    }
    for format in ["yaml", "json", "toml"] {
        assert!(
            ts.iter().any(|t| t.meta.format == format),
            "no {format} template"
        );
    }
    // Each has a picture of its components.
    for t in ts {
        let r = t.render(&Map::new()).unwrap();
        let p = trellis_gallery::preview(&r.text, t.format, t.meta.pack.as_deref());
        assert!(
            p.svg.is_some() && p.components.len() >= 2,
            "{}: {p:?}",
            t.id()
        );
    }
}
