//! Reinsurer side: the packets a bridge receives.
//!
//! `ibc_packet_receive` first runs [`check`] (read-only): a packet the
//! treaty refuses gets an error ack naming the reason, and nothing is
//! written. A packet that passes is applied by [`handle_packet`] in a
//! submessage to the bridge itself with a gas limit; if anything fails in
//! there (out of gas included), its state is rolled back and the reply turns
//! the ack into an error ack. Either way the relayer's transaction goes through.

use cosmwasm_std::{from_json, Addr, Binary, Deps, DepsMut, Env, Response, Uint128};
use insurance_common::auth::{ensure_sender, Authority};
use insurance_common::reinsurance_bridge::{
    BridgeAck, BridgePacket, CessionPacket, RecoveryPacket, Role, TransferPurpose,
};

use super::transfer::{self, settlement_denom};
use crate::error::{ContractError, PacketField};
use crate::state::{
    ensure_role, event_key, free_funds, home_channel, load_channel, load_open_channel, load_treaty,
    AcceptedCover, PaidEvent, PaidRecovery, Treaty, ACCEPTED, CONFIG, PAID_EVENTS, RECOVERIES,
    TREATIES,
};

/// A packet that passed the checks.
pub struct Checked {
    /// What applying the packet works on, as the checks read it (`None` for
    /// a duplicate): `handle_packet` reads nothing twice.
    apply: Option<Apply>,
    /// The channel whose books the packet's treaty keeps.
    home: String,
    /// Payload of its success ack.
    pub ack: BridgeAck,
    /// The same packet was applied already: answer the original success ack
    /// and change nothing (IBC's receipts stop duplicates; the bridge does
    /// not rely on them alone, and an error ack would undo on the cedent
    /// what the reinsurer committed).
    pub duplicate: bool,
}

enum Apply {
    Cession(CessionPacket, Treaty),
    Recovery(RecoveryPacket, RecoveryCheck),
}

/// Parses and validates a received packet against the treaty and the books.
/// Writes nothing.
pub fn check(
    deps: Deps,
    env: &Env,
    channel_id: &str,
    data: &Binary,
) -> Result<Checked, ContractError> {
    let packet: BridgePacket =
        from_json(data).map_err(|error| ContractError::InvalidPacket { error })?;
    load_open_channel(deps.storage, channel_id)?;
    // A treaty routed to a new channel keeps its books under its own.
    let treaty_id = match &packet {
        BridgePacket::Cession(c) => c.treaty_id,
        BridgePacket::Recovery(r) => r.treaty_id,
    };
    let home = home_channel(deps.storage, channel_id, treaty_id)?;
    let channel_id = home.as_str();
    let (ack, apply) = match packet {
        BridgePacket::Cession(c) => {
            let (ack, treaty) = check_cession(deps, channel_id, &c)?;
            (ack, treaty.map(|t| Apply::Cession(c, t)))
        }
        BridgePacket::Recovery(r) => match duplicate_recovery(deps, channel_id, &r)? {
            Some(ack) => (ack, None),
            None => {
                let checked = check_recovery(deps, env, channel_id, &r)?;
                (checked.ack.clone(), Some(Apply::Recovery(r, checked)))
            }
        },
    };
    Ok(Checked {
        duplicate: apply.is_none(),
        apply,
        home,
        ack,
    })
}

/// The success ack of a recovery already paid for the same loss, treaty and
/// amount (a duplicate, or a retry of an attempt the reinsurer accepted).
fn duplicate_recovery(
    deps: Deps,
    channel_id: &str,
    r: &RecoveryPacket,
) -> Result<Option<BridgeAck>, ContractError> {
    let loss = r.loss;
    match RECOVERIES.may_load(deps.storage, (channel_id, loss.cover_id, loss.sequence))? {
        Some(paid) if paid.treaty_id == r.treaty_id && paid.amount == r.recovery => {
            Ok(Some(BridgeAck::Recovery {
                loss,
                amount: paid.amount,
            }))
        }
        Some(_) => Err(ContractError::RecoveryAlreadyPaid {
            cover_id: loss.cover_id,
            sequence: loss.sequence,
        }),
        None => Ok(None),
    }
}

fn reinsurer_treaty(deps: Deps, channel_id: &str, treaty_id: u32) -> Result<Treaty, ContractError> {
    let treaty = load_treaty(deps.storage, channel_id, treaty_id)?;
    ensure_role(&treaty, Role::Reinsurer)?;
    Ok(treaty)
}

