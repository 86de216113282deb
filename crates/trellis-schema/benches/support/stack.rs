//! Deterministic generators of large, realistic documents for the validation benchmarks:
//! agent stacks (pack `agent-stack`) and Compose files (pack `docker-compose`), valid against
//! their pack, plus variants with known errors. Shared by `benches/revalidate.rs` and
//! `examples/gen_stack.rs` (included with `#[path]`; not every item is used by both).
//!
//! No randomness beyond a seeded SplitMix64, so every run produces the same bytes.
#![allow(dead_code)]

use serde_json::{json, Map, Value};
use std::fmt::Write;

/// SplitMix64: small, seeded, good enough to vary a document.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A number with `decimals` digits after the point in `[lo, hi]`.
    pub fn decimal(&mut self, lo: f64, hi: f64, decimals: i32) -> f64 {
        let scale = 10f64.powi(decimals);
        let steps = ((hi - lo) * scale) as usize + 1;
        lo + self.below(steps) as f64 / scale
    }
}

const DOMAINS: &[&str] = &[
    "billing",
    "support",
    "research",
    "legal",
    "sales",
    "onboarding",
    "search",
    "triage",
    "finance",
    "security",
    "people",
    "docs",
    "quality",
    "operations",
    "growth",
    "compliance",
    "travel",
    "health",
    "retail",
    "logistics",
    "claims",
    "procurement",
    "marketing",
    "analytics",
];

const PROVIDER_TYPES: &[&str] = &[
    "openai",
    "anthropic",
    "azure_openai",
    "ollama",
    "openai_compatible",
];

const TOPICS: &[&str] = &[
    "refund requests",
    "contract clauses",
    "shipping delays",
    "invoice disputes",
    "password resets",
    "quarterly forecasts",
    "incident reports",
    "vendor onboarding",
    "policy questions",
    "product comparisons",
    "travel bookings",
    "expense reports",
    "release notes",
    "audit findings",
];

const SENTENCES: &[&str] = &[
    "Answer in the customer's language and keep the tone friendly but precise.",
    "Cite the document and section for every factual claim you make.",
    "If a request is ambiguous, ask one clarifying question before acting.",
    "Never invent order numbers, prices or dates; look them up with the tools.",
    "Summarise long threads into at most five bullet points.",
    "Escalate to a human when the user mentions legal action or a safety issue.",
    "Prefer primary sources over blog posts and forum answers.",
    "Keep personal data out of notes and logs.",
    "When a tool call fails twice, explain what went wrong and stop.",
    "Write for a reader who knows the domain but not this particular case.",
    "Check totals and units before reporting any number.",
    "Hand drafting to the writer and review to the reviewer; do not do their work.",
];

fn prompt(rng: &mut Rng, role: &str, team: &str) -> String {
    let topic = *rng.pick(TOPICS);
    let mut text = format!("You are the {role} of the {team} desk. You handle {topic}.\n");
    for _ in 0..3 + rng.below(4) {
        text.push_str(rng.pick::<&str>(SENTENCES));
        text.push('\n');
    }
    text
}

pub fn team_name(t: usize) -> String {
    format!("{}-{}", DOMAINS[t % DOMAINS.len()], t / DOMAINS.len() + 1)
}

