//! Messages of the risk pool: underwriting capital, staker shares, products,
//! pricing, capacity, unbonding and claim payouts.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, Coin, CosmosMsg, Decimal, Decimal256, QuerierWrapper, StdResult,
    Timestamp, Uint128, WasmMsg,
};

pub const DAY: u64 = 24 * 60 * 60;

/// How premiums are divided. The three shares add up to exactly one.
#[cw_serde]
pub struct PremiumSplit {
    /// Streams to stakers over the cover period.
    pub stakers: Decimal,
    /// Sent to the treasury at purchase.
    pub treasury: Decimal,
    /// Held by the pool for the claims court (assessor rewards).
    pub claims_fund: Decimal,
}

/// Annual rate = clamp(base rate + surge, floor, cap), where the surge grows
/// linearly from zero at `surge_start` utilisation to `surge_rate` at full use.
#[cw_serde]
pub struct PricingParams {
    pub min_annual_rate: Decimal,
    pub max_annual_rate: Decimal,
    pub surge_start: Decimal,
    pub surge_rate: Decimal,
}

#[cw_serde]
pub struct PoolParams {
    /// Active cover may reach capital times this multiple.
    pub capacity_multiple: Decimal,
    /// Seconds between an unbonding request and the withdrawal.
    pub unbonding_period: u64,
    pub premium_split: PremiumSplit,
    /// Seconds.
    pub min_cover_duration: u64,
    /// Seconds.
    pub max_cover_duration: u64,
    /// Capital may not fall below this ratio of active cover through withdrawals.
    pub min_capital_ratio: Decimal,
    /// The circuit breaker trips when the payouts of one loss event, or all
    /// payouts inside the rolling window, exceed this share of capital (before
    /// the event's first payout; at the window's start).
    pub circuit_breaker_threshold: Decimal,
    pub pricing: PricingParams,
    /// Seconds: the rolling window over which the circuit breaker adds up losses.
    #[serde(default = "default_circuit_breaker_window")]
    pub circuit_breaker_window: u64,
}

/// Default rolling window of the circuit breaker: a week.
pub const DEFAULT_CIRCUIT_BREAKER_WINDOW: u64 = 7 * DAY;

fn default_circuit_breaker_window() -> u64 {
    DEFAULT_CIRCUIT_BREAKER_WINDOW
}

impl Default for PoolParams {
    fn default() -> Self {
        PoolParams {
            capacity_multiple: Decimal::from_ratio(2u128, 1u128),
            unbonding_period: 30 * DAY,
            premium_split: PremiumSplit {
                stakers: Decimal::percent(75),
                treasury: Decimal::percent(15),
                claims_fund: Decimal::percent(10),
            },
            min_cover_duration: 28 * DAY,
            max_cover_duration: 365 * DAY,
            min_capital_ratio: Decimal::percent(50),
            circuit_breaker_threshold: Decimal::percent(20),
            pricing: PricingParams {
                min_annual_rate: Decimal::permille(5),
                max_annual_rate: Decimal::percent(25),
                surge_start: Decimal::percent(80),
                surge_rate: Decimal::percent(10),
            },
            circuit_breaker_window: DEFAULT_CIRCUIT_BREAKER_WINDOW,
        }
    }
}

/// The event a loss belongs to. Payouts with the same key are one event: the
/// circuit breaker and excess-of-loss treaties aggregate them.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum LossEvent {
    /// A parametric incident, or the incident a discretionary claim names.
    Incident { incident_id: u64 },
    /// A discretionary claim that names no incident: an event of its own.
    Claim { claim_id: u64 },
}

#[cw_serde]
pub enum ClaimMethod {
    /// Assessors vote on each claim.
    Discretionary,
    /// A confirmed incident pays a fixed ratio without a vote.
    Parametric,
}

impl std::fmt::Display for ClaimMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ClaimMethod::Discretionary => "discretionary",
            ClaimMethod::Parametric => "parametric",
        })
    }
}

/// A product as governance lists it.
#[cw_serde]
pub struct ProductInfo {
    pub id: u32,
    pub name: String,
    /// Annual premium rate at low utilisation.
    pub base_annual_rate: Decimal,
    /// Share of the pool's total capacity this product may use (at most one).
    pub capacity_weight: Decimal,
    /// Seconds after a cover's end during which claims may still be filed.
    pub grace_period: u64,
    pub claim_method: ClaimMethod,
}

