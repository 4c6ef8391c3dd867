//! Attacks on capital: exits ahead of losses, the circuit breaker.

use cosmwasm_std::Uint128;
use insurance_common::risk_pool::{self as risk_pool_msg, LossEvent, DAY};
use insurance_testing::assert::assert_pool_conserved;
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::{Suite, SuiteBuilder};

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

/// One exploit is paid as six per-holder payouts of 100_000 each, taking
/// capital from 1_000_000 to 400_000; each payout alone is under the 20 %
/// breaker. The breaker adds up the event's payouts: it trips at the third
/// (300_000 of the 1_000_000 before the event), and the attacker who wants to
/// buy more cover on the still-exploitable protocol at the old price is refused.
#[test]
fn breaker_bypass_by_splitting_one_exploit_into_per_holder_payouts() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("attacker", 1_000_000)
        .build();
    let (staker, attacker) = (s.addr("staker"), s.addr("attacker"));
    s.deposit(&staker, 1_000_000).unwrap();
    let holders: Vec<_> = (0..6).map(|i| s.addr(&format!("holder{i}"))).collect();
    let mut covers = vec![];
    for h in &holders {
        s.fund(h, 10_000);
        covers.push(
            s.buy_cover(h, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
                .unwrap(),
        );
    }
    s.advance_time(DAY);
    let exploit = LossEvent::Incident { incident_id: 7 };
    let mut tripped_at = None;
    for (i, (h, c)) in holders.iter().zip(&covers).enumerate() {
        s.payout_for_event(*c, h, 100_000, exploit).unwrap();
        if tripped_at.is_none() && s.pool_state().circuit_breaker_tripped {
            tripped_at = Some(i + 1);
        }
    }
    assert_eq!(tripped_at, Some(3));
    assert_eq!(s.pool_state().total_assets.u128(), 400_000);
    // every holder was paid: the breaker never holds a payout back
    for h in &holders {
        assert!(s.balance(h) >= 100_000);
    }

    // the attacker's cheap cover on the exploited protocol is refused, and
    // nothing of theirs moves
    let before = s.balance(&attacker);
    let err: risk_pool::ContractError = s
        .buy_cover(&attacker, DISCRETIONARY_PRODUCT, 400_000, 90 * DAY)
        .unwrap_err()
        .downcast()
        .unwrap();
    assert_eq!(err, risk_pool::ContractError::CircuitBreakerTripped {});
    assert_eq!(s.balance(&attacker), before);
    assert_eq!(s.pool_state().active_cover.u128(), 0);
    assert_pool_conserved(&s);
}

/// Losses of separate events in quick succession (each under the threshold)
/// add up over the rolling window.
#[test]
fn breaker_bypass_by_spreading_losses_over_separate_claims() {
    let mut s = SuiteBuilder::new().with_funds("staker", 1_000_000).build();
    let staker = s.addr("staker");
    s.deposit(&staker, 1_000_000).unwrap();
    let holder = s.addr("holder");
    s.fund(&holder, 10_000);
    let cover = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 500_000, 90 * DAY)
        .unwrap();
    // 150_000 two days apart on separate claims: 15 %, then 30 % of 1_000_000
    s.payout_for_event(cover, &holder, 150_000, LossEvent::Claim { claim_id: 1 })
        .unwrap();
    assert!(!s.pool_state().circuit_breaker_tripped);
    s.advance_time(2 * DAY);
    s.payout_for_event(cover, &holder, 150_000, LossEvent::Claim { claim_id: 2 })
        .unwrap();
    assert!(s.pool_state().circuit_breaker_tripped);
    // governance reviews and resumes; a loss much later is judged alone
    s.sudo_pool(risk_pool_msg::GovernanceMsg::ResumeCover {})
        .unwrap();
    s.advance_time(30 * DAY);
    s.payout_for_event(cover, &holder, 100_000, LossEvent::Claim { claim_id: 3 })
        .unwrap();
    assert!(!s.pool_state().circuit_breaker_tripped);
    assert_eq!(
        s.balance(&holder),
        10_000 - premium_paid(&s, cover) + 400_000
    );
    assert_pool_conserved(&s);
}

fn premium_paid(s: &Suite, cover: u64) -> u128 {
    s.cover(cover).premium.u128()
}
