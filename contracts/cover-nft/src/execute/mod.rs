//! Execute handlers, one file per sender: holders (cw721's standard
//! messages), the risk pool and governance. The claims court sends nothing:
//! the NFT reads its open claims raw.

pub mod governance;
pub mod pool;
pub mod standard;
