//! The bridge's submessage ids and the payload each reply receives. A leaf
//! module: the handlers that send them and `reply.rs` both import it. Every
//! bridge submessage replies on error only.

use cosmwasm_schema::cw_serde;
use insurance_common::reinsurance_bridge::BridgePacket;
use insurance_common::reply::ReplyIds;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum ReplyId {
    /// The submessage that applies a received packet failed (no payload):
    /// its state is rolled back and the reply turns the ack into an error ack.
    ReceivePacket = 1,
    /// An ICS-20 transfer could not be sent (payload: the transfer id, a
    /// `u64`): the funds stayed in the bridge and the transfer waits for a retry.
    SendTransfer = 2,
    /// A bridge packet could not be sent (payload: [`SentPacket`]): settled
    /// as never sent, the loss waits for a retry.
    SendPacket = 3,
}

impl ReplyIds for ReplyId {
    const ALL: &'static [Self] = &[
        ReplyId::ReceivePacket,
        ReplyId::SendTransfer,
        ReplyId::SendPacket,
    ];

    fn id(self) -> u64 {
        self as u64
    }
}

/// A bridge packet and the channel it was sent on.
#[cw_serde]
pub struct SentPacket {
    pub channel_id: String,
    pub packet: BridgePacket,
}
