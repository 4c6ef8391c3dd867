//! Unit tests of the entry points with mock dependencies. The flows between
//! two chains are tested in `packages/testing/tests/reinsurance_bridge.rs`.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi};
use cosmwasm_std::{
    from_json, to_json_binary, Binary, IbcChannel, IbcChannelConnectMsg, IbcChannelOpenMsg,
    IbcEndpoint, IbcOrder, IbcPacket, IbcPacketReceiveMsg, IbcTimeout, Reply, StdAck, SubMsgResult,
    Timestamp, Uint128,
};
use insurance_common::reinsurance_bridge::{
    BridgePacket, CessionPacket, ExecuteMsg, GovernanceMsg, InstantiateMsg, Role, TreatyKind,
    TreatyTerms, BRIDGE_VERSION,
};

use crate::contract::{execute, instantiate, reply, sudo};
use crate::error::{ConfigError, ContractError};
use crate::ibc::{ibc_channel_connect, ibc_channel_open, ibc_packet_receive};
use crate::reply_ids::ReplyId;
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::reinsurance_bridge::InternalMsg;
use insurance_common::reply::{ReplyIds, UnknownReplyId};

type Deps = cosmwasm_std::OwnedDeps<
    cosmwasm_std::MemoryStorage,
    MockApi,
    cosmwasm_std::testing::MockQuerier,
>;

fn channel(order: IbcOrder, version: &str, counterparty_port: &str) -> IbcChannel {
    IbcChannel::new(
        IbcEndpoint {
            port_id: "wasm.bridge".into(),
            channel_id: "channel-0".into(),
        },
        IbcEndpoint {
            port_id: counterparty_port.into(),
            channel_id: "channel-5".into(),
        },
        order,
        version,
        "connection-0",
    )
}

fn setup() -> Deps {
    let mut deps = mock_dependencies();
    let gov = deps.api.addr_make("gov");
    instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&gov, &[]),
        InstantiateMsg {
            governance: gov.to_string(),
            risk_pool: None,
            packet_timeout: 600,
            transfer_timeout: 600,
            receive_gas_limit: 1_000_000,
        },
    )
    .unwrap();
    let ch = channel(IbcOrder::Unordered, BRIDGE_VERSION, "wasm.partner");
    ibc_channel_connect(
        deps.as_mut(),
        mock_env(),
        IbcChannelConnectMsg::new_ack(ch, BRIDGE_VERSION),
    )
    .unwrap();
    deps
}

fn terms() -> TreatyTerms {
    let now = mock_env().block.time;
    TreatyTerms {
        id: 1,
        kind: TreatyKind::QuotaShare {
            share: cosmwasm_std::Decimal::percent(50),
        },
        start: now,
        end: now.plus_seconds(1_000),
        capacity: Uint128::new(1_000),
        cedent_denom: "uusdc".into(),
        products: vec![1],
    }
}

fn receive(deps: &mut Deps, data: Binary) -> cosmwasm_std::IbcReceiveResponse {
    let packet = IbcPacket::new(
        data,
        IbcEndpoint {
            port_id: "wasm.partner".into(),
            channel_id: "channel-5".into(),
        },
        IbcEndpoint {
            port_id: "wasm.bridge".into(),
            channel_id: "channel-0".into(),
        },
        1,
        IbcTimeout::with_timestamp(Timestamp::from_seconds(u64::MAX / 2_000_000_000)),
    );
    let relayer = deps.api.addr_make("relayer");
    match ibc_packet_receive(
        deps.as_mut(),
        mock_env(),
        IbcPacketReceiveMsg::new(packet, relayer),
    ) {
        Ok(res) => res,
        Err(never) => match never {},
    }
}

fn cession(cover_amount: u128) -> Binary {
    to_json_binary(&BridgePacket::Cession(CessionPacket {
        treaty_id: 1,
        cover_id: 7,
        product_id: 1,
        cover_amount: Uint128::new(cover_amount),
        premium: Uint128::new(100),
        ceded_premium: Uint128::new(50),
        exposure: Uint128::new(cover_amount / 2),
        denom: "uusdc".into(),
        cover_start: mock_env().block.time,
        cover_end: mock_env().block.time.plus_seconds(500),
    }))
    .unwrap()
}

#[test]
fn open_proposes_our_version_and_checks_the_counterparty() {
    let mut deps = mock_dependencies();
    let res = ibc_channel_open(
        deps.as_mut(),
        mock_env(),
        IbcChannelOpenMsg::new_init(channel(IbcOrder::Unordered, "", "wasm.partner")),
    )
    .unwrap();
    assert_eq!(res.unwrap().version, BRIDGE_VERSION);
    let err = ibc_channel_open(
        deps.as_mut(),
        mock_env(),
        IbcChannelOpenMsg::new_try(
            channel(IbcOrder::Unordered, BRIDGE_VERSION, "wasm.partner"),
            "other-1",
        ),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::InvalidCounterpartyVersion {
            expected: BRIDGE_VERSION.into(),
            actual: "other-1".into()
        }
    );
    let err = ibc_channel_open(
        deps.as_mut(),
        mock_env(),
        IbcChannelOpenMsg::new_init(channel(IbcOrder::Ordered, BRIDGE_VERSION, "wasm.partner")),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::InvalidChannelOrder {
            expected: IbcOrder::Unordered,
            actual: IbcOrder::Ordered
        }
    );
}

