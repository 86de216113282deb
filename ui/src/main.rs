//! `trellis-ui` is the Trellis user interface, a Yew app compiled to WebAssembly and hosted in
//! the desktop window of `trellis-app`.
//!
//! Invariants: the backend owns every document; the UI renders the snapshots (`DocumentDto`)
//! it receives and sends edit requests, it never parses or validates configuration itself.
//! `ipc` is the only module that talks to the backend. All state lives in one reducer
//! (`state::AppState`) provided by context; async work dispatches actions into it.

mod app;
mod components;
mod ipc;
mod markdown;
mod state;
mod views;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