fn mismatch(field: PacketField, expected: Uint128, actual: Uint128) -> ContractError {
    ContractError::TermsMismatch {
        field,
        expected,
        actual,
    }
}

/// The ack, and the treaty unless the cession is a duplicate.
fn check_cession(
    deps: Deps,
    channel_id: &str,
    c: &CessionPacket,
) -> Result<(BridgeAck, Option<Treaty>), ContractError> {
    let ack = BridgeAck::Cession {
        cover_id: c.cover_id,
        exposure: c.exposure,
    };
    if let Some(cover) = ACCEPTED.may_load(deps.storage, (channel_id, c.cover_id))? {
        if cover.treaty_id == c.treaty_id
            && cover.exposure == c.exposure
            && cover.ceded_premium == c.ceded_premium
        {
            return Ok((ack, None));
        }
        return Err(ContractError::CoverAlreadyCeded {
            cover_id: c.cover_id,
        });
    }
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
        return Err(mismatch(
            PacketField::CededPremium,
            expected,
            c.ceded_premium,
        ));
    }
    let expected = terms.exposure(c.cover_amount)?;
    if c.exposure != expected {
        return Err(mismatch(PacketField::Exposure, expected, c.exposure));
    }
    let available = terms.capacity.saturating_sub(treaty.ledger.exposure);
    if c.exposure > available {
        return Err(ContractError::CapacityExceeded {
            requested: c.exposure,
            available,
        });
    }
    Ok((ack, Some(treaty)))
}

/// A recovery the treaty owes: its ack, and the books it changes.
struct RecoveryCheck {
    ack: BridgeAck,
    treaty: Treaty,
    cover: AcceptedCover,
    /// Under excess of loss: the event's key and its book once paid.
    event: Option<(String, PaidEvent)>,
}

fn check_recovery(
    deps: Deps,
    env: &Env,
    channel_id: &str,
    r: &RecoveryPacket,
) -> Result<RecoveryCheck, ContractError> {
    let treaty = reinsurer_treaty(deps, channel_id, r.treaty_id)?;
    let loss = r.loss;
    let cover = ACCEPTED
        .may_load(deps.storage, (channel_id, loss.cover_id))?
        .filter(|c| c.treaty_id == r.treaty_id)
        .ok_or(ContractError::CoverNotCeded {
            cover_id: loss.cover_id,
            treaty_id: r.treaty_id,
        })?;
    let terms = &treaty.terms;
    let (mut allowed, event) = match (&r.event, terms.per_event()) {
        // Excess of loss: the layer the event's losses reach (the most the
        // cedent reported for it), less what the event was paid already.
        (Some(event), true) => {
            let key = event_key(event);
            let mut book = PAID_EVENTS
                .may_load(deps.storage, (channel_id, r.treaty_id, key.as_str()))?
                .unwrap_or_default();
            book.losses = book.losses.max(r.event_losses).max(r.loss_amount);
            let allowed = terms
                .recovery(book.losses)?
                .saturating_sub(book.paid)
                .min(r.loss_amount);
            book.paid = book.paid.checked_add(r.recovery)?;
            (allowed, Some((key, book)))
        }
        _ => (terms.recovery(r.loss_amount)?, None),
    };
    allowed = allowed.min(cover.exposure.saturating_sub(cover.recovered));
    if let Some(aggregate) = terms.aggregate_limit() {
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
    Ok(RecoveryCheck {
        ack: BridgeAck::Recovery {
            loss,
            amount: r.recovery,
        },
        treaty,
        cover,
        event,
    })
}

/// `ExecuteMsg::HandlePacket`: the bridge itself applies a received packet.
pub fn handle_packet(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    channel_id: String,
    data: Binary,
) -> Result<Response, ContractError> {
    ensure_sender(
        Some(&env.contract.address),
        &sender,
        Authority::ContractItself,
    )?;
    let checked = check(deps.as_ref(), &env, &channel_id, &data)?;
    let Some(apply) = checked.apply else {
        return Ok(Response::new().add_attribute("action", "duplicate"));
    };
    let channel_id = checked.home;
    match apply {
        Apply::Cession(c, mut treaty) => {
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
        Apply::Recovery(
            r,
            RecoveryCheck {
                mut treaty,
                mut cover,
                event,
                ..
            },
        ) => {
            if let Some((key, book)) = event {
                PAID_EVENTS.save(deps.storage, (&channel_id, r.treaty_id, &key), &book)?;
            }
            let loss = r.loss;
            let config = CONFIG.load(deps.storage)?;
            // Transfers name the treaty's own channel.
            let channel = load_channel(deps.storage, &channel_id)?;
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
