//! Attacks through the reinsurance bridge and IBC: each test performs the
//! attack on two chains and asserts the attacker's and the victims' balances
//! on both.

use cosmwasm_std::{coin, BankMsg, Decimal, Timestamp, Uint128};
use cw_multi_test::Executor;
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::reinsurance_bridge::{
    CessionResponse, CessionStatus, ExecuteMsg, GovernanceMsg, InFlightKind, LossId, LossResponse,
    LossStatus, QueryMsg, TreatyKind, TreatyTerms,
};
use insurance_common::risk_pool::{
    ExecuteMsg as PoolExecuteMsg, GovernanceMsg as PoolGovernanceMsg, LossEvent, ReinsuranceMsg,
    DAY,
};
use insurance_testing::assert::{assert_two_chains_conserved, bridge_err};
use insurance_testing::ibc::Side;
use insurance_testing::reinsurance::{
    quota_share_terms, ReinsuranceBuilder, ReinsuranceWorld, CAPITAL_PROVIDER, PACKET_TIMEOUT,
    TREATY_ID,
};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::{SuiteBuilder, DENOM};
use reinsurance_bridge::ContractError;

const STAKE: u128 = 1_000_000;
const CAPITAL: u128 = 200_000;
const COVER: u128 = 100_000;
/// 30 % of the 2 000 premium of a 100 000 cover for a year.
const CEDED: u128 = 600;
const BUYERS: usize = 6;
const BUYER_FUNDS: u128 = 10_000;
const ATTACKER_FUNDS: u128 = 1_000_000;

fn genesis() -> Timestamp {
    cosmwasm_std::testing::mock_env().block.time
}

fn buyer(i: usize) -> String {
    format!("buyer{i}")
}

fn builder() -> ReinsuranceBuilder {
    let mut suite = SuiteBuilder::new()
        .with_funds("staker", STAKE)
        .with_funds("attacker", ATTACKER_FUNDS)
        .with_funds("stranger", 1_000);
    for i in 0..BUYERS {
        suite = suite.with_funds(&buyer(i), BUYER_FUNDS);
    }
    ReinsuranceBuilder::new(suite).with_capital(CAPITAL)
}

fn world_with(builder: ReinsuranceBuilder) -> ReinsuranceWorld {
    let mut w = builder.build();
    let staker = w.cedent.addr("staker");
    w.cedent.deposit(&staker, STAKE).unwrap();
    w
}

fn buy(w: &mut ReinsuranceWorld, i: usize, amount: u128) -> u64 {
    let b = w.cedent.addr(&buyer(i));
    w.cedent
        .buy_cover(&b, DISCRETIONARY_PRODUCT, amount, 365 * DAY)
        .unwrap()
}

fn loss_of(w: &ReinsuranceWorld, cover_id: u64, sequence: u32) -> LossResponse {
    w.query_a(&QueryMsg::Loss {
        loss: LossId { cover_id, sequence },
    })
}

fn cession(w: &ReinsuranceWorld, cover_id: u64) -> CessionResponse {
    w.query_a(&QueryMsg::Cession { cover_id })
}

/// Chain A's collateral is all accounted for, ICS-20's escrow backs every
/// voucher on B, and the pool's bank balance is its cash.
fn assert_conserved(w: &ReinsuranceWorld) {
    let s = &w.cedent;
    let mut holders = vec![
        s.addr("staker"),
        s.addr("attacker"),
        s.addr("stranger"),
        s.addr(CAPITAL_PROVIDER),
    ];
    holders.extend((0..BUYERS).map(|i| s.addr(&buyer(i))));
    let minted = STAKE + ATTACKER_FUNDS + 1_000 + BUYER_FUNDS * BUYERS as u128 + w.capital;
    assert_two_chains_conserved(w, &holders, minted, &[]);
}

