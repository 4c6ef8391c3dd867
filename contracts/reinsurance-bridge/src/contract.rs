#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use cw_utils::nonpayable;
use insurance_common::reinsurance_bridge::{
    ExecuteMsg, InstantiateMsg, InternalMsg, MigrateMsg, PoolMsg, QueryMsg, SudoMsg,
};

use crate::error::ContractError;
use crate::execute::{cession, governance, receive, recovery, transfer};
use crate::query;
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION};
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
        // Funds depend on the message: `Cede` takes the ceded premium.
        ExecuteMsg::Pool(PoolMsg::Cede {
            cover_id,
            product_id,
            cover_amount,
            premium,
            cover_end,
        }) => cession::cede(
            deps,
            env,
            info,
            cession::CoverSold {
                cover_id,
                product_id,
                cover_amount,
                premium,
                cover_end,
            },
        ),
        ExecuteMsg::Pool(PoolMsg::RecordLoss {
            loss,
            amount,
            event,
        }) => {
            nonpayable(&info)?;
            recovery::record_loss(deps, env, info.sender, loss, amount, event)
        }
        ExecuteMsg::RetryRecovery { loss } => {
            nonpayable(&info)?;
            recovery::retry_recovery(deps, env, loss)
        }
        ExecuteMsg::RetryTransfer { transfer_id } => {
            nonpayable(&info)?;
            transfer::retry(deps, env, transfer_id)
        }
        ExecuteMsg::Internal(InternalMsg::HandlePacket { channel_id, data }) => {
            nonpayable(&info)?;
            receive::handle_packet(deps, env, info.sender, channel_id, data)
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
        QueryMsg::Channel { channel_id } => to_json_binary(&query::channel(deps, channel_id)?),
        QueryMsg::Channels { start_after, limit } => {
            to_json_binary(&query::channels(deps, start_after, limit)?)
        }
        QueryMsg::Treaty {
            channel_id,
            treaty_id,
        } => to_json_binary(&query::treaty(deps, now, channel_id, treaty_id)?),
        QueryMsg::Treaties { start_after, limit } => {
            to_json_binary(&query::treaties(deps, now, start_after, limit)?)
        }
        QueryMsg::InFlight { start_after, limit } => {
            to_json_binary(&query::in_flight(deps, start_after, limit)?)
        }
        QueryMsg::CessionQuote {
            product_id,
            premium,
            cover_amount,
        } => to_json_binary(&query::cession_quote(
            deps,
            now,
            product_id,
            premium,
            cover_amount,
        )?),
        QueryMsg::Cession { cover_id } => to_json_binary(&query::cession(deps, cover_id)?),
        QueryMsg::Loss { loss } => to_json_binary(&query::loss(deps, loss)?),
        QueryMsg::AcceptedCover {
            channel_id,
            cover_id,
        } => to_json_binary(&query::accepted_cover(deps, channel_id, cover_id)?),
        QueryMsg::PaidRecovery { channel_id, loss } => {
            to_json_binary(&query::paid_recovery(deps, channel_id, loss)?)
        }
    }?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    crate::reply::reply(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    Ok(migrate_contract(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
    )?)
}
