//! IBC entry points: the channel handshake and close, packet receive, ack
//! and timeout, and the ICS-20 callbacks (ADR-8).

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, DepsMut, Env, Ibc3ChannelOpenResponse, IbcBasicResponse, IbcChannel,
    IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg, IbcChannelOpenResponse,
    IbcDestinationCallbackMsg, IbcPacketAckMsg, IbcPacketReceiveMsg, IbcPacketTimeoutMsg,
    IbcReceiveResponse, IbcSourceCallbackMsg, Never, StdAck, SubMsg, WasmMsg,
};
use insurance_common::reinsurance_bridge::{
    contract_of_port, BridgePacket, ExecuteMsg, InternalMsg, BRIDGE_ORDER, BRIDGE_VERSION,
};
use insurance_common::reply::ReplyIds;

use crate::error::ContractError;
use crate::execute::{cession, receive, recovery, transfer, Outcome};
use crate::reply_ids::ReplyId;
use crate::state::{Channel, CHANNELS, CONFIG};

/// Order, our version and the counterparty's port, checked at every step.
fn check_channel(channel: &IbcChannel, version_may_be_empty: bool) -> Result<(), ContractError> {
    if channel.order != BRIDGE_ORDER {
        return Err(ContractError::InvalidChannelOrder {
            expected: BRIDGE_ORDER,
            actual: channel.order.clone(),
        });
    }
    // At OpenInit a relayer may leave the version for the application to pick.
    if !(version_may_be_empty && channel.version.is_empty()) && channel.version != BRIDGE_VERSION {
        return Err(ContractError::InvalidChannelVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: channel.version.clone(),
        });
    }
    counterparty_bridge(channel)?;
    Ok(())
}

/// The partner bridge's address, from its `wasm.<address>` port.
fn counterparty_bridge(channel: &IbcChannel) -> Result<&str, ContractError> {
    let port_id = &channel.counterparty_endpoint.port_id;
    contract_of_port(port_id).ok_or_else(|| ContractError::InvalidCounterpartyPort {
        port_id: port_id.clone(),
    })
}

fn check_counterparty_version(version: Option<&str>) -> Result<(), ContractError> {
    match version {
        Some(v) if v != BRIDGE_VERSION => Err(ContractError::InvalidCounterpartyVersion {
            expected: BRIDGE_VERSION.to_string(),
            actual: v.to_string(),
        }),
        _ => Ok(()),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_open(
    _deps: DepsMut,
    _env: Env,
    msg: IbcChannelOpenMsg,
) -> Result<IbcChannelOpenResponse, ContractError> {
    let init = matches!(msg, IbcChannelOpenMsg::OpenInit { .. });
    check_channel(msg.channel(), init)?;
    check_counterparty_version(msg.counterparty_version())?;
    Ok(Some(Ibc3ChannelOpenResponse {
        version: BRIDGE_VERSION.to_string(),
    }))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_connect(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelConnectMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let channel = msg.channel();
    check_channel(channel, false)?;
    check_counterparty_version(msg.counterparty_version())?;
    let counterparty = &channel.counterparty_endpoint;
    let counterparty_bridge = counterparty_bridge(channel)?.to_string();
    let channel_id = channel.endpoint.channel_id.clone();
    CHANNELS.save(
        deps.storage,
        &channel_id,
        &Channel {
            counterparty_port_id: counterparty.port_id.clone(),
            counterparty_channel_id: counterparty.channel_id.clone(),
            connection_id: channel.connection_id.clone(),
            counterparty_bridge: counterparty_bridge.clone(),
            open: true,
            close_requested: false,
        },
    )?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_connect")
        .add_attribute("channel_id", channel_id)
        .add_attribute("counterparty_bridge", counterparty_bridge))
}

/// A channel closes when governance asks (CloseInit here) or when the
/// partner closes it (CloseConfirm). Nothing in flight is dropped: packets
/// on the channel time out and roll back, transfers settle on their own channel.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_channel_close(
    deps: DepsMut,
    _env: Env,
    msg: IbcChannelCloseMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let channel_id = msg.channel().endpoint.channel_id.clone();
    let Some(mut channel) = CHANNELS.may_load(deps.storage, &channel_id)? else {
        // Never opened on this side: nothing to record.
        return Ok(IbcBasicResponse::new().add_attribute("action", "channel_close"));
    };
    if matches!(msg, IbcChannelCloseMsg::CloseInit { .. }) && !channel.close_requested {
        return Err(ContractError::ChannelCloseRejected { channel_id });
    }
    channel.open = false;
    CHANNELS.save(deps.storage, &channel_id, &channel)?;
    Ok(IbcBasicResponse::new()
        .add_attribute("action", "channel_close")
        .add_attribute("channel_id", channel_id))
}

/// Never fails: a packet the treaty refuses gets an error ack, and the work
/// of an accepted one runs in a gas-limited submessage whose failure the
/// reply turns into an error ack with its state rolled back.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_receive(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketReceiveMsg,
) -> Result<IbcReceiveResponse, Never> {
    let packet = msg.packet;
    let channel_id = packet.dest.channel_id.clone();
    let accepted =
        receive::check(deps.as_ref(), &env, &channel_id, &packet.data).and_then(|checked| {
            let ack = checked.ack;
            if checked.duplicate {
                return Ok((StdAck::success(to_json_binary(&ack)?), None));
            }
            let gas_limit = CONFIG.load(deps.storage)?.receive_gas_limit;
            let work = WasmMsg::Execute {
                contract_addr: env.contract.address.to_string(),
                msg: to_json_binary(&ExecuteMsg::Internal(InternalMsg::HandlePacket {
                    channel_id: channel_id.clone(),
                    data: packet.data.clone(),
                }))?,
                funds: vec![],
            };
            Ok((
                StdAck::success(to_json_binary(&ack)?),
                Some(
                    SubMsg::reply_on_error(work, ReplyId::ReceivePacket.id())
                        .with_gas_limit(gas_limit),
                ),
            ))
        });
    let (ack, work, result) = match accepted {
        Ok((ack, None)) => (ack, None, "duplicate".to_string()),
        Ok((ack, work)) => (ack, work, "accepted".to_string()),
        Err(err) => (
            StdAck::error(err.to_string()),
            None,
            format!("refused: {err}"),
        ),
    };
    let response = IbcReceiveResponse::new(ack)
        .add_attribute("action", "receive")
        .add_attribute("channel_id", channel_id)
        .add_attribute("sequence", packet.sequence.to_string())
        .add_attribute("result", result);
    Ok(match work {
        Some(work) => response.add_submessage(work),
        None => response,
    })
}

