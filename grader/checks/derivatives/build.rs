// Written by `cargo run -p grader -- dev sync`: edit grader/catalogue.toml, not this file.
// The check registry (`checks()` in main.rs) is generated from the catalogue.
fn main() {
    course_catalogue::registry::generate();
}
