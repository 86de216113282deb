//! Classes of phrasing, each on several paraphrases: several components joined to one
//! ("connect web and db to internal": both join internal, not web to db); a value written
//! right after its field with no "to" ("set restart unless-stopped on every service"); a
//! job whose name is a verb, first, with where it runs ("build on windows-latest
//! instead"); an owner in a new component's description that is not what it refers to
//! ("… that reviews the writer's drafts"); a variant said as the verb ("batch the traces
//! pipeline too"); what a component may use said by what the used component does ("support
//! shouldn't open tickets" where the tool is `open_ticket`); and a component with no
//! switch turned off ("turn off web search": the agents stop using it, the tool stays).
//! Judged by the resulting document.

use serde_json::{json, Value};

mod offline_support;

use offline_support::*;

fn networks_of(o: &Outcome, service: &str) -> Vec<Value> {
    o.get(&format!("/services/{service}/networks"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn joined_to_one() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Web,
            "add a network called internal and connect web and db to it",
            vec![
                Proposed,
                Valid,
                Present("/networks/internal"),
                That("web on internal", |o| {
                    networks_of(o, "web").contains(&json!("internal"))
                }),
                That("db on internal", |o| {
                    networks_of(o, "db").contains(&json!("internal"))
                }),
                Absent("/services/web/network_mode"),
                Absent("/services/web/depends_on"),
            ],
        ),
        case(
            WebStack,
            "connect cache and proxy to the back network",
            vec![
                Proposed,
                Valid,
                That("cache on back", |o| {
                    networks_of(o, "cache").contains(&json!("back"))
                }),
                That("proxy on back", |o| {
                    networks_of(o, "proxy").contains(&json!("back"))
                }),
                Absent("/services/cache/depends_on"),
            ],
        ),
        case(
            WebStack,
            "attach proxy and cache to back",
            vec![
                Proposed,
                Valid,
                That("cache on back", |o| {
                    networks_of(o, "cache").contains(&json!("back"))
                }),
                That("proxy on back", |o| {
                    networks_of(o, "proxy").contains(&json!("back"))
                }),
            ],
        ),
    ]
}

fn values_without_to() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Web,
            "set restart unless-stopped on every service",
            vec![
                Proposed,
                Valid,
                Is("/services/web/restart", json!("unless-stopped")),
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
        case(
            Web,
            "set restart unless-stopped for db",
            vec![
                Proposed,
                Valid,
                Is("/services/db/restart", json!("unless-stopped")),
                Absent("/services/web/restart"),
            ],
        ),
        case(
            Web,
            "restart policy unless-stopped on all services please",
            vec![
                Proposed,
                Valid,
                Is("/services/web/restart", json!("unless-stopped")),
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
    ]
}

fn jobs_named_by_verbs() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Flow,
            "build on windows-latest instead",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/runs-on", json!("windows-latest")),
            ],
        ),
        case(
            CiNode,
            "build on macos-latest",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/runs-on", json!("macos-latest")),
                That("lint untouched", |o| {
                    o.get("/jobs/lint/runs-on") != Some(&json!("macos-latest"))
                }),
            ],
        ),
        case(
            CiNode,
            "lint on ubuntu-24.04 please",
            vec![
                Proposed,
                Valid,
                Is("/jobs/lint/runs-on", json!("ubuntu-24.04")),
            ],
        ),
    ]
}

fn owners_are_not_links() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "add an editor agent on the smart model that reviews the writer's drafts",
            vec![Proposed, Valid, Is("/agents/editor/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "add a critic agent using the fast model that checks the researcher's sources",
            vec![Proposed, Valid, Is("/agents/critic/model", json!("fast"))],
        ),
    ]
}

fn variants_as_verbs() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Collector,
            "batch the traces pipeline too",
            vec![
                Proposed,
                Valid,
                Present("/processors/batch"),
                That("traces batched", |o| {
                    list_has(o, "/service/pipelines/traces/processors", "batch")
                }),
            ],
        ),
        case(
            Collector,
            "batch every pipeline",
            vec![
                Proposed,
                Valid,
                That("traces batched", |o| {
                    list_has(o, "/service/pipelines/traces/processors", "batch")
                }),
            ],
        ),
    ]
}

fn actions_named_by_use() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplSupport,
            "support shouldn't open tickets",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/support/tools", json!("open_ticket")),
                Present("/tools/open_ticket"),
            ],
        ),
        case(
            TplSupport,
            "the support agent must not look up orders",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/support/tools", json!("lookup_order")),
            ],
        ),
        case(
            TplAnthropic,
            "the writer can't search the web",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/writer/tools", json!("web_search")),
            ],
        ),
    ]
}

fn switched_off_components() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplAnthropic,
            "turn off web search",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/writer/tools", json!("web_search")),
                Present("/agents/writer"),
            ],
        ),
        case(
            TplAnthropic,
            "disable web_search",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "disable the arxiv tool for the researcher",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Present("/tools/arxiv"),
            ],
        ),
    ]
}

#[test]
fn joined_to_one_batch() {
    run_batch("joined to one", joined_to_one());
}

#[test]
fn values_without_to_batch() {
    run_batch("values without to", values_without_to());
}

#[test]
fn jobs_named_by_verbs_batch() {
    run_batch("jobs named by verbs", jobs_named_by_verbs());
}

#[test]
fn owners_are_not_links_batch() {
    run_batch("owners are not links", owners_are_not_links());
}

#[test]
fn variants_as_verbs_batch() {
    run_batch("variants as verbs", variants_as_verbs());
}

#[test]
fn actions_named_by_use_batch() {
    run_batch("actions named by use", actions_named_by_use());
}

#[test]
fn switched_off_components_batch() {
    run_batch("switched-off components", switched_off_components());
}
