use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty};
use cw_storage_plus::{Item, Map};
use insurance_common::price_oracle::{OracleParams, PriceResponse, PRICES_NAMESPACE};

pub const CONTRACT_NAME: &str = "crates.io:price-oracle";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub governance: Addr,
    pub params: OracleParams,
}

pub const CONFIG: Item<Config> = Item::new("config");
/// Authorised feeders.
pub const FEEDERS: Map<&Addr, Empty> = Map::new("feeders");
/// Latest price by asset; the value is the court's `PriceResponse`, so a
/// reader decodes a raw read of `price_key(asset)` directly.
pub const PRICES: Map<&str, PriceResponse> = Map::new(PRICES_NAMESPACE);
