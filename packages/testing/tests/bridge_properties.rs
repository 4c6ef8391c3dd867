//! Property campaign over the reinsurance bridge on two chains: random
//! sequences of cessions, payouts (recoveries, several losses per event),
//! relaying in any order, timeouts, error acks (the reinsurer short of
//! capital, an error ack relayed before the success ack of a duplicate),
//! relayer outages with an expired light client, and retries. After every
//! step: per-denom conservation on both chains, the pool's cash and
//! receivable match both bridges' books, and no recovery is credited twice.
//! The campaign counts the operations that succeeded and fails if most were
//! refused.

use std::cell::RefCell;

use cosmwasm_std::{Decimal, StdAck, Timestamp, Uint128};
use insurance_common::reinsurance_bridge::{
    ExecuteMsg, GovernanceMsg, InFlightKind, InFlightStatus, LossId, LossResponse, LossStatus,
    PaidRecoveryResponse, QueryMsg, TreatyKind, TreatyTerms,
};
use insurance_common::risk_pool::{LossEvent, DAY};
use insurance_testing::assert::assert_two_chains_conserved;
use insurance_testing::ibc::Side;
use insurance_testing::reinsurance::{
    quota_share_terms, ReinsuranceBuilder, ReinsuranceWorld, CAPITAL_PROVIDER, PACKET_TIMEOUT,
};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::SuiteBuilder;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const STAKE: u128 = 2_000_000;
const BUYERS: usize = 3;
const BUYER_FUNDS: u128 = 100_000;
const CAPITAL: u128 = 150_000;
const CAPITAL_OWNER: &str = "capital_owner";

#[derive(Debug, Clone)]
enum Op {
    Buy {
        buyer: usize,
        amount: u128,
    },
    Payout {
        cover: usize,
        percent: u8,
        event: u64,
    },
    RelayAll,
    RelayOne {
        from_a: bool,
    },
    /// The reinsurer's chain passes the timeouts of what is pending.
    ReinsurerAhead,
    /// The cedent's chain passes the timeouts of transfers coming to it.
    CedentAhead,
    /// A faulty relayer: the reinsurer receives a pending packet, then an
    /// error ack reaches the cedent before the success ack.
    ErrorAckFirst,
    /// A duplicate of a packet the reinsurer received is handed to it again.
    Duplicate,
    /// The cedent's light client of the partner expires, or is renewed.
    Outage {
        down: bool,
    },
    Retry,
    /// Reinsurer's governance withdraws part of its free capital.
    WithdrawCapital {
        percent: u8,
    },
    Advance {
        hours: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..BUYERS, 1_000u128..80_000).prop_map(|(buyer, amount)| Op::Buy { buyer, amount }),
        4 => (0usize..10, 1u8..=100, 0u64..3)
            .prop_map(|(cover, percent, event)| Op::Payout { cover, percent, event }),
        4 => Just(Op::RelayAll),
        2 => any::<bool>().prop_map(|from_a| Op::RelayOne { from_a }),
        1 => Just(Op::ReinsurerAhead),
        1 => Just(Op::CedentAhead),
        1 => Just(Op::ErrorAckFirst),
        1 => Just(Op::Duplicate),
        1 => any::<bool>().prop_map(|down| Op::Outage { down }),
        2 => Just(Op::Retry),
        1 => (1u8..=100).prop_map(|percent| Op::WithdrawCapital { percent }),
        1 => (1u64..48).prop_map(|hours| Op::Advance { hours }),
    ]
}

#[derive(Default, Debug)]
struct Stats {
    attempted: u64,
    succeeded: u64,
    recoveries_paid: u64,
    timeouts: u64,
    error_acks: u64,
    retries: u64,
}

struct Model {
    w: ReinsuranceWorld,
    covers: Vec<(u64, usize)>,
    losses: Vec<LossId>,
    client_down: bool,
    /// Bridge packets the reinsurer received.
    received: Vec<cosmwasm_std::IbcPacket>,
}

