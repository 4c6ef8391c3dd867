//! Queries. Time-dependent status is derived at the queried block.

use cosmwasm_std::{Addr, Deps, StdResult, Timestamp, Uint128};
use insurance_common::claims_court::{
    AssessorResponse, ClaimResponse, ClaimsResponse, ConfigResponse, IncidentClaimResponse,
    IncidentResponse, IncidentStatus, IncidentsResponse, OracleContract, SaleBlock,
    SaleStatusResponse, StateResponse, Tally, Terms, TermsResponse, Trigger, TriggerCondition,
    VoteResponse, VotesResponse,
};
use insurance_common::math::mul_floor;

use insurance_common::pagination::{prefix_keys_page, prefix_page};

use crate::error::ContractError;
use crate::execute::incidents::open_incident;
use crate::execute::rewards::vote_settlement;
use crate::state::{
    load_claim, load_incident, load_vote, Claim, Incident, Stage, VoteRecord, ASSESSORS, CLAIMS,
    CLAIMS_BY_CLAIMANT, CLAIMS_BY_COVER, CONFIG, INCIDENTS, INCIDENT_CLAIMS, LEDGER,
    PRODUCT_EVENTS, PRODUCT_INCIDENTS, RESERVED_CLAIMS, TERMS, VOTES,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    CONFIG.load(deps.storage)
}

pub fn state(deps: Deps) -> StdResult<StateResponse> {
    let l = LEDGER.load(deps.storage)?;
    Ok(StateResponse {
        total_bonded: l.total_bonded,
        total_unbonding: l.total_unbonding,
        reward_pool: l.reward_pool,
        rewards_outstanding: l.rewards_outstanding,
        escrow: l.escrow,
        claims_filed: l.claims_filed,
        incidents_recorded: l.incidents_recorded,
        reserved_claims: RESERVED_CLAIMS.may_load(deps.storage)?.unwrap_or_default(),
    })
}

fn claim_response(claim_id: u64, c: Claim, now: Timestamp) -> ClaimResponse {
    let outcome = (c.stage != Stage::Open || now >= c.voting_end).then(|| c.outcome());
    ClaimResponse {
        claim_id,
        cover_id: c.cover_id,
        product_id: c.product_id,
        status: c.status(now),
        outcome,
        tally: Tally {
            votes_for: c.votes_for,
            votes_against: c.votes_against,
            voters_for: c.voters_for,
            voters_against: c.voters_against,
            quorum: c.terms.quorum,
            quorum_reached: c.quorum_reached(),
            supermajority: c.terms.supermajority,
        },
        decided_by_governance: c.governance_decision.is_some(),
        executable_at: c.executable_at(now),
        executed_at: c.executed_at,
        filed_at: c.filed_at,
        voting_end: c.voting_end,
        cooldown_end: c.cooldown_end(),
        appeal_end: c.appeal_end(),
        claimant: c.claimant,
        amount: c.amount,
        deposit: c.deposit,
        description: c.description,
        evidence: c.evidence,
        incident_id: c.incident_id,
        appeal_fee: c.appeal_fee,
        paid: c.paid,
        reward: c.reward,
        reward_settled: c.reward_settled,
    }
}

pub fn claim(deps: Deps, now: Timestamp, claim_id: u64) -> Result<ClaimResponse, ContractError> {
    let c = load_claim(deps.storage, claim_id)?;
    Ok(claim_response(claim_id, c, now))
}

fn claims_of(deps: Deps, now: Timestamp, ids: Vec<u64>) -> StdResult<ClaimsResponse> {
    let claims = ids
        .into_iter()
        .map(|id| Ok(claim_response(id, CLAIMS.load(deps.storage, id)?, now)))
        .collect::<StdResult<_>>()?;
    Ok(ClaimsResponse { claims })
}

pub fn claims_by_cover(
    deps: Deps,
    now: Timestamp,
    cover_id: u64,
    start_after: Option<u64>,
    limit_: Option<u32>,
) -> StdResult<ClaimsResponse> {
    let ids = prefix_keys_page(
        &CLAIMS_BY_COVER.prefix(cover_id),
        deps.storage,
        start_after,
        limit_,
    )
    .collect::<StdResult<Vec<_>>>()?;
    claims_of(deps, now, ids)
}

pub fn claims_by_claimant(
    deps: Deps,
    now: Timestamp,
    claimant: String,
    start_after: Option<u64>,
    limit_: Option<u32>,
) -> StdResult<ClaimsResponse> {
    let claimant = deps.api.addr_validate(&claimant)?;
    let ids = prefix_keys_page(
        &CLAIMS_BY_CLAIMANT.prefix(&claimant),
        deps.storage,
        start_after,
        limit_,
    )
    .collect::<StdResult<Vec<_>>>()?;
    claims_of(deps, now, ids)
}

pub fn assessor(deps: Deps, now: Timestamp, address: String) -> StdResult<AssessorResponse> {
    let address = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    let ledger = LEDGER.load(deps.storage)?;
    let a = ASSESSORS
        .may_load(deps.storage, &address)?
        .unwrap_or_default();
    let cap = mul_floor(ledger.total_bonded, config.params.voter_cap)?;
    Ok(AssessorResponse {
        address,
        voting_weight: a.bonded.min(cap),
        bonded: a.bonded,
        unbonding: a.unbonding,
        unbonding_release: (!a.unbonding.is_zero()).then_some(a.unbonding_release),
        locked_until: a.locked_until.max(now),
        open_votes: a.open_votes,
    })
}

