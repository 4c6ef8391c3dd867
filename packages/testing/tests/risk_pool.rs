//! The risk pool driven through the suite: every execute message, its
//! success and each of its failures, with exact balances.

use cosmwasm_std::{coin, coins, Decimal, Uint128};
use insurance_common::auth::{Authority, Companion, Unauthorized};
use insurance_common::risk_pool::CourtMsg;
use insurance_common::risk_pool::{
    ClaimMethod, ExecuteMsg, GovernanceMsg, PoolParams, ProductInfo, DAY,
};
use insurance_testing::assert::{
    assert_pool_conserved, assert_query_refused, payment_err, pool_err,
};
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{Suite, SuiteBuilder, DENOM};
use risk_pool::error::{ParamError, ProductError};
use risk_pool::ContractError;

fn funded_suite() -> (Suite, cosmwasm_std::Addr) {
    let mut suite = SuiteBuilder::new().build();
    let staker = suite.addr("staker");
    suite.fund(&staker, 1_000_000);
    suite.deposit(&staker, 1_000_000).unwrap();
    (suite, staker)
}

#[test]
fn deposit_mints_shares_at_the_pool_price() {
    let mut suite = SuiteBuilder::new().build();
    let (a, b) = (suite.addr("alice"), suite.addr("bob"));
    suite.fund(&a, 1_000);
    suite.fund(&b, 500);
    suite.deposit(&a, 1_000).unwrap();
    suite.deposit(&b, 500).unwrap();
    assert_eq!(suite.staker(&a).shares, Uint128::new(1_000_000_000));
    assert_eq!(suite.staker(&b).shares, Uint128::new(500_000_000));
    assert_eq!(suite.staker(&a).value, Uint128::new(1_000));
    let state = suite.pool_state();
    assert_eq!(state.total_assets, Uint128::new(1_500));
    assert_eq!(state.total_shares, Uint128::new(1_500_000_000));
    assert_eq!(state.capacity, Uint128::new(3_000));
    assert_eq!(suite.balance(&suite.pool), 1_500);
    assert_pool_conserved(&suite);
}

#[test]
fn deposit_failures_change_nothing() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.addr("alice");
    suite.fund(&a, 1_000);
    suite.fund_coins(&a, coins(1_000, "uother"));
    let pool = suite.pool.clone();
    let msg = ExecuteMsg::Deposit {};
    assert_eq!(
        payment_err(suite.execute_pool(&a, &msg, &[])),
        cw_utils::PaymentError::NoFunds {}
    );
    assert_eq!(
        payment_err(suite.execute_pool(&a, &msg, &coins(10, "uother"))),
        cw_utils::PaymentError::MissingDenom(DENOM.to_string())
    );
    assert_eq!(
        payment_err(suite.execute_pool(&a, &msg, &[coin(10, DENOM), coin(10, "uother")])),
        cw_utils::PaymentError::MultipleDenoms {}
    );
    assert_eq!(suite.balance(&pool), 0);
    assert_eq!(suite.pool_state().total_shares, Uint128::zero());
}

#[test]
fn unbond_then_withdraw_after_the_period() {
    let (mut suite, staker) = funded_suite();
    suite
        .request_unbond(&staker, Uint128::new(400_000_000_000))
        .unwrap();
    let pos = suite.staker(&staker);
    assert_eq!(pos.shares, Uint128::new(600_000_000_000));
    assert_eq!(pos.unbonding_shares, Uint128::new(400_000_000_000));
    let unbondings = suite.unbondings(&staker).unbondings;
    assert_eq!(unbondings.len(), 1);
    assert_eq!(unbondings[0].value, Uint128::new(400_000));
    assert!(!unbondings[0].withdrawable);
    let id = unbondings[0].id;

    let e = pool_err(suite.withdraw(&staker, id));
    assert_eq!(
        e,
        ContractError::UnbondingNotMatured {
            release_at: unbondings[0].release_at
        }
    );
    suite.advance_time(PoolParams::default().unbonding_period);
    suite.withdraw(&staker, id).unwrap();
    assert_eq!(suite.balance(&staker), 400_000);
    assert_eq!(suite.pool_state().total_assets, Uint128::new(600_000));
    assert_eq!(suite.staker(&staker).unbonding_shares, Uint128::zero());
    assert!(suite.unbondings(&staker).unbondings.is_empty());
    // twice is unknown
    assert_eq!(
        pool_err(suite.withdraw(&staker, id)),
        ContractError::UnbondingNotFound { id }
    );
    assert_pool_conserved(&suite);
}

