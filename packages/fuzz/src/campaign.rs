//! The campaign: worlds of `world_ops` operations each, seeded from the
//! run's seed and the world's index, run on `jobs` threads and merged in
//! world order, so a seed gives the same figures whatever the thread count.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use insurance_common::risk_pool::DAY;

use crate::actions::{draw, Attempt, Kind, Outcome};
use crate::invariants::{after_step, check_with, Snapshot};
use crate::rng::{world_seed, Rng};
use crate::world::World;

/// Operations per world before a fresh one is deployed: enough for covers to
/// be sold, claimed, voted, paid, recovered over IBC and to expire (about a
/// year of simulated time), few enough that the state each step reads stays
/// small.
pub const DEFAULT_WORLD_OPS: u64 = 2_000;
pub const DEFAULT_OPS: u64 = 1_000_000;

#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    pub ops: u64,
    pub jobs: usize,
    pub world_ops: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            ops: DEFAULT_OPS,
            jobs: 1,
            world_ops: DEFAULT_WORLD_OPS,
        }
    }
}

/// An invariant that failed after an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    pub world: u64,
    /// `--seed <this> --ops <step + 1> --replay` reproduces it.
    pub world_seed: u64,
    /// 0-based step within the world.
    pub step: u64,
    pub invariant: String,
    pub detail: String,
    pub operation: String,
}

/// Counts per operation kind and per refusal variant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub attempted: BTreeMap<Kind, u64>,
    pub succeeded: BTreeMap<Kind, u64>,
    pub refusals: BTreeMap<String, u64>,
}

impl Tally {
    fn add(&mut self, kind: Kind, outcome: &Outcome) {
        *self.attempted.entry(kind).or_default() += 1;
        match outcome {
            Outcome::Succeeded => *self.succeeded.entry(kind).or_default() += 1,
            Outcome::Refused(why) => *self.refusals.entry(why.clone()).or_default() += 1,
        }
    }

    fn merge(&mut self, other: &Tally) {
        for (k, v) in &other.attempted {
            *self.attempted.entry(*k).or_default() += v;
        }
        for (k, v) in &other.succeeded {
            *self.succeeded.entry(*k).or_default() += v;
        }
        for (k, v) in &other.refusals {
            *self.refusals.entry(k.clone()).or_default() += v;
        }
    }

    pub fn succeeded(&self, kind: Kind) -> u64 {
        self.succeeded.get(&kind).copied().unwrap_or_default()
    }

    pub fn attempted(&self, kind: Kind) -> u64 {
        self.attempted.get(&kind).copied().unwrap_or_default()
    }

    pub fn total_succeeded(&self) -> u64 {
        self.succeeded.values().sum()
    }
}

#[derive(Clone, Debug, Default)]
pub struct WorldResult {
    pub ops: u64,
    pub tally: Tally,
    pub breaks: Vec<Break>,
    /// Simulated days the world lived.
    pub days: u64,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub config: Config,
    pub worlds: u64,
    pub ops: u64,
    pub tally: Tally,
    pub breaks: Vec<Break>,
    pub elapsed: Duration,
    pub simulated_days: u64,
}

impl Report {
    pub fn ops_per_second(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

thread_local! {
    /// (world seed, step, operation) for the panic hook.
    pub static CURRENT: RefCell<Option<(u64, u64, String)>> = const { RefCell::new(None) };
}

/// Where a panic happened, so an aborting panic still says how to reproduce it.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        CURRENT.with(|c| {
            if let Some((seed, step, op)) = c.borrow().as_ref() {
                eprintln!(
                    "panic at step {step} of world seed {seed} ({op}); reproduce: fuzz --seed {seed} --ops {} --replay",
                    step + 1
                );
            }
        });
        default(info);
    }));
}

/// Keeps what the driver follows bounded: covers past any claim window,
/// and the oldest ids beyond a few dozen, are forgotten.
fn forget_old(w: &mut World) {
    let now = w.now();
    w.covers.retain(|c| c.end.plus_seconds(120 * DAY) > now);
    for list in [&mut w.claims, &mut w.incidents] {
        if list.len() > 48 {
            list.drain(..list.len() - 48);
        }
    }
    if w.covers.len() > 200 {
        w.covers.drain(..w.covers.len() - 200);
    }
    if w.unbondings.len() > 48 {
        w.unbondings.drain(..w.unbondings.len() - 48);
    }
    if w.redemptions.len() > 48 {
        w.redemptions.drain(..w.redemptions.len() - 48);
    }
}

