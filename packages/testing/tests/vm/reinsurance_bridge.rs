//! The reinsurance bridge in the VM: its IBC exports, and a handshake and a
//! cession executed through its entry points.

use cosmwasm_std::{
    from_json, to_json_binary, Addr, Decimal, Env, IbcChannel, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcEndpoint, IbcOrder, IbcPacket, IbcPacketReceiveMsg, IbcTimeout,
    MessageInfo, Response, StdAck, Uint128,
};
use cosmwasm_vm::testing::{
    execute, ibc_channel_connect, ibc_channel_open, ibc_packet_receive, instantiate, mock_env,
    mock_instance_with_options, query, sudo, MockApi, MockInstanceOptions,
};
use cosmwasm_vm::testing::{MockQuerier, MockStorage};
use cosmwasm_vm::{capabilities_from_csv, Cache, CacheOptions, Size};
use insurance_common::reinsurance_bridge::{
    BridgeAck, BridgePacket, CessionPacket, ExecuteMsg, GovernanceMsg, InstantiateMsg, QueryMsg,
    Role, TreatyKind, TreatyResponse, TreatyTerms, BRIDGE_VERSION,
};

use crate::support::{artifact, CHAIN_CAPABILITIES, GAS_LIMIT};
use insurance_common::reinsurance_bridge::InternalMsg;

#[test]
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

fn env_of(contract: &Addr) -> Env {
    let mut env = mock_env();
    env.contract.address = contract.clone();
    env
}

