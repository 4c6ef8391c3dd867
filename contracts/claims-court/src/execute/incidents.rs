//! Parametric incidents: recorded by an oracle trigger, or reported with a
//! bond and confirmed when undisputed; holders of covers active at the
//! incident time then claim a fixed ratio without a vote.

use cosmwasm_std::{
    to_json_binary, Addr, Decimal, DepsMut, Empty, Env, Response, StdResult, Storage, Timestamp,
    Uint128,
};
use insurance_common::claims_court::{
    IncidentRecordedResponse, IncidentSource, IncidentStatus, OracleContract, TriggerCondition,
};
use insurance_common::funds::send;
use insurance_common::math::{mul_ceil, mul_floor};
use insurance_common::risk_pool::{ClaimMethod, LossEvent};

use super::rewards::pull_claims_fund;
use crate::error::{ContractError, EvidenceError};
use crate::external;
use crate::state::{
    load_incident, reserve, Config, Incident, ProductEvents, StoredTerms, CONFIG, INCIDENTS,
    INCIDENT_CLAIMS, LEDGER, PRODUCT_EVENTS, PRODUCT_INCIDENTS, TERMS,
};

pub const MAX_EVIDENCE_LEN: usize = 512;

fn wrong_status(incident_id: u64, incident: &Incident) -> ContractError {
    ContractError::WrongIncidentStatus {
        incident_id,
        status: incident.status.clone(),
    }
}

pub fn validate_ratio(ratio: Decimal) -> Result<(), ContractError> {
    if ratio.is_zero() || ratio > Decimal::one() {
        return Err(ContractError::InvalidPayoutRatio { ratio });
    }
    Ok(())
}

fn save_new(deps: &mut DepsMut, incident: &Incident) -> Result<u64, ContractError> {
    let mut ledger = LEDGER.load(deps.storage)?;
    ledger.incidents_recorded += 1;
    let id = ledger.incidents_recorded;
    ledger.escrow = ledger.escrow.checked_add(incident.bond)?;
    LEDGER.save(deps.storage, &ledger)?;
    INCIDENTS.save(deps.storage, id, incident)?;
    PRODUCT_INCIDENTS.save(deps.storage, (incident.product_id, id), &Empty {})?;
    Ok(id)
}

/// The product's incident that refuses a new one: a fired trigger not yet
/// re-armed, or a report pending or within its claim window. A product has
/// at most one, its latest.
pub fn open_incident(
    storage: &dyn Storage,
    events: &ProductEvents,
    now: Timestamp,
) -> StdResult<Option<u64>> {
    let Some(id) = events.last_incident else {
        return Ok(None);
    };
    if events.breach_since.is_some() {
        return Ok(Some(id));
    }
    let incident = INCIDENTS.load(storage, id)?;
    let open = match incident.status {
        IncidentStatus::Reported | IncidentStatus::Disputed => true,
        IncidentStatus::Confirmed => {
            matches!(incident.source, IncidentSource::Report { .. })
                && incident.claim_end.is_some_and(|end| now <= end)
        }
        IncidentStatus::Rejected => false,
    };
    Ok(open.then_some(id))
}

/// Refuses a new incident on the product dated `time` while one is open or
/// when it lies within the product's last event.
fn ensure_new_event(
    storage: &dyn Storage,
    product_id: u32,
    events: &ProductEvents,
    time: Timestamp,
    now: Timestamp,
) -> Result<(), ContractError> {
    if let Some(incident_id) = open_incident(storage, events, now)? {
        return Err(ContractError::IncidentOpen {
            product_id,
            incident_id,
        });
    }
    if let Some(next_event_from) = events.next_event_from {
        if time < next_event_from {
            return Err(ContractError::IncidentInPastEvent {
                time,
                next_event_from,
            });
        }
    }
    Ok(())
}

/// A confirmed incident reserves what it may take from the pool: its payout
/// ratio of the product's active cover (read once, rounded up), until it is
/// claimed or its claim window ends.
fn reserve_incident(
    deps: &mut DepsMut,
    config: &Config,
    incident: &mut Incident,
) -> Result<(), ContractError> {
    if incident.event_only {
        // Its claims reserve their own amounts.
        return Ok(());
    }
    let product = external::product(&deps.querier, config, incident.product_id)?;
    let amount = mul_ceil(product.active_cover, incident.payout_ratio)?;
    incident.reserved = amount;
    reserve(deps.storage, amount, false)?;
    Ok(())
}

