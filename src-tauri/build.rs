fn main() {
    // The app embeds the UI Trunk builds into ui/dist (file names carry content hashes): a
    // new UI build must rebuild the app, or it would point at files that no longer exist.
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build()
}