/// Sees every step of a world: its index, kind, what happened, the breaks.
pub type Trace<'a> = &'a mut dyn FnMut(u64, Kind, &Attempt, &[(&'static str, String)]);

/// Runs one world of `ops` operations from `seed`. `trace` sees every step.
pub fn run_world(index: u64, seed: u64, ops: u64, mut trace: Option<Trace>) -> WorldResult {
    let mut rng = Rng::new(seed);
    CURRENT.with(|c| *c.borrow_mut() = Some((seed, 0, "deploying the world".into())));
    let mut w = World::new();
    let start = w.now();
    let mut out = WorldResult::default();
    for step in 0..ops {
        let kind = draw(&mut rng);
        CURRENT.with(|c| *c.borrow_mut() = Some((seed, step, kind.name().into())));
        w.step = Default::default();
        let attempt = kind.run(&mut w, &mut rng);
        out.ops += 1;
        out.tally.add(kind, &attempt.outcome);
        let snap = Snapshot::of(&w);
        let breaks = check_with(&w, &snap);
        if let Some(t) = trace.as_mut() {
            t(step, kind, &attempt, &breaks);
        }
        if !breaks.is_empty() {
            out.breaks
                .extend(breaks.into_iter().map(|(invariant, detail)| Break {
                    world: index,
                    world_seed: seed,
                    step,
                    invariant: invariant.to_string(),
                    detail,
                    operation: attempt.desc.clone(),
                }));
            // the books are off: nothing after this step would mean much
            break;
        }
        after_step(&mut w, &snap);
        forget_old(&mut w);
    }
    out.days = (w.now().seconds() - start.seconds()) / DAY;
    CURRENT.with(|c| *c.borrow_mut() = None);
    out
}

/// Runs the campaign; `progress` is called with the operations done so far.
pub fn run(config: &Config, progress: &(dyn Fn(u64) + Sync)) -> Report {
    let started = Instant::now();
    let world_ops = config.world_ops.max(1);
    let worlds = config.ops.div_ceil(world_ops);
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let results: Mutex<BTreeMap<u64, WorldResult>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..config.jobs.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= worlds {
                    return;
                }
                let ops = world_ops.min(config.ops - i * world_ops);
                let r = run_world(i, world_seed(config.seed, i), ops, None);
                progress(done.fetch_add(r.ops, Ordering::SeqCst) + r.ops);
                results.lock().expect("results").insert(i, r);
            });
        }
    });
    let mut report = Report {
        config: config.clone(),
        worlds,
        ops: 0,
        tally: Tally::default(),
        breaks: vec![],
        elapsed: Duration::ZERO,
        simulated_days: 0,
    };
    for (_, r) in results.into_inner().expect("results") {
        report.ops += r.ops;
        report.tally.merge(&r.tally);
        report.breaks.extend(r.breaks);
        report.simulated_days += r.days;
    }
    report.elapsed = started.elapsed();
    report
}

/// The report as printed.
pub fn render(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let c = &r.config;
    let _ = writeln!(
        s,
        "fuzz: seed {}, {} operations in {} worlds of up to {} ({} simulated days), {} jobs",
        c.seed, r.ops, r.worlds, c.world_ops, r.simulated_days, c.jobs
    );
    let _ = writeln!(
        s,
        "time {:.1}s, {:.0} operations/s; {} invariants checked after every operation\n",
        r.elapsed.as_secs_f64(),
        r.ops_per_second(),
        crate::invariants::INVARIANTS.len()
    );
    let _ = writeln!(
        s,
        "{:<32} {:<10} {:>10} {:>10} {:>7}",
        "operation", "role", "attempted", "succeeded", "share"
    );
    for &k in Kind::ALL {
        let a = r.tally.attempted(k);
        let ok = r.tally.succeeded(k);
        let share = if a == 0 {
            0.0
        } else {
            100.0 * ok as f64 / a as f64
        };
        let _ = writeln!(
            s,
            "{:<32} {:<10} {:>10} {:>10} {:>6.1}%",
            k.name(),
            k.role(),
            a,
            ok,
            share
        );
    }
    let total_ok = r.tally.total_succeeded();
    let _ = writeln!(
        s,
        "{:<32} {:<10} {:>10} {:>10} {:>6.1}%\n",
        "all",
        "",
        r.ops,
        total_ok,
        100.0 * total_ok as f64 / r.ops.max(1) as f64
    );
    let _ = writeln!(s, "refusals by error variant:");
    let mut refusals: Vec<_> = r.tally.refusals.iter().collect();
    refusals.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (why, n) in refusals {
        let _ = writeln!(s, "  {n:>9}  {why}");
    }
    let _ = writeln!(s, "\ninvariant breaks: {}", r.breaks.len());
    for b in &r.breaks {
        let _ = writeln!(
            s,
            "  BREAK {} after step {} of world {} ({}): {}\n    reproduce: fuzz --seed {} --ops {} --replay",
            b.invariant,
            b.step,
            b.world,
            b.operation,
            b.detail,
            b.world_seed,
            b.step + 1
        );
    }
    s
}