#[cw_serde]
pub struct InstantiateMsg {
    pub collateral_denom: String,
    pub governance: String,
    pub treasury: String,
    pub params: PoolParams,
}

/// Operations reserved to chain governance: through `sudo` (x/wasm
/// `MsgSudoContract`) or `ExecuteMsg::Governance` sent by the governance address.
#[cw_serde]
pub enum GovernanceMsg {
    UpdateParams {
        params: PoolParams,
    },
    UpdateConfig {
        governance: Option<String>,
        treasury: Option<String>,
    },
    /// Companion contracts are instantiated after the pool.
    SetCompanions {
        cover_nft: Option<String>,
        claims_court: Option<String>,
        tranche_vault: Option<String>,
        reinsurance_bridge: Option<String>,
    },
    AddProduct {
        product: ProductInfo,
    },
    UpdateProduct {
        product: ProductInfo,
    },
    SetProductPaused {
        product_id: u32,
        paused: bool,
    },
    /// Clears a tripped circuit breaker. The losses seen so far (per event and
    /// in the window) count as reviewed: the breaker watches fresh losses.
    ResumeCover {},
    /// Detaches the reinsurance bridge (a stuck or compromised channel): no
    /// more cessions or loss notices. What the pool still expected to recover
    /// through it is written off. `SetCompanions` replaces it the same way.
    DetachReinsuranceBridge {},
}

pub type SudoMsg = GovernanceMsg;

#[cw_serde]
pub enum ExecuteMsg {
    /// Stake the collateral denom for shares.
    Deposit {},
    /// Start unbonding shares; they keep bearing losses until withdrawn.
    RequestUnbond {
        shares: Uint128,
    },
    /// Withdraw a matured unbonding. Pays the shares' part of capital net of
    /// what open and accepted claims may still take (the claims court's
    /// reserve): a leaver bears its share of losses already in the pipeline.
    Withdraw {
        unbonding_id: u64,
    },
    /// Pay out the staker's streamed premium rewards.
    ClaimRewards {},
    /// Buy cover; the premium (at most `max_premium`) is paid from the attached funds
    /// and any excess is refunded.
    BuyCover {
        product_id: u32,
        amount: Uint128,
        /// Seconds.
        duration: u64,
        max_premium: Uint128,
    },
    /// Claims court only: payouts and the claims fund.
    Court(CourtMsg),
    /// Reinsurance bridge only: the recoveries the pool expects, their
    /// arrival, and ceded premium that comes back.
    Reinsurance(ReinsuranceMsg),
    /// Process expired cover buckets, of the pool and optionally of one product.
    /// Every other action does this too, a bounded number of buckets at a time;
    /// after a long idle spell an action may ask for a `Sync` first.
    Sync {
        product_id: Option<u32>,
    },
    Governance(GovernanceMsg),
}

/// What the claims court tells the pool.
#[cw_serde]
pub enum CourtMsg {
    /// Pay an approved claim from pool capital.
    Payout {
        cover_id: u64,
        recipient: String,
        amount: Uint128,
        event: LossEvent,
        /// Also move this much of the claims fund to the court (zero: none),
        /// so that executing a claim takes one call to the pool.
        #[serde(default)]
        claims_fund: Uint128,
    },
    /// Move part of the claims fund to the court.
    WithdrawClaimsFund { amount: Uint128 },
}

/// What the reinsurance bridge tells the pool.
#[cw_serde]
pub enum ReinsuranceMsg {
    /// A recovery is expected for a loss just paid: it joins the assets as a
    /// receivable, so the share price counts it from the payout on.
    ExpectRecovery { amount: Uint128 },
    /// With the recovery attached: `expected` of the receivable turns into
    /// cash (the share price does not move); anything above it joins capital.
    SettleRecovery { expected: Uint128 },
    /// The reinsurer refused: the receivable is written off.
    WriteOffRecovery { amount: Uint128 },
    /// With the premium of a cession refused, timed out or never sent
    /// attached: the pool carries the risk alone, so the premium streams to
    /// the stakers until `until` (the cover's end) like the rest of theirs.
    ReturnCededPremium { until: Timestamp },
}

#[cw_serde]
pub struct MigrateMsg {}

/// Data of a `Deposit` response, for contracts that stake (the tranche vault).
#[cw_serde]
pub struct DepositResponse {
    pub shares: Uint128,
}

/// Data of a `RequestUnbond` response.
#[cw_serde]
pub struct RequestUnbondResponse {
    pub unbonding_id: u64,
    pub shares: Uint128,
    pub release_at: Timestamp,
}

