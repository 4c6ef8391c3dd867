//! Reading another contract's storage raw (`WasmQuery::Raw`): far cheaper on
//! chain than a smart query. Only keys a contract publishes in this package
//! are read this way, and each owner tests that its keys stay what is
//! published here.

use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

/// The raw key of `key` in a cw-storage-plus `Map` named `namespace`: the
/// namespace's length in two bytes, the namespace, then the key.
pub fn raw_key(namespace: &str, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + namespace.len() + key.len());
    out.extend_from_slice(&(namespace.len() as u16).to_be_bytes());
    out.extend_from_slice(namespace.as_bytes());
    out.extend_from_slice(key);
    out
}

/// A value stored under `key` in another contract, if any.
pub fn read_raw<T: serde::de::DeserializeOwned>(
    querier: &QuerierWrapper,
    contract: &Addr,
    key: Vec<u8>,
) -> StdResult<Option<T>> {
    querier
        .query_wasm_raw(contract, key)?
        .map(cosmwasm_std::from_json)
        .transpose()
}
