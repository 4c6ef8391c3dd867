use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use simulator::cli::{self, Command, StressArgs, USAGE};
use simulator::demo;
use simulator::stress::config::StressConfig;
use simulator::stress::progress::{Progress, ProgressStyle};
use simulator::stress::run::{self, RunOptions, Shard};
use simulator::stress::{costs, report, summary::Summary, sweep};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Demo { seed }) => match demo::run(seed) {
            Ok(result) => {
                print!("{}", result.render());
                if result.balance_sheet.reconciles() {
                    ExitCode::SUCCESS
                } else {
                    eprintln!("error: the balance sheet does not reconcile");
                    ExitCode::FAILURE
                }
            }
            Err(e) => {
                eprintln!("error: the demo failed: {e:#}");
                ExitCode::FAILURE
            }
        },
        Ok(Command::Stress(args)) => stress(args),
        Ok(Command::Sweep(args)) => sweep(args),
        Ok(Command::Merge { out, files }) => merge(&out, &files),
        Ok(Command::Costs { rounds }) => match costs::measure(rounds) {
            Ok(table) => {
                print!("{}", costs::render(&table, rounds));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The config file (or the defaults) with the command line's overrides.
fn stress_config(args: &StressArgs) -> Result<StressConfig, String> {
    let mut config = match &args.config {
        Some(path) => StressConfig::from_file(path).map_err(|e| e.to_string())?,
        None => StressConfig::default(),
    };
    if let Some(paths) = args.paths {
        config.paths = paths;
    }
    if let Some(periods) = args.periods {
        config.periods = periods;
    }
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

fn options(args: &StressArgs) -> RunOptions {
    RunOptions {
        seed: args.seed,
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
        progress: if args.progress {
            Progress::auto_style()
        } else {
            ProgressStyle::Off
        },
        shard: args.shard.unwrap_or(Shard::ALL),
    }
}

fn stress(args: StressArgs) -> ExitCode {
    let config = match stress_config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if args.print_config {
        println!("{}", config.to_json());
        return ExitCode::SUCCESS;
    }
    let run = match run::run(&config, &options(&args)) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: the stress run failed: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    if args.shard.is_some() {
        return match report::write_shard(&run, &args.out) {
            Ok(file) => {
                println!(
                    "shard {} of a run of {} paths (seed {}): {} paths, {:.0} path-periods per second; records in {}\nmerge every shard's file with `simulator merge --out DIR FILES...`",
                    run.shard,
                    config.paths,
                    run.seed,
                    run.paths.len(),
                    run.timing.speed(),
                    file.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    report_run(&run, &args.out)
}

fn report_run(run: &run::StressRun, out: &std::path::Path) -> ExitCode {
    let summary = Summary::of(&run.config, run.seed, &run.paths);
    let written = match report::write(run, &summary, out) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", report::render(run, &summary, Some(&written)));
    ExitCode::SUCCESS
}

fn merge(out: &std::path::Path, files: &[std::path::PathBuf]) -> ExitCode {
    match report::merge(files) {
        Ok(run) => report_run(&run, out),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn sweep(args: StressArgs) -> ExitCode {
    let config = match stress_config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = sweep::sweep(&config, &options(&args))
        .and_then(|s| sweep::write(&s, &args.out).map(|files| (s, files)));
    match result {
        Ok((s, files)) => {
            print!("{}", sweep::render(&s));
            println!("\nFILES");
            for f in files {
                println!("  {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: the sweep failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
