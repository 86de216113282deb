//! When a workflow runs, said in words: its `on` events. "run on pull requests too",
//! "also trigger on pushes to develop", "only release on tags starting with release-",
//! "run it at 3am instead", "schedule it every monday at 6:00 UTC", "let me start it by
//! hand". Events are added unless the request says "only"/"instead" (the list replaced)
//! or "stop"/"no longer" (taken out). Times and days become a cron line. Only for
//! documents with jobs and an `on` field in the schema (workflows); the change is checked
//! like any other.

use super::analysis::Analysis;
use super::scene::Scene;
use super::text::{code, join_and};
use super::work::{could_not, Work};
use super::Reply;
use serde_json::{json, Map, Value};
use trellis_core::{EditOp, Pointer};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Add,
    Replace,
    Remove,
}

/// Words that say the request is about something else than the events.
const OTHER_TOPICS: &[&str] = &[
    "step",
    "steps",
    "command",
    "runs-on",
    "runner",
    "runners",
    "image",
    "env",
    "timeout",
    "timeout-minutes",
    "matrix",
    "job",
    "jobs",
    "needs",
    "depend",
    "depends",
    "permission",
    "permissions",
    "concurrency",
    "name",
    "rename",
    "container",
    "services",
    "service",
];

pub(crate) fn respond(a: &Analysis, scene: &Scene) -> Option<Reply> {
    // "write access to pull requests": the token's permissions, not an event.
    if a.has(&["access", "permission", "permissions"]) {
        return None;
    }
    if scene.value.get("jobs").is_none()
        || !scene
            .fields_at(&scene.value, &Pointer::root())
            .iter()
            .any(|f| f.key == "on")
    {
        return None;
    }
    let raw: Vec<String> = a.tokens.iter().map(|t| t.raw.clone()).collect();
    let w: Vec<String> = a.tokens.iter().map(|t| t.norm.clone()).collect();
    if w.iter()
        .any(|x| OTHER_TOPICS.contains(&x.as_str()) || x.starts_with("${{"))
        || a.tokens.iter().any(|t| t.quoted)
    {
        return None;
    }
    let has = |x: &str| w.iter().any(|y| y == x);
    // "on pushes to main only, not on PRs": what follows a denial is taken out, what
    // comes before it is kept as said.
    let denial = w.iter().position(|x| {
        matches!(
            x.as_str(),
            "stop"
                | "remove"
                | "drop"
                | "disable"
                | "delete"
                | "longer"
                | "without"
                | "don't"
                | "dont"
                | "not"
                | "shouldn't"
                | "never"
                | "except"
        )
    });
    let replace = ["only", "just", "instead", "rather", "exclusively"]
        .iter()
        .any(|x| has(x));
    let mode_at = |i: usize| {
        if denial.is_some_and(|d| d < i) {
            Mode::Remove
        } else if replace {
            Mode::Replace
        } else {
            Mode::Add
        }
    };
    let mode = mode_at(w.len());
    let mut on = match scene.value.get("on") {
        Some(Value::Object(m)) => m.clone(),
        Some(Value::String(s)) => [(s.clone(), Value::Null)].into_iter().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| (s.to_string(), Value::Null))
            .collect(),
        _ => Map::new(),
    };
    let before = on.clone();
    let mut done: Vec<String> = Vec::new();

    // Schedules.
    let cron = cron_of(&w);
    let schedule_word = [
        "schedule",
        "scheduled",
        "cron",
        "nightly",
        "daily",
        "weekly",
        "hourly",
    ]
    .iter()
    .any(|x| has(x));
    if let Some(c) = &cron {
        let wants_more = ["also", "too", "additionally", "another", "extra", "second"]
            .iter()
            .any(|x| has(x));
        let old: Vec<Value> = on
            .get("schedule")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut line = c.line();
        if c.days.is_none() {
            // "run it at 3am instead": the days it runs on stay.
            if let [one] = old.as_slice() {
                if let Some(days) = one
                    .get("cron")
                    .and_then(Value::as_str)
                    .and_then(|s| s.split_whitespace().nth(4))
                {
                    if c.hour.is_some() {
                        let parts: Vec<String> = line.split(' ').map(str::to_string).collect();
                        line =
                            format!("{} {} {} {} {days}", parts[0], parts[1], parts[2], parts[3]);
                    }
                }
            }
        }
        if mode == Mode::Remove {
            return None;
        }
        let mut list = if wants_more { old } else { Vec::new() };
        list.push(json!({ "cron": line }));
        on.insert("schedule".into(), Value::Array(list));
        done.push(format!("runs on the schedule {}", code(&line)));
    } else if schedule_word && mode == Mode::Remove && on.contains_key("schedule") {
        on.remove("schedule");
        done.push("no longer runs on a schedule".into());
    }

    // Pull requests.
    let pr_at = (0..w.len()).find(|&i| {
        matches!(
            w[i].as_str(),
            "pr" | "prs" | "pull_request" | "pull-request" | "pull-requests"
        ) || (w[i] == "pull"
            && w.get(i + 1)
                .is_some_and(|n| n == "request" || n == "requests"))
    });
    if let Some(i) = pr_at {
        let from = if w[i] == "pull" { i + 2 } else { i + 1 };
        let branches = names_after(
            &w,
            &raw,
            from,
            &["to", "into", "against", "targeting", "on"],
        );
        // "don't run on pull requests from forks": a condition this cannot say; the event
        // is not taken out for it.
        let settled = w[from..].iter().all(|x| {
            matches!(
                x.as_str(),
                "anymore"
                    | "any"
                    | "more"
                    | "please"
                    | "pls"
                    | "thanks"
                    | "too"
                    | "either"
                    | "at"
                    | "all"
                    | "events"
                    | "event"
                    | "triggers"
                    | "trigger"
                    | "but"
                    | "and"
            ) || x.starts_with("push")
                || x == "on"
                || x == "only"
                || BRANCHES.contains(&x.as_str())
        });
        if mode_at(i) == Mode::Remove && !settled {
            return None;
        }
        match mode_at(i) {
            Mode::Remove => {
                if on.remove("pull_request").is_some() {
                    done.push("no longer runs on pull requests".into());
                }
            }
            // "on pull requests to develop too": the branch added to those there, the
            // event's other settings (`types`) kept.
            mode @ (Mode::Add | Mode::Replace)
                if !branches.is_empty()
                    && on
                        .get("pull_request")
                        .and_then(|v| v.get("branches"))
                        .is_some() =>
            {
                if let Some(pr) = on.get_mut("pull_request").and_then(Value::as_object_mut) {
                    edit_list(
                        pr,
                        "branches",
                        &branches,
                        mode,
                        &mut done,
                        "pull requests to",
                    );
                }
            }
            _ => {
                let value = if branches.is_empty() {
                    match on.get("pull_request") {
                        Some(v) => v.clone(),
                        None => Value::Null,
                    }
                } else {
                    json!({ "branches": branches })
                };
                if !on.contains_key("pull_request") || !branches.is_empty() {
                    on.insert("pull_request".into(), value);
                    done.push(if branches.is_empty() {
                        "runs on pull requests".into()
                    } else {
                        format!("runs on pull requests to {}", listed(&branches))
                    });
                }
            }
        }
    }

    // Tags and pushes.
    let tag_at = (0..w.len()).find(|&i| matches!(w[i].as_str(), "tag" | "tags" | "tagged"));
    let push_at = (0..w.len()).find(|&i| {
        matches!(w[i].as_str(), "pushes" | "pushed" | "commits")
            || (w[i] == "push"
                && i > 0
                && matches!(
                    w[i - 1].as_str(),
                    "on" | "for" | "every" | "a" | "any" | "each" | "when" | "upon" | "after"
                ))
    });
    if let Some(i) = tag_at {
        let mut patterns = tag_patterns(&w, &raw, i + 1);
        // "run on tags too": any tag.
        if patterns.is_empty() && mode_at(i) == Mode::Add {
            patterns.push("*".to_string());
        }
        if patterns.is_empty() && mode_at(i) != Mode::Remove {
            return None;
        }
        let push = push_map(&mut on);
        edit_list(push, "tags", &patterns, mode_at(i), &mut done, "tags");
    } else if let Some(i) = push_at {
        let branches = names_after(&w, &raw, i + 1, &["to", "into", "on"]);
        if branches.is_empty() {
            match mode_at(i) {
                Mode::Remove => {
                    if on.remove("push").is_some() {
                        done.push("no longer runs on pushes".into());
                    }
                }
                _ => {
                    if !on.contains_key("push") {
                        on.insert("push".into(), Value::Null);
                        done.push("runs on pushes".into());
                    }
                }
            }
        } else {
            let push = push_map(&mut on);
            edit_list(
                push,
                "branches",
                &branches,
                mode_at(i),
                &mut done,
                "pushes to",
            );
        }
    }

    // By hand.
    let manual_at = w
        .iter()
        .position(|x| {
            matches!(
                x.as_str(),
                "manually" | "manual" | "workflow_dispatch" | "button"
            )
        })
        .or_else(|| w.windows(2).position(|p| p[0] == "by" && p[1] == "hand"));
    let manual = manual_at.is_some();
    if let Some(at) = manual_at {
        match mode_at(at) {
            Mode::Remove => {
                if on.remove("workflow_dispatch").is_some() {
                    done.push("can no longer be started by hand".into());
                }
            }
            _ => {
                if !on.contains_key("workflow_dispatch") {
                    on.insert("workflow_dispatch".into(), Value::Null);
                    done.push("can be started by hand (workflow_dispatch)".into());
                }
            }
        }
    }

    if done.is_empty() {
        if on == before && (cron.is_some() || pr_at.is_some() || tag_at.is_some() || manual) {
            return Some(Reply::answer(
                super::ReplyKind::Answer,
                "The workflow already runs on that; nothing needs to change.",
            ));
        }
        return None;
    }
    if on.is_empty() {
        return Some(could_not(
            "",
            "a workflow needs at least one event to run on",
        ));
    }
    let mut work = Work::new(scene);
    let path = Pointer::root().join("on");
    let mut edits = Vec::new();
    match scene.value.get("on") {
        Some(old @ Value::Object(_)) => changes(old, &Value::Object(on), &path, &mut edits),
        _ => edits.push(EditOp::Set {
            path,
            value: Value::Object(on),
        }),
    }
    if let Err(e) = work.apply(edits) {
        return Some(could_not("", &e));
    }
    work.done = done
        .into_iter()
        .map(|d| format!("the workflow {d}"))
        .collect();
    Some(work.finish("I propose changing when the workflow runs:"))
}