/// Anyone: asks the product's oracle. An armed trigger seeing a breach
/// records a confirmed incident dated when the oracle observed the price. A
/// fired trigger re-arms on a healthy price observed at least
/// `trigger_cooldown` after the breach began; while the breach lasts, it is
/// the same incident.
pub fn check_trigger(
    mut deps: DepsMut,
    env: Env,
    product_id: u32,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let terms = TERMS.may_load(deps.storage, product_id)?;
    let Some(trigger) = terms.as_ref().and_then(|t| t.trigger.clone()) else {
        return Err(ContractError::NoTrigger { product_id });
    };
    let terms = terms.ok_or(ContractError::NoTerms { product_id })?;
    let TriggerCondition::PriceBelow { asset, threshold } = &trigger.condition;
    let answer = OracleContract(trigger.oracle.clone()).price(&deps.querier, asset)?;
    let observed = answer.updated_at;
    if observed > now || observed.plus_seconds(config.params.max_oracle_age) < now {
        return Err(ContractError::StalePrice {
            updated_at: answer.updated_at,
        });
    }
    let breached = answer.price < *threshold;
    let mut events = PRODUCT_EVENTS
        .may_load(deps.storage, product_id)?
        .unwrap_or_default();
    if let Some(since) = events.breach_since {
        if breached {
            return Err(ContractError::IncidentOpen {
                product_id,
                incident_id: events.last_incident.unwrap_or_default(),
            });
        }
        let from = since.plus_seconds(config.params.trigger_cooldown.max(1));
        if observed < from {
            return Err(ContractError::TriggerCoolingDown {
                product_id,
                until: from,
            });
        }
        events.breach_since = None;
        events.next_event_from = Some(events.next_event_from.unwrap_or_default().max(observed));
        PRODUCT_EVENTS.save(deps.storage, product_id, &events)?;
        return Ok(Response::new()
            .add_attribute("action", "rearm_trigger")
            .add_attribute("product_id", product_id.to_string())
            .add_attribute("price", answer.price.to_string())
            .add_attribute("observed_at", observed.seconds().to_string()));
    }
    if !breached {
        return Err(ContractError::TriggerNotMet {
            price: answer.price,
            threshold: *threshold,
        });
    }
    ensure_new_event(deps.storage, product_id, &events, answer.updated_at, now)?;
    let claim_end = now.plus_seconds(config.params.incident_claim_window);
    let mut incident = Incident {
        product_id,
        time: answer.updated_at,
        payout_ratio: terms.payout_ratio,
        waiting_period: terms.waiting_period,
        event_only: false,
        source: IncidentSource::Oracle {
            oracle: trigger.oracle.clone(),
            asset: asset.clone(),
            price: answer.price,
        },
        status: IncidentStatus::Confirmed,
        bond: Uint128::zero(),
        disputer: None,
        recorded_at: now,
        dispute_end: now,
        confirmed_at: Some(now),
        claim_end: Some(claim_end),
        claims: 0,
        paid: Uint128::zero(),
        reserved: Uint128::zero(),
    };
    reserve_incident(&mut deps, &config, &mut incident)?;
    let incident_id = save_new(&mut deps, &incident)?;
    events.last_incident = Some(incident_id);
    events.breach_since = Some(observed);
    events.next_event_from = Some(observed.plus_seconds(1));
    PRODUCT_EVENTS.save(deps.storage, product_id, &events)?;
    Ok(Response::new()
        .set_data(to_json_binary(&IncidentRecordedResponse { incident_id })?)
        .add_attribute("action", "check_trigger")
        .add_attribute("incident_id", incident_id.to_string())
        .add_attribute("product_id", product_id.to_string())
        .add_attribute("price", answer.price.to_string())
        .add_attribute("incident_time", incident.time.seconds().to_string()))
}

