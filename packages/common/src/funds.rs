//! Funds leaving a contract.

use cosmwasm_std::{Addr, BankMsg, Coin, CosmosMsg, Uint128};

/// A bank transfer of `amount` of `denom` to `to`.
pub fn send(to: &Addr, denom: &str, amount: Uint128) -> CosmosMsg {
    BankMsg::Send {
        to_address: to.to_string(),
        amount: vec![Coin::new(amount, denom)],
    }
    .into()
}
