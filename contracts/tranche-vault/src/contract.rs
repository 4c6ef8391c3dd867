//! Entry points and a thin dispatch: payment checks here, the work in
//! [`crate::execute`], [`crate::reply`] and [`crate::query`].

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use cw_utils::{must_pay, nonpayable};
use insurance_common::tranche_vault::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg};

use crate::error::ContractError;
use crate::execute::{deposit, governance, harvest, redeem, withdraw};
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION};
use crate::{query, reply as replies};
use insurance_common::auth::ensure_governance;
use insurance_common::migrate::migrate_contract;

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
    match msg {
        ExecuteMsg::Deposit { tranche } => {
            let denom = CONFIG.load(deps.storage)?.collateral_denom;
            let amount = must_pay(&info, &denom)?;
            deposit::deposit(deps, env, info.sender, tranche, amount)
        }
        ExecuteMsg::Receive(msg) => {
            nonpayable(&info)?;
            redeem::receive(deps, env, info, msg)
        }
        ExecuteMsg::WithdrawRedemption { redemption_id } => {
            nonpayable(&info)?;
            withdraw::withdraw_redemption(deps, env, info.sender, redemption_id)
        }
        ExecuteMsg::Harvest {} => {
            nonpayable(&info)?;
            harvest::harvest(deps, env)
        }
        ExecuteMsg::Governance(msg) => {
            nonpayable(&info)?;
            ensure_governance(&CONFIG.load(deps.storage)?.governance, &info.sender)?;
            governance::execute(deps, env, msg)
        }
    }
}

/// Chain governance through x/wasm `MsgSudoContract`: the same operations
/// the governance address can send.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn sudo(deps: DepsMut, env: Env, msg: SudoMsg) -> Result<Response, ContractError> {
    governance::execute(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    replies::reply(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::State {} => to_json_binary(&query::state(deps, env)?),
        QueryMsg::Tranche { tranche } => to_json_binary(&query::tranche(deps, env, tranche)?),
        QueryMsg::Subordination {} => to_json_binary(&query::subordination(deps, env)?),
        QueryMsg::Redemption {
            owner,
            redemption_id,
        } => to_json_binary(&query::redemption(deps, env, owner, redemption_id)?),
        QueryMsg::Redemptions {
            owner,
            start_after,
            limit,
        } => to_json_binary(&query::redemptions(deps, env, owner, start_after, limit)?),
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
