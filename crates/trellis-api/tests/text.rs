//! Text typed in the source view: applied as one undoable step when it parses, refused with
//! its place when it does not (nothing changes), never written before a save.

mod common;

use common::session_with;
use trellis_protocol::ErrorCode;

const TEXT: &str = "# settings\nname: app  # keep\nport: 8080\n";

#[test]
fn typed_text_is_one_step_and_text_that_does_not_parse_changes_nothing() {
    let (dir, mut session) = session_with(&[("app.yaml", TEXT.as_bytes())]);
    session.open_document("app.yaml").unwrap();

    let typed = TEXT.replace("8080", "9090");
    let doc = session.replace_text("app.yaml", &typed).unwrap();
    assert_eq!(doc.text, typed);
    assert!(doc.dirty && doc.can_undo);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ws/app.yaml")).unwrap(),
        TEXT
    );

    let broken = format!("{typed}list: [open\n");
    let err = session.replace_text("app.yaml", &broken).unwrap_err();
    assert_eq!(err.code, ErrorCode::Parse);
    let at = err.location.expect("the error has a place");
    assert_eq!(at.file, "app.yaml");
    assert!(at.line >= 4, "{at:?}");
    assert_eq!(session.open_document("app.yaml").unwrap().text, typed);

    // The same text again is no step; one undo takes the typing back.
    session.replace_text("app.yaml", &typed).unwrap();
    let doc = session.undo("app.yaml").unwrap();
    assert_eq!(doc.text, TEXT);
    assert!(!doc.can_undo);
}