/// A staker deposits while a recovery is in flight, hoping to share it;
/// then while a cession is in flight that the reinsurer refuses, hoping to
/// share its premium as a lump.
#[test]
fn a_late_staker_captures_neither_a_recovery_in_flight_nor_a_refunded_premium() {
    let mut w = world_with(builder());
    let (staker, attacker) = (w.cedent.addr("staker"), w.cedent.addr("attacker"));
    let cover = buy(&mut w, 0, COVER);
    w.relay_all();
    let b0 = w.cedent.addr(&buyer(0));
    w.cedent.payout(cover, &b0, 10_000).unwrap();
    // The recovery of 3 000 is in flight: the share price counts it already.
    assert_eq!(
        w.cedent.staker(&staker).value.u128(),
        STAKE - 10_000 + 3_000
    );
    w.cedent.deposit(&attacker, ATTACKER_FUNDS).unwrap();
    let attacker_value = w.cedent.staker(&attacker).value.u128();
    assert!(attacker_value <= ATTACKER_FUNDS && attacker_value + 1 >= ATTACKER_FUNDS);
    // The recovery lands: it turns into cash, nobody's value moves.
    let relayed = w.relay_all();
    assert!(relayed.iter().all(|r| r.is_success()), "{relayed:?}");
    assert_eq!(loss_of(&w, cover, 1).status, LossStatus::Paid);
    assert_eq!(w.cedent.staker(&attacker).value.u128(), attacker_value);
    assert_eq!(
        w.cedent.staker(&staker).value.u128(),
        STAKE - 10_000 + 3_000
    );
    // On B the reinsurer paid exactly its share, once.
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 3_000);
    assert_conserved(&w);

    // A refused cession's premium does not land as a lump either.
    let mut w = world_with(builder().with_reinsurer_terms(None));
    let cover = buy(&mut w, 0, COVER);
    w.cedent.deposit(&attacker, ATTACKER_FUNDS).unwrap();
    let before = (
        w.cedent.staker(&staker).value.u128(),
        w.cedent.staker(&attacker).value.u128(),
    );
    let relayed = w.relay_all();
    assert!(relayed[0].error().is_some());
    assert_eq!(
        cession(&w, cover).status,
        CessionStatus::Rejected {
            reason: ContractError::TreatyNotFound {
                channel_id: w.channel_b.clone(),
                treaty_id: TREATY_ID
            }
            .to_string()
        }
    );
    assert_eq!(
        (
            w.cedent.staker(&staker).value.u128(),
            w.cedent.staker(&attacker).value.u128()
        ),
        before,
        "the refunded premium streams to stakers with time, not as capital"
    );
    // The attacker exits at once (fully unbonded later) with what it paid in,
    // less rounding: nothing of the 600 in its value.
    assert!(before.1 <= ATTACKER_FUNDS);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL);
    assert_conserved(&w);
}

fn xol_terms(now: Timestamp) -> TreatyTerms {
    TreatyTerms {
        kind: TreatyKind::ExcessOfLoss {
            retention: Uint128::new(5_000),
            limit: Uint128::new(20_000),
            aggregate_limit: Uint128::new(30_000),
            premium_rate: Decimal::percent(10),
        },
        ..quota_share_terms(now)
    }
}

/// One exploit hits six covers, each loss under the retention: per payout
/// the treaty would pay nothing; per event it pays the layer.
#[test]
fn an_exploit_split_over_small_covers_recovers_the_layer_per_event() {
    let mut w = world_with(builder().with_terms(xol_terms(genesis())));
    let staker = w.cedent.addr("staker");
    let covers: Vec<u64> = (0..BUYERS).map(|i| buy(&mut w, i, 10_000)).collect();
    w.relay_all();
    assert!(covers
        .iter()
        .all(|c| cession(&w, *c).status == CessionStatus::Accepted));
    let premiums = w.treaty_b().ledger.premium_paid.u128();
    let exploit = LossEvent::Incident { incident_id: 7 };
    for (i, cover) in covers.iter().enumerate() {
        let b = w.cedent.addr(&buyer(i));
        w.cedent
            .payout_for_event(*cover, &b, 4_000, exploit)
            .unwrap();
    }
    // 24 000 on one event: 19 000 above the retention, under the 20 000 limit.
    let relayed = w.relay_all();
    assert!(relayed.iter().all(|r| r.is_success()), "{relayed:?}");
    let recovered: u128 = covers
        .iter()
        .filter_map(|c| {
            w.cedent
                .app
                .wrap()
                .query_wasm_smart::<LossResponse>(
                    &w.bridge_a,
                    &QueryMsg::Loss {
                        loss: LossId {
                            cover_id: *c,
                            sequence: 1,
                        },
                    },
                )
                .ok()
        })
        .inspect(|l| assert_eq!(l.status, LossStatus::Paid))
        .map(|l| l.recovery.u128())
        .sum();
    assert_eq!(recovered, 19_000);
    assert_eq!(w.treaty_a().ledger.recoveries_paid.u128(), 19_000);
    assert_eq!(w.treaty_b().ledger.recoveries_paid.u128(), 19_000);
    // The stakers bore the retention only; the reinsurer paid the layer, once.
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 24_000 + 19_000
    );
    assert_eq!(w.cedent.staker(&staker).value.u128(), STAKE - 5_000);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + premiums - 19_000);
    // More losses on the same event never pass the per-event limit.
    let b0 = w.cedent.addr(&buyer(0));
    w.cedent
        .payout_for_event(covers[0], &b0, 6_000, exploit)
        .unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, covers[0], 2).recovery.u128(), 1_000);
    assert_eq!(w.treaty_b().ledger.recoveries_paid.u128(), 20_000);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + premiums - 20_000);
    assert_conserved(&w);
}

