//! The canvas's undo history and its copy, paste and duplicate: moves and edits undone and
//! redone in one order, nothing written to the configuration file before a save, the layout
//! sidecar the only thing a move touches.

mod common;

use common::session_with;
use std::fs;
use std::path::Path;
use trellis_api::{EditRequest, Session};
use trellis_protocol::{HistoryStateDto, NodeMoveDto};

const TEAM: &str = "\
version: 1
name: team
providers:
  openai: {type: openai, api_key: '${OPENAI_API_KEY}'}
models:
  fast: {provider: openai, name: gpt-4o-mini}
  big: {provider: openai, name: gpt-4o}
agents:
  writer: {model: fast}
  editor: {model: big}
  chief: {model: big, delegates_to: [writer, editor]}
";

fn mv(id: &str, x: f64, y: f64) -> NodeMoveDto {
    NodeMoveDto {
        id: id.into(),
        x,
        y,
    }
}

/// Where the canvas shows a node, and whether the user placed it.
fn node(s: &mut Session, id: &str) -> Option<(f64, f64, bool)> {
    s.design("agents.yaml")
        .unwrap()
        .nodes
        .into_iter()
        .find(|n| n.id == id)
        .map(|n| (n.x, n.y, n.placed))
}

fn text(s: &mut Session) -> String {
    s.open_document("agents.yaml").unwrap().text
}

