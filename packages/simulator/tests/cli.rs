//! Bad arguments give clear errors, and the binary exits with code 2.

use std::process::Command as Process;

use std::path::PathBuf;

use simulator::cli::{parse, CliError, Command, StressArgs, DEFAULT_SEED, DEFAULT_STRESS_OUT};
use simulator::stress::config::StressConfig;
use simulator::stress::run::Shard;

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
    assert!(error(&["stres"]).contains("unknown command `stres`"));
}

#[test]
fn parses_stress() {
    assert_eq!(
        parse(&["stress"]),
        Ok(Command::Stress(StressArgs {
            seed: DEFAULT_SEED,
            config: None,
            paths: None,
            periods: None,
            jobs: None,
            out: PathBuf::from(DEFAULT_STRESS_OUT),
            progress: true,
            print_config: false,
            shard: None,
        }))
    );
    assert_eq!(
        parse(&[
            "stress",
            "--seed=3",
            "--config",
            "c.json",
            "--paths",
            "50",
            "--periods=1000",
            "--jobs",
            "4",
            "--out",
            "reports",
            "--no-progress",
            "--print-config",
            "--shard",
            "2/4",
        ]),
        Ok(Command::Stress(StressArgs {
            seed: 3,
            config: Some(PathBuf::from("c.json")),
            paths: Some(50),
            periods: Some(1000),
            jobs: Some(4),
            out: PathBuf::from("reports"),
            progress: false,
            print_config: true,
            shard: Some(Shard::new(2, 4).unwrap()),
        }))
    );
    assert_eq!(parse(&["stress", "--help"]), Ok(Command::Help));
    assert!(
        matches!(parse(&["sweep", "--paths", "3"]), Ok(Command::Sweep(a)) if a.paths == Some(3))
    );
    assert_eq!(
        parse(&["merge", "--out", "r", "a.json", "b.json"]),
        Ok(Command::Merge {
            out: PathBuf::from("r"),
            files: vec![PathBuf::from("a.json"), PathBuf::from("b.json")],
        })
    );
    assert_eq!(parse(&["costs"]), Ok(Command::Costs { rounds: 2_000 }));
    assert_eq!(
        parse(&["costs", "--rounds=10"]),
        Ok(Command::Costs { rounds: 10 })
    );
}

#[test]
fn bad_stress_arguments_are_errors() {
    assert!(error(&["stress", "--paths", "0"]).contains("invalid path count `0`"));
    assert!(error(&["stress", "--paths", "10000001"]).contains("from 1 to 10000000"));
    assert!(error(&["stress", "--periods", "many"]).contains("invalid period count `many`"));
    assert!(error(&["stress", "--jobs", "-2"]).contains("invalid job count"));
    assert!(error(&["stress", "--seed", "x"]).contains("invalid seed `x`"));
    assert!(error(&["stress", "--config"]).contains("`--config` needs a value"));
    assert!(error(&["stress", "--paths", "2", "--paths", "3"]).contains("more than once"));
    assert!(error(&["stress", "--no-progress=yes"]).contains("takes no value"));
    assert!(error(&["stress", "--fast"]).contains("unknown option `--fast` for `stress`"));
    assert!(error(&["stress", "now"]).contains("unexpected argument `now`"));
    assert!(error(&["stress", "--shard", "5/4"]).contains("invalid shard `5/4`"));
    assert!(error(&["stress", "--shard", "two"]).contains("invalid shard `two`"));
    assert!(error(&["sweep", "--shard", "1/2"]).contains("neither"));
    assert!(error(&["merge"]).contains("needs the shard files"));
    assert!(error(&["merge", "--fast"]).contains("unknown option `--fast` for `merge`"));
    assert!(error(&["costs", "--rounds", "0"]).contains("invalid round count"));
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

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("simulator-cli-{}-{name}", std::process::id()))
}

#[test]
fn stress_prints_its_config_and_refuses_a_bad_one() {
    let out = run(&["stress", "--print-config", "--paths", "7"]);
    assert_eq!(out.status.code(), Some(0));
    let config = StressConfig::from_json(&String::from_utf8_lossy(&out.stdout)).unwrap();
    assert_eq!(config.paths, 7);
    assert_eq!(config.periods, StressConfig::default().periods);

    let file = temp("bad.json");
    std::fs::write(&file, r#"{"products": [{"name": "x"}]}"#).unwrap();
    let out = run(&["stress", "--config", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing field `kind`"), "{stderr}");
    std::fs::write(&file, r#"{"correlation": 2}"#).unwrap();
    let out = run(&["stress", "--config", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("correlation: must be at least 0 and below 1"),
        "{stderr}"
    );
    std::fs::remove_file(&file).unwrap();
    let out = run(&["stress", "--config", "/nonexistent/stress.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/stress.json"));
}

#[test]
fn the_binary_runs_a_stress_and_writes_its_files() {
    let dir = temp("out");
    let out = run(&[
        "stress",
        "--paths",
        "1",
        "--periods",
        "8",
        "--no-progress",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("SOLVENCY") && stdout.contains("stress-capital.svg"));
    assert!(out.stderr.is_empty(), "no progress was asked for");
    assert!(std::fs::read_to_string(dir.join("stress-capital.svg"))
        .unwrap()
        .starts_with("<svg"));
    assert!(dir.join("stress-report.json").exists());
    std::fs::remove_dir_all(dir).unwrap();
}
