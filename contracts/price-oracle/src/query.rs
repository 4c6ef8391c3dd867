use cosmwasm_std::{Addr, Deps, Order, StdResult};
use cw_storage_plus::Bound;
use insurance_common::pagination::page_limit;
use insurance_common::price_oracle::{
    AssetPrice, ConfigResponse, FeedersResponse, PriceResponse, PricesResponse,
};

use crate::error::ContractError;
use crate::state::{CONFIG, FEEDERS, PRICES};

/// The latest price, whatever its age: the reader (the court) refuses a
/// price older than its own `max_oracle_age`.
pub fn price(deps: Deps, asset: String) -> Result<PriceResponse, ContractError> {
    PRICES
        .may_load(deps.storage, &asset)?
        .ok_or(ContractError::PriceNotFound { asset })
}

pub fn prices(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<PricesResponse> {
    let start = start_after.as_deref().map(Bound::exclusive);
    let prices = PRICES
        .range(deps.storage, start, None, Order::Ascending)
        .take(page_limit(limit))
        .map(|item| {
            item.map(|(asset, p)| AssetPrice {
                asset,
                price: p.price,
                updated_at: p.updated_at,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(PricesResponse { prices })
}

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let c = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        governance: c.governance,
        params: c.params,
    })
}

pub fn feeders(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<FeedersResponse> {
    let start_after = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let start = start_after.as_ref().map(Bound::<&Addr>::exclusive);
    let feeders = FEEDERS
        .keys(deps.storage, start, None, Order::Ascending)
        .take(page_limit(limit))
        .collect::<StdResult<_>>()?;
    Ok(FeedersResponse { feeders })
}
