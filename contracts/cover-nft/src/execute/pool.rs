//! What the risk pool tells the NFT: a policy was bought. Payouts are not
//! told: queries read what is left to pay raw from the pool.

use cosmwasm_std::{Addr, DepsMut, Response};
use cw721::state::NftInfo;
use insurance_common::cover_nft::{Policy, PoolMsg};

use crate::error::{ContractError, PolicyDefect};
use crate::state::cw721_state;

/// Sent by the risk pool (checked by the caller).
pub fn execute(deps: DepsMut, pool: Addr, msg: PoolMsg) -> Result<Response, ContractError> {
    match msg {
        PoolMsg::Mint { owner, policy } => mint(deps, pool, owner, policy),
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
