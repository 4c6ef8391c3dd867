#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use insurance_common::auth::ensure_governance;
use insurance_common::migrate::migrate_contract;
use insurance_common::price_oracle::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg};

use crate::error::ContractError;
use crate::execute::{feed, governance};
use crate::query;
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION};

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    governance::instantiate(deps, msg)
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
        ExecuteMsg::PushPrices { prices } => feed::push_prices(deps, env, info.sender, prices),
        ExecuteMsg::Governance(msg) => {
            ensure_governance(&CONFIG.load(deps.storage)?.governance, &info.sender)?;
            governance::execute(deps, msg)
        }
    }
}

/// Chain governance through x/wasm `MsgSudoContract`.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn sudo(deps: DepsMut, _env: Env, msg: SudoMsg) -> Result<Response, ContractError> {
    governance::execute(deps, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Price { asset } => to_json_binary(&query::price(deps, asset)?),
        QueryMsg::Prices { start_after, limit } => {
            to_json_binary(&query::prices(deps, start_after, limit)?)
        }
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Feeders { start_after, limit } => {
            to_json_binary(&query::feeders(deps, start_after, limit)?)
        }
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
