//! The ICS-20 legs: the cedent's premium transfers and the reinsurer's
//! recovery transfers, their retries, and the IBC callbacks (ADR-8) that
//! settle them.
//!
//! A leg is in flight from the moment it is sent until its source callback
//! reports a success ack. A failure ack or a timeout means ICS-20 refunded
//! the bridge: the leg stays in flight as `Returned`, its funds held, until
//! `RetryTransfer` sends it again. The receiving bridge learns of the funds
//! through its destination callback and settles its side of the books.
//!
//! Callbacks never fail on foreign or unexpected input (they answer with an
//! `ignored` attribute): in ibc-go a failing callback does not stop the
//! transfer, it only loses the callback's own state changes.

use cosmwasm_std::{
    from_json, to_json_binary, to_json_string, Coin, CosmosMsg, DepsMut, Env, IbcBasicResponse,
    IbcDestinationCallbackMsg, IbcDstCallback, IbcMsg, IbcPacket, IbcSourceCallbackMsg,
    IbcSrcCallback, Response, StdAck, Storage, SubMsg, Uint128,
};
use insurance_common::reinsurance_bridge::{
    InFlightItem, InFlightKind, InFlightStatus, LossStatus, Role, TransferMemo, TransferNote,
    TransferPurpose, TRANSFER_PORT,
};
use serde::Deserialize;

use super::{pool_msg, recovery, timeout_at};
use crate::error::ContractError;
use crate::ics20::{received_denom, voucher_denom, FungibleTokenPacketData};
use crate::reply_ids::ReplyId;
use crate::state::{
    hold, load_channel, load_in_flight, load_treaty, next_id, release, Channel, Config, Treaty,
    ACCEPTED, CONFIG, IN_FLIGHT, LOSSES, RECOVERIES, TREATIES,
};
use insurance_common::reply::ReplyIds;
use insurance_common::risk_pool::ReinsuranceMsg;

/// A leg about to be sent for the first time.
pub struct Leg<'a> {
    pub channel_id: &'a str,
    pub channel: &'a Channel,
    pub treaty: &'a Treaty,
    pub purpose: TransferPurpose,
    pub amount: Uint128,
    pub denom: String,
}

/// A transfer ready to leave.
pub struct Send {
    pub transfer_id: u64,
    pub msg: IbcMsg,
}

impl Send {
    /// As a submessage whose failure leaves the transfer `Returned`.
    pub fn into_submessage(self) -> Result<SubMsg, ContractError> {
        Ok(SubMsg::reply_on_error(self.msg, ReplyId::SendTransfer.id())
            .with_payload(to_json_binary(&self.transfer_id)?))
    }

    pub fn into_message(self) -> CosmosMsg {
        self.msg.into()
    }
}

/// The denom the reinsurer pays recoveries in: the voucher of the cedent's
/// collateral over the treaty's transfer channel.
pub fn settlement_denom(treaty: &Treaty) -> String {
    voucher_denom(
        TRANSFER_PORT,
        &treaty.transfer_channel,
        &treaty.terms.cedent_denom,
    )
}

fn transfer_msg(
    env: &Env,
    config: &Config,
    channel: &Channel,
    item: &InFlightItem,
    transfer_channel: &str,
    purpose: TransferPurpose,
) -> Result<IbcMsg, ContractError> {
    let memo = TransferMemo {
        src_callback: IbcSrcCallback {
            address: env.contract.address.clone(),
            gas_limit: None,
        },
        dest_callback: IbcDstCallback {
            address: channel.counterparty_bridge.clone(),
            gas_limit: None,
        },
        reinsurance: TransferNote {
            channel_id: channel.counterparty_channel_id.clone(),
            treaty_id: item.treaty_id,
            purpose,
            transfer_id: item.id,
            attempt: item.attempt,
        },
    };
    Ok(IbcMsg::Transfer {
        channel_id: transfer_channel.to_string(),
        to_address: channel.counterparty_bridge.clone(),
        amount: Coin::new(item.amount, item.denom.clone()),
        timeout: timeout_at(env.block.time, config.transfer_timeout),
        memo: Some(to_json_string(&memo)?),
    })
}

/// Records a new leg in flight and builds its transfer.
pub fn start(
    storage: &mut dyn Storage,
    env: &Env,
    config: &Config,
    leg: Leg,
) -> Result<Send, ContractError> {
    let transfer_id = next_id(storage)?;
    let kind = match &leg.purpose {
        TransferPurpose::Premium { cover_id } => InFlightKind::PremiumTransfer {
            cover_id: *cover_id,
        },
        TransferPurpose::Recovery { loss } => InFlightKind::RecoveryTransfer { loss: *loss },
    };
    let item = InFlightItem {
        id: transfer_id,
        channel_id: leg.channel_id.to_string(),
        treaty_id: leg.treaty.terms.id,
        kind,
        amount: leg.amount,
        denom: leg.denom,
        attempt: 1,
        status: InFlightStatus::Sent,
        sent_at: env.block.time,
    };
    let msg = transfer_msg(
        env,
        config,
        leg.channel,
        &item,
        &leg.treaty.transfer_channel,
        leg.purpose,
    )?;
    IN_FLIGHT.save(storage, transfer_id, &item)?;
    Ok(Send { transfer_id, msg })
}