/// The edits that turn `old` into `new`: keys set, replaced or removed, maps compared
/// key by key so the rest of the text stays as it is.
fn changes(old: &Value, new: &Value, at: &Pointer, edits: &mut Vec<EditOp>) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for key in o.keys().filter(|k| !n.contains_key(*k)) {
                edits.push(EditOp::Remove {
                    path: at.join(key.clone()),
                });
            }
            for (key, v) in n {
                match o.get(key) {
                    Some(before) => changes(before, v, &at.join(key.clone()), edits),
                    None => edits.push(EditOp::Set {
                        path: at.join(key.clone()),
                        value: v.clone(),
                    }),
                }
            }
        }
        _ if old != new => edits.push(EditOp::Set {
            path: at.clone(),
            value: new.clone(),
        }),
        _ => {}
    }
}

/// The `push` event as a map (an event given as `push:` alone becomes `{}`).
fn push_map(on: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let entry = on.entry("push").or_insert(Value::Null);
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    entry.as_object_mut().expect("an object")
}

fn listed(items: &[String]) -> String {
    join_and(&items.iter().map(|i| code(i)).collect::<Vec<_>>())
}

/// Adds, replaces or takes out `items` in the list `key` of an event.
fn edit_list(
    event: &mut Map<String, Value>,
    key: &str,
    items: &[String],
    mode: Mode,
    done: &mut Vec<String>,
    what: &str,
) {
    let mut list: Vec<Value> = event
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    match mode {
        Mode::Remove => {
            let n = list.len();
            list.retain(|v| !v.as_str().is_some_and(|s| items.iter().any(|i| i == s)));
            if list.len() == n {
                return;
            }
            done.push(format!("no longer runs on {what} {}", listed(items)));
        }
        Mode::Replace => {
            let new: Vec<Value> = items.iter().map(|i| json!(i)).collect();
            if new == list {
                return;
            }
            list = new;
            done.push(format!("runs only on {what} {}", listed(items)));
        }
        Mode::Add => {
            let mut added = Vec::new();
            for i in items {
                if !list.iter().any(|v| v.as_str() == Some(i)) {
                    list.push(json!(i));
                    added.push(i.clone());
                }
            }
            if added.is_empty() {
                return;
            }
            done.push(format!("also runs on {what} {}", listed(&added)));
        }
    }
    if list.is_empty() {
        event.remove(key);
    } else {
        event.insert(key.to_string(), Value::Array(list));
    }
}

