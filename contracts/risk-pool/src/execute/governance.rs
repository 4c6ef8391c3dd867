//! Instantiation and the operations reserved to chain governance.

use cosmwasm_std::{Addr, Decimal, Decimal256, DepsMut, Env, Order, Response, Uint128};
use insurance_common::auth::update_addr;
use insurance_common::risk_pool::{GovernanceMsg, InstantiateMsg, PoolParams, ProductInfo, DAY};

use crate::breaker;
use crate::error::{ContractError, ParamError, ProductError};
use crate::state::Config;
use crate::state::{
    bucket_of, load_listing, Listing, Pool, ProductCover, CONFIG, CONTRACT_NAME, CONTRACT_VERSION,
    MAX_PRODUCTS, POOL, PRODUCTS, PRODUCT_COVERS,
};

const MAX_NAME_LEN: usize = 64;
const MAX_GRACE_PERIOD: u64 = 365 * DAY;
const MAX_UNBONDING_PERIOD: u64 = 365 * DAY;
const MAX_COVER_DURATION: u64 = 5 * 365 * DAY;
const MAX_CAPACITY_MULTIPLE: u128 = 100;
const MIN_BREAKER_WINDOW: u64 = 60 * 60;
const MAX_BREAKER_WINDOW: u64 = 365 * DAY;

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    if msg.collateral_denom.is_empty() {
        return Err(invalid(ParamError::EmptyCollateralDenom));
    }
    validate_params(&msg.params)?;
    let config = Config {
        collateral_denom: msg.collateral_denom,
        governance: deps.api.addr_validate(&msg.governance)?,
        treasury: deps.api.addr_validate(&msg.treasury)?,
        params: msg.params,
        cover_nft: None,
        claims_court: None,
        tranche_vault: None,
        reinsurance_bridge: None,
    };
    CONFIG.save(deps.storage, &config)?;
    let now = env.block.time.seconds();
    POOL.save(
        deps.storage,
        &Pool {
            total_assets: Uint128::zero(),
            total_shares: Uint128::zero(),
            active_shares: Uint128::zero(),
            reward_reserve: Uint128::zero(),
            reward_index: Decimal256::zero(),
            reward_rate: Decimal256::zero(),
            last_accrual: now,
            claims_fund: Uint128::zero(),
            active_cover: Uint128::zero(),
            next_bucket: bucket_of(now),
            circuit_breaker_tripped: false,
            covers_sold: 0,
            next_unbonding_id: 1,
            reinsurance_receivable: Uint128::zero(),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("collateral_denom", config.collateral_denom)
        .add_attribute("governance", config.governance))
}

/// The caller has checked that governance sent `msg` (or it came through sudo).
pub fn execute(deps: DepsMut, env: Env, msg: GovernanceMsg) -> Result<Response, ContractError> {
    let response = Response::new();
    match msg {
        GovernanceMsg::UpdateParams { params } => {
            validate_params(&params)?;
            CONFIG.update(deps.storage, |mut c| -> Result<_, ContractError> {
                c.params = params;
                Ok(c)
            })?;
            Ok(response.add_attribute("action", "update_params"))
        }
        GovernanceMsg::UpdateConfig {
            governance,
            treasury,
        } => {
            let mut config = CONFIG.load(deps.storage)?;
            update_addr(deps.api, &mut config.governance, governance)?;
            update_addr(deps.api, &mut config.treasury, treasury)?;
            CONFIG.save(deps.storage, &config)?;
            Ok(response
                .add_attribute("action", "update_config")
                .add_attribute("governance", config.governance)
                .add_attribute("treasury", config.treasury))
        }
        GovernanceMsg::SetCompanions {
            cover_nft,
            claims_court,
            tranche_vault,
            reinsurance_bridge,
        } => {
            let mut config = CONFIG.load(deps.storage)?;
            let api = deps.api;
            let validate =
                |a: Option<String>, current: Option<Addr>| -> Result<Option<Addr>, ContractError> {
                    match a {
                        Some(a) => Ok(Some(api.addr_validate(&a)?)),
                        None => Ok(current),
                    }
                };
            config.cover_nft = validate(cover_nft, config.cover_nft)?;
            config.claims_court = validate(claims_court, config.claims_court)?;
            config.tranche_vault = validate(tranche_vault, config.tranche_vault)?;
            let bridge = validate(reinsurance_bridge, config.reinsurance_bridge.clone())?;
            super::reinsurance::change_bridge(
                deps.storage,
                config.reinsurance_bridge.as_ref(),
                bridge.as_ref(),
            )?;
            config.reinsurance_bridge = bridge;
            CONFIG.save(deps.storage, &config)?;
            Ok(response.add_attribute("action", "set_companions"))
        }
        GovernanceMsg::AddProduct { product } => {
            validate_product(&product)?;
            if PRODUCTS.has(deps.storage, product.id) {
                return Err(ContractError::ProductExists {
                    product_id: product.id,
                });
            }
            // bounded: reads at most MAX_PRODUCTS keys
            let listed = PRODUCTS
                .keys(deps.storage, None, None, Order::Ascending)
                .take(MAX_PRODUCTS)
                .count();
            if listed >= MAX_PRODUCTS {
                return Err(ContractError::TooManyProducts {
                    max: MAX_PRODUCTS as u32,
                });
            }
            let id = product.id;
            PRODUCTS.save(
                deps.storage,
                id,
                &Listing {
                    info: product,
                    paused: false,
                },
            )?;
            PRODUCT_COVERS.save(
                deps.storage,
                id,
                &ProductCover {
                    active_cover: Uint128::zero(),
                    next_bucket: bucket_of(env.block.time.seconds()),
                },
            )?;
            Ok(response
                .add_attribute("action", "add_product")
                .add_attribute("product_id", id.to_string()))
        }
        GovernanceMsg::UpdateProduct { product } => {
            validate_product(&product)?;
            let id = product.id;
            let mut stored = load_listing(deps.storage, id)?;
            // Existing covers keep the terms they were sold with.
            stored.info = product;
            PRODUCTS.save(deps.storage, id, &stored)?;
            Ok(response
                .add_attribute("action", "update_product")
                .add_attribute("product_id", id.to_string()))
        }
        GovernanceMsg::SetProductPaused { product_id, paused } => {
            let mut stored = load_listing(deps.storage, product_id)?;
            stored.paused = paused;
            PRODUCTS.save(deps.storage, product_id, &stored)?;
            Ok(response
                .add_attribute("action", "set_product_paused")
                .add_attribute("product_id", product_id.to_string())
                .add_attribute("paused", paused.to_string()))
        }
        GovernanceMsg::ResumeCover {} => {
            let mut pool = POOL.load(deps.storage)?;
            pool.circuit_breaker_tripped = false;
            POOL.save(deps.storage, &pool)?;
            breaker::reset(deps.storage)?;
            Ok(response.add_attribute("action", "resume_cover"))
        }
        GovernanceMsg::DetachReinsuranceBridge {} => {
            let mut config = CONFIG.load(deps.storage)?;
            let written_off = super::reinsurance::change_bridge(
                deps.storage,
                config.reinsurance_bridge.as_ref(),
                None,
            )?;
            config.reinsurance_bridge = None;
            CONFIG.save(deps.storage, &config)?;
            Ok(response
                .add_attribute("action", "detach_reinsurance_bridge")
                .add_attribute("written_off", written_off))
        }
    }
}