pub fn report(
    mut deps: DepsMut,
    env: Env,
    reporter: Addr,
    bond: Uint128,
    product_id: u32,
    time: Timestamp,
    evidence: String,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let params = &config.params;
    if bond != params.incident_bond {
        return Err(ContractError::WrongBond {
            required: params.incident_bond,
            sent: bond,
        });
    }
    if evidence.trim().is_empty() || evidence.len() > MAX_EVIDENCE_LEN {
        return Err(ContractError::InvalidEvidence {
            reason: EvidenceError::IncidentEvidence,
        });
    }
    if time > env.block.time {
        return Err(ContractError::IncidentInFuture { time });
    }
    let oldest = env.block.time.minus_seconds(params.max_incident_age);
    if time < oldest {
        return Err(ContractError::IncidentTooOld { time, oldest });
    }
    let now = env.block.time;
    // Terms exist only for parametric products (governance checked it); a
    // discretionary product's incident only names an event claims are for.
    let (terms, event_only) = match TERMS.may_load(deps.storage, product_id)? {
        Some(terms) => (terms, false),
        None => {
            let product = external::product(&deps.querier, &config, product_id)?;
            if product.product.claim_method != ClaimMethod::Discretionary {
                return Err(ContractError::NoTerms { product_id });
            }
            let names_only = StoredTerms {
                payout_ratio: Decimal::zero(),
                waiting_period: 0,
                trigger: None,
            };
            (names_only, true)
        }
    };
    let mut events = PRODUCT_EVENTS
        .may_load(deps.storage, product_id)?
        .unwrap_or_default();
    ensure_new_event(deps.storage, product_id, &events, time, now)?;
    let dispute_end = now.plus_seconds(params.dispute_window);
    let incident = Incident {
        product_id,
        time,
        payout_ratio: terms.payout_ratio,
        waiting_period: terms.waiting_period,
        event_only,
        source: IncidentSource::Report {
            reporter: reporter.clone(),
            evidence,
        },
        status: IncidentStatus::Reported,
        bond,
        disputer: None,
        recorded_at: now,
        dispute_end,
        confirmed_at: None,
        claim_end: None,
        claims: 0,
        paid: Uint128::zero(),
        reserved: Uint128::zero(),
    };
    let incident_id = save_new(&mut deps, &incident)?;
    events.last_incident = Some(incident_id);
    PRODUCT_EVENTS.save(deps.storage, product_id, &events)?;
    Ok(Response::new()
        .set_data(to_json_binary(&IncidentRecordedResponse { incident_id })?)
        .add_attribute("action", "report_incident")
        .add_attribute("incident_id", incident_id.to_string())
        .add_attribute("product_id", product_id.to_string())
        .add_attribute("reporter", reporter)
        .add_attribute("dispute_end", dispute_end.seconds().to_string()))
}

/// A report becomes an event of its product: later incidents must be dated
/// after it, and on a product with a trigger the breach must be seen over
/// (the trigger re-armed) before another incident, so the oracle cannot
/// record the same event again.
fn record_confirmed_event(storage: &mut dyn Storage, incident: &Incident) -> StdResult<()> {
    let product_id = incident.product_id;
    let mut events = PRODUCT_EVENTS
        .may_load(storage, product_id)?
        .unwrap_or_default();
    let time = incident.time;
    let next = time.plus_seconds(1);
    events.next_event_from = Some(events.next_event_from.unwrap_or_default().max(next));
    let has_trigger = TERMS
        .may_load(storage, product_id)?
        .is_some_and(|t| t.trigger.is_some());
    if has_trigger && events.breach_since.is_none() {
        events.breach_since = Some(time);
    }
    PRODUCT_EVENTS.save(storage, product_id, &events)
}

/// Anyone, within the dispute window, with a bond equal to the reporter's:
/// governance decides.
pub fn dispute(
    deps: DepsMut,
    env: Env,
    disputer: Addr,
    bond: Uint128,
    incident_id: u64,
) -> Result<Response, ContractError> {
    let mut incident = load_incident(deps.storage, incident_id)?;
    if incident.status != IncidentStatus::Reported {
        return Err(wrong_status(incident_id, &incident));
    }
    if env.block.time >= incident.dispute_end {
        return Err(ContractError::DisputeWindowClosed {
            incident_id,
            ended: incident.dispute_end,
        });
    }
    if bond != incident.bond {
        return Err(ContractError::WrongBond {
            required: incident.bond,
            sent: bond,
        });
    }
    let mut ledger = LEDGER.load(deps.storage)?;
    ledger.escrow = ledger.escrow.checked_add(bond)?;
    incident.status = IncidentStatus::Disputed;
    incident.disputer = Some(disputer.clone());
    INCIDENTS.save(deps.storage, incident_id, &incident)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(Response::new()
        .add_attribute("action", "dispute_incident")
        .add_attribute("incident_id", incident_id.to_string())
        .add_attribute("disputer", disputer))
}

