//! `cargo run --release -p gas-bench -- [--sizes 10,1000,10000] [--json PATH] [--artifacts DIR]`
//!
//! Prints the table; writes the JSON report to `--json` (default
//! `target/gas-bench.json`).

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gas-bench [--sizes 10,1000,10000] [--json PATH] [--artifacts DIR]";

struct Args {
    sizes: Vec<u64>,
    json: PathBuf,
    artifacts: PathBuf,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut out = Args {
        sizes: vec![10, 1_000, 10_000],
        json: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/gas-bench.json"),
        artifacts: gas_bench::default_artifacts_dir(),
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--sizes" => {
                out.sizes = value("--sizes")?
                    .split(',')
                    .map(|s| {
                        s.trim()
                            .parse::<u64>()
                            .ok()
                            .filter(|n| *n > 0)
                            .ok_or_else(|| {
                                format!("--sizes: `{s}` is not a positive integer\n{USAGE}")
                            })
                    })
                    .collect::<Result<_, _>>()?;
            }
            "--json" => out.json = PathBuf::from(value("--json")?),
            "--artifacts" => out.artifacts = PathBuf::from(value("--artifacts")?),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if !out.artifacts.is_dir() {
        return Err(format!(
            "{}: no artifacts directory; run scripts/build.sh first (or pass --artifacts DIR)",
            out.artifacts.display()
        ));
    }
    Ok(Some(out))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gas-bench: {e}");
            return ExitCode::from(2);
        }
    };
    let report = match gas_bench::run(&args.sizes, &args.artifacts, |line| eprintln!("{line}")) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("gas-bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", report.table());
    println!();
    print!("{}", report.markdown());
    for note in &report.notes {
        println!("note: {note}");
    }
    if let Err(e) = std::fs::write(&args.json, report.to_json()) {
        eprintln!("gas-bench: {}: {e}", args.json.display());
        return ExitCode::FAILURE;
    }
    println!("JSON: {}", args.json.display());
    ExitCode::SUCCESS
}
