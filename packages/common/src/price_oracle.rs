//! Messages of the price oracle: price feeds pushed by feeders that chain
//! governance authorises, read by the claims court's parametric triggers.
//!
//! The oracle answers the court's `OracleQueryMsg::Price` (the same JSON), so
//! the court reads it like any other oracle adapter. Its latest prices are
//! also readable raw (no contract call): see [`price_key`].

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{from_json, Addr, Decimal, QuerierWrapper, StdResult, Timestamp};

pub use crate::claims_court::PriceResponse;

/// Storage namespace of the oracle's `Map<&str, PriceResponse>` of latest
/// prices by asset. Part of the oracle's API: readers may read it raw.
pub const PRICES_NAMESPACE: &str = "prices";
/// Prices one push may carry.
pub const MAX_PRICES_PER_PUSH: usize = 20;
/// Bytes of an asset name at most.
pub const MAX_ASSET_LEN: usize = 64;
/// Default seconds an observation may be old when it is pushed.
pub const DEFAULT_MAX_DELAY: u64 = 600;
/// Upper bound of `max_delay`: an hour.
pub const MAX_MAX_DELAY: u64 = 3600;

/// The raw storage key of `asset`'s latest price (a cw-storage-plus `Map`
/// key: the namespace's length in two bytes, the namespace, the asset).
pub fn price_key(asset: &str) -> Vec<u8> {
    crate::raw::raw_key(PRICES_NAMESPACE, asset.as_bytes())
}

#[cw_serde]
pub struct OracleParams {
    /// Seconds an observation may be old when a feeder pushes it: a feeder
    /// cannot date a price back into the past.
    pub max_delay: u64,
}

impl Default for OracleParams {
    fn default() -> Self {
        OracleParams {
            max_delay: DEFAULT_MAX_DELAY,
        }
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// Also sends `Governance` messages (chain governance uses sudo).
    pub governance: String,
    pub feeders: Vec<String>,
    pub params: OracleParams,
}

/// One observation of an asset's price.
#[cw_serde]
pub struct PriceUpdate {
    pub asset: String,
    pub price: Decimal,
    /// When the feeder observed the price: not in the future, not older than
    /// `max_delay`, and later than the asset's stored observation.
    pub observed_at: Timestamp,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// An authorised feeder pushes prices.
    PushPrices { prices: Vec<PriceUpdate> },
    /// Only the governance address.
    Governance(GovernanceMsg),
}

#[cw_serde]
pub enum GovernanceMsg {
    AddFeeder { address: String },
    RemoveFeeder { address: String },
    UpdateParams { params: OracleParams },
}

/// Chain governance through x/wasm `MsgSudoContract`.
pub type SudoMsg = GovernanceMsg;

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The same query as the court's `OracleQueryMsg::Price`.
    #[returns(PriceResponse)]
    Price { asset: String },
    #[returns(PricesResponse)]
    Prices {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(ConfigResponse)]
    Config {},
    #[returns(FeedersResponse)]
    Feeders {
        start_after: Option<String>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_serde]
pub struct AssetPrice {
    pub asset: String,
    pub price: Decimal,
    pub updated_at: Timestamp,
}

#[cw_serde]
pub struct PricesResponse {
    pub prices: Vec<AssetPrice>,
}

#[cw_serde]
pub struct ConfigResponse {
    pub governance: Addr,
    pub params: OracleParams,
}

#[cw_serde]
pub struct FeedersResponse {
    pub feeders: Vec<Addr>,
}

/// Typed handle on a deployed price oracle.
#[cw_serde]
pub struct PriceOracleContract(pub Addr);

impl PriceOracleContract {
    /// The latest price of `asset` by raw read (no contract call), if any.
    pub fn raw_price(
        &self,
        querier: &QuerierWrapper,
        asset: &str,
    ) -> StdResult<Option<PriceResponse>> {
        querier
            .query_wasm_raw(&self.0, price_key(asset))?
            .map(from_json)
            .transpose()
    }
}
