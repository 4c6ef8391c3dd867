//! Reinsurer side: the packets a bridge receives.
//!
//! `ibc_packet_receive` first runs [`check`] (read-only): a packet the
//! treaty refuses gets an error ack naming the reason, and nothing is
//! written. A packet that passes is applied by [`handle_packet`] in a
//! submessage to the bridge itself with a gas limit; if anything fails in
//! there (out of gas included), its state is rolled back and the reply turns
//! the ack into an error ack. Either way the relayer's transaction goes through.

use cosmwasm_std::{from_json, Addr, Binary, Deps, DepsMut, Env, Response, Uint128};
use insurance_common::reinsurance_bridge::{
    BridgeAck, BridgePacket, CessionPacket, RecoveryPacket, Role, TransferPurpose,
};

use super::transfer::{self, settlement_denom};
use crate::error::ContractError;
use crate::state::{
    ensure_role, free_funds, load_open_channel, load_treaty, AcceptedCover, PaidRecovery, Treaty,
    ACCEPTED, CONFIG, RECOVERIES, TREATIES,
};

/// Parses and validates a received packet against the treaty and the books;
/// returns it with the payload of its success ack. Writes nothing.
pub fn check(
    deps: Deps,
    env: &Env,
    channel_id: &str,
    data: &Binary,
) -> Result<(BridgePacket, BridgeAck), ContractError> {
    let packet: BridgePacket = from_json(data).map_err(|e| ContractError::InvalidPacket {
        reason: e.to_string(),
    })?;
    load_open_channel(deps.storage, channel_id)?;
    let ack = match &packet {
        BridgePacket::Cession(c) => check_cession(deps, channel_id, c)?,
        BridgePacket::Recovery(r) => check_recovery(deps, env, channel_id, r)?.0,
    };
    Ok((packet, ack))
}

fn reinsurer_treaty(deps: Deps, channel_id: &str, treaty_id: u32) -> Result<Treaty, ContractError> {
    let treaty = load_treaty(deps.storage, channel_id, treaty_id)?;
    ensure_role(&treaty, Role::Reinsurer)?;
    Ok(treaty)
}

fn mismatch(field: &str, expected: Uint128, actual: Uint128) -> ContractError {
    ContractError::TermsMismatch {
        field: field.to_string(),
        expected,
        actual,
    }
}

fn check_cession(
    deps: Deps,
    channel_id: &str,
    c: &CessionPacket,
) -> Result<BridgeAck, ContractError> {
    let treaty = reinsurer_treaty(deps, channel_id, c.treaty_id)?;
    let terms = &treaty.terms;
    if !terms.in_force(c.cover_start) {
        return Err(ContractError::TreatyNotInForce {
            treaty_id: c.treaty_id,
            at: c.cover_start,
        });
    }
    if c.denom != terms.cedent_denom {
        return Err(ContractError::DenomMismatch {
            expected: terms.cedent_denom.clone(),
            actual: c.denom.clone(),
        });
    }
    let expected = terms.ceded_premium(c.premium)?;
    if c.ceded_premium != expected {
        return Err(mismatch("ceded premium", expected, c.ceded_premium));
    }
    let expected = terms.exposure(c.cover_amount)?;
    if c.exposure != expected {
        return Err(mismatch("exposure", expected, c.exposure));
    }
    if ACCEPTED.has(deps.storage, (channel_id, c.cover_id)) {
        return Err(ContractError::CoverAlreadyCeded {
            cover_id: c.cover_id,
        });
    }
    let available = terms.capacity.saturating_sub(treaty.ledger.exposure);
    if c.exposure > available {
        return Err(ContractError::CapacityExceeded {
            requested: c.exposure,
            available,
        });
    }
    Ok(BridgeAck::Cession {
        cover_id: c.cover_id,
        exposure: c.exposure,
    })
}

