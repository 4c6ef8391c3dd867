use std::process::ExitCode;

use simulator::cli::{self, Command, USAGE};
use simulator::demo;

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
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