fn purpose_of(kind: &InFlightKind) -> Option<TransferPurpose> {
    match kind {
        InFlightKind::PremiumTransfer { cover_id } => Some(TransferPurpose::Premium {
            cover_id: *cover_id,
        }),
        InFlightKind::RecoveryTransfer { loss } => Some(TransferPurpose::Recovery { loss: *loss }),
        _ => None,
    }
}

/// Anyone: sends a returned leg again (the funds are held by the bridge).
pub fn retry(deps: DepsMut, env: Env, transfer_id: u64) -> Result<Response, ContractError> {
    let mut item = load_in_flight(deps.storage, transfer_id)?;
    let purpose = purpose_of(&item.kind).ok_or(ContractError::TransferNotFound { transfer_id })?;
    if item.status != InFlightStatus::Returned {
        return Err(ContractError::TransferNotReturned { transfer_id });
    }
    let config = CONFIG.load(deps.storage)?;
    let channel = load_channel(deps.storage, &item.channel_id)?;
    let treaty = load_treaty(deps.storage, &item.channel_id, item.treaty_id)?;
    item.status = InFlightStatus::Sent;
    item.attempt += 1;
    item.sent_at = env.block.time;
    release(deps.storage, &item.denom, item.amount)?;
    let msg = transfer_msg(
        &env,
        &config,
        &channel,
        &item,
        &treaty.transfer_channel,
        purpose,
    )?;
    IN_FLIGHT.save(deps.storage, transfer_id, &item)?;
    Ok(Response::new()
        .add_message(msg)
        .add_attribute("action", "retry_transfer")
        .add_attribute("transfer_id", transfer_id.to_string())
        .add_attribute("attempt", item.attempt.to_string()))
}

/// The memo fields the bridge reads; anything else in a memo is ignored.
#[derive(Deserialize)]
struct MemoNote {
    reinsurance: Option<TransferNote>,
}

fn note_of(data: &FungibleTokenPacketData) -> Option<TransferNote> {
    from_json::<MemoNote>(data.memo.as_bytes())
        .ok()
        .and_then(|m| m.reinsurance)
}

fn ignored(reason: &str) -> Result<IbcBasicResponse, ContractError> {
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "transfer_callback")
        .add_attribute("ignored", reason))
}

fn is_success(ack: &[u8]) -> bool {
    matches!(from_json::<StdAck>(ack), Ok(StdAck::Success(_)))
}

/// Source callback: one of this bridge's legs was acknowledged or timed out.
pub fn on_source_callback(
    deps: DepsMut,
    env: Env,
    msg: IbcSourceCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let (packet, delivered) = match msg {
        IbcSourceCallbackMsg::Acknowledgement(m) => {
            let delivered = is_success(m.acknowledgement.data.as_slice());
            (m.original_packet, delivered)
        }
        IbcSourceCallbackMsg::Timeout(m) => (m.packet, false),
    };
    let Ok(data) = from_json::<FungibleTokenPacketData>(&packet.data) else {
        return ignored("not an ICS-20 packet");
    };
    if data.sender != env.contract.address.as_str() {
        return ignored("not sent by this bridge");
    }
    let Some(note) = note_of(&data) else {
        return ignored("no reinsurance note");
    };
    let Some(mut item) = IN_FLIGHT.may_load(deps.storage, note.transfer_id)? else {
        return ignored("transfer already settled");
    };
    if item.status != InFlightStatus::Sent
        || item.attempt != note.attempt
        || item.amount != data.amount
        || purpose_of(&item.kind).as_ref() != Some(&note.purpose)
    {
        return ignored("does not match the transfer in flight");
    }
    let response = IbcBasicResponse::new()
        .add_attribute("action", "transfer_callback")
        .add_attribute("transfer_id", item.id.to_string());
    if !delivered {
        // ICS-20 refunded the bridge: hold the funds until a retry.
        item.status = InFlightStatus::Returned;
        IN_FLIGHT.save(deps.storage, item.id, &item)?;
        hold(deps.storage, &item.denom, item.amount)?;
        return Ok(response.add_attribute("outcome", "returned"));
    }
    IN_FLIGHT.remove(deps.storage, item.id);
    let mut treaty = load_treaty(deps.storage, &item.channel_id, item.treaty_id)?;
    let ledger = &mut treaty.ledger;
    match note.purpose {
        TransferPurpose::Premium { .. } => {
            ledger.premium_due = ledger.premium_due.checked_sub(item.amount)?;
            ledger.premium_paid = ledger.premium_paid.checked_add(item.amount)?;
        }
        TransferPurpose::Recovery { loss } => {
            ledger.recoveries_due = ledger.recoveries_due.checked_sub(item.amount)?;
            ledger.recoveries_paid = ledger.recoveries_paid.checked_add(item.amount)?;
            let key = (item.channel_id.as_str(), loss.cover_id, loss.sequence);
            let mut paid = RECOVERIES.load(deps.storage, key)?;
            paid.settled = true;
            RECOVERIES.save(deps.storage, key, &paid)?;
        }
    }
    TREATIES.save(deps.storage, (&item.channel_id, item.treaty_id), &treaty)?;
    Ok(response.add_attribute("outcome", "settled"))
}