/// Words that end a list of names.
const NOT_NAMES: &[&str] = &[
    "branch",
    "branches",
    "too",
    "also",
    "as",
    "well",
    "please",
    "pls",
    "only",
    "instead",
    "the",
    "and",
    "or",
    "a",
    "an",
    "of",
    "in",
    "this",
    "that",
    "workflow",
    "it",
    "anymore",
    "again",
    "thanks",
    "github",
    "repo",
    "repository",
    "remote",
    "origin",
];

/// Branch names after one of `markers` ("pushes to main and develop", "PRs against
/// release/*"), read up to the end of the list.
fn names_after(w: &[String], raw: &[String], from: usize, markers: &[&str]) -> Vec<String> {
    let Some(m) = (from..w.len().min(from + 2)).find(|&i| markers.contains(&w[i].as_str())) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut i = m + 1;
    while i < w.len() {
        let x = w[i].as_str();
        if matches!(x, "the" | "and" | "or" | ",") && !out.is_empty() || x == "the" {
            i += 1;
            continue;
        }
        if NOT_NAMES.contains(&x) || !is_name(&raw[i]) || (common(x) && !BRANCHES.contains(&x)) {
            break;
        }
        out.push(raw[i].trim_end_matches([',', '.']).to_string());
        if raw[i].ends_with([',', '.']) && !w.get(i + 1).is_some_and(|n| n == "and" || n == "or") {
            break;
        }
        i += 1;
    }
    out
}

