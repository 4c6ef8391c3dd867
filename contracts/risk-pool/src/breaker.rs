//! The circuit breaker: aggregate losses, per loss event and over a rolling
//! window, against capital. O(1) per payout: one event entry and a window of
//! at most `BREAKER_SLOTS + 1` slots.

use cosmwasm_std::{Storage, Uint128};
use insurance_common::math::mul_floor;
use insurance_common::risk_pool::{LossEvent, PoolParams};

use crate::error::ContractError;
use crate::state::{EventLoss, LossSlot, BREAKER, BREAKER_SLOTS, EVENT_LOSSES};

fn event_key(event: LossEvent) -> (u8, u64) {
    match event {
        LossEvent::Incident { incident_id } => (0, incident_id),
        LossEvent::Claim { claim_id } => (1, claim_id),
    }
}

/// Slot length of the rolling window (at least a second).
pub fn slot_seconds(window: u64) -> u64 {
    window.div_ceil(BREAKER_SLOTS).max(1)
}

/// Books a payout of `amount` on `event` at `now`, `capital` being the pool's
/// capital before it. Returns whether the losses now trip the breaker: the
/// event's payouts above the threshold of capital before its first payout,
/// or the window's above the threshold of capital before its first loss.
/// The window counts the current slot and the `BREAKER_SLOTS` before it, so
/// it always covers at least `circuit_breaker_window` seconds.
pub fn record_loss(
    storage: &mut dyn Storage,
    params: &PoolParams,
    event: LossEvent,
    amount: Uint128,
    capital: Uint128,
    now: u64,
) -> Result<bool, ContractError> {
    let threshold = params.circuit_breaker_threshold;
    let mut breaker = BREAKER.may_load(storage)?.unwrap_or_default();

    let key = event_key(event);
    let mut loss = match EVENT_LOSSES.may_load(storage, key)? {
        Some(loss) if loss.epoch == breaker.epoch => loss,
        _ => EventLoss {
            capital_before: capital,
            paid: Uint128::zero(),
            epoch: breaker.epoch,
        },
    };
    loss.paid = loss.paid.checked_add(amount)?;
    let event_trips = loss.paid > mul_floor(loss.capital_before, threshold)?;
    EVENT_LOSSES.save(storage, key, &loss)?;

    let slot = now / slot_seconds(params.circuit_breaker_window);
    let oldest = slot.saturating_sub(BREAKER_SLOTS);
    breaker.slots.retain(|s| s.slot >= oldest);
    match breaker.slots.last_mut() {
        Some(last) if last.slot == slot => last.losses = last.losses.checked_add(amount)?,
        _ => breaker.slots.push(LossSlot {
            slot,
            losses: amount,
            capital_before: capital,
        }),
    }
    let mut window_losses = Uint128::zero();
    for s in &breaker.slots {
        window_losses = window_losses.checked_add(s.losses)?;
    }
    let window_capital = breaker.slots[0].capital_before;
    let window_trips = window_losses > mul_floor(window_capital, threshold)?;
    BREAKER.save(storage, &breaker)?;
    Ok(event_trips || window_trips)
}

/// Governance resumed: the losses so far are reviewed; count afresh.
pub fn reset(storage: &mut dyn Storage) -> Result<(), ContractError> {
    let mut breaker = BREAKER.may_load(storage)?.unwrap_or_default();
    breaker.epoch += 1;
    breaker.slots.clear();
    BREAKER.save(storage, &breaker)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;
    use insurance_common::risk_pool::DAY;

    fn u(v: u128) -> Uint128 {
        Uint128::new(v)
    }

    const EXPLOIT: LossEvent = LossEvent::Incident { incident_id: 1 };

    #[test]
    fn one_event_split_into_payouts_trips() {
        let mut st = MockStorage::new();
        let p = PoolParams::default();
        let mut capital = 1_000_000u128;
        let mut tripped = vec![];
        for _ in 0..6 {
            tripped.push(record_loss(&mut st, &p, EXPLOIT, u(100_000), u(capital), 0).unwrap());
            capital -= 100_000;
        }
        // 200_000 is not above 20 % of 1_000_000; 300_000 is
        assert_eq!(tripped, [false, false, true, true, true, true]);
    }

    #[test]
    fn separate_events_add_up_in_the_window_and_age_out() {
        let mut st = MockStorage::new();
        let p = PoolParams::default();
        let mut t = 0;
        // 150_000 a day on separate claims: each alone is small
        let mut capital = 1_000_000u128;
        let mut trips = vec![];
        for id in 0..3 {
            let e = LossEvent::Claim { claim_id: id };
            trips.push(record_loss(&mut st, &p, e, u(100_000), u(capital), t).unwrap());
            capital -= 100_000;
            t += 4 * DAY;
        }
        // 100k, then 200k of 1M (not above 20 %); at day 8 the first loss has
        // aged out, and 200k is above 20 % of the 900k before the window's first loss
        assert_eq!(trips, [false, false, true]);
        // after resuming, losses count afresh; old slots age out
        reset(&mut st).unwrap();
        let e = LossEvent::Claim { claim_id: 99 };
        assert!(!record_loss(&mut st, &p, e, u(100_000), u(700_000), t).unwrap());
        let e = LossEvent::Claim { claim_id: 100 };
        t += 30 * DAY;
        assert!(!record_loss(&mut st, &p, e, u(100_000), u(600_000), t).unwrap());
        assert_eq!(BREAKER.load(&st).unwrap().slots.len(), 1);
        // a resumed event restarts from the capital at its next payout
        // (the event paid 600k before: counted again it would trip)
        reset(&mut st).unwrap();
        assert!(!record_loss(&mut st, &p, EXPLOIT, u(100_000), u(500_000), t + 2 * DAY).unwrap());
    }
}
