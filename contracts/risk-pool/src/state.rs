use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal256, Order, StdResult, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};

use crate::error::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:risk-pool";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Buckets one action processes at most; after a longer idle spell a `Sync` catches up.
pub const MAX_BUCKETS_PER_CALL: u64 = 64;
/// Products the pool lists at most: at a week's end the pool reads one expiry
/// record per product with a cover ending in it, so this bounds that read.
pub const MAX_PRODUCTS: usize = 32;

/// Stored as `QueryMsg::Config` returns it.
pub use insurance_common::risk_pool::ConfigResponse as Config;
/// A product as governance lists it (`PRODUCTS`, published): its terms and pause.
pub use insurance_common::risk_pool::Product as Listing;
use insurance_common::risk_pool::ProductInfo;
/// Stored under keys the pool publishes in `insurance_common::risk_pool`.
pub use insurance_common::risk_pool::{Cover, Pool, Staker, BUCKET_SECONDS};

/// A product's running totals: every purchase rewrites them, so they are a
/// small record of their own rather than part of the listing.
#[cw_serde]
pub struct ProductCover {
    #[serde(rename = "ac")]
    pub active_cover: Uint128,
    /// First bucket whose expiries are not processed yet.
    #[serde(rename = "nb")]
    pub next_bucket: u64,
}

/// A product with its running totals, as the actions work on it (not stored
/// as one record: see `load_product` and `save_product_cover`).
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub info: ProductInfo,
    pub paused: bool,
    pub active_cover: Uint128,
    pub next_bucket: u64,
}

/// What leaves the books when a bucket ends: per product in `EXPIRIES`; in
/// `BUCKETS`, premium streams not tied to a product (returned ceded premium)
/// and, from before expiries were kept per product, cover.
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
/// (bucket, product id) -> the cover whose claim window ends in the bucket and
/// the premium streamed for it until then: one record per purchase to update.
/// The pool sums a bucket's records when it ends; each product deletes its
/// own when it catches up, never before the pool (`ledger::advance_product`).
pub const EXPIRIES: Map<(u64, u32), Bucket> = Map::new("ex");
pub const PRODUCTS: Map<u32, Listing> = Map::new(insurance_common::risk_pool::PRODUCTS_KEY);
pub const PRODUCT_COVERS: Map<u32, ProductCover> = Map::new("pc");
pub const STAKERS: Map<&Addr, Staker> = Map::new(insurance_common::risk_pool::STAKERS_KEY);
pub const UNBONDINGS: Map<(&Addr, u64), Unbonding> = Map::new("unbondings");
pub const COVERS: Map<u64, Cover> = Map::new(insurance_common::risk_pool::COVERS_KEY);
/// Loss event (kind: 0 incident, 1 claim; id) -> its payouts so far.
pub const EVENT_LOSSES: Map<(u8, u64), EventLoss> = Map::new("event_losses");
pub const BREAKER: Item<Breaker> = Item::new("breaker");
/// Bridges governance detached or replaced, with what the pool wrote off for
/// them and has not seen settled since: they may still settle what was in flight.
pub const DETACHED_BRIDGES: Map<&Addr, Uint128> = Map::new("detached_bridges");

pub fn load_listing(storage: &dyn Storage, product_id: u32) -> Result<Listing, ContractError> {
    PRODUCTS
        .may_load(storage, product_id)?
        .ok_or(ContractError::ProductNotFound { product_id })
}

/// The listing with its running totals.
pub fn load_product(storage: &dyn Storage, product_id: u32) -> Result<Product, ContractError> {
    let Listing { info, paused } = load_listing(storage, product_id)?;
    let totals = PRODUCT_COVERS.load(storage, product_id)?;
    Ok(Product {
        info,
        paused,
        active_cover: totals.active_cover,
        next_bucket: totals.next_bucket,
    })
}

/// Writes a product's running totals; its listing is governance's.
pub fn save_product_cover(storage: &mut dyn Storage, product: &Product) -> StdResult<()> {
    PRODUCT_COVERS.save(
        storage,
        product.info.id,
        &ProductCover {
            active_cover: product.active_cover,
            next_bucket: product.next_bucket,
        },
    )
}

/// Migration: moves the per-product expiries of the layout before `EXPIRIES`
/// ((product, bucket) -> cover, with the same cover also in the pool's
/// `BUCKETS`) to `EXPIRIES`. Bounded: products times live buckets.
pub fn move_product_buckets(storage: &mut dyn Storage) -> StdResult<u32> {
    let old: Map<(u32, u64), Uint128> = Map::new("product_buckets");
    let entries = old
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    for ((product_id, bucket), cover) in &entries {
        let key = (*bucket, *product_id);
        let mut e = EXPIRIES.may_load(storage, key)?.unwrap_or_default();
        e.cover = e.cover.checked_add(*cover)?;
        EXPIRIES.save(storage, key, &e)?;
        // The pool counts it through `EXPIRIES` now (if it has not yet processed the bucket).
        if let Some(mut b) = BUCKETS.may_load(storage, *bucket)? {
            b.cover = b.cover.checked_sub(*cover)?;
            BUCKETS.save(storage, *bucket, &b)?;
        }
        old.remove(storage, (*product_id, *bucket));
    }
    Ok(entries.len() as u32)
}

/// A product as stored before its running totals left the listing (and after:
/// they are then absent).
#[cw_serde]
struct ProductV1 {
    info: ProductInfo,
    #[serde(rename = "p", alias = "paused")]
    paused: bool,
    #[serde(default, rename = "ac", alias = "active_cover")]
    active_cover: Option<Uint128>,
    #[serde(default, rename = "nb", alias = "next_bucket")]
    next_bucket: Option<u64>,
}

