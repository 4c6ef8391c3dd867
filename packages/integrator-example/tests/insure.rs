//! The integrator's tests: the insurance protocol deployed by the testing
//! kit on the integrator's own chain, next to the integrator's contract.

use anyhow::{bail, Result as AnyResult};
use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, Api, Binary, BlockInfo, CustomMsg, CustomQuery,
    Decimal, Empty, Querier, Storage, Uint128,
};
use cw_multi_test::{
    App, AppBuilder, AppResponse, BankKeeper, ContractWrapper, CosmosRouter, DistributionKeeper,
    Executor, GovFailingModule, IbcFailingModule, Module, StakeKeeper, StargateAccepting,
    WasmKeeper,
};
use insurance_common::claims_court::{ParametricTerms, TriggerCondition, TriggerInfo};
use insurance_common::risk_pool::DAY;
use insurance_testing::reinsurance::ReinsuranceBuilder;
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::SuiteBuilder;
use integrator_example::{
    ChainMsg, ChainQuery, ContractError, ExecuteMsg, InstantiateMsg, QueryMsg,
};
use serde::de::DeserializeOwned;

/// The chain's collateral: not the kit's default denom.
const ATOM: &str = "uatom";

// ---- the integrator's chain: a custom module, stargate accepted, its own address prefix ----

/// Keeps the running total of `ChainMsg::RecordCover` and answers `ChainQuery`.
struct CoverRegistry;

const TOTAL_KEY: &[u8] = b"cover-registry/total";

fn total(storage: &dyn Storage) -> Uint128 {
    storage
        .get(TOTAL_KEY)
        .map(|v| from_json(v).expect("total"))
        .unwrap_or_default()
}

impl Module for CoverRegistry {
    type ExecT = ChainMsg;
    type QueryT = ChainQuery;
    type SudoT = Empty;