/// Branch names that are also common words.
const BRANCHES: &[&str] = &[
    "main",
    "master",
    "dev",
    "develop",
    "development",
    "staging",
    "stage",
    "prod",
    "production",
    "release",
    "test",
    "testing",
    "next",
    "beta",
    "trunk",
    "preview",
];

/// An ordinary English word (or one about events), which ends a list of branch names.
fn common(w: &str) -> bool {
    super::lexicon::is_stopword(w)
        || matches!(
            w,
            "hand"
                | "schedule"
                | "scheduled"
                | "manually"
                | "pull"
                | "pr"
                | "prs"
                | "push"
                | "pushes"
                | "tag"
                | "tags"
                | "nightly"
                | "daily"
                | "weekly"
                | "every"
                | "cron"
                | "requests"
                | "request"
                | "but"
                | "except"
        )
}

fn is_name(s: &str) -> bool {
    let s = s.trim_end_matches([',', '.']);
    !s.is_empty()
        && s.len() <= 100
        && s.chars().any(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '*' | '+'))
}

/// Tag patterns after the word "tags": "like v*", "matching v2.*", "such as v1.2.3",
/// "starting with release-" (a prefix becomes `release-*`), or a pattern written with `*`.
fn tag_patterns(w: &[String], raw: &[String], from: usize) -> Vec<String> {
    let mut i = from;
    let mut prefix = false;
    let mut like = false;
    while i < w.len() {
        match w[i].as_str() {
            "like" | "matching" | "match" | "named" | "called" | "as" | "such" | "that"
            | "which" | "of" | "form" | "the" | "pattern" | "e.g." | "eg" | "with" => like = true,
            "starting" | "start" | "starts" | "beginning" | "begin" | "begins" | "prefixed" => {
                prefix = true;
                like = true;
            }
            _ => break,
        }
        i += 1;
    }
    let mut out = Vec::new();
    while i < w.len() {
        let r = raw[i].trim_end_matches([',', '.']).to_string();
        if matches!(w[i].as_str(), "and" | "or") {
            i += 1;
            continue;
        }
        if NOT_NAMES.contains(&w[i].as_str()) || !is_name(&r) {
            break;
        }
        let looks_like_tag = r.contains('*') || r.chars().any(|c| c.is_ascii_digit()) || like;
        if !looks_like_tag {
            break;
        }
        out.push(if prefix && !r.contains('*') {
            format!("{r}*")
        } else {
            r
        });
        i += 1;
    }
    out
}

