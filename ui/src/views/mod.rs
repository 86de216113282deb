//! The main-area views.

pub mod document;