#[test]
fn a_refused_packet_gets_an_error_ack_and_no_work() {
    let mut deps = setup();
    let res = receive(&mut deps, Binary::from(b"{]".to_vec()));
    assert!(res.messages.is_empty());
    let ack: StdAck = from_json(res.acknowledgement.unwrap()).unwrap();
    let error = from_json::<BridgePacket>(b"{]").unwrap_err();
    assert_eq!(
        ack,
        StdAck::error(ContractError::InvalidPacket { error }.to_string())
    );
    // No treaty yet.
    let res = receive(&mut deps, cession(100));
    let ack: StdAck = from_json(res.acknowledgement.unwrap()).unwrap();
    let unknown = ContractError::TreatyNotFound {
        channel_id: "channel-0".to_string(),
        treaty_id: 1,
    };
    assert_eq!(ack, StdAck::error(unknown.to_string()));
}

#[test]
fn an_accepted_packet_is_applied_in_a_gas_limited_submessage() {
    let mut deps = setup();
    sudo(
        deps.as_mut(),
        mock_env(),
        GovernanceMsg::RegisterTreaty {
            channel_id: "channel-0".into(),
            role: Role::Reinsurer,
            transfer_channel: "channel-1".into(),
            terms: terms(),
        },
    )
    .unwrap();
    let res = receive(&mut deps, cession(100));
    let ack: StdAck = from_json(res.acknowledgement.unwrap()).unwrap();
    assert!(ack.is_success());
    assert_eq!(res.messages.len(), 1);
    let work = &res.messages[0];
    assert_eq!(work.id, ReplyId::ReceivePacket.id());
    assert_eq!(work.gas_limit, Some(1_000_000));
    assert_eq!(work.reply_on, cosmwasm_std::ReplyOn::Error);
    // Over capacity: refused before any work.
    let res = receive(&mut deps, cession(4_000));
    let ack: StdAck = from_json(res.acknowledgement.unwrap()).unwrap();
    let over = ContractError::CapacityExceeded {
        requested: Uint128::new(2_000),
        available: Uint128::new(1_000),
    };
    assert_eq!(ack, StdAck::error(over.to_string()));
    // Only the bridge applies packets.
    let stranger = deps.api.addr_make("stranger");
    let err = execute(
        deps.as_mut(),
        mock_env(),
        message_info(&stranger, &[]),
        ExecuteMsg::Internal(InternalMsg::HandlePacket {
            channel_id: "channel-0".into(),
            data: cession(100),
        }),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::Unauthorized(Unauthorized {
            sender: stranger,
            role: Authority::ContractItself
        })
    );
}

#[test]
fn a_failed_work_submessage_turns_the_ack_into_an_error() {
    let mut deps = setup();
    #[allow(deprecated)]
    let res = reply(
        deps.as_mut(),
        mock_env(),
        Reply {
            id: ReplyId::ReceivePacket.id(),
            payload: Binary::default(),
            gas_used: 0,
            result: SubMsgResult::Err("out of gas".into()),
        },
    )
    .unwrap();
    let ack: StdAck = from_json(res.data.unwrap()).unwrap();
    assert_eq!(
        ack,
        StdAck::error(ContractError::PacketNotApplied {}.to_string())
    );
    let err = reply(
        deps.as_mut(),
        mock_env(),
        Reply {
            id: 99,
            payload: Binary::default(),
            gas_used: 0,
            result: SubMsgResult::Err("x".into()),
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::UnknownReplyId(UnknownReplyId { id: 99 })
    );
}

#[test]
fn configuration_is_validated() {
    let mut deps = mock_dependencies();
    let gov = deps.api.addr_make("gov");
    let msg = |receive_gas_limit, packet_timeout| InstantiateMsg {
        governance: gov.to_string(),
        risk_pool: None,
        packet_timeout,
        transfer_timeout: 600,
        receive_gas_limit,
    };
    for (bad, reason) in [
        (msg(10, 600), ConfigError::ReceiveGasLimit),
        (msg(1_000_000, 0), ConfigError::PacketTimeout),
    ] {
        let err = instantiate(deps.as_mut(), mock_env(), message_info(&gov, &[]), bad).unwrap_err();
        assert_eq!(err, ContractError::InvalidConfig { reason });
    }
}