#[test]
fn unbond_and_withdraw_failures() {
    let (mut suite, staker) = funded_suite();
    let other = suite.addr("other");
    assert_eq!(
        pool_err(suite.request_unbond(&staker, Uint128::zero())),
        ContractError::ZeroAmount {}
    );
    assert_eq!(
        pool_err(suite.request_unbond(&staker, Uint128::new(1_000_000_000_001))),
        ContractError::InsufficientShares {
            requested: Uint128::new(1_000_000_000_001),
            available: Uint128::new(1_000_000_000_000)
        }
    );
    assert_eq!(
        pool_err(suite.request_unbond(&other, Uint128::new(1))),
        ContractError::InsufficientShares {
            requested: Uint128::new(1),
            available: Uint128::zero()
        }
    );
    suite.fund(&staker, 5);
    assert_eq!(
        payment_err(suite.execute_pool(
            &staker,
            &ExecuteMsg::RequestUnbond {
                shares: Uint128::new(1)
            },
            &coins(5, DENOM)
        )),
        cw_utils::PaymentError::NonPayable {}
    );
    suite.request_unbond(&staker, Uint128::new(1_000)).unwrap();
    let id = suite.unbondings(&staker).unbondings[0].id;
    suite.advance_time(PoolParams::default().unbonding_period);
    // someone else cannot withdraw it
    assert_eq!(
        pool_err(suite.withdraw(&other, id)),
        ContractError::UnbondingNotFound { id }
    );
    assert_eq!(
        payment_err(suite.execute_pool(
            &staker,
            &ExecuteMsg::Withdraw { unbonding_id: id },
            &coins(5, DENOM)
        )),
        cw_utils::PaymentError::NonPayable {}
    );
}

#[test]
fn withdrawal_below_minimum_capital_waits() {
    let (mut suite, staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 100_000);
    // 1_000_000 of cover needs 500_000 of capital at the default 50 % ratio
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 1_000_000, 90 * DAY)
        .unwrap();
    suite
        .request_unbond(&staker, Uint128::new(600_000_000_000))
        .unwrap();
    let id = suite.unbondings(&staker).unbondings[0].id;
    suite.advance_time(PoolParams::default().unbonding_period);
    let state = suite.pool_state();
    assert_eq!(state.minimum_capital, Uint128::new(500_000));
    assert_eq!(
        pool_err(suite.withdraw(&staker, id)),
        ContractError::BelowMinimumCapital {
            capital_after: state.total_assets - Uint128::new(600_000),
            minimum_capital: Uint128::new(500_000),
        }
    );
    // a smaller withdrawal fits
    suite
        .request_unbond(&staker, Uint128::new(100_000_000_000))
        .unwrap();
    let small = suite.unbondings(&staker).unbondings[1].id;
    suite.advance_time(PoolParams::default().unbonding_period);
    suite.withdraw(&staker, small).unwrap();
    // once the cover and its grace period are over, the big one goes through
    suite.advance_time(90 * DAY);
    suite.withdraw(&staker, id).unwrap();
    assert_pool_conserved(&suite);
}

#[test]
fn buy_cover_mints_the_policy_nft_and_splits_the_premium() {
    let (mut suite, _staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 10_000);
    let quote = suite
        .quote(DISCRETIONARY_PRODUCT, 100_000, 365 * DAY)
        .unwrap();
    // 5 % utilisation: base rate 2 %
    assert_eq!(quote.annual_rate, Decimal::percent(2));
    assert_eq!(quote.premium, Uint128::new(2_000));
    assert_eq!(quote.to_treasury, Uint128::new(300));
    assert_eq!(quote.to_claims_fund, Uint128::new(200));
    assert_eq!(quote.to_stakers, Uint128::new(1_500));

    // pays with a margin: the excess comes back
    let res = suite
        .execute_pool(
            &buyer,
            &ExecuteMsg::BuyCover {
                product_id: DISCRETIONARY_PRODUCT,
                amount: Uint128::new(100_000),
                duration: 365 * DAY,
                max_premium: Uint128::new(2_500),
            },
            &coins(2_500, DENOM),
        )
        .unwrap();
    let cover_id = insurance_testing::suite::cover_id_from(&res);
    assert_eq!(cover_id, 1);
    assert_eq!(suite.balance(&buyer), 8_000);
    assert_eq!(suite.balance(&suite.treasury), 300);
    assert_eq!(suite.balance(&suite.pool), 1_000_000 + 1_700);
    assert_pool_conserved(&suite);

    let state = suite.pool_state();
    assert_eq!(state.active_cover, Uint128::new(100_000));
    assert_eq!(state.claims_fund, Uint128::new(200));
    assert_eq!(state.reward_reserve, Uint128::new(1_500));
    assert_eq!(state.capacity_left, Uint128::new(1_900_000));

    // the NFT belongs to the buyer and carries the policy
    assert_eq!(suite.nft_owner(cover_id), buyer);
    let policy = suite.policy(cover_id);
    assert_eq!(policy.policy.cover_amount, Uint128::new(100_000));
    assert_eq!(policy.policy.remaining_amount, Uint128::new(100_000));
    assert_eq!(policy.policy.premium, Uint128::new(2_000));
    assert_eq!(policy.policy.product_id, DISCRETIONARY_PRODUCT);
    assert_eq!(
        policy.policy.end.seconds(),
        suite.now().seconds() + 365 * DAY
    );
    assert!(!policy.locked);
    let cover = suite.cover(cover_id);
    assert_eq!(cover.product_id, DISCRETIONARY_PRODUCT);
    assert_eq!(cover.amount, Uint128::new(100_000));
    assert_eq!(cover.claimable_until, cover.end.plus_seconds(30 * DAY));
}

