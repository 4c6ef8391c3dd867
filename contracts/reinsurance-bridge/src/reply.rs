//! Replies to the bridge's submessages (ids and payloads in [`crate::reply_ids`]).

use cosmwasm_std::{from_json, DepsMut, Env, Reply, Response, StdAck, SubMsgResult};
use insurance_common::reinsurance_bridge::{BridgePacket, InFlightStatus};
use insurance_common::reply::ReplyIds;

use crate::error::ContractError;
use crate::execute::{cession, recovery, Outcome};
use crate::reply_ids::{ReplyId, SentPacket};
use crate::state::{hold, IN_FLIGHT};

pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    let error = match msg.result {
        SubMsgResult::Err(error) => error,
        // Every submessage replies on error only.
        SubMsgResult::Ok(_) => return Ok(Response::new()),
    };
    match ReplyId::from_id(msg.id)? {
        ReplyId::ReceivePacket => {
            // In wasmd the data a reply sets replaces the acknowledgement of
            // the packet being received.
            Ok(Response::new()
                .set_data(StdAck::error(
                    ContractError::PacketNotApplied {}.to_string(),
                ))
                .add_attribute("action", "receive_failed")
                .add_attribute("error", error))
        }
        ReplyId::SendPacket => {
            let SentPacket { channel_id, packet } = from_json(&msg.payload)?;
            let response = match packet {
                BridgePacket::Cession(c) => {
                    cession::on_outcome(deps, env, &channel_id, c.cover_id, Outcome::NotSent)?
                }
                BridgePacket::Recovery(r) => {
                    recovery::on_outcome(deps, &channel_id, r.loss, r.attempt, Outcome::NotSent)?
                }
            };
            Ok(response
                .add_attribute("packet_not_sent", channel_id)
                .add_attribute("error", error))
        }
        ReplyId::SendTransfer => {
            let transfer_id: u64 = from_json(&msg.payload)?;
            let mut item = IN_FLIGHT.load(deps.storage, transfer_id)?;
            item.status = InFlightStatus::Returned;
            IN_FLIGHT.save(deps.storage, transfer_id, &item)?;
            hold(deps.storage, &item.denom, item.amount)?;
            Ok(Response::new()
                .add_attribute("action", "transfer_not_sent")
                .add_attribute("transfer_id", transfer_id.to_string())
                .add_attribute("error", error))
        }
    }
}
