//! The vault's submessage ids and the payload each reply receives. A leaf
//! module: the handlers that send them and `reply.rs` both import it.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Addr;
use insurance_common::reply::ReplyIds;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum ReplyId {
    /// cw20-base instantiation of a tranche token (payload: its `Tranche`).
    InstantiateToken = 1,
    /// Pool `RequestUnbond` for a redemption (payload: [`RedemptionRef`]).
    Unbond = 2,
    /// Pool `Withdraw` of a redemption's unbonding (payload: [`RedemptionRef`]).
    Withdraw = 3,
}

impl ReplyIds for ReplyId {
    const ALL: &'static [Self] = &[
        ReplyId::InstantiateToken,
        ReplyId::Unbond,
        ReplyId::Withdraw,
    ];

    fn id(self) -> u64 {
        self as u64
    }
}

/// The redemption a pool call is made for.
#[cw_serde]
pub struct RedemptionRef {
    pub owner: Addr,
    pub redemption_id: u64,
}
