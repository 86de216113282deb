//! Embeds every template under the repository's `templates/` (a folder with
//! `template.json` and the files beside it) so the binaries carry them: adding a template is
//! adding a folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: a script binary cargo reuses
    // for a checkout at another path (a second worktree sharing the target directory)
    // would otherwise embed the templates of the checkout it was first built in.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("../../templates");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut folders: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("template.json").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    let mut out = String::from(
        "/// (file name, text) of the files of a template folder.\n\
         pub(crate) type Files = &'static [(&'static str, &'static str)];\n\
         /// (folder, template.json, other files) of each built-in template.\n\
         pub(crate) const BUILTIN: &[(&str, &str, Files)] = &[\n",
    );
    for folder in &folders {
        let path = dir.join(folder);
        println!("cargo:rerun-if-changed={}", path.display());
        let mut files: Vec<String> = std::fs::read_dir(&path)
            .expect("a template folder is readable")
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| name != "template.json")
            .collect();
        files.sort();
        let meta = path.join("template.json");
        println!("cargo:rerun-if-changed={}", meta.display());
        write!(
            out,
            "    ({folder:?}, include_str!({:?}), &[",
            meta.display().to_string()
        )
        .unwrap();
        for name in &files {
            let file = path.join(name);
            println!("cargo:rerun-if-changed={}", file.display());
            write!(
                out,
                "({name:?}, include_str!({:?})), ",
                file.display().to_string()
            )
            .unwrap();
        }
        out.push_str("]),\n");
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_templates.rs");
    std::fs::write(target, out).unwrap();
}
