use std::hash::{Hash, Hasher};

fn main() {
    // The app embeds the UI Trunk builds into ui/dist, whose file names carry content hashes.
    // `tauri::generate_context!` reads it while compiling the crate, which cargo cannot see:
    // so the build script names the UI build (a hash of its index.html) in an environment
    // variable of the crate, and a new UI build recompiles the app instead of leaving it
    // pointing at files that no longer exist.
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=../ui/dist/index.html");
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::fs::read("../ui/dist/index.html")
        .unwrap_or_default()
        .hash(&mut hasher);
    println!("cargo:rustc-env=TRELLIS_UI_BUILD={:016x}", hasher.finish());
    tauri_build::build()
}
