//! The reinsurance bridge between two chains in one process: chain A runs the
//! protocol (the cedent), chain B holds the reinsurance capital. Packets go
//! through the bridges' real IBC entry points, funds through a simulated
//! ICS-20 with IBC callbacks (see `insurance_testing::ibc`). Every flow checks
//! exact balances on both chains: nothing created, nothing lost.

use cosmwasm_std::{
    coin, from_json, to_json_binary, Binary, Decimal, IbcChannel, IbcChannelConnectMsg,
    IbcEndpoint, IbcOrder, IbcPacket, IbcTimeout, StdAck, Timestamp, Uint128,
};
use cw_multi_test::{BankSudo, Executor, SudoMsg};
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::migrate::MigrateError;
use insurance_common::reinsurance_bridge::InternalMsg;
use insurance_common::reinsurance_bridge::PoolMsg;
use insurance_common::reinsurance_bridge::{
    self as bridge, AcceptedCoverResponse, BridgeAck, BridgePacket, CessionQuoteResponse,
    CessionResponse, CessionStatus, ChannelResponse, ChannelsResponse, ExecuteMsg, GovernanceMsg,
    InFlightKind, InFlightStatus, LossId, LossResponse, LossStatus, PaidRecoveryResponse, QueryMsg,
    RecoveryPacket, Role, TreatiesResponse, TreatyError, TreatyKind, TreatyTerms, BRIDGE_VERSION,
};
use insurance_common::risk_pool::{ExecuteMsg as PoolExecuteMsg, LossEvent, ReinsuranceMsg, DAY};
use insurance_testing::assert::{
    assert_ack_refused, assert_query_refused, assert_refused_as, assert_two_chains_conserved,
    bridge_err, err,
};
use insurance_testing::ibc::{
    ibc_denom, ChannelState, IbcEntry, IbcError, PendingPacket, Received, Relayed, Side,
};
use insurance_testing::reinsurance::{
    quota_share_terms, ReinsuranceBuilder, ReinsuranceWorld, CAPITAL_PROVIDER, PACKET_TIMEOUT,
    TREATY_ID,
};
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{SuiteBuilder, DENOM};
use reinsurance_bridge::error::PacketField;
use reinsurance_bridge::ContractError;
use risk_pool::ContractError as PoolError;

const STAKE: u128 = 1_000_000;
const BUYER_FUNDS: u128 = 10_000;
const CAPITAL: u128 = 200_000;
const COVER: u128 = 100_000;
/// 2 % a year on 100 000 for a year.
const PREMIUM: u128 = 2_000;
const TREASURY_CUT: u128 = 300;
const CLAIMS_CUT: u128 = 200;
/// The quota share's 30 % of the premium, out of the stakers' 1 500.
const CEDED: u128 = 600;
const EXPOSURE: u128 = 30_000;
/// Account on chain B that receives the capital governance withdraws.
const CAPITAL_OWNER: &str = "capital_owner";

/// Both chains start at cw-multi-test's default block time.
fn genesis() -> Timestamp {
    cosmwasm_std::testing::mock_env().block.time
}

fn world_with(builder: ReinsuranceBuilder) -> ReinsuranceWorld {
    let mut w = builder.build();
    let staker = w.cedent.addr("staker");
    w.cedent.deposit(&staker, STAKE).unwrap();
    w
}

fn builder() -> ReinsuranceBuilder {
    ReinsuranceBuilder::new(
        SuiteBuilder::new()
            .with_funds("staker", STAKE)
            .with_funds("buyer", BUYER_FUNDS),
    )
    .with_capital(CAPITAL)
}

fn world() -> ReinsuranceWorld {
    world_with(builder())
}

fn buy(w: &mut ReinsuranceWorld) -> u64 {
    let buyer = w.cedent.addr("buyer");
    w.cedent
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, COVER, 365 * DAY)
        .unwrap()
}

/// A cover bought and its cession relayed to the end.
fn ceded_world() -> (ReinsuranceWorld, u64) {
    let mut w = world();
    let cover = buy(&mut w);
    let relayed = w.relay_all();
    assert!(relayed.iter().all(|r| r.is_success()), "{relayed:?}");
    (w, cover)
}

fn cession(w: &ReinsuranceWorld, cover_id: u64) -> CessionResponse {
    w.query_a(&QueryMsg::Cession { cover_id })
}

fn loss_of(w: &ReinsuranceWorld, loss: LossId) -> LossResponse {
    w.query_a(&QueryMsg::Loss { loss })
}

fn accepted(w: &ReinsuranceWorld, cover_id: u64) -> AcceptedCoverResponse {
    w.query_b(&QueryMsg::AcceptedCover {
        channel_id: w.channel_b.clone(),
        cover_id,
    })
}

fn loss_id(cover_id: u64, sequence: u32) -> LossId {
    LossId { cover_id, sequence }
}

fn assert_no_receive_aborted(relayed: &[Relayed]) {
    for r in relayed {
        assert_eq!(r.receive_error, None, "ibc_packet_receive must never fail");
        assert!(r.callback_errors.is_empty(), "{:?}", r.callback_errors);
    }
}

fn in_flight_sum(
    items: &[bridge::InFlightItem],
    keep: impl Fn(&bridge::InFlightItem) -> bool,
) -> u128 {
    items
        .iter()
        .filter(|i| keep(i))
        .map(|i| i.amount.u128())
        .sum()
}

/// Nothing created, nothing lost, on either chain, and each bridge holds
/// exactly what its books say.
fn assert_conserved(w: &ReinsuranceWorld) {
    let s = &w.cedent;
    // Everything ever minted on chain A, and the capital withdrawn on B.
    let holders = [s.addr("staker"), s.addr("buyer"), s.addr(CAPITAL_PROVIDER)];
    let capital_owner = w.reinsurer.api().addr_make(CAPITAL_OWNER);
    assert_two_chains_conserved(
        w,
        &holders,
        STAKE + BUYER_FUNDS + w.capital,
        &[capital_owner],
    );
    let p = s.pool_state();
    // The receivable is exactly what the bridge still expects for its losses.
    assert_eq!(p.reinsurance_receivable, expected_recoveries(w));
    // The cedent's bridge holds the premium of cessions in flight and of
    // premium transfers that came back, nothing else.
    let items = w.in_flight_a();
    let held = in_flight_sum(&items, |i| {
        matches!(i.kind, InFlightKind::CessionPacket { .. })
            || (matches!(i.kind, InFlightKind::PremiumTransfer { .. })
                && i.status == InFlightStatus::Returned)
    });
    assert_eq!(
        w.balance_a(&w.bridge_a),
        held,
        "cedent bridge holds {items:?}"
    );
    // The reinsurer's bridge: capital + premiums arrived - recoveries that
    // left - capital withdrawn.
    if let Some(t) = treaty_b_opt(w) {
        let returned = in_flight_sum(&w.in_flight_b(), |i| i.status == InFlightStatus::Returned);
        let left = t.ledger.recoveries_paid.u128() + t.ledger.recoveries_due.u128() - returned;
        assert_eq!(
            w.balance_b(&w.bridge_b),
            w.capital + t.ledger.premium_paid.u128() - left - t.ledger.capital_withdrawn.u128()
        );
    }
}

/// What the cedent's bridge expects: recoveries claimed and not paid yet.
fn expected_recoveries(w: &ReinsuranceWorld) -> Uint128 {
    let t = w.treaty_a();
    t.claimed - t.ledger.recoveries_paid
}

fn treaty_b_opt(w: &ReinsuranceWorld) -> Option<bridge::TreatyResponse> {
    w.reinsurer
        .wrap()
        .query_wasm_smart(
            &w.bridge_b,
            &QueryMsg::Treaty {
                channel_id: w.channel_b.clone(),
                treaty_id: TREATY_ID,
            },
        )
        .ok()
}

// ------------------------------------------------------------------ handshake

#[test]
fn the_handshake_opens_an_unordered_channel_on_both_sides() {
    let w = world();
    let a: ChannelResponse = w.query_a(&QueryMsg::Channel {
        channel_id: w.channel_a.clone(),
    });
    assert_eq!(a.counterparty_bridge, w.bridge_b.to_string());
    assert_eq!(a.counterparty_channel_id, w.channel_b);
    assert_eq!(a.counterparty_port_id, w.port_b());
    assert!(a.open);
    let b: ChannelResponse = w.query_b(&QueryMsg::Channel {
        channel_id: w.channel_b.clone(),
    });
    assert_eq!(b.counterparty_bridge, w.bridge_a.to_string());
    assert_eq!(b.counterparty_channel_id, w.channel_a);
    let end = w
        .host_a
        .channel(&w.cedent.app, &w.port_a(), &w.channel_a)
        .unwrap();
    assert_eq!(end.state, ChannelState::Open);
    assert_eq!(end.order, IbcOrder::Unordered);
    assert_eq!(end.version, BRIDGE_VERSION);
    // The capital arrived as the collateral's voucher.
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL);
    assert_eq!(w.escrow_a(), CAPITAL);
    assert_eq!(w.voucher, ibc_denom("transfer", &w.transfer_b, DENOM));
    assert_conserved(&w);
}

