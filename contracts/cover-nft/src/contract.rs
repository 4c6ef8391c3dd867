#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw721::msg::{Cw721InstantiateMsg, Cw721QueryMsg};
use cw721::traits::Cw721Execute;
use cw_utils::nonpayable;
use insurance_common::cover_nft::{
    Config, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg,
};

use crate::error::ContractError;
use crate::state::{cw721, CONFIG};
use crate::{execute, query};
use insurance_common::migrate::migrate_contract;
use insurance_common::pagination::page_limit;

pub const CONTRACT_NAME: &str = "crates.io:cover-nft";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let config = Config {
        risk_pool: deps.api.addr_validate(&msg.risk_pool)?,
        governance: deps.api.addr_validate(&msg.governance)?,
        claims_court: msg
            .claims_court
            .map(|court| deps.api.addr_validate(&court))
            .transpose()?,
    };
    CONFIG.save(deps.storage, &config)?;
    // The pool is the cw721 minter, governance the collection creator.
    let res = cw721().instantiate(
        deps,
        &env,
        &info,
        Cw721InstantiateMsg {
            name: msg.name,
            symbol: msg.symbol,
            collection_info_extension: None,
            minter: Some(config.risk_pool.to_string()),
            creator: Some(config.governance.to_string()),
            withdraw_address: None,
        },
    )?;
    Ok(res.add_attribute("action", "instantiate"))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::TransferNft {
            recipient,
            token_id,
        } => execute::transfer_nft(deps, env, info, recipient, token_id),
        ExecuteMsg::SendNft {
            contract,
            token_id,
            msg,
        } => execute::send_nft(deps, env, info, contract, token_id, msg),
        ExecuteMsg::Approve {
            spender,
            token_id,
            expires,
        } => execute::approve(deps, env, info, spender, token_id, expires),
        ExecuteMsg::Revoke { spender, token_id } => {
            execute::revoke(deps, env, info, spender, token_id)
        }
        ExecuteMsg::ApproveAll { operator, expires } => {
            execute::approve_all(deps, env, info, operator, expires)
        }
        ExecuteMsg::RevokeAll { operator } => execute::revoke_all(deps, env, info, operator),
        ExecuteMsg::Burn { token_id } => execute::burn(deps, env, info, token_id),
        ExecuteMsg::Mint {
            token_id,
            owner,
            policy,
        } => execute::mint(deps, env, info, token_id, owner, policy),
        ExecuteMsg::SetRemaining {
            token_id,
            remaining_amount,
        } => execute::set_remaining(deps, info, token_id, remaining_amount),
        ExecuteMsg::Lock { token_id } => execute::lock(deps, info, token_id),
        ExecuteMsg::Unlock { token_id } => execute::unlock(deps, info, token_id),
        ExecuteMsg::UpdateConfig {
            governance,
            claims_court,
        } => execute::update_config_by_governance(deps, info, governance, claims_court),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn sudo(deps: DepsMut, _env: Env, msg: SudoMsg) -> Result<Response, ContractError> {
    match msg {
        SudoMsg::UpdateConfig {
            governance,
            claims_court,
        } => {
            let config = CONFIG.load(deps.storage)?;
            execute::update_config(deps, config, governance, claims_court)
        }
    }
}

/// List queries page at the project's common limit (cw721 alone allows 1000).
fn capped(limit: Option<u32>) -> Option<u32> {
    Some(page_limit(limit) as u32)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    // Standard queries are handed to cw721 under the same names.
    let standard = match msg {
        QueryMsg::Config {} => return Ok(to_json_binary(&query::config(deps)?)?),
        QueryMsg::Policy { token_id } => {
            return Ok(to_json_binary(&query::policy(deps, &env, token_id)?)?)
        }
        QueryMsg::OwnerOf {
            token_id,
            include_expired,
        } => Cw721QueryMsg::OwnerOf {
            token_id,
            include_expired,
        },
        QueryMsg::Approval {
            token_id,
            spender,
            include_expired,
        } => Cw721QueryMsg::Approval {
            token_id,
            spender,
            include_expired,
        },
        QueryMsg::Approvals {
            token_id,
            include_expired,
        } => Cw721QueryMsg::Approvals {
            token_id,
            include_expired,
        },
        QueryMsg::Operator {
            owner,
            operator,
            include_expired,
        } => Cw721QueryMsg::Operator {
            owner,
            operator,
            include_expired,
        },
        QueryMsg::AllOperators {
            owner,
            include_expired,
            start_after,
            limit,
        } => Cw721QueryMsg::AllOperators {
            owner,
            include_expired,
            start_after,
            limit: capped(limit),
        },
        QueryMsg::NumTokens {} => Cw721QueryMsg::NumTokens {},
        #[allow(deprecated)]
        QueryMsg::ContractInfo {} => Cw721QueryMsg::ContractInfo {},
        QueryMsg::GetCollectionInfoAndExtension {} => {
            Cw721QueryMsg::GetCollectionInfoAndExtension {}
        }
        QueryMsg::NftInfo { token_id } => Cw721QueryMsg::NftInfo { token_id },
        QueryMsg::AllNftInfo {
            token_id,
            include_expired,
        } => Cw721QueryMsg::AllNftInfo {
            token_id,
            include_expired,
        },
        QueryMsg::Tokens {
            owner,
            start_after,
            limit,
        } => Cw721QueryMsg::Tokens {
            owner,
            start_after,
            limit: capped(limit),
        },
        QueryMsg::AllTokens { start_after, limit } => Cw721QueryMsg::AllTokens {
            start_after,
            limit: capped(limit),
        },
        #[allow(deprecated)]
        QueryMsg::Minter {} => Cw721QueryMsg::Minter {},
        QueryMsg::GetMinterOwnership {} => Cw721QueryMsg::GetMinterOwnership {},
        QueryMsg::GetCreatorOwnership {} => Cw721QueryMsg::GetCreatorOwnership {},
    };
    query::standard(deps, &env, standard)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