/// A time and days said in words, as cron fields.
#[derive(Debug, Default)]
struct Cron {
    minute: Option<String>,
    hour: Option<String>,
    days: Option<String>,
}

impl Cron {
    fn line(&self) -> String {
        format!(
            "{} {} * * {}",
            self.minute.as_deref().unwrap_or("0"),
            self.hour.as_deref().unwrap_or("0"),
            self.days.as_deref().unwrap_or("*")
        )
    }
}

const DAYS: &[(&str, u32)] = &[
    ("sunday", 0),
    ("monday", 1),
    ("tuesday", 2),
    ("wednesday", 3),
    ("thursday", 4),
    ("friday", 5),
    ("saturday", 6),
    ("sun", 0),
    ("mon", 1),
    ("tue", 2),
    ("tues", 2),
    ("wed", 3),
    ("thu", 4),
    ("thurs", 4),
    ("fri", 5),
    ("sat", 6),
];

fn day(w: &str) -> Option<u32> {
    let w = w.trim_end_matches([',', '.']);
    let w = w.strip_suffix('s').filter(|s| s.len() > 3).unwrap_or(w);
    DAYS.iter().find(|(d, _)| *d == w).map(|(_, n)| *n)
}

/// "3am", "3", "03:00", "6:30pm", "midnight", "noon" (with "am"/"pm" as the next word).
fn time_of(w: &str, next: Option<&str>) -> Option<(u32, u32)> {
    match w {
        "midnight" => return Some((0, 0)),
        "noon" | "midday" => return Some((12, 0)),
        _ => {}
    }
    let w = w.trim_end_matches([',', '.']);
    let (body, mut pm, mut am) = if let Some(b) = w.strip_suffix("pm") {
        (b, true, false)
    } else if let Some(b) = w.strip_suffix("am") {
        (b, false, true)
    } else {
        (w, false, false)
    };
    if !pm && !am {
        match next {
            Some("pm" | "p.m.") => pm = true,
            Some("am" | "a.m.") => am = true,
            _ => {}
        }
    }
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (body.parse::<u32>().ok()?, 0),
    };
    if !body.contains(':') && !pm && !am {
        return None;
    }
    let h = match (h, pm, am) {
        (12, false, true) => 0,
        (h, true, false) if h < 12 => h + 12,
        (h, _, _) => h,
    };
    (h < 24 && m < 60).then_some((h, m))
}

