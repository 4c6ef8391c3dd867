use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal256, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};

use crate::error::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:risk-pool";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Buckets one action processes at most; after a longer idle spell a `Sync` catches up.
pub const MAX_BUCKETS_PER_CALL: u64 = 64;

/// Stored as `QueryMsg::Config` returns it.
pub use insurance_common::risk_pool::ConfigResponse as Config;
/// Stored under keys the pool publishes in `insurance_common::risk_pool`.
pub use insurance_common::risk_pool::{Cover, Pool, Product, Staker, BUCKET_SECONDS};

/// What leaves the books when a bucket ends.
#[cw_serde]
#[derive(Default)]
pub struct Bucket {
    #[serde(rename = "co", alias = "cover")]
    pub cover: Uint128,
    #[serde(rename = "rr", alias = "reward_rate")]
    pub reward_rate: Decimal256,
}

#[cw_serde]
pub struct Unbonding {
    #[serde(rename = "sh", alias = "shares")]
    pub shares: Uint128,
    #[serde(rename = "ra", alias = "release_at")]
    pub release_at: Timestamp,
}

/// The circuit breaker's running count of one loss event's payouts.
#[cw_serde]
pub struct EventLoss {
    /// Capital before the event's first payout (since the breaker was last resumed).
    #[serde(rename = "cb", alias = "capital_before")]
    pub capital_before: Uint128,
    #[serde(rename = "pa", alias = "paid")]
    pub paid: Uint128,
    /// The breaker epoch the count belongs to; a resume starts a new epoch.
    #[serde(rename = "ep", alias = "epoch")]
    pub epoch: u64,
}

/// Losses paid in one slot of the breaker's rolling window.
#[cw_serde]
pub struct LossSlot {
    /// `time / slot length`.
    #[serde(rename = "sl", alias = "slot")]
    pub slot: u64,
    #[serde(rename = "lo", alias = "losses")]
    pub losses: Uint128,
    /// Capital before the slot's first payout.
    #[serde(rename = "cb", alias = "capital_before")]
    pub capital_before: Uint128,
}

/// The circuit breaker's rolling window: the slots with losses, oldest first,
/// at most `BREAKER_SLOTS + 1` of them.
#[cw_serde]
#[derive(Default)]
pub struct Breaker {
    #[serde(rename = "ep", alias = "epoch")]
    pub epoch: u64,
    #[serde(rename = "sl", alias = "slots")]
    pub slots: Vec<LossSlot>,
}

/// Slots per window: the window is counted in slots of `window / BREAKER_SLOTS`.
pub const BREAKER_SLOTS: u64 = 8;

pub const CONFIG: Item<Config> = Item::new("config");
pub const POOL: Item<Pool> = Item::new(insurance_common::risk_pool::POOL_KEY);
pub const BUCKETS: Map<u64, Bucket> = Map::new("buckets");
pub const PRODUCTS: Map<u32, Product> = Map::new(insurance_common::risk_pool::PRODUCTS_KEY);
/// (product id, bucket) -> cover leaving the product's active cover at the bucket's end.
pub const PRODUCT_BUCKETS: Map<(u32, u64), Uint128> = Map::new("product_buckets");
pub const STAKERS: Map<&Addr, Staker> = Map::new(insurance_common::risk_pool::STAKERS_KEY);
pub const UNBONDINGS: Map<(&Addr, u64), Unbonding> = Map::new("unbondings");
pub const COVERS: Map<u64, Cover> = Map::new(insurance_common::risk_pool::COVERS_KEY);
/// Loss event (kind: 0 incident, 1 claim; id) -> its payouts so far.
pub const EVENT_LOSSES: Map<(u8, u64), EventLoss> = Map::new("event_losses");
pub const BREAKER: Item<Breaker> = Item::new("breaker");
/// Bridges governance detached or replaced, with what the pool wrote off for
/// them and has not seen settled since: they may still settle what was in flight.
pub const DETACHED_BRIDGES: Map<&Addr, Uint128> = Map::new("detached_bridges");

