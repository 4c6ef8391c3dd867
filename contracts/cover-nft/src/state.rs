use cosmwasm_std::{Deps, Storage};
use cw721::state::{Cw721Config, NftInfo};
use cw_storage_plus::Item;
use insurance_common::claims_court::ClaimsCourtContract;
use insurance_common::cover_nft::{Config, Policy};
use insurance_common::risk_pool::RiskPoolContract;

use crate::error::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:cover-nft";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

pub const CONFIG: Item<Config> = Item::new("config");

/// Whether a claim is open on the token: the court's open claims, read raw
/// (`claims_court::OPEN_CLAIMS_KEY`). The court is the one record of its
/// claims, so filing and executing a claim need no call to the NFT.
pub fn is_locked(deps: Deps, token_id: &str) -> Result<bool, ContractError> {
    let Some(court) = CONFIG.load(deps.storage)?.claims_court else {
        return Ok(false);
    };
    let Ok(cover_id) = token_id.parse::<u64>() else {
        return Ok(false);
    };
    Ok(ClaimsCourtContract(court)
        .open_claim(&deps.querier, cover_id)?
        .is_some())
}

/// The policy with what the pool has left to pay on it: the pool's cover
/// record is the one source (read raw, `risk_pool::COVERS_KEY`), so a payout
/// needs no call to the NFT. Falls back to the minted figure if the pool
/// cannot be read.
pub fn live_policy(deps: Deps, mut policy: Policy) -> Policy {
    let cover = CONFIG.load(deps.storage).ok().and_then(|config| {
        RiskPoolContract(config.risk_pool)
            .cover_raw(&deps.querier, policy.cover_id)
            .ok()
            .flatten()
    });
    if let Some(cover) = cover {
        policy.remaining_amount = cover.remaining;
    }
    policy
}

/// cw721's storage (tokens with their owner index, operators, token count,
/// collection info) under cw721-base's keys, `Policy` as the token extension.
pub fn cw721_state() -> Cw721Config<'static, Policy> {
    Cw721Config::default()
}

pub fn load_token(storage: &dyn Storage, token_id: &str) -> Result<NftInfo<Policy>, ContractError> {
    cw721_state()
        .nft_info
        .may_load(storage, token_id)?
        .ok_or_else(|| ContractError::TokenNotFound {
            token_id: token_id.to_string(),
        })
}
