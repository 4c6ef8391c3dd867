//! Instantiation and the operations reserved to chain governance.

use cosmwasm_std::{Decimal, Deps, DepsMut, Env, Response, Timestamp, Uint128};
use insurance_common::auth::update_addr;
use insurance_common::claims_court::{
    CourtParams, GovernanceMsg, InstantiateMsg, ParametricTerms, TriggerCondition, TriggerInfo,
};
use insurance_common::risk_pool::{ClaimMethod, RiskPoolContract, DAY};

use super::{decisions, incidents};
use crate::error::{ContractError, ParamError, TriggerError};
use crate::external;
use crate::state::{
    Config, Ledger, StoredTerms, StoredTrigger, CONFIG, CONTRACT_NAME, CONTRACT_VERSION, LEDGER,
    PRODUCT_EVENTS, RESERVED_CLAIMS, TERMS,
};

const MAX_PERIOD: u64 = 90 * DAY;
const MAX_LONG_PERIOD: u64 = 365 * DAY;
const MAX_VOTE_EXTENSIONS: u32 = 10;
const MAX_ASSET_LEN: usize = 64;

pub fn instantiate(deps: DepsMut, msg: InstantiateMsg) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    validate_params(&msg.params)?;
    validate_denom(&msg.assessor_denom)?;
    let risk_pool = deps.api.addr_validate(&msg.risk_pool)?;
    // The pool's collateral is what deposits, fees, bonds and rewards are paid in.
    let collateral_denom = RiskPoolContract(risk_pool.clone())
        .config(&deps.querier)?
        .collateral_denom;
    let config = Config {
        governance: deps.api.addr_validate(&msg.governance)?,
        risk_pool,
        cover_nft: deps.api.addr_validate(&msg.cover_nft)?,
        collateral_denom,
        assessor_denom: msg.assessor_denom,
        params: msg.params,
    };
    CONFIG.save(deps.storage, &config)?;
    LEDGER.save(deps.storage, &Ledger::default())?;
    RESERVED_CLAIMS.save(deps.storage, &Uint128::zero())?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("risk_pool", config.risk_pool)
        .add_attribute("collateral_denom", config.collateral_denom)
        .add_attribute("assessor_denom", config.assessor_denom))
}

/// The caller has checked that governance sent `msg` (or it came through sudo).
pub fn execute(deps: DepsMut, env: Env, msg: GovernanceMsg) -> Result<Response, ContractError> {
    match msg {
        GovernanceMsg::UpdateParams { params } => {
            validate_params(&params)?;
            CONFIG.update(deps.storage, |mut c| -> Result<_, ContractError> {
                c.params = params;
                Ok(c)
            })?;
            Ok(Response::new().add_attribute("action", "update_params"))
        }
        GovernanceMsg::UpdateConfig {
            governance,
            risk_pool,
            cover_nft,
            assessor_denom,
        } => {
            let mut config = CONFIG.load(deps.storage)?;
            update_addr(deps.api, &mut config.governance, governance)?;
            if let Some(p) = risk_pool {
                config.risk_pool = deps.api.addr_validate(&p)?;
                let denom = RiskPoolContract(config.risk_pool.clone())
                    .config(&deps.querier)?
                    .collateral_denom;
                let ledger = LEDGER.load(deps.storage)?;
                let held = ledger
                    .escrow
                    .checked_add(ledger.reward_pool)?
                    .checked_add(ledger.rewards_outstanding)?;
                if denom != config.collateral_denom && !held.is_zero() {
                    return Err(invalid(ParamError::CollateralDenomInUse));
                }
                config.collateral_denom = denom;
            }
            update_addr(deps.api, &mut config.cover_nft, cover_nft)?;
            if let Some(denom) = assessor_denom {
                validate_denom(&denom)?;
                let ledger = LEDGER.load(deps.storage)?;
                let bonded = ledger.total_bonded.checked_add(ledger.total_unbonding)?;
                if !bonded.is_zero() && denom != config.assessor_denom {
                    return Err(ContractError::BondsOutstanding { bonded });
                }
                config.assessor_denom = denom;
            }
            CONFIG.save(deps.storage, &config)?;
            Ok(Response::new()
                .add_attribute("action", "update_config")
                .add_attribute("governance", config.governance)
                .add_attribute("risk_pool", config.risk_pool)
                .add_attribute("cover_nft", config.cover_nft)
                .add_attribute("assessor_denom", config.assessor_denom))
        }
        GovernanceMsg::SetTerms { product_id, terms } => {
            let config = CONFIG.load(deps.storage)?;
            if terms.as_ref().is_none_or(|t| t.trigger.is_none()) {
                release_breach(deps.storage, product_id, env.block.time)?;
            }
            match terms {
                None => TERMS.remove(deps.storage, product_id),
                Some(terms) => {
                    let stored = validate_terms(deps.as_ref(), terms)?;
                    external::require_claim_method(
                        &deps.querier,
                        &config,
                        product_id,
                        ClaimMethod::Parametric,
                    )?;
                    TERMS.save(deps.storage, product_id, &stored)?;
                }
            }
            Ok(Response::new()
                .add_attribute("action", "set_terms")
                .add_attribute("product_id", product_id.to_string()))
        }
        GovernanceMsg::ResolveClaim { claim_id, accept } => {
            decisions::resolve(deps, env, claim_id, accept)
        }
        GovernanceMsg::ResolveIncident { incident_id, valid } => {
            incidents::resolve(deps, env, incident_id, valid)
        }
    }
}

