//! Two chains in one process, with real packet relaying through the IBC
//! entry points of the contracts.
//!
//! # Why this relay
//!
//! cw-orch-interchain's mock environment (`cw-orch-interchain` 0.9,
//! `cw-orch-interchain-mock` 0.10, `cw-orch-mock` 0.24) was the first candidate.
//! It resolves against our cosmwasm-std 2.3.5 lock, but it was set aside:
//!
//! - it runs on `abstract-cw-multi-test`, a fork of cw-multi-test with its own
//!   `App` type, so the protocol's suite (`SuiteBuilder`, on cw-multi-test 2.5)
//!   and the other contracts' kits could not run on the same chains;
//! - it adds about 135 crates to the lock (tokio, tonic, hyper, rustls and
//!   ring, secp256k1-sys with a C build, two tendermint versions, cosmrs,
//!   ibc-relayer-types) to a CI with 2 cores and a 90-minute budget;
//! - its ICS-20 understands Osmosis ibc-hooks memos, not the IBC callbacks
//!   (ADR-8) the bridge settles its transfers with;
//! - it is LGPL-3.0, the workspace Apache-2.0.
//!
//! This module is a small relay of our own, on plain cw-multi-test `App`s:
//!
//! - [`IbcContract`] wraps an IBC contract. Its IBC entry points (`ibc_channel_*`,
//!   `ibc_packet_*`, `ibc_source_callback`, `ibc_destination_callback`) are the
//!   contract's real functions, reached through cw-multi-test's `sudo` with an
//!   [`IbcEntry`] message, so every call runs in a cw-multi-test transaction with
//!   its submessages and replies, exactly like an execute. The `IbcMsg`s the
//!   contract emits (in any response, submessages included) are routed, unchanged
//!   and with their reply settings, to the chain's IBC host contract.
//! - The IBC host contract ([`host_contract`], deployed with [`IbcHost::deploy`]) is the chain's IBC stack: channel ends, sequences,
//!   the packet commitments waiting for a relayer, receipts, and ICS-20 (escrow
//!   for native tokens, burn for vouchers going home, denom traces). Its state is
//!   contract storage, so a packet sent in a transaction that fails is never
//!   sent, as on a chain.
//! - The [`Relayer`] moves what the hosts committed, as ibc-go lets it: the
//!   four-step channel handshake and the close handshake through the
//!   contracts' entry points; a packet to `ibc_packet_receive` (which writes
//!   the receipt and the ack) then the acknowledgement back to
//!   `ibc_packet_ack`; `ibc_packet_timeout` only for a packet the destination
//!   never received, once the destination chain's clock or height passes the
//!   timeout or its channel closed. A packet received is never timed out, and
//!   its ack is never delivered on a sender's channel that closed: it stays
//!   pending ([`Relayer::stuck`]). While a chain's light client of the other is
//!   not active ([`IbcHost::set_client_active`]), every send on it fails and
//!   nothing is relayed to or from it. ICS-20 packets
//!   are received like ibc-go's transfer module does (mint a voucher
//!   `ibc/<sha256 of the trace>`, or unescrow a token coming home; refund the
//!   sender on an error ack or a timeout), with the callbacks middleware: the
//!   destination callback after a successful receive, the source callback after
//!   the ack or timeout, each in its own transaction whose failure does not stop
//!   the transfer.
//!
//! A contract whose `ibc_packet_receive` returns an error gets an error ack
//! with its state rolled back, as recent wasmd versions do (older ones abort
//! the relayer's transaction); the relay reports it in
//! [`Relayed::receive_error`] so tests can check a contract never does that.
//!
//! Deliberate simplifications: one connection per chain pair, no light
//! clients or proofs, acks written synchronously (no async acks), a
//! contract's `CloseInit` callback runs when the contract returns the
//! `CloseChannel` message rather than when the message is dispatched.

mod host;
mod relayer;
mod wrapper;

pub use host::{
    host_contract, ChannelEnd, ChannelState, HostExecuteMsg, HostQueryMsg, IbcHost, PendingPacket,
};
pub use relayer::{ChainRef, Delivery, Received, Relayed, Relayer, Side};
pub use wrapper::{IbcContract, IbcEntry};

use sha2::{Digest, Sha256};

/// What the simulated IBC stack refuses, typed so that tests assert it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IbcError {
    ChannelNotFound {
        port_id: String,
        channel_id: String,
    },
    /// IBC's receipts refuse a second receive of the same sequence.
    AlreadyReceived {
        sequence: u64,
    },
}

impl std::fmt::Display for IbcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IbcError::ChannelNotFound {
                port_id,
                channel_id,
            } => write!(f, "channel {port_id}/{channel_id} not found"),
            IbcError::AlreadyReceived { sequence } => {
                write!(f, "packet {sequence} already received")
            }
        }
    }
}

impl std::error::Error for IbcError {}

/// Bank denom of the ICS-20 voucher for `denom` received on `port`/`channel`
/// (ibc-go's `ibc/` + upper-case hex SHA-256 of the trace path).
pub fn ibc_denom(port_id: &str, channel_id: &str, denom: &str) -> String {
    hash_trace(&format!("{port_id}/{channel_id}/{denom}"))
}

pub(crate) fn hash_trace(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let hash = Sha256::digest(path.as_bytes());
    let mut denom = String::with_capacity(4 + 2 * hash.len());
    denom.push_str("ibc/");
    for byte in hash {
        denom.push(char::from(HEX[usize::from(byte >> 4)]));
        denom.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    denom
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voucher_denoms_as_ibc_go_names_them() {
        // ATOM over Osmosis' first channel, as every explorer lists it
        assert_eq!(
            ibc_denom("transfer", "channel-0", "uatom"),
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
        );
    }
}
