//! File IO with the guarantees Trellis promises: reads are bounded, writes are atomic.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written,
/// flushed to disk, given the original file's permissions (and owner, where allowed), then
/// renamed over the target, and the folder is synced. A symbolic link is written through:
/// its target is replaced, the link stays. Readers see the old or the new file, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_link(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".trellis-tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = fs::metadata(&target) {
        fs::set_permissions(tmp.path(), meta.permissions())?;
        keep_owner(tmp.as_file(), &meta);
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir)
}

/// Writes a new file atomically, refusing to replace one that exists (also one created
/// meanwhile): the content is written to a temporary file in the same folder, flushed, then
/// linked into place only if the name is still free, and the folder is synced.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".trellis-tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(&dir)
}

/// Follows symbolic links (also chains) to the file they name. A missing file is its own
/// target, so new files can be written.
fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

#[cfg(unix)]
fn keep_owner(file: &File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // Only possible with the rights to do so; a failure leaves the writer as owner, which
    // is what a plain write by this user would have done to a new file anyway.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &fs::Metadata) {}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Reads a file, refusing ones larger than `limit` before reading them.
pub fn read_bounded(path: &Path, limit: usize) -> io::Result<Result<Vec<u8>, u64>> {
    let size = fs::metadata(path)?.len();
    if size > limit as u64 {
        return Ok(Err(size));
    }
    fs::read(path).map(Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        fs::write(&file, "old: 1\n").unwrap();
        write_atomic(&file, b"new: 2\n").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new: 2\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.yaml")]);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions_and_writes_through_links() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        fs::write(&real, "a: 1\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.yaml");
        symlink("real.yaml", &link).unwrap();
        write_atomic(&link, b"a: 2\n").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "link kept"
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "a: 2\n");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn a_new_file_never_replaces_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("new.yaml");
        write_new(&file, b"a: 1\n").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "a: 1\n");
        let e = write_new(&file, b"a: 2\n").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&file).unwrap(), "a: 1\n");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn bounded_read_refuses_large_files_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.json");
        fs::write(&file, vec![b' '; 100]).unwrap();
        assert_eq!(read_bounded(&file, 99).unwrap(), Err(100));
        assert_eq!(read_bounded(&file, 100).unwrap().unwrap().len(), 100);
    }
}
