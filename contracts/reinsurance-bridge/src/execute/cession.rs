//! Cedent side of a cession: the pool's `Cede`, then the ack or timeout of
//! the cession packet.

use cosmwasm_std::{Deps, DepsMut, Env, MessageInfo, Response, Timestamp, Uint128};
use cw_utils::must_pay;
use insurance_common::reinsurance_bridge::{
    BridgePacket, CessionPacket, CessionStatus, InFlightItem, InFlightKind, InFlightStatus, Role,
    TransferPurpose,
};

use super::{
    collateral_denom, ensure_pool, pool_msg, recovery, send_packet, timeout_at, transfer, Outcome,
};
use crate::error::ContractError;
use crate::state::{
    ensure_role, hold, home_channel, load_channel, load_treaty, next_id, packet_sent,
    packet_settled, release, Cession, Treaty, CESSIONS, CHANNELS, CONFIG, IN_FLIGHT,
    PRODUCT_TREATIES, TREATIES,
};
use insurance_common::risk_pool::ReinsuranceMsg;

/// A cover the pool sold, as the pool reports it with `Cede`.
pub struct CoverSold {
    pub cover_id: u64,
    pub product_id: u32,
    pub cover_amount: Uint128,
    pub premium: Uint128,
    pub cover_end: Timestamp,
}

/// The treaty a cover of `product_id` sold at `now` is ceded under, with
/// the ceded premium and the exposure; `None` when the product is not ceded
/// (no treaty, treaty out of force, or its channel closed).
pub fn cession_terms(
    deps: Deps,
    now: Timestamp,
    product_id: u32,
    premium: Uint128,
    cover_amount: Uint128,
) -> Result<Option<(String, Treaty, Uint128, Uint128)>, ContractError> {
    let Some((channel_id, treaty_id)) = PRODUCT_TREATIES.may_load(deps.storage, product_id)? else {
        return Ok(None);
    };
    let treaty = load_treaty(deps.storage, &channel_id, treaty_id)?;
    let channel = load_channel(deps.storage, &treaty.send_channel(&channel_id))?;
    if treaty.role != Role::Cedent || !channel.open || !treaty.terms.in_force(now) {
        return Ok(None);
    }
    let ceded = treaty.terms.ceded_premium(premium)?;
    let exposure = treaty.terms.exposure(cover_amount)?;
    Ok(Some((channel_id, treaty, ceded, exposure)))
}

pub fn cede(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    cover: CoverSold,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    ensure_pool(&config, &info.sender)?;
    let denom = collateral_denom(&config)?;
    let paid = must_pay(&info, &denom)?;
    let now = env.block.time;
    let (channel_id, mut treaty, ceded, exposure) = match cession_terms(
        deps.as_ref(),
        now,
        cover.product_id,
        cover.premium,
        cover.cover_amount,
    )? {
        Some(terms) => terms,
        None => {
            // Tell why, precisely.
            let (channel_id, treaty_id) = PRODUCT_TREATIES
                .may_load(deps.storage, cover.product_id)?
                .ok_or(ContractError::ProductNotCeded {
                    product_id: cover.product_id,
                })?;
            let send = load_treaty(deps.storage, &channel_id, treaty_id)?.send_channel(&channel_id);
            if !load_channel(deps.storage, &send)?.open {
                return Err(ContractError::ChannelClosed { channel_id: send });
            }
            return Err(ContractError::TreatyNotInForce { treaty_id, at: now });
        }
    };
    if paid != ceded {
        return Err(ContractError::CessionMismatch {
            expected: ceded,
            sent: paid,
        });
    }
    if CESSIONS.has(deps.storage, cover.cover_id) {
        return Err(ContractError::CoverAlreadyCeded {
            cover_id: cover.cover_id,
        });
    }
    let treaty_id = treaty.terms.id;
    treaty.ledger.premium_pending = treaty.ledger.premium_pending.checked_add(ceded)?;
    treaty.ledger.exposure_pending = treaty.ledger.exposure_pending.checked_add(exposure)?;
    TREATIES.save(deps.storage, (&channel_id, treaty_id), &treaty)?;
    hold(deps.storage, &denom, ceded)?;

    let id = next_id(deps.storage)?;
    let send = treaty.send_channel(&channel_id);
    packet_sent(deps.storage, &send)?;
    IN_FLIGHT.save(
        deps.storage,
        id,
        &InFlightItem {
            id,
            channel_id: send.clone(),
            treaty_id,
            kind: InFlightKind::CessionPacket {
                cover_id: cover.cover_id,
            },
            amount: ceded,
            denom: denom.clone(),
            attempt: 1,
            status: InFlightStatus::Sent,
            sent_at: now,
        },
    )?;
    CESSIONS.save(
        deps.storage,
        cover.cover_id,
        &Cession {
            channel_id: channel_id.clone(),
            treaty_id,
            product_id: cover.product_id,
            ceded_premium: ceded,
            exposure,
            recovered: Uint128::zero(),
            status: CessionStatus::Pending,
            in_flight: Some(id),
            cover_end: cover.cover_end,
        },
    )?;
    let packet = BridgePacket::Cession(CessionPacket {
        treaty_id,
        cover_id: cover.cover_id,
        product_id: cover.product_id,
        cover_amount: cover.cover_amount,
        premium: cover.premium,
        ceded_premium: ceded,
        exposure,
        denom,
        cover_start: now,
        cover_end: cover.cover_end,
    });
    // If IBC cannot send it, the purchase still goes through: the reply
    // rolls the cession back as never sent.
    Ok(Response::new()
        .add_submessage(send_packet(
            &send,
            &packet,
            timeout_at(now, config.packet_timeout),
        )?)
        .add_attribute("action", "cede")
        .add_attribute("channel_id", channel_id)
        .add_attribute("treaty_id", treaty_id.to_string())
        .add_attribute("cover_id", cover.cover_id.to_string())
        .add_attribute("ceded_premium", ceded)
        .add_attribute("exposure", exposure))
}

