//! Assessor rewards and slashes, settled one vote at a time, and the
//! claims fund the rewards come from.

use cosmwasm_std::{Addr, CosmosMsg, DepsMut, QuerierWrapper, Response, Uint128};
use insurance_common::claims_court::Outcome;
use insurance_common::funds::send;
use insurance_common::math::{mul_ceil, mul_div_floor};

use crate::error::ContractError;
use crate::external;
use crate::state::{
    load_claim, load_vote, Assessor, Claim, Config, Ledger, Stage, VoteRecord, ASSESSORS, CLAIMS,
    CONFIG, LEDGER, VOTES,
};

/// Moves the pool's whole claims fund into the reward pool: the message to
/// send, or `None` when the fund is empty. The fund is read raw.
pub fn pull_claims_fund(
    querier: &QuerierWrapper,
    config: &Config,
    ledger: &mut Ledger,
) -> Result<Option<CosmosMsg>, ContractError> {
    let amount = credit_claims_fund(querier, config, ledger)?;
    if amount.is_zero() {
        return Ok(None);
    }
    Ok(Some(external::pool(config).withdraw_claims_fund(amount)?))
}

/// Credits the reward pool with the pool's whole claims fund and returns the
/// amount: the caller has the pool send it (`WithdrawClaimsFund`, or with a
/// payout).
pub fn credit_claims_fund(
    querier: &QuerierWrapper,
    config: &Config,
    ledger: &mut Ledger,
) -> Result<Uint128, ContractError> {
    let amount = external::claims_fund(querier, config)?;
    ledger.reward_pool = ledger.reward_pool.checked_add(amount)?;
    Ok(amount)
}

pub fn fund_rewards(deps: DepsMut) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut ledger = LEDGER.load(deps.storage)?;
    let before = ledger.reward_pool;
    let pull = pull_claims_fund(&deps.querier, &config, &mut ledger)?
        .ok_or(ContractError::NothingToFund {})?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(Response::new()
        .add_message(pull)
        .add_attribute("action", "fund_rewards")
        .add_attribute("amount", ledger.reward_pool - before)
        .add_attribute("reward_pool", ledger.reward_pool))
}

/// What settling a vote pays the voter (with the outcome) or takes from their
/// bond (against it). Rewards round down, slashes up, both in the protocol's favour.
pub fn vote_settlement(
    claim: &Claim,
    vote: &VoteRecord,
    assessor: &Assessor,
    config: &Config,
) -> Result<(Uint128, Uint128), ContractError> {
    let outcome = claim.outcome();
    if vote.approve == (outcome == Outcome::Accepted) {
        let (winning_weight, _) = claim.winning_side(&outcome);
        Ok((
            mul_div_floor(claim.reward, vote.weight, winning_weight)?,
            Uint128::zero(),
        ))
    } else {
        let slash = mul_ceil(vote.weight, config.params.slash_ratio)?
            .min(assessor.bonded.checked_add(assessor.unbonding)?);
        Ok((Uint128::zero(), slash))
    }
}

pub fn settle_vote(deps: DepsMut, claim_id: u64, voter: Addr) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut claim = load_claim(deps.storage, claim_id)?;
    if claim.stage != Stage::Executed {
        return Err(ContractError::ClaimNotFinal { claim_id });
    }
    let mut vote = load_vote(deps.storage, &voter, claim_id)?;
    if vote.settled {
        return Err(ContractError::VoteAlreadySettled { claim_id, voter });
    }
    let mut assessor = ASSESSORS
        .may_load(deps.storage, &voter)?
        .unwrap_or_default();
    let mut ledger = LEDGER.load(deps.storage)?;
    let (reward, slash) = vote_settlement(&claim, &vote, &assessor, &config)?;
    let mut response = Response::new()
        .add_attribute("action", "settle_vote")
        .add_attribute("claim_id", claim_id.to_string())
        .add_attribute("voter", &voter)
        .add_attribute("reward", reward)
        .add_attribute("slash", slash);

    let with_outcome = vote.approve == (claim.outcome() == Outcome::Accepted);
    if with_outcome {
        claim.reward_settled = claim.reward_settled.checked_add(reward)?;
        ledger.rewards_outstanding = ledger.rewards_outstanding.checked_sub(reward)?;
        claim.winners_unsettled = claim.winners_unsettled.saturating_sub(1);
        if claim.winners_unsettled == 0 {
            // The last winner returns the rounding dust to the reward pool.
            let dust = claim.reward.checked_sub(claim.reward_settled)?;
            ledger.rewards_outstanding = ledger.rewards_outstanding.checked_sub(dust)?;
            ledger.reward_pool = ledger.reward_pool.checked_add(dust)?;
        }
        if !reward.is_zero() {
            response = response.add_message(send(&voter, &config.collateral_denom, reward));
        }
    } else if !slash.is_zero() {
        // Bonded stake first, then what is unbonding.
        let from_bonded = slash.min(assessor.bonded);
        let from_unbonding = slash - from_bonded;
        assessor.bonded -= from_bonded;
        assessor.unbonding = assessor.unbonding.checked_sub(from_unbonding)?;
        ledger.total_bonded = ledger.total_bonded.checked_sub(from_bonded)?;
        ledger.total_unbonding = ledger.total_unbonding.checked_sub(from_unbonding)?;
        let treasury = external::pool(&config).config(&deps.querier)?.treasury;
        response = response.add_message(send(&treasury, &config.assessor_denom, slash));
    }
    assessor.open_votes = assessor.open_votes.saturating_sub(1);
    vote.settled = true;
    VOTES.save(deps.storage, (&voter, claim_id), &vote)?;
    ASSESSORS.save(deps.storage, &voter, &assessor)?;
    CLAIMS.save(deps.storage, claim_id, &claim)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(response)
}
