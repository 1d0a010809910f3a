//! What a check binary computes once for several checks (a student's training run, a figure's
//! curves): kept for the life of the process, by key. A failure is not kept, so that every check
//! that needs the value reports it.

use std::sync::{Arc, Mutex};

/// A process-wide table of computed values: `static RUNS: Memo<Key, Run> = Memo::new();`.
pub struct Memo<K, V> {
    entries: Mutex<Vec<(K, Arc<V>)>>,
}

impl<K: PartialEq, V> Memo<K, V> {
    pub const fn new() -> Self {
        Memo {
            entries: Mutex::new(Vec::new()),
        }
    }

    /// The value kept for `key`, or else `compute`'s, kept when it succeeds.
    pub fn get_or_try<E>(
        &self,
        key: K,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Ok(entries) = self.entries.lock() {
            if let Some((_, value)) = entries.iter().find(|(k, _)| *k == key) {
                return Ok(Arc::clone(value));
            }
        }
        let value = Arc::new(compute()?);
        if let Ok(mut entries) = self.entries.lock() {
            entries.push((key, Arc::clone(&value)));
        }
        Ok(value)
    }
}

impl<K: PartialEq, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_key_and_keeps_no_failure() {
        let memo: Memo<u8, String> = Memo::new();
        let calls = std::cell::Cell::new(0);
        let get = |key: u8, ok: bool| {
            memo.get_or_try(key, || {
                calls.set(calls.get() + 1);
                if ok {
                    Ok(format!("v{key}"))
                } else {
                    Err("failed")
                }
            })
        };
        assert_eq!(get(1, false), Err("failed"));
        assert_eq!(get(1, true).as_deref().map(String::as_str), Ok("v1"));
        assert_eq!(get(1, false).as_deref().map(String::as_str), Ok("v1"));
        assert_eq!(get(2, true).as_deref().map(String::as_str), Ok("v2"));
        assert_eq!(calls.get(), 3);
    }
}
