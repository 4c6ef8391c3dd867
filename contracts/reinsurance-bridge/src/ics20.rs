//! What the bridge needs of ICS-20: its packet data, and the denom a
//! transfer arrives as.

use cosmwasm_std::{IbcPacket, Uint128};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// ICS-20 packet data (v1, JSON).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FungibleTokenPacketData {
    /// The denom's trace path as seen by the sending chain (`port/channel/.../base`).
    pub denom: String,
    pub amount: Uint128,
    pub sender: String,
    pub receiver: String,
    #[serde(default)]
    pub memo: String,
}

/// Bank denom of the voucher for `denom` arriving on `port`/`channel`:
/// `ibc/` + upper-case hex SHA-256 of the full trace path.
pub fn voucher_denom(port_id: &str, channel_id: &str, denom: &str) -> String {
    hashed(&format!("{port_id}/{channel_id}/{denom}"))
}

fn hashed(path: &str) -> String {
    let hash = Sha256::digest(path.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02X}")).collect();
    format!("ibc/{hex}")
}

/// Whether a denom path still carries a hop (`<port>/channel-<n>/...`).
fn has_hop(path: &str) -> bool {
    let mut parts = path.splitn(3, '/');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(port), Some(channel), Some(_)) if !port.is_empty() && channel.starts_with("channel-")
    )
}

/// The bank denom a received ICS-20 packet credits on this chain: a token
/// returning over the channel it left by is unwrapped (native again, or a
/// shorter trace); any other token becomes this channel's voucher.
pub fn received_denom(packet: &IbcPacket, denom: &str) -> String {
    let source_prefix = format!("{}/{}/", packet.src.port_id, packet.src.channel_id);
    match denom.strip_prefix(&source_prefix) {
        Some(rest) if has_hop(rest) => hashed(rest),
        Some(rest) => rest.to_string(),
        None => voucher_denom(&packet.dest.port_id, &packet.dest.channel_id, denom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{IbcEndpoint, IbcTimeout, Timestamp};

    fn packet(src: &str, dest: &str) -> IbcPacket {
        IbcPacket::new(
            b"{}".to_vec(),
            IbcEndpoint {
                port_id: "transfer".into(),
                channel_id: src.into(),
            },
            IbcEndpoint {
                port_id: "transfer".into(),
                channel_id: dest.into(),
            },
            1,
            IbcTimeout::with_timestamp(Timestamp::from_seconds(1)),
        )
    }

    #[test]
    fn voucher_is_the_hash_of_the_trace() {
        // the well-known ATOM-on-Osmosis denom
        assert_eq!(
            voucher_denom("transfer", "channel-0", "uatom"),
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
        );
    }

    #[test]
    fn tokens_coming_home_unwrap_and_others_become_vouchers() {
        let p = packet("channel-7", "channel-3");
        assert_eq!(received_denom(&p, "transfer/channel-7/uusdc"), "uusdc");
        assert_eq!(
            received_denom(&p, "uusdc"),
            voucher_denom("transfer", "channel-3", "uusdc")
        );
        assert_eq!(
            received_denom(&p, "transfer/channel-7/transfer/channel-9/uatom"),
            voucher_denom("transfer", "channel-9", "uatom")
        );
        // a base denom with slashes is not a hop
        assert_eq!(
            received_denom(&p, "transfer/channel-7/factory/abc/x"),
            "factory/abc/x"
        );
    }
}
