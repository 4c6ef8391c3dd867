use std::process::ExitCode;

use simulator::cli::{self, Command, StressArgs, USAGE};
use simulator::demo;
use simulator::stress::config::StressConfig;
use simulator::stress::progress::{Progress, ProgressStyle};
use simulator::stress::run::{self, RunOptions};
use simulator::stress::{report, summary::Summary};

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
    let options = RunOptions {
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
    };
    let run = match run::run(&config, &options) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: the stress run failed: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let summary = Summary::of(&run);
    let written = match report::write(&run, &summary, &args.out) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", report::render(&run, &summary, Some(&written)));
    ExitCode::SUCCESS
}
