//! What the risk pool tells the NFT: a policy was bought, a payout was made.

use cosmwasm_std::{Addr, DepsMut, Response, Uint128};
use cw721::state::NftInfo;
use insurance_common::cover_nft::{Policy, PoolMsg};

use crate::error::{ContractError, PolicyDefect};
use crate::state::{cw721_state, load_token};

/// Sent by the risk pool (checked by the caller).
pub fn execute(deps: DepsMut, pool: Addr, msg: PoolMsg) -> Result<Response, ContractError> {
    match msg {
        PoolMsg::Mint { owner, policy } => mint(deps, pool, owner, policy),
        PoolMsg::SetRemaining {
            cover_id,
            remaining_amount,
        } => set_remaining(deps, cover_id, remaining_amount),
    }
}

fn mint(
    deps: DepsMut,
    pool: Addr,
    owner: String,
    policy: Policy,
) -> Result<Response, ContractError> {
    let token_id = policy.cover_id.to_string();
    check_new_policy(&token_id, &policy)?;
    let owner = deps.api.addr_validate(&owner)?;
    let state = cw721_state();
    if state.nft_info.has(deps.storage, &token_id) {
        return Err(ContractError::TokenExists { token_id });
    }
    state.nft_info.save(
        deps.storage,
        &token_id,
        &NftInfo {
            owner: owner.clone(),
            approvals: vec![],
            // The metadata is on chain, computed by `NftInfo` at query time.
            token_uri: None,
            extension: policy,
        },
    )?;
    state.increment_tokens(deps.storage)?;
    // cw721-base's attributes, so indexers see an ordinary mint.
    Ok(Response::new()
        .add_attribute("action", "mint")
        .add_attribute("minter", pool)
        .add_attribute("owner", owner)
        .add_attribute("token_id", token_id))
}

fn set_remaining(
    deps: DepsMut,
    cover_id: u64,
    remaining_amount: Uint128,
) -> Result<Response, ContractError> {
    let token_id = cover_id.to_string();
    let mut token = load_token(deps.storage, &token_id)?;
    if remaining_amount > token.extension.cover_amount {
        return Err(ContractError::RemainingExceedsCover {
            token_id,
            remaining: remaining_amount,
            cover: token.extension.cover_amount,
        });
    }
    token.extension.remaining_amount = remaining_amount;
    cw721_state()
        .nft_info
        .save(deps.storage, &token_id, &token)?;
    Ok(Response::new()
        .add_attribute("action", "set_remaining")
        .add_attribute("token_id", token_id)
        .add_attribute("remaining_amount", remaining_amount))
}

/// Terms the pool must get right when it mints; only the remaining amount
/// changes later.
fn check_new_policy(token_id: &str, policy: &Policy) -> Result<(), ContractError> {
    let defect = if policy.denom.is_empty() {
        Some(PolicyDefect::EmptyDenom)
    } else if policy.cover_amount.is_zero() {
        Some(PolicyDefect::ZeroCover)
    } else if policy.remaining_amount.is_zero() {
        Some(PolicyDefect::NothingRemaining)
    } else if policy.start >= policy.end {
        Some(PolicyDefect::EndsBeforeStart)
    } else if policy.claimable_until().is_none() {
        // Queries compute the claim deadline: it must never overflow.
        Some(PolicyDefect::GraceTooLong)
    } else {
        None
    };
    if let Some(defect) = defect {
        return Err(ContractError::InvalidPolicy { defect });
    }
    if policy.remaining_amount > policy.cover_amount {
        return Err(ContractError::RemainingExceedsCover {
            token_id: token_id.to_string(),
            remaining: policy.remaining_amount,
            cover: policy.cover_amount,
        });
    }
    Ok(())
}
