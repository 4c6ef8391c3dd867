//! Attacks on capital: exits ahead of losses, the circuit breaker.

use cosmwasm_std::Uint128;
use insurance_common::risk_pool::DAY;
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::{Suite, SuiteBuilder};

fn assert_pool_conserved(suite: &Suite) {
    let s = suite.pool_state();
    assert_eq!(
        suite.balance(&suite.pool),
        (s.total_assets + s.reward_reserve + s.claims_fund).u128()
    );
}

/// A staker whose unbonding has matured sees a large claim accepted and
/// tries to withdraw in full before it is executed, leaving the loss to the
/// stakers who stay. The withdrawal is valued net of the claims reserve: the
/// leaver bears the same loss per share as the stayer.
///
/// The claims court publishes the reserve; this test writes the court's item
/// itself (`set_reserved_claims`) to the figure the court holds for the one
/// accepted claim, so it holds with or without the court's bookkeeping.
#[test]
fn exit_ahead_of_an_accepted_claim_bears_its_share_of_the_loss() {
    let mut s = SuiteBuilder::new()
        .with_funds("leaver", 500_000)
        .with_funds("stayer", 500_000)
        .with_funds("holder", 100_000)
        .build();
    let (leaver, stayer, holder, keeper) = (
        s.addr("leaver"),
        s.addr("stayer"),
        s.addr("holder"),
        s.addr("keeper"),
    );
    let assessors: Vec<_> = (0..4).map(|i| s.addr(&format!("assessor{i}"))).collect();
    for a in &assessors {
        s.fund_and_bond(a, 100_000_000_000).unwrap();
    }
    s.deposit(&leaver, 500_000).unwrap();
    s.deposit(&stayer, 500_000).unwrap();
    let shares = s.staker(&leaver).shares;
    assert_eq!(s.staker(&stayer).shares, shares);
    s.request_unbond(&leaver, shares).unwrap();
    let cover = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 400_000, 120 * DAY)
        .unwrap();

    // the unbonding matures; then the exploit, the claim and its acceptance
    s.advance_time(31 * DAY);
    let claim = s.file_claim(&holder, cover, 300_000, 15_000).unwrap();
    for a in &assessors {
        s.vote(a, claim, true).unwrap();
    }
    s.advance_time(3 * DAY);
    s.set_reserved_claims(300_000);

    // the leaver withdraws after acceptance, before execution
    let unbonding = s.unbondings(&leaver).unbondings[0].clone();
    assert!(unbonding.withdrawable);
    let before = s.balance(&leaver);
    s.withdraw(&leaver, unbonding.id).unwrap();
    let paid = s.balance(&leaver) - before;
    assert_eq!(paid, unbonding.value.u128(), "paid what the query showed");
    // half the shares, half of capital net of the 300_000 reserved
    assert_eq!(paid, 350_000, "leaver paid {paid}");

    // the claim is executed; the court's reserve is released
    s.advance_time(DAY);
    s.execute_claim(&keeper, claim).unwrap();
    s.set_reserved_claims(0);
    let stayer_value = s.staker(&stayer).value.u128();
    // same shares, same value: the leaver bore the loss like the stayer
    assert!(
        stayer_value >= paid,
        "stayer {stayer_value} < leaver {paid}"
    );
    assert!(
        stayer_value - paid <= 1,
        "stayer {stayer_value}, leaver {paid}"
    );
    // the attacker lost what the stayer lost: 150_000 of 500_000
    assert_eq!(stayer_value, 350_000);
    assert_pool_conserved(&s);
}

/// A withdrawal that the reserve would take under the minimum capital is
/// held back: the minimum-capital check values capital net of the reserve.
#[test]
fn minimum_capital_counts_the_claims_reserve() {
    let mut s = SuiteBuilder::new()
        .with_funds("leaver", 500_000)
        .with_funds("stayer", 500_000)
        .with_funds("buyer", 100_000)
        .build();
    let (leaver, stayer, buyer) = (s.addr("leaver"), s.addr("stayer"), s.addr("buyer"));
    s.deposit(&leaver, 500_000).unwrap();
    s.deposit(&stayer, 500_000).unwrap();
    let shares = s.staker(&leaver).shares;
    s.request_unbond(&leaver, shares).unwrap();
    // 1_000_000 of cover: minimum capital 500_000
    s.buy_cover(&buyer, DISCRETIONARY_PRODUCT, 1_000_000, 365 * DAY)
        .unwrap();
    s.advance_time(31 * DAY);
    let id = s.unbondings(&leaver).unbondings[0].id;
    // with 100_000 reserved the leaver's half is 450_000 and the pool would
    // keep 450_000 net of the reserve
    s.set_reserved_claims(100_000);
    let before = s.pool_state();
    let err: risk_pool::ContractError = s.withdraw(&leaver, id).unwrap_err().downcast().unwrap();
    assert_eq!(
        err,
        risk_pool::ContractError::BelowMinimumCapital {
            capital_after: Uint128::new(450_000),
            minimum_capital: Uint128::new(500_000),
        }
    );
    assert_eq!(s.balance(&leaver), 0);
    assert_eq!(s.pool_state(), before);
    // the claim is denied, the reserve released: the leaver leaves whole
    s.set_reserved_claims(0);
    s.withdraw(&leaver, id).unwrap();
    assert_eq!(s.balance(&leaver), 500_000);
    assert_eq!(s.staker(&stayer).value.u128(), 500_000);
    assert_pool_conserved(&s);
}