fn reporter_of(incident: &Incident) -> Option<&Addr> {
    match &incident.source {
        IncidentSource::Report { reporter, .. } => Some(reporter),
        IncidentSource::Oracle { .. } => None,
    }
}

/// Anyone, once an undisputed report's window is over: the incident is
/// confirmed and the reporter gets the bond back with the reporter reward.
pub fn confirm(mut deps: DepsMut, env: Env, incident_id: u64) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let mut incident = load_incident(deps.storage, incident_id)?;
    if incident.status != IncidentStatus::Reported {
        return Err(wrong_status(incident_id, &incident));
    }
    if now < incident.dispute_end {
        return Err(ContractError::DisputeWindowOpen {
            incident_id,
            ends: incident.dispute_end,
        });
    }
    let reporter = reporter_of(&incident)
        .cloned()
        .ok_or_else(|| wrong_status(incident_id, &incident))?;
    let mut ledger = LEDGER.load(deps.storage)?;
    let mut response = Response::new();
    if let Some(pull) = pull_claims_fund(&deps.querier, &config, &mut ledger)? {
        response = response.add_message(pull);
    }
    // Naming an event pays nobody and harms nobody, so nobody would dispute a
    // false one: it earns no reward, only the bond back.
    let reward = if incident.event_only {
        Uint128::zero()
    } else {
        config.params.reporter_reward.min(ledger.reward_pool)
    };
    ledger.reward_pool -= reward;
    ledger.escrow = ledger.escrow.checked_sub(incident.bond)?;
    let amount = incident.bond.checked_add(reward)?;
    incident.status = IncidentStatus::Confirmed;
    incident.confirmed_at = Some(now);
    incident.claim_end = Some(now.plus_seconds(config.params.incident_claim_window));
    record_confirmed_event(deps.storage, &incident)?;
    reserve_incident(&mut deps, &config, &mut incident)?;
    INCIDENTS.save(deps.storage, incident_id, &incident)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(response
        .add_message(send(&reporter, &config.collateral_denom, amount))
        .add_attribute("action", "confirm_incident")
        .add_attribute("incident_id", incident_id.to_string())
        .add_attribute("reporter", reporter)
        .add_attribute("reward", reward))
}

/// Governance decides a disputed report; the side it finds right takes both bonds.
pub fn resolve(
    mut deps: DepsMut,
    env: Env,
    incident_id: u64,
    valid: bool,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let mut incident = load_incident(deps.storage, incident_id)?;
    if incident.status != IncidentStatus::Disputed {
        return Err(wrong_status(incident_id, &incident));
    }
    let both = incident.bond.checked_mul(Uint128::new(2))?;
    let winner = if valid {
        incident.status = IncidentStatus::Confirmed;
        incident.confirmed_at = Some(now);
        incident.claim_end = Some(now.plus_seconds(config.params.incident_claim_window));
        reporter_of(&incident).cloned()
    } else {
        incident.status = IncidentStatus::Rejected;
        incident.disputer.clone()
    }
    .ok_or_else(|| wrong_status(incident_id, &incident))?;
    if valid {
        record_confirmed_event(deps.storage, &incident)?;
        reserve_incident(&mut deps, &config, &mut incident)?;
    }
    let mut ledger = LEDGER.load(deps.storage)?;
    ledger.escrow = ledger.escrow.checked_sub(both)?;
    INCIDENTS.save(deps.storage, incident_id, &incident)?;
    LEDGER.save(deps.storage, &ledger)?;
    Ok(Response::new()
        .add_message(send(&winner, &config.collateral_denom, both))
        .add_attribute("action", "resolve_incident")
        .add_attribute("incident_id", incident_id.to_string())
        .add_attribute("valid", valid.to_string())
        .add_attribute("bonds_to", winner))
}