#[test]
fn the_handshake_rejects_every_wrong_order_version_and_port() {
    let mut w = world();
    let (a_port, b_port) = (w.port_a(), w.port_b());
    let channels_before: ChannelsResponse = w.query_a(&QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    let mut r = w.relayer();
    // OpenInit: order, version, counterparty port.
    assert_eq!(
        bridge_err(r.chan_open_init(Side::A, &a_port, &b_port, IbcOrder::Ordered, BRIDGE_VERSION)),
        ContractError::InvalidChannelOrder {
            expected: IbcOrder::Unordered,
            actual: IbcOrder::Ordered
        }
    );
    assert_eq!(
        bridge_err(r.chan_open_init(Side::A, &a_port, &b_port, IbcOrder::Unordered, "ics20-1")),
        ContractError::InvalidChannelVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: "ics20-1".to_string()
        }
    );
    assert_eq!(
        bridge_err(r.chan_open_init(
            Side::A,
            &a_port,
            "transfer",
            IbcOrder::Unordered,
            BRIDGE_VERSION,
        )),
        ContractError::InvalidCounterpartyPort {
            port_id: "transfer".to_string()
        }
    );
    // OpenTry: order, our version, the counterparty's version, its port.
    assert_eq!(
        bridge_err(r.chan_open_try(
            Side::B,
            &b_port,
            &a_port,
            "channel-9",
            IbcOrder::Ordered,
            BRIDGE_VERSION,
            BRIDGE_VERSION,
        )),
        ContractError::InvalidChannelOrder {
            expected: IbcOrder::Unordered,
            actual: IbcOrder::Ordered
        }
    );
    assert_eq!(
        bridge_err(r.chan_open_try(
            Side::B,
            &b_port,
            &a_port,
            "channel-9",
            IbcOrder::Unordered,
            "v2",
            BRIDGE_VERSION,
        )),
        ContractError::InvalidChannelVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: "v2".to_string()
        }
    );
    assert_eq!(
        bridge_err(r.chan_open_try(
            Side::B,
            &b_port,
            &a_port,
            "channel-9",
            IbcOrder::Unordered,
            BRIDGE_VERSION,
            "v2",
        )),
        ContractError::InvalidCounterpartyVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: "v2".to_string()
        }
    );
    assert_eq!(
        bridge_err(r.chan_open_try(
            Side::B,
            &b_port,
            "transfer",
            "channel-9",
            IbcOrder::Unordered,
            BRIDGE_VERSION,
            BRIDGE_VERSION,
        )),
        ContractError::InvalidCounterpartyPort {
            port_id: "transfer".to_string()
        }
    );
    // OpenAck: the counterparty's version.
    let a_channel = r
        .chan_open_init(Side::A, &a_port, &b_port, IbcOrder::Unordered, "")
        .unwrap();
    assert_eq!(
        bridge_err(r.chan_open_ack(Side::A, &a_port, &a_channel, "channel-9", "v2")),
        ContractError::InvalidCounterpartyVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: "v2".to_string()
        }
    );
    // An empty version at OpenInit is the bridge's to pick.
    let end = r.a.host.channel(r.a.app, &a_port, &a_channel).unwrap();
    assert_eq!(end.version, BRIDGE_VERSION);
    assert_eq!(end.state, ChannelState::Init);
    drop(r);
    // OpenConfirm / OpenAck with a channel whose order or version is wrong.
    let channel = |order: IbcOrder, version: &str| {
        IbcChannel::new(
            IbcEndpoint {
                port_id: b_port.clone(),
                channel_id: "channel-7".into(),
            },
            IbcEndpoint {
                port_id: a_port.clone(),
                channel_id: "channel-8".into(),
            },
            order,
            version,
            "connection-0",
        )
    };
    let bridge_b = w.bridge_b.clone();
    assert_eq!(
        bridge_err(w.reinsurer.wasm_sudo(
            bridge_b.clone(),
            &IbcEntry::IbcChannelConnect(IbcChannelConnectMsg::new_confirm(channel(
                IbcOrder::Ordered,
                BRIDGE_VERSION,
            ))),
        )),
        ContractError::InvalidChannelOrder {
            expected: IbcOrder::Unordered,
            actual: IbcOrder::Ordered
        }
    );
    assert_eq!(
        bridge_err(w.reinsurer.wasm_sudo(
            bridge_b.clone(),
            &IbcEntry::IbcChannelConnect(IbcChannelConnectMsg::new_confirm(channel(
                IbcOrder::Unordered,
                "v0",
            ))),
        )),
        ContractError::InvalidChannelVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: "v0".to_string()
        }
    );
    assert_eq!(
        bridge_err(w.reinsurer.wasm_sudo(
            bridge_b,
            &IbcEntry::IbcChannelConnect(IbcChannelConnectMsg::new_ack(
                channel(IbcOrder::Unordered, BRIDGE_VERSION),
                "v0",
            )),
        )),
        ContractError::InvalidCounterpartyVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: "v0".to_string()
        }
    );
    // No rejected channel was recorded.
    let channels_after: ChannelsResponse = w.query_a(&QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    assert_eq!(channels_after, channels_before);
    let b_channels: ChannelsResponse = w.query_b(&QueryMsg::Channels {
        start_after: None,
        limit: None,
    });
    assert_eq!(b_channels.channels.len(), 1);
    assert_conserved(&w);
}

// ------------------------------------------------------------------ treaties

#[test]
fn treaties_are_set_by_governance_on_each_side() {
    let mut w = world();
    let now = w.cedent.now();
    let stranger = w.cedent.addr("stranger");
    let mut terms = quota_share_terms(now);
    terms.id = 2;
    terms.products = vec![PARAMETRIC_PRODUCT];
    let register = |terms: TreatyTerms, role: Role, channel: &str, transfer: &str| {
        ExecuteMsg::Governance(GovernanceMsg::RegisterTreaty {
            channel_id: channel.to_string(),
            role,
            transfer_channel: transfer.to_string(),
            terms,
        })
    };
    let msg = register(
        terms.clone(),
        Role::Cedent,
        &w.channel_a.clone(),
        &w.transfer_a.clone(),
    );
    assert_eq!(
        bridge_err(w.execute_a(&stranger, &msg, &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    // Incoherent terms, a product already under a treaty, the wrong denom, an unknown channel.
    let mut bad = terms.clone();
    bad.kind = TreatyKind::QuotaShare {
        share: Decimal::percent(150),
    };
    assert_eq!(
        bridge_err(w.governance_a(GovernanceMsg::RegisterTreaty {
            channel_id: w.channel_a.clone(),
            role: Role::Cedent,
            transfer_channel: w.transfer_a.clone(),
            terms: bad,
        })),
        ContractError::InvalidTreaty {
            reason: TreatyError::QuotaShare
        }
    );
    let mut taken = terms.clone();
    taken.products = vec![DISCRETIONARY_PRODUCT];
    assert_eq!(
        bridge_err(w.governance_a(GovernanceMsg::RegisterTreaty {
            channel_id: w.channel_a.clone(),
            role: Role::Cedent,
            transfer_channel: w.transfer_a.clone(),
            terms: taken,
        })),
        ContractError::ProductAlreadyCeded {
            product_id: DISCRETIONARY_PRODUCT,
            channel_id: w.channel_a.clone(),
            treaty_id: TREATY_ID
        }
    );
    let mut other_denom = terms.clone();
    other_denom.cedent_denom = "uatom".into();
    assert_eq!(
        bridge_err(w.governance_a(GovernanceMsg::RegisterTreaty {
            channel_id: w.channel_a.clone(),
            role: Role::Cedent,
            transfer_channel: w.transfer_a.clone(),
            terms: other_denom,
        })),
        ContractError::DenomMismatch {
            expected: DENOM.to_string(),
            actual: "uatom".to_string()
        }
    );
    assert_eq!(
        bridge_err(w.governance_a(GovernanceMsg::RegisterTreaty {
            channel_id: "channel-77".into(),
            role: Role::Cedent,
            transfer_channel: w.transfer_a.clone(),
            terms: terms.clone(),
        })),
        ContractError::ChannelNotFound {
            channel_id: "channel-77".to_string()
        }
    );
    // A bridge without a pool cannot cede.
    assert_eq!(
        bridge_err(w.governance_b(GovernanceMsg::RegisterTreaty {
            channel_id: w.channel_b.clone(),
            role: Role::Cedent,
            transfer_channel: w.transfer_b.clone(),
            terms: terms.clone(),
        })),
        ContractError::RiskPoolNotSet {}
    );
    // Through x/wasm sudo (a governance proposal) on A, by the governance address on B.
    let bridge_a = w.bridge_a.clone();
    w.cedent
        .app
        .wasm_sudo(
            bridge_a,
            &GovernanceMsg::RegisterTreaty {
                channel_id: w.channel_a.clone(),
                role: Role::Cedent,
                transfer_channel: w.transfer_a.clone(),
                terms: terms.clone(),
            },
        )
        .unwrap();
    w.governance_b(GovernanceMsg::RegisterTreaty {
        channel_id: w.channel_b.clone(),
        role: Role::Reinsurer,
        transfer_channel: w.transfer_b.clone(),
        terms: terms.clone(),
    })
    .unwrap();
    assert_eq!(
        bridge_err(w.governance_b(GovernanceMsg::RegisterTreaty {
            channel_id: w.channel_b.clone(),
            role: Role::Reinsurer,
            transfer_channel: w.transfer_b.clone(),
            terms,
        })),
        ContractError::TreatyExists {
            channel_id: w.channel_b.clone(),
            treaty_id: 2
        }
    );
    // Both treaties, paginated.
    let page: TreatiesResponse = w.query_a(&QueryMsg::Treaties {
        start_after: None,
        limit: Some(1),
    });
    assert_eq!(page.treaties.len(), 1);
    assert_eq!(page.treaties[0].terms.id, 1);
    let page: TreatiesResponse = w.query_a(&QueryMsg::Treaties {
        start_after: Some((w.channel_a.clone(), 1)),
        limit: None,
    });
    assert_eq!(page.treaties.len(), 1);
    assert_eq!(page.treaties[0].terms.id, 2);
    assert_eq!(page.treaties[0].role, Role::Cedent);
    // Amending: capacity and an earlier end; the product stops being ceded.
    w.governance_a(GovernanceMsg::AmendTreaty {
        channel_id: w.channel_a.clone(),
        treaty_id: 2,
        capacity: Some(Uint128::new(1)),
        end: Some(now.plus_seconds(1)),
        transfer_channel: None,
    })
    .unwrap();
    w.advance_time(1);
    let quote: CessionQuoteResponse = w.query_a(&QueryMsg::CessionQuote {
        product_id: PARAMETRIC_PRODUCT,
        premium: Uint128::new(1_000),
        cover_amount: Uint128::new(10_000),
    });
    assert_eq!(quote.ceded_premium, Uint128::zero());
    let quote: CessionQuoteResponse = w.query_a(&QueryMsg::CessionQuote {
        product_id: DISCRETIONARY_PRODUCT,
        premium: Uint128::new(1_000),
        cover_amount: Uint128::new(10_000),
    });
    assert_eq!(quote.ceded_premium, Uint128::new(300));
    assert_eq!(quote.exposure, Uint128::new(3_000));
    assert_eq!(quote.channel_id, Some(w.channel_a.clone()));
    // Nothing is ceded through a treaty that ended: its products can be re-ceded.
    let mut renewed = quota_share_terms(w.cedent.now());
    renewed.id = 3;
    renewed.products = vec![PARAMETRIC_PRODUCT];
    w.governance_a(GovernanceMsg::RegisterTreaty {
        channel_id: w.channel_a.clone(),
        role: Role::Cedent,
        transfer_channel: w.transfer_a.clone(),
        terms: renewed,
    })
    .unwrap();
    assert_conserved(&w);
}

// ------------------------------------------------------------------ cession

#[test]
fn a_cession_cedes_premium_and_exposure_with_exact_balances() {
    let mut w = world();
    let (buyer, pool, treasury) = (
        w.cedent.addr("buyer"),
        w.cedent.pool.clone(),
        w.cedent.treasury.clone(),
    );
    let cover = buy(&mut w);
    // The pool cedes 600 of the stakers' 1 500 to the bridge.
    assert_eq!(w.balance_a(&buyer), BUYER_FUNDS - PREMIUM);
    assert_eq!(w.balance_a(&treasury), TREASURY_CUT);
    assert_eq!(w.balance_a(&w.bridge_a), CEDED);
    assert_eq!(w.balance_a(&pool), STAKE + PREMIUM - TREASURY_CUT - CEDED);
    let state = w.cedent.pool_state();
    assert_eq!(
        state.reward_reserve.u128(),
        PREMIUM - TREASURY_CUT - CLAIMS_CUT - CEDED
    );
    assert_eq!(state.claims_fund.u128(), CLAIMS_CUT);
    let c = cession(&w, cover);
    assert_eq!(c.status, CessionStatus::Pending);
    assert_eq!(c.ceded_premium.u128(), CEDED);
    assert_eq!(c.exposure.u128(), EXPOSURE);
    let t = w.treaty_a();
    assert_eq!(t.ledger.premium_pending.u128(), CEDED);
    assert_eq!(t.ledger.exposure_pending.u128(), EXPOSURE);
    assert_eq!(t.capacity_left.u128(), 500_000 - EXPOSURE);
    let items = w.in_flight_a();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].kind,
        InFlightKind::CessionPacket { cover_id: cover }
    );
    assert_conserved(&w);

    // The reinsurer receives the cession: exposure recorded, premium due.
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    let received = r.receive(Side::A, &pending).unwrap();
    let ack: StdAck = from_json(&received.ack).unwrap();
    let StdAck::Success(payload) = ack else {
        panic!("success ack expected");
    };
    assert_eq!(
        from_json::<BridgeAck>(&payload).unwrap(),
        BridgeAck::Cession {
            cover_id: cover,
            exposure: Uint128::new(EXPOSURE)
        }
    );
    drop(r);
    let tb = w.treaty_b();
    assert_eq!(tb.ledger.exposure.u128(), EXPOSURE);
    assert_eq!(tb.ledger.premium_due.u128(), CEDED);
    assert_eq!(tb.ledger.premium_paid.u128(), 0);
    assert_eq!(tb.ledger.cessions, 1);
    let acc = accepted(&w, cover);
    assert!(!acc.premium_received);

    // The ack reaches the cedent: the premium leaves over ICS-20.
    let mut r = w.relayer();
    let relayed = r.acknowledge(Side::A, pending, received).unwrap();
    assert!(relayed.is_success());
    drop(r);
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_eq!(w.escrow_a(), CAPITAL + CEDED);
    let t = w.treaty_a();
    assert_eq!(t.ledger.premium_pending.u128(), 0);
    assert_eq!(t.ledger.premium_due.u128(), CEDED);
    assert_eq!(t.ledger.exposure.u128(), EXPOSURE);
    let items = w.in_flight_a();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].kind,
        InFlightKind::PremiumTransfer { cover_id: cover }
    );
    assert_eq!(items[0].status, InFlightStatus::Sent);
    assert_conserved(&w);

    // The transfer lands: both sides settle through the IBC callbacks.
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 1);
    assert!(relayed[0].is_transfer() && relayed[0].is_success());
    assert_no_receive_aborted(&relayed);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    let (ta, tb) = (w.treaty_a(), w.treaty_b());
    assert_eq!(ta.ledger.premium_due.u128(), 0);
    assert_eq!(ta.ledger.premium_paid.u128(), CEDED);
    assert_eq!(tb.ledger.premium_due.u128(), 0);
    assert_eq!(tb.ledger.premium_paid.u128(), CEDED);
    assert_eq!(ta.ledger.cessions, 1);
    assert!(accepted(&w, cover).premium_received);
    assert!(w.in_flight_a().is_empty());
    assert!(w.in_flight_b().is_empty());
    assert_conserved(&w);
}

