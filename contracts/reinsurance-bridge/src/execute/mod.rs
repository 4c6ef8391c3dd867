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

use cosmwasm_std::{
    to_json_binary, Addr, Coin, CosmosMsg, IbcMsg, SubMsg, Timestamp, Uint128, WasmMsg,
};
use insurance_common::auth::{ensure_sender, Authority, Unauthorized};
use insurance_common::reinsurance_bridge::BridgePacket;
use insurance_common::reply::ReplyIds;
use insurance_common::risk_pool;

use crate::error::ContractError;
use crate::reply_ids::{ReplyId, SentPacket};
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
    /// The packet could not be sent (expired or frozen client, closed
    /// channel): nothing left this chain.
    NotSent,
}

/// A bridge packet as a submessage: if IBC refuses to send it, the reply
/// settles it as `Outcome::NotSent` and the caller's own work (a payout, a
/// purchase) goes through.
pub(crate) fn send_packet(
    channel_id: &str,
    packet: &BridgePacket,
    timeout: cosmwasm_std::IbcTimeout,
) -> Result<SubMsg, ContractError> {
    let msg = IbcMsg::SendPacket {
        channel_id: channel_id.to_string(),
        data: to_json_binary(packet)?,
        timeout,
    };
    let sent = SentPacket {
        channel_id: channel_id.to_string(),
        packet: packet.clone(),
    };
    Ok(SubMsg::reply_on_error(msg, ReplyId::SendPacket.id()).with_payload(to_json_binary(&sent)?))
}

pub(crate) fn ensure_pool(config: &Config, sender: &Addr) -> Result<(), Unauthorized> {
    ensure_sender(config.risk_pool.as_ref(), sender, Authority::RiskPool)
}

pub(crate) fn collateral_denom(config: &Config) -> Result<String, ContractError> {
    config
        .collateral_denom
        .clone()
        .ok_or(ContractError::RiskPoolNotSet {})
}

/// A message to the pool about its reinsurance, with `funds` of collateral
/// attached if not zero.
pub(crate) fn pool_msg(
    config: &Config,
    msg: risk_pool::ReinsuranceMsg,
    funds: Uint128,
) -> Result<CosmosMsg, ContractError> {
    let pool = config
        .risk_pool
        .clone()
        .ok_or(ContractError::RiskPoolNotSet {})?;
    let funds = if funds.is_zero() {
        vec![]
    } else {
        vec![Coin::new(funds, collateral_denom(config)?)]
    };
    Ok(WasmMsg::Execute {
        contract_addr: pool.to_string(),
        msg: to_json_binary(&risk_pool::ExecuteMsg::Reinsurance(msg))?,
        funds,
    }
    .into())
}

pub(crate) fn timeout_at(now: Timestamp, seconds: u64) -> cosmwasm_std::IbcTimeout {
    cosmwasm_std::IbcTimeout::with_timestamp(now.plus_seconds(seconds))
}