/// An agent-stack document with `teams` teams. Each team has two providers, four models,
/// four or five tools, two memory stores, three middleware and five agents that delegate
/// to each other (and, every seventh team, to the previous team's planner), next to shared
/// components every team uses. Everything is referenced, nothing is secret, all valid.
pub fn agent_stack(teams: usize) -> Value {
    let mut rng = Rng::new(0x007E_1115);
    let mut providers = Map::new();
    let mut models = Map::new();
    let mut tools = Map::new();
    let mut memory = Map::new();
    let mut middleware = Map::new();
    let mut agents = Map::new();

    providers.insert("openai".into(), json!({"type": "openai", "api_key": "${OPENAI_API_KEY}", "timeout_s": 60, "max_retries": 3}));
    models.insert(
        "embeddings".into(),
        json!({"provider": "openai", "name": "text-embedding-3-small"}),
    );
    tools.insert(
        "web_search".into(),
        json!({"type": "builtin", "name": "web_search", "description": "Search the public web."}),
    );
    tools.insert(
        "calculator".into(),
        json!({"type": "builtin", "name": "calculator"}),
    );
    tools.insert(
        "code_interpreter".into(),
        json!({"type": "builtin", "name": "code_interpreter", "timeout_s": 120}),
    );
    middleware.insert(
        "retry".into(),
        json!({"type": "retry", "max_attempts": 4, "backoff_s": 0.5}),
    );
    middleware.insert(
        "audit_log".into(),
        json!({"type": "logging", "level": "info", "log_prompts": false}),
    );

    for t in 0..teams {
        let team = team_name(t);
        let ptype = PROVIDER_TYPES[t % PROVIDER_TYPES.len()];
        let primary = format!("{team}-{ptype}");
        let mut provider =
            json!({"type": ptype, "description": format!("Primary provider of the {team} desk.")});
        let p = provider.as_object_mut().unwrap();
        match ptype {
            "openai" => {
                p.insert("api_key".into(), json!("${OPENAI_API_KEY}"));
                p.insert(
                    "organization".into(),
                    json!(format!("org-{}", team.replace('-', ""))),
                );
            }
            "anthropic" => {
                p.insert("api_key".into(), json!("${ANTHROPIC_API_KEY}"));
            }
            "azure_openai" => {
                p.insert("api_key".into(), json!("${AZURE_OPENAI_API_KEY}"));
                p.insert(
                    "base_url".into(),
                    json!(format!("https://{}.openai.azure.com", team)),
                );
                p.insert("api_version".into(), json!("2024-10-21"));
                p.insert("deployment".into(), json!(format!("{team}-gpt-4o")));
            }
            "ollama" => {
                p.insert(
                    "base_url".into(),
                    json!(format!("http://ollama-{}.internal:11434", t % 9)),
                );
            }
            _ => {
                p.insert("api_key".into(), json!("${GATEWAY_API_KEY}"));
                p.insert(
                    "base_url".into(),
                    json!(format!("https://llm-gateway.example.com/{team}/v1")),
                );
                p.insert(
                    "headers".into(),
                    json!({"X-Team": team.clone(), "X-Cost-Center": format!("cc-{}", 1000 + t)}),
                );
            }
        }
        if t % 3 == 0 {
            p.insert("timeout_s".into(), json!(30 + 15 * (t % 4)));
            p.insert("max_retries".into(), json!(t % 5));
        }
        providers.insert(primary.clone(), provider);
        let backup = format!("{team}-backup");
        providers.insert(
            backup.clone(),
            json!({"type": "anthropic", "api_key": "${ANTHROPIC_API_KEY}", "max_retries": 2}),
        );

        let (fast_name, smart_name) = match ptype {
            "anthropic" => ("claude-haiku-4", "claude-sonnet-4"),
            "ollama" => ("llama3.1:8b", "llama3.1:70b"),
            _ => ("gpt-4o-mini", "gpt-4o"),
        };
        models.insert(format!("{team}-fast"), json!({
            "provider": primary, "name": fast_name, "temperature": rng.decimal(0.0, 0.6, 1), "max_tokens": 1024,
        }));
        let mut smart = json!({
            "provider": primary, "name": smart_name,
            "description": format!("Reasoning model of the {team} desk."),
            "temperature": rng.decimal(0.1, 1.0, 2), "top_p": rng.decimal(0.8, 1.0, 2), "max_tokens": 4096,
        });
        if t % 2 == 0 {
            smart["stop"] = json!(["</answer>", "User:"]);
            smart["seed"] = json!(t as u64 * 7919 % 100_000);
        }
        models.insert(format!("{team}-smart"), smart);
        models.insert(format!("{team}-writer"), json!({
            "provider": backup, "name": "claude-sonnet-4", "temperature": rng.decimal(0.5, 1.2, 1),
            "max_tokens": 8192, "presence_penalty": rng.decimal(-0.5, 0.5, 1), "frequency_penalty": 0.2,
        }));
        let embed = if t % 4 == 0 {
            let name = format!("{team}-embed");
            models.insert(name.clone(), json!({"provider": "openai", "name": "text-embedding-3-large", "context_window": 8191}));
            name
        } else {
            "embeddings".to_string()
        };

        let search_api = format!("{team}-search-api");
        tools.insert(search_api.clone(), json!({
            "type": "http",
            "description": format!("Search the {team} knowledge base by keyword."),
            "url": format!("https://api.example.com/{team}/v1/search"),
            "method": if t % 2 == 0 { "GET" } else { "POST" },
            "headers": {"Authorization": "Bearer ${SEARCH_API_TOKEN}", "Accept": "application/json"},
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}, "limit": {"type": "integer", "default": 10}},
                "required": ["query"],
            },
            "timeout_s": 15,
        }));
        let files = format!("{team}-files");
        tools.insert(files.clone(), json!({
            "type": "mcp",
            "description": "Read and write files in the desk's shared folder.",
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-filesystem", format!("/srv/{team}/shared")],
            "env": {"LOG_LEVEL": "warn"},
        }));
        let lookup = format!("{team}-lookup");
        let module = DOMAINS[t % DOMAINS.len()];
        tools.insert(lookup.clone(), json!({
            "type": "function",
            "description": format!("Look up a record of the {team} desk by id."),
            "module": format!("app.tools.{module}"),
            "function": "lookup_record",
            "parameters": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
        }));
        let mut team_tools = vec![search_api.clone(), files.clone(), lookup.clone()];
        if t % 2 == 1 {
            let remote = format!("{team}-tickets");
            tools.insert(
                remote.clone(),
                json!({
                    "type": "mcp", "url": format!("http://mcp-tickets.internal:8931/{team}/mcp"),
                    "headers": {"Authorization": "Bearer ${TICKETS_TOKEN}"},
                }),
            );
            team_tools.push(remote);
        }

        let notes = format!("{team}-notes");
        let store = match t % 3 {
            0 => {
                json!({"type": "redis", "url": "${REDIS_URL:redis://localhost:6379/0}", "collection": format!("{team}:notes"), "max_messages": 50, "ttl_s": 86400})
            }
            1 => {
                json!({"type": "postgres", "url": "${DATABASE_URL}", "collection": format!("{}_notes", team.replace('-', "_")), "max_messages": 200})
            }
            _ => {
                json!({"type": "sqlite", "path": format!("./data/{team}/memory.db"), "max_messages": 100})
            }
        };
        memory.insert(notes.clone(), store);
        let kb = format!("{team}-kb");
        memory.insert(
            kb.clone(),
            json!({
                "type": "vector", "embedding_model": embed, "collection": format!("{team}-kb"),
                "dimensions": if embed == "embeddings" { 1536 } else { 3072 }, "top_k": 4 + t % 6,
                "path": format!("./data/{team}/index"),
            }),
        );

        let limits = format!("{team}-limits");
        middleware.insert(limits.clone(), json!({"type": "rate_limit", "requests_per_minute": 60 * (1 + t % 10), "tokens_per_minute": 90_000}));
        let trace = format!("{team}-tracing");
        middleware.insert(
            trace.clone(),
            json!({
                "type": "tracing", "endpoint": format!("http://otel-collector.{team}.svc:4318"),
                "service_name": format!("agents-{team}"), "sample_rate": rng.decimal(0.05, 1.0, 2),
            }),
        );
        let guard = format!("{team}-guardrails");
        let mut denied: Vec<&str> = Vec::new();
        for topic in [
            "medical advice",
            "investment advice",
            "politics",
            "competitor pricing",
            "internal salaries",
        ] {
            if rng.below(2) == 0 {
                denied.push(topic);
            }
        }
        middleware.insert(guard.clone(), json!({"type": "guardrails", "block_pii": true, "max_input_chars": 20_000, "denied_topics": denied}));

        let planner = format!("{team}-planner");
        let researcher = format!("{team}-researcher");
        let writer = format!("{team}-writer");
        let reviewer = format!("{team}-reviewer");
        let checker = format!("{team}-fact-checker");
        let mut delegates = vec![researcher.clone(), writer.clone(), reviewer.clone()];
        if t % 7 == 6 {
            delegates.push(format!("{}-planner", team_name(t - 1)));
        }
        agents.insert(
            planner.clone(),
            json!({
                "model": format!("{team}-fast"),
                "description": format!("Breaks {team} requests into tasks and hands them out."),
                "system_prompt": prompt(&mut rng, "planner", &team),
                "delegates_to": delegates,
                "middleware": [limits.clone(), "retry", "audit_log", trace.clone()],
                "max_iterations": 20,
            }),
        );
        agents.insert(
            researcher.clone(),
            json!({
                "model": format!("{team}-smart"),
                "description": "Finds sources and summarises them.",
                "system_prompt": prompt(&mut rng, "researcher", &team),
                "tools": [search_api.clone(), "web_search", lookup.clone()],
                "memory": kb,
                "middleware": ["retry", trace.clone()],
                "delegates_to": [checker.clone()],
            }),
        );
        agents.insert(
            writer.clone(),
            json!({
                "model": format!("{team}-writer"),
                "system_prompt": prompt(&mut rng, "writer", &team),
                "tools": [files.clone()],
                "memory": notes.clone(),
                "middleware": [guard.clone(), "retry"],
                "delegates_to": [reviewer.clone()],
                "temperature": rng.decimal(0.3, 1.0, 1),
            }),
        );
        agents.insert(
            reviewer.clone(),
            json!({
                "model": format!("{team}-smart"),
                "description": "Checks drafts against the style guide and the sources.",
                "system_prompt": prompt(&mut rng, "reviewer", &team),
                "tools": team_tools.clone(),
                "memory": notes,
                "middleware": [guard, "audit_log"],
                "max_iterations": 5,
            }),
        );
        agents.insert(
            checker,
            json!({
                "model": format!("{team}-fast"),
                "system_prompt": prompt(&mut rng, "fact checker", &team),
                "tools": ["web_search", "calculator", "code_interpreter"],
                "temperature": 0,
            }),
        );
    }

    let first = team_name(0);
    json!({
        "version": 1,
        "name": "agent-platform",
        "description": format!("Generated benchmark stack: {teams} desks of five agents each."),
        "providers": providers,
        "models": models,
        "tools": tools,
        "memory": memory,
        "middleware": middleware,
        "agents": agents,
        "environments": {
            "dev": {
                "description": "Cheaper models while developing.",
                "overrides": {"models": {format!("{first}-smart"): {"name": "gpt-4o-mini"}}},
            },
            "prod": {
                "overrides": {"middleware": {"audit_log": {"level": "warn"}}},
            },
        },
    })
}

