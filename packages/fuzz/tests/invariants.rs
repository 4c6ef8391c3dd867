//! The invariants are live: a fresh world passes them all, and each kind of
//! corruption below is caught by the invariant named for it.

use cosmwasm_std::coins;
use cw_multi_test::Executor;
use fuzz::invariants::check_all;
use fuzz::world::{World, UNIT};
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
    w.last_pool.0 += cosmwasm_std::Uint128::new(UNIT);
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
