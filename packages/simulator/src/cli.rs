//! The command line: a small parser with clear errors (exit code 2).

use std::fmt;
use std::path::PathBuf;

use crate::stress::run::Shard;

/// Seed of `demo` and `stress` when none is given.
pub const DEFAULT_SEED: u64 = 42;
/// Where `stress` writes its chart and JSON report unless told otherwise.
pub const DEFAULT_STRESS_OUT: &str = "target/stress";

pub const USAGE: &str = "\
simulator: runs the insurance protocol end to end on two embedded chains
(cw-multi-test, the real contracts) and reports what happened.

USAGE:
    simulator demo [--seed N]
    simulator stress [--seed N] [--config FILE] [--paths N] [--periods N]
                     [--jobs N] [--out DIR] [--no-progress] [--print-config]
                     [--shard K/N]
    simulator merge [--out DIR] SHARD_FILE...
    simulator sweep [--seed N] [--config FILE] [--paths N] [--periods N]
                    [--jobs N] [--out DIR] [--no-progress]
    simulator costs [--rounds N]
    simulator --help

COMMANDS:
    demo    governance deploys everything; stakers and both tranches fund the
            pool; users buy cover; a discretionary claim is filed, voted and
            paid; a parametric incident pays its holders; the junior tranche
            absorbs the loss first; the reinsurer on the partner chain pays its
            share over IBC. Prints a timeline and a per-chain balance sheet that
            must reconcile (exit code 1 when it does not).
    stress  many paths of many periods over freshly deployed contracts:
            heavy-tailed exploits and depegs correlated across products, bank
            runs, relaying outages. Reports ruin probability, capital ratio
            percentiles, the one-year 99.5 % value-at-risk and expected
            shortfall of the pool's loss and the capital it calls for, the
            loss each tranche and the reinsurer took; writes an HTML page,
            an SVG chart of capital over time and a JSON report.
            With --shard K/N it runs every N-th path (from the K-th) and
            writes the paths' records for `merge`.
    merge   combines the shard files of one run into exactly the report of
            a single run over all its paths.
    sweep   the stress run again with one capital parameter moved at a time
            (capacity multiple, minimum capital ratio, quota share): a
            table, charts, an HTML page and a recommendation.
    costs   what one cw-multi-test message, query, address validation,
            JSON round trip and block advance costs on this machine.

OPTIONS:
    --seed N        seed (unsigned integer, default 42): same seed, same result
    --config FILE   stress figures as JSON; missing fields take the defaults
                    (see them with --print-config)
    --paths N       independent paths (overrides the config)
    --periods N     periods per path (overrides the config)
    --jobs N        worker threads (default: the machine's cores); the result
                    does not depend on it
    --out DIR       where the chart and JSON go (default target/stress)
    --no-progress   no progress bar on stderr
    --print-config  print the stress config that would run, as JSON, and exit
    --shard K/N     run shard K of N (1 <= K <= N): the paths whose index
                    leaves K-1 divided by N; writes stress-shard-K-of-N.json
    --rounds N      repetitions of each measured message (default 2000)
    -h, --help      print this help
";

/// Everything `stress` was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StressArgs {
    pub seed: u64,
    pub config: Option<PathBuf>,
    pub paths: Option<u32>,
    pub periods: Option<u32>,
    pub jobs: Option<usize>,
    pub out: PathBuf,
    pub progress: bool,
    pub print_config: bool,
    pub shard: Option<Shard>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Demo { seed: u64 },
    Stress(StressArgs),
    Sweep(StressArgs),
    Merge { out: PathBuf, files: Vec<PathBuf> },
    Costs { rounds: u32 },
    Help,
}

/// A bad command line; `main` prints it with the usage and exits with code 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

fn err<T>(msg: impl Into<String>) -> Result<T, CliError> {
    Err(CliError(msg.into()))
}

/// Parses the arguments after the program name.
pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<Command, CliError> {
    let mut args = args.iter().map(|a| a.as_ref());
    let Some(first) = args.next() else {
        return err("missing command (try `simulator demo`)");
    };
    match first {
        "-h" | "--help" | "help" => {
            if let Some(extra) = args.next() {
                return err(format!("unexpected argument `{extra}` after `{first}`"));
            }
            Ok(Command::Help)
        }
        "demo" => parse_demo(args),
        "stress" => parse_stress(args, Command::Stress),
        "sweep" => match parse_stress(args, Command::Sweep)? {
            Command::Sweep(a) if a.shard.is_some() || a.print_config => {
                err("`sweep` takes neither `--shard` nor `--print-config`")
            }
            command => Ok(command),
        },
        "merge" => parse_merge(args),
        "costs" => parse_costs(args),
        other if other.starts_with('-') => err(format!(
            "unknown option `{other}` before the command (try `simulator demo`)"
        )),
        other => err(format!(
            "unknown command `{other}` (the commands are `demo`, `stress`, `merge`, `sweep` and `costs`)"
        )),
    }
}

fn parse_demo<'a>(mut args: impl Iterator<Item = &'a str>) -> Result<Command, CliError> {
    let mut seed = None;
    while let Some(arg) = args.next() {
        let value = match arg {
            "-h" | "--help" => return Ok(Command::Help),
            "--seed" => match args.next() {
                Some(v) => v,
                None => return err("`--seed` needs a value, e.g. `--seed 7`"),
            },
            _ => match arg.strip_prefix("--seed=") {
                Some(v) => v,
                None if arg.starts_with('-') => {
                    return err(format!(
                        "unknown option `{arg}` for `demo` (it takes `--seed N`)"
                    ))
                }
                None => return err(format!("unexpected argument `{arg}` for `demo`")),
            },
        };
        if seed.is_some() {
            return err("`--seed` given more than once");
        }
        seed = Some(parse_seed(value)?);
    }
    Ok(Command::Demo {
        seed: seed.unwrap_or(DEFAULT_SEED),
    })
}

