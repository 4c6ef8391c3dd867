//! Discretionary claims: filing (which locks the cover NFT) and assessor votes.

use cosmwasm_std::{to_json_binary, Addr, DepsMut, Empty, Env, Response, Storage, Uint128};
use insurance_common::claims_court::{FileClaimResponse, IncidentStatus};
use insurance_common::math::{mul_ceil, mul_floor};
use insurance_common::risk_pool::{ClaimMethod, Cover};

use crate::error::{ContractError, EvidenceError};
use crate::external;
use crate::state::{
    load_claim, load_incident, reserve, Claim, Stage, Terms, VoteRecord, ASSESSORS, CLAIMS,
    CLAIMS_BY_CLAIMANT, CLAIMS_BY_COVER, CONFIG, INCIDENT_CLAIMS, LEDGER, OPEN_CLAIMS, VOTES,
};

pub const MAX_DESCRIPTION_LEN: usize = 2048;
pub const MAX_EVIDENCE_LEN: usize = 512;

pub fn validate_text(description: &str, evidence: Option<&str>) -> Result<(), ContractError> {
    let invalid = |reason: EvidenceError| ContractError::InvalidEvidence { reason };
    if description.len() > MAX_DESCRIPTION_LEN {
        return Err(invalid(EvidenceError::DescriptionTooLong));
    }
    if evidence.is_some_and(|e| e.len() > MAX_EVIDENCE_LEN) {
        return Err(invalid(EvidenceError::EvidenceTooLong));
    }
    if description.trim().is_empty() && evidence.is_none_or(|e| e.trim().is_empty()) {
        return Err(invalid(EvidenceError::Missing));
    }
    Ok(())
}

/// What a `FileClaim` asks.
pub struct Filing {
    pub cover_id: u64,
    pub amount: Uint128,
    pub description: String,
    pub evidence: Option<String>,
    pub incident_id: Option<u64>,
}

pub fn file(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    deposit: Uint128,
    filing: Filing,
) -> Result<Response, ContractError> {
    let Filing {
        cover_id,
        amount,
        description,
        evidence,
        incident_id,
    } = filing;
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    validate_text(&description, evidence.as_deref())?;
    let config = CONFIG.load(deps.storage)?;
    let params = &config.params;
    let now = env.block.time;
    if let Some(claim_id) = OPEN_CLAIMS.may_load(deps.storage, cover_id)? {
        return Err(ContractError::ClaimAlreadyOpen { cover_id, claim_id });
    }
    external::require_holder(&deps.querier, &config, &sender, cover_id)?;
    let cover = external::cover(&deps.querier, &config, cover_id)?;
    if env.block.time > cover.claimable_until {
        return Err(ContractError::CoverExpired {
            cover_id,
            claimable_until: cover.claimable_until,
        });
    }
    if amount > cover.remaining {
        return Err(ContractError::ExceedsRemainingCover {
            requested: amount,
            remaining: cover.remaining,
        });
    }
    let required = mul_ceil(amount, params.min_deposit_ratio)?;
    if deposit < required {
        return Err(ContractError::DepositTooSmall {
            required,
            sent: deposit,
        });
    }
    external::require_claim_method(
        &deps.querier,
        &config,
        cover.product_id,
        ClaimMethod::Discretionary,
    )?;
    if let Some(incident_id) = incident_id {
        require_event_of(deps.storage, incident_id, cover_id, &cover)?;
    }

    let mut ledger = LEDGER.load(deps.storage)?;
    // Quorum is measured against the stake bonded when the claim is filed,
    // rounded up (in the protocol's favour), and never under the floor: a
    // claim filed while little is bonded cannot be decided by a dust bond.
    let quorum = mul_ceil(ledger.total_bonded, params.quorum)?.max(params.min_quorum);
    let voting_end = now.plus_seconds(params.voting_period);
    let max_extension = params
        .vote_extension
        .saturating_mul(u64::from(params.max_vote_extensions));
    let claim = Claim {
        cover_id,
        product_id: cover.product_id,
        claimant: sender.clone(),
        amount,
        deposit,
        description,
        evidence,
        incident_id,
        filed_at: now,
        voting_end,
        terms: Terms {
            quorum,
            supermajority: params.supermajority,
            vote_extension: params.vote_extension,
            max_voting_end: voting_end.plus_seconds(max_extension),
            cooldown_period: params.cooldown_period,
            appeal_window: params.appeal_window,
            voter_cap: Some(params.voter_cap),
        },
        votes_for: Uint128::zero(),
        votes_against: Uint128::zero(),
        voters_for: 0,
        voters_against: 0,
        stage: Stage::Open,
        governance_decision: None,
        appeal_fee: Uint128::zero(),
        executed_at: None,
        paid: Uint128::zero(),
        reward: Uint128::zero(),
        reward_settled: Uint128::zero(),
        winners_unsettled: 0,
    };
    ledger.claims_filed += 1;
    let claim_id = ledger.claims_filed;
    ledger.escrow = ledger.escrow.checked_add(deposit)?;
    // Until it is executed, the claim may take its amount from the pool.
    reserve(deps.storage, amount, false)?;
    CLAIMS.save(deps.storage, claim_id, &claim)?;
    OPEN_CLAIMS.save(deps.storage, cover_id, &claim_id)?;
    CLAIMS_BY_COVER.save(deps.storage, (cover_id, claim_id), &Empty {})?;
    CLAIMS_BY_CLAIMANT.save(deps.storage, (&sender, claim_id), &Empty {})?;
    LEDGER.save(deps.storage, &ledger)?;

    // The open claim locks the NFT: the NFT reads `OPEN_CLAIMS` raw and
    // refuses to move the token while it is there.
    Ok(Response::new()
        .set_data(to_json_binary(&FileClaimResponse { claim_id })?)
        .add_attribute("action", "file_claim")
        .add_attribute("claim_id", claim_id.to_string())
        .add_attribute("cover_id", cover_id.to_string())
        .add_attribute("claimant", sender)
        .add_attribute("amount", amount)
        .add_attribute("deposit", deposit)
        .add_attribute("voting_end", voting_end.seconds().to_string()))
}