// ------------------------------------------------------------------ recovery

#[test]
fn a_recovery_returns_the_reinsurers_share_of_a_loss_to_the_stakers() {
    let (mut w, cover) = ceded_world();
    let (buyer, staker) = (w.cedent.addr("buyer"), w.cedent.addr("staker"));
    let assets_before = w.cedent.pool_state().total_assets.u128();
    assert_eq!(assets_before, STAKE);
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    // The expected 30 % is a receivable in the assets from the payout on.
    let state = w.cedent.pool_state();
    assert_eq!(state.total_assets.u128(), STAKE - 10_000 + 3_000);
    assert_eq!(state.reinsurance_receivable.u128(), 3_000);
    assert_eq!(w.cedent.staker(&staker).value.u128(), 993_000);
    let loss = loss_of(&w, loss_id(cover, 1));
    assert_eq!(loss.status, LossStatus::Requested);
    assert_eq!(loss.recovery.u128(), 3_000);
    assert_eq!(w.treaty_a().ledger.recoveries_pending.u128(), 3_000);
    assert_eq!(
        w.in_flight_a()[0].kind,
        InFlightKind::RecoveryPacket {
            loss: loss_id(cover, 1)
        }
    );
    assert_conserved(&w);

    // Recovery packet, then the reinsurer's ICS-20 transfer.
    let relayed = w.relay_all();
    assert_no_receive_aborted(&relayed);
    assert_eq!(relayed.len(), 2);
    assert!(relayed.iter().all(|r| r.is_success()));
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    let paid: PaidRecoveryResponse = w.query_b(&QueryMsg::PaidRecovery {
        channel_id: w.channel_b.clone(),
        loss: loss_id(cover, 1),
    });
    assert!(paid.settled);
    assert_eq!(paid.amount.u128(), 3_000);
    // 30 % of the loss is back in the pool's cash: the share price does not move.
    let state = w.cedent.pool_state();
    assert_eq!(state.total_assets.u128(), STAKE - 10_000 + 3_000);
    assert_eq!(state.reinsurance_receivable.u128(), 0);
    assert_eq!(w.cedent.staker(&staker).value.u128(), 993_000);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 3_000);
    assert_eq!(w.escrow_a(), CAPITAL + CEDED - 3_000);
    let (ta, tb) = (w.treaty_a(), w.treaty_b());
    for t in [&ta, &tb] {
        assert_eq!(t.ledger.recoveries_paid.u128(), 3_000);
        assert_eq!(t.ledger.recoveries_due.u128(), 0);
        assert_eq!(t.ledger.recoveries_pending.u128(), 0);
        assert_eq!(t.ledger.recoveries, 1);
    }
    assert_eq!(cession(&w, cover).recovered.u128(), 3_000);
    assert_eq!(accepted(&w, cover).recovered.u128(), 3_000);
    assert!(w.in_flight_a().is_empty() && w.in_flight_b().is_empty());
    assert_conserved(&w);

    // A second payout on the same cover is a new loss event.
    w.cedent.payout(cover, &buyer, 1_000).unwrap();
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 2);
    assert_eq!(loss_of(&w, loss_id(cover, 2)).status, LossStatus::Paid);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 11_000 + 3_300
    );
    assert_conserved(&w);
}

#[test]
fn excess_of_loss_pays_the_layer_within_its_limits() {
    let now_terms = |now| TreatyTerms {
        kind: TreatyKind::ExcessOfLoss {
            retention: Uint128::new(5_000),
            limit: Uint128::new(20_000),
            aggregate_limit: Uint128::new(30_000),
            premium_rate: Decimal::percent(10),
        },
        ..quota_share_terms(now)
    };
    let terms = now_terms(genesis());
    let mut w = world_with(builder().with_terms(terms));
    let buyer = w.cedent.addr("buyer");
    let cover = buy(&mut w);
    assert_eq!(w.balance_a(&w.bridge_a), 200); // 10 % of the premium
    w.relay_all();
    let c = cession(&w, cover);
    assert_eq!(c.status, CessionStatus::Accepted);
    // The most its losses can take from the layer: the cover, capped by the aggregate.
    assert_eq!(c.exposure.u128(), 30_000);
    assert_eq!(w.treaty_b().ledger.premium_paid.u128(), 200);
    let incident = |incident_id| LossEvent::Incident { incident_id };

    // Below the retention: nothing to recover, no loss recorded, nothing sent.
    w.cedent
        .payout_for_event(cover, &buyer, 4_000, incident(1))
        .unwrap();
    assert!(w.in_flight_a().is_empty());
    assert_query_refused(
        w.cedent.app.wrap().query_wasm_smart::<LossResponse>(
            &w.bridge_a,
            &QueryMsg::Loss {
                loss: loss_id(cover, 1),
            },
        ),
        ContractError::LossNotFound {
            cover_id: cover,
            sequence: 1,
        },
    );
    // 30 000: 25 000 above the retention, 20 000 per event.
    w.cedent
        .payout_for_event(cover, &buyer, 30_000, incident(2))
        .unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, loss_id(cover, 2)).recovery.u128(), 20_000);
    assert_eq!(loss_of(&w, loss_id(cover, 2)).status, LossStatus::Paid);
    // Another event of 30 000: only 10 000 is left of the aggregate limit.
    w.cedent
        .payout_for_event(cover, &buyer, 30_000, incident(3))
        .unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, loss_id(cover, 3)).recovery.u128(), 10_000);
    // The aggregate is spent: the next loss is recorded as refused, nothing is sent.
    w.cedent
        .payout_for_event(cover, &buyer, 10_000, incident(4))
        .unwrap();
    assert!(w.in_flight_a().is_empty());
    assert_eq!(
        loss_of(&w, loss_id(cover, 4)).status,
        LossStatus::Rejected {
            reason: "treaty limits reached".into()
        }
    );
    assert_eq!(
        bridge_err(w.execute_a(
            &buyer,
            &ExecuteMsg::RetryRecovery {
                loss: loss_id(cover, 4),
            },
            &[],
        )),
        ContractError::RecoveryLimitReached {
            cover_id: cover,
            sequence: 4
        }
    );
    let (ta, tb) = (w.treaty_a(), w.treaty_b());
    assert_eq!(ta.ledger.recoveries_paid.u128(), 30_000);
    assert_eq!(tb.ledger.recoveries_paid.u128(), 30_000);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 74_000 + 30_000
    );
    assert_conserved(&w);
}

// ------------------------------------------------------------------ error acks

fn refused_cession(builder: ReinsuranceBuilder, refusal: ContractError) {
    let mut w = world_with(builder);
    let pool = w.cedent.pool.clone();
    let cover = buy(&mut w);
    let relayed = w.relay_all();
    assert_no_receive_aborted(&relayed);
    assert_eq!(relayed.len(), 1);
    let error = relayed[0].error().expect("an error ack");
    assert_eq!(error, refusal.to_string());
    // The cedent keeps the premium: it streams to the stakers with the rest
    // of theirs (the pool carries the risk alone); the books roll back.
    match cession(&w, cover).status {
        CessionStatus::Rejected { reason: r } => assert_eq!(r, error),
        other => panic!("expected a rejected cession, got {other:?}"),
    }
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    let state = w.cedent.pool_state();
    assert_eq!(state.total_assets.u128(), STAKE);
    assert_eq!(
        state.reward_reserve.u128(),
        PREMIUM - TREASURY_CUT - CLAIMS_CUT
    );
    assert_eq!(w.balance_a(&pool), STAKE + PREMIUM - TREASURY_CUT);
    let t = w.treaty_a();
    assert_eq!(t.ledger, bridge::TreatyLedger::default());
    assert!(w.in_flight_a().is_empty());
    // The reinsurer recorded nothing.
    assert_query_refused(
        w.reinsurer
            .wrap()
            .query_wasm_smart::<AcceptedCoverResponse>(
                &w.bridge_b,
                &QueryMsg::AcceptedCover {
                    channel_id: w.channel_b.clone(),
                    cover_id: cover,
                },
            ),
        ContractError::CessionNotFound { cover_id: cover },
    );
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL);
    // A loss on the cover recovers nothing.
    let buyer = w.cedent.addr("buyer");
    let res = w.cedent.payout(cover, &buyer, 1_000).unwrap();
    assert!(res
        .events
        .iter()
        .flat_map(|e| &e.attributes)
        .any(|a| a.key == "recovery" && a.value == "cession not accepted"));
    assert_conserved(&w);
}

