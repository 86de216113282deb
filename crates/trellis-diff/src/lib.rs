//! Structural and text diffs of configuration documents.
