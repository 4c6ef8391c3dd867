//! What the claims court tells the NFT: a claim holds the token, or it is closed.

use cosmwasm_std::{DepsMut, Empty, Response};
use insurance_common::cover_nft::CourtMsg;

use crate::error::ContractError;
use crate::state::{load_token, LOCKED};

/// Sent by the claims court (checked by the caller).
pub fn execute(deps: DepsMut, msg: CourtMsg) -> Result<Response, ContractError> {
    match msg {
        CourtMsg::Lock { cover_id, claimant } => lock(deps, cover_id, claimant),
        CourtMsg::Unlock { cover_id } => unlock(deps, cover_id),
    }
}

/// Only the owner may claim: an approved spender or operator may move the
/// token (cw721), but not tie it to a claim the owner did not file. The court
/// checks this too; here it holds whatever the court does.
fn lock(deps: DepsMut, cover_id: u64, claimant: String) -> Result<Response, ContractError> {
    let token_id = cover_id.to_string();
    let token = load_token(deps.storage, &token_id)?;
    if token.owner.as_str() != claimant {
        return Err(ContractError::ClaimantNotOwner { token_id, claimant });
    }
    if LOCKED.has(deps.storage, &token_id) {
        return Err(ContractError::AlreadyLocked { token_id });
    }
    LOCKED.save(deps.storage, &token_id, &Empty {})?;
    Ok(Response::new()
        .add_attribute("action", "lock")
        .add_attribute("token_id", token_id)
        .add_attribute("claimant", claimant))
}

fn unlock(deps: DepsMut, cover_id: u64) -> Result<Response, ContractError> {
    let token_id = cover_id.to_string();
    if !LOCKED.has(deps.storage, &token_id) {
        return Err(ContractError::NotLocked { token_id });
    }
    LOCKED.remove(deps.storage, &token_id);
    Ok(Response::new()
        .add_attribute("action", "unlock")
        .add_attribute("token_id", token_id))
}
