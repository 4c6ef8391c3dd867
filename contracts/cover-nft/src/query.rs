use cosmwasm_std::{Binary, Deps, Empty, Env, StdError};
use cw721::msg::Cw721QueryMsg;
use cw721::traits::Cw721Query;
use insurance_common::cover_nft::{CollectionExtension, Config, Policy, PolicyResponse};

use crate::error::ContractError;
use crate::execute::claim_deadline_nanos;
use crate::state::{cw721, CONFIG, LOCKED};

/// cw721's own query message for this collection's types.
pub type StandardQueryMsg = Cw721QueryMsg<Policy, CollectionExtension, Empty>;

/// Standard queries are answered by cw721 itself, so responses are exactly
/// those of cw721-base.
pub fn standard(deps: Deps, env: &Env, msg: StandardQueryMsg) -> Result<Binary, ContractError> {
    Ok(cw721().query(deps, env, msg)?)
}

pub fn config(deps: Deps) -> Result<Config, ContractError> {
    Ok(CONFIG.load(deps.storage)?)
}

pub fn policy(deps: Deps, env: &Env, token_id: String) -> Result<PolicyResponse, ContractError> {
    let token = cw721().config.nft_info.load(deps.storage, &token_id)?;
    // Mint rejects policies whose deadline overflows, so this only guards old state.
    let deadline = claim_deadline_nanos(&token.extension)
        .ok_or_else(|| StdError::generic_err("claim deadline overflows"))?;
    Ok(PolicyResponse {
        locked: LOCKED.has(deps.storage, &token_id),
        expired: env.block.time.nanos() > deadline,
        token_id,
        owner: token.owner,
        policy: token.extension,
    })
}