#[test]
fn a_cession_under_a_treaty_the_reinsurer_does_not_know_is_refused() {
    refused_cession(
        builder().with_reinsurer_terms(None),
        ContractError::TreatyNotFound {
            channel_id: "channel-0".to_string(),
            treaty_id: TREATY_ID,
        },
    );
}

#[test]
fn a_cession_under_an_expired_treaty_is_refused() {
    let now = genesis();
    let mut expired = quota_share_terms(now);
    expired.start = now.minus_seconds(10 * DAY);
    expired.end = now.minus_seconds(1);
    refused_cession(
        builder().with_reinsurer_terms(Some(expired)),
        ContractError::TreatyNotInForce {
            treaty_id: TREATY_ID,
            at: now,
        },
    );
}

#[test]
fn a_cession_beyond_the_reinsurers_capacity_is_refused() {
    let mut small = quota_share_terms(genesis());
    small.capacity = Uint128::new(EXPOSURE - 1);
    refused_cession(
        builder().with_reinsurer_terms(Some(small)),
        ContractError::CapacityExceeded {
            requested: Uint128::new(EXPOSURE),
            available: Uint128::new(EXPOSURE - 1),
        },
    );
}

#[test]
fn a_cession_on_other_terms_is_refused() {
    let mut other = quota_share_terms(genesis());
    other.kind = TreatyKind::QuotaShare {
        share: Decimal::percent(20),
    };
    refused_cession(
        builder().with_reinsurer_terms(Some(other)),
        ContractError::TermsMismatch {
            field: PacketField::CededPremium,
            expected: Uint128::new(PREMIUM / 5),
            actual: Uint128::new(CEDED),
        },
    );
}

// ------------------------------------------------------------------ timeouts

#[test]
fn a_cession_that_times_out_rolls_back() {
    let mut w = world();
    let cover = buy(&mut w);
    // The reinsurer's chain passes the packet's timeout before a relayer comes.
    w.advance_reinsurer(PACKET_TIMEOUT);
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 1);
    assert!(relayed[0].timed_out());
    assert_eq!(cession(&w, cover).status, CessionStatus::TimedOut);
    assert_eq!(w.cedent.pool_state().total_assets.u128(), STAKE);
    assert_eq!(
        w.cedent.pool_state().reward_reserve.u128(),
        PREMIUM - TREASURY_CUT - CLAIMS_CUT
    );
    assert_eq!(w.treaty_a().ledger, bridge::TreatyLedger::default());
    assert_eq!(w.treaty_b().ledger, bridge::TreatyLedger::default());
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert!(w.in_flight_a().is_empty());
    assert_conserved(&w);
}

#[test]
fn a_recovery_that_times_out_is_retried_and_paid_once() {
    let (mut w, cover) = ceded_world();
    let buyer = w.cedent.addr("buyer");
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    w.advance_reinsurer(PACKET_TIMEOUT);
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 1);
    assert!(relayed[0].timed_out());
    let loss = loss_of(&w, loss_id(cover, 1));
    assert_eq!(loss.status, LossStatus::TimedOut);
    assert_eq!(w.treaty_a().ledger.recoveries_pending.u128(), 0);
    // A timeout is no refusal: the recovery stays claimed and expected.
    assert_eq!(cession(&w, cover).recovered.u128(), 3_000);
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 3_000);
    assert_eq!(w.treaty_b().ledger.recoveries, 0);
    assert_conserved(&w);

    // Anyone retries; the chains' clocks are back in step.
    w.cedent.advance_time(PACKET_TIMEOUT);
    let stranger = w.cedent.addr("stranger");
    let retry = ExecuteMsg::RetryRecovery {
        loss: loss_id(cover, 1),
    };
    w.execute_a(&stranger, &retry, &[]).unwrap();
    assert_eq!(loss_of(&w, loss_id(cover, 1)).attempt, 2);
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 2);
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    // Paid: no more retries.
    assert_eq!(
        bridge_err(w.execute_a(&stranger, &retry, &[])),
        ContractError::LossNotRetryable {
            cover_id: cover,
            sequence: 1,
            status: LossStatus::Paid
        }
    );
    assert_conserved(&w);
}

#[test]
fn a_premium_transfer_that_times_out_comes_back_and_is_sent_again() {
    let mut w = world();
    let cover = buy(&mut w);
    // Cession received and acknowledged: the premium's transfer is on its way.
    let mut r = w.relayer();
    let first = r.relay_next(Side::A).unwrap().unwrap();
    assert!(first.is_success());
    drop(r);
    assert_eq!(w.escrow_a(), CAPITAL + CEDED);
    // It times out on B: ICS-20 refunds the bridge, which holds the premium.
    w.advance_reinsurer(PACKET_TIMEOUT);
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 1);
    assert!(relayed[0].timed_out() && relayed[0].is_transfer());
    assert!(relayed[0].callback_errors.is_empty());
    assert_eq!(w.escrow_a(), CAPITAL);
    assert_eq!(w.balance_a(&w.bridge_a), CEDED);
    let items = w.in_flight_a();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].kind,
        InFlightKind::PremiumTransfer { cover_id: cover }
    );
    assert_eq!(items[0].status, InFlightStatus::Returned);
    assert_eq!(w.treaty_a().ledger.premium_due.u128(), CEDED);
    assert_eq!(w.treaty_b().ledger.premium_due.u128(), CEDED);
    assert_conserved(&w);

    // Anyone sends it again.
    w.cedent.advance_time(PACKET_TIMEOUT);
    let stranger = w.cedent.addr("stranger");
    let retry = ExecuteMsg::RetryTransfer {
        transfer_id: items[0].id,
    };
    w.execute_a(&stranger, &retry, &[]).unwrap();
    assert_eq!(
        bridge_err(w.execute_a(&stranger, &retry, &[])),
        ContractError::TransferNotReturned {
            transfer_id: items[0].id
        }
    );
    let relayed = w.relay_all();
    assert!(relayed[0].is_success());
    assert_eq!(w.treaty_a().ledger.premium_paid.u128(), CEDED);
    assert_eq!(w.treaty_b().ledger.premium_paid.u128(), CEDED);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    assert!(w.in_flight_a().is_empty());
    assert_eq!(
        bridge_err(w.execute_a(&stranger, &retry, &[])),
        ContractError::TransferNotFound {
            transfer_id: items[0].id
        }
    );
    assert_conserved(&w);
}

#[test]
fn a_recovery_transfer_that_times_out_comes_back_to_the_reinsurer_and_is_sent_again() {
    let (mut w, cover) = ceded_world();
    let buyer = w.cedent.addr("buyer");
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    // The recovery is accepted; its transfer waits on B.
    let mut r = w.relayer();
    assert!(r.relay_next(Side::A).unwrap().unwrap().is_success());
    drop(r);
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Due);
    assert_eq!(w.treaty_a().ledger.recoveries_due.u128(), 3_000);
    // The voucher went home: burned on B, still escrowed on A until received.
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 3_000);
    // A passes the timeout: B is refunded and holds the recovery for a retry.
    w.cedent.advance_time(PACKET_TIMEOUT);
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 1);
    assert!(relayed[0].timed_out());
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    let items = w.in_flight_b();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].status, InFlightStatus::Returned);
    assert_eq!(w.treaty_b().ledger.recoveries_due.u128(), 3_000);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 3_000);
    assert_conserved(&w);

    w.advance_reinsurer(PACKET_TIMEOUT);
    let stranger = w.reinsurer.api().addr_make("stranger");
    w.execute_b(
        &stranger,
        &ExecuteMsg::RetryTransfer {
            transfer_id: items[0].id,
        },
        &[],
    )
    .unwrap();
    let relayed = w.relay_all();
    assert!(relayed[0].is_success());
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_eq!(w.treaty_b().ledger.recoveries_paid.u128(), 3_000);
    assert!(w.in_flight_b().is_empty());
    assert_conserved(&w);
}

// ------------------------------------------------------------------ closed channel

