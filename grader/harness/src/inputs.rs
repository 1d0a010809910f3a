//! Inputs the checks of element-wise functions share.

use crate::checks::Context;
use rand::Rng;

/// How a message names [`wide`]'s inputs, never listing them.
pub const WIDE: &str = "|z| up to 1000";

/// Seeded inputs for an element-wise function: most uniform in ±60, some up to ±1000, some near
/// 0, plus the places where a careless formula breaks: ±0, tiny values, and past the points
/// where `exp` overflows (88.7 in f32, 709.8 in f64).
pub fn wide(ctx: &Context) -> Vec<f64> {
    let mut rng = ctx.rng();
    let mut zs: Vec<f64> = (0..300).map(|_| rng.gen_range(-60.0..60.0)).collect();
    zs.extend((0..100).map(|_| rng.gen_range(-1000.0..1000.0)));
    zs.extend((0..100).map(|_| rng.gen_range(-4.0..4.0)));
    zs.extend([
        0.0, -0.0, 1e-7, -1e-7, -89.0, 89.0, -100.0, 100.0, -710.0, 710.0, -1000.0, 1000.0,
    ]);
    zs
}
