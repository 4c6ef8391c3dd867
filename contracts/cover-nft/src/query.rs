//! Queries. The standard ones are answered by cw721's own functions (same
//! responses as cw721-base), with list queries capped at the project's page
//! limit; `NftInfo` and `AllNftInfo` answer display metadata computed from the
//! policy at the queried block.

use cosmwasm_std::{from_json, Addr, Deps, Empty, Env};
use cw721::msg::{
    AllNftInfoResponse, ApprovalResponse, ApprovalsResponse, CollectionInfoAndExtensionResponse,
    MinterResponse, NftInfoResponse, NumTokensResponse, OperatorResponse, OperatorsResponse,
    OwnerOfResponse, TokensResponse,
};
use cw721::query as cw721_query;
use cw721::state::NftInfo;
use cw721::Ownership;
use cw_storage_plus::Map;
use insurance_common::cover_nft::{
    CollectionInfoResponse, DisplayMetadata, Policy, PolicyResponse,
};
use insurance_common::pagination::page_limit;
use insurance_common::risk_pool::PRODUCTS_KEY;
use serde::Deserialize;

use crate::error::ContractError;
use crate::metadata;
use crate::state::{cw721_state, is_locked, live_policy, load_token, CONFIG};

/// The project's page size; cw721 alone would allow 1000.
fn capped(limit: Option<u32>) -> Option<u32> {
    Some(page_limit(limit) as u32)
}

pub fn owner_of(
    deps: Deps,
    env: &Env,
    token_id: String,
    include_expired: Option<bool>,
) -> Result<OwnerOfResponse, ContractError> {
    Ok(cw721_query::query_owner_of(
        deps,
        env,
        token_id,
        include_expired.unwrap_or(false),
    )?)
}

pub fn approval(
    deps: Deps,
    env: &Env,
    token_id: String,
    spender: String,
    include_expired: Option<bool>,
) -> Result<ApprovalResponse, ContractError> {
    let spender = deps.api.addr_validate(&spender)?;
    Ok(cw721_query::query_approval(
        deps,
        env,
        token_id,
        spender,
        include_expired.unwrap_or(false),
    )?)
}

pub fn approvals(
    deps: Deps,
    env: &Env,
    token_id: String,
    include_expired: Option<bool>,
) -> Result<ApprovalsResponse, ContractError> {
    Ok(cw721_query::query_approvals(
        deps,
        env,
        token_id,
        include_expired.unwrap_or(false),
    )?)
}

pub fn operator(
    deps: Deps,
    env: &Env,
    owner: String,
    operator: String,
    include_expired: Option<bool>,
) -> Result<OperatorResponse, ContractError> {
    Ok(cw721_query::query_operator(
        deps,
        env,
        owner,
        operator,
        include_expired.unwrap_or(false),
    )?)
}

pub fn all_operators(
    deps: Deps,
    env: &Env,
    owner: String,
    include_expired: Option<bool>,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<OperatorsResponse, ContractError> {
    Ok(cw721_query::query_operators(
        deps,
        env,
        owner,
        include_expired.unwrap_or(false),
        start_after,
        capped(limit),
    )?)
}

pub fn num_tokens(deps: Deps) -> Result<NumTokensResponse, ContractError> {
    Ok(cw721_query::query_num_tokens(deps.storage)?)
}

pub fn collection_info(deps: Deps) -> Result<CollectionInfoResponse, ContractError> {
    let info = cw721_state().collection_info.load(deps.storage)?;
    Ok(CollectionInfoResponse(CollectionInfoAndExtensionResponse {
        name: info.name,
        symbol: info.symbol,
        extension: None,
        updated_at: info.updated_at,
    }))
}

pub fn tokens(
    deps: Deps,
    env: &Env,
    owner: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<TokensResponse, ContractError> {
    Ok(cw721_query::query_tokens(
        deps,
        env,
        owner,
        start_after,
        capped(limit),
    )?)
}

pub fn all_tokens(
    deps: Deps,
    env: &Env,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<TokensResponse, ContractError> {
    Ok(cw721_query::query_all_tokens(
        deps,
        env,
        start_after,
        capped(limit),
    )?)
}

fn owned_by(owner: Addr) -> Ownership<Addr> {
    Ownership {
        owner: Some(owner),
        pending_owner: None,
        pending_expiry: None,
    }
}

/// The risk pool, the only minter.
pub fn minter(deps: Deps) -> Result<MinterResponse, ContractError> {
    Ok(MinterResponse {
        minter: Some(CONFIG.load(deps.storage)?.risk_pool.into_string()),
    })
}

pub fn minter_ownership(deps: Deps) -> Result<Ownership<Addr>, ContractError> {
    Ok(owned_by(CONFIG.load(deps.storage)?.risk_pool))
}

/// Governance, the collection's creator.
pub fn creator_ownership(deps: Deps) -> Result<Ownership<Addr>, ContractError> {
    Ok(owned_by(CONFIG.load(deps.storage)?.governance))
}

pub fn policy(deps: Deps, env: &Env, token_id: String) -> Result<PolicyResponse, ContractError> {
    let token = load_token(deps.storage, &token_id)?;
    let locked = is_locked(deps, &token_id)?;
    let policy = live_policy(deps, token.extension);
    Ok(PolicyResponse {
        status: policy.status(locked, env.block.time),
        token_id,
        owner: token.owner,
        policy,
        locked,
    })
}

pub fn nft_info(
    deps: Deps,
    env: &Env,
    token_id: String,
) -> Result<NftInfoResponse<DisplayMetadata>, ContractError> {
    let token = load_token(deps.storage, &token_id)?;
    Ok(display(deps, env, &token_id, token))
}

pub fn all_nft_info(
    deps: Deps,
    env: &Env,
    token_id: String,
    include_expired: Option<bool>,
) -> Result<AllNftInfoResponse<DisplayMetadata>, ContractError> {
    let token = load_token(deps.storage, &token_id)?;
    Ok(AllNftInfoResponse {
        access: OwnerOfResponse {
            owner: token.owner.to_string(),
            approvals: cw721_query::humanize_approvals(
                &env.block,
                &token,
                include_expired.unwrap_or(false),
            ),
        },
        info: display(deps, env, &token_id, token),
    })
}

fn display(
    deps: Deps,
    env: &Env,
    token_id: &str,
    token: NftInfo<Policy>,
) -> NftInfoResponse<DisplayMetadata> {
    let policy = live_policy(deps, token.extension);
    // Display only: a court that cannot be read shows the token unlocked.
    let status = policy.status(is_locked(deps, token_id).unwrap_or(false), env.block.time);
    let product = product_name(deps, &policy);
    NftInfoResponse {
        token_uri: None,
        extension: metadata::display(&policy, status, product.as_deref()),
    }
}

/// The part of the pool's product record the NFT shows.
#[derive(Deserialize)]
struct PoolProduct {
    info: PoolProductInfo,
}

#[derive(Deserialize)]
struct PoolProductInfo {
    name: String,
}

/// The product's name, read raw from the pool (`risk_pool::PRODUCTS_KEY`):
/// no smart query. Display only, so anything unexpected falls back to the id.
fn product_name(deps: Deps, policy: &Policy) -> Option<String> {
    let pool = CONFIG.load(deps.storage).ok()?.risk_pool;
    let key = Map::<u32, Empty>::new(PRODUCTS_KEY).key(policy.product_id);
    let raw = deps.querier.query_wasm_raw(pool, key.to_vec()).ok()??;
    from_json::<PoolProduct>(&raw).ok().map(|p| p.info.name)
}