#[test]
fn buy_cover_failures_change_nothing() {
    let (mut suite, _staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 1_000_000);
    suite.fund_coins(&buyer, coins(10_000, "uother"));
    let buy = |product_id, amount: u128, duration, max_premium: u128| ExecuteMsg::BuyCover {
        product_id,
        amount: Uint128::new(amount),
        duration,
        max_premium: Uint128::new(max_premium),
    };
    let ok = buy(DISCRETIONARY_PRODUCT, 100_000, 365 * DAY, 2_000);

    assert_eq!(
        payment_err(suite.execute_pool(&buyer, &ok, &[])),
        cw_utils::PaymentError::NoFunds {}
    );
    assert_eq!(
        payment_err(suite.execute_pool(&buyer, &ok, &coins(2_000, "uother"))),
        cw_utils::PaymentError::MissingDenom(DENOM.to_string())
    );
    assert_eq!(
        payment_err(suite.execute_pool(&buyer, &ok, &[coin(2_000, DENOM), coin(1, "uother")])),
        cw_utils::PaymentError::MultipleDenoms {}
    );
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &buy(DISCRETIONARY_PRODUCT, 0, 365 * DAY, 2_000),
            &coins(2_000, DENOM)
        )),
        ContractError::ZeroAmount {}
    );
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &buy(99, 100_000, 365 * DAY, 2_000),
            &coins(2_000, DENOM)
        )),
        ContractError::ProductNotFound { product_id: 99 }
    );
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &buy(DISCRETIONARY_PRODUCT, 100_000, 27 * DAY, 2_000),
            &coins(2_000, DENOM)
        )),
        ContractError::DurationOutOfBounds {
            duration: 27 * DAY,
            min: 28 * DAY,
            max: 365 * DAY
        }
    );
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &buy(DISCRETIONARY_PRODUCT, 100_000, 366 * DAY, 2_000),
            &coins(2_000, DENOM)
        )),
        ContractError::DurationOutOfBounds {
            duration: 366 * DAY,
            min: 28 * DAY,
            max: 365 * DAY
        }
    );
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &buy(DISCRETIONARY_PRODUCT, 100_000, 365 * DAY, 1_999),
            &coins(2_000, DENOM)
        )),
        ContractError::PremiumAboveMax {
            premium: Uint128::new(2_000),
            max_premium: Uint128::new(1_999)
        }
    );
    assert_eq!(
        pool_err(suite.execute_pool(&buyer, &ok, &coins(1_999, DENOM))),
        ContractError::InsufficientPremium {
            premium: Uint128::new(2_000),
            sent: Uint128::new(1_999)
        }
    );
    // pool capacity is 2_000_000; product 2 may use half of it
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &buy(DISCRETIONARY_PRODUCT, 2_000_001, 365 * DAY, 500_000),
            &coins(500_000, DENOM)
        )),
        ContractError::OverCapacity {
            requested: Uint128::new(2_000_001),
            available: Uint128::new(2_000_000)
        }
    );
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &buy(PARAMETRIC_PRODUCT, 1_000_001, 365 * DAY, 500_000),
            &coins(500_000, DENOM)
        )),
        ContractError::ProductOverCapacity {
            product_id: PARAMETRIC_PRODUCT,
            requested: Uint128::new(1_000_001),
            available: Uint128::new(1_000_000)
        }
    );
    suite
        .governance(GovernanceMsg::SetProductPaused {
            product_id: DISCRETIONARY_PRODUCT,
            paused: true,
        })
        .unwrap();
    assert_eq!(
        pool_err(suite.execute_pool(&buyer, &ok, &coins(2_000, DENOM))),
        ContractError::ProductPaused {
            product_id: DISCRETIONARY_PRODUCT
        }
    );
    // nothing moved
    assert_eq!(suite.balance(&buyer), 1_000_000);
    assert_eq!(suite.pool_state().covers_sold, 0);
    assert_eq!(suite.pool_state().active_cover, Uint128::zero());
    assert_pool_conserved(&suite);

    // resumed, it sells again
    suite
        .governance(GovernanceMsg::SetProductPaused {
            product_id: DISCRETIONARY_PRODUCT,
            paused: false,
        })
        .unwrap();
    suite
        .execute_pool(&buyer, &ok, &coins(2_000, DENOM))
        .unwrap();
}

