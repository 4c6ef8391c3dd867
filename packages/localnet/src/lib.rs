//! The local network's shared files, typed: the fixed test accounts
//! (`packages/localnet/accounts.json`) and the description `scripts/localnet.sh up`
//! writes (`$LOCALNET_STATE/network.json`, default `target/localnet/network.json`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The cedent chain: the protocol lives here.
pub const CEDENT_CHAIN: &str = "insurance-1";
/// The partner chain: the reinsurer's bridge lives here.
pub const PARTNER_CHAIN: &str = "partner-1";

/// `accounts.json`, compiled in so tests need no path.
pub const ACCOUNTS_JSON: &str = include_str!("../accounts.json");

#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct Key {
    pub mnemonic: String,
    /// Bech32 address (`wasm1...`), the same on both chains for a user.
    pub address: String,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct User {
    pub name: String,
    pub mnemonic: String,
    pub address: String,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct ChainKeys {
    pub validator: Key,
    pub relayer: Key,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct Accounts {
    pub hd_path: String,
    pub bech32_prefix: String,
    /// Funded on both chains.
    pub users: Vec<User>,
    pub chains: BTreeMap<String, ChainKeys>,
}

impl Accounts {
    pub fn load() -> Accounts {
        serde_json::from_str(ACCOUNTS_JSON).expect("accounts.json parses")
    }

    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct Chain {
    pub chain_id: String,
    pub home: PathBuf,
    /// CometBFT RPC, `http://127.0.0.1:<port>`.
    pub rpc: String,
    /// gRPC, `127.0.0.1:<port>`.
    pub grpc: String,
    /// REST (LCD), `http://127.0.0.1:<port>`.
    pub rest: String,
    pub bech32_prefix: String,
    pub fee_denom: String,
    /// Minimum gas price with its denom, e.g. `0.025stake`.
    pub gas_price: String,
    pub denoms: Vec<String>,
    /// The gov module account: signs governance messages, admin of the contracts.
    pub gov_module: String,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct Versions {
    pub wasmd: String,
    pub hermes: String,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct Network {
    pub versions: Versions,
    pub accounts_file: PathBuf,
    pub hermes_config: PathBuf,
    pub chains: BTreeMap<String, Chain>,
    /// The ICS-20 channel: `connection`, and the channel id on each chain (keyed by chain id);
    /// `None` when the network was started without the relayer.
    pub transfer: Option<BTreeMap<String, String>>,
}

impl Network {
    /// Reads `network.json` from `LOCALNET_STATE` or `<repo>/target/localnet`.
    pub fn load() -> std::io::Result<Network> {
        let state = std::env::var_os("LOCALNET_STATE")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/localnet"));
        Network::load_from(&state.join("network.json"))
    }

    pub fn load_from(path: &Path) -> std::io::Result<Network> {
        let text = std::fs::read_to_string(path)?;
        serde_json::from_str(&text).map_err(std::io::Error::other)
    }

    pub fn chain(&self, id: &str) -> &Chain {
        &self.chains[id]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn accounts_are_distinct_24_word_keys_with_wasm_addresses() {
        let accounts = Accounts::load();
        assert_eq!(accounts.bech32_prefix, "wasm");
        let mut keys: Vec<(&str, &str)> = accounts
            .users
            .iter()
            .map(|u| (u.mnemonic.as_str(), u.address.as_str()))
            .collect();
        for id in [CEDENT_CHAIN, PARTNER_CHAIN] {
            let chain = &accounts.chains[id];
            for k in [&chain.validator, &chain.relayer] {
                keys.push((k.mnemonic.as_str(), k.address.as_str()));
            }
        }
        let mnemonics: HashSet<_> = keys.iter().map(|(m, _)| *m).collect();
        let addresses: HashSet<_> = keys.iter().map(|(_, a)| *a).collect();
        assert_eq!(mnemonics.len(), keys.len());
        assert_eq!(addresses.len(), keys.len());
        for (m, a) in keys {
            assert_eq!(m.split(' ').count(), 24);
            assert!(a.starts_with("wasm1") && a.len() == 43, "{a}");
        }
        assert!(accounts.user("alice").is_some());
    }
}
