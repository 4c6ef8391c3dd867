use cosmwasm_std::{Empty, Storage};
use cw721::state::{Cw721Config, NftInfo};
use cw_storage_plus::{Item, Map};
use insurance_common::cover_nft::{Config, Policy};

use crate::error::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:cover-nft";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

pub const CONFIG: Item<Config> = Item::new("config");

/// Tokens with an open claim. A set beside the token store, so cw721's own
/// functions, which rewrite tokens, can never drop a lock.
pub const LOCKED: Map<&str, Empty> = Map::new("locked");

/// cw721's storage (tokens with their owner index, operators, token count,
/// collection info) under cw721-base's keys, `Policy` as the token extension.
pub fn cw721_state() -> Cw721Config<'static, Policy> {
    Cw721Config::default()
}

pub fn load_token(storage: &dyn Storage, token_id: &str) -> Result<NftInfo<Policy>, ContractError> {
    cw721_state()
        .nft_info
        .may_load(storage, token_id)?
        .ok_or_else(|| ContractError::TokenNotFound {
            token_id: token_id.to_string(),
        })
}