/// Data of a `Withdraw` response.
#[cw_serde]
pub struct WithdrawResponse {
    pub unbonding_id: u64,
    pub amount: Uint128,
}

/// Data of a `ClaimRewards` response.
#[cw_serde]
pub struct ClaimRewardsResponse {
    pub amount: Uint128,
}

/// Data of a `BuyCover` response.
#[cw_serde]
pub struct BuyCoverResponse {
    pub cover_id: u64,
    pub premium: Uint128,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    #[returns(PoolStateResponse)]
    PoolState {},
    #[returns(StakerResponse)]
    Staker { address: String },
    #[returns(UnbondingsResponse)]
    Unbondings {
        staker: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(ProductResponse)]
    Product { product_id: u32 },
    #[returns(ProductsResponse)]
    Products {
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    #[returns(QuoteResponse)]
    Quote {
        product_id: u32,
        amount: Uint128,
        duration: u64,
    },
    #[returns(CoverResponse)]
    Cover { cover_id: u64 },
}

/// The pool's configuration, stored as it is returned.
#[cw_serde]
pub struct ConfigResponse {
    pub collateral_denom: String,
    pub governance: Addr,
    pub treasury: Addr,
    pub params: PoolParams,
    pub cover_nft: Option<Addr>,
    pub claims_court: Option<Addr>,
    pub tranche_vault: Option<Addr>,
    pub reinsurance_bridge: Option<Addr>,
}

/// What a companion that moves funds for the pool needs of its configuration
/// (the bridge: the collateral denom, the treasury surplus goes to): the
/// `Config {}` answer read into these two fields only. Not `deny_unknown_fields`:
/// a parser of the whole `ConfigResponse` is some 12 KB of Wasm the bridge's
/// artifact cannot afford.
#[derive(::cosmwasm_schema::serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(crate = "::cosmwasm_schema::serde")]
pub struct PoolFunds {
    pub collateral_denom: String,
    pub treasury: Addr,
}

#[cw_serde]
pub struct PoolStateResponse {
    /// Capital backing cover: what all shares are worth.
    pub total_assets: Uint128,
    /// All shares, unbonding ones included (they bear losses too).
    pub total_shares: Uint128,
    /// Shares that earn premium rewards (not unbonding).
    pub active_shares: Uint128,
    /// Assets per share.
    pub share_price: Decimal,
    pub active_cover: Uint128,
    /// Capital times the capacity multiple.
    pub capacity: Uint128,
    pub capacity_left: Uint128,
    /// Active cover over capacity.
    pub utilisation: Decimal,
    /// Capital that withdrawals may not go below.
    pub minimum_capital: Uint128,
    /// Staker premiums received and not yet claimed (streamed or still streaming).
    pub reward_reserve: Uint128,
    /// Premium streamed to stakers per second.
    pub reward_rate: Decimal256,
    pub claims_fund: Uint128,
    /// Recoveries the reinsurance bridge expects and has not received, part
    /// of `total_assets` (value) but not of its cash: payouts and withdrawals
    /// are paid from `total_assets - reinsurance_receivable` only.
    #[serde(default)]
    pub reinsurance_receivable: Uint128,
    /// True while the circuit breaker holds new cover and withdrawals.
    pub circuit_breaker_tripped: bool,
    pub covers_sold: u64,
}

#[cw_serde]
pub struct StakerResponse {
    pub address: Addr,
    /// Shares earning rewards.
    pub shares: Uint128,
    /// Shares waiting in unbonding.
    pub unbonding_shares: Uint128,
    /// What the earning shares are worth now.
    pub value: Uint128,
    pub pending_rewards: Uint128,
}

#[cw_serde]
pub struct UnbondingResponse {
    pub id: u64,
    pub shares: Uint128,
    /// What `Withdraw` would pay now: the shares' part of capital net of
    /// what filed claims may still take (they keep bearing losses).
    pub value: Uint128,
    pub release_at: Timestamp,
    pub withdrawable: bool,
}

#[cw_serde]
pub struct UnbondingsResponse {
    pub unbondings: Vec<UnbondingResponse>,
}

#[cw_serde]
pub struct ProductResponse {
    pub product: ProductInfo,
    pub paused: bool,
    pub active_cover: Uint128,
    /// The product's share of the pool's capacity.
    pub capacity: Uint128,
    pub capacity_left: Uint128,
}

#[cw_serde]
pub struct ProductsResponse {
    pub products: Vec<ProductResponse>,
}

#[cw_serde]
pub struct QuoteResponse {
    pub premium: Uint128,
    pub annual_rate: Decimal,
    /// The stakers' share after the cession, what `BuyCover` streams to them.
    pub to_stakers: Uint128,
    /// The part of the stakers' share ceded to reinsurance (zero without a
    /// bridge or when the product is under no treaty).
    pub ceded: Uint128,
    pub to_treasury: Uint128,
    pub to_claims_fund: Uint128,
}

#[cw_serde]
pub struct CoverResponse {
    pub cover_id: u64,
    pub product_id: u32,
    pub amount: Uint128,
    pub remaining: Uint128,
    pub premium: Uint128,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Claims may be filed until this time (end plus the product's grace period).
    pub claimable_until: Timestamp,
}

// --- storage published as the pool's API (read raw, cw4 style) ---
//
// Field names are short on the wire: every byte stored costs 30 gas per
// write. The long names stay accepted on read (`alias`).

/// Storage key of the pool's configuration (an `Item<ConfigResponse>`): the
/// tranche vault reads the unbonding period raw.
pub const CONFIG_KEY: &str = "config";
/// Storage key of the pool's ledger (an `Item<Pool>`): the claims court reads
/// the claims fund raw.
pub const POOL_KEY: &str = "pool";
/// Storage key of the pool's products (a `Map<u32, Product>`): the cover NFT
/// reads a product's name raw for wallets, the court its claim method.
pub const PRODUCTS_KEY: &str = "products";
/// Storage key of the pool's stakers (a `Map<&Addr, Staker>`): the tranche
/// vault reads its own position raw.
pub const STAKERS_KEY: &str = "stakers";
/// Storage key of the pool's covers (a `Map<u64, Cover>`): the court reads a
/// cover raw when a claim is filed, claimed or paid.
pub const COVERS_KEY: &str = "covers";

/// The pool's ledger. Bank balance == total_assets - reinsurance_receivable
/// + reward_reserve + claims_fund.
#[cw_serde]
pub struct Pool {
    /// Capital: what all shares (unbonding included) are worth.
    #[serde(rename = "ta", alias = "total_assets")]
    pub total_assets: Uint128,
    #[serde(rename = "ts", alias = "total_shares")]
    pub total_shares: Uint128,
    /// Shares earning premium rewards (not unbonding).
    #[serde(rename = "as", alias = "active_shares")]
    pub active_shares: Uint128,
    /// Staker premiums received and not yet claimed.
    #[serde(rename = "rr", alias = "reward_reserve")]
    pub reward_reserve: Uint128,
    /// Rewards per active share accrued so far.
    #[serde(rename = "ri", alias = "reward_index")]
    pub reward_index: Decimal256,
    /// Premium streamed per second.
    #[serde(rename = "rt", alias = "reward_rate")]
    pub reward_rate: Decimal256,
    /// Seconds: rewards are accrued up to this time.
    #[serde(rename = "la", alias = "last_accrual")]
    pub last_accrual: u64,
    #[serde(rename = "cf", alias = "claims_fund")]
    pub claims_fund: Uint128,
    #[serde(rename = "ac", alias = "active_cover")]
    pub active_cover: Uint128,
    /// First bucket whose expiries are not processed yet.
    #[serde(rename = "nb", alias = "next_bucket")]
    pub next_bucket: u64,
    // Written only when set: every byte written costs 30 gas.
    #[serde(
        default,
        rename = "cb",
        alias = "circuit_breaker_tripped",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub circuit_breaker_tripped: bool,
    #[serde(rename = "cs", alias = "covers_sold")]
    pub covers_sold: u64,
    #[serde(rename = "nu", alias = "next_unbonding_id")]
    pub next_unbonding_id: u64,
    /// Recoveries expected from the reinsurance bridge: in `total_assets`
    /// (value), not in the bank (cash).
    #[serde(
        default,
        rename = "rv",
        alias = "reinsurance_receivable",
        skip_serializing_if = "Uint128::is_zero"
    )]
    pub reinsurance_receivable: Uint128,
}

