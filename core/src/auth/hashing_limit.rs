//! A cap on concurrent Argon2 work per portal (AUTH-11). Each run holds 19 MiB and a core for
//! tens of milliseconds, so a burst of anonymous sign-in attempts would otherwise take the host's
//! memory and every core; beyond the cap, attempts wait their turn.

use std::sync::{Condvar, Mutex};

#[derive(Debug)]
pub(crate) struct HashingLimit {
    max: usize,
    state: Mutex<Counts>,
    freed: Condvar,
}

#[derive(Debug, Default)]
struct Counts {
    running: usize,
    /// The most runs ever seen at once; tests read it to prove the cap.
    peak: usize,
}

/// Gives the slot back however the run ends, a panic included.
struct Slot<'a>(&'a HashingLimit);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut s = self.0.state.lock().unwrap_or_else(|p| p.into_inner());
        s.running -= 1;
        self.0.freed.notify_one();
    }
}

impl HashingLimit {
    /// At most `max` runs at once; 0 is taken as 1.
    pub(crate) fn new(max: usize) -> Self {
        HashingLimit { max: max.max(1), state: Mutex::new(Counts::default()), freed: Condvar::new() }
    }

    /// The default cap: one run per core.
    pub(crate) fn default_max() -> usize {
        std::thread::available_parallelism().map(usize::from).unwrap_or(1)
    }

    /// Runs `work` once fewer than `max` other runs are in progress.
    pub(crate) fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while s.running >= self.max {
            s = self.freed.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        s.running += 1;
        s.peak = s.peak.max(s.running);
        drop(s);
        let _slot = Slot(self);
        work()
    }

    #[cfg(test)]
    pub(crate) fn peak(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).peak
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    // DOMAIN: AUTH-11
    #[test]
    fn never_more_runs_at_once_than_the_cap() {
        for max in [1, 2, 3] {
            let limit = Arc::new(HashingLimit::new(max));
            let inside = Arc::new(AtomicUsize::new(0));
            let seen = Arc::new(AtomicUsize::new(0));
            let threads: Vec<_> = (0..8)
                .map(|_| {
                    let (limit, inside, seen) = (limit.clone(), inside.clone(), seen.clone());
                    std::thread::spawn(move || {
                        limit.run(|| {
                            let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                            seen.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(5));
                            inside.fetch_sub(1, Ordering::SeqCst);
                        })
                    })
                })
                .collect();
            for t in threads {
                t.join().unwrap();
            }
            assert!(seen.load(Ordering::SeqCst) <= max, "cap {max}");
            assert_eq!(limit.peak(), seen.load(Ordering::SeqCst), "cap {max}");
        }
    }

    #[test]
    fn a_panicking_run_gives_its_slot_back() {
        let limit = HashingLimit::new(1);
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| limit.run(|| panic!("boom"))));
        assert_eq!(limit.run(|| 7), 7);
    }
}
