//! Execute handlers, one file per flow.
//!
//! - `cession`: cedent side of a cession (the pool's `Cede`, its ack or timeout);
//! - `recovery`: cedent side of a recovery (the pool's `RecordLoss`, retries, ack or timeout);
//! - `receive`: reinsurer side, the packets it receives;
//! - `transfer`: the ICS-20 legs on both sides and their callbacks;
//! - `governance`: instantiation, configuration, treaties, channel closing,
//!   capital withdrawals.

pub mod cession;
pub mod governance;
pub mod receive;
pub mod recovery;
pub mod transfer;

use cosmwasm_std::{to_json_binary, Addr, Coin, CosmosMsg, Timestamp, Uint128, WasmMsg};
use insurance_common::risk_pool;

use crate::error::ContractError;
use crate::state::Config;

/// What became of a packet the bridge sent.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Success ack: the counterparty committed.
    Accepted,
    /// Error ack: the counterparty changed nothing.
    Refused(String),
    /// Timeout (also on a closed channel): the packet was never received.
    TimedOut,
}

pub(crate) fn ensure_pool(config: &Config, sender: &Addr) -> Result<(), ContractError> {
    match &config.risk_pool {
        Some(pool) if pool == sender => Ok(()),
        _ => Err(ContractError::Unauthorized {
            sender: sender.clone(),
            role: "risk pool".to_string(),
        }),
    }
}

pub(crate) fn collateral_denom(config: &Config) -> Result<String, ContractError> {
    config
        .collateral_denom
        .clone()
        .ok_or(ContractError::RiskPoolNotSet {})
}

/// Funds back to the pool's capital: a recovered loss, or a refused cession's premium.
pub(crate) fn credit_pool(config: &Config, amount: Uint128) -> Result<CosmosMsg, ContractError> {
    let pool = config
        .risk_pool
        .clone()
        .ok_or(ContractError::RiskPoolNotSet {})?;
    Ok(WasmMsg::Execute {
        contract_addr: pool.to_string(),
        msg: to_json_binary(&risk_pool::ExecuteMsg::CreditRecovery {})?,
        funds: vec![Coin::new(amount, collateral_denom(config)?)],
    }
    .into())
}

pub(crate) fn timeout_at(now: Timestamp, seconds: u64) -> cosmwasm_std::IbcTimeout {
    cosmwasm_std::IbcTimeout::with_timestamp(now.plus_seconds(seconds))
}
