//! Execute handlers, one file per flow.

pub mod claims;
pub mod cover;
pub mod governance;
pub mod reinsurance;
pub mod staking;

use cosmwasm_std::{Addr, BankMsg, Coin, CosmosMsg, Uint128};

/// A bank transfer of the collateral denom.
pub(crate) fn send(to: &Addr, denom: &str, amount: Uint128) -> CosmosMsg {
    BankMsg::Send {
        to_address: to.to_string(),
        amount: vec![Coin::new(amount, denom)],
    }
    .into()
}
