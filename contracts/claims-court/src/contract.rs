#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, Uint128};
use cw_utils::{must_pay, nonpayable};
use insurance_common::claims_court::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg};

use crate::error::ContractError;
use crate::execute::{assessors, claims, decisions, governance, incidents, rewards};
use crate::query;
use crate::state::{CONFIG, CONTRACT_NAME, CONTRACT_VERSION};
use insurance_common::auth::ensure_governance;
use insurance_common::migrate::migrate_contract;

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

/// Funds attached in the collateral denom.
fn collateral(deps: &DepsMut, info: &MessageInfo) -> Result<Uint128, ContractError> {
    let denom = CONFIG.load(deps.storage)?.collateral_denom;
    Ok(must_pay(info, &denom)?)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Bond {} => {
            let denom = CONFIG.load(deps.storage)?.assessor_denom;
            let amount = must_pay(&info, &denom)?;
            assessors::bond(deps, info.sender, amount)
        }
        ExecuteMsg::Unbond { amount } => {
            nonpayable(&info)?;
            assessors::unbond(deps, env, info.sender, amount)
        }
        ExecuteMsg::WithdrawBond {} => {
            nonpayable(&info)?;
            assessors::withdraw(deps, env, info.sender)
        }
        ExecuteMsg::FileClaim {
            cover_id,
            amount,
            description,
            evidence,
            incident_id,
        } => {
            let deposit = collateral(&deps, &info)?;
            claims::file(
                deps,
                env,
                info.sender,
                deposit,
                claims::Filing {
                    cover_id,
                    amount,
                    description,
                    evidence,
                    incident_id,
                },
            )
        }
        ExecuteMsg::Vote { claim_id, approve } => {
            nonpayable(&info)?;
            claims::vote(deps, env, info.sender, claim_id, approve)
        }
        ExecuteMsg::ExecuteClaim { claim_id } => {
            nonpayable(&info)?;
            decisions::execute_claim(deps, env, claim_id)
        }
        ExecuteMsg::Appeal { claim_id } => {
            let fee = collateral(&deps, &info)?;
            decisions::appeal(deps, env, info.sender, fee, claim_id)
        }
        ExecuteMsg::SettleVote { claim_id, voter } => {
            nonpayable(&info)?;
            let voter = match voter {
                Some(v) => deps.api.addr_validate(&v)?,
                None => info.sender,
            };
            rewards::settle_vote(deps, claim_id, voter)
        }
        ExecuteMsg::FundRewards {} => {
            nonpayable(&info)?;
            rewards::fund_rewards(deps)
        }
        ExecuteMsg::CheckTrigger { product_id } => {
            nonpayable(&info)?;
            incidents::check_trigger(deps, env, product_id)
        }
        ExecuteMsg::ReportIncident {
            product_id,
            time,
            evidence,
        } => {
            let bond = collateral(&deps, &info)?;
            incidents::report(deps, env, info.sender, bond, product_id, time, evidence)
        }
        ExecuteMsg::DisputeIncident { incident_id } => {
            let bond = collateral(&deps, &info)?;
            incidents::dispute(deps, env, info.sender, bond, incident_id)
        }
        ExecuteMsg::ConfirmIncident { incident_id } => {
            nonpayable(&info)?;
            incidents::confirm(deps, env, incident_id)
        }
        ExecuteMsg::ClaimIncident {
            incident_id,
            cover_id,
        } => {
            nonpayable(&info)?;
            incidents::claim(deps, env, info.sender, incident_id, cover_id)
        }
        ExecuteMsg::CloseIncident { incident_id } => {
            nonpayable(&info)?;
            incidents::close(deps, env, incident_id)
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
        QueryMsg::State {} => to_json_binary(&query::state(deps)?),
        QueryMsg::Claim { claim_id } => to_json_binary(&query::claim(deps, now, claim_id)?),
        QueryMsg::ClaimsByCover {
            cover_id,
            start_after,
            limit,
        } => to_json_binary(&query::claims_by_cover(
            deps,
            now,
            cover_id,
            start_after,
            limit,
        )?),
        QueryMsg::ClaimsByClaimant {
            claimant,
            start_after,
            limit,
        } => to_json_binary(&query::claims_by_claimant(
            deps,
            now,
            claimant,
            start_after,
            limit,
        )?),
        QueryMsg::Assessor { address } => to_json_binary(&query::assessor(deps, now, address)?),
        QueryMsg::AssessorVote { claim_id, voter } => {
            to_json_binary(&query::assessor_vote(deps, claim_id, voter)?)
        }
        QueryMsg::AssessorVotes {
            address,
            start_after,
            limit,
        } => to_json_binary(&query::assessor_votes(deps, address, start_after, limit)?),
        QueryMsg::Terms { product_id } => to_json_binary(&query::terms(deps, now, product_id)?),
        QueryMsg::Incident { incident_id } => {
            to_json_binary(&query::incident(deps, now, incident_id)?)
        }
        QueryMsg::Incidents {
            product_id,
            start_after,
            limit,
        } => to_json_binary(&query::incidents(
            deps,
            now,
            product_id,
            start_after,
            limit,
        )?),
        QueryMsg::IncidentClaim {
            incident_id,
            cover_id,
        } => to_json_binary(&query::incident_claim(deps, incident_id, cover_id)?),
        QueryMsg::SaleStatus { product_id } => {
            to_json_binary(&query::sale_status(deps, now, product_id)?)
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