/// Puts known errors into an agent stack, spread evenly over its teams: `count` errors,
/// cycling through eight kinds. Returns one line per error (`kind pointer`), in the order
/// they were made; `ref.dangling` is the one kind a plain JSON Schema validator cannot see.
pub fn inject_agent_stack_errors(doc: &mut Value, count: usize) -> Vec<String> {
    let teams = doc["agents"].as_object().map_or(0, |a| a.len() / 5).max(1);
    let mut made = Vec::new();
    for i in 0..count {
        let t = (i * teams / count.max(1)).min(teams - 1);
        let team = team_name(t);
        let (kind, pointer) = match i % 8 {
            0 => {
                doc["models"][format!("{team}-smart")]["temperature"] = json!(2.5);
                (
                    "schema.maximum",
                    format!("/models/{team}-smart/temperature"),
                )
            }
            1 => {
                let key = doc["providers"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .find(|k| k.starts_with(&format!("{team}-")) && !k.ends_with("-backup"))
                    .unwrap()
                    .clone();
                doc["providers"][&key]["type"] = json!("openia");
                ("schema.enum", format!("/providers/{key}/type"))
            }
            2 => {
                let model = doc["models"][format!("{team}-fast")]
                    .as_object_mut()
                    .unwrap();
                let v = model.remove("temperature").unwrap();
                model.insert("temprature".into(), v);
                (
                    "schema.additionalProperties",
                    format!("/models/{team}-fast/temprature"),
                )
            }
            3 => {
                doc["tools"][format!("{team}-search-api")]
                    .as_object_mut()
                    .unwrap()
                    .remove("url");
                ("schema.required", format!("/tools/{team}-search-api"))
            }
            4 => {
                doc["agents"][format!("{team}-writer")]["model"] = json!(format!("{team}-wirter"));
                ("ref.dangling", format!("/agents/{team}-writer/model"))
            }
            5 => {
                doc["models"][format!("{team}-writer")]["max_tokens"] = json!("8192");
                ("schema.type", format!("/models/{team}-writer/max_tokens"))
            }
            6 => {
                doc["middleware"][format!("{team}-limits")]
                    .as_object_mut()
                    .unwrap()
                    .remove("requests_per_minute");
                ("schema.required", format!("/middleware/{team}-limits"))
            }
            _ => {
                doc["agents"][format!("{team}-fact-checker")]["tools"] =
                    json!(["web_search", "calculator", "web_search"]);
                (
                    "schema.uniqueItems",
                    format!("/agents/{team}-fact-checker/tools"),
                )
            }
        };
        made.push(format!("{kind} {pointer}"));
    }
    made
}

/// A Compose file with `apps` applications of five services each (web, api, worker,
/// database, cache) with their networks, volumes, secrets and configs.
pub fn compose(apps: usize) -> Value {
    let mut rng = Rng::new(0xC0_4905E);
    let mut services = Map::new();
    let mut networks = Map::new();
    let mut volumes = Map::new();
    let mut secrets = Map::new();
    let mut configs = Map::new();
    networks.insert("edge".into(), json!({"driver": "bridge"}));
    for a in 0..apps {
        let app = team_name(a);
        let net = format!("{app}-net");
        networks.insert(
            net.clone(),
            json!({"driver": "bridge", "labels": {"com.example.app": app.clone()}}),
        );
        let data = format!("{app}-db-data");
        volumes.insert(
            data.clone(),
            json!({"labels": {"com.example.backup": "daily"}}),
        );
        let cache_data = format!("{app}-cache-data");
        volumes.insert(cache_data.clone(), json!({}));
        let db_password = format!("{app}-db-password");
        secrets.insert(
            db_password.clone(),
            json!({"file": format!("./secrets/{app}/db_password.txt")}),
        );
        let nginx = format!("{app}-nginx-conf");
        configs.insert(
            nginx.clone(),
            json!({"file": format!("./config/{app}/nginx.conf")}),
        );
        let version = format!("{}.{}.{}", 1 + a % 4, rng.below(20), rng.below(10));
        services.insert(format!("{app}-web"), json!({
            "image": format!("registry.example.com/{app}/web:{version}"),
            "restart": "unless-stopped",
            "ports": [format!("{}:80", 10000 + a)],
            "depends_on": {format!("{app}-api"): {"condition": "service_healthy"}},
            "networks": ["edge", net.clone()],
            "configs": [{"source": nginx, "target": "/etc/nginx/conf.d/default.conf"}],
            "labels": {"com.example.app": app.clone(), "com.example.tier": "frontend"},
            "healthcheck": {"test": ["CMD", "curl", "-fsS", "http://localhost/healthz"], "interval": "30s", "timeout": "5s", "retries": 3},
        }));
        services.insert(format!("{app}-api"), json!({
            "image": format!("registry.example.com/{app}/api:{version}"),
            "command": ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000", "--workers", format!("{}", 2 + a % 4)],
            "environment": {
                "DATABASE_HOST": format!("{app}-db"), "DATABASE_USER": "app", "DATABASE_PASSWORD_FILE": "/run/secrets/db_password",
                "CACHE_URL": format!("redis://{app}-cache:6379/0"), "LOG_LEVEL": "info", "WORKERS": format!("{}", 2 + a % 4),
            },
            "depends_on": {format!("{app}-db"): {"condition": "service_healthy"}, format!("{app}-cache"): {"condition": "service_started"}},
            "secrets": [{"source": db_password.clone(), "target": "db_password"}],
            "networks": [net.clone()],
            "deploy": {"replicas": 1 + a % 3, "resources": {"limits": {"cpus": "0.50", "memory": "512M"}}},
            "healthcheck": {"test": ["CMD-SHELL", "curl -fsS http://localhost:8000/health || exit 1"], "interval": "15s", "retries": 5, "start_period": "20s"},
        }));
        services.insert(format!("{app}-worker"), json!({
            "image": format!("registry.example.com/{app}/api:{version}"),
            "command": ["celery", "-A", "app", "worker", "--loglevel=info"],
            "environment": {"DATABASE_HOST": format!("{app}-db"), "CACHE_URL": format!("redis://{app}-cache:6379/1")},
            "depends_on": [format!("{app}-api"), format!("{app}-cache")],
            "secrets": [db_password.clone()],
            "networks": [net.clone()],
            "restart": "on-failure",
        }));
        services.insert(format!("{app}-db"), json!({
            "image": "postgres:16-alpine",
            "environment": {"POSTGRES_USER": "app", "POSTGRES_DB": app.replace('-', "_"), "POSTGRES_PASSWORD_FILE": "/run/secrets/db_password"},
            "volumes": [format!("{data}:/var/lib/postgresql/data")],
            "secrets": [db_password],
            "networks": [net.clone()],
            "healthcheck": {"test": ["CMD-SHELL", "pg_isready -U app"], "interval": "10s", "timeout": "5s", "retries": 5},
        }));
        services.insert(
            format!("{app}-cache"),
            json!({
                "image": "redis:7-alpine",
                "command": ["redis-server", "--appendonly", "yes"],
                "volumes": [format!("{cache_data}:/data")],
                "networks": [net],
            }),
        );
    }
    json!({"name": "platform", "services": services, "networks": networks, "volumes": volumes, "secrets": secrets, "configs": configs})
}

/// Errors for a Compose file: an unknown key, a wrong restart policy, a dangling
/// depends_on, a string where a number goes.
pub fn inject_compose_errors(doc: &mut Value, count: usize) -> Vec<String> {
    let apps = doc["services"]
        .as_object()
        .map_or(0, |s| s.len() / 5)
        .max(1);
    let mut made = Vec::new();
    for i in 0..count {
        let app = team_name((i * apps / count.max(1)).min(apps - 1));
        let (kind, pointer) = match i % 4 {
            0 => {
                doc["services"][format!("{app}-web")]["restart"] = json!("sometimes");
                ("schema.pattern", format!("/services/{app}-web/restart"))
            }
            1 => {
                let s = doc["services"][format!("{app}-cache")]
                    .as_object_mut()
                    .unwrap();
                let v = s.remove("volumes").unwrap();
                s.insert("volume".into(), v);
                (
                    "schema.additionalProperties",
                    format!("/services/{app}-cache/volume"),
                )
            }
            2 => {
                doc["services"][format!("{app}-worker")]["depends_on"] =
                    json!([format!("{app}-apii"), format!("{app}-cache")]);
                (
                    "ref.dangling",
                    format!("/services/{app}-worker/depends_on/0"),
                )
            }
            _ => {
                doc["services"][format!("{app}-api")]["deploy"]["replicas"] = json!("two");
                (
                    "schema.type",
                    format!("/services/{app}-api/deploy/replicas"),
                )
            }
        };
        made.push(format!("{kind} {pointer}"));
    }
    made
}

/// Comments written above some entries, so the YAML reads like a maintained file.
fn comment_for(path: &[&str]) -> Option<String> {
    match path {
        [section, name] if *section == "agents" && name.ends_with("-planner") => Some(format!(
            "{}: the planner hands work to the researcher, writer and reviewer.",
            name.trim_end_matches("-planner")
        )),
        [section, name] if *section == "models" && name.ends_with("-fast") => Some(format!(
            "Models of the {} desk.",
            name.trim_end_matches("-fast")
        )),
        [section, name] if *section == "services" && name.ends_with("-web") => {
            Some(format!("Application {}.", name.trim_end_matches("-web")))
        }
        _ => None,
    }
}

/// Block-style YAML as a person writes it: block maps, flow lists of short scalars, `|`
/// for multi-line text, comments, blank lines between sections. Strings are quoted when
/// YAML 1.1 (js-yaml) or 1.2 could read them as anything but a string.
pub fn to_yaml(value: &Value, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        writeln!(out, "# {line}").unwrap();
    }
    let Value::Object(map) = value else {
        panic!("a document is a map")
    };
    let mut first = true;
    for (key, item) in map {
        if !first && matches!(item, Value::Object(_)) {
            out.push('\n');
        }
        first = false;
        entry(&mut out, 0, key, item, &mut vec![key.as_str()]);
    }
    out
}

