//! `trellis-e2e` drives the real Trellis window end to end: it starts a private X server
//! (Xvfb), the WebDriver bridge (`tauri-driver`, which runs `WebKitWebDriver`), launches the
//! built `trellis-app` against a temporary workspace and data directory, and talks W3C
//! WebDriver over HTTP.
//!
//! Invariants: every process it starts is stopped when the `App` is dropped, also when a test
//! fails (a failing test leaves a screenshot under `target/e2e-screenshots/`). A missing
//! prerequisite fails the test with a message naming it, unless `TRELLIS_E2E=skip` is set, in
//! which case the test prints `skipped: …` and passes.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

/// The W3C key codes the tests press.
pub mod keys {
    pub const CONTROL: &str = "\u{E009}";
    pub const SHIFT: &str = "\u{E008}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const TAB: &str = "\u{E004}";
    pub const ARROW_DOWN: &str = "\u{E015}";
    pub const DELETE: &str = "\u{E017}";
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The repository root (this crate lives in `<root>/tests`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                repo_root().join(dir)
            }
        }
        None => repo_root().join("target"),
    }
}

/// Where tests put screenshots for people to look at.
pub fn screenshot_dir() -> PathBuf {
    target_dir().join("e2e-screenshots")
}

fn find_program(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

struct Tools {
    app: PathBuf,
    driver: PathBuf,
    xvfb: PathBuf,
}

fn find_tools() -> Result<Tools, String> {
    // `TRELLIS_E2E_PROFILE=release` drives a release build (for the canvas benchmark).
    let profile = std::env::var("TRELLIS_E2E_PROFILE").unwrap_or_else(|_| "debug".into());
    let app = target_dir().join(profile).join("trellis-app");
    let mut missing = Vec::new();
    if !app.is_file() {
        missing.push(format!(
            "the app binary {} (build it: trunk build && cargo build -p trellis-app)",
            app.display()
        ));
    }
    let driver = find_program("tauri-driver");
    if driver.is_none() {
        missing.push("tauri-driver (cargo install --locked tauri-driver)".into());
    }
    if find_program("WebKitWebDriver").is_none() {
        missing.push("WebKitWebDriver (apt-get install webkit2gtk-driver)".into());
    }
    let xvfb = find_program("Xvfb");
    if xvfb.is_none() {
        missing.push("Xvfb (apt-get install xvfb)".into());
    }
    match (driver, xvfb) {
        (Some(driver), Some(xvfb)) if missing.is_empty() => Ok(Tools { app, driver, xvfb }),
        _ => Err(format!(
            "missing end-to-end prerequisites: {} (scripts/bootstrap.sh installs them)",
            missing.join("; ")
        )),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

/// Starts Xvfb on a display nobody uses. Tests run in parallel (threads of one process, or
/// one process each), so numbers are spread by process id and a counter, and a server that
/// exits because its display was taken meanwhile is retried on the next number.
fn start_xvfb(xvfb: &Path) -> (Guard, u32) {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let spread = 100 + (std::process::id() % 200) * 3;
    for _ in 0..20 {
        let n = spread + NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if display_in_use(n) {
            continue;
        }
        let child = Command::new(xvfb)
            .args([
                format!(":{n}").as_str(),
                "-screen",
                "0",
                "1440x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut guard = Guard(Some(child));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (guard, n);
            }
            let exited = guard
                .0
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
                .is_some();
            if exited {
                break;
            }
            sleep(Duration::from_millis(50));
        }
    }
    panic!("could not start Xvfb on a free display");
}

/// Whether an X server holds display `n`. A lock file whose process is gone (a server that
/// was killed) is stale: it is removed, with its socket, so the number can be used again.
fn display_in_use(n: u32) -> bool {
    let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let owner = std::fs::read_to_string(&lock)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok());
    match owner {
        Some(pid) if Path::new(&format!("/proc/{pid}")).exists() => true,
        Some(_) => {
            let _ = std::fs::remove_file(&lock);
            let _ = std::fs::remove_file(&socket);
            false
        }
        // No lock (or one being written right now): trust the socket.
        None => lock.exists() || socket.exists(),
    }
}

/// Stops a child process when dropped: politely first (an X server removes its lock file and
/// socket on SIGTERM), then for good.
struct Guard(Option<Child>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .stderr(Stdio::null())
                .status();
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(2) {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Stops a whole process group (the driver, its WebKitWebDriver and the app) when dropped.
struct GroupGuard {
    group: Option<u32>,
    _leader: Guard,
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if let Some(group) = self.group.take() {
            let _ = Command::new("kill")
                .args(["-TERM", "--", &format!("-{group}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// A WebDriver element reference.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Element {
    fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

/// A running Trellis window under test.
pub struct App {
    name: String,
    display: u32,
    driver_group: u32,
    base: String,
    agent: ureq::Agent,
    /// The folder the app was started on.
    pub workspace: PathBuf,
    _dirs: Vec<tempfile::TempDir>,
    // Dropped after the session is closed, in this order.
    driver: GroupGuard,
    xvfb: Guard,
}

impl App {
    /// Starts the app on a fresh workspace that `setup` fills with files. Returns `None` (after
    /// printing `skipped: …`) when prerequisites are missing and `TRELLIS_E2E=skip` is set.
    pub fn launch(name: &str, setup: impl FnOnce(&Path)) -> Option<App> {
        let tools = match find_tools() {
            Ok(t) => t,
            Err(why) if std::env::var("TRELLIS_E2E").as_deref() == Ok("skip") => {
                // Straight to the process's stderr, past the test harness's output capture.
                let _ = writeln!(std::io::stderr(), "skipped: {name}: {why}");
                return None;
            }
            Err(why) => panic!(
                "{why}\n(set TRELLIS_E2E=skip to skip end-to-end tests on a machine without them)"
            ),
        };
        let workspace_dir = tempfile::Builder::new()
            .prefix("trellis-e2e-ws-")
            .tempdir()
            .expect("temp dir");
        let data_dir = tempfile::Builder::new()
            .prefix("trellis-e2e-data-")
            .tempdir()
            .expect("temp dir");
        let workspace = workspace_dir.path().join("project");
        std::fs::create_dir_all(&workspace).expect("create the workspace");
        setup(&workspace);

        let (xvfb, display) = start_xvfb(&tools.xvfb);

        let port = free_port();
        let native_port = free_port();
        let log = std::fs::File::create(target_dir().join(format!("e2e-{name}-driver.log"))).ok();
        let mut command = Command::new(&tools.driver);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", format!(":{display}"))
            .env("TRELLIS_DATA_DIR", data_dir.path())
            .env("TRELLIS_WORKSPACE", &workspace)
            .stdin(Stdio::null())
            // Its own process group, so teardown also reaches WebKitWebDriver and the app.
            .process_group(0);
        match log.and_then(|l| Some((l.try_clone().ok()?, l))) {
            Some((out, err)) => command.stdout(out).stderr(err),
            None => command.stdout(Stdio::null()).stderr(Stdio::null()),
        };
        let driver = Guard(Some(command.spawn().expect("start tauri-driver")));
        let driver_group = driver.0.as_ref().map(|c| c.id());
        let driver = GroupGuard {
            group: driver_group,
            _leader: driver,
        };

        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(90)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        wait_until(Duration::from_secs(20), "tauri-driver to listen", || {
            agent
                .get(format!("{base}/status"))
                .call()
                .is_ok_and(|r| r.status().is_success())
        });

        let mut app = App {
            name: name.to_string(),
            display,
            driver_group: driver_group.unwrap_or(0),
            base,
            agent,
            workspace,
            _dirs: vec![workspace_dir, data_dir],
            driver,
            xvfb,
        };
        let caps = json!({
            "capabilities": {
                "alwaysMatch": { "tauri:options": { "application": tools.app } }
            }
        });
        let reply = app.request("POST", "/session", Some(caps));
        let id = reply["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {reply}"))
            .to_string();
        app.base = format!("{}/session/{id}", app.base);
        Some(app)
    }

    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_request(method, path, body)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let reply = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, Some(body)) => self.agent.post(&url).send_json(&body),
            (_, None) => self.agent.post(&url).send_json(json!({})),
        };
        let mut reply = reply.map_err(|e| format!("WebDriver {method} {path} failed: {e}"))?;
        let status = reply.status();
        let mut text = String::new();
        let _ = reply.body_mut().as_reader().read_to_string(&mut text);
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!(
                "WebDriver {method} {path} answered {status}: {text}"
            ));
        }
        Ok(value.get("value").cloned().unwrap_or(Value::Null))
    }

    fn try_find(&self, css: &str) -> Option<Element> {
        let url = format!("{}/element", self.base);
        let mut reply = self
            .agent
            .post(&url)
            .send_json(json!({ "using": "css selector", "value": css }))
            .ok()?;
        if !reply.status().is_success() {
            return None;
        }
        let value: Value = reply.body_mut().read_json().ok()?;
        value["value"][ELEMENT_KEY]
            .as_str()
            .map(|id| Element(id.to_string()))
    }

    /// Waits up to 20 seconds for an element matching `css`.
    pub fn find(&self, css: &str) -> Element {
        let start = Instant::now();
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("no element matches `{css}` after 20 s");
            }
            sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, element: &Element) {
        self.request("POST", &format!("/element/{}/click", element.0), None);
    }

    /// The element's rendered text (`innerText`). The WebDriver "element text" command is
    /// not used: WebKitWebDriver reports "" for text in `overflow: hidden` boxes.
    /// Clicks something that quits the app: the reply may never come, so it is not checked;
    /// callers check the outcome (e.g. with `app_running`).
    pub fn click_to_quit(&self, element: &Element) {
        let _ = self.try_request("POST", &format!("/element/{}/click", element.0), None);
    }

    pub fn text(&self, element: &Element) -> String {
        self.script("return arguments[0].innerText;", vec![element.to_json()])
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// How many elements match `css` right now (0 when none: no waiting).
    pub fn count(&self, css: &str) -> u64 {
        self.script(
            "return document.querySelectorAll(arguments[0]).length;",
            vec![json!(css)],
        )
        .as_u64()
        .unwrap_or(0)
    }

    /// The current value of a form field (what the user typed so far).
    pub fn field_value(&self, element: &Element) -> String {
        self.script("return arguments[0].value;", vec![element.to_json()])
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        self.request(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            None,
        )
        .as_str()
        .map(str::to_string)
    }

    /// Runs a script in the page and returns its result.
    pub fn script(&self, script: &str, args: Vec<Value>) -> Value {
        self.request(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    pub fn title(&self) -> String {
        self.request("GET", "/title", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Types `text` into whatever has focus, as key presses.
    pub fn type_text(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({ "type": "keyDown", "value": c.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": c.to_string() }));
        }
        self.key_actions(actions);
    }

    /// Presses `key` with the given modifiers held, e.g. `chord(&[keys::CONTROL], "s")`.
    pub fn chord(&self, modifiers: &[&str], key: &str) {
        let mut actions = Vec::new();
        for m in modifiers {
            actions.push(json!({ "type": "keyDown", "value": m }));
        }
        actions.push(json!({ "type": "keyDown", "value": key }));
        actions.push(json!({ "type": "keyUp", "value": key }));
        for m in modifiers.iter().rev() {
            actions.push(json!({ "type": "keyUp", "value": m }));
        }
        self.key_actions(actions);
    }

    fn key_actions(&self, actions: Vec<Value>) {
        self.request(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
        self.request("DELETE", "/actions", None);
    }

    /// Drags with the mouse as a person does: presses on the centre of `element` (offset by
    /// `from`), moves by (`dx`, `dy`) in steps, and releases. W3C pointer actions, which
    /// reach the page as pointer events.
    pub fn drag(&self, element: &Element, from: (i64, i64), dx: i64, dy: i64) {
        self.drag_with(element, from, dx, dy, &[]);
    }

    /// Clicks the middle of `element` with the mouse (pointer actions), whatever is drawn
    /// on top there — for SVG shapes, which WebDriver's element click refuses.
    pub fn click_at(&self, element: &Element) {
        self.drag(element, (0, 0), 0, 0);
    }

    /// [`App::drag`] with modifier keys held (e.g. `&[keys::SHIFT]`) from before the press
    /// until after the release.
    pub fn drag_with(
        &self,
        element: &Element,
        from: (i64, i64),
        dx: i64,
        dy: i64,
        modifiers: &[&str],
    ) {
        // Viewport coordinates, taken once: the element may be redrawn (replaced) while the
        // pointer moves, and WebDriver would then call an element origin stale.
        let (cx, cy) = self.centre(element);
        let origin = json!("viewport");
        let (x, y) = (cx + from.0, cy + from.1);
        let pause = || json!({ "type": "pause", "duration": 0 });
        // Tick by tick: modifiers go down, the pointer drags, modifiers come up.
        let mut keys = Vec::new();
        let mut pointer = Vec::new();
        for m in modifiers {
            keys.push(json!({ "type": "keyDown", "value": m }));
            pointer.push(pause());
        }
        let mut drag = vec![
            json!({ "type": "pointerMove", "duration": 0, "origin": origin, "x": x, "y": y }),
            json!({ "type": "pointerDown", "button": 0 }),
        ];
        for step in 1..=5 {
            drag.push(json!({
                "type": "pointerMove", "duration": 40, "origin": origin,
                "x": x + dx * step / 5, "y": y + dy * step / 5,
            }));
        }
        drag.push(json!({ "type": "pointerUp", "button": 0 }));
        for action in drag {
            keys.push(pause());
            pointer.push(action);
        }
        for m in modifiers.iter().rev() {
            keys.push(json!({ "type": "keyUp", "value": m }));
            pointer.push(pause());
        }
        let mut sources = vec![json!({
            "type": "pointer", "id": "mouse",
            "parameters": { "pointerType": "mouse" },
            "actions": pointer,
        })];
        if !modifiers.is_empty() {
            sources.push(json!({ "type": "key", "id": "keyboard", "actions": keys }));
        }
        self.request("POST", "/actions", Some(json!({ "actions": sources })));
        self.request("DELETE", "/actions", None);
    }

    /// The middle of `element` in viewport pixels.
    fn centre(&self, element: &Element) -> (i64, i64) {
        let centre = self.script(
            "const r = arguments[0].getBoundingClientRect();\
             return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];",
            vec![element.to_json()],
        );
        (
            centre[0].as_i64().unwrap_or_default(),
            centre[1].as_i64().unwrap_or_default(),
        )
    }

    /// Presses `element` at `from` (pixels from its middle), moves the pointer by (`dx`,
    /// `dy`) in five steps, calls `during` while the button is still down, then releases.
    pub fn drag_holding(
        &self,
        element: &Element,
        from: (i64, i64),
        (dx, dy): (i64, i64),
        during: impl FnOnce(&App),
    ) {
        let (cx, cy) = self.centre(element);
        let (x, y) = (cx + from.0, cy + from.1);
        let origin = json!("viewport");
        let mut pointer = vec![
            json!({ "type": "pointerMove", "duration": 0, "origin": origin, "x": x, "y": y }),
            json!({ "type": "pointerDown", "button": 0 }),
        ];
        for step in 1..=5 {
            pointer.push(json!({
                "type": "pointerMove", "duration": 40, "origin": origin,
                "x": x + dx * step / 5, "y": y + dy * step / 5,
            }));
        }
        let source = |actions: Vec<Value>| {
            json!({ "actions": [{
                "type": "pointer", "id": "mouse",
                "parameters": { "pointerType": "mouse" },
                "actions": actions,
            }] })
        };
        self.request("POST", "/actions", Some(source(pointer)));
        during(self);
        self.request(
            "POST",
            "/actions",
            Some(source(vec![json!({ "type": "pointerUp", "button": 0 })])),
        );
        self.request("DELETE", "/actions", None);
    }

    /// Waits until the first document is open and its validation has been shown, as a person
    /// waits for a window to settle before typing into it.
    pub fn wait_settled(&self) {
        self.wait_for(
            "the document to open and validate",
            Duration::from_secs(30),
            |a| {
                a.script(
                    "const p = document.querySelector('[data-testid=status-problems]');\
                 const s = document.querySelector('[data-testid=status-state]');\
                 return !!p && p.hasAttribute('data-errors') && !!s && s.dataset.state !== 'busy';",
                    vec![],
                ) == Value::Bool(true)
            },
        );
    }

    /// Waits up to `timeout` for `check` to hold; panics with `what` otherwise.
    pub fn wait_for(&self, what: &str, timeout: Duration, mut check: impl FnMut(&App) -> bool) {
        let start = Instant::now();
        while !check(self) {
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}");
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/<name>.png` and returns its path.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        self.try_screenshot(name)
            .unwrap_or_else(|e| panic!("screenshot {name}: {e}"))
    }

    /// Like `screenshot`, but never panics (it runs while a failing test unwinds).
    fn try_screenshot(&self, name: &str) -> Result<PathBuf, String> {
        // WebKitWebDriver now and then answers a snapshot with an empty "unknown error" while
        // the page is repainting; a moment later the same request succeeds.
        let mut attempt = 0;
        let png = loop {
            match self.snapshot_png() {
                Ok(png) => break png,
                Err(e) if attempt < 5 => {
                    attempt += 1;
                    eprintln!("screenshot {name}: {e}; trying again");
                    sleep(Duration::from_millis(200));
                }
                Err(e) => return Err(e),
            }
        };
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        println!("screenshot: {}", path.display());
        Ok(path)
    }
}

impl App {
    fn snapshot_png(&self) -> Result<Vec<u8>, String> {
        let mut reply = self
            .agent
            .get(format!("{}/screenshot", self.base))
            .call()
            .map_err(|e| e.to_string())?;
        let value: Value = reply.body_mut().read_json().map_err(|e| e.to_string())?;
        base64::engine::general_purpose::STANDARD
            .decode(
                value["value"]
                    .as_str()
                    .ok_or_else(|| format!("no image in {value}"))?,
            )
            .map_err(|e| e.to_string())
    }

    /// Asks the window to close the way a window manager's close button does (a
    /// `WM_DELETE_WINDOW` message), so the app's close handling runs.
    pub fn request_close(&self) {
        use x11rb::connection::Connection;
        use x11rb::protocol::xproto::{AtomEnum, ClientMessageEvent, ConnectionExt, EventMask};

        let (conn, screen) =
            x11rb::connect(Some(&format!(":{}", self.display))).expect("connect to Xvfb");
        let atom = |name: &[u8]| {
            conn.intern_atom(false, name)
                .expect("intern")
                .reply()
                .expect("atom")
                .atom
        };
        let (protocols, delete) = (atom(b"WM_PROTOCOLS"), atom(b"WM_DELETE_WINDOW"));
        let root = conn.setup().roots[screen].root;
        let mut sent = 0;
        for window in conn
            .query_tree(root)
            .expect("query tree")
            .reply()
            .expect("tree")
            .children
        {
            let class = conn
                .get_property(false, window, AtomEnum::WM_CLASS, AtomEnum::STRING, 0, 64)
                .expect("get WM_CLASS")
                .reply()
                .expect("WM_CLASS");
            if class.value.windows(11).any(|w| w == b"trellis-app") {
                let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
                conn.send_event(false, window, EventMask::NO_EVENT, event)
                    .expect("send close");
                sent += 1;
            }
        }
        conn.flush().expect("flush");
        assert!(sent > 0, "no Trellis window on display :{}", self.display);
    }

    /// The title of the app's native window (`_NET_WM_NAME`), as a window manager shows it.
    pub fn native_title(&self) -> Option<String> {
        use x11rb::connection::Connection;
        use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, MapState};

        let (conn, screen) = x11rb::connect(Some(&format!(":{}", self.display))).ok()?;
        let atom = |name: &[u8]| Some(conn.intern_atom(false, name).ok()?.reply().ok()?.atom);
        let (net_wm_name, utf8) = (atom(b"_NET_WM_NAME")?, atom(b"UTF8_STRING")?);
        let root = conn.setup().roots[screen].root;
        let windows = conn.query_tree(root).ok()?.reply().ok()?.children;
        let title = windows.into_iter().find_map(|window| {
            let class = conn
                .get_property(false, window, AtomEnum::WM_CLASS, AtomEnum::STRING, 0, 64)
                .ok()?
                .reply()
                .ok()?;
            if !class.value.windows(11).any(|w| w == b"trellis-app") {
                return None;
            }
            // GTK also creates an unmapped group-leader window with the same class.
            let attributes = conn.get_window_attributes(window).ok()?.reply().ok()?;
            if attributes.map_state != MapState::VIEWABLE {
                return None;
            }
            let name = conn
                .get_property(false, window, net_wm_name, utf8, 0, 1024)
                .ok()?
                .reply()
                .ok()?;
            Some(String::from_utf8_lossy(&name.value).into_owned()).filter(|n| !n.is_empty())
        });
        title
    }

    /// Whether the app process (started by WebKitWebDriver in the driver's process group) is
    /// still running.
    pub fn app_running(&self) -> bool {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return false;
        };
        entries.flatten().any(|entry| {
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                return false;
            };
            let Some((head, rest)) = stat.rsplit_once(") ") else {
                return false;
            };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            head.ends_with("(trellis-app")
                && fields
                    .first()
                    .is_some_and(|state| *state != "Z" && *state != "X")
                && fields.get(2).and_then(|g| g.parse::<u32>().ok()) == Some(self.driver_group)
        })
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let name = format!("{}-failure", self.name);
            if let Err(e) = self.try_screenshot(&name) {
                eprintln!("no failure screenshot: {e}");
            }
        }
        // Ends the session, which closes the app; the guards then stop the driver and Xvfb.
        let quick: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let _ = quick.delete(&self.base).call();
        let _ = (&self.driver, &self.xvfb);
    }
}

fn wait_until(timeout: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        if start.elapsed() > timeout {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        sleep(Duration::from_millis(100));
    }
}