impl Pool {
    /// Capital the pool holds in the bank: what payouts and withdrawals can use.
    pub fn cash(&self) -> Uint128 {
        self.total_assets
            .saturating_sub(self.reinsurance_receivable)
    }
}

/// A staker's record; zero fields are not written (a missing one reads as zero).
#[cw_serde]
#[derive(Default)]
pub struct Staker {
    #[serde(
        default,
        rename = "sh",
        alias = "shares",
        skip_serializing_if = "Uint128::is_zero"
    )]
    pub shares: Uint128,
    #[serde(
        default,
        rename = "us",
        alias = "unbonding_shares",
        skip_serializing_if = "Uint128::is_zero"
    )]
    pub unbonding_shares: Uint128,
    #[serde(
        default,
        rename = "ri",
        alias = "reward_index",
        skip_serializing_if = "Decimal256::is_zero"
    )]
    pub reward_index: Decimal256,
    #[serde(
        default,
        rename = "pr",
        alias = "pending_rewards",
        skip_serializing_if = "Uint128::is_zero"
    )]
    pub pending_rewards: Uint128,
}

/// Covers expire, and premium streams end, at the end of fixed time buckets,
/// so capacity frees without a loop over covers.
pub const BUCKET_SECONDS: u64 = 7 * 24 * 60 * 60;