/// The premium of a cession that did not go through, back to the pool, which
/// streams it to the stakers until the cover's end.
fn return_premium(
    config: &crate::state::Config,
    cession: &Cession,
) -> Result<cosmwasm_std::CosmosMsg, ContractError> {
    pool_msg(
        config,
        ReinsuranceMsg::ReturnCededPremium {
            until: cession.cover_end,
        },
        cession.ceded_premium,
    )
}

/// The cession packet was acknowledged or timed out. Accepted: the premium
/// leaves with ICS-20. Refused or timed out: the premium goes back to the
/// pool and the books roll back.
pub fn on_outcome(
    deps: DepsMut,
    env: Env,
    channel_id: &str,
    cover_id: u64,
    outcome: Outcome,
) -> Result<Response, ContractError> {
    let response = Response::new()
        .add_attribute("action", "cession_outcome")
        .add_attribute("cover_id", cover_id.to_string());
    let Some(mut cession) = CESSIONS.may_load(deps.storage, cover_id)? else {
        return Ok(response.add_attribute("ignored", "unknown cession"));
    };
    // The packet travelled on `channel_id`; the books are under the treaty's own channel.
    let sent_on = channel_id;
    let home = home_channel(deps.storage, sent_on, cession.treaty_id)?;
    let channel_id = home.as_str();
    if cession.status != CessionStatus::Pending || cession.channel_id != channel_id {
        return Ok(response.add_attribute("ignored", "cession already settled"));
    }
    if let Some(id) = cession.in_flight.take() {
        IN_FLIGHT.remove(deps.storage, id);
        packet_settled(deps.storage, sent_on)?;
    }
    let config = CONFIG.load(deps.storage)?;
    let denom = collateral_denom(&config)?;
    let mut treaty = load_treaty(deps.storage, channel_id, cession.treaty_id)?;
    ensure_role(&treaty, Role::Cedent)?;
    let ledger = &mut treaty.ledger;
    ledger.premium_pending = ledger.premium_pending.checked_sub(cession.ceded_premium)?;
    ledger.exposure_pending = ledger.exposure_pending.checked_sub(cession.exposure)?;
    release(deps.storage, &denom, cession.ceded_premium)?;

    let response = match outcome {
        Outcome::Accepted => {
            cession.status = CessionStatus::Accepted;
            let ledger = &mut treaty.ledger;
            ledger.exposure = ledger.exposure.checked_add(cession.exposure)?;
            ledger.premium_due = ledger.premium_due.checked_add(cession.ceded_premium)?;
            ledger.cessions += 1;
            // Transfers name the treaty's own channel: the partner keeps its books there.
            let channel = CHANNELS.load(deps.storage, channel_id)?;
            let send = transfer::start(
                deps.storage,
                &env,
                &config,
                transfer::Leg {
                    channel_id,
                    channel: &channel,
                    treaty: &treaty,
                    purpose: TransferPurpose::Premium { cover_id },
                    amount: cession.ceded_premium,
                    denom,
                },
            )?;
            // Sending is a submessage: if the transfer cannot leave, the ack
            // still settles and the transfer waits for a retry.
            response
                .add_submessage(send.into_submessage()?)
                .add_attribute("outcome", "accepted")
        }
        // Refused, timed out or never sent: the pool carries the risk alone
        // and gets the premium back; losses paid meanwhile are not recovered.
        other => {
            let response = match other {
                Outcome::Refused(reason) => {
                    cession.status = CessionStatus::Rejected {
                        reason: reason.clone(),
                    };
                    response
                        .add_attribute("outcome", "refused")
                        .add_attribute("reason", reason)
                }
                _ => {
                    cession.status = CessionStatus::TimedOut;
                    response.add_attribute("outcome", "timed_out")
                }
            };
            let written_off =
                recovery::abandon_losses(deps.storage, cover_id, &mut cession, &mut treaty)?;
            let response = response.add_message(return_premium(&config, &cession)?);
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
    TREATIES.save(deps.storage, (channel_id, cession.treaty_id), &treaty)?;
    CESSIONS.save(deps.storage, cover_id, &cession)?;
    Ok(response)
}
