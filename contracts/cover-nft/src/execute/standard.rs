//! cw721's standard messages, served by cw721's own functions (so they behave
//! exactly as in cw721-base), except that a token under claim cannot move.
//! Approvals stay possible on a locked token: they move nothing.

use cosmwasm_std::{Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response};
use cw721::execute as cw721_execute;
use cw_utils::Expiration;
use insurance_common::cover_nft::Policy;

use crate::error::ContractError;
use crate::state::is_locked;

fn ensure_unlocked(deps: Deps, token_id: &str) -> Result<(), ContractError> {
    if is_locked(deps, token_id)? {
        return Err(ContractError::TokenLocked {
            token_id: token_id.to_string(),
        });
    }
    Ok(())
}

pub fn transfer_nft(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    token_id: String,
) -> Result<Response, ContractError> {
    ensure_unlocked(deps.as_ref(), &token_id)?;
    cw721_execute::transfer_nft::<Policy>(deps, &env, &info, &recipient, &token_id)?;
    Ok(Response::new()
        .add_attribute("action", "transfer_nft")
        .add_attribute("sender", info.sender)
        .add_attribute("recipient", recipient)
        .add_attribute("token_id", token_id))
}

pub fn send_nft(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    contract: String,
    token_id: String,
    msg: Binary,
) -> Result<Response, ContractError> {
    ensure_unlocked(deps.as_ref(), &token_id)?;
    Ok(cw721_execute::send_nft::<Policy, Empty>(
        deps, &env, &info, contract, token_id, msg,
    )?)
}

pub fn burn(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token_id: String,
) -> Result<Response, ContractError> {
    // A burnt token could never be paid out, and the lock entry would dangle.
    ensure_unlocked(deps.as_ref(), &token_id)?;
    Ok(cw721_execute::burn_nft::<Empty>(
        deps, &env, &info, token_id,
    )?)
}

pub fn approve(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    token_id: String,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    Ok(cw721_execute::approve::<Policy, Empty>(
        deps, &env, &info, spender, token_id, expires,
    )?)
}

pub fn revoke(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    token_id: String,
) -> Result<Response, ContractError> {
    Ok(cw721_execute::revoke::<Policy, Empty>(
        deps, &env, &info, spender, token_id,
    )?)
}

pub fn approve_all(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    Ok(cw721_execute::approve_all::<Empty>(
        deps, &env, &info, operator, expires,
    )?)
}

pub fn revoke_all(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
) -> Result<Response, ContractError> {
    Ok(cw721_execute::revoke_all::<Empty>(
        deps, &env, &info, operator,
    )?)
}
