//! What the court asks of, and tells, the pool, the cover NFT and oracles.

use cosmwasm_std::{to_json_binary, Addr, CosmosMsg, Deps, QuerierWrapper, WasmMsg};
use cw721::msg::OwnerOfResponse;
use insurance_common::cover_nft::{self, PolicyResponse};
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

pub fn policy(
    querier: &QuerierWrapper,
    config: &Config,
    cover_id: u64,
) -> Result<PolicyResponse, ContractError> {
    querier
        .query_wasm_smart(
            &config.cover_nft,
            &cover_nft::QueryMsg::Policy {
                token_id: cover_id.to_string(),
            },
        )
        .map_err(|_| ContractError::CoverNotFound { cover_id })
}

pub fn nft_owner(
    querier: &QuerierWrapper,
    config: &Config,
    cover_id: u64,
) -> Result<Addr, ContractError> {
    let res: OwnerOfResponse = querier
        .query_wasm_smart(
            &config.cover_nft,
            &cover_nft::QueryMsg::OwnerOf {
                token_id: cover_id.to_string(),
                include_expired: Some(false),
            },
        )
        .map_err(|_| ContractError::CoverNotFound { cover_id })?;
    Ok(Addr::unchecked(res.owner))
}

/// The cover's owner, after checking that `sender` is the owner or holds an
/// unexpired approval for the token or for all the owner's tokens.
pub fn require_holder(
    deps: Deps,
    config: &Config,
    sender: &Addr,
    cover_id: u64,
) -> Result<Addr, ContractError> {
    let owner = nft_owner(&deps.querier, config, cover_id)?;
    if owner == sender {
        return Ok(owner);
    }
    let token_id = cover_id.to_string();
    // Both answer with an error when there is no (unexpired) approval.
    let token_approval = deps
        .querier
        .query_wasm_smart::<cw721::msg::ApprovalResponse>(
            &config.cover_nft,
            &cover_nft::QueryMsg::Approval {
                token_id,
                spender: sender.to_string(),
                include_expired: Some(false),
            },
        );
    if token_approval.is_ok() {
        return Ok(owner);
    }
    let operator = deps
        .querier
        .query_wasm_smart::<cw721::msg::OperatorResponse>(
            &config.cover_nft,
            &cover_nft::QueryMsg::Operator {
                owner: owner.to_string(),
                operator: sender.to_string(),
                include_expired: Some(false),
            },
        );
    if operator.is_ok() {
        return Ok(owner);
    }
    Err(ContractError::NotCoverHolder {
        sender: sender.clone(),
        cover_id,
    })
}

fn nft_call(config: &Config, msg: &cover_nft::ExecuteMsg) -> Result<CosmosMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: config.cover_nft.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

pub fn lock(config: &Config, cover_id: u64) -> Result<CosmosMsg, ContractError> {
    nft_call(
        config,
        &cover_nft::ExecuteMsg::Lock {
            token_id: cover_id.to_string(),
        },
    )
}

pub fn unlock(config: &Config, cover_id: u64) -> Result<CosmosMsg, ContractError> {
    nft_call(
        config,
        &cover_nft::ExecuteMsg::Unlock {
            token_id: cover_id.to_string(),
        },
    )
}
