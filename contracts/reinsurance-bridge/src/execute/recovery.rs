//! Cedent side of a recovery: the pool's `RecordLoss`, retries, and the ack
//! or timeout of the recovery packet. The funds arrive through the
//! destination callback (see `transfer`).
//!
//! The recovery of a loss is fixed when the pool pays it: the treaty's part
//! of the loss (under excess of loss, of the layer its event's losses reach),
//! capped by what is left of the cover's exposure and of the aggregate limit.
//! It is claimed against those caps at once and booked by the pool as a
//! receivable; only a refusal releases the caps and writes the receivable off.

use cosmwasm_std::{Addr, CosmosMsg, DepsMut, Env, Response, Storage, SubMsg, Uint128};
use insurance_common::reinsurance_bridge::{
    BridgePacket, CessionStatus, InFlightItem, InFlightKind, InFlightStatus, LossId, LossStatus,
    RecoveryPacket, Role,
};
use insurance_common::risk_pool::{LossEvent, ReinsuranceMsg};

use super::{collateral_denom, ensure_pool, pool_msg, send_packet, timeout_at, Outcome};
use crate::error::ContractError;
use crate::state::{
    ensure_role, event_key, home_channel, load_channel, load_loss, load_treaty, next_id,
    packet_sent, packet_settled, parse_event_key, Cession, Config, EventBook, Loss, Treaty,
    CESSIONS, CONFIG, EVENTS, IN_FLIGHT, LOSSES, TREATIES,
};

/// Where the recovery of a loss stands against the treaty's terms.
enum Claim {
    /// Below the retention: the treaty owes nothing for it.
    Nothing,
    /// The per-cover or aggregate limits are spent.
    LimitsReached,
    Recover(Uint128),
}

/// What the treaty owes for a loss of `amount` on `cession`, the event's
/// losses (this one included) and claims being `book`.
fn claim(
    treaty: &Treaty,
    cession: &Cession,
    book: &EventBook,
    amount: Uint128,
) -> Result<Claim, ContractError> {
    let terms = &treaty.terms;
    let owed = if terms.per_event() {
        // The layer the event's losses reach, less what its other losses claimed.
        terms
            .recovery(book.losses)?
            .saturating_sub(book.claimed)
            .min(amount)
    } else {
        terms.recovery(amount)?
    };
    if owed.is_zero() {
        return Ok(Claim::Nothing);
    }
    let mut capped = owed.min(cession.exposure.saturating_sub(cession.recovered));
    if let Some(aggregate) = terms.aggregate_limit() {
        capped = capped.min(aggregate.saturating_sub(treaty.claimed));
    }
    Ok(if capped.is_zero() {
        Claim::LimitsReached
    } else {
        Claim::Recover(capped)
    })
}

/// Claims `amount` for `record` against the cover's exposure, the aggregate
/// and the event, and has the pool book it as a receivable.
fn book(
    config: &Config,
    record: &mut Loss,
    cession: &mut Cession,
    treaty: &mut Treaty,
    event: &mut EventBook,
    amount: Uint128,
) -> Result<CosmosMsg, ContractError> {
    record.recovery = amount;
    record.booked = amount;
    cession.recovered = cession.recovered.checked_add(amount)?;
    treaty.claimed = treaty.claimed.checked_add(amount)?;
    event.claimed = event.claimed.checked_add(amount)?;
    pool_msg(
        config,
        ReinsuranceMsg::ExpectRecovery { amount },
        Uint128::zero(),
    )
}

/// Releases the claims of a refused recovery.
fn release(
    storage: &mut dyn Storage,
    record: &Loss,
    cession: &mut Cession,
    treaty: &mut Treaty,
) -> Result<(), ContractError> {
    cession.recovered = cession.recovered.checked_sub(record.recovery)?;
    treaty.claimed = treaty.claimed.checked_sub(record.recovery)?;
    if let Some(key) = &record.event {
        let ek = (record.channel_id.as_str(), record.treaty_id, key.as_str());
        let mut event = EVENTS.may_load(storage, ek)?.unwrap_or_default();
        event.claimed = event.claimed.saturating_sub(record.recovery);
        EVENTS.save(storage, ek, &event)?;
    }
    Ok(())
}