#[test]
fn premium_surges_with_utilisation() {
    let (mut suite, _staker) = funded_suite();
    let low = suite
        .quote(DISCRETIONARY_PRODUCT, 100_000, 365 * DAY)
        .unwrap();
    // 0 -> 90 % utilisation: 1.6 M at 2 %, then 0.2 M through half the
    // surge zone at 4.5 % on average (2 % -> 7 %)
    let high = suite
        .quote(DISCRETIONARY_PRODUCT, 1_800_000, 365 * DAY)
        .unwrap();
    assert_eq!(low.annual_rate, Decimal::percent(2));
    assert_eq!(high.premium, Uint128::new(32_000 + 9_000));
    assert_eq!(
        high.annual_rate,
        Decimal::from_ratio(41_000u128, 1_800_000u128)
    );
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 1_000_000);
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 1_700_000, 365 * DAY)
        .unwrap();
    // the same small cover costs more once the pool is busy
    let later = suite
        .quote(DISCRETIONARY_PRODUCT, 100_000, 365 * DAY)
        .unwrap();
    assert!(later.premium > low.premium);
}

#[test]
fn expired_cover_frees_capacity() {
    let (mut suite, _staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 1_000_000);
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 2_000_000, 28 * DAY)
        .unwrap();
    assert_eq!(suite.pool_state().capacity_left, Uint128::zero());
    assert_query_refused(
        suite.quote(DISCRETIONARY_PRODUCT, 1, 28 * DAY),
        ContractError::OverCapacity {
            requested: Uint128::one(),
            available: Uint128::zero(),
        },
    );
    // the cover stays on the books through its grace period (30 days) and the bucket it ends in
    suite.advance_time(28 * DAY + 30 * DAY);
    assert_eq!(suite.pool_state().active_cover, Uint128::new(2_000_000));
    suite.advance_time(7 * DAY);
    assert_eq!(suite.pool_state().active_cover, Uint128::zero());
    assert_eq!(
        suite.product(DISCRETIONARY_PRODUCT).active_cover,
        Uint128::zero()
    );
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 2_000_000, 28 * DAY)
        .unwrap();
    assert_eq!(suite.pool_state().active_cover, Uint128::new(2_000_000));
}

#[test]
fn rewards_stream_until_the_cover_leaves_the_books() {
    let (mut suite, staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 10_000);
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 365 * DAY)
        .unwrap();
    // nothing is claimable at purchase: a staker joining now cannot grab the premium
    assert_eq!(
        pool_err(suite.claim_rewards(&staker)),
        ContractError::NoRewards {}
    );
    suite.advance_time(180 * DAY);
    let half = suite.staker(&staker).pending_rewards.u128();
    assert!(
        half > 600 && half < 760,
        "about half of 1_500 streamed, got {half}"
    );
    // a late staker earns only from their own deposit on
    let late = suite.addr("late");
    suite.fund(&late, 1_000_000);
    suite.deposit(&late, 1_000_000).unwrap();
    // the premium streams until the claim window (cover + 30 days of grace)
    // ends: 380 days in, some is still to come
    suite.advance_time(200 * DAY);
    let before_window_end =
        suite.staker(&staker).pending_rewards.u128() + suite.staker(&late).pending_rewards.u128();
    assert!(before_window_end < 1_490, "{before_window_end}");
    suite.advance_time(30 * DAY);
    let early = suite.staker(&staker).pending_rewards.u128();
    let late_rewards = suite.staker(&late).pending_rewards.u128();
    assert!(early + late_rewards <= 1_500);
    assert!(
        early + late_rewards >= 1_498,
        "all but rounding dust: {early} + {late_rewards}"
    );
    assert!(late_rewards < 1_500 - half);
    suite.claim_rewards(&staker).unwrap();
    suite.claim_rewards(&late).unwrap();
    assert_eq!(suite.balance(&staker), early);
    assert_eq!(suite.balance(&late), late_rewards);
    assert_eq!(
        suite.pool_state().reward_rate,
        cosmwasm_std::Decimal256::zero()
    );
    assert_pool_conserved(&suite);
}

