//! Load-then-save is byte-identical, and loading gives the values other parsers agree on.

use std::path::{Path, PathBuf};
use trellis_core::{Document, Format};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/roundtrip")
}

/// `<repo>/../shared/corpus/compose`: present in CI and on the team's machines, not in a
/// user's fresh clone.
fn compose_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/compose");
    dir.is_dir().then_some(dir)
}

fn load(path: &Path) -> (Vec<u8>, Document) {
    let bytes = std::fs::read(path).unwrap();
    let format = Format::from_path(path).unwrap();
    let doc =
        Document::from_bytes(&bytes, format).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (bytes, doc)
}

fn yaml_oracle(text: &str) -> serde_json::Value {
    use serde::Deserialize;
    let docs: Vec<serde_json::Value> = serde_yaml::Deserializer::from_str(text)
        .map(|d| serde_json::Value::deserialize(d).unwrap())
        .collect();
    match docs.len() {
        0 => serde_json::Value::Null,
        1 => docs.into_iter().next().unwrap(),
        _ => serde_json::Value::Array(docs),
    }
}

#[test]
fn own_fixtures_round_trip_byte_identical() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let (bytes, doc) = load(&path);
        assert_eq!(
            doc.text().as_bytes(),
            bytes.as_slice(),
            "{}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 10, "fixtures missing: {seen}");
}

#[test]
fn fixture_values_match_reference_parsers() {
    for name in ["crlf.yaml", "bom.yaml", "empty.yaml", "only-comments.yaml"] {
        let path = fixtures().join(name);
        let (bytes, doc) = load(&path);
        let text = std::str::from_utf8(&bytes)
            .unwrap()
            .trim_start_matches('\u{feff}');
        assert_eq!(doc.value(), yaml_oracle(text), "{name}");
    }
    for name in ["crlf.json", "bom.json"] {
        let (bytes, doc) = load(&fixtures().join(name));
        let text = std::str::from_utf8(&bytes)
            .unwrap()
            .trim_start_matches('\u{feff}');
        assert_eq!(
            doc.value(),
            serde_json::from_str::<serde_json::Value>(text).unwrap(),
            "{name}"
        );
    }
    let (_, doc) = load(&fixtures().join("comments.yaml"));
    let value = doc.value();
    assert_eq!(
        value[0]["server"]["enabled"], "yes",
        "YAML 1.2: yes is a string"
    );
    assert_eq!(value[0]["server"]["name"], "it's");
    assert_eq!(
        value[0]["anchors"]["copy"],
        serde_json::json!({"retries": 3})
    );
    assert_eq!(
        value[0]["list"][3]["other"],
        "literal block\n  keeps indentation\n\nand blank lines\n"
    );
    assert_eq!(value[0]["list"][3]["folded"], "folded text continues here");
    assert_eq!(value[1], serde_json::json!({"second": "document"}));
    let (_, doc) = load(&fixtures().join("tabs.toml"));
    assert_eq!(
        doc.value()["routes"][0]["date"],
        "1979-05-27T07:32:00Z",
        "TOML datetimes are RFC 3339 strings"
    );
    assert_eq!(
        doc.value()["table"]["nested"]["inline"]["b"],
        serde_json::json!([1, 2])
    );
    let (_, doc) = load(&fixtures().join("crlf.toml"));
    assert_eq!(doc.value()["owner"]["dob"], "1979-05-27");
}

#[test]
fn compose_corpus_round_trips_and_matches_the_reference_parser() {
    let Some(dir) = compose_corpus() else {
        println!("skipped: ../shared/corpus/compose not found (it is present in CI)");
        return;
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if Format::from_path(&path) != Some(Format::Yaml) {
            continue;
        }
        let (bytes, doc) = load(&path);
        assert_eq!(
            doc.text().as_bytes(),
            bytes.as_slice(),
            "{}",
            path.display()
        );
        assert_eq!(doc.value(), yaml_oracle(doc.text()), "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 30, "expected the whole corpus, read {seen} files");
}
