//! Property tests: random sequences of deposits, unbonding, withdrawals,
//! cover purchases, time passing (expiries) and payouts keep the pool's books
//! exact, after every step. `BuyCover` charges exactly what `Quote` said on
//! every random state. The run counts the actions that went through: a
//! regression that refuses everything fails it.

#[path = "shared/sequences.rs"]
mod sequences;

use cosmwasm_std::{Addr, Uint128};
use insurance_common::risk_pool::DAY;
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{Suite, SuiteBuilder};
use proptest::prelude::*;

const STAKERS: usize = 3;
const BUYERS: usize = 2;

#[derive(Debug, Clone)]
enum Op {
    Deposit {
        staker: usize,
        amount: u128,
    },
    Unbond {
        staker: usize,
        percent: u8,
    },
    Withdraw {
        staker: usize,
    },
    ClaimRewards {
        staker: usize,
    },
    BuyCover {
        buyer: usize,
        parametric: bool,
        amount: u128,
        days: u64,
    },
    Payout {
        cover: usize,
        percent: u8,
    },
    Advance {
        days: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..STAKERS, 1u128..2_000_000).prop_map(|(staker, amount)| Op::Deposit { staker, amount }),
        2 => (0..STAKERS, 1u8..=100).prop_map(|(staker, percent)| Op::Unbond { staker, percent }),
        2 => (0..STAKERS).prop_map(|staker| Op::Withdraw { staker }),
        1 => (0..STAKERS).prop_map(|staker| Op::ClaimRewards { staker }),
        3 => (0..BUYERS, any::<bool>(), 1u128..1_500_000, 20u64..400)
            .prop_map(|(buyer, parametric, amount, days)| Op::BuyCover { buyer, parametric, amount, days }),
        2 => (0usize..8, 1u8..=120).prop_map(|(cover, percent)| Op::Payout { cover, percent }),
        2 => (1u64..120).prop_map(|days| Op::Advance { days }),
    ]
}

const KINDS: usize = 6;
const NAMES: [&str; KINDS] = [
    "deposit",
    "unbond",
    "withdraw",
    "claim rewards",
    "buy cover",
    "payout",
];

type Tally = sequences::Tally<KINDS>;

struct Model {
    stakers: Vec<Addr>,
    buyers: Vec<Addr>,
    holder: Addr,
    covers: Vec<u64>,
    paid: Vec<u128>,
}

fn check_invariants(suite: &Suite, m: &Model) {
    let s = suite.pool_state();
    // conservation: every token in the pool is accounted for
    assert_eq!(
        suite.balance(&suite.pool),
        (s.total_assets + s.reward_reserve + s.claims_fund).u128()
    );
    // shares add up; values and rewards never exceed what the pool holds
    let mut shares = Uint128::zero();
    let mut values = Uint128::zero();
    let mut rewards = Uint128::zero();
    for st in &m.stakers {
        let p = suite.staker(st);
        shares += p.shares + p.unbonding_shares;
        values += p.value;
        for u in suite.unbondings(st).unbondings {
            values += u.value;
        }
        rewards += p.pending_rewards;
    }
    assert_eq!(shares, s.total_shares);
    assert_eq!(
        s.active_shares
            + m.stakers
                .iter()
                .map(|st| suite.staker(st).unbonding_shares)
                .sum::<Uint128>(),
        s.total_shares
    );
    assert!(
        values <= s.total_assets,
        "stakers could take {values} of {}",
        s.total_assets
    );
    assert!(
        rewards <= s.reward_reserve,
        "rewards {rewards} exceed reserve {}",
        s.reward_reserve
    );
    // no policy paid beyond its amount
    for (i, id) in m.covers.iter().enumerate() {
        let c = suite.cover(*id);
        assert!(c.remaining <= c.amount);
        assert_eq!(c.amount.u128() - c.remaining.u128(), m.paid[i]);
    }
}