fn check_recovery(
    deps: Deps,
    env: &Env,
    channel_id: &str,
    r: &RecoveryPacket,
) -> Result<(BridgeAck, Treaty, AcceptedCover), ContractError> {
    let treaty = reinsurer_treaty(deps, channel_id, r.treaty_id)?;
    let loss = r.loss;
    let cover = ACCEPTED
        .may_load(deps.storage, (channel_id, loss.cover_id))?
        .filter(|c| c.treaty_id == r.treaty_id)
        .ok_or(ContractError::CoverNotCeded {
            cover_id: loss.cover_id,
            treaty_id: r.treaty_id,
        })?;
    if RECOVERIES.has(deps.storage, (channel_id, loss.cover_id, loss.sequence)) {
        return Err(ContractError::RecoveryAlreadyPaid {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
        });
    }
    let mut allowed = treaty
        .terms
        .recovery(r.loss_amount)?
        .min(cover.exposure.saturating_sub(cover.recovered));
    if let Some(aggregate) = treaty.terms.aggregate_limit() {
        let used = treaty
            .ledger
            .recoveries_due
            .checked_add(treaty.ledger.recoveries_paid)?;
        allowed = allowed.min(aggregate.saturating_sub(used));
    }
    if r.recovery.is_zero() || r.recovery > allowed {
        return Err(ContractError::RecoveryExceedsLimit {
            requested: r.recovery,
            allowed,
        });
    }
    // Funds held for returned transfers are owed already.
    let denom = settlement_denom(&treaty);
    let available = free_funds(deps, &env.contract.address, &denom)?;
    if r.recovery > available {
        return Err(ContractError::InsufficientFunds {
            denom,
            needed: r.recovery,
            available,
        });
    }
    Ok((
        BridgeAck::Recovery {
            loss,
            amount: r.recovery,
        },
        treaty,
        cover,
    ))
}

/// `ExecuteMsg::HandlePacket`: the bridge itself applies a received packet.
pub fn handle_packet(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    channel_id: String,
    data: Binary,
) -> Result<Response, ContractError> {
    if sender != env.contract.address {
        return Err(ContractError::Unauthorized {
            sender,
            role: "bridge itself".to_string(),
        });
    }
    let (packet, _) = check(deps.as_ref(), &env, &channel_id, &data)?;
    match packet {
        BridgePacket::Cession(c) => {
            let mut treaty = load_treaty(deps.storage, &channel_id, c.treaty_id)?;
            ACCEPTED.save(
                deps.storage,
                (&channel_id, c.cover_id),
                &AcceptedCover {
                    treaty_id: c.treaty_id,
                    exposure: c.exposure,
                    ceded_premium: c.ceded_premium,
                    premium_received: false,
                    recovered: Uint128::zero(),
                },
            )?;
            let ledger = &mut treaty.ledger;
            ledger.exposure = ledger.exposure.checked_add(c.exposure)?;
            // Due until the ICS-20 transfer of the premium arrives.
            ledger.premium_due = ledger.premium_due.checked_add(c.ceded_premium)?;
            ledger.cessions += 1;
            TREATIES.save(deps.storage, (&channel_id, c.treaty_id), &treaty)?;
            Ok(Response::new()
                .add_attribute("action", "accept_cession")
                .add_attribute("channel_id", channel_id)
                .add_attribute("cover_id", c.cover_id.to_string())
                .add_attribute("exposure", c.exposure)
                .add_attribute("ceded_premium", c.ceded_premium))
        }
        BridgePacket::Recovery(r) => {
            let (_, mut treaty, mut cover) = check_recovery(deps.as_ref(), &env, &channel_id, &r)?;
            let loss = r.loss;
            let config = CONFIG.load(deps.storage)?;
            let channel = load_open_channel(deps.storage, &channel_id)?;
            let denom = settlement_denom(&treaty);
            treaty.ledger.recoveries_due = treaty.ledger.recoveries_due.checked_add(r.recovery)?;
            treaty.ledger.recoveries += 1;
            let send = transfer::start(
                deps.storage,
                &env,
                &config,
                transfer::Leg {
                    channel_id: &channel_id,
                    channel: &channel,
                    treaty: &treaty,
                    purpose: TransferPurpose::Recovery { loss },
                    amount: r.recovery,
                    denom,
                },
            )?;
            cover.recovered = cover.recovered.checked_add(r.recovery)?;
            ACCEPTED.save(deps.storage, (&channel_id, loss.cover_id), &cover)?;
            RECOVERIES.save(
                deps.storage,
                (&channel_id, loss.cover_id, loss.sequence),
                &PaidRecovery {
                    treaty_id: r.treaty_id,
                    amount: r.recovery,
                    transfer_id: send.transfer_id,
                    settled: false,
                },
            )?;
            TREATIES.save(deps.storage, (&channel_id, r.treaty_id), &treaty)?;
            // A plain message: if the transfer cannot leave, the whole
            // submessage fails and the packet gets an error ack.
            Ok(Response::new()
                .add_message(send.into_message())
                .add_attribute("action", "pay_recovery")
                .add_attribute("channel_id", channel_id)
                .add_attribute("cover_id", loss.cover_id.to_string())
                .add_attribute("sequence", loss.sequence.to_string())
                .add_attribute("recovery", r.recovery))
        }
    }
}