    fn execute<ExecC, QueryC>(
        &self,
        _api: &dyn Api,
        storage: &mut dyn Storage,
        _router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        _block: &BlockInfo,
        _sender: Addr,
        msg: ChainMsg,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: CustomQuery + DeserializeOwned + 'static,
    {
        let ChainMsg::RecordCover { amount } = msg;
        let new_total = total(storage) + amount;
        storage.set(TOTAL_KEY, &to_json_binary(&new_total)?);
        Ok(AppResponse::default())
    }

    fn query(
        &self,
        _api: &dyn Api,
        storage: &dyn Storage,
        _querier: &dyn Querier,
        _block: &BlockInfo,
        request: ChainQuery,
    ) -> AnyResult<Binary> {
        let ChainQuery::RecordedCover {} = request;
        Ok(to_json_binary(&total(storage))?)
    }

    fn sudo<ExecC, QueryC>(
        &self,
        _api: &dyn Api,
        _storage: &mut dyn Storage,
        _router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        _block: &BlockInfo,
        _msg: Empty,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: CustomQuery + DeserializeOwned + 'static,
    {
        bail!("the cover registry has no sudo")
    }
}

type ChainApp = App<
    BankKeeper,
    MockApi,
    cosmwasm_std::testing::MockStorage,
    CoverRegistry,
    WasmKeeper<ChainMsg, ChainQuery>,
    StakeKeeper,
    DistributionKeeper,
    IbcFailingModule,
    GovFailingModule,
    StargateAccepting,
>;

fn chain() -> ChainApp {
    AppBuilder::new_custom()
        .with_custom(CoverRegistry)
        .with_stargate(StargateAccepting)
        .with_api(MockApi::default().with_prefix("lend"))
        .build(|_, _, _| {})
}

// ---- the tests ----

#[test]
fn the_treasury_insures_itself_on_its_own_chain_in_its_own_denom() {
    let mut suite = SuiteBuilder::new()
        .with_app(chain())
        .with_denom(ATOM)
        .with_funds("staker", 1_000_000)
        .with_funds("dao", 10_000)
        .build();
    let (staker, dao) = (suite.addr("staker"), suite.addr("dao"));
    assert!(staker.as_str().starts_with("lend1"));
    suite.deposit(&staker, 1_000_000).unwrap();
    assert_eq!(suite.pool_config().collateral_denom, ATOM);

    let code = suite.app.store_code(Box::new(ContractWrapper::new(
        integrator_example::execute,
        integrator_example::instantiate,
        integrator_example::query,
    )));
    let treasury = suite
        .app
        .instantiate_contract(
            code,
            dao.clone(),
            &InstantiateMsg {
                risk_pool: suite.pool.to_string(),
                product_id: DISCRETIONARY_PRODUCT,
            },
            &[],
            "treasury",
            None,
        )
        .unwrap();

    let premium = suite
        .quote(DISCRETIONARY_PRODUCT, 100_000, 180 * DAY)
        .unwrap()
        .premium
        .u128();
    suite
        .app
        .execute_contract(
            dao.clone(),
            treasury.clone(),
            &ExecuteMsg::Insure {
                amount: Uint128::new(100_000),
                duration: 180 * DAY,
            },
            &coins(premium, ATOM),
        )
        .unwrap();

    // The policy NFT is the treasury's, paid in the chain's denom.
    let cover_id = suite.pool_state().covers_sold;
    assert_eq!(suite.nft_owner(cover_id), treasury);
    assert_eq!(
        suite.policy(cover_id).policy.cover_amount,
        Uint128::new(100_000)
    );
    assert_eq!(suite.balance(&dao), 10_000 - premium);
    // The chain's module saw the cover, and the treasury reads it back.
    let recorded: Uint128 = suite
        .app
        .wrap()
        .query_wasm_smart(&treasury, &QueryMsg::RecordedCover {})
        .unwrap();
    assert_eq!(recorded, Uint128::new(100_000));

    // A premium in another denom is refused by the treasury, and nothing moves.
    suite.fund_coins(&dao, coins(premium, "uother"));
    let err = suite
        .app
        .execute_contract(
            dao.clone(),
            treasury,
            &ExecuteMsg::Insure {
                amount: Uint128::new(100_000),
                duration: 180 * DAY,
            },
            &coins(premium, "uother"),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::PremiumDenom {
            denom: ATOM.to_string()
        }
    );
    assert_eq!(suite.balance_of(&dao, "uother"), premium);
    assert_eq!(suite.pool_state().covers_sold, cover_id);
}

#[test]
fn a_parametric_cover_pays_on_the_kits_mock_oracle() {
    let mut suite = SuiteBuilder::new()
        .with_app(chain())
        .with_denom(ATOM)
        .with_funds("staker", 1_000_000)
        .with_funds("holder", 10_000)
        .build();
    let (staker, holder) = (suite.addr("staker"), suite.addr("holder"));
    suite.deposit(&staker, 1_000_000).unwrap();
    let oracle = suite.deploy_mock_oracle(&[("USDX", Decimal::one())]);
    // Governance: half the cover on a depeg below 0.95, no waiting period.
    suite
        .set_terms(
            PARAMETRIC_PRODUCT,
            Some(ParametricTerms {
                payout_ratio: Decimal::percent(50),
                waiting_period: 0,
                trigger: Some(TriggerInfo {
                    oracle: oracle.to_string(),
                    condition: TriggerCondition::PriceBelow {
                        asset: "USDX".to_string(),
                        threshold: Decimal::percent(95),
                    },
                }),
            }),
        )
        .unwrap();
    let cover_id = suite
        .buy_cover(&holder, PARAMETRIC_PRODUCT, 10_000, 90 * DAY)
        .unwrap();
    let paid_premium = 10_000 - suite.balance(&holder);

    // The stablecoin depegs; anyone checks the trigger, the holder claims.
    suite.advance_time(60);
    suite.set_price(&oracle, "USDX", Decimal::percent(90), None);
    let keeper = suite.addr("keeper");
    let incident_id = suite.check_trigger(&keeper, PARAMETRIC_PRODUCT).unwrap();
    suite
        .claim_incident(&holder, incident_id, cover_id)
        .unwrap();
    assert_eq!(suite.balance(&holder), 10_000 - paid_premium + 5_000);
}

#[test]
fn a_cover_in_another_denom_is_ceded_over_the_kits_ibc_relay() {
    // The reinsurance world runs on default Apps; the cedent's denom is still the integrator's.
    let cedent = SuiteBuilder::new()
        .with_denom(ATOM)
        .with_funds("staker", 1_000_000)
        .with_funds("buyer", 10_000);
    let mut world = ReinsuranceBuilder::new(cedent).build();
    let (staker, buyer) = (world.cedent.addr("staker"), world.cedent.addr("buyer"));
    world.cedent.deposit(&staker, 1_000_000).unwrap();
    world
        .cedent
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 365 * DAY)
        .unwrap();
    // the cession and its ack, the ceded premium's ICS-20 transfer and its callbacks
    let relayed = world.relay_all();
    assert!(!relayed.is_empty());
    assert!(
        relayed.iter().all(|r| r.receive_error.is_none()),
        "{relayed:?}"
    );
    // The reinsurer holds the ceded premium as the voucher of the integrator's denom.
    assert!(world.voucher.starts_with("ibc/"));
    assert!(
        world
            .reinsurer
            .wrap()
            .query_balance(&world.bridge_b, &world.voucher)
            .unwrap()
            .amount
            > Uint128::zero()
    );
}