fn entry<'a>(
    out: &mut String,
    indent: usize,
    key: &'a str,
    value: &'a Value,
    path: &mut Vec<&'a str>,
) {
    let pad = " ".repeat(indent);
    if let Some(c) = comment_for(path) {
        writeln!(out, "{pad}# {c}").unwrap();
    }
    write!(out, "{pad}{}:", key_text(key)).unwrap();
    node(out, indent, value, path);
}

/// Writes what follows `key:` or `- `.
fn node<'a>(out: &mut String, indent: usize, value: &'a Value, path: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str(" {}\n"),
        Value::Object(map)
            if path.len() >= 4 && map.len() <= 2 && map.values().all(is_flow_scalar) =>
        {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", key_text(k), scalar(v, true)))
                .collect();
            writeln!(out, " {{ {} }}", items.join(", ")).unwrap();
        }
        Value::Object(map) => {
            out.push('\n');
            for (k, v) in map {
                path.push(k);
                entry(out, indent + 2, k, v, path);
                path.pop();
            }
        }
        Value::Array(items) if items.is_empty() => out.push_str(" []\n"),
        Value::Array(items)
            if items.iter().all(is_flow_scalar)
                && items
                    .iter()
                    .map(|i| scalar(i, true).len() + 2)
                    .sum::<usize>()
                    < 90 =>
        {
            let items: Vec<String> = items.iter().map(|i| scalar(i, true)).collect();
            writeln!(out, " [{}]", items.join(", ")).unwrap();
        }
        Value::Array(items) => {
            out.push('\n');
            let pad = " ".repeat(indent + 2);
            for item in items {
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        // `- first: v` then the other keys aligned under `first`.
                        for (i, (k, v)) in map.iter().enumerate() {
                            if i == 0 {
                                write!(out, "{pad}- {}:", key_text(k)).unwrap();
                            } else {
                                write!(out, "{pad}  {}:", key_text(k)).unwrap();
                            }
                            path.push(k);
                            node(out, indent + 4, v, path);
                            path.pop();
                        }
                    }
                    other => {
                        write!(out, "{pad}-").unwrap();
                        node(out, indent + 2, other, path);
                    }
                }
            }
        }
        Value::String(s) if s.contains('\n') => {
            let chomp = if s.ends_with('\n') && !s.ends_with("\n\n") {
                ""
            } else {
                "-"
            };
            writeln!(out, " |{chomp}").unwrap();
            let pad = " ".repeat(indent + 2);
            for line in s.trim_end_matches('\n').split('\n') {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    writeln!(out, "{pad}{line}").unwrap();
                }
            }
        }
        scalar_value => writeln!(out, " {}", scalar(scalar_value, false)).unwrap(),
    }
}

