//! Decisions on discretionary claims: appeal, governance resolution and
//! execution (payout through the pool, deposit, unlock, voter rewards).

use cosmwasm_std::{Addr, DepsMut, Env, Response, StdResult, Storage, Timestamp, Uint128};
use insurance_common::auth::{ensure_sender, Authority};
use insurance_common::claims_court::{IncidentStatus, Outcome};
use insurance_common::funds::send;
use insurance_common::math::{mul_ceil, mul_floor};
use insurance_common::risk_pool::LossEvent;

use super::rewards::credit_claims_fund;
use crate::error::{CannotResolve, ContractError, NotAppealable};
use crate::external;
use crate::state::{
    load_claim, reserve, Claim, Stage, CLAIMS, CONFIG, INCIDENTS, INCIDENT_CLAIMS, LEDGER,
    OPEN_CLAIMS,
};

/// Anyone executes a decided claim. An accepted claim is paid by the pool in
/// the same transaction: if the pool refuses (for instance for lack of
/// capital), nothing happens, the cover stays locked and the claim stays
/// executable.
pub fn execute_claim(deps: DepsMut, env: Env, claim_id: u64) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let claim = load_claim(deps.storage, claim_id)?;
    match claim.stage {
        Stage::Executed => return Err(ContractError::AlreadyExecuted { claim_id }),
        Stage::Appealed => return Err(ContractError::AppealPending { claim_id }),
        Stage::Open if now < claim.voting_end => {
            return Err(ContractError::VotingOpen {
                claim_id,
                ends: claim.voting_end,
            })
        }
        Stage::Open | Stage::Resolved { .. } => {}
    }
    let executable_at = claim
        .executable_at(now)
        .ok_or(ContractError::AppealPending { claim_id })?;
    if now < executable_at {
        return Err(ContractError::TooEarly {
            claim_id,
            executable_at,
        });
    }
    match claim.outcome() {
        Outcome::Denied => finalize(deps, now, claim_id, claim, None),
        Outcome::Accepted => {
            // Never more than what the cover has left when the payout happens.
            let cover = external::cover(&deps.querier, &config, claim.cover_id)?;
            let amount = claim.amount.min(cover.remaining);
            if amount.is_zero() {
                return finalize(deps, now, claim_id, claim, None);
            }
            finalize(deps, now, claim_id, claim, Some(amount))
        }
    }
}

/// The event a claim's payout names: the incident it was filed for, unless
/// governance rejected that report; otherwise the claim itself.
fn loss_event(storage: &dyn Storage, claim_id: u64, claim: &Claim) -> StdResult<LossEvent> {
    if let Some(incident_id) = claim.incident_id {
        let incident = INCIDENTS.load(storage, incident_id)?;
        if incident.status != IncidentStatus::Rejected {
            return Ok(LossEvent::Incident { incident_id });
        }
    }
    Ok(LossEvent::Claim { claim_id })
}

/// Closes a claim with its final outcome: deposit (and appeal fee) back to the
/// claimant or into the reward pool, reward of the winning voters set aside,
/// the cover free to move again (its open claim is removed). `paid` is what
/// the pool pays out: an ordinary message, so if the pool refuses, the whole
/// execution is undone and the claim stays executable.
pub fn finalize(
    deps: DepsMut,
    now: Timestamp,
    claim_id: u64,
    mut claim: Claim,
    paid: Option<Uint128>,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut ledger = LEDGER.load(deps.storage)?;
    let outcome = claim.outcome();
    let held = claim.deposit.checked_add(claim.appeal_fee)?;
    ledger.escrow = ledger.escrow.checked_sub(held)?;
    let mut response = Response::new();
    // The claims fund joins the reward pool: carried by the payout when there
    // is one, so that the pool is called once.
    let claims_fund = credit_claims_fund(&deps.querier, &config, &mut ledger)?;
    let event = loss_event(deps.storage, claim_id, &claim)?;
    if let Some(amount) = paid {
        // The claimant is the cover's owner: the NFT cannot move while the
        // claim is open.
        let payout = external::pool(&config).payout(
            claim.cover_id,
            &claim.claimant,
            amount,
            event,
            claims_fund,
        )?;
        response = response
            .add_message(payout)
            .add_attribute("recipient", claim.claimant.as_str())
            .add_attribute(
                "loss_event",
                match &event {
                    LossEvent::Incident { incident_id } => format!("incident-{incident_id}"),
                    LossEvent::Claim { claim_id } => format!("claim-{claim_id}"),
                },
            );
    } else if !claims_fund.is_zero() {
        response = response.add_message(external::pool(&config).withdraw_claims_fund(claims_fund)?);
    }
    let paid = paid.unwrap_or_default();
    match outcome {
        Outcome::Accepted => {
            response = response.add_message(send(&claim.claimant, &config.collateral_denom, held));
        }
        Outcome::Denied => {
            ledger.reward_pool = ledger.reward_pool.checked_add(held)?;
        }
    }
    // The voters with the outcome share a reward from the pool, claimed one by one.
    let (winning_weight, winners) = claim.winning_side(&outcome);
    if !winning_weight.is_zero() {
        let reward =
            mul_floor(claim.amount, config.params.assessor_reward_ratio)?.min(ledger.reward_pool);
        ledger.reward_pool -= reward;
        ledger.rewards_outstanding = ledger.rewards_outstanding.checked_add(reward)?;
        claim.reward = reward;
        claim.winners_unsettled = winners;
    }
    // Paid for the incident it names: that cover's event is settled.
    if !paid.is_zero() {
        if let LossEvent::Incident { incident_id } = event {
            INCIDENT_CLAIMS.save(deps.storage, (incident_id, claim.cover_id), &paid)?;
        }
    }
    claim.stage = Stage::Executed;
    claim.executed_at = Some(now);
    claim.paid = paid;
    // Paid or denied, the claim reserves nothing any more.
    reserve(deps.storage, claim.amount, true)?;
    OPEN_CLAIMS.remove(deps.storage, claim.cover_id);
    CLAIMS.save(deps.storage, claim_id, &claim)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(response
        .add_attribute("action", "finalize_claim")
        .add_attribute("claim_id", claim_id.to_string())
        .add_attribute(
            "outcome",
            match outcome {
                Outcome::Accepted => "accepted",
                Outcome::Denied => "denied",
            },
        )
        .add_attribute("paid", paid)
        .add_attribute("reward", claim.reward))
}

