//! A price oracle for tests: anyone sets a price by execute; it answers the
//! protocol's `OracleQueryMsg` like a real oracle adapter would.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Binary, Decimal, Deps, DepsMut, Env, MessageInfo, Response, StdError,
    StdResult, Timestamp,
};
use cw_storage_plus::Map;
use insurance_common::claims_court::{OracleQueryMsg, PriceResponse};

#[cw_serde]
pub struct InstantiateMsg {
    /// Initial prices, observed at instantiation.
    pub prices: Vec<(String, Decimal)>,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Sets `asset`'s price, observed at `updated_at` (default: the current block).
    SetPrice {
        asset: String,
        price: Decimal,
        updated_at: Option<Timestamp>,
    },
}

const PRICES: Map<&str, PriceResponse> = Map::new("prices");

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> StdResult<Response> {
    for (asset, price) in msg.prices {
        PRICES.save(
            deps.storage,
            &asset,
            &PriceResponse {
                price,
                updated_at: env.block.time,
            },
        )?;
    }
    Ok(Response::new())
}

pub fn execute(
    deps: DepsMut,
    env: Env,
    _info: MessageInfo,
    msg: ExecuteMsg,
) -> StdResult<Response> {
    match msg {
        ExecuteMsg::SetPrice {
            asset,
            price,
            updated_at,
        } => {
            PRICES.save(
                deps.storage,
                &asset,
                &PriceResponse {
                    price,
                    updated_at: updated_at.unwrap_or(env.block.time),
                },
            )?;
            Ok(Response::new()
                .add_attribute("action", "set_price")
                .add_attribute("asset", asset)
                .add_attribute("price", price.to_string()))
        }
    }
}

pub fn query(deps: Deps, _env: Env, msg: OracleQueryMsg) -> StdResult<Binary> {
    match msg {
        OracleQueryMsg::Price { asset } => {
            let price = PRICES
                .may_load(deps.storage, &asset)?
                .ok_or_else(|| StdError::not_found(format!("price of {asset}")))?;
            to_json_binary(&price)
        }
    }
}
