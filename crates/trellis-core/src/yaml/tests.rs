use crate::{Document, Format};
use serde_json::Value;

fn yaml_value(text: &str) -> Value {
    Document::parse(text.into(), Format::Yaml).unwrap_or_else(|e| panic!("{e}\n---\n{text}")).value()
}

fn oracle(text: &str) -> Value {
    serde_yaml::from_str::<Value>(text).unwrap()
}

#[test]
fn smoke() {
    for t in ["a: 1\nb: [1, 2, {c: d}]\nc:\n- x\n- y: z\n  w: 2\n", "- - a\n  - b\n- c\n", "k: |\n  line\n  two\nj: >-\n  fold\n  ed\n\n  para\n", "s: 'it''s'\nd: \"a\\tb\\u00e9\"\n"] {
        assert_eq!(yaml_value(t), oracle(t), "{t}");
    }
}