impl Pool {
    /// Streams rewards at the current rate from the last accrual up to `to`.
    /// Only valid within the current bucket: the pool's ledger processes the
    /// bucket ends before (`Pool::current`).
    pub fn accrue_rewards(&mut self, to: u64) -> StdResult<()> {
        if to <= self.last_accrual {
            return Ok(());
        }
        let elapsed = to - self.last_accrual;
        let streamed = self
            .reward_rate
            .checked_mul(Decimal256::from_ratio(elapsed, 1u128))?;
        if !streamed.is_zero() {
            if self.active_shares.is_zero() {
                // Nobody earns right now: the premium joins the capital every share backs.
                let units = crate::math::floor_units(streamed)?;
                self.total_assets = self.total_assets.checked_add(units)?;
                self.reward_reserve = self.reward_reserve.checked_sub(units)?;
            } else {
                let inc = crate::math::index_increment(streamed, self.active_shares)?;
                self.reward_index = self.reward_index.checked_add(inc)?;
            }
        }
        self.last_accrual = to;
        Ok(())
    }

    /// The ledger as the pool's queries would answer it at `now`, from the
    /// stored ledger alone: `None` when a bucket ends in between (the pool
    /// must read its buckets: ask it).
    pub fn current(mut self, now: u64) -> StdResult<Option<Pool>> {
        if (self.next_bucket + 1) * BUCKET_SECONDS <= now {
            return Ok(None);
        }
        self.accrue_rewards(now)?;
        Ok(Some(self))
    }
}

impl Staker {
    /// Credits what the staker's earning shares accrued up to the pool's index.
    pub fn settle(&mut self, pool: &Pool) -> StdResult<()> {
        let earned = crate::math::accrued(self.shares, self.reward_index, pool.reward_index)?;
        self.pending_rewards = self.pending_rewards.checked_add(earned)?;
        self.reward_index = pool.reward_index;
        Ok(())
    }

    /// Holds nothing: no shares, none unbonding, no rewards (the index only
    /// matters with shares). The pool deletes such a record: a missing
    /// staker reads as the default.
    pub fn is_empty(&self) -> bool {
        self.shares.is_zero() && self.unbonding_shares.is_zero() && self.pending_rewards.is_zero()
    }
}

/// A product as governance lists it (`PRODUCTS_KEY`), written only by
/// governance. Its running totals (active cover, expiry cursor), which every
/// purchase rewrites, are the pool's own, in a small record of their own.
#[cw_serde]
pub struct Product {
    pub info: ProductInfo,
    #[serde(rename = "p", alias = "paused")]
    pub paused: bool,
}

/// A stored record, not a message: it is read without `deny_unknown_fields`,
/// so covers stored with fields since dropped still load: `xb`, the expiry
/// bucket (derived from `claimable_until`), and `b`, the buyer (the holder is
/// the cover NFT's owner; the purchase's event names the buyer).
#[derive(
    ::cosmwasm_schema::serde::Serialize,
    ::cosmwasm_schema::serde::Deserialize,
    Clone,
    Debug,
    PartialEq,
)]
#[serde(crate = "::cosmwasm_schema::serde")]
pub struct Cover {
    #[serde(rename = "pr", alias = "product_id")]
    pub product_id: u32,
    #[serde(rename = "a", alias = "amount")]
    pub amount: Uint128,
    #[serde(rename = "r", alias = "remaining")]
    pub remaining: Uint128,
    #[serde(rename = "pm", alias = "premium")]
    pub premium: Uint128,
    #[serde(rename = "s", alias = "start")]
    pub start: Timestamp,
    #[serde(rename = "e", alias = "end")]
    pub end: Timestamp,
    #[serde(rename = "cu", alias = "claimable_until")]
    pub claimable_until: Timestamp,
    /// Payouts made on the cover; a payout's number identifies its loss to the
    /// reinsurance bridge. Not written while zero.
    #[serde(
        default,
        rename = "n",
        alias = "payouts",
        skip_serializing_if = "is_zero_u32"
    )]
    pub payouts: u32,
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