/// Claims again the recovery of a loss paid after it was refused (a late
/// success ack, or funds the reinsurer sent anyway).
pub(crate) fn reclaim(
    storage: &mut dyn Storage,
    record: &Loss,
    loss: LossId,
    treaty: &mut Treaty,
) -> Result<(), ContractError> {
    let mut cession = CESSIONS.load(storage, loss.cover_id)?;
    cession.recovered = cession.recovered.checked_add(record.recovery)?;
    CESSIONS.save(storage, loss.cover_id, &cession)?;
    treaty.claimed = treaty.claimed.checked_add(record.recovery)?;
    if let Some(key) = &record.event {
        let ek = (record.channel_id.as_str(), record.treaty_id, key.as_str());
        let mut event = EVENTS.may_load(storage, ek)?.unwrap_or_default();
        event.claimed = event.claimed.checked_add(record.recovery)?;
        EVENTS.save(storage, ek, &event)?;
    }
    Ok(())
}

/// Risk pool only: a payout on a cover. Never fails for a cover that is not
/// ceded, a cession not accepted, a closed channel or a packet IBC cannot
/// send (a payout must not wait on reinsurance): the loss then waits for a
/// retry, or is not recorded at all.
pub fn record_loss(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    loss: LossId,
    amount: Uint128,
    event: LossEvent,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    ensure_pool(&config, &sender)?;
    let key = (loss.cover_id, loss.sequence);
    if LOSSES.has(deps.storage, key) {
        return Err(ContractError::LossAlreadyRecorded {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
        });
    }
    let response = Response::new()
        .add_attribute("action", "record_loss")
        .add_attribute("cover_id", loss.cover_id.to_string())
        .add_attribute("sequence", loss.sequence.to_string());
    let Some(mut cession) = CESSIONS.may_load(deps.storage, loss.cover_id)? else {
        return Ok(response.add_attribute("recovery", "cover not ceded"));
    };
    if matches!(
        cession.status,
        CessionStatus::Rejected { .. } | CessionStatus::TimedOut
    ) {
        return Ok(response.add_attribute("recovery", "cession not accepted"));
    }
    let mut treaty = load_treaty(deps.storage, &cession.channel_id, cession.treaty_id)?;
    ensure_role(&treaty, Role::Cedent)?;
    let event_key = event_key(&event);
    let channel_id = cession.channel_id.clone();
    let ek = (channel_id.as_str(), cession.treaty_id, event_key.as_str());
    let mut event_book = EVENTS.may_load(deps.storage, ek)?.unwrap_or_default();
    event_book.losses = event_book.losses.checked_add(amount)?;
    let mut record = Loss {
        channel_id: cession.channel_id.clone(),
        treaty_id: cession.treaty_id,
        loss_amount: amount,
        recovery: Uint128::zero(),
        occurred_at: env.block.time,
        attempt: 0,
        status: LossStatus::Waiting,
        in_flight: None,
        event: Some(event_key.clone()),
        event_losses: event_book.losses,
        booked: Uint128::zero(),
    };
    let response = match claim(&treaty, &cession, &event_book, amount)? {
        Claim::Nothing => {
            // Below the retention: the loss still counts in its event.
            EVENTS.save(deps.storage, ek, &event_book)?;
            return Ok(response.add_attribute("recovery", "nothing to recover"));
        }
        Claim::LimitsReached => {
            record.status = LossStatus::Rejected {
                reason: "treaty limits reached".to_string(),
            };
            response.add_attribute("recovery", "treaty limits reached")
        }
        Claim::Recover(recovery) => {
            let expect = book(
                &config,
                &mut record,
                &mut cession,
                &mut treaty,
                &mut event_book,
                recovery,
            )?;
            let response = response
                .add_message(expect)
                .add_attribute("recovery", recovery);
            let channel_open = load_channel(deps.storage, &treaty.send_channel(&channel_id))?.open;
            if cession.status == CessionStatus::Accepted && channel_open {
                let send = request(deps.storage, &env, &config, loss, &mut record, &mut treaty)?;
                response.add_submessage(send)
            } else {
                // The cession is still in flight, or the channel closed: `RetryRecovery` later.
                response.add_attribute("request", "waiting")
            }
        }
    };
    EVENTS.save(deps.storage, ek, &event_book)?;
    LOSSES.save(deps.storage, key, &record)?;
    CESSIONS.save(deps.storage, loss.cover_id, &cession)?;
    TREATIES.save(
        deps.storage,
        (&record.channel_id, record.treaty_id),
        &treaty,
    )?;
    Ok(response)
}

