//! Redraws every figure committed to the course, from the reference solutions:
//! `cargo run -p lesson-demos --bin figures`. The list is `lesson_demos::figures::FIGURES`.

use anyhow::Context as _;
use lesson_demos::figures::FIGURES;

fn main() -> anyhow::Result<()> {
    let root = lessons::course_root();
    for figure in &FIGURES {
        let path = root.join(figure.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        (figure.draw)(&path).with_context(|| format!("drawing {}", figure.path))?;
        println!("{:<54} {}", figure.path, figure.shows);
    }
    println!(
        "\n{} figures redrawn; `git status` shows which changed.",
        FIGURES.len()
    );
    Ok(())
}