fn xol(now: Timestamp) -> TreatyTerms {
    TreatyTerms {
        kind: TreatyKind::ExcessOfLoss {
            retention: Uint128::new(5_000),
            limit: Uint128::new(30_000),
            aggregate_limit: Uint128::new(80_000),
            premium_rate: Decimal::percent(10),
        },
        ..quota_share_terms(now)
    }
}

fn buyer(i: usize) -> String {
    format!("buyer{i}")
}

impl Model {
    fn new(excess_of_loss: bool) -> Model {
        let mut suite = SuiteBuilder::new().with_funds("staker", STAKE);
        for i in 0..BUYERS {
            suite = suite.with_funds(&buyer(i), BUYER_FUNDS);
        }
        let now = cosmwasm_std::testing::mock_env().block.time;
        let mut terms = if excess_of_loss {
            xol(now)
        } else {
            quota_share_terms(now)
        };
        terms.capacity = Uint128::new(10_000_000);
        let mut w = ReinsuranceBuilder::new(suite)
            .with_capital(CAPITAL)
            .with_terms(terms)
            .build();
        let staker = w.cedent.addr("staker");
        w.cedent.deposit(&staker, STAKE).unwrap();
        Model {
            w,
            covers: vec![],
            losses: vec![],
            client_down: false,
            received: vec![],
        }
    }

    fn relayed(&mut self, relayed: &[insurance_testing::ibc::Relayed], stats: &mut Stats) {
        for r in relayed {
            if !r.is_transfer() && !r.timed_out() {
                self.received.push(r.packet.clone());
            }
            assert_eq!(r.receive_error, None, "ibc_packet_receive never fails");
            assert!(r.callback_errors.is_empty(), "{:?}", r.callback_errors);
            stats.timeouts += r.timed_out() as u64;
            stats.error_acks += r.error().is_some() as u64;
        }
    }

