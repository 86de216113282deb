//! Git-backed versioning of a Trellis workspace.
