//! The court's submessage ids and the payload each reply receives. A leaf
//! module: the handlers that send them and `reply.rs` both import it.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use insurance_common::reply::ReplyIds;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum ReplyId {
    /// The pool's payout of an accepted claim (payload: [`PendingPayout`]).
    ClaimPayout = 1,
}

impl ReplyIds for ReplyId {
    const ALL: &'static [Self] = &[ReplyId::ClaimPayout];

    fn id(self) -> u64 {
        self as u64
    }
}

/// The payout in flight, for its reply.
#[cw_serde]
pub struct PendingPayout {
    pub claim_id: u64,
    pub recipient: Addr,
    pub amount: Uint128,
}
