//! Bad arguments give clear errors, and the binary exits with code 2.

use std::process::Command as Process;

use simulator::cli::{parse, CliError, Command, DEFAULT_SEED};

fn error(args: &[&str]) -> String {
    match parse(args) {
        Err(CliError(msg)) => msg,
        Ok(c) => panic!("{args:?} parsed as {c:?}"),
    }
}

#[test]
fn parses_demo_and_help() {
    assert_eq!(parse(&["demo"]), Ok(Command::Demo { seed: DEFAULT_SEED }));
    assert_eq!(
        parse(&["demo", "--seed", "7"]),
        Ok(Command::Demo { seed: 7 })
    );
    assert_eq!(parse(&["demo", "--seed=9"]), Ok(Command::Demo { seed: 9 }));
    assert_eq!(parse(&["--help"]), Ok(Command::Help));
    assert_eq!(parse(&["-h"]), Ok(Command::Help));
    assert_eq!(parse(&["demo", "--help"]), Ok(Command::Help));
}

#[test]
fn bad_arguments_are_errors() {
    assert!(error(&[] as &[&str]).contains("missing command"));
    assert!(error(&["demon"]).contains("unknown command `demon`"));
    assert!(error(&["--verbose"]).contains("unknown option `--verbose`"));
    assert!(error(&["demo", "--sed", "1"]).contains("unknown option `--sed`"));
    assert!(error(&["demo", "--seed"]).contains("needs a value"));
    assert!(error(&["demo", "--seed", "-1"]).contains("invalid seed `-1`"));
    assert!(error(&["demo", "--seed", "abc"]).contains("invalid seed `abc`"));
    assert!(error(&["demo", "--seed", "18446744073709551616"]).contains("invalid seed"));
    assert!(error(&["demo", "--seed", "1", "--seed", "2"]).contains("more than once"));
    assert!(error(&["demo", "extra"]).contains("unexpected argument `extra`"));
    assert!(error(&["--help", "demo"]).contains("unexpected argument"));
    assert!(error(&["stress"]).contains("unknown command `stress`"));
}

fn run(args: &[&str]) -> std::process::Output {
    Process::new(env!("CARGO_BIN_EXE_simulator"))
        .args(args)
        .output()
        .expect("run the simulator")
}

#[test]
fn the_binary_exits_with_code_2_on_bad_arguments() {
    for args in [
        &[][..],
        &["demon"][..],
        &["demo", "--seed", "x"][..],
        &["demo", "--fast"][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(stderr.contains("USAGE"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("simulator demo [--seed N]"));
}

#[test]
fn the_binary_runs_the_demo() {
    let out = run(&["demo", "--seed", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("no token created or lost"));
}
