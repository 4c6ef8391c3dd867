//! What can go wrong on the chain: a contract's own error, a VM failure, or
//! something the chain refuses before any contract runs.

use std::fmt;

/// A contract entry point the chain calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryPoint {
    Instantiate,
    Execute,
    Sudo,
    Reply,
    Query,
    IbcChannelOpen,
    IbcChannelConnect,
    IbcPacketReceive,
    IbcPacketAck,
    IbcPacketTimeout,
}

impl fmt::Display for EntryPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EntryPoint::Instantiate => "instantiate",
            EntryPoint::Execute => "execute",
            EntryPoint::Sudo => "sudo",
            EntryPoint::Reply => "reply",
            EntryPoint::Query => "query",
            EntryPoint::IbcChannelOpen => "ibc_channel_open",
            EntryPoint::IbcChannelConnect => "ibc_channel_connect",
            EntryPoint::IbcPacketReceive => "ibc_packet_receive",
            EntryPoint::IbcPacketAck => "ibc_packet_ack",
            EntryPoint::IbcPacketTimeout => "ibc_packet_timeout",
        })
    }
}

/// Why a call on the chain failed. Everything the failed call (and what it
/// triggered) wrote is rolled back first.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The contract returned an error: `error` is its `Display`, exactly as
    /// the contract's `ContractError::to_string()` gives it.
    #[error("{entry_point} {label}: {error}")]
    Contract {
        label: String,
        entry_point: EntryPoint,
        error: String,
    },
    /// The VM failed (a trap, out of gas, a bad export, a message the
    /// contract could not deserialize).
    #[error("{entry_point} {label}: VM error: {error}")]
    Vm {
        label: String,
        entry_point: EntryPoint,
        error: String,
    },
    #[error("{account} has {have}{denom}, needs {need}")]
    InsufficientFunds {
        account: String,
        denom: String,
        have: u128,
        need: u128,
    },
    #[error("no contract at {address}")]
    NoContract { address: String },
    #[error("no code {code_id}")]
    NoCode { code_id: u64 },
    #[error("{label}: cannot load the artifact: {error}")]
    Load { label: String, error: String },
    #[error("{contract} has no open channel {channel_id}")]
    NoChannel {
        contract: String,
        channel_id: String,
    },
    #[error("{port_id} is not a contract port")]
    NotAContractPort { port_id: String },
    #[error("packet {sequence} timed out")]
    PacketTimedOut { sequence: u64 },
    #[error("packet {sequence} has not timed out")]
    PacketNotTimedOut { sequence: u64 },
    #[error("the chain does not relay asynchronous acknowledgements")]
    AsyncAcknowledgement,
    /// A message or query the chain does not implement.
    #[error("the chain does not relay {what}")]
    Unsupported { what: String },
    #[error("serialization: {error}")]
    Serialization { error: String },
}

impl ChainError {
    /// The contract's own error message, if a contract returned the error.
    /// Compare it with the `to_string()` of the expected typed error.
    pub fn contract_error(&self) -> Option<&str> {
        match self {
            ChainError::Contract { error, .. } => Some(error),
            _ => None,
        }
    }

    pub(crate) fn serialization(e: impl fmt::Display) -> Self {
        ChainError::Serialization {
            error: e.to_string(),
        }
    }
}

impl From<ChainError> for String {
    fn from(e: ChainError) -> Self {
        e.to_string()
    }
}
