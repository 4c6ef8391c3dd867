//! Stress mode: many simulated periods over the real contracts.
//!
//! `config` says what to simulate, `engine` drives one path through the
//! contracts, `run` runs the paths on worker threads, `summary` turns them
//! into a risk committee's figures and `report` prints and writes them.

pub mod chart;
pub mod config;
pub mod engine;
pub mod progress;
pub mod report;
pub mod run;
pub mod stats;
pub mod summary;
