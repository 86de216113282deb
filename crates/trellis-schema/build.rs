//! Embeds every pack under `packs/` (a folder with `pack.toml` and the schema it names) so
//! the binaries carry them: adding a pack is adding a folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: a script binary cargo reuses
    // for a checkout at another path (a second worktree sharing the target directory)
    // would otherwise embed the packs of the checkout it was first built in.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("packs");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("pack.toml").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    let mut out = String::from("pub(crate) const BUILTIN: &[(&str, &str, &str)] = &[\n");
    for id in &ids {
        let pack = dir.join(id);
        let meta = std::fs::read_to_string(pack.join("pack.toml")).expect("pack.toml is readable");
        let schema = meta
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == "schema").then(|| v.trim().trim_matches('"').to_string())
            })
            .unwrap_or_else(|| "schema.json".to_string());
        println!(
            "cargo:rerun-if-changed={}",
            pack.join("pack.toml").display()
        );
        println!("cargo:rerun-if-changed={}", pack.join(&schema).display());
        writeln!(
            out,
            "    ({id:?}, include_str!({:?}), include_str!({:?})),",
            pack.join("pack.toml").display().to_string(),
            pack.join(&schema).display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_packs.rs");
    std::fs::write(target, out).unwrap();
}