/// Every file of the workspace but the sidecar and Git's own, with its bytes.
fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let path = e.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if rel == ".git" || rel.starts_with(".trellis/layout") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn moves_and_edits_undo_and_redo_in_one_order() {
    let (dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    let ws = dir.path().join("ws");
    s.open_document("agents.yaml").unwrap();
    let auto = node(&mut s, "/models/fast").unwrap();
    assert!(!auto.2);
    let on_disk = files(&ws);

    // move, edit, move
    s.move_components("agents.yaml", &[mv("/models/fast", 10.0, 20.0)])
        .unwrap();
    let doc = s.open_document("agents.yaml").unwrap();
    assert!(doc.can_undo && !doc.can_redo && !doc.dirty);
    assert_eq!(
        s.history_state("agents.yaml").unwrap(),
        HistoryStateDto {
            path: "agents.yaml".into(),
            dirty: false,
            can_undo: true,
            can_redo: false,
        },
        "what a move answers: the undo state alone"
    );
    assert_eq!(files(&ws), on_disk, "a move touches only the sidecar");
    let edited = s
        .edit_document(
            "agents.yaml",
            EditRequest::Set {
                pointer: "/models/fast/name".into(),
                value: "gpt-4.1-mini".into(),
            },
        )
        .unwrap();
    assert!(edited.dirty && edited.can_undo && !edited.can_redo);
    s.move_components(
        "agents.yaml",
        &[
            mv("/models/fast", 30.0, 40.0),
            mv("/agents/writer", 5.0, 6.0),
        ],
    )
    .unwrap();
    let state = s.history_state("agents.yaml").unwrap();
    assert!(
        state.dirty && state.can_undo && !state.can_redo,
        "{state:?}"
    );
    let all_done = text(&mut s);
    assert_eq!(all_done, TEAM.replace("gpt-4o-mini", "gpt-4.1-mini"));
    assert_eq!(node(&mut s, "/models/fast"), Some((30.0, 40.0, true)));

    // undo ×3
    let doc = s.undo("agents.yaml").unwrap();
    assert_eq!(
        doc.text, all_done,
        "the second move is undone, not the edit"
    );
    assert!(doc.can_undo && doc.can_redo);
    assert_eq!(node(&mut s, "/models/fast"), Some((10.0, 20.0, true)));
    assert!(
        !node(&mut s, "/agents/writer").unwrap().2,
        "back to unplaced"
    );
    let doc = s.undo("agents.yaml").unwrap();
    assert_eq!(doc.text, TEAM);
    assert!(!doc.dirty);
    assert_eq!(node(&mut s, "/models/fast"), Some((10.0, 20.0, true)));
    let doc = s.undo("agents.yaml").unwrap();
    assert_eq!(doc.text, TEAM);
    assert!(!doc.can_undo && doc.can_redo);
    let state = s.history_state("agents.yaml").unwrap();
    assert!(
        !state.dirty && !state.can_undo && state.can_redo,
        "{state:?}"
    );
    assert!(!node(&mut s, "/models/fast").unwrap().2, "laid out again");
    // Nothing more to undo: nothing happens.
    let doc = s.undo("agents.yaml").unwrap();
    assert_eq!(doc.text, TEAM);
    assert!(!node(&mut s, "/models/fast").unwrap().2);

    // redo ×3
    s.redo("agents.yaml").unwrap();
    assert_eq!(node(&mut s, "/models/fast"), Some((10.0, 20.0, true)));
    assert_eq!(text(&mut s), TEAM);
    let doc = s.redo("agents.yaml").unwrap();
    assert_eq!(doc.text, all_done);
    let doc = s.redo("agents.yaml").unwrap();
    assert_eq!(doc.text, all_done);
    assert!(doc.can_undo && !doc.can_redo);
    assert_eq!(node(&mut s, "/models/fast"), Some((30.0, 40.0, true)));
    assert_eq!(node(&mut s, "/agents/writer"), Some((5.0, 6.0, true)));

    // Nothing reached the file: it changes when the user saves.
    assert_eq!(files(&ws), on_disk);
    s.save_document("agents.yaml").unwrap();
    assert_eq!(
        fs::read_to_string(ws.join("agents.yaml")).unwrap(),
        all_done
    );
}

#[test]
fn a_new_step_of_either_kind_clears_the_redo_side() {
    let (_dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    s.open_document("agents.yaml").unwrap();
    let set = |value: &str| EditRequest::Set {
        pointer: "/models/big/name".into(),
        value: value.into(),
    };
    s.edit_document("agents.yaml", set("a")).unwrap();
    s.undo("agents.yaml").unwrap();
    s.move_components("agents.yaml", &[mv("/models/big", 1.0, 2.0)])
        .unwrap();
    let doc = s.redo("agents.yaml").unwrap();
    assert!(!doc.can_redo);
    assert_eq!(doc.text, TEAM, "the undone edit is gone");
    s.undo("agents.yaml").unwrap();
    let doc = s.apply_edits("agents.yaml", vec![set("b")]).unwrap();
    assert!(!doc.can_redo, "an edit clears an undone move");
    let doc = s.redo("agents.yaml").unwrap();
    assert!(!node(&mut s, "/models/big").unwrap().2);
    assert_eq!(doc.text, TEAM.replace("gpt-4o}", "b}"));
}

#[test]
fn undoing_moves_around_a_component_that_is_gone_does_not_fail_or_lose_its_place() {
    let (_dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    s.open_document("agents.yaml").unwrap();
    s.move_components("agents.yaml", &[mv("/agents/chief", 1.0, 2.0)])
        .unwrap();
    // The component goes through a text edit the history sees.
    s.edit_document(
        "agents.yaml",
        EditRequest::Remove {
            pointer: "/agents/chief".into(),
        },
    )
    .unwrap();
    assert!(node(&mut s, "/agents/chief").is_none());
    // A move now drops the gone component's position from the sidecar...
    s.move_components("agents.yaml", &[mv("/agents/writer", 7.0, 8.0)])
        .unwrap();
    // ...and its undo, while the component is still gone, puts it back.
    s.undo("agents.yaml").unwrap();
    assert!(!node(&mut s, "/agents/writer").unwrap().2);
    let doc = s.undo("agents.yaml").unwrap();
    assert_eq!(doc.text, TEAM);
    assert_eq!(node(&mut s, "/agents/chief"), Some((1.0, 2.0, true)));
    let doc = s.undo("agents.yaml").unwrap();
    assert!(!doc.can_undo);
    assert!(!node(&mut s, "/agents/chief").unwrap().2);
    // Redo all three, undo them again: the moves of a gone component are written all the
    // same, without an error.
    for _ in 0..3 {
        s.redo("agents.yaml").unwrap();
    }
    assert!(node(&mut s, "/agents/chief").is_none());
    assert_eq!(node(&mut s, "/agents/writer"), Some((7.0, 8.0, true)));
    for _ in 0..3 {
        s.undo("agents.yaml").unwrap();
    }
    assert_eq!(text(&mut s), TEAM);
}

#[test]
fn add_and_rename_are_one_step_with_their_place() {
    let (_dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    s.open_document("agents.yaml").unwrap();
    let added = s
        .add_component("agents.yaml", "agent", None, Some((300.0, 40.0)))
        .unwrap();
    assert!(added.document.can_undo);
    s.move_components("agents.yaml", &[mv("/models/fast", 5.0, 6.0)])
        .unwrap();
    s.rename_component("agents.yaml", "/models/fast", "quick")
        .unwrap();
    assert_eq!(node(&mut s, "/models/quick"), Some((5.0, 6.0, true)));
    // Undo the rename: the old name has its place back.
    s.undo("agents.yaml").unwrap();
    assert_eq!(node(&mut s, "/models/fast"), Some((5.0, 6.0, true)));
    s.redo("agents.yaml").unwrap();
    assert_eq!(node(&mut s, "/models/quick"), Some((5.0, 6.0, true)));
    s.undo("agents.yaml").unwrap();
    s.undo("agents.yaml").unwrap();
    // Undo the add: gone, with its place.
    let doc = s.undo("agents.yaml").unwrap();
    assert_eq!(doc.text, TEAM);
    assert!(!doc.can_undo);
    let doc = s.redo("agents.yaml").unwrap();
    assert!(doc.text.contains(&added.name));
    assert_eq!(node(&mut s, &added.id), Some((300.0, 40.0, true)));
}

#[test]
fn duplicate_copy_and_paste_are_single_steps_placed_beside_the_originals() {
    let other = "{\"version\": 1}\n";
    let (dir, mut s) = session_with(&[
        ("agents.yaml", TEAM.as_bytes()),
        ("other.json", other.as_bytes()),
    ]);
    let ws = dir.path().join("ws");
    s.open_document("agents.yaml").unwrap();
    s.move_components("agents.yaml", &[mv("/agents/chief", 100.0, 100.0)])
        .unwrap();
    let dup = s
        .duplicate_components(
            "agents.yaml",
            &["/agents/chief".into(), "/agents/writer".into()],
        )
        .unwrap();
    assert_eq!(dup.ids, ["/agents/chief-2", "/agents/writer-2"]);
    assert_eq!(dup.created[0].source.as_deref(), Some("/agents/chief"));
    assert!(dup.document.dirty && dup.document.can_undo);
    let v: serde_json::Value = serde_yaml::from_str(&dup.document.text).unwrap();
    assert_eq!(
        v["agents"]["chief-2"]["delegates_to"],
        serde_json::json!(["writer-2", "editor"])
    );
    assert_eq!(node(&mut s, "/agents/chief-2"), Some((140.0, 140.0, true)));
    assert!(node(&mut s, "/agents/writer-2").unwrap().2);
    // Again: the spot beside the original is taken, so one further.
    s.duplicate_components("agents.yaml", &["/agents/chief".into()])
        .unwrap();
    assert_eq!(node(&mut s, "/agents/chief-3"), Some((180.0, 180.0, true)));
    // One undo each, places included.
    s.undo("agents.yaml").unwrap();
    assert!(node(&mut s, "/agents/chief-3").is_none());
    let doc = s.undo("agents.yaml").unwrap();
    assert_eq!(doc.text, TEAM);
    assert_eq!(node(&mut s, "/agents/chief"), Some((100.0, 100.0, true)));
    let doc = s.redo("agents.yaml").unwrap();
    assert!(doc.text.contains("chief-2"));
    assert_eq!(node(&mut s, "/agents/chief-2"), Some((140.0, 140.0, true)));

    // Copy: nothing changes; the clipboard goes through the wire.
    let before = text(&mut s);
    let clipboard = s
        .copy_components(
            "agents.yaml",
            &["/agents/chief".into(), "/models/big".into()],
        )
        .unwrap();
    assert_eq!(text(&mut s), before);
    assert_eq!(clipboard.pack.as_deref(), Some("agent-stack"));
    assert_eq!(clipboard.components[0].position, Some((100.0, 100.0)));
    let clipboard: trellis_protocol::ClipboardDto =
        serde_json::from_str(&serde_json::to_string(&clipboard).unwrap()).unwrap();

    // Paste into the same document: fresh names, the copy names the copied model.
    let pasted = s.paste_components("agents.yaml", &clipboard).unwrap();
    assert_eq!(pasted.ids, ["/agents/chief-3", "/models/big-2"]);
    let v: serde_json::Value = serde_yaml::from_str(&pasted.document.text).unwrap();
    assert_eq!(v["agents"]["chief-3"]["model"], "big-2");
    assert_eq!(node(&mut s, "/agents/chief-3"), Some((180.0, 180.0, true)));

    // Paste into a JSON document: names kept; what it names and is not there is said.
    s.open_document("other.json").unwrap();
    s.set_schema("other.json", Some("agent-stack".into()))
        .unwrap();
    let pasted = s.paste_components("other.json", &clipboard).unwrap();
    assert_eq!(pasted.ids, ["/agents/chief", "/models/big"]);
    let v: serde_json::Value = serde_json::from_str(&pasted.document.text).unwrap();
    assert_eq!(v["agents"]["chief"]["model"], "big");
    assert!(
        pasted.notes.iter().any(|n| n.contains("writer")),
        "{:?}",
        pasted.notes
    );
    let doc = s.undo("other.json").unwrap();
    assert_eq!(doc.text, other);

    // Refused: another pack's clipboard; nothing changes.
    let mut foreign = clipboard.clone();
    foreign.pack = Some("docker-compose".into());
    let err = s.paste_components("agents.yaml", &foreign).unwrap_err();
    assert!(err.message.contains("Compose"), "{}", err.message);
    let mut unknown = clipboard.clone();
    unknown.pack = None;
    unknown.components[0].kind = "widget".into();
    let err = s.paste_components("agents.yaml", &unknown).unwrap_err();
    assert!(err.message.contains("widget"), "{}", err.message);
    assert!(s
        .duplicate_components("agents.yaml", &["/agents/nobody".into()])
        .is_err());

    // The files on disk are as they were.
    assert_eq!(fs::read_to_string(ws.join("agents.yaml")).unwrap(), TEAM);
    assert_eq!(fs::read_to_string(ws.join("other.json")).unwrap(), other);
}

#[test]
fn several_components_are_deleted_as_one_step_and_outside_references_are_asked_about() {
    let (_dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    s.open_document("agents.yaml").unwrap();
    let ids = |list: &[&str]| list.iter().map(|i| i.to_string()).collect::<Vec<_>>();

    // The chief delegates to the writer: deleting the writer and the fast model it uses is
    // refused, naming the chief; references among the two do not count.
    let refs = s
        .referrers_of("agents.yaml", &ids(&["/agents/writer", "/models/fast"]))
        .unwrap();
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert_eq!(refs[0].from_name.as_deref(), Some("chief"));
    let err = s
        .delete_components(
            "agents.yaml",
            &ids(&["/agents/writer", "/models/fast"]),
            false,
        )
        .unwrap_err();
    assert!(err.message.contains("chief"), "{}", err.message);
    assert_eq!(s.open_document("agents.yaml").unwrap().text, TEAM);

    // With the chief in the selection nothing outside refers to them: all three go in one step.
    let doc = s
        .delete_components(
            "agents.yaml",
            &ids(&["/agents/writer", "/models/fast", "/agents/chief"]),
            false,
        )
        .unwrap();
    assert!(
        !doc.text.contains("writer") && !doc.text.contains("fast") && !doc.text.contains("chief")
    );
    assert!(doc.text.contains("editor: {model: big}"), "{}", doc.text);
    assert_eq!(s.undo("agents.yaml").unwrap().text, TEAM);

    // Removing the references too: the chief's delegation to the writer goes.
    let doc = s
        .delete_components(
            "agents.yaml",
            &ids(&["/agents/writer", "/models/fast"]),
            true,
        )
        .unwrap();
    assert!(doc.text.contains("delegates_to: [editor]"), "{}", doc.text);
    assert_eq!(s.undo("agents.yaml").unwrap().text, TEAM);
}
