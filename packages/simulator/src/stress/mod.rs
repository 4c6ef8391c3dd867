//! Stress mode: many simulated periods over the real contracts.
//!
//! `config` says what to simulate, `engine` drives one path through the
//! contracts, `run` runs the paths on worker threads (or one shard of them),
//! `record` keeps what the report needs of each path, `summary` turns the
//! records into a risk committee's figures, `report` and `html` print and
//! write them, `sweep` moves one capital parameter at a time, and `costs`
//! measures what the driver's building blocks cost.

pub mod chart;
pub mod config;
pub mod costs;
pub mod engine;
pub mod html;
pub mod progress;
pub mod record;
pub mod report;
pub mod run;
pub mod stats;
pub mod summary;
pub mod sweep;