/// Anyone: requests a recovery again after it waited, was refused or timed
/// out. A refused one is claimed and booked again.
pub fn retry_recovery(deps: DepsMut, env: Env, loss: LossId) -> Result<Response, ContractError> {
    let key = (loss.cover_id, loss.sequence);
    let mut record = load_loss(deps.storage, loss)?;
    if matches!(
        record.status,
        LossStatus::Requested | LossStatus::Due | LossStatus::Paid
    ) {
        return Err(ContractError::LossNotRetryable {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
            status: record.status,
        });
    }
    let mut cession = CESSIONS.load(deps.storage, loss.cover_id)?;
    if cession.status != CessionStatus::Accepted {
        return Err(ContractError::CessionNotAccepted {
            cover_id: loss.cover_id,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let mut treaty = load_treaty(deps.storage, &record.channel_id, record.treaty_id)?;
    // A treaty routed to a new channel retries there.
    let send = treaty.send_channel(&record.channel_id);
    if !load_channel(deps.storage, &send)?.open {
        return Err(ContractError::ChannelClosed { channel_id: send });
    }
    let mut response = Response::new();
    if matches!(record.status, LossStatus::Rejected { .. }) {
        let event_key = record.event.clone().unwrap_or_default();
        let channel_id = record.channel_id.clone();
        let ek = (channel_id.as_str(), record.treaty_id, event_key.as_str());
        let mut event_book = EVENTS.may_load(deps.storage, ek)?.unwrap_or_default();
        let Claim::Recover(amount) = claim(&treaty, &cession, &event_book, record.loss_amount)?
        else {
            return Err(ContractError::RecoveryLimitReached {
                cover_id: loss.cover_id,
                sequence: loss.sequence,
            });
        };
        let expect = book(
            &config,
            &mut record,
            &mut cession,
            &mut treaty,
            &mut event_book,
            amount,
        )?;
        EVENTS.save(deps.storage, ek, &event_book)?;
        response = response.add_message(expect);
    }
    let send = request(deps.storage, &env, &config, loss, &mut record, &mut treaty)?;
    LOSSES.save(deps.storage, key, &record)?;
    CESSIONS.save(deps.storage, loss.cover_id, &cession)?;
    TREATIES.save(
        deps.storage,
        (&record.channel_id, record.treaty_id),
        &treaty,
    )?;
    Ok(response
        .add_submessage(send)
        .add_attribute("action", "retry_recovery")
        .add_attribute("cover_id", loss.cover_id.to_string())
        .add_attribute("sequence", loss.sequence.to_string())
        .add_attribute("recovery", record.recovery)
        .add_attribute("attempt", record.attempt.to_string()))
}

/// Sends the recovery request of `record` (its amount is claimed already).
/// The caller saves the records.
fn request(
    storage: &mut dyn Storage,
    env: &Env,
    config: &Config,
    loss: LossId,
    record: &mut Loss,
    treaty: &mut Treaty,
) -> Result<SubMsg, ContractError> {
    let amount = record.recovery;
    let id = next_id(storage)?;
    let send = treaty.send_channel(&record.channel_id);
    packet_sent(storage, &send)?;
    record.attempt += 1;
    record.status = LossStatus::Requested;
    record.in_flight = Some(id);
    treaty.ledger.recoveries_pending = treaty.ledger.recoveries_pending.checked_add(amount)?;
    IN_FLIGHT.save(
        storage,
        id,
        &InFlightItem {
            id,
            channel_id: send.clone(),
            treaty_id: record.treaty_id,
            kind: InFlightKind::RecoveryPacket { loss },
            amount,
            denom: collateral_denom(config)?,
            attempt: record.attempt,
            status: InFlightStatus::Sent,
            sent_at: env.block.time,
        },
    )?;
    let event = record.event.as_deref().and_then(parse_event_key);
    let packet = BridgePacket::Recovery(RecoveryPacket {
        treaty_id: record.treaty_id,
        loss,
        loss_amount: record.loss_amount,
        recovery: amount,
        occurred_at: record.occurred_at,
        attempt: record.attempt,
        event,
        event_losses: record.event_losses,
    });
    send_packet(
        &send,
        &packet,
        timeout_at(env.block.time, config.packet_timeout),
    )
}

/// The recovery packet was acknowledged, timed out or could not be sent.
/// Accepted: the recovery is due until its funds arrive. Timed out or not
/// sent: it stays expected and waits for a retry. Refused: its claims are
/// released and the pool writes its receivable off.
pub fn on_outcome(
    deps: DepsMut,
    channel_id: &str,
    loss: LossId,
    attempt: u32,
    outcome: Outcome,
) -> Result<Response, ContractError> {
    let key = (loss.cover_id, loss.sequence);
    let response = Response::new()
        .add_attribute("action", "recovery_outcome")
        .add_attribute("cover_id", loss.cover_id.to_string())
        .add_attribute("sequence", loss.sequence.to_string());
    let Some(mut record) = LOSSES.may_load(deps.storage, key)? else {
        return Ok(response.add_attribute("ignored", "unknown loss"));
    };
    // The packet travelled on `channel_id`; the books are under the treaty's own channel.
    let sent_on = channel_id;
    let home = home_channel(deps.storage, sent_on, record.treaty_id)?;
    let channel_id = home.as_str();
    if record.attempt != attempt || record.channel_id != channel_id {
        return Ok(response.add_attribute("ignored", "stale attempt"));
    }
    if let Some(id) = record.in_flight.take() {
        IN_FLIGHT.remove(deps.storage, id);
        packet_settled(deps.storage, sent_on)?;
    }
    if record.status != LossStatus::Requested {
        // The funds overtook the ack and settled the loss already.
        LOSSES.save(deps.storage, key, &record)?;
        return Ok(response.add_attribute("ignored", "recovery already settled"));
    }
    let mut treaty = load_treaty(deps.storage, channel_id, record.treaty_id)?;
    treaty.ledger.recoveries_pending = treaty
        .ledger
        .recoveries_pending
        .checked_sub(record.recovery)?;
    let response = match outcome {
        Outcome::Accepted => {
            treaty.ledger.recoveries_due =
                treaty.ledger.recoveries_due.checked_add(record.recovery)?;
            treaty.ledger.recoveries += 1;
            record.status = LossStatus::Due;
            response.add_attribute("outcome", "accepted")
        }
        // Never left: waits for a retry, still expected.
        Outcome::NotSent => {
            record.status = LossStatus::Waiting;
            response.add_attribute("outcome", "not_sent")
        }
        Outcome::TimedOut => {
            record.status = LossStatus::TimedOut;
            response.add_attribute("outcome", "timed_out")
        }
        Outcome::Refused(reason) => {
            let config = CONFIG.load(deps.storage)?;
            let mut cession = CESSIONS.load(deps.storage, loss.cover_id)?;
            release(deps.storage, &record, &mut cession, &mut treaty)?;
            CESSIONS.save(deps.storage, loss.cover_id, &cession)?;
            record.status = LossStatus::Rejected {
                reason: reason.clone(),
            };
            let written_off = std::mem::take(&mut record.booked);
            let response = response
                .add_attribute("outcome", "refused")
                .add_attribute("reason", reason);
            if written_off.is_zero() {
                response
            } else {
                response.add_message(pool_msg(
                    &config,
                    ReinsuranceMsg::WriteOffRecovery {
                        amount: written_off,
                    },
                    Uint128::zero(),
                )?)
            }
        }
    };
    LOSSES.save(deps.storage, key, &record)?;
    TREATIES.save(deps.storage, (channel_id, record.treaty_id), &treaty)?;
    Ok(response)
}

/// The cession of `cover_id` did not go through: the losses paid on the
/// cover while it was in flight are not the treaty's. They leave their
/// events and are written off. Bounded by the cover's payouts.
pub(crate) fn abandon_losses(
    storage: &mut dyn Storage,
    cover_id: u64,
    cession: &mut Cession,
    treaty: &mut Treaty,
) -> Result<Uint128, ContractError> {
    let losses: Vec<(u32, Loss)> = LOSSES
        .prefix(cover_id)
        .range(storage, None, None, cosmwasm_std::Order::Ascending)
        .collect::<Result<_, _>>()?;
    let mut written_off = Uint128::zero();
    for (sequence, mut record) in losses {
        if record.status != LossStatus::Waiting {
            continue;
        }
        release(storage, &record, cession, treaty)?;
        if let Some(key) = &record.event {
            let ek = (record.channel_id.as_str(), record.treaty_id, key.as_str());
            let mut event = EVENTS.may_load(storage, ek)?.unwrap_or_default();
            event.losses = event.losses.saturating_sub(record.loss_amount);
            EVENTS.save(storage, ek, &event)?;
        }
        written_off = written_off.checked_add(std::mem::take(&mut record.booked))?;
        record.status = LossStatus::Rejected {
            reason: "cession not accepted".to_string(),
        };
        LOSSES.save(storage, (cover_id, sequence), &record)?;
    }
    Ok(written_off)
}
