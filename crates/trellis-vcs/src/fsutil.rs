//! Atomic file writes.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written,
/// flushed to disk and renamed over `path`, so readers (and a crash) see either the old or
/// the new content, never a mix. Missing parent folders are created.
///
/// An existing file keeps its permissions; a new one gets `0o644` on Unix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with_mode(path, bytes, None)
}

/// Like [`write_atomic`]; `executable` (Unix) forces the executable bits on or off.
pub(crate) fn write_atomic_with_mode(
    path: &Path,
    bytes: &[u8],
    executable: Option<bool>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let existing = std::fs::metadata(path).ok().filter(|m| m.is_file());
    let mut tmp = tempfile::Builder::new()
        .prefix(".trellis-tmp-")
        .suffix(".part")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().flush()?;

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let base = existing
            .as_ref()
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o644);
        let mode = match executable {
            Some(true) => base | ((base & 0o444) >> 2) | 0o100,
            Some(false) => base & !0o111,
            None => base,
        };
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    {
        let _ = executable;
        if let Some(m) = &existing {
            tmp.as_file().set_permissions(m.permissions())?;
        }
    }

    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
