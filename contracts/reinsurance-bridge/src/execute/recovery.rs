//! Cedent side of a recovery: the pool's `RecordLoss`, retries, and the ack
//! or timeout of the recovery packet. The funds arrive through the
//! destination callback (see `transfer`).

use cosmwasm_std::{to_json_binary, Addr, DepsMut, Env, IbcMsg, Response, Storage, Uint128};
use insurance_common::reinsurance_bridge::{
    BridgePacket, CessionStatus, InFlightItem, InFlightKind, InFlightStatus, LossId, LossStatus,
    RecoveryPacket, Role,
};

use super::{collateral_denom, ensure_pool, timeout_at, Outcome};
use crate::error::ContractError;
use crate::state::{
    ensure_role, load_channel, load_treaty, next_id, Cession, Config, Loss, Treaty, CESSIONS,
    CONFIG, IN_FLIGHT, LOSSES, TREATIES,
};

/// Risk pool only: a payout on a cover. Never fails for a cover that is not
/// ceded, a cession not accepted or a closed channel (a payout must not
/// wait on reinsurance): the loss is then recorded as waiting, or not at all.
pub fn record_loss(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    loss: LossId,
    amount: Uint128,
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
    if treaty.terms.recovery(amount)?.is_zero() {
        return Ok(response.add_attribute("recovery", "nothing to recover"));
    }
    let mut record = Loss {
        channel_id: cession.channel_id.clone(),
        treaty_id: cession.treaty_id,
        loss_amount: amount,
        recovery: Uint128::zero(),
        occurred_at: env.block.time,
        attempt: 0,
        status: LossStatus::Waiting,
        in_flight: None,
    };
    let channel_open = load_channel(deps.storage, &cession.channel_id)?.open;
    let response = if cession.status == CessionStatus::Accepted && channel_open {
        match request(
            deps.storage,
            &env,
            &config,
            loss,
            &mut record,
            &mut cession,
            &mut treaty,
        )? {
            Some(msg) => response
                .add_message(msg)
                .add_attribute("recovery", record.recovery),
            None => {
                record.status = LossStatus::Rejected {
                    reason: "treaty limits reached".to_string(),
                };
                response.add_attribute("recovery", "treaty limits reached")
            }
        }
    } else {
        // The cession is still in flight, or the channel closed: `RetryRecovery` later.
        response.add_attribute("recovery", "waiting")
    };
    LOSSES.save(deps.storage, key, &record)?;
    CESSIONS.save(deps.storage, loss.cover_id, &cession)?;
    TREATIES.save(
        deps.storage,
        (&record.channel_id, record.treaty_id),
        &treaty,
    )?;
    Ok(response)
}