/// The claimant of a denied claim pays the appeal fee within the appeal
/// window; governance then decides, finally.
pub fn appeal(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    fee: Uint128,
    claim_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let mut claim = load_claim(deps.storage, claim_id)?;
    let not_appealable = |reason| ContractError::NotAppealable { claim_id, reason };
    match claim.stage {
        Stage::Open => {}
        Stage::Appealed => return Err(not_appealable(NotAppealable::AlreadyAppealed)),
        Stage::Resolved { .. } => return Err(not_appealable(NotAppealable::DecidedByGovernance)),
        Stage::Executed => return Err(ContractError::AlreadyExecuted { claim_id }),
    }
    ensure_sender(
        Some(&claim.claimant),
        &sender,
        Authority::Claimant { claim_id },
    )?;
    if now < claim.voting_end {
        return Err(ContractError::VotingOpen {
            claim_id,
            ends: claim.voting_end,
        });
    }
    if claim.tally_outcome() != Outcome::Denied {
        return Err(not_appealable(NotAppealable::Accepted));
    }
    if now >= claim.appeal_end() {
        return Err(not_appealable(NotAppealable::WindowOver));
    }
    let required = mul_ceil(claim.amount, config.params.appeal_fee_ratio)?;
    if fee != required {
        return Err(ContractError::WrongFee {
            required,
            sent: fee,
        });
    }
    let mut ledger = LEDGER.load(deps.storage)?;
    ledger.escrow = ledger.escrow.checked_add(fee)?;
    claim.stage = Stage::Appealed;
    claim.appeal_fee = fee;
    CLAIMS.save(deps.storage, claim_id, &claim)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(Response::new()
        .add_attribute("action", "appeal")
        .add_attribute("claim_id", claim_id.to_string())
        .add_attribute("fee", fee))
}

/// Governance overturns (or confirms) an outcome during the cooldown, or
/// decides an appealed claim. The decision is final and executable at once.
pub fn resolve(
    deps: DepsMut,
    env: Env,
    claim_id: u64,
    accept: bool,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut claim = load_claim(deps.storage, claim_id)?;
    let cannot = |reason| ContractError::CannotResolve { claim_id, reason };
    match claim.stage {
        Stage::Appealed => {}
        Stage::Open if now < claim.voting_end => return Err(cannot(CannotResolve::VotingOpen)),
        Stage::Open if now >= claim.cooldown_end() => {
            return Err(cannot(CannotResolve::CooldownOver))
        }
        Stage::Open => {}
        Stage::Resolved { .. } => return Err(cannot(CannotResolve::AlreadyDecided)),
        Stage::Executed => return Err(ContractError::AlreadyExecuted { claim_id }),
    }
    let overturned = claim.tally_outcome()
        != if accept {
            Outcome::Accepted
        } else {
            Outcome::Denied
        };
    claim.governance_decision = Some(accept);
    claim.stage = Stage::Resolved { at: now };
    CLAIMS.save(deps.storage, claim_id, &claim)?;
    Ok(Response::new()
        .add_attribute("action", "resolve_claim")
        .add_attribute("claim_id", claim_id.to_string())
        .add_attribute("accept", accept.to_string())
        .add_attribute("overturned", overturned.to_string()))
}