/// Destination callback: an ICS-20 transfer reached this bridge.
pub fn on_destination_callback(
    deps: DepsMut,
    env: Env,
    msg: IbcDestinationCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    if !is_success(msg.ack.data.as_slice()) {
        return ignored("transfer failed");
    }
    let packet: IbcPacket = msg.packet;
    let Ok(data) = from_json::<FungibleTokenPacketData>(&packet.data) else {
        return ignored("not an ICS-20 packet");
    };
    if data.receiver != env.contract.address.as_str() {
        return ignored("not addressed to this bridge");
    }
    let Some(note) = note_of(&data) else {
        return ignored("no reinsurance note");
    };
    let Some(channel) = crate::state::CHANNELS.may_load(deps.storage, &note.channel_id)? else {
        return ignored("unknown channel");
    };
    let Some(mut treaty) = TREATIES.may_load(deps.storage, (&note.channel_id, note.treaty_id))?
    else {
        return ignored("unknown treaty");
    };
    if packet.dest.port_id != TRANSFER_PORT || packet.dest.channel_id != treaty.transfer_channel {
        return ignored("not on the treaty's transfer channel");
    }
    if data.sender != channel.counterparty_bridge {
        return ignored("not sent by the partner bridge");
    }
    let denom = received_denom(&packet, &data.denom);
    let config = CONFIG.load(deps.storage)?;
    let response = IbcBasicResponse::new()
        .add_attribute("action", "transfer_received")
        .add_attribute("channel_id", note.channel_id.clone());
    match (note.purpose, treaty.role) {
        (TransferPurpose::Premium { cover_id }, Role::Reinsurer) => {
            let key = (note.channel_id.as_str(), cover_id);
            let Some(mut cover) = ACCEPTED.may_load(deps.storage, key)? else {
                return ignored("unknown cover");
            };
            if cover.premium_received
                || cover.ceded_premium != data.amount
                || denom != settlement_denom(&treaty)
            {
                return ignored("does not match the premium due");
            }
            cover.premium_received = true;
            ACCEPTED.save(deps.storage, key, &cover)?;
            let ledger = &mut treaty.ledger;
            ledger.premium_due = ledger.premium_due.checked_sub(data.amount)?;
            ledger.premium_paid = ledger.premium_paid.checked_add(data.amount)?;
            TREATIES.save(deps.storage, (&note.channel_id, note.treaty_id), &treaty)?;
            Ok(response
                .add_attribute("premium", data.amount)
                .add_attribute("cover_id", cover_id.to_string()))
        }
        (TransferPurpose::Recovery { loss }, Role::Cedent) => {
            let key = (loss.cover_id, loss.sequence);
            let Some(mut record) = LOSSES.may_load(deps.storage, key)? else {
                return ignored("unknown loss");
            };
            if record.channel_id != note.channel_id
                || record.recovery != data.amount
                || Some(&denom) != config.collateral_denom.as_ref()
            {
                return ignored("does not match the recovery due");
            }
            match record.status {
                // The transfer overtook the ack of the recovery packet.
                LossStatus::Requested => {
                    let ledger = &mut treaty.ledger;
                    ledger.recoveries_pending =
                        ledger.recoveries_pending.checked_sub(data.amount)?;
                    ledger.recoveries += 1;
                }
                LossStatus::Due => {
                    let ledger = &mut treaty.ledger;
                    ledger.recoveries_due = ledger.recoveries_due.checked_sub(data.amount)?;
                }
                // Refused on our side (an error ack for a duplicate came first)
                // while the reinsurer paid: the funds are the loss's, take them.
                LossStatus::Rejected { .. } => {
                    recovery::reclaim(deps.storage, &record, loss, &mut treaty)?;
                    treaty.ledger.recoveries += 1;
                }
                // Timed out or waiting on our side while the reinsurer paid
                // (it received the request): still claimed and booked, take them.
                LossStatus::TimedOut | LossStatus::Waiting => {
                    treaty.ledger.recoveries += 1;
                }
                _ => return ignored("recovery not due"),
            }
            let ledger = &mut treaty.ledger;
            ledger.recoveries_paid = ledger.recoveries_paid.checked_add(data.amount)?;
            record.status = LossStatus::Paid;
            // What the pool booked turns into cash; anything written off comes back as value.
            let expected = std::mem::take(&mut record.booked);
            LOSSES.save(deps.storage, key, &record)?;
            TREATIES.save(deps.storage, (&note.channel_id, note.treaty_id), &treaty)?;
            Ok(response
                .add_message(pool_msg(
                    &config,
                    ReinsuranceMsg::SettleRecovery { expected },
                    data.amount,
                )?)
                .add_attribute("recovery", data.amount)
                .add_attribute("cover_id", loss.cover_id.to_string())
                .add_attribute("sequence", loss.sequence.to_string()))
        }
        _ => ignored("purpose does not match the treaty role"),
    }
}