#[test]
fn only_governance_closes_a_channel() {
    let mut w = world();
    let (a_port, channel_a) = (w.port_a(), w.channel_a.clone());
    let mut r = w.relayer();
    assert_eq!(
        bridge_err(r.close_init(Side::A, &a_port, &channel_a)),
        ContractError::ChannelCloseRejected {
            channel_id: channel_a.clone()
        }
    );
    drop(r);
    let stranger = w.cedent.addr("stranger");
    let close = ExecuteMsg::Governance(GovernanceMsg::CloseChannel {
        channel_id: channel_a.clone(),
    });
    assert_eq!(
        bridge_err(w.execute_a(&stranger, &close, &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    let ch: ChannelResponse = w.query_a(&QueryMsg::Channel {
        channel_id: channel_a,
    });
    assert!(ch.open);
}

#[test]
fn a_closed_channel_takes_no_new_cessions_and_loses_nothing_in_flight() {
    let mut w = world();
    let buyer = w.cedent.addr("buyer");
    let pool = w.cedent.pool.clone();
    // Cover 1: accepted, its premium transfer still on its way.
    let first = buy(&mut w);
    let mut r = w.relayer();
    assert!(r.relay_next(Side::A).unwrap().unwrap().is_success());
    drop(r);
    // Cover 2: its cession packet is in flight.
    let second = buy(&mut w);
    assert_eq!(cession(&w, second).status, CessionStatus::Pending);

    // Governance cannot close the channel while a packet it sent is in
    // flight: received there, it could neither be acknowledged nor time out.
    let bridge_a = w.bridge_a.clone();
    let close = GovernanceMsg::CloseChannel {
        channel_id: w.channel_a.clone(),
    };
    assert_eq!(
        bridge_err(w.cedent.app.wasm_sudo(bridge_a.clone(), &close)),
        ContractError::PacketsInFlight {
            channel_id: w.channel_a.clone(),
            packets: 1
        }
    );
    let relayed = w.relay_all();
    assert_no_receive_aborted(&relayed);
    assert_eq!(relayed.len(), 3, "{relayed:?}");
    assert_eq!(cession(&w, second).status, CessionStatus::Accepted);
    // Nothing in flight: governance closes the channel (x/wasm sudo).
    w.cedent.app.wasm_sudo(bridge_a, &close).unwrap();
    let relayed = w.relay_all();
    assert!(relayed.is_empty(), "{relayed:?}");
    // The partner confirmed the close; every premium reached the reinsurer.
    let a: ChannelResponse = w.query_a(&QueryMsg::Channel {
        channel_id: w.channel_a.clone(),
    });
    let b: ChannelResponse = w.query_b(&QueryMsg::Channel {
        channel_id: w.channel_b.clone(),
    });
    assert!(!a.open && !b.open);
    assert_eq!(w.treaty_a().ledger.premium_paid.u128(), 2 * CEDED);
    assert_eq!(w.treaty_b().ledger.premium_paid.u128(), 2 * CEDED);
    assert!(w.in_flight_a().is_empty());
    assert!(!w.treaty_a().in_force);
    assert_conserved(&w);

    // No new cession: the pool keeps the stakers' whole share.
    let reserve_before = w.cedent.pool_state().reward_reserve.u128();
    let balance_before = w.balance_a(&pool);
    let quote = w
        .cedent
        .quote(DISCRETIONARY_PRODUCT, COVER, 365 * DAY)
        .unwrap();
    let third = buy(&mut w);
    assert_eq!(
        w.cedent.pool_state().reward_reserve.u128(),
        reserve_before + quote.to_stakers.u128()
    );
    assert_eq!(
        w.balance_a(&pool),
        balance_before + quote.premium.u128() - quote.to_treasury.u128()
    );
    assert_query_refused(
        w.cedent.app.wrap().query_wasm_smart::<CessionResponse>(
            &w.bridge_a,
            &QueryMsg::Cession { cover_id: third },
        ),
        ContractError::CessionNotFound { cover_id: third },
    );
    // The pool itself cannot force one.
    assert_eq!(
        bridge_err(w.execute_a(
            &pool,
            &ExecuteMsg::Pool(PoolMsg::Cede {
                cover_id: 99,
                product_id: DISCRETIONARY_PRODUCT,
                cover_amount: Uint128::new(COVER),
                premium: Uint128::new(PREMIUM),
                cover_end: w.cedent.now().plus_seconds(DAY),
            }),
            &[coin(CEDED, DENOM)],
        )),
        ContractError::ChannelClosed {
            channel_id: "channel-0".to_string()
        }
    );
    // A loss on the ceded cover waits: it cannot be requested on a closed channel.
    w.cedent.payout(first, &buyer, 1_000).unwrap();
    assert_eq!(loss_of(&w, loss_id(first, 1)).status, LossStatus::Waiting);
    assert_eq!(
        bridge_err(w.execute_a(
            &buyer,
            &ExecuteMsg::RetryRecovery {
                loss: loss_id(first, 1),
            },
            &[],
        )),
        ContractError::ChannelClosed {
            channel_id: "channel-0".to_string()
        }
    );
    assert!(w.relay_all().is_empty());
    assert_conserved(&w);
}

// ------------------------------------------------------------------ replays

#[test]
fn a_packet_received_twice_gets_its_original_ack_and_changes_nothing() {
    let mut w = world();
    let buyer = w.cedent.addr("buyer");
    let cover = buy(&mut w);
    let relayed = w.relay_all();
    let cession_packet = relayed[0].packet.clone();
    let first_cession = cession_packet.clone();
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    let relayed = w.relay_all();
    let recovery_packet = relayed[0].packet.clone();
    let (ta, tb) = (w.treaty_a(), w.treaty_b());
    let balances = (
        w.balance_b(&w.bridge_b),
        w.escrow_a(),
        w.cedent.pool_state(),
    );

    // The same packets handed to the reinsurer again (IBC's receipts
    // normally stop this; the bridge must not rely on them alone).
    let mut r = w.relayer();
    // An identical duplicate is answered with the original success ack, and
    // changes nothing.
    let again = r.deliver(Side::B, cession_packet.clone()).unwrap();
    assert_eq!(again.receive_error, None);
    let ack: StdAck = from_json(&again.ack).unwrap();
    let original = BridgeAck::Cession {
        cover_id: cover,
        exposure: Uint128::new(EXPOSURE),
    };
    assert_eq!(ack, StdAck::success(to_json_binary(&original).unwrap()));
    let again_recovery = r.deliver(Side::B, recovery_packet.clone()).unwrap();
    let ack: StdAck = from_json(&again_recovery.ack).unwrap();
    let original = BridgeAck::Recovery {
        loss: loss_id(cover, 1),
        amount: Uint128::new(3_000),
    };
    assert_eq!(ack, StdAck::success(to_json_binary(&original).unwrap()));
    // Acks reaching the cedent again, success or error, settle nothing twice.
    let error = StdAck::error("late error").to_binary();
    for (packet, ack) in [
        (cession_packet.clone(), again.ack),
        (recovery_packet.clone(), again_recovery.ack),
        (cession_packet, error.clone()),
        (recovery_packet, error),
    ] {
        r.acknowledge_raw(Side::A, packet, ack).unwrap();
    }
    // IBC's own receipts refuse a second receive of the same sequence.
    assert_eq!(
        err::<IbcError>(r.receive(
            Side::A,
            &PendingPacket {
                id: 0,
                packet: first_cession.clone(),
                transfer: None,
            },
        )),
        IbcError::AlreadyReceived {
            sequence: first_cession.sequence
        }
    );
    drop(r);
    assert!(w.relay_all().is_empty());
    assert_eq!(w.treaty_a(), ta);
    assert_eq!(w.treaty_b(), tb);
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    assert_eq!(
        (
            w.balance_b(&w.bridge_b),
            w.escrow_a(),
            w.cedent.pool_state()
        ),
        balances
    );
    assert_conserved(&w);
}

#[test]
fn a_recovery_for_the_same_loss_is_never_paid_twice() {
    let (mut w, cover) = ceded_world();
    let (buyer, pool) = (w.cedent.addr("buyer"), w.cedent.pool.clone());
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    // The pool cannot report the same loss twice.
    let record = ExecuteMsg::Pool(PoolMsg::RecordLoss {
        loss: loss_id(cover, 1),
        amount: Uint128::new(10_000),
        event: LossEvent::Claim { claim_id: 1 },
    });
    assert_eq!(
        bridge_err(w.execute_a(&pool, &record, &[])),
        ContractError::LossAlreadyRecorded {
            cover_id: cover,
            sequence: 1
        }
    );
    // Only the pool reports losses.
    assert_eq!(
        bridge_err(w.execute_a(&buyer, &record, &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: buyer.clone(),
            role: Authority::RiskPool
        })
    );
    // Nor can a retry request it while it is in flight.
    let retry = ExecuteMsg::RetryRecovery {
        loss: loss_id(cover, 1),
    };
    assert_eq!(
        bridge_err(w.execute_a(&buyer, &retry, &[])),
        ContractError::LossNotRetryable {
            cover_id: cover,
            sequence: 1,
            status: LossStatus::Requested
        }
    );
    w.relay_all();
    let before = (w.balance_b(&w.bridge_b), w.treaty_b());
    // A second request for the loss, as a new attempt from the cedent's
    // channel, is refused by the reinsurer.
    let packet = IbcPacket::new(
        to_json_binary(&BridgePacket::Recovery(RecoveryPacket {
            treaty_id: TREATY_ID,
            loss: loss_id(cover, 1),
            loss_amount: Uint128::new(10_000),
            recovery: Uint128::new(3_000),
            occurred_at: w.cedent.now(),
            attempt: 2,
            event: None,
            event_losses: Uint128::zero(),
        }))
        .unwrap(),
        IbcEndpoint {
            port_id: w.port_a(),
            channel_id: w.channel_a.clone(),
        },
        IbcEndpoint {
            port_id: w.port_b(),
            channel_id: w.channel_b.clone(),
        },
        1_000,
        IbcTimeout::with_timestamp(w.cedent.now().plus_seconds(DAY)),
    );
    // The same recovery again is answered with the original success ack.
    let now = w.cedent.now();
    let mut r = w.relayer();
    let received = r.deliver(Side::B, packet.clone()).unwrap();
    let original = BridgeAck::Recovery {
        loss: loss_id(cover, 1),
        amount: Uint128::new(3_000),
    };
    assert_eq!(
        from_json::<StdAck>(&received.ack).unwrap(),
        StdAck::success(to_json_binary(&original).unwrap())
    );
    // Another amount for the same loss is refused.
    let mut other = packet;
    other.data = to_json_binary(&BridgePacket::Recovery(RecoveryPacket {
        treaty_id: TREATY_ID,
        loss: loss_id(cover, 1),
        loss_amount: Uint128::new(10_000),
        recovery: Uint128::new(2_999),
        occurred_at: now,
        attempt: 3,
        event: None,
        event_losses: Uint128::zero(),
    }))
    .unwrap();
    let received = r.deliver(Side::B, other).unwrap();
    assert_eq!(
        from_json::<StdAck>(&received.ack).unwrap(),
        StdAck::error(
            ContractError::RecoveryAlreadyPaid {
                cover_id: cover,
                sequence: 1
            }
            .to_string()
        )
    );
    drop(r);
    assert_eq!((w.balance_b(&w.bridge_b), w.treaty_b()), before);
    assert_eq!(
        bridge_err(w.execute_a(&buyer, &retry, &[])),
        ContractError::LossNotRetryable {
            cover_id: cover,
            sequence: 1,
            status: LossStatus::Paid
        }
    );
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_conserved(&w);
}

// ------------------------------------------------------------------ malformed input

fn packet_to_b(w: &ReinsuranceWorld, channel_b: &str, data: Binary) -> IbcPacket {
    IbcPacket::new(
        data,
        IbcEndpoint {
            port_id: w.port_a(),
            channel_id: w.channel_a.clone(),
        },
        IbcEndpoint {
            port_id: w.port_b(),
            channel_id: channel_b.to_string(),
        },
        77,
        IbcTimeout::with_timestamp(w.cedent.now().plus_seconds(DAY)),
    )
}

#[test]
fn malformed_packets_and_acks_get_refused_without_aborting() {
    let (mut w, cover) = ceded_world();
    let tb = w.treaty_b();
    let invalid = |data: &[u8]| ContractError::InvalidPacket {
        error: from_json::<BridgePacket>(data).unwrap_err(),
    };
    let cases = [
        (
            w.channel_b.clone(),
            Binary::from(b"not json".to_vec()),
            invalid(b"not json"),
        ),
        (
            w.channel_b.clone(),
            Binary::from(br#"{"cession":{"treaty_id":1}}"#.to_vec()),
            invalid(br#"{"cession":{"treaty_id":1}}"#),
        ),
        (
            w.channel_b.clone(),
            Binary::from(br#"{"unknown_kind":{}}"#.to_vec()),
            invalid(br#"{"unknown_kind":{}}"#),
        ),
        (
            "channel-99".to_string(),
            to_json_binary(&BridgePacket::Recovery(RecoveryPacket {
                treaty_id: TREATY_ID,
                loss: loss_id(cover, 1),
                loss_amount: Uint128::new(1),
                recovery: Uint128::new(1),
                occurred_at: w.cedent.now(),
                attempt: 1,
                event: None,
                event_losses: Uint128::zero(),
            }))
            .unwrap(),
            ContractError::ChannelNotFound {
                channel_id: "channel-99".to_string(),
            },
        ),
        (
            w.channel_b.clone(),
            to_json_binary(&BridgePacket::Recovery(RecoveryPacket {
                treaty_id: TREATY_ID,
                loss: loss_id(cover + 5, 1),
                loss_amount: Uint128::new(1),
                recovery: Uint128::new(1),
                occurred_at: w.cedent.now(),
                attempt: 1,
                event: None,
                event_losses: Uint128::zero(),
            }))
            .unwrap(),
            ContractError::CoverNotCeded {
                cover_id: cover + 5,
                treaty_id: TREATY_ID,
            },
        ),
        (
            w.channel_b.clone(),
            to_json_binary(&BridgePacket::Recovery(RecoveryPacket {
                treaty_id: TREATY_ID,
                loss: loss_id(cover, 1),
                loss_amount: Uint128::new(10_000),
                recovery: Uint128::new(3_001),
                occurred_at: w.cedent.now(),
                attempt: 1,
                event: None,
                event_losses: Uint128::zero(),
            }))
            .unwrap(),
            ContractError::RecoveryExceedsLimit {
                requested: Uint128::new(3_001),
                allowed: Uint128::new(3_000),
            },
        ),
    ];
    for (channel, data, reason) in cases {
        let packet = packet_to_b(&w, &channel, data);
        let mut r = w.relayer();
        let received = r.deliver(Side::B, packet).unwrap();
        drop(r);
        assert_eq!(received.receive_error, None, "never aborts");
        assert_ack_refused(&from_json::<StdAck>(&received.ack).unwrap(), reason);
    }
    assert_eq!(w.treaty_b(), tb);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);

    // An acknowledgement that is not a StdAck is a refusal: the cession rolls back.
    let second = buy(&mut w);
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    r.acknowledge(
        Side::A,
        pending,
        Received {
            ack: Binary::from(b"\x01garbage".to_vec()),
            receive_error: None,
            callback_errors: vec![],
        },
    )
    .unwrap();
    drop(r);
    assert_eq!(
        cession(&w, second).status,
        CessionStatus::Rejected {
            reason: "malformed acknowledgement".into()
        }
    );
    assert_eq!(w.balance_a(&w.bridge_a), 0);
    assert_conserved(&w);
}

#[test]
fn a_failure_while_applying_a_packet_becomes_an_error_ack_with_nothing_written() {
    // The reinsurer registered a transfer channel that does not exist: its
    // recovery transfer fails inside the packet's submessage.
    let mut w = world_with(builder().with_reinsurer_terms(None));
    let probe_terms = quota_share_terms(w.cedent.now().minus_seconds(1));
    w.governance_b(GovernanceMsg::RegisterTreaty {
        channel_id: w.channel_b.clone(),
        role: Role::Reinsurer,
        transfer_channel: "channel-42".into(),
        terms: probe_terms,
    })
    .unwrap();
    // Funds in the denom it would pay in, so the read-only checks pass.
    let wrong_voucher = ibc_denom("transfer", "channel-42", DENOM);
    let bridge_b = w.bridge_b.clone();
    w.reinsurer
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: bridge_b.to_string(),
            amount: vec![coin(50_000, &wrong_voucher)],
        }))
        .unwrap();
    let buyer = w.cedent.addr("buyer");
    let cover = buy(&mut w);
    let relayed = w.relay_all();
    // The cession itself is accepted; its premium lands on the real transfer
    // channel, which does not match the treaty's: the reinsurer ignores it.
    assert!(relayed[0].is_success());
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    let relayed = w.relay_all();
    assert_no_receive_aborted(&relayed);
    assert_eq!(relayed.len(), 1);
    let error = relayed[0].error().expect("error ack");
    assert_eq!(error, ContractError::PacketNotApplied {}.to_string());
    match loss_of(&w, loss_id(cover, 1)).status {
        LossStatus::Rejected { reason } => assert_eq!(reason, error),
        other => panic!("expected a refused recovery, got {other:?}"),
    }
    // Nothing was written on B: no recovery, no ledger change, funds intact.
    let tb = w.treaty_b();
    assert_eq!(tb.ledger.recoveries_due, Uint128::zero());
    assert_eq!(tb.ledger.recoveries, 0);
    assert!(w.in_flight_b().is_empty());
    assert_query_refused(
        w.reinsurer.wrap().query_wasm_smart::<PaidRecoveryResponse>(
            &w.bridge_b,
            &QueryMsg::PaidRecovery {
                channel_id: w.channel_b.clone(),
                loss: loss_id(cover, 1),
            },
        ),
        ContractError::LossNotFound {
            cover_id: cover,
            sequence: 1,
        },
    );
    assert_eq!(
        w.reinsurer
            .wrap()
            .query_balance(&w.bridge_b, &wrong_voucher)
            .unwrap()
            .amount
            .u128(),
        50_000
    );
    assert_eq!(w.cedent.pool_state().total_assets.u128(), STAKE - 10_000);
    // Only the bridge itself applies packets.
    let stranger = w.reinsurer.api().addr_make("stranger");
    assert_eq!(
        bridge_err(w.execute_b(
            &stranger,
            &ExecuteMsg::Internal(InternalMsg::HandlePacket {
                channel_id: w.channel_b.clone(),
                data: Binary::default(),
            }),
            &[],
        )),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger,
            role: Authority::ContractItself
        })
    );
}

#[test]
fn a_reinsurer_short_of_capital_refuses_the_recovery() {
    let mut w = world_with(builder().with_capital(1_000));
    let buyer = w.cedent.addr("buyer");
    let cover = buy(&mut w);
    w.relay_all();
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    let relayed = w.relay_all();
    let error = relayed[0].error().expect("error ack");
    assert_eq!(
        error,
        ContractError::InsufficientFunds {
            denom: w.voucher.clone(),
            needed: Uint128::new(3_000),
            available: Uint128::new(1_600),
        }
        .to_string()
    );
    assert_eq!(
        loss_of(&w, loss_id(cover, 1)).status,
        LossStatus::Rejected { reason: error }
    );
    assert_eq!(w.balance_b(&w.bridge_b), 1_600);
}

// ------------------------------------------------------------------ pool integration

#[test]
fn only_the_pool_cedes_and_only_the_bridge_credits_the_pool() {
    let mut w = world();
    let (stranger, pool) = (w.cedent.addr("stranger"), w.cedent.pool.clone());
    w.cedent.fund(&stranger, 1_000);
    let cede = ExecuteMsg::Pool(PoolMsg::Cede {
        cover_id: 1,
        product_id: DISCRETIONARY_PRODUCT,
        cover_amount: Uint128::new(COVER),
        premium: Uint128::new(PREMIUM),
        cover_end: w.cedent.now().plus_seconds(DAY),
    });
    assert_eq!(
        bridge_err(w.execute_a(&stranger, &cede, &[coin(CEDED, DENOM)])),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::RiskPool
        })
    );
    // The pool must attach exactly the ceded premium.
    assert_eq!(
        bridge_err(w.execute_a(&pool, &cede, &[coin(CEDED - 1, DENOM)])),
        ContractError::CessionMismatch {
            expected: Uint128::new(CEDED),
            sent: Uint128::new(CEDED - 1)
        }
    );
    assert_eq!(
        bridge_err(w.execute_a(
            &pool,
            &ExecuteMsg::Pool(PoolMsg::Cede {
                cover_id: 1,
                product_id: PARAMETRIC_PRODUCT,
                cover_amount: Uint128::new(COVER),
                premium: Uint128::new(PREMIUM),
                cover_end: w.cedent.now().plus_seconds(DAY),
            }),
            &[coin(CEDED, DENOM)],
        )),
        ContractError::ProductNotCeded {
            product_id: PARAMETRIC_PRODUCT
        }
    );
    // Settling a recovery is the bridge's alone.
    let e = w
        .cedent
        .execute_pool(
            &stranger,
            &PoolExecuteMsg::Reinsurance(ReinsuranceMsg::SettleRecovery {
                expected: Uint128::new(10),
            }),
            &[coin(10, DENOM)],
        )
        .unwrap_err();
    assert_eq!(
        e.downcast::<PoolError>().unwrap(),
        PoolError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::ReinsuranceBridge
        })
    );
}

