//! Reusable pieces of the window.

pub mod assistant;
pub mod bitmap;
pub mod canvas;
pub mod close_dialog;
pub mod compare;
pub mod error_banner;
pub mod gallery;
pub mod graph_view;
pub mod history;
pub mod inspector;
pub mod outline;
pub mod palette;
pub mod problems;
pub mod sidebar;
pub mod source;
pub mod source_editor;
pub mod status_bar;
pub mod viewbox;
