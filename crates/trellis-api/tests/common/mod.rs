//! What the session tests share: a session on a fresh workspace.

use std::fs;
use trellis_api::{Session, SessionConfig};

/// A session whose workspace (`<dir>/ws`) holds `files`, opened as the app opens it at
/// start-up; the app's data goes to `<dir>/data`.
pub fn session_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    fs::create_dir_all(&ws).unwrap();
    for (name, bytes) in files {
        fs::write(ws.join(name), bytes).unwrap();
    }
    let mut session = Session::new(SessionConfig {
        data_dir: dir.path().join("data"),
        startup_workspace: Some(ws),
    });
    session.open_startup_workspace().unwrap();
    (dir, session)
}
