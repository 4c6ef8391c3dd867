//! The command line: a small parser with clear errors (exit code 2).

use std::fmt;

/// Seed of `demo` when none is given.
pub const DEFAULT_SEED: u64 = 42;

pub const USAGE: &str = "\
simulator: runs the insurance protocol end to end on two embedded chains
(cw-multi-test, the real contracts) and prints what happened.

USAGE:
    simulator demo [--seed N]
    simulator --help

COMMANDS:
    demo    governance deploys everything; stakers and both tranches fund the
            pool; users buy cover; a discretionary claim is filed, voted and
            paid; a parametric incident pays its holders; the junior tranche
            absorbs the loss first; the reinsurer on the partner chain pays its
            share over IBC. Prints a timeline and a per-chain balance sheet that
            must reconcile (exit code 1 when it does not).

OPTIONS:
    --seed N    scenario seed (unsigned integer, default 42): same seed, same run
    -h, --help  print this help
";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Demo { seed: u64 },
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
        other if other.starts_with('-') => err(format!(
            "unknown option `{other}` before the command (try `simulator demo`)"
        )),
        other => err(format!("unknown command `{other}` (the command is `demo`)")),
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

fn parse_seed(value: &str) -> Result<u64, CliError> {
    value.parse::<u64>().or_else(|_| {
        err(format!(
            "invalid seed `{value}`: expected an unsigned integer from 0 to {}",
            u64::MAX
        ))
    })
}
