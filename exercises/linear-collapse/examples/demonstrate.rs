//! The lesson's experiment: `cargo run -p linear-collapse --example demonstrate [SEED]`.
//!
//! A stack of eight linear layers collapses to one layer with the same outputs; with ReLU
//! between the same layers it does not, and the non-linearity measure says by how much.

use candle_core::DType;
use linear_collapse::demonstrate;

/// Four inputs, seven hidden layers of 32, two outputs: eight layers in all.
const SIZES: [usize; 9] = [4, 32, 32, 32, 32, 32, 32, 32, 2];

fn main() -> candle_core::Result<()> {
    let seed = match std::env::args().nth(1) {
        Some(text) => match text.parse::<u64>() {
            Ok(seed) => seed,
            Err(_) => candle_core::bail!("the seed must be a whole number, got {text:?}"),
        },
        None => 0,
    };
    for dtype in [DType::F32, DType::F64] {
        println!("{}\n", demonstrate(&SIZES, seed, dtype)?);
    }
    Ok(())
}