/// Migration: moves the running totals of products stored with them in the
/// listing to `PRODUCT_COVERS`. Products are listed by governance, so they
/// are few; products already split are left as they are. Returns how many moved.
pub fn split_products(storage: &mut dyn Storage) -> StdResult<u32> {
    let stored: Map<u32, ProductV1> = Map::new(insurance_common::risk_pool::PRODUCTS_KEY);
    let products = stored
        .range(storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    let mut moved = 0;
    for (id, p) in products {
        let (Some(active_cover), Some(next_bucket)) = (p.active_cover, p.next_bucket) else {
            continue;
        };
        PRODUCTS.save(
            storage,
            id,
            &Listing {
                info: p.info,
                paused: p.paused,
            },
        )?;
        PRODUCT_COVERS.save(
            storage,
            id,
            &ProductCover {
                active_cover,
                next_bucket,
            },
        )?;
        moved += 1;
    }
    Ok(moved)
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
            amount: Uint128::new(100),
            remaining: Uint128::new(60),
            premium: Uint128::new(1),
            start: Timestamp::from_seconds(1),
            end: Timestamp::from_seconds(2),
            claimable_until: Timestamp::from_seconds(3),
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

    /// A pool whose products were stored with their running totals in the
    /// listing (both field spellings) migrates to listing + running totals.
    #[test]
    fn migrate_splits_products_stored_whole() {
        use cosmwasm_std::testing::mock_env;
        use insurance_common::risk_pool::{ClaimMethod, MigrateMsg};

        let mut deps = mock_dependencies();
        cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
        let info = r#"{"id":ID,"name":"dex","base_annual_rate":"0.02","capacity_weight":"0.5","grace_period":60,"claim_method":"discretionary"}"#;
        deps.storage.set(
            &PRODUCTS.key(1),
            format!(
                r#"{{"info":{},"p":true,"ac":"500","nb":7}}"#,
                info.replace("ID", "1")
            )
            .as_bytes(),
        );
        deps.storage.set(
            &PRODUCTS.key(2),
            format!(
                r#"{{"info":{},"paused":false,"active_cover":"9","next_bucket":8}}"#,
                info.replace("ID", "2")
            )
            .as_bytes(),
        );
        // expiries of the old layout: per product, and the same cover in the pool's bucket
        let old_product_buckets: Map<(u32, u64), Uint128> = Map::new("product_buckets");
        old_product_buckets
            .save(&mut deps.storage, (1, 9), &Uint128::new(300))
            .unwrap();
        old_product_buckets
            .save(&mut deps.storage, (2, 9), &Uint128::new(9))
            .unwrap();
        // bucket 8: the pool processed it, product 1 has not
        old_product_buckets
            .save(&mut deps.storage, (1, 8), &Uint128::new(200))
            .unwrap();
        let rate = Decimal256::percent(1);
        BUCKETS
            .save(
                &mut deps.storage,
                9,
                &Bucket {
                    cover: Uint128::new(309),
                    reward_rate: rate,
                },
            )
            .unwrap();

        let res = crate::contract::migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        let moved = |res: &cosmwasm_std::Response| {
            let attr = |key: &str| {
                res.attributes
                    .iter()
                    .find(|a| a.key == key)
                    .map(|a| a.value.clone())
            };
            (attr("products_split"), attr("expiries_moved"))
        };
        assert_eq!(moved(&res), (Some("2".into()), Some("3".into())));
        let cover = |c: u128| Bucket {
            cover: Uint128::new(c),
            reward_rate: Decimal256::zero(),
        };
        assert_eq!(EXPIRIES.load(&deps.storage, (9, 1)).unwrap(), cover(300));
        assert_eq!(EXPIRIES.load(&deps.storage, (9, 2)).unwrap(), cover(9));
        assert_eq!(EXPIRIES.load(&deps.storage, (8, 1)).unwrap(), cover(200));
        // the pool counts the moved cover once, through EXPIRIES; its premium stream stays
        assert_eq!(
            BUCKETS.load(&deps.storage, 9).unwrap(),
            Bucket {
                cover: Uint128::zero(),
                reward_rate: rate,
            }
        );
        assert!(!BUCKETS.has(&deps.storage, 8));
        assert!(old_product_buckets.is_empty(&deps.storage));

        let expected = |id: u32, paused, active: u128, next_bucket| Product {
            info: ProductInfo {
                id,
                name: "dex".to_string(),
                base_annual_rate: cosmwasm_std::Decimal::percent(2),
                capacity_weight: cosmwasm_std::Decimal::percent(50),
                grace_period: 60,
                claim_method: ClaimMethod::Discretionary,
            },
            paused,
            active_cover: Uint128::new(active),
            next_bucket,
        };
        assert_eq!(
            load_product(&deps.storage, 1).unwrap(),
            expected(1, true, 500, 7)
        );
        assert_eq!(
            load_product(&deps.storage, 2).unwrap(),
            expected(2, false, 9, 8)
        );
        // the listing other contracts read raw holds no running totals any more
        let raw = Storage::get(&deps.storage, &PRODUCTS.key(1)).unwrap();
        assert!(!String::from_utf8(raw).unwrap().contains("\"ac\""));

        // a second migration finds nothing to move and changes nothing
        let res = crate::contract::migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        assert_eq!(moved(&res), (Some("0".into()), Some("0".into())));
        assert_eq!(EXPIRIES.load(&deps.storage, (9, 1)).unwrap(), cover(300));
        assert_eq!(
            load_product(&deps.storage, 1).unwrap(),
            expected(1, true, 500, 7)
        );
    }
}