/// Splits `--name=value` or takes the value from the next argument.
fn value<'a>(
    name: &str,
    inline: Option<&'a str>,
    args: &mut impl Iterator<Item = &'a str>,
    example: &str,
) -> Result<&'a str, CliError> {
    match inline.or_else(|| args.next()) {
        Some(v) => Ok(v),
        None => err(format!("`{name}` needs a value, e.g. `{name} {example}`")),
    }
}

fn once<T>(slot: &mut Option<T>, name: &str, v: T) -> Result<(), CliError> {
    if slot.is_some() {
        return err(format!("`{name}` given more than once"));
    }
    *slot = Some(v);
    Ok(())
}

fn count<T>(name: &str, v: &str, max: T) -> Result<T, CliError>
where
    T: std::str::FromStr + PartialOrd + From<u8> + fmt::Display,
{
    match v.parse::<T>() {
        Ok(n) if n >= T::from(1) && n <= max => Ok(n),
        _ => err(format!(
            "invalid {name} `{v}`: expected a whole number from 1 to {max}"
        )),
    }
}

fn parse_merge<'a>(mut args: impl Iterator<Item = &'a str>) -> Result<Command, CliError> {
    let (mut out, mut files) = (None, vec![]);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (arg, None),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "--out" => {
                let v = value(name, inline, &mut args, "reports")?;
                once(&mut out, name, PathBuf::from(v))?;
            }
            _ if name.starts_with('-') => {
                return err(format!(
                    "unknown option `{name}` for `merge` (it takes `--out DIR` and shard files)"
                ))
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        return err("`merge` needs the shard files, e.g. `simulator merge shards/*.json`");
    }
    Ok(Command::Merge {
        out: out.unwrap_or_else(|| PathBuf::from(DEFAULT_STRESS_OUT)),
        files,
    })
}

fn parse_costs<'a>(mut args: impl Iterator<Item = &'a str>) -> Result<Command, CliError> {
    let mut rounds = None;
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (arg, None),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "--rounds" => {
                let v = value(name, inline, &mut args, "2000")?;
                once(&mut rounds, name, count("round count", v, 1_000_000u32)?)?;
            }
            _ => {
                return err(format!(
                    "unexpected argument `{arg}` for `costs` (it takes `--rounds N`)"
                ))
            }
        }
    }
    Ok(Command::Costs {
        rounds: rounds.unwrap_or(2_000),
    })
}

fn parse_stress<'a>(
    mut args: impl Iterator<Item = &'a str>,
    command: fn(StressArgs) -> Command,
) -> Result<Command, CliError> {
    use crate::stress::config::{MAX_PATHS, MAX_PERIODS};
    let (mut seed, mut config, mut paths, mut periods, mut jobs, mut out) =
        (None, None, None, None, None, None);
    let (mut progress, mut print_config, mut shard) = (true, false, None);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (arg, None),
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "--seed" => {
                let v = value(name, inline, &mut args, "7")?;
                once(&mut seed, name, parse_seed(v)?)?;
            }
            "--config" => {
                let v = value(name, inline, &mut args, "stress.json")?;
                once(&mut config, name, PathBuf::from(v))?;
            }
            "--paths" => {
                let v = value(name, inline, &mut args, "100")?;
                once(&mut paths, name, count("path count", v, MAX_PATHS)?)?;
            }
            "--periods" => {
                let v = value(name, inline, &mut args, "520")?;
                once(&mut periods, name, count("period count", v, MAX_PERIODS)?)?;
            }
            "--jobs" => {
                let v = value(name, inline, &mut args, "2")?;
                once(&mut jobs, name, count("job count", v, 256usize)?)?;
            }
            "--out" => {
                let v = value(name, inline, &mut args, "reports")?;
                once(&mut out, name, PathBuf::from(v))?;
            }
            "--shard" => {
                let v = value(name, inline, &mut args, "1/4")?;
                once(&mut shard, name, v.parse::<Shard>().map_err(CliError)?)?;
            }
            "--no-progress" | "--print-config" if inline.is_some() => {
                return err(format!("`{name}` takes no value"));
            }
            "--no-progress" => progress = false,
            "--print-config" => print_config = true,
            _ if name.starts_with('-') => {
                return err(format!(
                    "unknown option `{name}` for `stress` (see `simulator --help`)"
                ))
            }
            _ => return err(format!("unexpected argument `{arg}` for `stress`")),
        }
    }
    Ok(command(StressArgs {
        seed: seed.unwrap_or(DEFAULT_SEED),
        config,
        paths,
        periods,
        jobs,
        out: out.unwrap_or_else(|| PathBuf::from(DEFAULT_STRESS_OUT)),
        progress,
        print_config,
        shard,
    }))
}

fn parse_seed(value: &str) -> Result<u64, CliError> {
    value.parse::<u64>().or_else(|_| {
        err(format!(
            "invalid seed `{value}`: expected an unsigned integer from 0 to {}",
            u64::MAX
        ))
    })
}