/// The light client of the partner chain expires: a payout and a purchase
/// on the ceded product go through; the recovery waits and is paid later.
#[test]
fn a_payout_with_an_expired_client_is_paid_and_recovered_later() {
    let mut w = world_with(builder());
    let staker = w.cedent.addr("staker");
    let cover = buy(&mut w, 0, COVER);
    w.relay_all();
    let host_a = w.host_a.clone();
    host_a.set_client_active(&mut w.cedent.app, false);
    let b0 = w.cedent.addr(&buyer(0));
    let before = w.balance_a(&b0);
    w.cedent.payout(cover, &b0, 10_000).unwrap();
    assert_eq!(w.balance_a(&b0), before + 10_000);
    assert_eq!(loss_of(&w, cover, 1).status, LossStatus::Waiting);
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 3_000);
    // A purchase on the ceded product goes through too; its cession could not
    // leave and rolled back: the pool carries that cover alone.
    let second = buy(&mut w, 1, COVER);
    assert_eq!(cession(&w, second).status, CessionStatus::TimedOut);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert!(w.relay_all().is_empty());
    assert_conserved(&w);
    // The client is renewed: anyone retries the recovery.
    host_a.set_client_active(&mut w.cedent.app, true);
    let stranger = w.cedent.addr("stranger");
    w.execute_a(
        &stranger,
        &ExecuteMsg::RetryRecovery {
            loss: LossId {
                cover_id: cover,
                sequence: 1,
            },
        },
        &[],
    )
    .unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, cover, 1).status, LossStatus::Paid);
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 0);
    assert_eq!(
        w.cedent.staker(&staker).value.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 3_000);
    assert_conserved(&w);

    // Governance can detach the bridge: payouts then go on without it, and
    // what the pool expected through it is written off.
    host_a.set_client_active(&mut w.cedent.app, false);
    w.cedent.payout(cover, &b0, 1_000).unwrap();
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 300);
    w.cedent
        .governance(PoolGovernanceMsg::DetachReinsuranceBridge {})
        .unwrap();
    let state = w.cedent.pool_state();
    assert_eq!(state.reinsurance_receivable.u128(), 0);
    assert_eq!(state.total_assets.u128(), STAKE - 11_000 + 3_000);
    w.cedent.payout(cover, &b0, 1_000).unwrap();
    assert_eq!(w.balance_a(&b0), before + 12_000);
}

