#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_utils::{must_pay, nonpayable};
use insurance_common::risk_pool::{
    CourtMsg, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg,
};

use crate::error::ContractError;
use crate::execute::{claims, cover, governance, reinsurance, staking};
use crate::query;
use crate::state::{move_product_buckets, split_products, CONFIG, CONTRACT_NAME, CONTRACT_VERSION};
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
        ExecuteMsg::Deposit {} => {
            let denom = CONFIG.load(deps.storage)?.collateral_denom;
            let amount = must_pay(&info, &denom)?;
            staking::deposit(deps, env, info.sender, amount)
        }
        ExecuteMsg::BuyCover {
            product_id,
            amount,
            duration,
            max_premium,
        } => {
            let config = CONFIG.load(deps.storage)?;
            let paid = must_pay(&info, &config.collateral_denom)?;
            cover::buy_cover(
                deps,
                env,
                config,
                info.sender,
                paid,
                product_id,
                amount,
                duration,
                max_premium,
            )
        }
        ExecuteMsg::RequestUnbond { shares } => {
            nonpayable(&info)?;
            staking::request_unbond(deps, env, info.sender, shares)
        }
        ExecuteMsg::Withdraw { unbonding_id } => {
            nonpayable(&info)?;
            staking::withdraw(deps, env, info.sender, unbonding_id)
        }
        ExecuteMsg::ClaimRewards {} => {
            nonpayable(&info)?;
            staking::claim_rewards(deps, env, info.sender)
        }
        ExecuteMsg::Court(msg) => {
            nonpayable(&info)?;
            match msg {
                CourtMsg::Payout {
                    cover_id,
                    recipient,
                    amount,
                    event,
                    claims_fund,
                } => claims::payout(
                    deps,
                    env,
                    info.sender,
                    cover_id,
                    recipient,
                    amount,
                    event,
                    claims_fund,
                ),
                CourtMsg::WithdrawClaimsFund { amount } => {
                    claims::withdraw_claims_fund(deps, info.sender, amount)
                }
            }
        }
        // Funds depend on the message: checked in the handler.
        ExecuteMsg::Reinsurance(msg) => reinsurance::handle(deps, env, info, msg),
        ExecuteMsg::Sync { product_id } => {
            nonpayable(&info)?;
            cover::sync(deps, env, product_id)
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
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let now = env.block.time;
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::PoolState {} => to_json_binary(&query::pool_state(deps, now)?),
        QueryMsg::Staker { address } => to_json_binary(&query::staker(deps, now, address)?),
        QueryMsg::Unbondings {
            staker,
            start_after,
            limit,
        } => to_json_binary(&query::unbondings(deps, now, staker, start_after, limit)?),
        QueryMsg::Product { product_id } => to_json_binary(&query::product(deps, now, product_id)?),
        QueryMsg::Products { start_after, limit } => {
            to_json_binary(&query::products(deps, now, start_after, limit)?)
        }
        QueryMsg::Quote {
            product_id,
            amount,
            duration,
        } => to_json_binary(&query::quote(deps, now, product_id, amount, duration)?),
        QueryMsg::Cover { cover_id } => to_json_binary(&query::cover(deps, cover_id)?),
    }?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let response = migrate_contract(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    // Layout changes (CHANGELOG): products' running totals left the listing,
    // and expiries are kept per (bucket, product).
    let split = split_products(deps.storage)?;
    let moved = move_product_buckets(deps.storage)?;
    Ok(response
        .add_attribute("products_split", split.to_string())
        .add_attribute("expiries_moved", moved.to_string()))
}
