//! An integrator's contract: a treasury on a chain with its own custom
//! module. It buys cover from the insurance protocol's risk pool with the
//! premium its owner attaches (the cover NFT is the treasury's), and reports
//! every cover to the chain's module with a custom message; it reads the
//! module's running total with a custom query.
//!
//! The tests (`tests/insure.rs`) deploy the protocol next to it with the
//! testing kit, on the chain's own cw-multi-test App and collateral denom.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Binary, CosmosMsg, CustomMsg, CustomQuery, Deps, DepsMut, Env, MessageInfo,
    Response, StdError, StdResult, Uint128,
};
use cw_storage_plus::Item;
use insurance_common::risk_pool::{ExecuteMsg as PoolMsg, RiskPoolContract};
use thiserror::Error;

/// The chain's custom messages (as a chain's bindings crate defines them).
#[cw_serde]
pub enum ChainMsg {
    /// Tells the chain's module that `amount` of cover was bought.
    RecordCover { amount: Uint128 },
}

impl CustomMsg for ChainMsg {}

/// The chain's custom queries.
#[cw_serde]
pub enum ChainQuery {
    /// Cover recorded so far, across every contract.
    RecordedCover {},
}

impl CustomQuery for ChainQuery {}

#[cw_serde]
pub struct InstantiateMsg {
    pub risk_pool: String,
    pub product_id: u32,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// Buys `amount` of cover for `duration` seconds, paying at most the
    /// attached premium (in the pool's collateral denom).
    Insure { amount: Uint128, duration: u64 },
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The chain module's total of recorded cover.
    #[returns(Uint128)]
    RecordedCover {},
}

#[cw_serde]
struct Config {
    pool: RiskPoolContract,
    product_id: u32,
}

const CONFIG: Item<Config> = Item::new("config");

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    /// The premium must come in the pool's collateral denom, alone.
    #[error("attach the premium in {denom} only")]
    PremiumDenom { denom: String },

    #[error("the pool's message is a custom message")]
    CustomPoolMessage {},
}

pub fn instantiate(
    deps: DepsMut<'_, ChainQuery>,
    _env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> StdResult<Response<ChainMsg>> {
    let pool = RiskPoolContract(deps.api.addr_validate(&msg.risk_pool)?);
    CONFIG.save(
        deps.storage,
        &Config {
            pool,
            product_id: msg.product_id,
        },
    )?;
    Ok(Response::new())
}

pub fn execute(
    deps: DepsMut<'_, ChainQuery>,
    _env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response<ChainMsg>, ContractError> {
    let ExecuteMsg::Insure { amount, duration } = msg;
    let config = CONFIG.load(deps.storage)?;
    // The protocol's helpers take an `Empty` querier: the pool answers no custom query.
    let pool_config = config.pool.config(&deps.querier.into_empty())?;
    let premium = attached_premium(&info, &pool_config.collateral_denom)?;
    let buy = config.pool.call(
        &PoolMsg::BuyCover {
            product_id: config.product_id,
            amount,
            duration,
            max_premium: premium,
        },
        info.funds,
    )?;
    // The protocol's messages are `CosmosMsg<Empty>`; this chain's are `CosmosMsg<ChainMsg>`.
    let buy: CosmosMsg<ChainMsg> = buy
        .change_custom()
        .ok_or(ContractError::CustomPoolMessage {})?;
    Ok(Response::new()
        .add_message(buy)
        .add_message(CosmosMsg::Custom(ChainMsg::RecordCover { amount }))
        .add_attribute("action", "insure")
        .add_attribute("premium", premium))
}

/// The premium attached in the pool's denom, and nothing else.
fn attached_premium(info: &MessageInfo, denom: &str) -> Result<Uint128, ContractError> {
    match info.funds.as_slice() {
        [coin] if coin.denom == denom => Ok(coin.amount),
        _ => Err(ContractError::PremiumDenom {
            denom: denom.to_string(),
        }),
    }
}

pub fn query(deps: Deps<'_, ChainQuery>, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::RecordedCover {} => {
            let total: Uint128 = deps.querier.query(&cosmwasm_std::QueryRequest::Custom(
                ChainQuery::RecordedCover {},
            ))?;
            to_json_binary(&total)
        }
    }
}