/// Governance tries to close the channel with a cession in flight; then the
/// partner closes it after receiving the cession, stranding the ack.
#[test]
fn a_channel_closed_with_a_cession_in_flight_strands_nothing() {
    let mut w = world_with(builder());
    let cover = buy(&mut w, 0, COVER);
    let close = GovernanceMsg::CloseChannel {
        channel_id: w.channel_a.clone(),
    };
    assert_eq!(
        bridge_err(w.governance_a(close)),
        ContractError::PacketsInFlight {
            channel_id: w.channel_a.clone(),
            packets: 1
        }
    );
    // The partner receives the cession, then closes the channel before the ack.
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    r.receive(Side::A, &pending).unwrap();
    drop(r);
    w.governance_b(GovernanceMsg::CloseChannel {
        channel_id: w.channel_b.clone(),
    })
    .unwrap();
    w.advance_time(2 * PACKET_TIMEOUT);
    assert!(w.relay_all().is_empty(), "no ack, no timeout");
    assert_eq!(cession(&w, cover).status, CessionStatus::Pending);
    assert_eq!(w.balance_a(&w.bridge_a), CEDED);
    // Governance settles it as the reinsurer's books show it: accepted.
    let packet_id = w
        .in_flight_a()
        .into_iter()
        .find(|i| matches!(i.kind, InFlightKind::CessionPacket { .. }))
        .unwrap()
        .id;
    let stranger = w.cedent.addr("stranger");
    let settle = GovernanceMsg::SettlePacket {
        packet_id,
        accepted: true,
    };
    assert_eq!(
        bridge_err(w.execute_a(&stranger, &ExecuteMsg::Governance(settle.clone()), &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    w.governance_a(settle).unwrap();
    w.relay_all();
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    assert_eq!(w.treaty_b().ledger.premium_paid.u128(), CEDED);
    assert_conserved(&w);

    // A loss waits on the closed channel, then is recovered on a new one.
    let b0 = w.cedent.addr(&buyer(0));
    w.cedent.payout(cover, &b0, 10_000).unwrap();
    assert_eq!(loss_of(&w, cover, 1).status, LossStatus::Waiting);
    let (new_a, new_b) = w.open_bridge_channel();
    w.governance_a(GovernanceMsg::RouteTreaty {
        channel_id: w.channel_a.clone(),
        treaty_id: TREATY_ID,
        via: new_a,
    })
    .unwrap();
    w.governance_b(GovernanceMsg::RouteTreaty {
        channel_id: w.channel_b.clone(),
        treaty_id: TREATY_ID,
        via: new_b,
    })
    .unwrap();
    w.execute_a(
        &stranger,
        &ExecuteMsg::RetryRecovery {
            loss: LossId {
                cover_id: cover,
                sequence: 1,
            },
        },
        &[],
    )
    .unwrap();
    let relayed = w.relay_all();
    assert!(relayed.iter().all(|r| r.is_success()), "{relayed:?}");
    assert_eq!(loss_of(&w, cover, 1).status, LossStatus::Paid);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 3_000);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 0);
    assert_conserved(&w);
}

/// A faulty relayer hands the recovery to the reinsurer twice and relays an
/// error ack before the original's success ack.
#[test]
fn a_duplicate_error_ack_before_the_success_ack_loses_no_recovery() {
    let mut w = world_with(builder());
    let staker = w.cedent.addr("staker");
    let cover = buy(&mut w, 0, COVER);
    w.relay_all();
    let b0 = w.cedent.addr(&buyer(0));
    w.cedent.payout(cover, &b0, 10_000).unwrap();
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    let received = r.receive(Side::A, &pending).unwrap();
    // The duplicate gets the original success ack, not an error.
    let again = r.deliver(Side::B, pending.packet.clone()).unwrap();
    assert_eq!(again.ack, received.ack);
    // An error ack (say from an older bridge version) reaches the cedent first.
    let already_paid = ContractError::RecoveryAlreadyPaid {
        cover_id: cover,
        sequence: 1,
    };
    r.acknowledge_raw(
        Side::A,
        pending.packet.clone(),
        cosmwasm_std::StdAck::error(already_paid.to_string()).to_binary(),
    )
    .unwrap();
    drop(r);
    assert_eq!(
        loss_of(&w, cover, 1).status,
        LossStatus::Rejected {
            reason: already_paid.to_string()
        }
    );
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 0);
    // The original ack, then the reinsurer's funds: accepted, credited once.
    w.relay_all();
    assert_eq!(loss_of(&w, cover, 1).status, LossStatus::Paid);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_eq!(
        w.cedent.staker(&staker).value.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 3_000);
    assert_eq!(w.treaty_a().ledger.recoveries_paid.u128(), 3_000);
    assert_eq!(w.treaty_b().ledger.recoveries_paid.u128(), 3_000);
    assert_conserved(&w);
}