#[test]
fn a_cession_above_the_stakers_share_is_refused_by_the_pool() {
    let mut greedy = quota_share_terms(genesis());
    greedy.kind = TreatyKind::QuotaShare {
        share: Decimal::percent(80),
    };
    let mut w = world_with(builder().with_terms(greedy));
    let buyer = w.cedent.addr("buyer");
    // The quote shows the same refusal BuyCover makes.
    assert_query_refused(
        w.cedent.quote(DISCRETIONARY_PRODUCT, COVER, 365 * DAY),
        ::risk_pool::ContractError::CessionAboveStakerShare {
            ceded: Uint128::new(1_600),
            to_stakers: Uint128::new(1_500),
        },
    );
    let (pool, buy) = (
        w.cedent.pool.clone(),
        PoolExecuteMsg::BuyCover {
            product_id: DISCRETIONARY_PRODUCT,
            amount: Uint128::new(COVER),
            duration: 365 * DAY,
            max_premium: Uint128::new(PREMIUM),
        },
    );
    let e = w
        .cedent
        .app
        .execute_contract(buyer.clone(), pool, &buy, &[coin(PREMIUM, DENOM)])
        .unwrap_err();
    assert_eq!(
        e.downcast::<PoolError>().unwrap(),
        PoolError::CessionAboveStakerShare {
            ceded: Uint128::new(1_600),
            to_stakers: Uint128::new(1_500)
        }
    );
    assert_eq!(w.balance_a(&buyer), BUYER_FUNDS);
    assert_conserved(&w);
}

// ------------------------------------------------------------------ queries and migration

