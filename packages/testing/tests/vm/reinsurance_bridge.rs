//! The reinsurance bridge in the VM: its IBC exports, then two instances of
//! the artifact (the cedent's, attached to the real pool, and the
//! reinsurer's) on the real-VM chain: the handshake, a cession sent by the
//! pool's purchase, relayed, acknowledged and paid over ICS-20.

use cosmwasm_std::testing::{mock_dependencies, mock_env};
use cosmwasm_std::{
    from_json, Addr, Decimal, IbcChannel, IbcChannelOpenMsg, IbcEndpoint, IbcOrder, IbcPacket,
    IbcTimeout, ReplyOn, StdAck, Uint128, WasmMsg,
};
use cosmwasm_vm::testing::{MockApi, MockQuerier, MockStorage};
use cosmwasm_vm::{capabilities_from_csv, Cache, CacheOptions, Size};
use insurance_common::reinsurance_bridge::{
    BridgeAck, BridgePacket, GovernanceMsg, InstantiateMsg, QueryMsg, Role, TreatyKind,
    TreatyResponse, TreatyTerms, BRIDGE_ORDER, BRIDGE_VERSION,
};
use insurance_common::risk_pool::{self, DAY};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_vm::{Chain, ChainError, ICS20_ESCROW, WASM_PORT_PREFIX};

use crate::support::{artifact, assert_contract_error, Protocol, CHAIN_CAPABILITIES, DENOM};

