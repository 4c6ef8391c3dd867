#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use insurance_common::auth::{ensure_governance, ensure_sender, Authority};
use insurance_common::cover_nft::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg};
use insurance_common::migrate::migrate_contract;

use crate::error::ContractError;
use crate::execute::{governance, pool, standard};
use crate::query;
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION};

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    governance::instantiate(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    // No message of the NFT takes funds.
    nonpayable(&info)?;
    match msg {
        ExecuteMsg::TransferNft {
            recipient,
            token_id,
        } => standard::transfer_nft(deps, env, info, recipient, token_id),
        ExecuteMsg::SendNft {
            contract,
            token_id,
            msg,
        } => standard::send_nft(deps, env, info, contract, token_id, msg),
        ExecuteMsg::Approve {
            spender,
            token_id,
            expires,
        } => standard::approve(deps, env, info, spender, token_id, expires),
        ExecuteMsg::Revoke { spender, token_id } => {
            standard::revoke(deps, env, info, spender, token_id)
        }
        ExecuteMsg::ApproveAll { operator, expires } => {
            standard::approve_all(deps, env, info, operator, expires)
        }
        ExecuteMsg::RevokeAll { operator } => standard::revoke_all(deps, env, info, operator),
        ExecuteMsg::Burn { token_id } => standard::burn(deps, env, info, token_id),
        ExecuteMsg::Pool(msg) => {
            let config = CONFIG.load(deps.storage)?;
            ensure_sender(Some(&config.risk_pool), &info.sender, Authority::RiskPool)?;
            pool::execute(deps, info.sender, msg)
        }
        ExecuteMsg::Governance(msg) => {
            ensure_governance(&CONFIG.load(deps.storage)?.governance, &info.sender)?;
            governance::execute(deps, msg)
        }
    }
}

/// Chain governance through x/wasm `MsgSudoContract`: the same operations
/// the governance address can send.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn sudo(deps: DepsMut, _env: Env, msg: SudoMsg) -> Result<Response, ContractError> {
    governance::execute(deps, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::OwnerOf {
            token_id,
            include_expired,
        } => to_json_binary(&query::owner_of(deps, &env, token_id, include_expired)?),
        QueryMsg::Approval {
            token_id,
            spender,
            include_expired,
        } => to_json_binary(&query::approval(
            deps,
            &env,
            token_id,
            spender,
            include_expired,
        )?),
        QueryMsg::Approvals {
            token_id,
            include_expired,
        } => to_json_binary(&query::approvals(deps, &env, token_id, include_expired)?),
        QueryMsg::Operator {
            owner,
            operator,
            include_expired,
        } => to_json_binary(&query::operator(
            deps,
            &env,
            owner,
            operator,
            include_expired,
        )?),
        QueryMsg::AllOperators {
            owner,
            include_expired,
            start_after,
            limit,
        } => to_json_binary(&query::all_operators(
            deps,
            &env,
            owner,
            include_expired,
            start_after,
            limit,
        )?),
        QueryMsg::NumTokens {} => to_json_binary(&query::num_tokens(deps)?),
        QueryMsg::ContractInfo {} | QueryMsg::GetCollectionInfoAndExtension {} => {
            to_json_binary(&query::collection_info(deps)?)
        }
        QueryMsg::NftInfo { token_id } => to_json_binary(&query::nft_info(deps, &env, token_id)?),
        QueryMsg::AllNftInfo {
            token_id,
            include_expired,
        } => to_json_binary(&query::all_nft_info(deps, &env, token_id, include_expired)?),
        QueryMsg::Tokens {
            owner,
            start_after,
            limit,
        } => to_json_binary(&query::tokens(deps, &env, owner, start_after, limit)?),
        QueryMsg::AllTokens { start_after, limit } => {
            to_json_binary(&query::all_tokens(deps, &env, start_after, limit)?)
        }
        QueryMsg::Minter {} => to_json_binary(&query::minter(deps)?),
        QueryMsg::GetMinterOwnership {} => to_json_binary(&query::minter_ownership(deps)?),
        QueryMsg::GetCreatorOwnership {} => to_json_binary(&query::creator_ownership(deps)?),
        QueryMsg::Config {} => to_json_binary(&CONFIG.load(deps.storage)?),
        QueryMsg::Policy { token_id } => to_json_binary(&query::policy(deps, &env, token_id)?),
    }?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
