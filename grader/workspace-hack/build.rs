//! Empty: it exists so that this crate's `[build-dependencies]` can unify syn's features with
//! the rest of the workspace (see Cargo.toml).
fn main() {}