#[test]
fn in_flight_items_are_paginated_and_migration_checks_the_contract() {
    let mut w = world();
    let buyer = w.cedent.addr("buyer");
    for _ in 0..3 {
        w.cedent
            .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 10_000, 365 * DAY)
            .unwrap();
    }
    let page: bridge::InFlightResponse = w.query_a(&QueryMsg::InFlight {
        start_after: None,
        limit: Some(2),
    });
    assert_eq!(page.items.len(), 2);
    let rest: bridge::InFlightResponse = w.query_a(&QueryMsg::InFlight {
        start_after: Some(page.items[1].id),
        limit: Some(2),
    });
    assert_eq!(rest.items.len(), 1);
    assert!(rest.items[0].id > page.items[1].id);
    let all = w.in_flight_a();
    assert_eq!(all.len(), 3);
    assert!(all
        .iter()
        .all(|i| i.status == InFlightStatus::Sent && i.denom == DENOM));
    w.relay_all();
    assert!(w.in_flight_a().is_empty());
    let config: bridge::ConfigResponse = w.query_a(&QueryMsg::Config {});
    assert_eq!(config.risk_pool, Some(w.cedent.pool.clone()));
    assert_eq!(config.collateral_denom.as_deref(), Some(DENOM));

    // Migration: same contract only.
    let code_id = w
        .cedent
        .app
        .wrap()
        .query_wasm_contract_info(&w.bridge_a)
        .unwrap()
        .code_id;
    let gov = w.cedent.governance.clone();
    let bridge_a = w.bridge_a.clone();
    w.cedent
        .app
        .migrate_contract(gov.clone(), bridge_a, &bridge::MigrateMsg {}, code_id)
        .unwrap();
    // Another contract cannot be migrated onto the bridge's code.
    let nft = w.cedent.cover_nft.clone();
    assert_eq!(
        bridge_err(
            w.cedent
                .app
                .migrate_contract(gov, nft, &bridge::MigrateMsg {}, code_id)
        ),
        ContractError::Migrate(MigrateError::WrongContract {
            expected: "crates.io:reinsurance-bridge".to_string(),
            found: "crates.io:cover-nft".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string()
        })
    );
    assert_conserved(&w);
}

#[test]
fn addresses_differ_across_chains() {
    let w = world();
    assert!(w.bridge_b.as_str().starts_with("partner1"));
    assert!(w.bridge_a.as_str().starts_with("cosmwasm1"));
    assert!(w.governance_b.as_str().starts_with("partner1"));
}

#[test]
fn a_loss_while_the_cession_is_in_flight_waits_and_is_recovered_once_accepted() {
    let mut w = world();
    let buyer = w.cedent.addr("buyer");
    let cover = buy(&mut w);
    // The claim is paid before the cession's ack came back.
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Waiting);
    let retry = ExecuteMsg::RetryRecovery {
        loss: loss_id(cover, 1),
    };
    assert_eq!(
        bridge_err(w.execute_a(&buyer, &retry, &[])),
        ContractError::CessionNotAccepted { cover_id: cover }
    );
    let relayed = w.relay_all();
    assert_eq!(relayed.len(), 2); // the cession and its premium
                                  // Expected since the payout: a receivable in the assets.
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_eq!(w.cedent.pool_state().reinsurance_receivable.u128(), 3_000);
    w.execute_a(&buyer, &retry, &[]).unwrap();
    let relayed = w.relay_all();
    assert_no_receive_aborted(&relayed);
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_conserved(&w);
}

#[test]
fn funds_held_for_a_returned_transfer_are_not_spent_again() {
    const SMALL: u128 = 5_000;
    let mut w = world_with(builder().with_capital(SMALL));
    let buyer = w.cedent.addr("buyer");
    let cover = buy(&mut w);
    w.relay_all();
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    let mut r = w.relayer();
    assert!(r.relay_next(Side::A).unwrap().unwrap().is_success());
    drop(r);
    // The recovery's transfer times out: the reinsurer holds 3 000 for it.
    w.cedent.advance_time(PACKET_TIMEOUT);
    assert!(w.relay_all()[0].timed_out());
    assert_eq!(w.balance_b(&w.bridge_b), SMALL + CEDED);
    // A second loss needs 2 700: only 2 600 are free.
    w.advance_reinsurer(PACKET_TIMEOUT);
    w.cedent.payout(cover, &buyer, 9_000).unwrap();
    let relayed = w.relay_all();
    assert_eq!(
        relayed[0].error().unwrap(),
        ContractError::InsufficientFunds {
            denom: w.voucher.clone(),
            needed: Uint128::new(2_700),
            available: Uint128::new(2_600),
        }
        .to_string()
    );
    // The held recovery still goes out, once.
    let transfer_id = w.in_flight_b()[0].id;
    let stranger = w.reinsurer.api().addr_make("stranger");
    w.execute_b(&stranger, &ExecuteMsg::RetryTransfer { transfer_id }, &[])
        .unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    assert_eq!(w.balance_b(&w.bridge_b), SMALL + CEDED - 3_000);
    assert_eq!(
        bridge_err(w.execute_b(&stranger, &ExecuteMsg::RetryTransfer { transfer_id }, &[])),
        ContractError::TransferNotFound { transfer_id }
    );
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 19_000 + 3_000
    );
    assert_conserved(&w);
}

#[test]
fn a_premium_transfer_that_cannot_leave_waits_for_governance_and_a_retry() {
    let mut w = world();
    let stranger = w.cedent.addr("stranger");
    let amend = |transfer_channel: &str| GovernanceMsg::AmendTreaty {
        channel_id: w.channel_a.clone(),
        treaty_id: TREATY_ID,
        capacity: None,
        end: None,
        transfer_channel: Some(transfer_channel.to_string()),
    };
    let (broken, fixed) = (amend("channel-42"), amend(&w.transfer_a));
    w.governance_a(broken).unwrap();
    let cover = buy(&mut w);
    let relayed = w.relay_all();
    // The cession is accepted; the premium's transfer could not be sent, and
    // the ack still settled.
    assert_eq!(relayed.len(), 1);
    assert!(relayed[0].is_success());
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    let items = w.in_flight_a();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].status, InFlightStatus::Returned);
    assert_eq!(w.balance_a(&w.bridge_a), CEDED);
    assert_conserved(&w);
    let retry = ExecuteMsg::RetryTransfer {
        transfer_id: items[0].id,
    };
    // ICS-20 on chain A refuses the transfer: the channel does not exist.
    assert_refused_as(
        w.execute_a(&stranger, &retry, &[]),
        IbcError::ChannelNotFound {
            port_id: "transfer".to_string(),
            channel_id: "channel-42".to_string(),
        },
    );
    w.governance_a(fixed).unwrap();
    w.execute_a(&stranger, &retry, &[]).unwrap();
    assert!(w.relay_all()[0].is_success());
    assert_eq!(w.treaty_a().ledger.premium_paid.u128(), CEDED);
    assert_eq!(w.treaty_b().ledger.premium_paid.u128(), CEDED);
    assert!(w.in_flight_a().is_empty());
    assert_conserved(&w);
}

#[test]
fn a_premium_transfer_refused_by_the_receiving_chain_comes_back() {
    let mut w = world();
    let cover = buy(&mut w);
    let mut r = w.relayer();
    assert!(r.relay_next(Side::A).unwrap().unwrap().is_success());
    // The receiving chain's transfer module answers an error ack (nothing
    // was minted there): ICS-20 refunds the bridge, its source callback
    // marks the transfer returned.
    let pending = r.pending(Side::A).remove(0);
    assert!(pending.transfer.is_some());
    let relayed = r
        .acknowledge(
            Side::A,
            pending,
            Received {
                ack: StdAck::error("ics20: receiver blocked").to_binary(),
                receive_error: None,
                callback_errors: vec![],
            },
        )
        .unwrap();
    assert!(relayed.callback_errors.is_empty());
    drop(r);
    assert_eq!(w.escrow_a(), CAPITAL);
    assert_eq!(w.balance_a(&w.bridge_a), CEDED);
    let items = w.in_flight_a();
    assert_eq!(
        (items[0].kind.clone(), items[0].status.clone()),
        (
            InFlightKind::PremiumTransfer { cover_id: cover },
            InFlightStatus::Returned
        )
    );
    assert_eq!(w.treaty_a().ledger.premium_due.u128(), CEDED);
    assert_conserved(&w);
}

// ------------------------------------------------------------------ capital withdrawal

fn withdraw(w: &ReinsuranceWorld, amount: u128) -> GovernanceMsg {
    GovernanceMsg::WithdrawCapital {
        channel_id: w.channel_b.clone(),
        treaty_id: TREATY_ID,
        recipient: w.reinsurer.api().addr_make(CAPITAL_OWNER).to_string(),
        amount: Uint128::new(amount),
    }
}

#[test]
fn governance_withdraws_free_capital_with_exact_balances() {
    let (mut w, _) = ceded_world();
    let owner = w.reinsurer.api().addr_make(CAPITAL_OWNER);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    let escrow = w.escrow_a();

    // By the governance address.
    let msg = withdraw(&w, 50_000);
    w.governance_b(msg).unwrap();
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 50_000);
    assert_eq!(w.balance_b(&owner), 50_000);
    assert_eq!(w.treaty_b().ledger.capital_withdrawn.u128(), 50_000);
    // A bank send on B: nothing crosses, A's escrow still backs every voucher.
    assert_eq!(w.escrow_a(), escrow);
    assert!(w.in_flight_b().is_empty());
    assert_conserved(&w);

    // Through x/wasm sudo, down to the last free token.
    let msg = withdraw(&w, CAPITAL + CEDED - 50_000);
    w.reinsurer.wasm_sudo(w.bridge_b.clone(), &msg).unwrap();
    assert_eq!(w.balance_b(&w.bridge_b), 0);
    assert_eq!(w.balance_b(&owner), CAPITAL + CEDED);
    assert_eq!(
        w.treaty_b().ledger.capital_withdrawn.u128(),
        CAPITAL + CEDED
    );
    assert_conserved(&w);

    // Nothing left is free, through either route.
    let msg = withdraw(&w, 1);
    let expected = ContractError::WithdrawalAboveFreeFunds {
        denom: w.voucher.clone(),
        requested: Uint128::one(),
        free: Uint128::zero(),
    };
    assert_eq!(bridge_err(w.governance_b(msg.clone())), expected);
    assert_eq!(
        bridge_err(w.reinsurer.wasm_sudo(w.bridge_b.clone(), &msg)),
        expected
    );
}

