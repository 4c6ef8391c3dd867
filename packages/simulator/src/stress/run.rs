//! Runs the paths of a stress run on worker threads. Each path has its own
//! seed, derived from the run's seed and the path's index, and its own
//! contracts, so the result does not depend on the number of threads.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};

use super::config::StressConfig;
use super::engine::{PathOutcome, PathSim};
use super::progress::{Progress, ProgressStyle};
use crate::scenario::Rng;

/// Periods are timed in tenths of a path, to show the cost per period stays flat.
pub const DECILES: usize = 10;

#[derive(Clone, Debug)]
pub struct RunOptions {
    pub seed: u64,
    /// Worker threads (at least one).
    pub jobs: usize,
    pub progress: ProgressStyle,
}

/// Wall-clock figures: what the run cost here, not part of the result.
#[derive(Clone, Debug, Default)]
pub struct Timing {
    pub wall: Duration,
    /// Mean milliseconds per period in each tenth of the paths.
    pub ms_per_period_by_decile: Vec<f64>,
}

#[derive(Clone, Debug)]
pub struct StressRun {
    pub config: StressConfig,
    pub seed: u64,
    /// In path order.
    pub paths: Vec<PathOutcome>,
    pub timing: Timing,
}

/// The seed of path `path` of a run seeded `seed`.
pub fn path_seed(seed: u64, path: u32) -> u64 {
    let mut rng = Rng::new(seed ^ (u64::from(path) << 32 | u64::from(path)));
    rng.next_u64()
}

/// The decile a period falls in.
fn decile(period: u32, periods: u32) -> usize {
    ((u64::from(period) * DECILES as u64) / u64::from(periods)) as usize
}

pub fn run(config: &StressConfig, options: &RunOptions) -> Result<StressRun> {
    config.validate()?;
    let started = Instant::now();
    let total = u64::from(config.paths) * u64::from(config.periods);
    let progress = Progress::new("stress", total, options.progress);
    let next = AtomicU32::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<PathOutcome>>> = Mutex::new(vec![None; config.paths as usize]);
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let times: Mutex<[(Duration, u64); DECILES]> = Mutex::new([(Duration::ZERO, 0); DECILES]);
    let jobs = options.jobs.clamp(1, config.paths as usize);

    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                if failed.load(Ordering::Relaxed) {
                    return;
                }
                let path = next.fetch_add(1, Ordering::Relaxed);
                if path >= config.paths {
                    return;
                }
                let mut local = [(Duration::ZERO, 0u64); DECILES];
                let mut period = 0u32;
                let mut last = Instant::now();
                let outcome =
                    PathSim::new(config, path, path_seed(options.seed, path)).and_then(|sim| {
                        sim.run(|| {
                            let now = Instant::now();
                            let slot = &mut local[decile(period, config.periods)];
                            slot.0 += now - last;
                            slot.1 += 1;
                            last = now;
                            period += 1;
                            progress.inc(1);
                        })
                    });
                match outcome {
                    Ok(outcome) => {
                        results.lock().expect("results")[path as usize] = Some(outcome);
                        let mut times = times.lock().expect("times");
                        for (t, l) in times.iter_mut().zip(local) {
                            t.0 += l.0;
                            t.1 += l.1;
                        }
                    }
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        first_error.lock().expect("error").get_or_insert(e);
                        return;
                    }
                }
            });
        }
    });
    progress.finish();
    if let Some(e) = first_error.into_inner().expect("error") {
        return Err(e);
    }
    let paths = results
        .into_inner()
        .expect("results")
        .into_iter()
        .enumerate()
        .map(|(i, p)| p.ok_or_else(|| anyhow!("path {i} did not run")))
        .collect::<Result<Vec<_>>>()?;
    let ms_per_period_by_decile = times
        .into_inner()
        .expect("times")
        .iter()
        .map(|(d, n)| {
            if *n == 0 {
                f64::NAN
            } else {
                d.as_secs_f64() * 1e3 / *n as f64
            }
        })
        .collect();
    Ok(StressRun {
        config: config.clone(),
        seed: options.seed,
        paths,
        timing: Timing {
            wall: started.elapsed(),
            ms_per_period_by_decile,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_seeds_differ_and_repeat() {
        let seeds: Vec<u64> = (0..100).map(|p| path_seed(7, p)).collect();
        let mut unique = seeds.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), seeds.len());
        assert_eq!(path_seed(7, 3), seeds[3]);
        assert_ne!(path_seed(8, 3), seeds[3]);
    }

    #[test]
    fn periods_fall_in_ten_deciles() {
        assert_eq!(decile(0, 10), 0);
        assert_eq!(decile(9, 10), 9);
        assert_eq!(decile(99, 100), 9);
        assert_eq!(decile(0, 3), 0);
        assert_eq!(decile(2, 3), 6);
    }
}
