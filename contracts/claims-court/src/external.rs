//! What the court asks of, and tells, the pool, the cover NFT and oracles.

use cosmwasm_std::{Addr, QuerierWrapper, Uint128};
use insurance_common::cover_nft::CoverNftContract;
use insurance_common::risk_pool::{ClaimMethod, Cover, ProductResponse, RiskPoolContract};

use crate::error::ContractError;
use crate::state::Config;

pub fn pool(config: &Config) -> RiskPoolContract {
    RiskPoolContract(config.risk_pool.clone())
}

/// The pool's record of a cover (its terms and what is left to pay), read
/// raw under the key the pool publishes: no contract call.
pub fn cover(
    querier: &QuerierWrapper,
    config: &Config,
    cover_id: u64,
) -> Result<Cover, ContractError> {
    pool(config)
        .cover_raw(querier, cover_id)?
        .ok_or(ContractError::CoverNotFound { cover_id })
}

/// What the pool holds for the court (assessor rewards), read raw.
pub fn claims_fund(querier: &QuerierWrapper, config: &Config) -> Result<Uint128, ContractError> {
    Ok(pool(config).pool_raw(querier)?.claims_fund)
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

/// Errors unless the product exists and is claimed through `method` (read raw).
pub fn require_claim_method(
    querier: &QuerierWrapper,
    config: &Config,
    product_id: u32,
    method: ClaimMethod,
) -> Result<(), ContractError> {
    let product = pool(config)
        .product_raw(querier, product_id)?
        .ok_or(ContractError::ProductNotFound { product_id })?;
    if product.info.claim_method != method {
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

/// Checks that `sender` owns the cover's NFT (read raw). Only the owner
/// claims: an approval (cw721 `Approve` / `ApproveAll`, as marketplaces ask
/// for) lets its holder move the NFT, not claim on it. A filing needs no
/// such read: the NFT refuses to lock for anyone but the owner.
pub fn require_holder(
    querier: &QuerierWrapper,
    config: &Config,
    sender: &Addr,
    cover_id: u64,
) -> Result<(), ContractError> {
    let owner = nft(config)
        .owner_raw(querier, cover_id)?
        .ok_or(ContractError::CoverNotFound { cover_id })?;
    if owner != sender {
        return Err(ContractError::NotCoverHolder {
            sender: sender.clone(),
            cover_id,
        });
    }
    Ok(())
}