#[test]
fn only_governance_withdraws_capital_and_only_what_is_free() {
    let (mut w, _) = ceded_world();
    let owner = w.reinsurer.api().addr_make(CAPITAL_OWNER);
    let stranger = w.reinsurer.api().addr_make("stranger");
    let msg = withdraw(&w, 1_000);
    assert_eq!(
        bridge_err(w.execute_b(&stranger, &ExecuteMsg::Governance(msg), &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    // Zero, by governance or sudo.
    let msg = withdraw(&w, 0);
    assert_eq!(
        bridge_err(w.governance_b(msg.clone())),
        ContractError::ZeroWithdrawal {}
    );
    assert_eq!(
        bridge_err(w.reinsurer.wasm_sudo(w.bridge_b.clone(), &msg)),
        ContractError::ZeroWithdrawal {}
    );
    // One above the balance.
    let msg = withdraw(&w, CAPITAL + CEDED + 1);
    assert_eq!(
        bridge_err(w.governance_b(msg)),
        ContractError::WithdrawalAboveFreeFunds {
            denom: w.voucher.clone(),
            requested: Uint128::new(CAPITAL + CEDED + 1),
            free: Uint128::new(CAPITAL + CEDED),
        }
    );
    // The cedent's side of the treaty has no capital to withdraw.
    let gov_a = w.cedent.governance.clone();
    let msg = GovernanceMsg::WithdrawCapital {
        channel_id: w.channel_a.clone(),
        treaty_id: TREATY_ID,
        recipient: gov_a.to_string(),
        amount: Uint128::one(),
    };
    assert_eq!(
        bridge_err(w.governance_a(msg)),
        ContractError::WrongRole {
            treaty_id: TREATY_ID,
            expected: Role::Reinsurer,
        }
    );
    // Nothing moved, nothing booked.
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    assert_eq!(w.balance_b(&owner), 0);
    assert_eq!(w.treaty_b().ledger.capital_withdrawn.u128(), 0);
    assert_conserved(&w);
}

#[test]
fn a_withdrawal_never_takes_funds_held_for_a_returned_recovery() {
    let (mut w, cover) = ceded_world();
    let buyer = w.cedent.addr("buyer");
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    let mut r = w.relayer();
    assert!(r.relay_next(Side::A).unwrap().unwrap().is_success());
    drop(r);
    // The recovery's transfer times out: the reinsurer holds 3 000 for it.
    w.cedent.advance_time(PACKET_TIMEOUT);
    assert!(w.relay_all()[0].timed_out());
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED);
    let free = CAPITAL + CEDED - 3_000;
    let msg = withdraw(&w, free + 1);
    assert_eq!(
        bridge_err(w.governance_b(msg)),
        ContractError::WithdrawalAboveFreeFunds {
            denom: w.voucher.clone(),
            requested: Uint128::new(free + 1),
            free: Uint128::new(free),
        }
    );
    let msg = withdraw(&w, free);
    w.governance_b(msg).unwrap();
    assert_eq!(w.balance_b(&w.bridge_b), 3_000);
    assert_conserved(&w);
    // The due recovery is still paid, in full.
    w.advance_reinsurer(PACKET_TIMEOUT);
    let transfer_id = w.in_flight_b()[0].id;
    let stranger = w.reinsurer.api().addr_make("stranger");
    w.execute_b(&stranger, &ExecuteMsg::RetryTransfer { transfer_id }, &[])
        .unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    assert_eq!(w.balance_b(&w.bridge_b), 0);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_conserved(&w);
}

#[test]
fn a_recovery_after_a_withdrawal_is_paid_from_the_remaining_capital_or_refused() {
    let (mut w, cover) = ceded_world();
    let buyer = w.cedent.addr("buyer");
    let msg = withdraw(&w, 150_000);
    w.governance_b(msg).unwrap();
    // 50 600 remain: the treaty's 3 000 of a 10 000 loss is paid.
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    let relayed = w.relay_all();
    assert_no_receive_aborted(&relayed);
    assert!(relayed.iter().all(|r| r.is_success()), "{relayed:?}");
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    assert_eq!(w.balance_b(&w.bridge_b), CAPITAL + CEDED - 150_000 - 3_000);
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 10_000 + 3_000
    );
    assert_conserved(&w);

    // Governance takes all but 1 000: the next 3 000 cannot be paid.
    let msg = withdraw(&w, CAPITAL + CEDED - 150_000 - 3_000 - 1_000);
    w.governance_b(msg).unwrap();
    let before = w.treaty_b();
    w.cedent.payout(cover, &buyer, 10_000).unwrap();
    let relayed = w.relay_all();
    assert_no_receive_aborted(&relayed);
    assert_eq!(relayed.len(), 1);
    assert_eq!(
        relayed[0].error().expect("error ack"),
        ContractError::InsufficientFunds {
            denom: w.voucher.clone(),
            needed: Uint128::new(3_000),
            available: Uint128::new(1_000),
        }
        .to_string()
    );
    // Rolled back: nothing paid, nothing booked on B; the loss is refused on A.
    assert_eq!(
        loss_of(&w, loss_id(cover, 2)).status,
        LossStatus::Rejected {
            reason: ContractError::InsufficientFunds {
                denom: w.voucher.clone(),
                needed: Uint128::new(3_000),
                available: Uint128::new(1_000),
            }
            .to_string()
        }
    );
    assert_eq!(w.balance_b(&w.bridge_b), 1_000);
    assert_eq!(w.treaty_b().ledger, before.ledger);
    assert_eq!(accepted(&w, cover).recovered.u128(), 3_000);
    assert!(w.in_flight_a().is_empty() && w.in_flight_b().is_empty());
    assert_eq!(
        w.cedent.pool_state().total_assets.u128(),
        STAKE - 20_000 + 3_000
    );
    assert_conserved(&w);
}

// ------------------------------------------------------------------ quote

#[test]
fn the_pools_quote_shows_the_split_buy_cover_makes() {
    let mut w = world();
    let quote = w
        .cedent
        .quote(DISCRETIONARY_PRODUCT, COVER, 365 * DAY)
        .unwrap();
    assert_eq!(quote.premium.u128(), PREMIUM);
    assert_eq!(quote.ceded.u128(), CEDED);
    assert_eq!(
        quote.to_stakers.u128(),
        PREMIUM - TREASURY_CUT - CLAIMS_CUT - CEDED
    );
    assert_eq!(
        quote.to_stakers + quote.ceded + quote.to_treasury + quote.to_claims_fund,
        quote.premium
    );
    let (pool, treasury) = (w.cedent.pool.clone(), w.cedent.treasury.clone());
    let (reserve, claims_fund) = {
        let p = w.cedent.pool_state();
        (p.reward_reserve.u128(), p.claims_fund.u128())
    };

    let cover = buy(&mut w);
    // BuyCover does exactly what the quote said.
    let p = w.cedent.pool_state();
    assert_eq!(p.reward_reserve.u128() - reserve, quote.to_stakers.u128());
    assert_eq!(
        p.claims_fund.u128() - claims_fund,
        quote.to_claims_fund.u128()
    );
    assert_eq!(w.balance_a(&treasury), quote.to_treasury.u128());
    assert_eq!(cession(&w, cover).ceded_premium, quote.ceded);
    assert_eq!(w.balance_a(&w.bridge_a), quote.ceded.u128());
    assert_eq!(
        w.balance_a(&pool),
        STAKE + (quote.to_stakers + quote.to_claims_fund).u128()
    );
    assert_conserved(&w);

    // A product under no treaty cedes nothing: the stakers keep their share.
    let q = w
        .cedent
        .quote(PARAMETRIC_PRODUCT, 40_000, 60 * DAY)
        .unwrap();
    assert!(q.ceded.is_zero());
    assert_eq!(q.to_stakers + q.to_treasury + q.to_claims_fund, q.premium);
}

// ------------------------------------------------------------------ the relay is as strict as ibc-go

#[test]
fn the_relay_never_times_out_a_packet_the_destination_received() {
    let mut w = world();
    let cover = buy(&mut w);
    // Received on B, its ack written; the relayer goes away before relaying the ack.
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    let received = r.receive(Side::A, &pending).unwrap();
    assert_eq!(
        from_json::<StdAck>(&received.ack).unwrap(),
        StdAck::success(
            to_json_binary(&BridgeAck::Cession {
                cover_id: cover,
                exposure: Uint128::new(EXPOSURE)
            })
            .unwrap()
        )
    );
    drop(r);
    // Both chains pass the timeout: the packet was received, so only its ack can come.
    w.advance_time(2 * PACKET_TIMEOUT);
    let relayed = w.relay_all();
    assert!(!relayed[0].timed_out());
    assert!(relayed[0].is_success());
    assert_eq!(cession(&w, cover).status, CessionStatus::Accepted);
    assert!(accepted(&w, cover).exposure.u128() == EXPOSURE);
    assert_conserved(&w);
}

#[test]
fn the_relay_never_acknowledges_on_a_closed_channel() {
    let mut w = world();
    let cover = buy(&mut w);
    let mut r = w.relayer();
    let pending = r.pending(Side::A).remove(0);
    r.receive(Side::A, &pending).unwrap();
    drop(r);
    // The partner closes the channel: the ack can no longer reach the
    // cedent, and the packet cannot time out (it was received).
    w.governance_b(GovernanceMsg::CloseChannel {
        channel_id: w.channel_b.clone(),
    })
    .unwrap();
    let relayed = w.relay_all();
    assert!(relayed.is_empty(), "{relayed:?}");
    let a: ChannelResponse = w.query_a(&QueryMsg::Channel {
        channel_id: w.channel_a.clone(),
    });
    assert!(!a.open);
    w.advance_time(2 * PACKET_TIMEOUT);
    assert!(w.relay_all().is_empty());
    let mut r = w.relayer();
    assert_eq!(r.stuck(Side::A).unwrap().len(), 1);
    drop(r);
    assert_eq!(cession(&w, cover).status, CessionStatus::Pending);
}

#[test]
fn withdrawals_and_payouts_use_cash_and_only_the_bridge_books_the_receivable() {
    let (mut w, cover) = ceded_world();
    let (buyer, staker) = (w.cedent.addr("buyer"), w.cedent.addr("staker"));
    w.cedent.payout(cover, &buyer, COVER).unwrap();
    // 30 000 expected: in the value, not in the bank.
    let state = w.cedent.pool_state();
    assert_eq!(state.reinsurance_receivable.u128(), 30_000);
    assert_eq!(state.total_assets.u128(), STAKE - COVER + 30_000);
    let shares = w.cedent.staker(&staker).shares;
    w.cedent.request_unbond(&staker, shares).unwrap();
    w.advance_time(31 * DAY);
    // (Premium streamed since, with nobody earning, joined capital.)
    let capital = w.cedent.pool_state().total_assets;
    let e = w.cedent.withdraw(&staker, 1).unwrap_err();
    assert_eq!(
        e.downcast::<PoolError>().unwrap(),
        PoolError::InsufficientLiquidity {
            requested: capital,
            cash: capital - Uint128::new(30_000),
        }
    );
    // Nobody but the bridge books or settles a receivable.
    let stranger = w.cedent.addr("stranger");
    let e = w
        .cedent
        .execute_pool(
            &stranger,
            &PoolExecuteMsg::Reinsurance(ReinsuranceMsg::ExpectRecovery {
                amount: Uint128::new(1_000_000),
            }),
            &[],
        )
        .unwrap_err();
    assert_eq!(
        e.downcast::<PoolError>().unwrap(),
        PoolError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::ReinsuranceBridge
        })
    );
    // The request timed out meanwhile; a retry, and the recovery arrives:
    // the staker leaves with it.
    assert!(w.relay_all()[0].timed_out());
    let retry = ExecuteMsg::RetryRecovery {
        loss: loss_id(cover, 1),
    };
    w.execute_a(&stranger, &retry, &[]).unwrap();
    w.relay_all();
    assert_eq!(loss_of(&w, loss_id(cover, 1)).status, LossStatus::Paid);
    let before = w.balance_a(&staker);
    w.cedent.withdraw(&staker, 1).unwrap();
    assert_eq!(w.balance_a(&staker), before + capital.u128());
    assert_conserved(&w);
}