/// A relayer waits past the timeout of a cession the reinsurer received,
/// to time it out and have the premium back while the reinsurer carries
/// the exposure.
#[test]
fn a_received_cession_cannot_be_timed_out() {
    let mut w = world_with(builder());
    let cover = buy(&mut w, 0, COVER);
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    r.receive(Side::A, &pending).unwrap();
    drop(r);
    w.advance_time(3 * PACKET_TIMEOUT);
    let relayed = w.relay_all();
    assert!(relayed.iter().all(|r| !r.timed_out()), "{relayed:?}");
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    assert_eq!(w.treaty_a().ledger.exposure, w.treaty_b().ledger.exposure);
    assert_conserved(&w);
}

/// Stray funds on the cedent's bridge go to the treasury, never the
/// premium of a cession in flight.
#[test]
fn a_sweep_takes_only_the_surplus() {
    let mut w = world_with(builder());
    let treasury = w.cedent.treasury.clone();
    let cover = buy(&mut w, 0, COVER);
    let treasury_before = w.balance_a(&treasury);
    let stranger = w.cedent.addr("stranger");
    w.cedent
        .app
        .execute(
            stranger,
            BankMsg::Send {
                to_address: w.bridge_a.to_string(),
                amount: vec![coin(500, DENOM)],
            }
            .into(),
        )
        .unwrap();
    let sweep = |amount| GovernanceMsg::Sweep {
        denom: DENOM.to_string(),
        amount: Uint128::new(amount),
    };
    assert_eq!(
        bridge_err(w.governance_a(sweep(501))),
        ContractError::SweepAboveSurplus {
            denom: DENOM.to_string(),
            requested: Uint128::new(501),
            surplus: Uint128::new(500),
        }
    );
    assert_eq!(
        bridge_err(w.governance_a(sweep(0))),
        ContractError::ZeroSweep {}
    );
    w.governance_a(sweep(500)).unwrap();
    assert_eq!(w.balance_a(&treasury), treasury_before + 500);
    assert_eq!(w.balance_a(&w.bridge_a), CEDED);
    // The premium in flight still reaches the reinsurer.
    w.relay_all();
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_conserved(&w);
}

/// Governance detaches the pool's bridge (say the partner's light client
/// expired) while two recoveries and a cession are in flight, then attaches
/// it back. Neither the ceded premium nor a recovery may be stranded on the
/// bridge: the stakers who bore the losses get them back.
#[test]
fn detaching_the_bridge_with_flows_in_flight_strands_nothing() {
    let mut w = world_with(builder());
    let staker = w.cedent.addr("staker");
    let cover = buy(&mut w, 0, COVER);
    w.relay_all();
    let b0 = w.cedent.addr(&buyer(0));
    w.cedent.payout(cover, &b0, 10_000).unwrap();
    w.cedent.payout(cover, &b0, 5_000).unwrap();
    let second = buy(&mut w, 1, COVER);
    let ceded = cession(&w, second).ceded_premium.u128();
    assert_eq!(w.balance_a(&w.bridge_a), ceded);
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 4_500);
    let value = w.cedent.staker(&staker).value.u128();

    w.cedent
        .governance(PoolGovernanceMsg::DetachReinsuranceBridge {})
        .unwrap();
    assert_eq!(w.cedent.staker(&staker).value.u128(), value - 4_500);
    // A detached bridge books nothing new.
    let bridge = w.bridge_a.clone();
    let expect = w.cedent.execute_pool(
        &bridge,
        &PoolExecuteMsg::Reinsurance(ReinsuranceMsg::ExpectRecovery {
            amount: Uint128::new(1),
        }),
        &[],
    );
    assert!(matches!(
        expect.unwrap_err().downcast().expect("a pool error"),
        risk_pool::ContractError::Unauthorized { .. }
    ));
    // The packets time out: the cession's premium comes back to the stakers.
    let reserve = w.cedent.pool_state().reward_reserve.u128();
    w.advance_time(2 * PACKET_TIMEOUT);
    let relayed = w.relay_all();
    assert_eq!(relayed.iter().filter(|r| r.timed_out()).count(), 3);
    assert_eq!(cession(&w, second).status, CessionStatus::TimedOut);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_eq!(w.cedent.pool_state().reward_reserve.u128(), reserve + ceded);
    // The detached bridge still recovers the first loss: new value for the stakers.
    let stranger = w.cedent.addr("stranger");
    let retry = |sequence| ExecuteMsg::RetryRecovery {
        loss: LossId {
            cover_id: cover,
            sequence,
        },
    };
    w.execute_a(&stranger, &retry(1), &[]).unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, cover, 1).status, LossStatus::Paid);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_eq!(w.cedent.staker(&staker).value.u128(), value - 1_500);
    // Attached back, the bridge's other recovery is expected again, then paid.
    w.cedent
        .governance(PoolGovernanceMsg::SetCompanions {
            cover_nft: None,
            claims_court: None,
            tranche_vault: None,
            reinsurance_bridge: Some(w.bridge_a.to_string()),
        })
        .unwrap();
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 1_500);
    assert_eq!(w.cedent.staker(&staker).value.u128(), value);
    w.execute_a(&stranger, &retry(2), &[]).unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, cover, 2).status, LossStatus::Paid);
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 0);
    assert_eq!(w.cedent.staker(&staker).value.u128(), value);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 4_500);
    assert_conserved(&w);
}

