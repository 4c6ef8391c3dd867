//! `fuzz [--ops N] [--seed S] [--jobs J] [--world-ops K] [--replay]`
//!
//! Runs the campaign and prints operations per kind (attempted, succeeded),
//! refusals by error variant, operations per second and every invariant
//! break with the seed and step that reproduce it. Exit code 1 on a break,
//! 2 on a bad argument. `--replay` runs one world from `--seed` on one
//! thread and prints every step (`--ops` steps, default the world size).

use std::io::Write;
use std::process::ExitCode;

use fuzz::actions::Outcome;
use fuzz::campaign::{install_panic_hook, render, run, run_world, Config, DEFAULT_WORLD_OPS};

const USAGE: &str =
    "usage: fuzz [--ops N] [--seed S] [--jobs J] [--world-ops K] [--replay] [--no-progress]";

struct Args {
    config: Config,
    replay: bool,
    ops_given: bool,
    progress: bool,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        config: Config::default(),
        replay: false,
        ops_given: false,
        progress: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            let v = it.next().ok_or(format!("{name} needs a value"))?;
            v.parse().map_err(|_| format!("{name}: not a number: {v}"))
        };
        match a.as_str() {
            "--ops" => {
                args.config.ops = num("--ops")?;
                args.ops_given = true;
            }
            "--seed" => args.config.seed = num("--seed")?,
            "--jobs" => args.config.jobs = num("--jobs")?.max(1) as usize,
            "--world-ops" => args.config.world_ops = num("--world-ops")?.max(1),
            "--replay" => args.replay = true,
            "--no-progress" => args.progress = false,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("{e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    install_panic_hook();
    if args.replay {
        let ops = if args.ops_given {
            args.config.ops
        } else {
            DEFAULT_WORLD_OPS
        };
        let seed = args.config.seed;
        let mut out = std::io::stdout().lock();
        let mut trace = |step: u64,
                         kind: fuzz::actions::Kind,
                         a: &fuzz::actions::Attempt,
                         breaks: &[(&'static str, String)]| {
            let outcome = match &a.outcome {
                Outcome::Succeeded => "ok".to_string(),
                Outcome::Refused(why) => format!("refused {why}"),
            };
            let _ = writeln!(
                out,
                "{step:>6} [{}] {}: {} -> {outcome}",
                kind.role(),
                kind.name(),
                a.desc
            );
            for (name, why) in breaks {
                let _ = writeln!(out, "       BREAK {name}: {why}");
            }
        };
        let r = run_world(0, seed, ops, Some(&mut trace));
        println!("{} steps, {} breaks", r.ops, r.breaks.len());
        return if r.breaks.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    let total = args.config.ops;
    let step = (total / 20).max(1);
    let last = std::sync::atomic::AtomicU64::new(0);
    let show = args.progress;
    let progress = move |done: u64| {
        let mark = done / step;
        if show && last.fetch_max(mark, std::sync::atomic::Ordering::SeqCst) < mark {
            eprintln!("  {done} / {total} operations");
        }
    };
    let report = run(&args.config, &progress);
    print!("{}", render(&report));
    if report.breaks.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
