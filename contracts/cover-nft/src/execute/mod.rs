//! Execute handlers, one file per sender: holders (cw721's standard
//! messages), the risk pool, the claims court and governance.

pub mod court;
pub mod governance;
pub mod pool;
pub mod standard;
