//! Runs the paths of a stress run on worker threads. Each path has its own
//! seed, derived from the run's seed and the path's index, and its own
//! contracts, so the result depends neither on the number of threads nor on
//! how the paths are split into shards.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};

use super::config::StressConfig;
use super::engine::{PathOutcome, PathSim, Sections};
use super::progress::{Progress, ProgressStyle};
use super::record::{decile, PathRecord, DECILES};
use crate::scenario::Rng;

#[derive(Clone, Debug)]
pub struct RunOptions {
    pub seed: u64,
    /// Worker threads (at least one).
    pub jobs: usize,
    pub progress: ProgressStyle,
    /// The paths this run takes (all of them by default).
    pub shard: Shard,
}

impl RunOptions {
    pub fn new(seed: u64, jobs: usize) -> Self {
        RunOptions {
            seed,
            jobs,
            progress: ProgressStyle::Off,
            shard: Shard::ALL,
        }
    }
}

/// Shard `index` of `count` (1-based): the paths whose index leaves
/// `index - 1` divided by `count`. Shards of a run are disjoint, cover every
/// path, and are as even as can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    pub fn new(index: u32, count: u32) -> Result<Self, String> {
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "invalid shard `{index}/{count}`: expected K/N with 1 <= K <= N"
            ));
        }
        Ok(Shard { index, count })
    }

    pub fn contains(&self, path: u32) -> bool {
        path % self.count == self.index - 1
    }

    /// The paths of a run of `paths` this shard takes.
    pub fn paths(&self, paths: u32) -> impl Iterator<Item = u32> + '_ {
        (0..paths).filter(|p| self.contains(*p))
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid shard `{s}`: expected K/N, e.g. `--shard 3/8`");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n)
    }
}

/// Wall-clock figures: what the run cost here, not part of the result.
#[derive(Clone, Debug, Default)]
pub struct Timing {
    pub wall: Duration,
    /// Mean milliseconds per period in each tenth of the paths.
    pub ms_per_period_by_decile: Vec<f64>,
    /// Seconds in each part of the driver, over all paths and threads.
    pub sections: Sections,
    /// Periods simulated (over all paths).
    pub path_periods: u64,
    pub jobs: usize,
    /// CPU time the worker threads spent on paths (Linux; zero elsewhere):
    /// unlike the wall clock, it does not grow when other work shares the
    /// machine.
    pub cpu: Duration,
}

impl Timing {
    /// Path-periods per second of wall time.
    pub fn speed(&self) -> f64 {
        self.path_periods as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// Path-periods per second of CPU time of one thread (NaN when the CPU
    /// time is unknown): what one core does when nothing else runs on it.
    pub fn speed_per_core(&self) -> f64 {
        if self.cpu.is_zero() {
            f64::NAN
        } else {
            self.path_periods as f64 / self.cpu.as_secs_f64()
        }
    }
}

/// CPU time of the calling thread so far (Linux's schedstat; none elsewhere).
pub fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

#[derive(Clone, Debug)]
pub struct StressRun {
    pub config: StressConfig,
    pub seed: u64,
    pub shard: Shard,
    /// In path order.
    pub paths: Vec<PathRecord>,
    pub timing: Timing,
}

/// Time per decile of periods, per section, and CPU time, over the paths.
type Spent = ([(Duration, u64); DECILES], Sections, Duration);

/// The seed of path `path` of a run seeded `seed`.
pub fn path_seed(seed: u64, path: u32) -> u64 {
    let mut rng = Rng::new(seed ^ (u64::from(path) << 32 | u64::from(path)));
    rng.next_u64()
}

/// Runs one path of a run seeded `seed`, with every period's figures.
pub fn run_path(config: &StressConfig, seed: u64, path: u32) -> Result<PathOutcome> {
    let sim = PathSim::new(config, path, path_seed(seed, path))?;
    Ok(sim.run(|| {})?.0)
}

pub fn run(config: &StressConfig, options: &RunOptions) -> Result<StressRun> {
    config.validate()?;
    let started = Instant::now();
    let todo: Vec<u32> = options.shard.paths(config.paths).collect();
    let total = todo.len() as u64 * u64::from(config.periods);
    let progress = Progress::new("stress", total, options.progress);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<PathRecord>>> = Mutex::new(vec![None; todo.len()]);
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let times: Mutex<Spent> = Mutex::new((
        [(Duration::ZERO, 0); DECILES],
        Sections::default(),
        Duration::ZERO,
    ));
    let jobs = options.jobs.clamp(1, todo.len().max(1));

    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                if failed.load(Ordering::Relaxed) {
                    return;
                }
                let slot = next.fetch_add(1, Ordering::Relaxed);
                let Some(&path) = todo.get(slot) else {
                    return;
                };
                let mut local = [(Duration::ZERO, 0u64); DECILES];
                let cpu_start = thread_cpu();
                let mut period = 0usize;
                let mut last = Instant::now();
                let periods = config.periods as usize;
                let outcome =
                    PathSim::new(config, path, path_seed(options.seed, path)).and_then(|sim| {
                        sim.run(|| {
                            let now = Instant::now();
                            let slot = &mut local[decile(period, periods)];
                            slot.0 += now - last;
                            slot.1 += 1;
                            last = now;
                            period += 1;
                            progress.inc(1);
                        })
                    });
                match outcome {
                    Ok((outcome, sections)) => {
                        let record = PathRecord::of(&outcome, config);
                        results.lock().expect("results")[slot] = Some(record);
                        let mut times = times.lock().expect("times");
                        for (t, l) in times.0.iter_mut().zip(local) {
                            t.0 += l.0;
                            t.1 += l.1;
                        }
                        times.1.merge(&sections);
                        if let (Some(a), Some(b)) = (cpu_start, thread_cpu()) {
                            times.2 += b.saturating_sub(a);
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
        .zip(&todo)
        .map(|(p, i)| p.ok_or_else(|| anyhow!("path {i} did not run")))
        .collect::<Result<Vec<_>>>()?;
    let (deciles, sections, cpu) = times.into_inner().expect("times");
    let ms_per_period_by_decile = deciles
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
        shard: options.shard,
        paths,
        timing: Timing {
            wall: started.elapsed(),
            ms_per_period_by_decile,
            sections,
            path_periods: total,
            jobs,
            cpu,
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

    #[test]
    fn shards_split_the_paths_exactly() {
        for count in 1..6 {
            let mut seen = vec![0; 23];
            for index in 1..=count {
                for p in Shard::new(index, count).unwrap().paths(23) {
                    seen[p as usize] += 1;
                }
            }
            assert!(seen.iter().all(|&n| n == 1), "{count}: {seen:?}");
        }
        assert_eq!("3/8".parse::<Shard>(), Ok(Shard { index: 3, count: 8 }));
        assert!("0/8".parse::<Shard>().is_err());
        assert!("9/8".parse::<Shard>().is_err());
        assert!("3".parse::<Shard>().is_err());
        assert!("a/b".parse::<Shard>().is_err());
    }
}