    /// Applies `op`; true if it did something.
    fn apply(&mut self, op: &Op, stats: &mut Stats) -> bool {
        let w = &mut self.w;
        match op {
            Op::Buy { buyer: b, amount } => {
                let addr = w.cedent.addr(&buyer(*b));
                match w
                    .cedent
                    .buy_cover(&addr, DISCRETIONARY_PRODUCT, *amount, 200 * DAY)
                {
                    Ok(cover) => {
                        self.covers.push((cover, *b));
                        true
                    }
                    Err(_) => false,
                }
            }
            Op::Payout {
                cover,
                percent,
                event,
            } => {
                if self.covers.is_empty() {
                    return false;
                }
                let (cover_id, b) = self.covers[cover % self.covers.len()];
                let remaining = w.cedent.cover(cover_id).remaining.u128();
                let amount = remaining * u128::from(*percent) / 100;
                if amount == 0 {
                    return false;
                }
                let addr = w.cedent.addr(&buyer(b));
                let event = LossEvent::Incident {
                    incident_id: *event,
                };
                match w.cedent.payout_for_event(cover_id, &addr, amount, event) {
                    Ok(_) => {
                        let payouts = self.losses.iter().filter(|l| l.cover_id == cover_id);
                        let sequence = payouts.count() as u32 + 1;
                        self.losses.push(LossId { cover_id, sequence });
                        true
                    }
                    Err(_) => false,
                }
            }
            Op::RelayAll => {
                let relayed = w.relay_all();
                self.relayed(&relayed, stats);
                !relayed.is_empty()
            }
            Op::RelayOne { from_a } => {
                let side = if *from_a { Side::A } else { Side::B };
                let relayed = w.relayer().relay_next(side).expect("relay");
                let relayed: Vec<_> = relayed.into_iter().collect();
                self.relayed(&relayed, stats);
                !relayed.is_empty()
            }
            Op::ReinsurerAhead => {
                w.advance_reinsurer(PACKET_TIMEOUT);
                true
            }
            Op::CedentAhead => {
                w.cedent.advance_time(PACKET_TIMEOUT);
                true
            }
            Op::ErrorAckFirst => {
                let mut r = w.relayer();
                let Some(pending) = r
                    .pending(Side::A)
                    .into_iter()
                    .find(|p| p.transfer.is_none())
                else {
                    return false;
                };
                if r.stuck(Side::A).unwrap().iter().any(|s| s.id == pending.id) {
                    return false;
                }
                let received = r.relay(Side::A, pending.clone());
                let Ok(received) = received else {
                    return false;
                };
                if received.is_success() {
                    // The error ack of a duplicate, relayed late: nothing changes.
                    r.acknowledge_raw(
                        Side::A,
                        pending.packet,
                        StdAck::error("duplicate").to_binary(),
                    )
                    .unwrap();
                    stats.error_acks += 1;
                }
                drop(r);
                self.relayed(&[received], stats);
                true
            }
            Op::Duplicate => {
                let Some(packet) = self.received.last().cloned() else {
                    return false;
                };
                let received = w.relayer().deliver(Side::B, packet).unwrap();
                assert_eq!(received.receive_error, None);
                // Answered with the original success ack, or refused: never applied twice.
                true
            }
            Op::Outage { down } => {
                let host = w.host_a.clone();
                host.set_client_active(&mut w.cedent.app, !down);
                self.client_down = *down;
                true
            }
            Op::Retry => {
                let mut did = false;
                let stranger = w.cedent.addr("stranger");
                for loss in self.losses.clone() {
                    let Ok(l) = w
                        .cedent
                        .app
                        .wrap()
                        .query_wasm_smart::<LossResponse>(&w.bridge_a, &QueryMsg::Loss { loss })
                    else {
                        continue;
                    };
                    if matches!(l.status, LossStatus::Waiting | LossStatus::TimedOut)
                        && w.execute_a(&stranger, &ExecuteMsg::RetryRecovery { loss }, &[])
                            .is_ok()
                    {
                        stats.retries += 1;
                        did = true;
                    }
                }
                for item in w.in_flight_a() {
                    if item.status == InFlightStatus::Returned {
                        let retry = ExecuteMsg::RetryTransfer {
                            transfer_id: item.id,
                        };
                        did |= w.execute_a(&stranger, &retry, &[]).is_ok();
                    }
                }
                let keeper = w.reinsurer.api().addr_make("keeper");
                for item in w.in_flight_b() {
                    if item.status == InFlightStatus::Returned {
                        let retry = ExecuteMsg::RetryTransfer {
                            transfer_id: item.id,
                        };
                        did |= w.execute_b(&keeper, &retry, &[]).is_ok();
                    }
                }
                did
            }
            Op::WithdrawCapital { percent } => {
                let t = w.treaty_b();
                let free = w.balance_b(&w.bridge_b)
                    - w.in_flight_b()
                        .iter()
                        .filter(|i| i.status == InFlightStatus::Returned)
                        .map(|i| i.amount.u128())
                        .sum::<u128>();
                let amount = free * u128::from(*percent) / 100;
                if amount == 0 {
                    return false;
                }
                let owner = w.reinsurer.api().addr_make(CAPITAL_OWNER);
                w.governance_b(GovernanceMsg::WithdrawCapital {
                    channel_id: t.channel_id,
                    treaty_id: t.terms.id,
                    recipient: owner.to_string(),
                    amount: Uint128::new(amount),
                })
                .is_ok()
            }
            Op::Advance { hours } => {
                w.advance_time(hours * 3_600);
                true
            }
        }
    }