fn vote_response(
    deps: Deps,
    voter: Addr,
    claim_id: u64,
    vote: VoteRecord,
) -> Result<VoteResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let claim = CLAIMS.load(deps.storage, claim_id)?;
    let settleable = claim.stage == Stage::Executed && !vote.settled;
    let (pending_reward, pending_slash) = if settleable {
        let assessor = ASSESSORS
            .may_load(deps.storage, &voter)?
            .unwrap_or_default();
        vote_settlement(&claim, &vote, &assessor, &config)?
    } else {
        (Uint128::zero(), Uint128::zero())
    };
    Ok(VoteResponse {
        claim_id,
        voter,
        approve: vote.approve,
        weight: vote.weight,
        settled: vote.settled,
        settleable,
        pending_reward,
        pending_slash,
    })
}

pub fn assessor_vote(
    deps: Deps,
    claim_id: u64,
    voter: String,
) -> Result<VoteResponse, ContractError> {
    let voter = deps.api.addr_validate(&voter)?;
    let vote = load_vote(deps.storage, &voter, claim_id)?;
    vote_response(deps, voter, claim_id, vote)
}

pub fn assessor_votes(
    deps: Deps,
    address: String,
    start_after: Option<u64>,
    limit_: Option<u32>,
) -> Result<VotesResponse, ContractError> {
    let voter = deps.api.addr_validate(&address)?;
    let votes = prefix_page(&VOTES.prefix(&voter), deps.storage, start_after, limit_)
        .map(|item| {
            let (claim_id, vote) = item?;
            vote_response(deps, voter.clone(), claim_id, vote)
        })
        .collect::<Result<_, _>>()?;
    Ok(VotesResponse { votes })
}

pub fn terms(deps: Deps, now: Timestamp, product_id: u32) -> StdResult<TermsResponse> {
    let stored = TERMS.may_load(deps.storage, product_id)?;
    let events = PRODUCT_EVENTS
        .may_load(deps.storage, product_id)?
        .unwrap_or_default();
    Ok(TermsResponse {
        product_id,
        terms: stored.map(|t| Terms {
            payout_ratio: t.payout_ratio,
            waiting_period: t.waiting_period,
            trigger: t.trigger.map(|t| Trigger {
                oracle: t.oracle,
                condition: t.condition,
            }),
        }),
        open_incident: open_incident(deps.storage, &events, now)?,
        breach_since: events.breach_since,
        next_event_from: events.next_event_from,
    })
}

fn incident_response(incident_id: u64, i: Incident, now: Timestamp) -> IncidentResponse {
    IncidentResponse {
        incident_id,
        product_id: i.product_id,
        time: i.time,
        payout_ratio: i.payout_ratio,
        waiting_period: i.waiting_period,
        event_only: i.event_only,
        confirmable: i.status == IncidentStatus::Reported && now >= i.dispute_end,
        source: i.source,
        status: i.status,
        bond: i.bond,
        disputer: i.disputer,
        recorded_at: i.recorded_at,
        dispute_end: i.dispute_end,
        confirmed_at: i.confirmed_at,
        claim_end: i.claim_end,
        claims: i.claims,
        paid: i.paid,
        reserved: i.reserved,
    }
}

pub fn incident(
    deps: Deps,
    now: Timestamp,
    incident_id: u64,
) -> Result<IncidentResponse, ContractError> {
    let i = load_incident(deps.storage, incident_id)?;
    Ok(incident_response(incident_id, i, now))
}

pub fn incidents(
    deps: Deps,
    now: Timestamp,
    product_id: u32,
    start_after: Option<u64>,
    limit_: Option<u32>,
) -> StdResult<IncidentsResponse> {
    let incidents = prefix_keys_page(
        &PRODUCT_INCIDENTS.prefix(product_id),
        deps.storage,
        start_after,
        limit_,
    )
    .map(|id| {
        let id = id?;
        Ok(incident_response(
            id,
            INCIDENTS.load(deps.storage, id)?,
            now,
        ))
    })
    .collect::<StdResult<_>>()?;
    Ok(IncidentsResponse { incidents })
}

pub fn incident_claim(
    deps: Deps,
    incident_id: u64,
    cover_id: u64,
) -> StdResult<IncidentClaimResponse> {
    let amount = INCIDENT_CLAIMS.may_load(deps.storage, (incident_id, cover_id))?;
    Ok(IncidentClaimResponse {
        incident_id,
        cover_id,
        claimed: amount.is_some(),
        amount: amount.unwrap_or_default(),
    })
}

/// Not while the oracle's latest price (whatever its age: in the protocol's
/// favour) meets the trigger, nor while an incident on the product is open.
pub fn sale_status(deps: Deps, now: Timestamp, product_id: u32) -> StdResult<SaleStatusResponse> {
    let events = PRODUCT_EVENTS
        .may_load(deps.storage, product_id)?
        .unwrap_or_default();
    let mut blocked = open_incident(deps.storage, &events, now)?
        .map(|incident_id| SaleBlock::IncidentOpen { incident_id });
    let trigger = TERMS
        .may_load(deps.storage, product_id)?
        .and_then(|t| t.trigger);
    if let (None, Some(trigger)) = (&blocked, trigger) {
        let TriggerCondition::PriceBelow { asset, threshold } = &trigger.condition;
        blocked = match OracleContract(trigger.oracle).price(&deps.querier, asset) {
            Err(_) => Some(SaleBlock::OracleUnavailable {}),
            Ok(answer) if answer.price < *threshold => Some(SaleBlock::OracleBreach {
                price: answer.price,
                threshold: *threshold,
            }),
            Ok(_) => None,
        };
    }
    Ok(SaleStatusResponse {
        product_id,
        blocked,
    })
}