fn is_flow_scalar(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.contains('\n') && s.len() <= 60,
        Value::Object(_) | Value::Array(_) => false,
        _ => true,
    }
}

fn key_text(key: &str) -> String {
    if plain_ok(key, true) {
        key.to_string()
    } else {
        Value::String(key.to_string()).to_string()
    }
}

fn scalar(value: &Value, flow: bool) -> String {
    match value {
        Value::String(s) if plain_ok(s, flow) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a string can be written plain and still read back as the same string under both
/// YAML 1.2 (Trellis) and YAML 1.1 (js-yaml, used by ajv-cli).
fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic()
        || first == '/'
        || first == '_'
        || first == '$'
        || (first == '.' && s.len() > 1 && !s[1..].starts_with('.')))
    {
        return false;
    }
    if s.ends_with(' ')
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains('\t')
    {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    if s.chars().any(|c| c.is_control() || !c.is_ascii()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~" | ".inf" | ".nan"
    )
}

/// How many teams make a document of about `target` units, where `measure` gives the units
/// of a document of `n` teams (bytes or lines). Grows linearly, so two probes suffice.
pub fn teams_for(target: usize, measure: impl Fn(usize) -> usize) -> usize {
    let small = 20;
    let a = measure(small);
    let b = measure(small * 2);
    let per_team = (b - a) as f64 / small as f64;
    let fixed = a as f64 - per_team * small as f64;
    (((target as f64 - fixed) / per_team).round() as usize).max(1)
}
