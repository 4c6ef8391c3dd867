//! Fuzz campaign over the whole protocol: random sequences of every user,
//! keeper, oracle, governance and relayer action across the five contracts
//! deployed together on the testing kit's two chains, with every invariant
//! (`invariants::INVARIANTS`) checked after every operation.
//!
//! - `actions`: every operation kind, each a small function drawing its inputs;
//! - `invariants`: each invariant a named function of the world;
//! - `channels`: the bridge channel's close, settlement and re-routing, stray funds;
//! - `world`: the deployment, the actors, and the ids the driver follows;
//! - `campaign`: worlds of `DEFAULT_WORLD_OPS` operations, seeded, run on
//!   threads and merged in world order (deterministic whatever `--jobs`).

pub mod actions;
pub mod campaign;
pub mod channels;
pub mod invariants;
pub mod refusal;
pub mod rng;
pub mod world;

pub use campaign::{run, run_world, Config, Report};
