//! The diff on real configuration files: every ordered pair of the Compose files in
//! `../shared/corpus/compose` (present in CI and on the team's machines, not in a user's
//! fresh clone), as if one were the next version of the other. The patch must turn each older
//! file's data into the newer one's exactly, every change must point at a real place, and a
//! file compared with itself (keys reordered) must show no change.

use std::path::{Path, PathBuf};

use serde_json::Value;
use trellis_core::{Document, Format};
use trellis_diff::{apply_patch, diff, json_patch, ChangeKind, Options};

fn compose_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/compose");
    dir.is_dir().then_some(dir)
}

fn reversed(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reversed(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

#[test]
fn patches_between_real_compose_files_reproduce_the_newer_one() {
    let Some(dir) = compose_corpus() else {
        println!("skipped: ../shared/corpus/compose not found (it is present in CI)");
        return;
    };
    let mut files: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| Format::from_path(p) == Some(Format::Yaml))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let doc = Document::from_bytes(&bytes, Format::Yaml)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                doc.value(),
            )
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        files.len() >= 30,
        "expected the whole corpus, read {}",
        files.len()
    );
    let options = Options::default();
    let mut pairs = 0;
    for (old_name, old) in &files {
        assert!(
            diff(old, &reversed(old), &options).is_empty(),
            "{old_name} reordered"
        );
        assert!(
            json_patch(old, &reversed(old), &options).is_empty(),
            "{old_name} reordered"
        );
        for (new_name, new) in &files {
            let patch = json_patch(old, new, &options);
            let applied =
                apply_patch(old, &patch).unwrap_or_else(|e| panic!("{old_name} → {new_name}: {e}"));
            assert_eq!(&applied, new, "{old_name} → {new_name}");
            for c in diff(old, new, &options) {
                let (side, at) = match c.kind {
                    ChangeKind::Removed => (old, c.pointer.as_str()),
                    ChangeKind::Moved => (old, c.from.as_deref().unwrap_or("?")),
                    _ => (new, c.pointer.as_str()),
                };
                assert!(side.pointer(at).is_some(), "{old_name} → {new_name}: {c:?}");
            }
            pairs += 1;
        }
    }
    println!("{pairs} pairs of real Compose files");
}
