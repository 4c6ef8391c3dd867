//! Typed reply ids and their handlers.

use cosmwasm_std::{from_json, DepsMut, Env, Reply, Response, StdAck, SubMsgResult};
use insurance_common::reinsurance_bridge::{BridgePacket, InFlightStatus};

use crate::error::ContractError;
use crate::execute::{cession, recovery, Outcome};
use crate::state::{hold, IN_FLIGHT};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum ReplyId {
    /// The submessage that applies a received packet failed: its state is
    /// rolled back and the reply turns the ack into an error ack.
    ReceivePacket = 1,
    /// An ICS-20 transfer could not be sent (payload: the transfer id): the
    /// funds stayed in the bridge and the transfer waits for a retry.
    SendTransfer = 2,
    /// A bridge packet could not be sent (payload: the channel and the
    /// packet): settled as never sent, the loss waits for a retry.
    SendPacket = 3,
}

impl ReplyId {
    pub fn id(self) -> u64 {
        self as u64
    }
}

impl TryFrom<u64> for ReplyId {
    type Error = ContractError;

    fn try_from(id: u64) -> Result<Self, Self::Error> {
        match id {
            1 => Ok(ReplyId::ReceivePacket),
            2 => Ok(ReplyId::SendTransfer),
            3 => Ok(ReplyId::SendPacket),
            id => Err(ContractError::UnknownReply { id }),
        }
    }
}

pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    let error = match msg.result {
        SubMsgResult::Err(error) => error,
        // Every submessage replies on error only.
        SubMsgResult::Ok(_) => return Ok(Response::new()),
    };
    match ReplyId::try_from(msg.id)? {
        ReplyId::ReceivePacket => {
            // In wasmd the data a reply sets replaces the acknowledgement of
            // the packet being received.
            Ok(Response::new()
                .set_data(StdAck::error(format!("packet not applied: {error}")))
                .add_attribute("action", "receive_failed")
                .add_attribute("error", error))
        }
        ReplyId::SendPacket => {
            let (channel_id, packet): (String, BridgePacket) = from_json(&msg.payload)?;
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
