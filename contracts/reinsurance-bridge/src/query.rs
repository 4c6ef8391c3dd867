//! Queries. List queries are paginated with a capped limit.

use cosmwasm_std::{Deps, StdResult, Timestamp, Uint128};
use insurance_common::reinsurance_bridge::{
    AcceptedCoverResponse, CessionQuoteResponse, CessionResponse, ChannelResponse,
    ChannelsResponse, ConfigResponse, InFlightResponse, LossId, LossResponse, PaidRecoveryResponse,
    TreatiesResponse, TreatyResponse,
};

use insurance_common::pagination::page;

use crate::error::ContractError;
use crate::execute::cession::cession_terms;
use crate::state::{
    load_accepted, load_cession, load_channel, load_loss, load_paid_recovery, load_treaty, Channel,
    Treaty, CHANNELS, CONFIG, IN_FLIGHT, TREATIES,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    CONFIG.load(deps.storage)
}

fn channel_response(channel_id: String, c: Channel) -> ChannelResponse {
    ChannelResponse {
        channel_id,
        counterparty_port_id: c.counterparty_port_id,
        counterparty_channel_id: c.counterparty_channel_id,
        connection_id: c.connection_id,
        counterparty_bridge: c.counterparty_bridge,
        open: c.open,
    }
}

pub fn channel(deps: Deps, channel_id: String) -> Result<ChannelResponse, ContractError> {
    let c = load_channel(deps.storage, &channel_id)?;
    Ok(channel_response(channel_id, c))
}

pub fn channels(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ChannelsResponse> {
    let channels = page(&CHANNELS, deps.storage, start_after.as_deref(), limit)
        .map(|item| item.map(|(id, c)| channel_response(id, c)))
        .collect::<StdResult<_>>()?;
    Ok(ChannelsResponse { channels })
}

fn treaty_response(
    deps: Deps,
    now: Timestamp,
    channel_id: String,
    t: Treaty,
) -> StdResult<TreatyResponse> {
    let open = CHANNELS
        .may_load(deps.storage, &t.send_channel(&channel_id))?
        .is_some_and(|c| c.open);
    let committed = t.ledger.exposure.checked_add(t.ledger.exposure_pending)?;
    Ok(TreatyResponse {
        in_force: open && t.terms.in_force(now),
        capacity_left: t.terms.capacity.saturating_sub(committed),
        channel_id,
        role: t.role,
        transfer_channel: t.transfer_channel,
        terms: t.terms,
        ledger: t.ledger,
        claimed: t.claimed,
    })
}

pub fn treaty(
    deps: Deps,
    now: Timestamp,
    channel_id: String,
    treaty_id: u32,
) -> Result<TreatyResponse, ContractError> {
    let t = load_treaty(deps.storage, &channel_id, treaty_id)?;
    Ok(treaty_response(deps, now, channel_id, t)?)
}

pub fn treaties(
    deps: Deps,
    now: Timestamp,
    start_after: Option<(String, u32)>,
    limit: Option<u32>,
) -> StdResult<TreatiesResponse> {
    let start = start_after
        .as_ref()
        .map(|(channel, id)| (channel.as_str(), *id));
    let treaties = page(&TREATIES, deps.storage, start, limit)
        .map(|item| {
            let ((channel_id, _), t) = item?;
            treaty_response(deps, now, channel_id, t)
        })
        .collect::<StdResult<_>>()?;
    Ok(TreatiesResponse { treaties })
}

pub fn in_flight(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<InFlightResponse> {
    let items = page(&IN_FLIGHT, deps.storage, start_after, limit)
        .map(|item| item.map(|(_, i)| i))
        .collect::<StdResult<_>>()?;
    Ok(InFlightResponse { items })
}

pub fn cession_quote(
    deps: Deps,
    now: Timestamp,
    product_id: u32,
    premium: Uint128,
    cover_amount: Uint128,
) -> Result<CessionQuoteResponse, ContractError> {
    Ok(
        match cession_terms(deps, now, product_id, premium, cover_amount)? {
            Some((channel_id, treaty, ceded_premium, exposure)) => CessionQuoteResponse {
                ceded_premium,
                exposure,
                channel_id: Some(channel_id),
                treaty_id: Some(treaty.terms.id),
            },
            None => CessionQuoteResponse {
                ceded_premium: Uint128::zero(),
                exposure: Uint128::zero(),
                channel_id: None,
                treaty_id: None,
            },
        },
    )
}

pub fn cession(deps: Deps, cover_id: u64) -> Result<CessionResponse, ContractError> {
    let c = load_cession(deps.storage, cover_id)?;
    Ok(CessionResponse {
        cover_id,
        channel_id: c.channel_id,
        treaty_id: c.treaty_id,
        product_id: c.product_id,
        ceded_premium: c.ceded_premium,
        exposure: c.exposure,
        recovered: c.recovered,
        status: c.status,
    })
}

pub fn loss(deps: Deps, loss: LossId) -> Result<LossResponse, ContractError> {
    let l = load_loss(deps.storage, loss)?;
    Ok(LossResponse {
        loss,
        channel_id: l.channel_id,
        treaty_id: l.treaty_id,
        loss_amount: l.loss_amount,
        recovery: l.recovery,
        attempt: l.attempt,
        status: l.status,
    })
}

pub fn accepted_cover(
    deps: Deps,
    channel_id: String,
    cover_id: u64,
) -> Result<AcceptedCoverResponse, ContractError> {
    let c = load_accepted(deps.storage, &channel_id, cover_id)?;
    Ok(AcceptedCoverResponse {
        channel_id,
        cover_id,
        treaty_id: c.treaty_id,
        exposure: c.exposure,
        ceded_premium: c.ceded_premium,
        premium_received: c.premium_received,
        recovered: c.recovered,
    })
}

pub fn paid_recovery(
    deps: Deps,
    channel_id: String,
    loss: LossId,
) -> Result<PaidRecoveryResponse, ContractError> {
    let r = load_paid_recovery(deps.storage, &channel_id, loss)?;
    Ok(PaidRecoveryResponse {
        channel_id,
        loss,
        treaty_id: r.treaty_id,
        amount: r.amount,
        settled: r.settled,
    })
}
