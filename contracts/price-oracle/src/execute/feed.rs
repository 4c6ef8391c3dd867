//! Feeders push prices.

use cosmwasm_std::{Addr, DepsMut, Env, Response};
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::price_oracle::{
    PriceResponse, PriceUpdate, MAX_ASSET_LEN, MAX_PRICES_PER_PUSH,
};

use crate::error::ContractError;
use crate::state::{CONFIG, FEEDERS, PRICES};

/// An authorised feeder records its observations. Each must be newer than
/// the asset's stored one (no replay, no reordering), not in the future and
/// at most `max_delay` old: a feeder cannot backdate a price, which would
/// date a parametric incident into the past.
pub fn push_prices(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    prices: Vec<PriceUpdate>,
) -> Result<Response, ContractError> {
    if !FEEDERS.has(deps.storage, &sender) {
        return Err(Unauthorized {
            sender,
            role: Authority::PriceFeeder,
        }
        .into());
    }
    if prices.is_empty() || prices.len() > MAX_PRICES_PER_PUSH {
        return Err(ContractError::InvalidPushSize {
            count: prices.len(),
            max: MAX_PRICES_PER_PUSH,
        });
    }
    let max_delay = CONFIG.load(deps.storage)?.params.max_delay;
    let now = env.block.time;
    let mut res = Response::new()
        .add_attribute("action", "push_prices")
        .add_attribute("feeder", sender.as_str());
    for update in prices {
        let PriceUpdate {
            asset,
            price,
            observed_at,
        } = update;
        if asset.is_empty() || asset.len() > MAX_ASSET_LEN {
            return Err(ContractError::InvalidAsset { max: MAX_ASSET_LEN });
        }
        if price.is_zero() {
            return Err(ContractError::ZeroPrice { asset });
        }
        if observed_at > now {
            return Err(ContractError::FutureObservation {
                asset,
                observed_at,
                now,
            });
        }
        if now.seconds() - observed_at.seconds() > max_delay {
            return Err(ContractError::LateObservation {
                asset,
                observed_at,
                max_delay,
            });
        }
        if let Some(latest) = PRICES.may_load(deps.storage, &asset)? {
            if observed_at <= latest.updated_at {
                return Err(ContractError::StaleObservation {
                    asset,
                    observed_at,
                    latest: latest.updated_at,
                });
            }
        }
        PRICES.save(
            deps.storage,
            &asset,
            &PriceResponse {
                price,
                updated_at: observed_at,
            },
        )?;
        res = res.add_attribute(asset, price.to_string());
    }
    Ok(res)
}