#[test]
fn payout_by_the_court_lowers_every_share_pro_rata() {
    let mut suite = SuiteBuilder::new().build();
    let (a, b, buyer, holder) = (
        suite.addr("alice"),
        suite.addr("bob"),
        suite.addr("buyer"),
        suite.addr("holder"),
    );
    suite.fund(&a, 600_000);
    suite.fund(&b, 400_000);
    suite.fund(&buyer, 10_000);
    suite.deposit(&a, 600_000).unwrap();
    suite.deposit(&b, 400_000).unwrap();
    // bob's unbonding shares bear the loss too
    suite
        .request_unbond(&b, Uint128::new(400_000_000_000))
        .unwrap();
    let cover_id = suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 150_000, 90 * DAY)
        .unwrap();

    suite.payout(cover_id, &holder, 100_000).unwrap();
    assert_eq!(suite.balance(&holder), 100_000);
    let state = suite.pool_state();
    assert_eq!(state.total_assets, Uint128::new(900_000));
    assert_eq!(state.active_cover, Uint128::new(50_000));
    assert_eq!(suite.staker(&a).value, Uint128::new(540_000));
    assert_eq!(
        suite.unbondings(&b).unbondings[0].value,
        Uint128::new(360_000)
    );
    assert_eq!(suite.cover(cover_id).remaining, Uint128::new(50_000));
    assert_eq!(
        suite.policy(cover_id).policy.remaining_amount,
        Uint128::new(50_000)
    );
    assert!(!state.circuit_breaker_tripped);
    assert_pool_conserved(&suite);

    // more than what is left on the cover
    assert_eq!(
        pool_err(suite.payout(cover_id, &holder, 50_001)),
        ContractError::ExceedsRemainingCover {
            requested: Uint128::new(50_001),
            remaining: Uint128::new(50_000)
        }
    );
    suite.payout(cover_id, &holder, 50_000).unwrap();
    assert_eq!(suite.cover(cover_id).remaining, Uint128::zero());
    assert_eq!(
        suite.policy(cover_id).status,
        insurance_common::cover_nft::PolicyStatus::Paid
    );
    // paid in full: a second claim cannot pay again
    assert_eq!(
        pool_err(suite.payout(cover_id, &holder, 1)),
        ContractError::ExceedsRemainingCover {
            requested: Uint128::new(1),
            remaining: Uint128::zero()
        }
    );
    suite.advance_time(PoolParams::default().unbonding_period);
    let id = suite.unbondings(&b).unbondings[0].id;
    suite.withdraw(&b, id).unwrap();
    assert_eq!(suite.balance(&b), 340_000);
    assert_pool_conserved(&suite);
}

#[test]
fn payout_failures() {
    let (mut suite, staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 10_000);
    let cover_id = suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .unwrap();
    let msg = ExecuteMsg::Court(CourtMsg::Payout {
        cover_id,
        recipient: buyer.to_string(),
        amount: Uint128::new(10),
        event: insurance_common::risk_pool::LossEvent::Claim { claim_id: 1 },
        claims_fund: Uint128::zero(),
    });
    assert_eq!(
        pool_err(suite.execute_pool(&buyer, &msg, &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: buyer.clone(),
            role: Authority::ClaimsCourt
        })
    );
    let gov = suite.governance.clone();
    assert_eq!(
        pool_err(suite.execute_pool(&gov, &msg, &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: gov.clone(),
            role: Authority::ClaimsCourt
        })
    );
    assert_eq!(
        pool_err(suite.payout(cover_id, &buyer, 0)),
        ContractError::ZeroAmount {}
    );
    assert_eq!(
        pool_err(suite.payout(42, &buyer, 1)),
        ContractError::CoverNotFound { cover_id: 42 }
    );
    let court = suite.claims_court.clone();
    suite.fund(&court, 10);
    assert_eq!(
        payment_err(suite.execute_pool(&court, &msg, &coins(10, DENOM))),
        cw_utils::PaymentError::NonPayable {}
    );
    assert_eq!(suite.pool_state().total_assets, Uint128::new(1_000_000));
    let _ = staker;
}

