use rand::rngs::StdRng;
use rand::SeedableRng;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a student sees the inputs of a failed check (`Visible`), or only which property failed.
///
/// The points and visibility that count are the catalogue's (`grader/catalogue.toml`); this one
/// is what the check's author wrote the message for, and a workspace test keeps both equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Visible,
    Hidden,
}

/// One graded property of an exercise.
pub struct Check {
    /// Stable id, the key in the catalogue and in every report (`relu_values`).
    pub id: &'static str,
    pub visibility: Visibility,
    pub run: fn(&Context) -> CheckResult,
}

/// Why a check did not pass: a message for the student.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Student code that returns an error fails the check with that error as the message.
impl From<candle_core::Error> for Failure {
    fn from(err: candle_core::Error) -> Self {
        Failure(format!("your code returned an error: {err}"))
    }
}

pub type CheckResult = Result<(), Failure>;

/// The failure of a check whose call of the student's function returned `err`; `function` is
/// its name, or a check's label that starts with it (`swish (expected z·σ(z))`).
pub fn returned_an_error(function: &str, err: impl fmt::Display) -> Failure {
    let name = function.split_whitespace().next().unwrap_or(function);
    Failure(format!("your `{name}` returned an error: {err}"))
}

/// Calls a student's function, and fails the check naming that function when it returns an
/// error (a shape mismatch deep inside candle says nothing of where it came from):
/// `student!(swish::swish(&z))?`, or, for a method of the student's type, with the name to show:
/// `student!("Net::forward" => net.forward(&x))?`.
#[macro_export]
macro_rules! student {
    ($krate:ident :: $function:ident ( $($arg:expr),* $(,)? )) => {
        $krate::$function($($arg),*)
            .map_err(|err| $crate::returned_an_error(stringify!($function), format!("{err:#}")))
    };
    ($name:literal => $call:expr) => {
        ($call).map_err(|err| $crate::returned_an_error($name, format!("{err:#}")))
    };
}

/// Builds a [`Failure`] from a format string: `return Err(fail!("expected {x}"))`.
#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => { $crate::Failure(format!($($arg)*)) };
}

/// What a check is given: the seed, its parameters from the catalogue, and a place to write.
pub struct Context {
    pub(crate) check_id: String,
    pub(crate) seed: u64,
    pub(crate) params: BTreeMap<String, f64>,
    pub(crate) work_dir: PathBuf,
    /// Set when the check reads the seed ([`Context::seed`], [`Context::rng`]).
    pub(crate) seed_read: std::sync::atomic::AtomicBool,
}

impl Context {
    /// A context for running a check outside the grader (the check crates' own tests).
    pub fn for_test(check_id: &str, seed: u64, params: &[(&str, f64)], work_dir: &Path) -> Self {
        Context {
            check_id: check_id.to_string(),
            seed,
            params: params.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            work_dir: work_dir.to_path_buf(),
            seed_read: Default::default(),
        }
    }

    /// The grading seed; the same seed always draws the same inputs.
    pub fn seed(&self) -> u64 {
        self.mark_seed_read();
        self.seed
    }

    fn mark_seed_read(&self) {
        self.seed_read
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the check has read the seed, directly or through [`Context::rng`].
    pub fn seed_was_read(&self) -> bool {
        self.seed_read.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A generator for this check's random inputs, derived from the seed and the check's id so
    /// that checks do not share (and cannot shift) each other's draws.
    pub fn rng(&self) -> StdRng {
        self.mark_seed_read();
        // FNV-1a over the id: stable across platforms and Rust versions, unlike `DefaultHasher`.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.check_id.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        StdRng::seed_from_u64(self.seed ^ hash)
    }

    /// A number from the catalogue's entry for this check (`params = { tolerance = 1e-6 }`).
    ///
    /// A literal `name` the check's catalogue entry lacks does not compile: the check registry
    /// reads every check's parameters from the source (`course_catalogue::params`). A name
    /// computed at run time is not seen there; missing, it panics with "grader bug".
    pub fn param(&self, name: &str) -> f64 {
        match self.params.get(name) {
            Some(value) => *value,
            None => panic!(
                "grader bug: check `{}` needs the parameter `{name}` in grader/catalogue.toml",
                self.check_id
            ),
        }
    }

    /// The tolerance the catalogue gives this check as `abs` and `rel` (see [`Tolerance`]).
    ///
    /// [`Tolerance`]: crate::compare::Tolerance
    pub fn tolerance(&self) -> crate::compare::Tolerance {
        crate::compare::Tolerance::new(self.param("abs"), self.param("rel"))
    }

    /// A directory the check may write into; it is removed after grading.
    pub fn work_dir(&self) -> &Path {
        &self.work_dir
    }
}