/// Anyone: requests a recovery again after it waited, was refused or timed out.
pub fn retry_recovery(deps: DepsMut, env: Env, loss: LossId) -> Result<Response, ContractError> {
    let key = (loss.cover_id, loss.sequence);
    let mut record = LOSSES
        .may_load(deps.storage, key)?
        .ok_or(ContractError::LossNotFound {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
        })?;
    let status = match &record.status {
        LossStatus::Waiting => None,
        LossStatus::Rejected { .. } | LossStatus::TimedOut => None,
        LossStatus::Requested => Some("requested"),
        LossStatus::Due => Some("due"),
        LossStatus::Paid => Some("paid"),
    };
    if let Some(status) = status {
        return Err(ContractError::LossNotRetryable {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
            status: status.to_string(),
        });
    }
    let mut cession = CESSIONS.load(deps.storage, loss.cover_id)?;
    if cession.status != CessionStatus::Accepted {
        return Err(ContractError::CessionNotAccepted {
            cover_id: loss.cover_id,
        });
    }
    if !load_channel(deps.storage, &record.channel_id)?.open {
        return Err(ContractError::ChannelClosed {
            channel_id: record.channel_id,
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let mut treaty = load_treaty(deps.storage, &record.channel_id, record.treaty_id)?;
    let msg = request(
        deps.storage,
        &env,
        &config,
        loss,
        &mut record,
        &mut cession,
        &mut treaty,
    )?
    .ok_or(ContractError::RecoveryLimitReached {
        cover_id: loss.cover_id,
        sequence: loss.sequence,
    })?;
    LOSSES.save(deps.storage, key, &record)?;
    CESSIONS.save(deps.storage, loss.cover_id, &cession)?;
    TREATIES.save(
        deps.storage,
        (&record.channel_id, record.treaty_id),
        &treaty,
    )?;
    Ok(Response::new()
        .add_message(msg)
        .add_attribute("action", "retry_recovery")
        .add_attribute("cover_id", loss.cover_id.to_string())
        .add_attribute("sequence", loss.sequence.to_string())
        .add_attribute("recovery", record.recovery)
        .add_attribute("attempt", record.attempt.to_string()))
}

/// Sends a recovery request for `record`: the treaty's part of the loss,
/// capped by what is left of the cover's exposure and of the aggregate
/// limit. `None` when the caps leave nothing. The caller saves the records.
fn request(
    storage: &mut dyn Storage,
    env: &Env,
    config: &Config,
    loss: LossId,
    record: &mut Loss,
    cession: &mut Cession,
    treaty: &mut Treaty,
) -> Result<Option<IbcMsg>, ContractError> {
    let mut amount = treaty
        .terms
        .recovery(record.loss_amount)?
        .min(cession.exposure.saturating_sub(cession.recovered));
    if let Some(aggregate) = treaty.terms.aggregate_limit() {
        let ledger = &treaty.ledger;
        let used = ledger
            .recoveries_pending
            .checked_add(ledger.recoveries_due)?
            .checked_add(ledger.recoveries_paid)?;
        amount = amount.min(aggregate.saturating_sub(used));
    }
    if amount.is_zero() {
        return Ok(None);
    }
    let id = next_id(storage)?;
    record.attempt += 1;
    record.recovery = amount;
    record.status = LossStatus::Requested;
    record.in_flight = Some(id);
    cession.recovered = cession.recovered.checked_add(amount)?;
    treaty.ledger.recoveries_pending = treaty.ledger.recoveries_pending.checked_add(amount)?;
    IN_FLIGHT.save(
        storage,
        id,
        &InFlightItem {
            id,
            channel_id: record.channel_id.clone(),
            treaty_id: record.treaty_id,
            kind: InFlightKind::RecoveryPacket { loss },
            amount,
            denom: collateral_denom(config)?,
            attempt: record.attempt,
            status: InFlightStatus::Sent,
            sent_at: env.block.time,
        },
    )?;
    let packet = BridgePacket::Recovery(RecoveryPacket {
        treaty_id: record.treaty_id,
        loss,
        loss_amount: record.loss_amount,
        recovery: amount,
        occurred_at: record.occurred_at,
        attempt: record.attempt,
    });
    Ok(Some(IbcMsg::SendPacket {
        channel_id: record.channel_id.clone(),
        data: to_json_binary(&packet)?,
        timeout: timeout_at(env.block.time, config.packet_timeout),
    }))
}

/// The recovery packet was acknowledged or timed out. Accepted: the
/// recovery is due until its funds arrive. Refused or timed out: the
/// request is released and can be retried.
pub fn on_outcome(
    deps: DepsMut,
    channel_id: &str,
    packet: RecoveryPacket,
    outcome: Outcome,
) -> Result<Response, ContractError> {
    let loss = packet.loss;
    let key = (loss.cover_id, loss.sequence);
    let response = Response::new()
        .add_attribute("action", "recovery_outcome")
        .add_attribute("cover_id", loss.cover_id.to_string())
        .add_attribute("sequence", loss.sequence.to_string());
    let Some(mut record) = LOSSES.may_load(deps.storage, key)? else {
        return Ok(response.add_attribute("ignored", "unknown loss"));
    };
    if record.attempt != packet.attempt || record.channel_id != channel_id {
        return Ok(response.add_attribute("ignored", "stale attempt"));
    }
    if let Some(id) = record.in_flight.take() {
        IN_FLIGHT.remove(deps.storage, id);
    }
    if record.status != LossStatus::Requested {
        // The funds overtook the ack and settled the loss already.
        LOSSES.save(deps.storage, key, &record)?;
        return Ok(response.add_attribute("ignored", "recovery already settled"));
    }
    let mut treaty = load_treaty(deps.storage, channel_id, record.treaty_id)?;
    let ledger = &mut treaty.ledger;
    ledger.recoveries_pending = ledger.recoveries_pending.checked_sub(record.recovery)?;
    let response = match outcome {
        Outcome::Accepted => {
            ledger.recoveries_due = ledger.recoveries_due.checked_add(record.recovery)?;
            ledger.recoveries += 1;
            record.status = LossStatus::Due;
            response.add_attribute("outcome", "accepted")
        }
        refused => {
            let mut cession = CESSIONS.load(deps.storage, loss.cover_id)?;
            cession.recovered = cession.recovered.checked_sub(record.recovery)?;
            CESSIONS.save(deps.storage, loss.cover_id, &cession)?;
            match refused {
                Outcome::Refused(reason) => {
                    record.status = LossStatus::Rejected {
                        reason: reason.clone(),
                    };
                    response
                        .add_attribute("outcome", "refused")
                        .add_attribute("reason", reason)
                }
                _ => {
                    record.status = LossStatus::TimedOut;
                    response.add_attribute("outcome", "timed_out")
                }
            }
        }
    };
    LOSSES.save(deps.storage, key, &record)?;
    TREATIES.save(deps.storage, (channel_id, record.treaty_id), &treaty)?;
    Ok(response)
}
