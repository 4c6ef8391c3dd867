//! The invariants are live: a fresh world passes them all, and each kind of
//! corruption below is caught by the invariant named for it.

use cosmwasm_std::{coins, Uint128};
use cw_multi_test::Executor;
use fuzz::invariants::check_all;
use fuzz::world::{World, UNIT};
use insurance_common::risk_pool::{LossEvent, DAY};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::DENOM;

fn broken(w: &World) -> Vec<&'static str> {
    check_all(w).into_iter().map(|(name, _)| name).collect()
}

#[test]
fn a_fresh_world_holds_every_invariant() {
    let w = World::new();
    assert_eq!(check_all(&w), Vec::<(&str, String)>::new());
}

#[test]
fn tokens_sent_to_the_pool_outside_its_books_are_caught() {
    let mut w = World::new();
    let (buyer, pool) = (w.buyers[0].clone(), w.w.cedent.pool.clone());
    w.w.cedent
        .app
        .send_tokens(buyer, pool, &coins(UNIT, DENOM))
        .unwrap();
    assert_eq!(broken(&w), vec!["pool_books_match_bank"]);
}

#[test]
fn tokens_leaving_for_an_unknown_account_are_caught() {
    let mut w = World::new();
    let (buyer, stranger) = (w.buyers[0].clone(), w.w.cedent.addr("stranger"));
    w.w.cedent
        .app
        .send_tokens(buyer, stranger, &coins(UNIT, DENOM))
        .unwrap();
    assert_eq!(broken(&w), vec!["collateral_conserved_on_chain_a"]);
}

#[test]
fn a_share_price_drop_without_a_payout_is_caught() {
    let mut w = World::new();
    // pretend the previous step saw a richer pool
    w.last_pool.0 += Uint128::new(UNIT);
    assert_eq!(broken(&w), vec!["share_price_drops_only_with_a_payout"]);
    w.step.pool_paid = true;
    assert_eq!(check_all(&w), Vec::<(&str, String)>::new());
}

#[test]
fn a_recovery_booked_without_a_paid_loss_is_caught() {
    let mut w = World::new();
    w.settled_recoveries += 1;
    assert_eq!(broken(&w), vec!["no_recovery_credited_twice"]);
}

#[test]
fn a_second_payment_for_one_loss_event_is_caught() {
    let mut w = World::new();
    let event = LossEvent::Incident { incident_id: 3 };
    w.step.payouts.push((1, event));
    assert_eq!(check_all(&w), Vec::<(&str, String)>::new());
    // paid before, or twice in the step
    w.paid_events.insert((1, event));
    assert_eq!(broken(&w), vec!["a_cover_is_paid_once_per_loss_event"]);
    w.paid_events.clear();
    w.step.payouts.push((1, event));
    assert_eq!(broken(&w), vec!["a_cover_is_paid_once_per_loss_event"]);
    // another cover, or another event, is another payment
    w.step.payouts = vec![
        (1, event),
        (2, event),
        (1, LossEvent::Claim { claim_id: 3 }),
    ];
    assert_eq!(check_all(&w), Vec::<(&str, String)>::new());
}

#[test]
fn a_withdrawal_paid_other_than_net_of_the_reserve_is_caught() {
    let mut w = World::new();
    // A claim reserves part of the capital.
    let buyer = w.buyers[0].clone();
    let cover =
        w.w.cedent
            .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000 * UNIT, 90 * DAY)
            .unwrap();
    w.w.cedent
        .file_claim(&buyer, cover, 50_000 * UNIT, 2_500 * UNIT)
        .unwrap();
    assert_eq!(w.w.cedent.reserved_claims(), 50_000 * UNIT);
    let staker = w.stakers[0].clone();
    let shares = w.w.cedent.staker(&staker).shares;
    let res = w.w.cedent.request_unbond(&staker, shares).unwrap();
    let id = insurance_testing::court::attribute(&res, "unbonding_id")
        .unwrap()
        .parse()
        .unwrap();
    let period = w.w.cedent.pool_config().params.unbonding_period;
    w.w.advance_time(period);
    w.step = Default::default();
    let res = w.w.cedent.withdraw(&staker, id).unwrap();
    w.absorb(&res);
    assert_eq!(w.step.withdrawals.len(), 1);
    assert_eq!(check_all(&w), Vec::<(&str, String)>::new());
    // One unit more than its shares net of the reserve.
    w.step.withdrawals[0].amount += Uint128::one();
    assert_eq!(
        broken(&w),
        vec!["withdrawals_are_net_of_the_claims_reserve"]
    );
}

#[test]
fn stray_funds_on_the_cedent_bridge_are_caught_unless_booked_as_stray() {
    let mut w = World::new();
    let (buyer, bridge) = (w.buyers[0].clone(), w.w.bridge_a.clone());
    w.w.cedent
        .app
        .send_tokens(buyer, bridge, &coins(5 * UNIT, DENOM))
        .unwrap();
    assert_eq!(broken(&w), vec!["cedent_bridge_holds_its_books"]);
    w.stray_a += 5 * UNIT;
    assert_eq!(check_all(&w), Vec::<(&str, String)>::new());
}

#[test]
fn a_packet_the_books_keep_in_flight_after_it_left_is_caught() {
    let mut w = World::new();
    let buyer = w.buyers[0].clone();
    w.w.cedent
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000 * UNIT, 90 * DAY)
        .unwrap();
    let item = w.w.in_flight_a()[0].clone();
    assert_eq!(check_all(&w), Vec::<(&str, String)>::new());
    // Governance "settled" it, and the books still count it.
    w.step.settled_packets.push(item.id);
    assert_eq!(broken(&w), vec!["a_settled_packet_leaves_flight"]);
    w.step.settled_packets.clear();
    // The packet leaves chain A's outbox (as after an ack or a timeout) while
    // the bridge still counts it: remove the host's commitment directly
    // (cw-storage-plus key: length-prefixed namespace, then the id).
    let pending = w.w.host_a.pending(&w.w.cedent.app).remove(0);
    let mut key = vec![0u8, 6];
    key.extend_from_slice(b"outbox");
    key.extend_from_slice(&pending.id.to_be_bytes());
    let host = w.w.host_a.addr.clone();
    w.w.cedent.app.contract_storage_mut(&host).remove(&key);
    assert!(w.w.host_a.pending(&w.w.cedent.app).is_empty());
    assert_eq!(broken(&w), vec!["cedent_packets_in_flight_are_pending"]);
}
