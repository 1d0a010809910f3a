//! The speed of the training loop: the median time per epoch of `train` (1000 epochs of
//! full-batch Adam on the 100-point toy data), over several runs, for every activation.
//!
//! ```text
//! cargo bench -p tanh-swap-solution --bench tanh_swap_epoch                 # release (bench profile)
//! cargo bench -p tanh-swap-solution --bench tanh_swap_epoch --profile dev   # dev, dependencies at opt-level 3
//! ```
//!
//! A plain program (`harness = false`), so it needs no benchmarking crate. The figure to compare
//! with is the lesson's PyTorch loop on the same machine: about 200 µs per epoch.

use anyhow::Context as _;
use std::time::Instant;
use tanh_swap_solution::{toy_data, train, Activation, EPOCHS, POINTS};

const REPEATS: usize = 9;

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench` to a harness-less bench: there is nothing to parse.
    let profile = if cfg!(debug_assertions) {
        "dev (dependencies at opt-level 3)"
    } else {
        "release"
    };
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "unset".to_string());
    println!("tanh-swap training loop, {profile} build, RAYON_NUM_THREADS={threads}");
    println!("{EPOCHS} epochs on {POINTS} points, median of {REPEATS} runs:\n");
    println!("| activation | µs per epoch (median) | fastest | slowest | one run (ms) |");
    println!("|---|---|---|---|---|");
    let (x, y) = toy_data(POINTS).context("making the toy data")?;
    // one warm-up run: first-touch allocations and page faults are not the loop's cost
    train(&x, &y, Activation::Tanh, 0, EPOCHS).context("the warm-up run")?;
    for activation in Activation::ALL {
        let mut per_epoch: Vec<f64> = Vec::with_capacity(REPEATS);
        for seed in 0..REPEATS as u64 {
            let started = Instant::now();
            let trained = train(&x, &y, activation, seed, EPOCHS)
                .with_context(|| format!("training with {activation} from seed {seed}"))?;
            let elapsed = started.elapsed().as_secs_f64();
            std::hint::black_box(trained.final_loss());
            per_epoch.push(elapsed * 1e6 / EPOCHS as f64);
        }
        per_epoch.sort_by(f64::total_cmp);
        let median = per_epoch[REPEATS / 2];
        println!(
            "| {activation} | {median:.1} | {:.1} | {:.1} | {:.1} |",
            per_epoch[0],
            per_epoch[REPEATS - 1],
            median * EPOCHS as f64 / 1000.0
        );
    }
    Ok(())
}