#[test]
fn the_bridge_runs_a_handshake_and_a_cession_in_the_vm() {
    let api = MockApi::default();
    let make = |name: &str| Addr::unchecked(api.addr_make(name));
    let (gov, bridge, partner) = (make("governance"), make("bridge"), make("partner"));
    let mut vm = mock_instance_with_options(
        &artifact("reinsurance_bridge"),
        MockInstanceOptions {
            available_capabilities: capabilities_from_csv(CHAIN_CAPABILITIES),
            gas_limit: GAS_LIMIT,
            ..MockInstanceOptions::default()
        },
    );
    let env = env_of(&bridge);
    let _: Response = ok(instantiate(
        &mut vm,
        env.clone(),
        MessageInfo {
            sender: gov.clone(),
            funds: vec![],
        },
        InstantiateMsg {
            governance: gov.to_string(),
            risk_pool: None,
            packet_timeout: 600,
            transfer_timeout: 600,
            receive_gas_limit: 1_000_000,
        },
    ));
    let channel = |order, version: &str| {
        IbcChannel::new(
            IbcEndpoint {
                port_id: format!("wasm.{bridge}"),
                channel_id: "channel-0".into(),
            },
            IbcEndpoint {
                port_id: format!("wasm.{partner}"),
                channel_id: "channel-3".into(),
            },
            order,
            version,
            "connection-0",
        )
    };
    // Handshake: a wrong order is refused, ours is accepted.
    let refused = ibc_channel_open(
        &mut vm,
        env.clone(),
        IbcChannelOpenMsg::new_try(channel(IbcOrder::Ordered, BRIDGE_VERSION), BRIDGE_VERSION),
    );
    let wrong_order = reinsurance_bridge::ContractError::InvalidChannelOrder {
        expected: IbcOrder::Unordered,
        actual: IbcOrder::Ordered,
    };
    assert_eq!(refused.into_result().unwrap_err(), wrong_order.to_string());
    let opened = ok(ibc_channel_open(
        &mut vm,
        env.clone(),
        IbcChannelOpenMsg::new_try(channel(IbcOrder::Unordered, BRIDGE_VERSION), BRIDGE_VERSION),
    ));
    assert_eq!(opened.unwrap().version, BRIDGE_VERSION);
    let _: cosmwasm_std::IbcBasicResponse = ok(ibc_channel_connect(
        &mut vm,
        env.clone(),
        IbcChannelConnectMsg::new_confirm(channel(IbcOrder::Unordered, BRIDGE_VERSION)),
    ));
    let now = env.block.time;
    let _: Response = ok(sudo(
        &mut vm,
        env.clone(),
        GovernanceMsg::RegisterTreaty {
            channel_id: "channel-0".into(),
            role: Role::Reinsurer,
            transfer_channel: "channel-1".into(),
            terms: TreatyTerms {
                id: 1,
                kind: TreatyKind::QuotaShare {
                    share: Decimal::percent(30),
                },
                start: now,
                end: now.plus_seconds(1_000),
                capacity: Uint128::new(1_000_000),
                cedent_denom: "uusdc".into(),
                products: vec![1],
            },
        },
    ));

    // A cession: success ack, work in a gas-limited submessage to the bridge itself.
    let data = to_json_binary(&BridgePacket::Cession(CessionPacket {
        treaty_id: 1,
        cover_id: 9,
        product_id: 1,
        cover_amount: Uint128::new(100_000),
        premium: Uint128::new(2_000),
        ceded_premium: Uint128::new(600),
        exposure: Uint128::new(30_000),
        denom: "uusdc".into(),
        cover_start: now,
        cover_end: now.plus_seconds(500),
    }))
    .unwrap();
    let packet = |data| {
        IbcPacket::new(
            data,
            IbcEndpoint {
                port_id: format!("wasm.{partner}"),
                channel_id: "channel-3".into(),
            },
            IbcEndpoint {
                port_id: format!("wasm.{bridge}"),
                channel_id: "channel-0".into(),
            },
            1,
            IbcTimeout::with_timestamp(now.plus_seconds(600)),
        )
    };
    let relayer = make("relayer");
    let received: cosmwasm_std::IbcReceiveResponse = ok(ibc_packet_receive(
        &mut vm,
        env.clone(),
        IbcPacketReceiveMsg::new(packet(data.clone()), relayer.clone()),
    ));
    let ack: StdAck = from_json(received.acknowledgement.unwrap()).unwrap();
    let StdAck::Success(payload) = ack else {
        panic!("success ack expected")
    };
    assert_eq!(
        from_json::<BridgeAck>(&payload).unwrap(),
        BridgeAck::Cession {
            cover_id: 9,
            exposure: Uint128::new(30_000)
        }
    );
    assert_eq!(received.messages.len(), 1);
    assert_eq!(received.messages[0].gas_limit, Some(1_000_000));
    // The chain runs the submessage: the bridge applies the packet.
    let _: Response = ok(execute(
        &mut vm,
        env.clone(),
        MessageInfo {
            sender: bridge.clone(),
            funds: vec![],
        },
        ExecuteMsg::Internal(InternalMsg::HandlePacket {
            channel_id: "channel-0".into(),
            data,
        }),
    ));
    let treaty: TreatyResponse = from_json(ok(query(
        &mut vm,
        env.clone(),
        QueryMsg::Treaty {
            channel_id: "channel-0".into(),
            treaty_id: 1,
        },
    )))
    .unwrap();
    assert_eq!(treaty.ledger.exposure, Uint128::new(30_000));
    assert_eq!(treaty.ledger.premium_due, Uint128::new(600));

    // Malformed data: an error ack, never an error.
    let received: cosmwasm_std::IbcReceiveResponse = ok(ibc_packet_receive(
        &mut vm,
        env,
        IbcPacketReceiveMsg::new(packet(b"\xff\x00".to_vec().into()), relayer),
    ));
    let ack: StdAck = from_json(received.acknowledgement.unwrap()).unwrap();
    let invalid = reinsurance_bridge::ContractError::InvalidPacket {
        error: from_json::<insurance_common::reinsurance_bridge::BridgePacket>(b"\xff\x00")
            .unwrap_err(),
    };
    assert_eq!(ack, StdAck::error(invalid.to_string()));
    assert!(received.messages.is_empty());
}

fn ok<T>(res: cosmwasm_std::ContractResult<T>) -> T {
    res.into_result().expect("contract call succeeds in the VM")
}
