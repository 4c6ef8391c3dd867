//! Decisions on discretionary claims: appeal, governance resolution and
//! execution (payout through the pool, deposit, unlock, voter rewards).

use cosmwasm_std::{
    to_json_binary, Addr, DepsMut, Env, Response, StdResult, Storage, SubMsg, Timestamp, Uint128,
};
use insurance_common::auth::{ensure_sender, Authority};
use insurance_common::claims_court::{IncidentStatus, Outcome};
use insurance_common::funds::send;
use insurance_common::math::{mul_ceil, mul_floor};
use insurance_common::reply::ReplyIds;
use insurance_common::risk_pool::LossEvent;

use super::rewards::pull_claims_fund;
use crate::error::{CannotResolve, ContractError, NotAppealable};
use crate::external;
use crate::reply_ids::{PendingPayout, ReplyId};
use crate::state::{
    load_claim, reserve, Claim, Stage, CLAIMS, CONFIG, INCIDENTS, INCIDENT_CLAIMS, LEDGER,
    OPEN_CLAIMS,
};

/// Anyone executes a decided claim. An accepted claim is paid through a
/// submessage whose reply records the result: on success the claim is
/// finalised; if the pool refuses (for instance for lack of capital), the
/// failure is recorded, the NFT stays locked and the claim stays executable.
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
        Outcome::Denied => finalize(deps, now, claim_id, claim, Uint128::zero()),
        Outcome::Accepted => {
            // Never more than what the cover has left when the payout happens.
            let cover = external::cover(&deps.querier, &config, claim.cover_id)?;
            let amount = claim.amount.min(cover.remaining);
            if amount.is_zero() {
                return finalize(deps, now, claim_id, claim, Uint128::zero());
            }
            // The holder at execution is paid: the NFT is locked, so this is the
            // owner the claim was filed for.
            let recipient = external::nft_owner(&deps.querier, &config, claim.cover_id)?;
            let event = loss_event(deps.storage, claim_id, &claim)?;
            let event_name = match &event {
                LossEvent::Incident { incident_id } => format!("incident-{incident_id}"),
                LossEvent::Claim { claim_id } => format!("claim-{claim_id}"),
            };
            let payout =
                external::pool(&config).payout(claim.cover_id, &recipient, amount, event)?;
            let pending = PendingPayout {
                claim_id,
                recipient: recipient.clone(),
                amount,
            };
            Ok(Response::new()
                .add_submessage(
                    SubMsg::reply_always(payout, ReplyId::ClaimPayout.id())
                        .with_payload(to_json_binary(&pending)?),
                )
                .add_attribute("action", "execute_claim")
                .add_attribute("claim_id", claim_id.to_string())
                .add_attribute("outcome", "accepted")
                .add_attribute("recipient", recipient)
                .add_attribute("amount", amount)
                .add_attribute("loss_event", event_name))
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
/// the NFT unlocked. `paid` is what the pool paid out.
pub fn finalize(
    deps: DepsMut,
    now: Timestamp,
    claim_id: u64,
    mut claim: Claim,
    paid: Uint128,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut ledger = LEDGER.load(deps.storage)?;
    let outcome = claim.outcome();
    let held = claim.deposit.checked_add(claim.appeal_fee)?;
    ledger.escrow = ledger.escrow.checked_sub(held)?;
    let mut response = Response::new();
    match outcome {
        Outcome::Accepted => {
            response = response.add_message(send(&claim.claimant, &config.collateral_denom, held));
        }
        Outcome::Denied => {
            ledger.reward_pool = ledger.reward_pool.checked_add(held)?;
        }
    }
    if let Some(pull) = pull_claims_fund(&deps.querier, &config, &mut ledger)? {
        response = response.add_message(pull);
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
        if let LossEvent::Incident { incident_id } = loss_event(deps.storage, claim_id, &claim)? {
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
        .add_message(external::unlock(&config, claim.cover_id)?)
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
