//! What the court asks of, and tells, the pool, the cover NFT and oracles.

use cosmwasm_std::{Addr, CosmosMsg, Deps, QuerierWrapper};
use insurance_common::cover_nft::{CoverNftContract, PolicyResponse};
use insurance_common::risk_pool::{ClaimMethod, CoverResponse, ProductResponse, RiskPoolContract};

use crate::error::ContractError;
use crate::state::Config;

pub fn pool(config: &Config) -> RiskPoolContract {
    RiskPoolContract(config.risk_pool.clone())
}

/// The pool's record of a cover: its terms and what is left to pay.
pub fn cover(
    querier: &QuerierWrapper,
    config: &Config,
    cover_id: u64,
) -> Result<CoverResponse, ContractError> {
    pool(config)
        .cover(querier, cover_id)
        .map_err(|_| ContractError::CoverNotFound { cover_id })
}

pub fn product(
    querier: &QuerierWrapper,
    config: &Config,
    product_id: u32,
) -> Result<ProductResponse, ContractError> {
    pool(config)
        .product(querier, product_id)
        .map_err(|_| ContractError::ProductNotFound { product_id })
}

/// Errors unless the product exists and is claimed through `method`.
pub fn require_claim_method(
    querier: &QuerierWrapper,
    config: &Config,
    product_id: u32,
    method: ClaimMethod,
) -> Result<(), ContractError> {
    let product = product(querier, config, product_id)?;
    if product.product.claim_method != method {
        return Err(ContractError::WrongClaimMethod {
            product_id,
            expected: method,
        });
    }
    Ok(())
}

pub fn nft(config: &Config) -> CoverNftContract {
    CoverNftContract(config.cover_nft.clone())
}

pub fn policy(
    querier: &QuerierWrapper,
    config: &Config,
    cover_id: u64,
) -> Result<PolicyResponse, ContractError> {
    nft(config)
        .policy(querier, cover_id)
        .map_err(|_| ContractError::CoverNotFound { cover_id })
}

pub fn nft_owner(
    querier: &QuerierWrapper,
    config: &Config,
    cover_id: u64,
) -> Result<Addr, ContractError> {
    nft(config)
        .owner_of(querier, cover_id)
        .map_err(|_| ContractError::CoverNotFound { cover_id })
}

/// The cover's owner, after checking that `sender` is it. Only the owner
/// claims: an approval (cw721 `Approve` / `ApproveAll`, as marketplaces ask
/// for) lets its holder move the NFT, not file claims for it. The NFT refuses
/// a lock for anyone else too.
pub fn require_holder(
    deps: Deps,
    config: &Config,
    sender: &Addr,
    cover_id: u64,
) -> Result<Addr, ContractError> {
    let owner = nft_owner(&deps.querier, config, cover_id)?;
    if owner != sender {
        return Err(ContractError::NotCoverHolder {
            sender: sender.clone(),
            cover_id,
        });
    }
    Ok(owner)
}

pub fn lock(config: &Config, cover_id: u64, claimant: &Addr) -> Result<CosmosMsg, ContractError> {
    Ok(nft(config).lock(cover_id, claimant)?)
}

pub fn unlock(config: &Config, cover_id: u64) -> Result<CosmosMsg, ContractError> {
    Ok(nft(config).unlock(cover_id)?)
}