#[test]
fn a_large_loss_trips_the_circuit_breaker_until_governance_resumes() {
    let (mut suite, staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 100_000);
    let cover_id = suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 500_000, 90 * DAY)
        .unwrap();
    suite
        .request_unbond(&staker, Uint128::new(10_000_000_000))
        .unwrap();
    let id = suite.unbondings(&staker).unbondings[0].id;
    // threshold: 20 % of 1_000_000
    let res = suite.payout(cover_id, &buyer, 200_001).unwrap();
    assert!(res
        .events
        .iter()
        .flat_map(|e| &e.attributes)
        .any(|a| a.key == "circuit_breaker_tripped" && a.value == "true"));
    assert!(suite.pool_state().circuit_breaker_tripped);
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &ExecuteMsg::BuyCover {
                product_id: 1,
                amount: Uint128::new(1_000),
                duration: 30 * DAY,
                max_premium: Uint128::new(1_000)
            },
            &coins(1_000, DENOM)
        )),
        ContractError::CircuitBreakerTripped {}
    );
    suite.advance_time(PoolParams::default().unbonding_period);
    assert_eq!(
        pool_err(suite.withdraw(&staker, id)),
        ContractError::CircuitBreakerTripped {}
    );
    // deposits still welcome
    suite.fund(&staker, 1_000);
    suite.deposit(&staker, 1_000).unwrap();
    // only governance resumes
    assert_eq!(
        pool_err(suite.execute_pool(
            &buyer,
            &ExecuteMsg::Governance(GovernanceMsg::ResumeCover {}),
            &[]
        )),
        ContractError::Unauthorized(Unauthorized {
            sender: buyer.clone(),
            role: Authority::Governance
        })
    );
    suite.sudo_pool(GovernanceMsg::ResumeCover {}).unwrap();
    suite.withdraw(&staker, id).unwrap();
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 1_000, 30 * DAY)
        .unwrap();
    assert_pool_conserved(&suite);
}

#[test]
fn claims_fund_goes_to_the_court_only() {
    let (mut suite, _staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 10_000);
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 365 * DAY)
        .unwrap();
    assert_eq!(suite.pool_state().claims_fund, Uint128::new(200));
    let court = suite.claims_court.clone();
    let take = |amount: u128| {
        ExecuteMsg::Court(CourtMsg::WithdrawClaimsFund {
            amount: Uint128::new(amount),
        })
    };
    assert_eq!(
        pool_err(suite.execute_pool(&buyer, &take(1), &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: buyer.clone(),
            role: Authority::ClaimsCourt
        })
    );
    assert_eq!(
        pool_err(suite.execute_pool(&court, &take(0), &[])),
        ContractError::ZeroAmount {}
    );
    assert_eq!(
        pool_err(suite.execute_pool(&court, &take(201), &[])),
        ContractError::InsufficientClaimsFund {
            requested: Uint128::new(201),
            available: Uint128::new(200)
        }
    );
    suite.execute_pool(&court, &take(150), &[]).unwrap();
    assert_eq!(suite.balance(&court), 150);
    assert_eq!(suite.pool_state().claims_fund, Uint128::new(50));
    assert_pool_conserved(&suite);
}

