//! Rendering a parameter value can never break the file: random strings (any Unicode,
//! control characters, quotes, `#`, `{{`, newlines, leading spaces), numbers and booleans,
//! placed as keys and values in block and flow positions of YAML, JSON and TOML, parse back
//! with `trellis-core` to exactly the value at the expected pointer. And a document saved as
//! a template renders back to exactly itself.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use trellis_core::{Document, Format, Pointer};
use trellis_gallery::{escape_text, Program};

fn render(template: &str, format: Format, params: &Map<String, Value>) -> Document {
    let program = Program::parse(template, format).expect("the test template parses");
    let text = program.render(params, format).expect("renders");
    Document::parse(text.clone(), format)
        .unwrap_or_else(|e| panic!("the rendered {format:?} does not parse: {e}\n{text}"))
}

fn at(doc: &Document, tokens: &[&str]) -> Value {
    let pointer = Pointer::from_tokens(tokens.iter().copied());
    doc.get(&pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer} in\n{}", doc.text()))
}

const YAML: &str = "\
# {{ v }} in a comment is harmless too
{{ key }}:
  value: {{ v }}
  list:
    - {{ v }}
    - plain
  flow: [{{ v }}, x]
  map: {k: {{ v }}}
  joined: {{ \"pre: \" ~ v ~ \" #post\" }}
  number: {{ n }}
  flag: {{ b }}
other: [{{ key }}]
";

const JSON: &str = r#"{
  {{ key }}: {
    "value": {{ v }},
    "list": [{{ v }}, "x"],
    "joined": {{ "pre\"" ~ v ~ "\\post" }},
    "number": {{ n }},
    "flag": {{ b }}
  },
  "other": [{{ key }}]
}
"#;

const TOML: &str = "\
# {{ v }} in a comment
top = {{ v }}
number = {{ n }}
flag = {{ b }}

[t.{{ key }}]
value = {{ v }}
list = [{{ v }}, \"x\"]
inline = { k = {{ v }} }
joined = {{ \"pre'\" ~ v ~ \"\\\"post\" }}

[u]
{{ key }} = {{ v }}
";

/// Strings weighted towards what breaks formats.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("\"".to_string()),
                Just("'".to_string()),
                Just(": ".to_string()),
                Just(":".to_string()),
                Just(" #".to_string()),
                Just("#".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\t".to_string()),
                Just(" ".to_string()),
                Just("\\".to_string()),
                Just("{{".to_string()),
                Just("}}".to_string()),
                Just("${{".to_string()),
                Just("${X}".to_string()),
                Just("- ".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just("{".to_string()),
                Just(",".to_string()),
                Just("&a".to_string()),
                Just("*a".to_string()),
                Just("!t".to_string()),
                Just("|".to_string()),
                Just(">".to_string()),
                Just("%".to_string()),
                Just("@".to_string()),
                Just("`".to_string()),
                Just("'''".to_string()),
                Just("\"\"\"".to_string()),
                Just("=".to_string()),
                Just(".".to_string()),
                Just("true".to_string()),
                Just("null".to_string()),
                Just("~".to_string()),
                Just("0x1".to_string()),
                Just("1e3".to_string()),
                Just("-1".to_string()),
                Just(".inf".to_string()),
                Just("\u{0}".to_string()),
                Just("\u{7f}".to_string()),
                Just("\u{85}".to_string()),
                Just("\u{2028}".to_string()),
                Just("\u{feff}".to_string()),
                Just("\u{fffe}".to_string()),
                Just("é".to_string()),
                Just("日本".to_string()),
                Just("🚀".to_string()),
                "[a-z]{1,4}",
            ],
            0..12
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
    ]
}

fn params(key: &str, v: &str, n: &Value, b: bool) -> Map<String, Value> {
    json!({ "key": key, "v": v, "n": n, "b": b })
        .as_object()
        .unwrap()
        .clone()
}

/// Numbers compare by value: `1.0` may read back as the integer 1 in formats with one
/// number type, and that is the same number.
fn same_number(a: &Value, b: &Value) -> bool {
    a == b || (a.as_f64().is_some() && a.as_f64() == b.as_f64())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn yaml_values_and_keys_read_back_exactly(key in nasty(), v in nasty(), n in number(), b in any::<bool>()) {
        let doc = render(YAML, Format::Yaml, &params(&key, &v, &n, b));
        for path in [&["value"][..], &["list", "0"], &["flow", "0"], &["map", "k"]] {
            let mut tokens = vec![key.as_str()];
            tokens.extend_from_slice(path);
            prop_assert_eq!(at(&doc, &tokens), json!(v));
        }
        prop_assert_eq!(at(&doc, &[&key, "joined"]), json!(format!("pre: {v} #post")));
        prop_assert_eq!(at(&doc, &[&key, "list", "1"]), json!("plain"));
        prop_assert!(same_number(&at(&doc, &[&key, "number"]), &n));
        prop_assert_eq!(at(&doc, &[&key, "flag"]), json!(b));
        prop_assert_eq!(at(&doc, &["other", "0"]), json!(key));
    }

    #[test]
    fn json_values_and_keys_read_back_exactly(key in nasty(), v in nasty(), n in number(), b in any::<bool>()) {
        let doc = render(JSON, Format::Json, &params(&key, &v, &n, b));
        prop_assert_eq!(at(&doc, &[&key, "value"]), json!(v));
        prop_assert_eq!(at(&doc, &[&key, "list", "0"]), json!(v));
        prop_assert_eq!(at(&doc, &[&key, "joined"]), json!(format!("pre\"{v}\\post")));
        prop_assert!(same_number(&at(&doc, &[&key, "number"]), &n));
        prop_assert_eq!(at(&doc, &[&key, "flag"]), json!(b));
        prop_assert_eq!(at(&doc, &["other", "0"]), json!(key));
    }

    #[test]
    fn toml_values_and_keys_read_back_exactly(key in nasty(), v in nasty(), n in number(), b in any::<bool>()) {
        let doc = render(TOML, Format::Toml, &params(&key, &v, &n, b));
        prop_assert_eq!(at(&doc, &["top"]), json!(v));
        prop_assert!(same_number(&at(&doc, &["number"]), &n));
        prop_assert_eq!(at(&doc, &["flag"]), json!(b));
        prop_assert_eq!(at(&doc, &["t", &key, "value"]), json!(v));
        prop_assert_eq!(at(&doc, &["t", &key, "list", "0"]), json!(v));
        prop_assert_eq!(at(&doc, &["t", &key, "inline", "k"]), json!(v));
        prop_assert_eq!(at(&doc, &["t", &key, "joined"]), json!(format!("pre'{v}\"post")));
        prop_assert_eq!(at(&doc, &["u", &key]), json!(v));
    }

    #[test]
    fn lists_and_maps_are_literals_too(items in proptest::collection::vec(nasty(), 0..5)) {
        let map: Map<String, Value> = items.iter().enumerate().map(|(i, s)| (format!("{s}{i}"), json!(s))).collect();
        let p = json!({ "items": items, "map": map }).as_object().unwrap().clone();
        for (format, template) in [
            (Format::Yaml, "a: {{ items }}\nb:\n  - {{ map }}\n"),
            (Format::Json, "{\"a\": {{ items }}, \"b\": [{{ map }}]}"),
            (Format::Toml, "a = {{ items }}\nb = [{{ map }}]\n"),
        ] {
            let doc = render(template, format, &p);
            prop_assert_eq!(at(&doc, &["a"]), json!(items));
            prop_assert_eq!(at(&doc, &["b", "0"]), Value::Object(map.clone()));
        }
    }

    #[test]
    fn a_saved_document_renders_back_to_itself(text in prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![Just("{"), Just("}"), Just("$"), Just("{{"), Just("${{"), Just("\n"), Just("#if x"), Just("/if"), Just(" "), Just("a")],
            0..24,
        ).prop_map(|p| p.concat()),
    ]) {
        let escaped = escape_text(&text);
        let program = Program::parse(&escaped, Format::Yaml).expect("escaped text parses as a template");
        prop_assert!(program.names().is_empty());
        prop_assert_eq!(program.render(&Map::new(), Format::Yaml).unwrap(), text);
    }
}