/// Without a trigger nothing can re-arm a fired one: the breach it watched is
/// released, and no incident can be dated before now (inside that event).
fn release_breach(
    storage: &mut dyn cosmwasm_std::Storage,
    product_id: u32,
    now: Timestamp,
) -> Result<(), ContractError> {
    if let Some(mut events) = PRODUCT_EVENTS.may_load(storage, product_id)? {
        if events.breach_since.take().is_some() {
            events.next_event_from = Some(events.next_event_from.unwrap_or_default().max(now));
            PRODUCT_EVENTS.save(storage, product_id, &events)?;
        }
    }
    Ok(())
}

fn invalid(reason: ParamError) -> ContractError {
    ContractError::InvalidParams { reason }
}

fn validate_denom(denom: &str) -> Result<(), ContractError> {
    if denom.len() < 2 || denom.len() > 128 {
        return Err(invalid(ParamError::AssessorDenom));
    }
    Ok(())
}

fn in_unit_interval(d: Decimal, zero_ok: bool) -> bool {
    (zero_ok || !d.is_zero()) && d <= Decimal::one()
}

pub fn validate_params(p: &CourtParams) -> Result<(), ContractError> {
    if !in_unit_interval(p.min_deposit_ratio, false) {
        return Err(invalid(ParamError::MinDepositRatio));
    }
    if p.voting_period == 0 || p.voting_period > MAX_PERIOD {
        return Err(invalid(ParamError::VotingPeriod));
    }
    if p.vote_extension > p.voting_period {
        return Err(invalid(ParamError::VoteExtension));
    }
    if p.max_vote_extensions > MAX_VOTE_EXTENSIONS {
        return Err(invalid(ParamError::MaxVoteExtensions));
    }
    if !in_unit_interval(p.quorum, true) {
        return Err(invalid(ParamError::Quorum));
    }
    if p.min_quorum.is_zero() {
        return Err(invalid(ParamError::MinQuorum));
    }
    if p.supermajority <= Decimal::percent(50) || p.supermajority > Decimal::one() {
        return Err(invalid(ParamError::Supermajority));
    }
    if !in_unit_interval(p.voter_cap, false) {
        return Err(invalid(ParamError::VoterCap));
    }
    if p.cooldown_period > MAX_PERIOD || p.appeal_window > MAX_PERIOD {
        return Err(invalid(ParamError::CooldownAndAppealWindow));
    }
    if !in_unit_interval(p.appeal_fee_ratio, false) {
        return Err(invalid(ParamError::AppealFeeRatio));
    }
    if p.assessor_unbonding_period == 0 || p.assessor_unbonding_period > MAX_LONG_PERIOD {
        return Err(invalid(ParamError::AssessorUnbondingPeriod));
    }
    if !in_unit_interval(p.slash_ratio, true) || !in_unit_interval(p.assessor_reward_ratio, true) {
        return Err(invalid(ParamError::SlashAndRewardRatios));
    }
    if p.incident_bond.is_zero() {
        return Err(invalid(ParamError::IncidentBond));
    }
    if p.dispute_window == 0 || p.dispute_window > MAX_PERIOD {
        return Err(invalid(ParamError::DisputeWindow));
    }
    if p.incident_claim_window == 0 || p.incident_claim_window > MAX_LONG_PERIOD {
        return Err(invalid(ParamError::IncidentClaimWindow));
    }
    if p.max_incident_age > MAX_LONG_PERIOD || p.trigger_cooldown > MAX_LONG_PERIOD {
        return Err(invalid(ParamError::IncidentAgeAndTriggerCooldown));
    }
    if p.max_oracle_age == 0 || p.max_oracle_age > MAX_PERIOD {
        return Err(invalid(ParamError::OracleAge));
    }
    Ok(())
}

fn validate_terms(deps: Deps, t: ParametricTerms) -> Result<StoredTerms, ContractError> {
    incidents::validate_ratio(t.payout_ratio)?;
    if t.waiting_period > MAX_PERIOD {
        return Err(ContractError::InvalidWaitingPeriod {
            waiting_period: t.waiting_period,
            max: MAX_PERIOD,
        });
    }
    let trigger = t
        .trigger
        .map(|info| validate_trigger(deps, info))
        .transpose()?;
    Ok(StoredTerms {
        payout_ratio: t.payout_ratio,
        waiting_period: t.waiting_period,
        trigger,
    })
}

fn validate_trigger(deps: Deps, t: TriggerInfo) -> Result<StoredTrigger, ContractError> {
    let invalid = |reason: TriggerError| ContractError::InvalidTrigger { reason };
    let oracle = deps
        .api
        .addr_validate(&t.oracle)
        .map_err(|_| invalid(TriggerError::OracleAddress))?;
    match &t.condition {
        TriggerCondition::PriceBelow { asset, threshold } => {
            if asset.trim().is_empty() || asset.len() > MAX_ASSET_LEN {
                return Err(invalid(TriggerError::Asset));
            }
            if threshold.is_zero() {
                return Err(invalid(TriggerError::Threshold));
            }
        }
    }
    Ok(StoredTrigger {
        oracle,
        condition: t.condition,
    })
}