fn invalid(reason: ParamError) -> ContractError {
    ContractError::InvalidParams { reason }
}

pub fn validate_params(p: &PoolParams) -> Result<(), ContractError> {
    if p.capacity_multiple.is_zero()
        || p.capacity_multiple > Decimal::from_ratio(MAX_CAPACITY_MULTIPLE, 1u128)
    {
        return Err(invalid(ParamError::CapacityMultiple));
    }
    if p.unbonding_period == 0 || p.unbonding_period > MAX_UNBONDING_PERIOD {
        return Err(invalid(ParamError::UnbondingPeriod));
    }
    let split = &p.premium_split;
    let total = split
        .stakers
        .checked_add(split.treasury)
        .and_then(|s| s.checked_add(split.claims_fund))
        .map_err(|_| invalid(ParamError::PremiumSplit))?;
    if total != Decimal::one() {
        return Err(invalid(ParamError::PremiumSplit));
    }
    if p.min_cover_duration == 0
        || p.min_cover_duration > p.max_cover_duration
        || p.max_cover_duration > MAX_COVER_DURATION
    {
        return Err(invalid(ParamError::CoverDurations));
    }
    if p.circuit_breaker_threshold.is_zero() || p.circuit_breaker_threshold > Decimal::one() {
        return Err(invalid(ParamError::BreakerThreshold));
    }
    if p.circuit_breaker_window < MIN_BREAKER_WINDOW
        || p.circuit_breaker_window > MAX_BREAKER_WINDOW
    {
        return Err(ContractError::InvalidBreakerWindow {
            window: p.circuit_breaker_window,
            min: MIN_BREAKER_WINDOW,
            max: MAX_BREAKER_WINDOW,
        });
    }
    if p.min_capital_ratio > Decimal::one() {
        return Err(invalid(ParamError::MinCapitalRatio));
    }
    let pricing = &p.pricing;
    if pricing.min_annual_rate.is_zero()
        || pricing.min_annual_rate > pricing.max_annual_rate
        || pricing.max_annual_rate > Decimal::from_ratio(10u128, 1u128)
    {
        return Err(invalid(ParamError::AnnualRates));
    }
    if pricing.surge_start > Decimal::one() {
        return Err(invalid(ParamError::SurgeStart));
    }
    Ok(())
}

fn invalid_product(reason: ProductError) -> ContractError {
    ContractError::InvalidProduct { reason }
}

pub fn validate_product(p: &ProductInfo) -> Result<(), ContractError> {
    if p.name.trim().is_empty() || p.name.len() > MAX_NAME_LEN {
        return Err(invalid_product(ProductError::Name));
    }
    if p.base_annual_rate > Decimal::from_ratio(10u128, 1u128) {
        return Err(invalid_product(ProductError::BaseAnnualRate));
    }
    if p.capacity_weight.is_zero() || p.capacity_weight > Decimal::one() {
        return Err(invalid_product(ProductError::CapacityWeight));
    }
    if p.grace_period > MAX_GRACE_PERIOD {
        return Err(invalid_product(ProductError::GracePeriod));
    }
    Ok(())
}