#[test]
#[allow(unsafe_code)]
fn the_bridge_artifact_exports_the_ibc_entry_points() {
    let wasm = artifact("reinsurance_bridge");
    let dir = std::env::temp_dir().join(format!("reinsurance-vm-{}", std::process::id()));
    // SAFETY: the cache directory is private to this test process.
    let cache: Cache<MockApi, MockStorage, MockQuerier> = unsafe {
        Cache::new(CacheOptions::new(
            &dir,
            capabilities_from_csv(CHAIN_CAPABILITIES),
            Size::mebi(64),
            Size::mebi(32),
        ))
    }
    .expect("cache");
    // The VM's own analysis, as wasmd runs it when the code is stored.
    let checksum = cache.store_code(&wasm, true, true).expect("store code");
    let report = cache.analyze(&checksum).expect("analyze");
    assert!(report.has_ibc_entry_points);
    let entrypoints: Vec<String> = report.entrypoints.iter().map(|e| e.to_string()).collect();
    for name in [
        "instantiate",
        "execute",
        "query",
        "sudo",
        "reply",
        "migrate",
        "ibc_channel_open",
        "ibc_channel_connect",
        "ibc_channel_close",
        "ibc_packet_receive",
        "ibc_packet_ack",
        "ibc_packet_timeout",
    ] {
        assert!(
            entrypoints.iter().any(|e| e == name),
            "{name} is not exported"
        );
    }
    // The ICS-20 callbacks (ADR-8) are exports too.
    for name in ["ibc_source_callback", "ibc_destination_callback"] {
        assert!(
            wasm.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name} is not exported"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

const CEDENT_CHANNEL: &str = "channel-0";
const REINSURER_CHANNEL: &str = "channel-1";
const RECEIVE_GAS_LIMIT: u64 = 1_000_000;

fn treaty(chain: &Chain, bridge: &Addr, channel_id: &str) -> TreatyResponse {
    chain
        .query(
            bridge,
            &QueryMsg::Treaty {
                channel_id: channel_id.to_string(),
                treaty_id: 1,
            },
        )
        .unwrap()
}

#[test]
fn the_bridges_cede_a_cover_over_ibc_in_the_vm() {
    let mut p = Protocol::deploy();
    let (staker, buyer, relayer) = (p.addr("staker"), p.addr("buyer"), p.addr("relayer"));
    p.deposit(&staker, 1_000_000);
    let (gov, pool) = (p.gov.clone(), p.pool.clone());
    let wasm = artifact("reinsurance_bridge");
    let instantiate = |risk_pool: Option<&Addr>| InstantiateMsg {
        governance: gov.to_string(),
        risk_pool: risk_pool.map(Addr::to_string),
        packet_timeout: DAY,
        transfer_timeout: DAY,
        receive_gas_limit: RECEIVE_GAS_LIMIT,
    };
    let cedent = p
        .chain
        .deploy("cedent_bridge", &wasm, &gov, &instantiate(Some(&pool)))
        .unwrap();
    let reinsurer = p
        .chain
        .deploy("reinsurer_bridge", &wasm, &gov, &instantiate(None))
        .unwrap();

    // An ordered channel is refused at OpenInit, exactly as the contract's
    // native build refuses it, and leaves nothing behind.
    let ordered = IbcChannel::new(
        IbcEndpoint {
            port_id: format!("{WASM_PORT_PREFIX}{cedent}"),
            channel_id: CEDENT_CHANNEL.to_string(),
        },
        IbcEndpoint {
            port_id: format!("{WASM_PORT_PREFIX}{reinsurer}"),
            channel_id: String::new(),
        },
        IbcOrder::Ordered,
        BRIDGE_VERSION,
        "connection-0",
    );
    let expected = reinsurance_bridge::ibc::ibc_channel_open(
        mock_dependencies().as_mut(),
        mock_env(),
        IbcChannelOpenMsg::new_init(ordered),
    )
    .unwrap_err();
    assert!(matches!(
        expected,
        reinsurance_bridge::ContractError::InvalidChannelOrder { .. }
    ));
    let err = p
        .chain
        .open_channel(
            (&cedent, CEDENT_CHANNEL),
            (&reinsurer, REINSURER_CHANNEL),
            BRIDGE_VERSION,
            IbcOrder::Ordered,
        )
        .unwrap_err();
    assert_contract_error(err, expected);

    p.chain
        .open_channel(
            (&cedent, CEDENT_CHANNEL),
            (&reinsurer, REINSURER_CHANNEL),
            BRIDGE_VERSION,
            BRIDGE_ORDER,
        )
        .unwrap();
    let now = p.chain.block_time();
    let terms = TreatyTerms {
        id: 1,
        kind: TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        },
        start: now,
        end: now.plus_seconds(365 * DAY),
        capacity: Uint128::new(1_000_000),
        cedent_denom: DENOM.to_string(),
        products: vec![DISCRETIONARY_PRODUCT],
    };
    for (bridge, channel_id, role, transfer_channel) in [
        (&cedent, CEDENT_CHANNEL, Role::Cedent, "channel-10"),
        (&reinsurer, REINSURER_CHANNEL, Role::Reinsurer, "channel-11"),
    ] {
        p.chain
            .sudo(
                bridge,
                &GovernanceMsg::RegisterTreaty {
                    channel_id: channel_id.to_string(),
                    role,
                    transfer_channel: transfer_channel.to_string(),
                    terms: terms.clone(),
                },
            )
            .unwrap();
    }
    p.chain
        .sudo(
            &pool,
            &risk_pool::GovernanceMsg::SetCompanions {
                cover_nft: None,
                claims_court: None,
                tranche_vault: None,
                reinsurance_bridge: Some(cedent.to_string()),
            },
        )
        .unwrap();

    // A purchase on the treaty's product: the pool cedes 30 % of it with
    // the ceded premium, and the cedent's bridge sends the cession packet.
    let quote = p.quote(DISCRETIONARY_PRODUCT, 100_000, 180 * DAY);
    assert!(!quote.ceded.is_zero());
    let cover_id = p
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 180 * DAY)
        .cover_id;
    let [packet] = <[IbcPacket; 1]>::try_from(p.chain.take_packets()).unwrap();
    assert_eq!(p.chain.balance(&cedent, DENOM), quote.ceded.u128());

    // The reinsurer accepts it: a success ack at once, the work in a
    // gas-limited submessage to itself that replies only on error.
    p.chain.record_messages(true);
    let ack = p.chain.receive_packet(&packet, &relayer).unwrap();
    let sent = p.chain.take_messages();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].sender, reinsurer);
    assert_eq!(sent[0].submsg.gas_limit, Some(RECEIVE_GAS_LIMIT));
    assert_eq!(sent[0].submsg.reply_on, ReplyOn::Error);
    assert!(matches!(
        &sent[0].submsg.msg,
        cosmwasm_std::CosmosMsg::Wasm(WasmMsg::Execute { contract_addr, .. })
            if contract_addr == reinsurer.as_str()
    ));
    p.chain.record_messages(false);
    let StdAck::Success(payload) = from_json::<StdAck>(&ack).unwrap() else {
        panic!("success ack expected")
    };
    assert_eq!(
        from_json::<BridgeAck>(&payload).unwrap(),
        BridgeAck::Cession {
            cover_id,
            exposure: Uint128::new(30_000)
        }
    );
    let accepted = treaty(&p.chain, &reinsurer, REINSURER_CHANNEL);
    assert_eq!(accepted.ledger.exposure, Uint128::new(30_000));
    assert_eq!(accepted.ledger.premium_due, quote.ceded);

    // The ack books the exposure on the cedent, which sends the premium
    // over ICS-20 (into the transfer module's escrow).
    p.chain.acknowledge_packet(&packet, &ack, &relayer).unwrap();
    let ceded = treaty(&p.chain, &cedent, CEDENT_CHANNEL);
    assert_eq!(ceded.ledger.exposure, Uint128::new(30_000));
    assert_eq!(ceded.ledger.exposure_pending, Uint128::zero());
    assert_eq!(ceded.ledger.premium_pending, Uint128::zero());
    assert_eq!(
        p.chain.balance(&Addr::unchecked(ICS20_ESCROW), DENOM),
        quote.ceded.u128()
    );
    assert_eq!(p.chain.balance(&cedent, DENOM), 0);

    // Malformed data: an error ack, never an error, and nothing changes.
    let garbage = IbcPacket::new(
        b"\xff\x00".to_vec(),
        packet.src.clone(),
        packet.dest.clone(),
        packet.sequence + 1,
        IbcTimeout::with_timestamp(p.chain.block_time().plus_seconds(600)),
    );
    let ack = p.chain.receive_packet(&garbage, &relayer).unwrap();
    let invalid = reinsurance_bridge::ContractError::InvalidPacket {
        error: from_json::<BridgePacket>(b"\xff\x00").unwrap_err(),
    };
    assert_eq!(
        from_json::<StdAck>(&ack).unwrap(),
        StdAck::error(invalid.to_string())
    );
    assert_eq!(treaty(&p.chain, &reinsurer, REINSURER_CHANNEL), accepted);
    assert!(p.chain.take_packets().is_empty());

    // A second cession whose packet is never relayed: past its timeout the
    // reinsurer can no longer receive it, and its timeout gives the pool
    // its premium back.
    let second = p.quote(DISCRETIONARY_PRODUCT, 50_000, 180 * DAY);
    p.buy_cover(&buyer, DISCRETIONARY_PRODUCT, 50_000, 180 * DAY);
    let [late] = <[IbcPacket; 1]>::try_from(p.chain.take_packets()).unwrap();
    assert_eq!(
        treaty(&p.chain, &cedent, CEDENT_CHANNEL)
            .ledger
            .exposure_pending,
        Uint128::new(15_000)
    );
    p.chain.advance(DAY + 1);
    assert_eq!(
        p.chain.receive_packet(&late, &relayer).unwrap_err(),
        ChainError::PacketTimedOut {
            sequence: late.sequence
        }
    );
    let pool_cash = p.balance(&pool);
    p.chain.timeout_packet(&late, &relayer).unwrap();
    let ceded = treaty(&p.chain, &cedent, CEDENT_CHANNEL);
    assert_eq!(ceded.ledger.exposure_pending, Uint128::zero());
    assert_eq!(ceded.ledger.premium_pending, Uint128::zero());
    assert_eq!(ceded.ledger.exposure, Uint128::new(30_000));
    assert_eq!(p.chain.balance(&cedent, DENOM), 0);
    assert_eq!(p.balance(&pool), pool_cash + second.ceded.u128());
}
