//! Workspaces: folders of configuration files, the default example workspace, and the list
//! of recently opened ones.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use trellis_core::Format;
use trellis_protocol::FileEntry;

/// Folders never listed: version control, build output, dependencies.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "dist",
    "build",
    "vendor",
    "__pycache__",
];
const MAX_DEPTH: usize = 8;
const MAX_FILES: usize = 5_000;
const RECENT_LIMIT: usize = 10;

/// The example files of the default workspace, written on first run.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "compose.yaml",
        include_str!("../default_workspace/compose.yaml"),
    ),
    (
        "agents.yaml",
        include_str!("../default_workspace/agents.yaml"),
    ),
    (
        "settings.json",
        include_str!("../default_workspace/settings.json"),
    ),
    (
        "service.toml",
        include_str!("../default_workspace/service.toml"),
    ),
];

/// Lists the configuration files under `root` (YAML, JSON, TOML), sorted by path. Hidden
/// folders and build/dependency folders are skipped; the listing is bounded.
pub fn list_files(root: &Path) -> io::Result<Vec<FileEntry>> {
    let mut out = Vec::new();
    walk(root, root, 0, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<FileEntry>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if out.len() >= MAX_FILES {
            return Ok(());
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if depth < MAX_DEPTH && !SKIPPED_DIRS.contains(&name.as_ref()) {
                // An unreadable sub-folder is left out, not fatal to the listing.
                let _ = walk(root, &path, depth + 1, out);
            }
        } else if let Some(format) = Format::from_path(&path) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(FileEntry {
                path: rel,
                format: format.name().to_string(),
                size: meta.len(),
            });
        }
    }
    Ok(())
}

/// Creates the default workspace at `dir` if it does not exist yet: the example files,
/// committed to a new Git repository. An existing folder is left as it is.
pub fn ensure_default(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, content) in EXAMPLES {
        fs::write(dir.join(name), content).map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    commit_all(dir, "Example workspace")
        .map_err(|e| format!("cannot commit the example workspace: {e}"))
}

fn commit_all(dir: &Path, message: &str) -> Result<(), git2::Error> {
    let repo = git2::Repository::init(dir)?;
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let sig = repo
        .signature()
        .or_else(|_| git2::Signature::now("Trellis", "trellis@localhost"))?;
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[])?;
    Ok(())
}

/// The recently opened workspaces, most recent first, kept in a small JSON file.
pub struct RecentList {
    file: PathBuf,
}

impl RecentList {
    pub fn new(file: PathBuf) -> RecentList {
        RecentList { file }
    }

    pub fn load(&self) -> Vec<String> {
        fs::read(&self.file)
            .ok()
            .and_then(|b| serde_json::from_slice::<Vec<String>>(&b).ok())
            .unwrap_or_default()
    }

    /// Moves `root` to the front. Failing to remember is not worth failing the open for.
    pub fn touch(&self, root: &str) -> Vec<String> {
        let mut list = self.load();
        list.retain(|r| r != root);
        list.insert(0, root.to_string());
        list.truncate(RECENT_LIMIT);
        if let Some(parent) = self.file.parent() {
            let _ = fs::create_dir_all(parent);
        }
        if let Ok(json) = serde_json::to_vec_pretty(&list) {
            if let Err(e) = crate::fs::write_atomic(&self.file, &json) {
                tracing::warn!(
                    "cannot remember recent workspaces in {}: {e}",
                    self.file.display()
                );
            }
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_configuration_files_and_skips_hidden_and_build_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.yaml",
            "sub/b.json",
            "sub/deeper/c.toml",
            ".git/config.yaml",
            "node_modules/x.json",
            "notes.txt",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "{}").unwrap();
        }
        let files: Vec<_> = list_files(root)
            .unwrap()
            .into_iter()
            .map(|f| (f.path, f.format))
            .collect();
        assert_eq!(
            files,
            vec![
                ("a.yaml".into(), "yaml".into()),
                ("sub/b.json".into(), "json".into()),
                ("sub/deeper/c.toml".into(), "toml".into())
            ]
        );
    }

    #[test]
    fn default_workspace_is_created_once_and_committed() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("workspace");
        ensure_default(&ws).unwrap();
        let repo = git2::Repository::open(&ws).unwrap();
        let head = repo.head().unwrap().peel_to_commit().unwrap();
        assert_eq!(head.message().unwrap(), "Example workspace");
        assert_eq!(head.tree().unwrap().len(), EXAMPLES.len());
        fs::write(ws.join("compose.yaml"), "changed: true\n").unwrap();
        ensure_default(&ws).unwrap();
        assert_eq!(
            fs::read_to_string(ws.join("compose.yaml")).unwrap(),
            "changed: true\n",
            "existing workspace untouched"
        );
    }

    #[test]
    fn recent_list_moves_the_newest_to_the_front_and_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let recent = RecentList::new(dir.path().join("recent.json"));
        for i in 0..12 {
            recent.touch(&format!("/ws/{i}"));
        }
        let list = recent.touch("/ws/5");
        assert_eq!(list.len(), RECENT_LIMIT);
        assert_eq!(list[0], "/ws/5");
        assert_eq!(list[1], "/ws/11");
        assert_eq!(recent.load(), list);
    }
}