fn sent_packet(data: &cosmwasm_std::Binary) -> Result<BridgePacket, ContractError> {
    from_json(data).map_err(|error| ContractError::InvalidPacket { error })
}

fn settle(
    deps: DepsMut,
    env: Env,
    channel_id: &str,
    packet: BridgePacket,
    outcome: Outcome,
) -> Result<IbcBasicResponse, ContractError> {
    let response = match packet {
        BridgePacket::Cession(c) => {
            cession::on_outcome(deps, env, channel_id, c.cover_id, outcome)?
        }
        BridgePacket::Recovery(r) => {
            recovery::on_outcome(deps, channel_id, r.loss, r.attempt, outcome)?
        }
    };
    Ok(IbcBasicResponse::new()
        .add_submessages(response.messages)
        .add_attributes(response.attributes)
        .add_events(response.events))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_ack(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketAckMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let packet = sent_packet(&msg.original_packet.data)?;
    // An acknowledgement that is not a StdAck is a refusal: the partner
    // cannot have committed anything it did not acknowledge properly.
    let outcome = match from_json::<StdAck>(&msg.acknowledgement.data) {
        Ok(StdAck::Success(_)) => Outcome::Accepted,
        Ok(StdAck::Error(reason)) => Outcome::Refused(reason),
        Err(_) => Outcome::Refused("malformed acknowledgement".to_string()),
    };
    settle(
        deps,
        env,
        &msg.original_packet.src.channel_id,
        packet,
        outcome,
    )
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_packet_timeout(
    deps: DepsMut,
    env: Env,
    msg: IbcPacketTimeoutMsg,
) -> Result<IbcBasicResponse, ContractError> {
    let packet = sent_packet(&msg.packet.data)?;
    settle(
        deps,
        env,
        &msg.packet.src.channel_id,
        packet,
        Outcome::TimedOut,
    )
}

/// ICS-20 legs this bridge sent: acknowledged or timed out.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_source_callback(
    deps: DepsMut,
    env: Env,
    msg: IbcSourceCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    transfer::on_source_callback(deps, env, msg)
}

/// ICS-20 transfers received by this bridge.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn ibc_destination_callback(
    deps: DepsMut,
    env: Env,
    msg: IbcDestinationCallbackMsg,
) -> Result<IbcBasicResponse, ContractError> {
    transfer::on_destination_callback(deps, env, msg)
}