#[test]
fn governance_through_its_address_and_through_sudo() {
    let mut suite = SuiteBuilder::new().build();
    let stranger = suite.addr("stranger");
    let product = ProductInfo {
        id: 7,
        name: "Bridge cover".to_string(),
        base_annual_rate: Decimal::percent(4),
        capacity_weight: Decimal::percent(30),
        grace_period: 14 * DAY,
        claim_method: ClaimMethod::Discretionary,
    };
    let add = GovernanceMsg::AddProduct {
        product: product.clone(),
    };
    assert_eq!(
        pool_err(suite.execute_pool(&stranger, &ExecuteMsg::Governance(add.clone()), &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    suite.sudo_pool(add.clone()).unwrap();
    assert_eq!(
        pool_err(suite.governance(add)),
        ContractError::ProductExists { product_id: 7 }
    );
    assert_eq!(suite.product(7).product, product);

    let mut updated = product;
    updated.base_annual_rate = Decimal::percent(5);
    suite
        .governance(GovernanceMsg::UpdateProduct {
            product: updated.clone(),
        })
        .unwrap();
    assert_eq!(
        suite.product(7).product.base_annual_rate,
        Decimal::percent(5)
    );
    let mut unknown = updated.clone();
    unknown.id = 8;
    assert_eq!(
        pool_err(suite.sudo_pool(GovernanceMsg::UpdateProduct { product: unknown })),
        ContractError::ProductNotFound { product_id: 8 }
    );
    assert_eq!(
        pool_err(suite.governance(GovernanceMsg::SetProductPaused {
            product_id: 8,
            paused: true
        })),
        ContractError::ProductNotFound { product_id: 8 }
    );
    let mut bad = updated.clone();
    bad.capacity_weight = Decimal::percent(101);
    assert_eq!(
        pool_err(suite.governance(GovernanceMsg::UpdateProduct { product: bad })),
        ContractError::InvalidProduct {
            reason: ProductError::CapacityWeight
        }
    );
    let mut bad = updated;
    bad.name = String::new();
    assert_eq!(
        pool_err(suite.governance(GovernanceMsg::UpdateProduct { product: bad })),
        ContractError::InvalidProduct {
            reason: ProductError::Name
        }
    );

    // parameters
    let params = PoolParams {
        capacity_multiple: Decimal::from_ratio(3u128, 1u128),
        ..PoolParams::default()
    };
    suite
        .sudo_pool(GovernanceMsg::UpdateParams {
            params: params.clone(),
        })
        .unwrap();
    assert_eq!(suite.pool_config().params, params);
    let mut bad = params.clone();
    bad.premium_split.treasury = Decimal::percent(16);
    assert_eq!(
        pool_err(suite.governance(GovernanceMsg::UpdateParams { params: bad })),
        ContractError::InvalidParams {
            reason: ParamError::PremiumSplit
        }
    );
    let mut bad = params.clone();
    bad.min_cover_duration = bad.max_cover_duration + 1;
    assert_eq!(
        pool_err(suite.governance(GovernanceMsg::UpdateParams { params: bad })),
        ContractError::InvalidParams {
            reason: ParamError::CoverDurations
        }
    );
    for window in [0, 3_599, 365 * DAY + 1] {
        let mut bad = params.clone();
        bad.circuit_breaker_window = window;
        assert_eq!(
            pool_err(suite.governance(GovernanceMsg::UpdateParams { params: bad })),
            ContractError::InvalidBreakerWindow {
                window,
                min: 3_600,
                max: 365 * DAY
            }
        );
    }
    assert_eq!(suite.pool_config().params, params);
    let mut bad = params;
    bad.pricing.min_annual_rate = Decimal::zero();
    assert_eq!(
        pool_err(suite.sudo_pool(GovernanceMsg::UpdateParams { params: bad })),
        ContractError::InvalidParams {
            reason: ParamError::AnnualRates
        }
    );

    // config and companions
    let new_treasury = suite.addr("new_treasury");
    suite
        .governance(GovernanceMsg::UpdateConfig {
            governance: None,
            treasury: Some(new_treasury.to_string()),
        })
        .unwrap();
    assert_eq!(suite.pool_config().treasury, new_treasury);
    let vault = suite.addr("vault");
    suite
        .sudo_pool(GovernanceMsg::SetCompanions {
            cover_nft: None,
            claims_court: None,
            tranche_vault: Some(vault.to_string()),
            reinsurance_bridge: None,
        })
        .unwrap();
    let config = suite.pool_config();
    assert_eq!(config.tranche_vault, Some(vault));
    assert_eq!(config.cover_nft, Some(suite.cover_nft.clone()));
    let invalid = cosmwasm_std::Api::addr_validate(suite.app.api(), "not an address").unwrap_err();
    assert_eq!(
        pool_err(suite.governance(GovernanceMsg::UpdateConfig {
            governance: Some("not an address".to_string()),
            treasury: None
        })),
        ContractError::Std(invalid)
    );
    // governance hands over
    let new_gov = suite.addr("new_gov");
    suite
        .governance(GovernanceMsg::UpdateConfig {
            governance: Some(new_gov.to_string()),
            treasury: None,
        })
        .unwrap();
    assert_eq!(
        pool_err(suite.governance(GovernanceMsg::ResumeCover {})),
        ContractError::Unauthorized(Unauthorized {
            sender: suite.governance.clone(),
            role: Authority::Governance
        })
    );
    suite
        .execute_pool(
            &new_gov,
            &ExecuteMsg::Governance(GovernanceMsg::ResumeCover {}),
            &[],
        )
        .unwrap();
}

#[test]
fn long_idle_pool_asks_for_sync_then_catches_up() {
    let (mut suite, staker) = funded_suite();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 100_000);
    suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 28 * DAY)
        .unwrap();
    // more than 64 weekly buckets
    suite.advance_time(70 * 7 * DAY);
    suite.fund(&staker, 10);
    assert_eq!(
        pool_err(suite.deposit(&staker, 10)),
        ContractError::SyncRequired {}
    );
    let anyone = suite.addr("anyone");
    suite
        .execute_pool(
            &anyone,
            &ExecuteMsg::Sync {
                product_id: Some(DISCRETIONARY_PRODUCT),
            },
            &[],
        )
        .unwrap();
    suite.deposit(&staker, 10).unwrap();
    assert_eq!(suite.pool_state().active_cover, Uint128::zero());
    suite.claim_rewards(&staker).unwrap();
    assert_pool_conserved(&suite);
    assert_eq!(
        pool_err(suite.execute_pool(
            &anyone,
            &ExecuteMsg::Sync {
                product_id: Some(9)
            },
            &[]
        )),
        ContractError::ProductNotFound { product_id: 9 }
    );
}

#[test]
fn buying_needs_the_cover_nft_companion() {
    let mut suite = SuiteBuilder::new().build();
    let buyer = suite.addr("buyer");
    suite.fund(&buyer, 10_000);
    // a fresh pool with no companions set
    let code = suite
        .app
        .store_code(insurance_testing::contracts::risk_pool());
    let gov = suite.governance.clone();
    let pool = suite
        .app
        .instantiate_contract(
            code,
            gov.clone(),
            &insurance_common::risk_pool::InstantiateMsg {
                collateral_denom: DENOM.to_string(),
                governance: gov.to_string(),
                treasury: suite.treasury.to_string(),
                params: PoolParams::default(),
            },
            &[],
            "bare pool",
            None,
        )
        .unwrap();
    use cw_multi_test::Executor;
    let res = suite.app.execute_contract(
        buyer,
        pool,
        &ExecuteMsg::BuyCover {
            product_id: 1,
            amount: Uint128::new(1),
            duration: 30 * DAY,
            max_premium: Uint128::new(10),
        },
        &coins(10, DENOM),
    );
    assert_eq!(
        pool_err(res),
        ContractError::CompanionNotSet {
            companion: Companion::CoverNft
        }
    );
}

#[test]
fn instantiate_rejects_bad_parameters() {
    let mut suite = SuiteBuilder::new().build();
    let code = suite
        .app
        .store_code(insurance_testing::contracts::risk_pool());
    let gov = suite.governance.clone();
    let params = PoolParams {
        unbonding_period: 0,
        ..PoolParams::default()
    };
    use cw_multi_test::Executor;
    let res = suite.app.instantiate_contract(
        code,
        gov.clone(),
        &insurance_common::risk_pool::InstantiateMsg {
            collateral_denom: DENOM.to_string(),
            governance: gov.to_string(),
            treasury: gov.to_string(),
            params,
        },
        &[],
        "bad",
        None,
    );
    assert_eq!(
        pool_err(res),
        ContractError::InvalidParams {
            reason: ParamError::UnbondingPeriod
        }
    );
}

#[test]
fn migrate_keeps_state() {
    let (mut suite, staker) = funded_suite();
    let code = suite
        .app
        .store_code(insurance_testing::contracts::risk_pool());
    let gov = suite.governance.clone();
    let pool = suite.pool.clone();
    use cw_multi_test::Executor;
    suite
        .app
        .migrate_contract(gov, pool, &insurance_common::risk_pool::MigrateMsg {}, code)
        .unwrap();
    assert_eq!(suite.staker(&staker).value, Uint128::new(1_000_000));
}

/// At a week's end the pool reads one expiry record per product with a cover
/// ending in it: governance lists at most `MAX_PRODUCTS`, and a refused
/// listing changes nothing.
#[test]
fn governance_lists_at_most_max_products() {
    let mut suite = SuiteBuilder::new().build();
    let count = |suite: &Suite| {
        let mut ids = vec![];
        loop {
            let page: insurance_common::risk_pool::ProductsResponse = suite
                .app
                .wrap()
                .query_wasm_smart(
                    &suite.pool,
                    &insurance_common::risk_pool::QueryMsg::Products {
                        start_after: ids.last().copied(),
                        limit: None,
                    },
                )
                .unwrap();
            if page.products.is_empty() {
                return ids.len();
            }
            ids.extend(page.products.iter().map(|p| p.product.id));
        }
    };
    let product = |id: u32| GovernanceMsg::AddProduct {
        product: ProductInfo {
            id,
            name: format!("Cover {id}"),
            base_annual_rate: Decimal::percent(2),
            capacity_weight: Decimal::percent(10),
            grace_period: 14 * DAY,
            claim_method: ClaimMethod::Discretionary,
        },
    };
    let mut id = 1_000;
    while count(&suite) < risk_pool::state::MAX_PRODUCTS {
        suite.sudo_pool(product(id)).unwrap();
        id += 1;
    }
    assert_eq!(
        pool_err(suite.governance(product(id))),
        ContractError::TooManyProducts {
            max: risk_pool::state::MAX_PRODUCTS as u32
        }
    );
    assert_eq!(count(&suite), risk_pool::state::MAX_PRODUCTS);
    assert!(suite
        .app
        .wrap()
        .query_wasm_smart::<insurance_common::risk_pool::ProductResponse>(
            &suite.pool,
            &insurance_common::risk_pool::QueryMsg::Product { product_id: id },
        )
        .is_err());
}
