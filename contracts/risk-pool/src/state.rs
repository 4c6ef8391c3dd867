use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal256, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use insurance_common::risk_pool::ProductInfo;

use crate::error::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:risk-pool";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Covers expire, and premium streams end, at the end of fixed time buckets,
/// so capacity frees without a loop over covers.
pub const BUCKET_SECONDS: u64 = 7 * 24 * 60 * 60;
/// Buckets one action processes at most; after a longer idle spell a `Sync` catches up.
pub const MAX_BUCKETS_PER_CALL: u64 = 64;

/// Stored as `QueryMsg::Config` returns it.
pub use insurance_common::risk_pool::ConfigResponse as Config;

/// The pool's ledger. Bank balance == total_assets - reinsurance_receivable
/// + reward_reserve + claims_fund.
#[cw_serde]
pub struct Pool {
    /// Capital: what all shares (unbonding included) are worth.
    pub total_assets: Uint128,
    pub total_shares: Uint128,
    /// Shares earning premium rewards (not unbonding).
    pub active_shares: Uint128,
    /// Staker premiums received and not yet claimed.
    pub reward_reserve: Uint128,
    /// Rewards per active share accrued so far.
    pub reward_index: Decimal256,
    /// Premium streamed per second.
    pub reward_rate: Decimal256,
    /// Seconds: rewards are accrued up to this time.
    pub last_accrual: u64,
    pub claims_fund: Uint128,
    pub active_cover: Uint128,
    /// First bucket whose expiries are not processed yet.
    pub next_bucket: u64,
    pub circuit_breaker_tripped: bool,
    pub covers_sold: u64,
    pub next_unbonding_id: u64,
    /// Recoveries expected from the reinsurance bridge: in `total_assets`
    /// (value), not in the bank (cash).
    #[serde(default)]
    pub reinsurance_receivable: Uint128,
}

impl Pool {
    /// Capital the pool holds in the bank: what payouts and withdrawals can use.
    pub fn cash(&self) -> Uint128 {
        self.total_assets
            .saturating_sub(self.reinsurance_receivable)
    }
}

/// What leaves the books when a bucket ends.
#[cw_serde]
#[derive(Default)]
pub struct Bucket {
    pub cover: Uint128,
    pub reward_rate: Decimal256,
}

#[cw_serde]
pub struct Product {
    pub info: ProductInfo,
    pub paused: bool,
    pub active_cover: Uint128,
    pub next_bucket: u64,
}

#[cw_serde]
#[derive(Default)]
pub struct Staker {
    pub shares: Uint128,
    pub unbonding_shares: Uint128,
    pub reward_index: Decimal256,
    pub pending_rewards: Uint128,
}

#[cw_serde]
pub struct Unbonding {
    pub shares: Uint128,
    pub release_at: Timestamp,
}

#[cw_serde]
pub struct Cover {
    pub product_id: u32,
    pub buyer: Addr,
    pub amount: Uint128,
    pub remaining: Uint128,
    pub premium: Uint128,
    pub start: Timestamp,
    pub end: Timestamp,
    pub claimable_until: Timestamp,
    /// Bucket at whose end the cover leaves active cover.
    pub expiry_bucket: u64,
    /// Payouts made on the cover; a payout's number identifies its loss to the
    /// reinsurance bridge.
    #[serde(default)]
    pub payouts: u32,
}

/// The circuit breaker's running count of one loss event's payouts.
#[cw_serde]
pub struct EventLoss {
    /// Capital before the event's first payout (since the breaker was last resumed).
    pub capital_before: Uint128,
    pub paid: Uint128,
    /// The breaker epoch the count belongs to; a resume starts a new epoch.
    pub epoch: u64,
}

/// Losses paid in one slot of the breaker's rolling window.
#[cw_serde]
pub struct LossSlot {
    /// `time / slot length`.
    pub slot: u64,
    pub losses: Uint128,
    /// Capital before the slot's first payout.
    pub capital_before: Uint128,
}

/// The circuit breaker's rolling window: the slots with losses, oldest first,
/// at most `BREAKER_SLOTS + 1` of them.
#[cw_serde]
#[derive(Default)]
pub struct Breaker {
    pub epoch: u64,
    pub slots: Vec<LossSlot>,
}

/// Slots per window: the window is counted in slots of `window / BREAKER_SLOTS`.
pub const BREAKER_SLOTS: u64 = 8;

pub const CONFIG: Item<Config> = Item::new("config");
pub const POOL: Item<Pool> = Item::new("pool");
pub const BUCKETS: Map<u64, Bucket> = Map::new("buckets");
pub const PRODUCTS: Map<u32, Product> = Map::new(insurance_common::risk_pool::PRODUCTS_KEY);
/// (product id, bucket) -> cover leaving the product's active cover at the bucket's end.
pub const PRODUCT_BUCKETS: Map<(u32, u64), Uint128> = Map::new("product_buckets");
pub const STAKERS: Map<&Addr, Staker> = Map::new("stakers");
pub const UNBONDINGS: Map<(&Addr, u64), Unbonding> = Map::new("unbondings");
pub const COVERS: Map<u64, Cover> = Map::new("covers");
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