/// The owner (only the owner claims) of a cover that was active at the
/// incident time claims `cover amount × ratio`, capped by what is left. Paid
/// at once: the payout is an ordinary message, so if the pool refuses, the
/// claim is undone with it.
pub fn claim(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    incident_id: u64,
    cover_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time;
    let mut incident = load_incident(deps.storage, incident_id)?;
    if incident.status != IncidentStatus::Confirmed {
        return Err(wrong_status(incident_id, &incident));
    }
    if incident.event_only {
        return Err(ContractError::EventOnlyIncident { incident_id });
    }
    let claim_end = incident.claim_end.unwrap_or_default();
    if now > claim_end {
        return Err(ContractError::ClaimWindowClosed {
            incident_id,
            ended: claim_end,
        });
    }
    if INCIDENT_CLAIMS.has(deps.storage, (incident_id, cover_id)) {
        return Err(ContractError::IncidentAlreadyClaimed {
            incident_id,
            cover_id,
        });
    }
    external::require_holder(&deps.querier, &config, &sender, cover_id)?;
    let owner = sender;
    let cover = external::cover(&deps.querier, &config, cover_id)?;
    if cover.product_id != incident.product_id {
        return Err(ContractError::WrongProduct {
            cover_id,
            cover_product: cover.product_id,
            incident_id,
            incident_product: incident.product_id,
        });
    }
    // Covers bought after the incident never pay for it.
    if incident.time < cover.start || incident.time > cover.end {
        return Err(ContractError::CoverNotActiveAtIncident {
            cover_id,
            time: incident.time,
        });
    }
    // Nor covers bought into an event already under way.
    let claimable_from = cover.start.plus_seconds(incident.waiting_period);
    if incident.time < claimable_from {
        return Err(ContractError::CoverInWaitingPeriod {
            cover_id,
            claimable_from,
        });
    }
    let amount = mul_floor(cover.amount, incident.payout_ratio)?.min(cover.remaining);
    if amount.is_zero() {
        return Err(ContractError::NothingToClaim { cover_id });
    }
    INCIDENT_CLAIMS.save(deps.storage, (incident_id, cover_id), &amount)?;
    incident.claims += 1;
    incident.paid = incident.paid.checked_add(amount)?;
    // Each payout uses up the reserve (never below zero: it is an estimate).
    let released = amount.min(incident.reserved);
    incident.reserved -= released;
    reserve(deps.storage, released, true)?;
    INCIDENTS.save(deps.storage, incident_id, &incident)?;
    let payout = external::pool(&config).payout(
        cover_id,
        &owner,
        amount,
        LossEvent::Incident { incident_id },
        Uint128::zero(),
    )?;
    Ok(Response::new()
        .add_message(payout)
        .add_attribute("action", "claim_incident")
        .add_attribute("incident_id", incident_id.to_string())
        .add_attribute("cover_id", cover_id.to_string())
        .add_attribute("recipient", owner)
        .add_attribute("amount", amount))
}

/// Anyone, once a confirmed incident's claim window is over: what it still
/// reserves goes back to the stakers' withdrawable capital.
pub fn close(deps: DepsMut, env: Env, incident_id: u64) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut incident = load_incident(deps.storage, incident_id)?;
    if incident.status != IncidentStatus::Confirmed {
        return Err(wrong_status(incident_id, &incident));
    }
    let claim_end = incident.claim_end.unwrap_or_default();
    if now <= claim_end {
        return Err(ContractError::ClaimWindowOpen {
            incident_id,
            ends: claim_end,
        });
    }
    if incident.reserved.is_zero() {
        return Err(ContractError::NothingReserved { incident_id });
    }
    let released = incident.reserved;
    incident.reserved = Uint128::zero();
    let reserved = reserve(deps.storage, released, true)?;
    INCIDENTS.save(deps.storage, incident_id, &incident)?;
    Ok(Response::new()
        .add_attribute("action", "close_incident")
        .add_attribute("incident_id", incident_id.to_string())
        .add_attribute("released", released)
        .add_attribute("reserved_claims", reserved))
}