    /// The invariants, after every step.
    fn check(&self) {
        let w = &self.w;
        let s = &w.cedent;
        // Chain A's collateral is conserved, B's vouchers are backed one for
        // one, the pool's balance is its cash.
        let mut holders = vec![
            s.addr("staker"),
            s.addr("stranger"),
            s.addr(CAPITAL_PROVIDER),
        ];
        holders.extend((0..BUYERS).map(|i| s.addr(&buyer(i))));
        let minted = STAKE + BUYER_FUNDS * BUYERS as u128 + w.capital;
        let owner = w.reinsurer.api().addr_make(CAPITAL_OWNER);
        assert_two_chains_conserved(w, &holders, minted, &[owner]);
        // The pool's receivable is what the cedent's bridge still expects.
        let p = s.pool_state();
        let (ta, tb) = (w.treaty_a(), w.treaty_b());
        assert_eq!(
            p.reinsurance_receivable,
            ta.claimed - ta.ledger.recoveries_paid
        );
        // The cedent's bridge holds the premium of cessions in flight and of
        // returned premium transfers, nothing else.
        let held: u128 = w
            .in_flight_a()
            .iter()
            .filter(|i| {
                matches!(i.kind, InFlightKind::CessionPacket { .. })
                    || (matches!(i.kind, InFlightKind::PremiumTransfer { .. })
                        && i.status == InFlightStatus::Returned)
            })
            .map(|i| i.amount.u128())
            .sum();
        assert_eq!(w.balance_a(&w.bridge_a), held);
        // The reinsurer: capital + premiums - recoveries that left - withdrawals.
        let returned: u128 = w
            .in_flight_b()
            .iter()
            .filter(|i| i.status == InFlightStatus::Returned)
            .map(|i| i.amount.u128())
            .sum();
        let left = tb.ledger.recoveries_paid.u128() + tb.ledger.recoveries_due.u128() - returned;
        assert_eq!(
            w.balance_b(&w.bridge_b),
            w.capital + tb.ledger.premium_paid.u128() - left - tb.ledger.capital_withdrawn.u128()
        );
        // No recovery credited twice: what the cedent credited is the sum of
        // its paid losses, each paid by the reinsurer exactly once.
        let mut credited = 0u128;
        for loss in &self.losses {
            let Ok(l) = s
                .app
                .wrap()
                .query_wasm_smart::<LossResponse>(&w.bridge_a, &QueryMsg::Loss { loss: *loss })
            else {
                continue;
            };
            if l.status == LossStatus::Paid {
                credited += l.recovery.u128();
                let paid: PaidRecoveryResponse = w.query_b(&QueryMsg::PaidRecovery {
                    channel_id: w.channel_b.clone(),
                    loss: *loss,
                });
                assert_eq!(paid.amount, l.recovery);
            }
        }
        assert_eq!(ta.ledger.recoveries_paid.u128(), credited);
        // A transfer is received and acknowledged in one relay: both sides agree.
        assert_eq!(ta.ledger.recoveries_paid, tb.ledger.recoveries_paid);
        if let TreatyKind::ExcessOfLoss {
            aggregate_limit, ..
        } = ta.terms.kind
        {
            assert!(ta.claimed <= aggregate_limit);
            assert!(tb.ledger.recoveries_due + tb.ledger.recoveries_paid <= aggregate_limit);
        }
    }
}

fn run_case(excess_of_loss: bool, ops: &[Op], stats: &mut Stats) {
    let mut m = Model::new(excess_of_loss);
    m.check();
    for op in ops {
        let counted = matches!(
            op,
            Op::Buy { .. } | Op::Payout { .. } | Op::RelayAll | Op::Retry
        );
        let did = m.apply(op, stats);
        if counted {
            stats.attempted += 1;
            stats.succeeded += did as u64;
        }
        m.check();
    }
    // Relaying resumes and keepers retry: everything settles.
    if m.client_down {
        let host = m.w.host_a.clone();
        host.set_client_active(&mut m.w.cedent.app, true);
    }
    for _ in 0..3 {
        m.apply(&Op::RelayAll, stats);
        m.apply(&Op::Retry, stats);
        m.check();
    }
    m.apply(&Op::RelayAll, stats);
    m.check();
    stats.recoveries_paid += m.w.treaty_a().ledger.recoveries;
}

#[test]
fn bridge_books_hold_on_both_chains_after_every_step() {
    let cases = std::env::var("BRIDGE_PROPERTY_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(24);
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 100,
        ..Config::default()
    });
    let stats = RefCell::new(Stats::default());
    runner
        .run(
            &(any::<bool>(), proptest::collection::vec(op(), 1..40)),
            |(xol, ops)| {
                run_case(xol, &ops, &mut stats.borrow_mut());
                Ok(())
            },
        )
        .unwrap();
    let s = stats.into_inner();
    assert!(
        s.succeeded * 2 >= s.attempted,
        "most operations were refused: {s:?}"
    );
    assert!(
        s.recoveries_paid > 0 && s.timeouts > 0 && s.error_acks > 0 && s.retries > 0,
        "every path was exercised: {s:?}"
    );
}