fn run(ops: Vec<Op>, tally: &mut Tally) {
    let mut suite = SuiteBuilder::new().build();
    let mut m = Model {
        stakers: (0..STAKERS)
            .map(|i| suite.addr(&format!("staker{i}")))
            .collect(),
        buyers: (0..BUYERS)
            .map(|i| suite.addr(&format!("buyer{i}")))
            .collect(),
        holder: suite.addr("holder"),
        covers: vec![],
        paid: vec![],
    };
    for st in m.stakers.clone() {
        suite.fund(&st, 100_000_000);
    }
    for b in m.buyers.clone() {
        suite.fund(&b, 100_000_000);
    }
    let mut holder_received = 0u128;
    for op in ops {
        match op {
            Op::Deposit { staker, amount } => {
                let ok = suite.deposit(&m.stakers[staker].clone(), amount).is_ok();
                tally.count(0, ok);
            }
            Op::Unbond { staker, percent } => {
                let st = m.stakers[staker].clone();
                let shares = suite
                    .staker(&st)
                    .shares
                    .multiply_ratio(percent as u128, 100u128);
                if !shares.is_zero() {
                    tally.count(1, suite.request_unbond(&st, shares).is_ok());
                }
            }
            Op::Withdraw { staker } => {
                let st = m.stakers[staker].clone();
                if let Some(u) = suite.unbondings(&st).unbondings.first() {
                    let before = suite.balance(&st);
                    let value = u.value.u128();
                    let ok = suite.withdraw(&st, u.id).is_ok();
                    if ok {
                        // exactly the unbonding's value, never more
                        assert_eq!(suite.balance(&st) - before, value);
                    }
                    if u.withdrawable {
                        tally.count(2, ok);
                    }
                }
            }
            Op::ClaimRewards { staker } => {
                let st = m.stakers[staker].clone();
                let pending = suite.staker(&st).pending_rewards.u128();
                let before = suite.balance(&st);
                let ok = suite.claim_rewards(&st).is_ok();
                if ok {
                    assert_eq!(suite.balance(&st) - before, pending);
                }
                if pending > 0 {
                    tally.count(3, ok);
                }
            }
            Op::BuyCover {
                buyer,
                parametric,
                amount,
                days,
            } => {
                let product = if parametric {
                    PARAMETRIC_PRODUCT
                } else {
                    DISCRETIONARY_PRODUCT
                };
                let b = m.buyers[buyer].clone();
                let quote = suite.quote(product, amount, days * DAY);
                let before = suite.balance(&b);
                let bought = suite.buy_cover(&b, product, amount, days * DAY);
                // what the quote says is what the purchase charges; what it
                // refuses, the purchase refuses
                match (&quote, &bought) {
                    (Ok(q), Ok(_)) => assert_eq!(before - suite.balance(&b), q.premium.u128()),
                    (Err(_), Err(_)) => {}
                    _ => panic!("quote {quote:?} but purchase {bought:?}"),
                }
                tally.count(4, bought.is_ok());
                if let Ok(id) = bought {
                    let s = suite.pool_state();
                    assert!(s.active_cover <= s.capacity, "cover beyond capacity");
                    let p = suite.product(product);
                    assert!(p.active_cover <= p.capacity, "product cover beyond its cap");
                    m.covers.push(id);
                    m.paid.push(0);
                }
            }
            Op::Payout { cover, percent } => {
                if m.covers.is_empty() {
                    continue;
                }
                let i = cover % m.covers.len();
                let c = suite.cover(m.covers[i]);
                let amount = c
                    .amount
                    .multiply_ratio(percent as u128, 100u128)
                    .u128()
                    .max(1);
                let holder = m.holder.clone();
                let ok = suite.payout(m.covers[i], &holder, amount).is_ok();
                tally.count(5, ok);
                if ok {
                    m.paid[i] += amount;
                    holder_received += amount;
                } else {
                    // refused only when it would pay beyond the cover or the capital
                    let s = suite.pool_state();
                    assert!(amount > c.remaining.u128() || amount > s.total_assets.u128());
                }
                if suite.pool_state().circuit_breaker_tripped {
                    suite
                        .sudo_pool(insurance_common::risk_pool::GovernanceMsg::ResumeCover {})
                        .unwrap();
                }
            }
            Op::Advance { days } => suite.advance_time(days * DAY),
        }
        check_invariants(&suite, &m);
    }
    assert_eq!(suite.balance(&m.holder), holder_received);
}

#[test]
fn books_stay_exact() {
    // The invariants hold after every action, on a pool that works.
    sequences::run_sequences(NAMES, op(), run);
}
