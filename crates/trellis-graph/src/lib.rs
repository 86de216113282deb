//! The dependency graph of a configuration and its layered layout.
