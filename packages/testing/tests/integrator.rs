//! How an integrator tests their own contract against the protocol: deploy
//! everything with defaults in one call, then drive it next to their code.
//!
//! The integrator here is a DAO treasury contract that insures itself: it
//! buys cover from the pool with its own funds, so the cover NFT is its own.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coins, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdResult, Uint128,
};
use cw_multi_test::{ContractWrapper, Executor};
use cw_storage_plus::Item;
use insurance_common::risk_pool::{ExecuteMsg as PoolMsg, RiskPoolContract, DAY};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::{SuiteBuilder, DENOM};

// ---- the integrator's own contract ----

#[cw_serde]
struct InstantiateMsg {
    risk_pool: String,
}

#[cw_serde]
enum ExecuteMsg {
    /// Buy cover for the treasury itself with the attached premium.
    Insure { amount: Uint128, days: u64 },
}

const POOL: Item<RiskPoolContract> = Item::new("pool");

fn instantiate(deps: DepsMut, _: Env, _: MessageInfo, msg: InstantiateMsg) -> StdResult<Response> {
    let pool = deps.api.addr_validate(&msg.risk_pool)?;
    POOL.save(deps.storage, &RiskPoolContract(pool))?;
    Ok(Response::new())
}

fn execute(deps: DepsMut, _: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    let ExecuteMsg::Insure { amount, days } = msg;
    let pool = POOL.load(deps.storage)?;
    let premium = info.funds.iter().map(|c| c.amount).sum::<Uint128>();
    let buy = pool.call(
        &PoolMsg::BuyCover {
            product_id: DISCRETIONARY_PRODUCT,
            amount,
            duration: days * DAY,
            max_premium: premium,
        },
        info.funds,
    )?;
    Ok(Response::new().add_message(buy))
}

fn query(_: Deps, _: Env, _: Empty) -> StdResult<Binary> {
    Ok(Binary::default())
}

// ---- the integrator's test ----

#[test]
fn a_dao_treasury_insures_itself() {
    // The whole protocol with defaults, capital in the pool and a funded DAO.
    let mut suite = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("dao", 10_000)
        .build();
    suite.deploy_tranche_vault();
    let (staker, dao) = (suite.addr("staker"), suite.addr("dao"));
    suite.deposit(&staker, 1_000_000).unwrap();

    // The integrator's contract, deployed next to the protocol.
    let code = suite
        .app
        .store_code(Box::new(ContractWrapper::new(execute, instantiate, query)));
    let treasury: Addr = suite
        .app
        .instantiate_contract(
            code,
            dao.clone(),
            &InstantiateMsg {
                risk_pool: suite.pool.to_string(),
            },
            &[],
            "dao-treasury",
            None,
        )
        .unwrap();

    let quote = suite
        .quote(DISCRETIONARY_PRODUCT, 100_000, 180 * DAY)
        .unwrap();
    let premium = quote.premium.u128();
    suite
        .app
        .execute_contract(
            dao.clone(),
            treasury.clone(),
            &ExecuteMsg::Insure {
                amount: Uint128::new(100_000),
                days: 180,
            },
            &coins(premium, DENOM),
        )
        .unwrap();

    // The policy NFT belongs to the treasury contract and covers 100 000.
    let cover_id = suite.pool_state().covers_sold;
    assert_eq!(suite.nft_owner(cover_id), treasury);
    assert_eq!(
        suite.policy(cover_id).policy.cover_amount,
        Uint128::new(100_000)
    );
    assert_eq!(suite.balance(&dao), 10_000 - premium);
    assert_eq!(suite.pool_state().active_cover, Uint128::new(100_000));
}