/// The schedule a request describes, when it names a time, days or an interval.
fn cron_of(w: &[String]) -> Option<Cron> {
    let mut c = Cron::default();
    let mut found = false;
    let mut i = 0;
    while i < w.len() {
        let x = w[i].as_str();
        let next = w.get(i + 1).map(String::as_str);
        // "every 15 minutes", "every 2 hours", "every hour", "hourly".
        if x == "every" || x == "each" {
            if let Some(n) = next.and_then(|n| n.parse::<u32>().ok()) {
                match w.get(i + 2).map(String::as_str) {
                    Some("minutes" | "mins" | "min" | "minute") if (1..60).contains(&n) => {
                        c.minute = Some(format!("*/{n}"));
                        c.hour = Some("*".into());
                        found = true;
                        i += 3;
                        continue;
                    }
                    Some("hours" | "hrs" | "hour" | "h") if (1..24).contains(&n) => {
                        c.minute = Some("0".into());
                        c.hour = Some(format!("*/{n}"));
                        found = true;
                        i += 3;
                        continue;
                    }
                    _ => {}
                }
            }
            match next {
                Some("hour") => {
                    c.minute = Some("0".into());
                    c.hour = Some("*".into());
                    found = true;
                    i += 2;
                    continue;
                }
                Some("day" | "night" | "evening" | "morning") => {
                    c.days = Some("*".into());
                    found = true;
                    i += 2;
                    continue;
                }
                Some("weekday" | "weekdays" | "workday" | "workdays") => {
                    c.days = Some("1-5".into());
                    found = true;
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        // "every 15 minutes" as the request reads it by now: "interval to 15m".
        if x == "interval" && next == Some("to") {
            if let Some(v) = w.get(i + 2) {
                let (n, unit) = v.split_at(v.len().saturating_sub(1));
                match (n.parse::<u32>().ok(), unit) {
                    (Some(n @ 1..=59), "m") => {
                        c.minute = Some(format!("*/{n}"));
                        c.hour = Some("*".into());
                        found = true;
                    }
                    (Some(n @ 1..=23), "h") => {
                        c.minute = Some("0".into());
                        c.hour = Some(format!("*/{n}"));
                        found = true;
                    }
                    _ => {}
                }
            }
        }
        if x == "hourly" {
            c.minute = Some("0".into());
            c.hour = Some("*".into());
            found = true;
        }
        if matches!(x, "weekdays" | "weekday" | "workdays") {
            c.days = Some("1-5".into());
            found = true;
        }
        if matches!(x, "weekends" | "weekend") {
            c.days = Some("0,6".into());
            found = true;
        }
        if matches!(x, "daily" | "nightly") {
            c.days.get_or_insert_with(|| "*".into());
        }
        // "monday to friday", "mon-fri".
        if let Some((a, b)) = x.split_once('-') {
            if let (Some(a), Some(b)) = (day(a), day(b)) {
                c.days = Some(format!("{a}-{b}"));
                found = true;
            }
        }
        if let Some(d) = day(x) {
            if matches!(next, Some("to" | "through" | "thru" | "until"))
                && w.get(i + 2).and_then(|n| day(n)).is_some()
            {
                let e = day(&w[i + 2]).unwrap_or(d);
                c.days = Some(format!("{d}-{e}"));
                found = true;
                i += 3;
                continue;
            }
            let days = match c.days.take() {
                Some(prev) if prev != "*" && !prev.contains('-') => format!("{prev},{d}"),
                _ => d.to_string(),
            };
            c.days = Some(days);
            found = true;
        }
        // "at 3am", "at 06:30", "3 am".
        let after_at = i > 0 && matches!(w[i - 1].as_str(), "at" | "@" | "around" | "by");
        if let Some((h, m)) = time_of(x, next) {
            if after_at
                || x.ends_with("am")
                || x.ends_with("pm")
                || matches!(next, Some("am" | "pm" | "utc"))
                || x.contains(':')
            {
                c.hour = Some(h.to_string());
                c.minute = Some(m.to_string());
                found = true;
            }
        }
        i += 1;
    }
    found.then_some(c)
}