impl Cover {
    /// Bucket at whose end the cover leaves active cover: the one its claim
    /// window ends in.
    pub fn expiry_bucket(&self) -> u64 {
        self.claimable_until.seconds() / BUCKET_SECONDS
    }
}

pub use crate::raw::{raw_key, read_raw};

/// Typed handle on a deployed risk pool for other contracts.
#[cw_serde]
pub struct RiskPoolContract(pub Addr);

impl RiskPoolContract {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    pub fn call(&self, msg: &ExecuteMsg, funds: Vec<Coin>) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds,
        }
        .into())
    }

    pub fn payout(
        &self,
        cover_id: u64,
        recipient: &Addr,
        amount: Uint128,
        event: LossEvent,
        claims_fund: Uint128,
    ) -> StdResult<CosmosMsg> {
        self.call(
            &ExecuteMsg::Court(CourtMsg::Payout {
                cover_id,
                recipient: recipient.to_string(),
                amount,
                event,
                claims_fund,
            }),
            vec![],
        )
    }

    pub fn withdraw_claims_fund(&self, amount: Uint128) -> StdResult<CosmosMsg> {
        self.call(
            &ExecuteMsg::Court(CourtMsg::WithdrawClaimsFund { amount }),
            vec![],
        )
    }

    /// The stored cover, read raw (`COVERS_KEY`); `None` if there is none.
    pub fn cover_raw(&self, querier: &QuerierWrapper, cover_id: u64) -> StdResult<Option<Cover>> {
        read_raw(
            querier,
            &self.0,
            raw_key(COVERS_KEY, &cover_id.to_be_bytes()),
        )
    }

    /// The stored product, read raw (`PRODUCTS_KEY`); `None` if there is none.
    pub fn product_raw(
        &self,
        querier: &QuerierWrapper,
        product_id: u32,
    ) -> StdResult<Option<Product>> {
        read_raw(
            querier,
            &self.0,
            raw_key(PRODUCTS_KEY, &product_id.to_be_bytes()),
        )
    }

    /// A staker's record, read raw (`STAKERS_KEY`); default if none.
    pub fn staker_raw(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<Staker> {
        Ok(
            read_raw(querier, &self.0, raw_key(STAKERS_KEY, address.as_bytes()))?
                .unwrap_or_default(),
        )
    }

    /// The pool's configuration, read raw (`CONFIG_KEY`).
    pub fn config_raw(&self, querier: &QuerierWrapper) -> StdResult<ConfigResponse> {
        read_raw(querier, &self.0, CONFIG_KEY.as_bytes().to_vec())?
            .ok_or_else(|| cosmwasm_std::StdError::not_found("risk pool config"))
    }

    /// The pool's ledger, read raw (`POOL_KEY`).
    pub fn pool_raw(&self, querier: &QuerierWrapper) -> StdResult<Pool> {
        read_raw(querier, &self.0, POOL_KEY.as_bytes().to_vec())?
            .ok_or_else(|| cosmwasm_std::StdError::not_found("risk pool ledger"))
    }

    pub fn cover(&self, querier: &QuerierWrapper, cover_id: u64) -> StdResult<CoverResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Cover { cover_id })
    }

    pub fn product(&self, querier: &QuerierWrapper, product_id: u32) -> StdResult<ProductResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Product { product_id })
    }

    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<ConfigResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }

    /// `Config {}` read into [`PoolFunds`].
    pub fn funds(&self, querier: &QuerierWrapper) -> StdResult<PoolFunds> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }

    pub fn pool_state(&self, querier: &QuerierWrapper) -> StdResult<PoolStateResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::PoolState {})
    }

    pub fn staker(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<StakerResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Staker {
                address: address.to_string(),
            },
        )
    }
}
