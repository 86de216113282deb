//! What the designer tests share: the built-in packs, their compiled schemas and their
//! valid fixtures.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use trellis_core::{Format, Pointer};
use trellis_schema::{LoadOptions, Packs, Schema};

pub const PACKS: [&str; 4] = [
    "agent-stack",
    "docker-compose",
    "github-actions",
    "otel-collector",
];

pub fn schema(pack: &str) -> Schema {
    let pack = Packs::builtin().get(pack).expect("built-in pack").clone();
    Schema::from_pack(pack, &LoadOptions::default()).expect("pack compiles")
}

pub fn p(s: &str) -> Pointer {
    Pointer::parse(s).expect("pointer")
}

/// The pack's valid fixtures, in name order (at least three of them).
pub fn fixtures(pack: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("packs")
        .join(pack)
        .join("fixtures/valid");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| Format::from_path(p).is_some())
        .collect();
    out.sort();
    assert!(out.len() >= 3, "{pack}: fixtures");
    out
}
