//! Replies to the vault's submessages; each finds its context in the
//! submessage's payload (see [`crate::reply_ids`]).

use cosmwasm_std::{from_json, Binary, DepsMut, Env, Reply, Response};
use cw_utils::{parse_execute_response_data, parse_instantiate_response_data, ParseReplyError};
use insurance_common::reply::ReplyIds;
use insurance_common::risk_pool::{RequestUnbondResponse, WithdrawResponse};
use insurance_common::tranche_vault::Tranche;
use serde::de::DeserializeOwned;

use crate::error::ContractError;
use crate::execute::withdraw::pay_redemption;
use crate::reply_ids::{RedemptionRef, ReplyId};
use crate::state::{REDEMPTIONS, TOKENS, TOKEN_TRANCHES};

pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    match ReplyId::from_id(msg.id)? {
        ReplyId::InstantiateToken => token_instantiated(deps, from_json(&msg.payload)?, msg),
        ReplyId::Unbond => unbonded(deps, from_json(&msg.payload)?, msg),
        ReplyId::Withdraw => withdrawn(deps, env, from_json(&msg.payload)?, msg),
    }
}

/// The message response of a successful submessage: the typed
/// `msg_responses` entry (CosmWasm 2), or the legacy `data` field.
fn response_bytes(msg: Reply) -> Result<Binary, ContractError> {
    let response = msg
        .result
        .into_result()
        .map_err(ParseReplyError::SubMsgFailure)?;
    #[allow(deprecated)]
    let legacy = response.data;
    response
        .msg_responses
        .into_iter()
        .next()
        .map(|r| r.value)
        .or(legacy)
        .ok_or_else(|| ParseReplyError::ParseFailure("no response data".to_string()).into())
}

/// The JSON data a contract set on its execute response.
fn execute_data<T: DeserializeOwned>(msg: Reply) -> Result<T, ContractError> {
    let bytes = response_bytes(msg)?;
    let data = parse_execute_response_data(&bytes)?
        .data
        .ok_or_else(|| ParseReplyError::ParseFailure("empty execute data".to_string()))?;
    Ok(from_json(&data)?)
}

fn token_instantiated(
    deps: DepsMut,
    tranche: Tranche,
    msg: Reply,
) -> Result<Response, ContractError> {
    let bytes = response_bytes(msg)?;
    let res = parse_instantiate_response_data(&bytes)?;
    let token = deps.api.addr_validate(&res.contract_address)?;
    TOKENS.save(deps.storage, tranche.as_str(), &token)?;
    TOKEN_TRANCHES.save(deps.storage, &token, &tranche)?;
    Ok(Response::new()
        .add_attribute("action", "token_instantiated")
        .add_attribute("tranche", tranche.as_str())
        .add_attribute("token", token))
}

/// Records the pool unbonding on the redemption it was requested for.
fn unbonded(deps: DepsMut, ctx: RedemptionRef, msg: Reply) -> Result<Response, ContractError> {
    let data: RequestUnbondResponse = execute_data(msg)?;
    let key = (&ctx.owner, ctx.redemption_id);
    let mut redemption = REDEMPTIONS.load(deps.storage, key)?;
    redemption.unbonding_id = Some(data.unbonding_id);
    redemption.release_at = data.release_at;
    REDEMPTIONS.save(deps.storage, key, &redemption)?;
    Ok(Response::new()
        .add_attribute("action", "redemption_unbonding")
        .add_attribute("redemption_id", ctx.redemption_id.to_string())
        .add_attribute("unbonding_id", data.unbonding_id.to_string())
        .add_attribute("release_at", data.release_at.seconds().to_string()))
}

/// The unbonding's collateral is in: pay the redemption.
fn withdrawn(
    deps: DepsMut,
    env: Env,
    ctx: RedemptionRef,
    msg: Reply,
) -> Result<Response, ContractError> {
    let data: WithdrawResponse = execute_data(msg)?;
    pay_redemption(deps, env, ctx.owner, ctx.redemption_id, data.amount)
}