pub fn load_product(storage: &dyn Storage, product_id: u32) -> Result<Product, ContractError> {
    PRODUCTS
        .may_load(storage, product_id)?
        .ok_or(ContractError::ProductNotFound { product_id })
}

pub fn load_cover(storage: &dyn Storage, cover_id: u64) -> Result<Cover, ContractError> {
    COVERS
        .may_load(storage, cover_id)?
        .ok_or(ContractError::CoverNotFound { cover_id })
}

pub fn load_unbonding(
    storage: &dyn Storage,
    staker: &Addr,
    id: u64,
) -> Result<Unbonding, ContractError> {
    UNBONDINGS
        .may_load(storage, (staker, id))?
        .ok_or(ContractError::UnbondingNotFound { id })
}

pub fn bucket_of(seconds: u64) -> u64 {
    seconds / BUCKET_SECONDS
}

/// The time a bucket ends.
pub fn bucket_end(bucket: u64) -> u64 {
    (bucket + 1) * BUCKET_SECONDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{mock_dependencies, MockQuerier};
    use cosmwasm_std::{QuerierWrapper, SystemResult, WasmQuery};
    use insurance_common::risk_pool::{raw_key, RiskPoolContract};

    /// Other contracts read these keys raw: they stay what `insurance_common` publishes.
    #[test]
    fn published_keys_are_the_stored_ones() {
        let mut deps = mock_dependencies();
        let staker = Addr::unchecked("staker");
        let cover = Cover {
            product_id: 1,
            buyer: staker.clone(),
            amount: Uint128::new(100),
            remaining: Uint128::new(60),
            premium: Uint128::new(1),
            start: Timestamp::from_seconds(1),
            end: Timestamp::from_seconds(2),
            claimable_until: Timestamp::from_seconds(3),
            expiry_bucket: 0,
            payouts: 1,
        };
        COVERS.save(&mut deps.storage, 7, &cover).unwrap();
        let record = Staker {
            shares: Uint128::new(5),
            ..Staker::default()
        };
        STAKERS.save(&mut deps.storage, &staker, &record).unwrap();
        assert_eq!(
            COVERS.key(7).to_vec(),
            raw_key(insurance_common::risk_pool::COVERS_KEY, &7u64.to_be_bytes())
        );
        assert_eq!(
            PRODUCTS.key(3).to_vec(),
            raw_key(
                insurance_common::risk_pool::PRODUCTS_KEY,
                &3u32.to_be_bytes()
            )
        );
        assert_eq!(
            STAKERS.key(&staker).to_vec(),
            raw_key(insurance_common::risk_pool::STAKERS_KEY, staker.as_bytes())
        );
        assert_eq!(
            POOL.as_slice(),
            insurance_common::risk_pool::POOL_KEY.as_bytes()
        );
        assert_eq!(
            CONFIG.as_slice(),
            insurance_common::risk_pool::CONFIG_KEY.as_bytes()
        );

        // and the typed readers find what the pool stored
        let storage = deps.storage;
        let mut querier = MockQuerier::default();
        querier.update_wasm(move |q| match q {
            WasmQuery::Raw { key, .. } => SystemResult::Ok(cosmwasm_std::ContractResult::Ok(
                Storage::get(&storage, key).unwrap_or_default().into(),
            )),
            _ => unreachable!(),
        });
        let querier = QuerierWrapper::<cosmwasm_std::Empty>::new(&querier);
        let pool = RiskPoolContract(Addr::unchecked("pool"));
        assert_eq!(pool.cover_raw(&querier, 7).unwrap(), Some(cover));
        assert_eq!(pool.cover_raw(&querier, 8).unwrap(), None);
        assert_eq!(pool.staker_raw(&querier, &staker).unwrap(), record);
    }
}