/// A claim names an incident of its cover's product, reported and not
/// rejected, dated while the cover was active.
fn require_event_of(
    storage: &dyn Storage,
    incident_id: u64,
    cover_id: u64,
    cover: &Cover,
) -> Result<(), ContractError> {
    let incident = load_incident(storage, incident_id)?;
    if incident.product_id != cover.product_id {
        return Err(ContractError::WrongProduct {
            cover_id,
            cover_product: cover.product_id,
            incident_id,
            incident_product: incident.product_id,
        });
    }
    if incident.status == IncidentStatus::Rejected {
        return Err(ContractError::WrongIncidentStatus {
            incident_id,
            status: IncidentStatus::Rejected,
        });
    }
    if incident.time < cover.start || incident.time > cover.end {
        return Err(ContractError::CoverNotActiveAtIncident {
            cover_id,
            time: incident.time,
        });
    }
    // A cover is paid once per event: not again for an incident it was paid for.
    if INCIDENT_CLAIMS.has(storage, (incident_id, cover_id)) {
        return Err(ContractError::IncidentAlreadyClaimed {
            incident_id,
            cover_id,
        });
    }
    Ok(())
}

pub fn vote(
    deps: DepsMut,
    env: Env,
    voter: Addr,
    claim_id: u64,
    approve: bool,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut claim = load_claim(deps.storage, claim_id)?;
    if claim.stage != Stage::Open || now >= claim.voting_end {
        return Err(ContractError::VotingClosed {
            claim_id,
            ended: claim.voting_end,
        });
    }
    // The claimant is the cover's owner (the NFT is locked to it).
    if voter == claim.claimant {
        return Err(ContractError::ConflictOfInterest { claim_id, voter });
    }
    if VOTES.has(deps.storage, (&voter, claim_id)) {
        return Err(ContractError::AlreadyVoted { claim_id, voter });
    }
    let mut assessor = ASSESSORS
        .may_load(deps.storage, &voter)?
        .unwrap_or_default();
    let ledger = LEDGER.load(deps.storage)?;
    // One whale cannot decide alone: a vote counts at most a share of all bonds.
    // The cap is fixed at filing, like the rest of the voting terms.
    let voter_cap = match claim.terms.voter_cap {
        Some(cap) => cap,
        None => CONFIG.load(deps.storage)?.params.voter_cap,
    };
    let cap = mul_floor(ledger.total_bonded, voter_cap)?;
    let weight = assessor.bonded.min(cap);
    if weight.is_zero() {
        return Err(ContractError::NoVotingWeight { voter });
    }

    if approve {
        claim.votes_for = claim.votes_for.checked_add(weight)?;
        claim.voters_for += 1;
    } else {
        claim.votes_against = claim.votes_against.checked_add(weight)?;
        claim.voters_against += 1;
    }
    // A vote in the final stretch gives the other side time to answer.
    let mut extended = false;
    if now.plus_seconds(claim.terms.vote_extension) >= claim.voting_end
        && claim.voting_end < claim.terms.max_voting_end
    {
        claim.voting_end = claim
            .voting_end
            .plus_seconds(claim.terms.vote_extension)
            .min(claim.terms.max_voting_end);
        extended = true;
    }
    // The bond stays until every vote it cast has closed, whatever the extensions.
    assessor.locked_until = assessor.locked_until.max(claim.terms.max_voting_end);
    assessor.open_votes += 1;
    VOTES.save(
        deps.storage,
        (&voter, claim_id),
        &VoteRecord {
            approve,
            weight,
            settled: false,
        },
    )?;
    ASSESSORS.save(deps.storage, &voter, &assessor)?;
    CLAIMS.save(deps.storage, claim_id, &claim)?;
    Ok(Response::new()
        .add_attribute("action", "vote")
        .add_attribute("claim_id", claim_id.to_string())
        .add_attribute("voter", voter)
        .add_attribute("approve", approve.to_string())
        .add_attribute("weight", weight)
        .add_attribute("voting_end", claim.voting_end.seconds().to_string())
        .add_attribute("extended", extended.to_string()))
}