/// The treaty is routed to a new channel, which the partner closes too with
/// one cession received and another on its way; governance routes the
/// treaty again. Both packets on the second channel must still settle.
#[test]
fn a_treaty_routed_twice_settles_what_was_left_on_the_earlier_route() {
    let mut w = world_with(builder());
    w.governance_b(GovernanceMsg::CloseChannel {
        channel_id: w.channel_b.clone(),
    })
    .unwrap();
    w.relay_all();
    let route = |w: &mut ReinsuranceWorld| {
        let (a, b) = w.open_bridge_channel();
        let (home_a, home_b) = (w.channel_a.clone(), w.channel_b.clone());
        w.governance_a(GovernanceMsg::RouteTreaty {
            channel_id: home_a,
            treaty_id: TREATY_ID,
            via: a.clone(),
        })
        .unwrap();
        w.governance_b(GovernanceMsg::RouteTreaty {
            channel_id: home_b,
            treaty_id: TREATY_ID,
            via: b.clone(),
        })
        .unwrap();
        (a, b)
    };
    let (_, second_b) = route(&mut w);
    // The partner receives one cession, closes the channel, and a second
    // cession leaves before the close reaches the cedent.
    let received = buy(&mut w, 0, COVER);
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    r.receive(Side::A, &pending).unwrap();
    drop(r);
    w.governance_b(GovernanceMsg::CloseChannel {
        channel_id: second_b,
    })
    .unwrap();
    let lost = buy(&mut w, 1, COVER);
    let held = cession(&w, received).ceded_premium + cession(&w, lost).ceded_premium;
    assert_eq!(w.balance_a(&w.bridge_a), held.u128());
    w.relayer().confirm_closes().unwrap();
    route(&mut w);

    // The packet that never arrived times out on the second channel.
    let relayed = w.relay_all();
    assert_eq!(relayed.iter().filter(|r| r.timed_out()).count(), 1);
    assert_eq!(cession(&w, lost).status, CessionStatus::TimedOut);
    // The stuck one is settled as the partner's books show it.
    let packet_id = w
        .in_flight_a()
        .into_iter()
        .find(|i| matches!(i.kind, InFlightKind::CessionPacket { .. }))
        .expect("the stuck cession")
        .id;
    w.governance_a(GovernanceMsg::SettlePacket {
        packet_id,
        accepted: true,
    })
    .unwrap();
    w.relay_all();
    assert_eq!(cession(&w, received).status, CessionStatus::Accepted);
    assert!(w.in_flight_a().is_empty());
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    let accepted = cession(&w, received).ceded_premium.u128();
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + accepted);
    assert_eq!(w.treaty_b().ledger.premium_paid.u128(), accepted);
    assert_conserved(&w);
}
