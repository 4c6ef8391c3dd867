//! The oracle alone in cw-multi-test (its use by the claims court is in
//! packages/testing: tests/attacks/oracle.rs).

use cosmwasm_std::{from_json, Addr, Decimal, Empty, Timestamp};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::migrate::MigrateError;
use insurance_common::price_oracle::{
    price_key, ConfigResponse, ExecuteMsg, FeedersResponse, GovernanceMsg, InstantiateMsg,
    MigrateMsg, OracleParams, PriceResponse, PriceUpdate, PricesResponse, QueryMsg,
    MAX_PRICES_PER_PUSH,
};

use crate::contract::{execute, instantiate, migrate, query, sudo};
use crate::error::ContractError;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

fn contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_sudo(sudo)
            .with_migrate(migrate),
    )
}

struct T {
    app: App,
    oracle: Addr,
    governance: Addr,
    feeder: Addr,
    other: Addr,
}

fn setup() -> T {
    let mut app = App::default();
    let governance = app.api().addr_make("governance");
    let feeder = app.api().addr_make("feeder");
    let other = app.api().addr_make("other");
    let code = app.store_code(contract());
    let oracle = app
        .instantiate_contract(
            code,
            governance.clone(),
            &InstantiateMsg {
                governance: governance.to_string(),
                feeders: vec![feeder.to_string()],
                params: OracleParams::default(),
            },
            &[],
            "oracle",
            Some(governance.to_string()),
        )
        .unwrap();
    T {
        app,
        oracle,
        governance,
        feeder,
        other,
    }
}

fn err(res: anyhow::Result<AppResponse>) -> ContractError {
    res.unwrap_err().downcast().unwrap()
}

impl T {
    fn now(&self) -> Timestamp {
        self.app.block_info().time
    }
    fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += seconds / 5 + 1;
        });
    }
    fn push(
        &mut self,
        sender: &Addr,
        updates: &[(&str, Decimal, Timestamp)],
    ) -> anyhow::Result<AppResponse> {
        let prices = updates
            .iter()
            .map(|(asset, price, at)| PriceUpdate {
                asset: asset.to_string(),
                price: *price,
                observed_at: *at,
            })
            .collect();
        self.app.execute_contract(
            sender.clone(),
            self.oracle.clone(),
            &ExecuteMsg::PushPrices { prices },
            &[],
        )
    }
    fn price(&self, asset: &str) -> PriceResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                &self.oracle,
                &QueryMsg::Price {
                    asset: asset.to_string(),
                },
            )
            .unwrap()
    }
    fn sudo(&mut self, msg: GovernanceMsg) -> anyhow::Result<AppResponse> {
        self.app.wasm_sudo(self.oracle.clone(), &msg)
    }
}

#[test]
fn a_feeder_pushes_and_the_court_query_and_the_raw_key_read_it() {
    let mut t = setup();
    let now = t.now();
    let feeder = t.feeder.clone();
    t.push(
        &feeder,
        &[
            ("USDC", Decimal::percent(99), now),
            ("ATOM", Decimal::percent(812), now),
        ],
    )
    .unwrap();
    let expected = PriceResponse {
        price: Decimal::percent(99),
        updated_at: now,
    };
    assert_eq!(t.price("USDC"), expected);
    // the court's own query message reads the same answer
    let court_view: PriceResponse = t
        .app
        .wrap()
        .query_wasm_smart(
            &t.oracle,
            &insurance_common::claims_court::OracleQueryMsg::Price {
                asset: "USDC".to_string(),
            },
        )
        .unwrap();
    assert_eq!(court_view, expected);
    // raw read at the documented key
    let raw = t
        .app
        .wrap()
        .query_wasm_raw(&t.oracle, price_key("USDC"))
        .unwrap()
        .unwrap();
    assert_eq!(from_json::<PriceResponse>(raw).unwrap(), expected);
    assert!(t
        .app
        .wrap()
        .query_wasm_raw(&t.oracle, price_key("BTC"))
        .unwrap()
        .is_none());
    let list: PricesResponse = t
        .app
        .wrap()
        .query_wasm_smart(
            &t.oracle,
            &QueryMsg::Prices {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(
        list.prices
            .iter()
            .map(|p| p.asset.as_str())
            .collect::<Vec<_>>(),
        ["ATOM", "USDC"]
    );
    // a later observation replaces it
    t.advance(30);
    let later = t.now();
    t.push(&feeder, &[("USDC", Decimal::percent(90), later)])
        .unwrap();
    assert_eq!(t.price("USDC").price, Decimal::percent(90));
    // an unknown asset is a typed error
    let e = t
        .app
        .wrap()
        .query_wasm_smart::<PriceResponse>(
            &t.oracle,
            &QueryMsg::Price {
                asset: "BTC".into(),
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains(
        &ContractError::PriceNotFound {
            asset: "BTC".into()
        }
        .to_string()
    ));
}

#[test]
fn only_feeders_push_and_governance_alone_names_them() {
    let mut t = setup();
    let now = t.now();
    let other = t.other.clone();
    assert_eq!(
        err(t.push(&other, &[("USDC", Decimal::percent(50), now)])),
        ContractError::Unauthorized(Unauthorized {
            sender: other.clone(),
            role: Authority::PriceFeeder,
        })
    );
    assert!(t
        .app
        .wrap()
        .query_wasm_raw(&t.oracle, price_key("USDC"))
        .unwrap()
        .is_none());
    // a feeder cannot add another feeder; governance can, by execute or sudo
    let feeder = t.feeder.clone();
    let add = ExecuteMsg::Governance(GovernanceMsg::AddFeeder {
        address: other.to_string(),
    });
    assert_eq!(
        err(t
            .app
            .execute_contract(feeder.clone(), t.oracle.clone(), &add, &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: feeder.clone(),
            role: Authority::Governance,
        })
    );
    t.sudo(GovernanceMsg::AddFeeder {
        address: other.to_string(),
    })
    .unwrap();
    assert_eq!(
        err(t.sudo(GovernanceMsg::AddFeeder {
            address: other.to_string()
        })),
        ContractError::FeederExists {
            address: other.clone()
        }
    );
    t.push(&other, &[("USDC", Decimal::percent(50), now)])
        .unwrap();
    let feeders: FeedersResponse = t
        .app
        .wrap()
        .query_wasm_smart(
            &t.oracle,
            &QueryMsg::Feeders {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(feeders.feeders.len(), 2);
    // removed: refused from then on
    let gov = t.governance.clone();
    let remove = ExecuteMsg::Governance(GovernanceMsg::RemoveFeeder {
        address: other.to_string(),
    });
    t.app
        .execute_contract(gov, t.oracle.clone(), &remove, &[])
        .unwrap();
    t.advance(5);
    let later = t.now();
    assert_eq!(
        err(t.push(&other, &[("USDC", Decimal::percent(40), later)])),
        ContractError::Unauthorized(Unauthorized {
            sender: other.clone(),
            role: Authority::PriceFeeder,
        })
    );
    assert_eq!(t.price("USDC").price, Decimal::percent(50));
    assert_eq!(
        err(t.sudo(GovernanceMsg::RemoveFeeder {
            address: other.to_string()
        })),
        ContractError::FeederNotFound { address: other }
    );
}

#[test]
fn observations_must_be_fresh_ordered_and_sane() {
    let mut t = setup();
    t.advance(10_000);
    let now = t.now();
    let feeder = t.feeder.clone();
    let p = Decimal::one();
    t.push(&feeder, &[("USDC", p, now.minus_seconds(100))])
        .unwrap();
    let stored = t.price("USDC");
    let long = "X".repeat(65);
    let cases = [
        (
            vec![("USDC", p, now.plus_seconds(1))],
            ContractError::FutureObservation {
                asset: "USDC".into(),
                observed_at: now.plus_seconds(1),
                now,
            },
        ),
        (
            vec![("ATOM", p, now.minus_seconds(601))],
            ContractError::LateObservation {
                asset: "ATOM".into(),
                observed_at: now.minus_seconds(601),
                max_delay: 600,
            },
        ),
        (
            vec![("USDC", Decimal::percent(10), now.minus_seconds(100))],
            ContractError::StaleObservation {
                asset: "USDC".into(),
                observed_at: now.minus_seconds(100),
                latest: now.minus_seconds(100),
            },
        ),
        (
            vec![("USDC", Decimal::percent(10), now.minus_seconds(200))],
            ContractError::StaleObservation {
                asset: "USDC".into(),
                observed_at: now.minus_seconds(200),
                latest: now.minus_seconds(100),
            },
        ),
        (
            vec![("USDC", Decimal::zero(), now)],
            ContractError::ZeroPrice {
                asset: "USDC".into(),
            },
        ),
        (vec![("", p, now)], ContractError::InvalidAsset { max: 64 }),
        (
            vec![(long.as_str(), p, now)],
            ContractError::InvalidAsset { max: 64 },
        ),
        (
            vec![],
            ContractError::InvalidPushSize {
                count: 0,
                max: MAX_PRICES_PER_PUSH,
            },
        ),
        (
            vec![("USDC", p, now); MAX_PRICES_PER_PUSH + 1],
            ContractError::InvalidPushSize {
                count: MAX_PRICES_PER_PUSH + 1,
                max: MAX_PRICES_PER_PUSH,
            },
        ),
        // a good first update does not save a push whose second one is bad
        (
            vec![("ATOM", p, now), ("USDC", p, now.plus_seconds(5))],
            ContractError::FutureObservation {
                asset: "USDC".into(),
                observed_at: now.plus_seconds(5),
                now,
            },
        ),
    ];
    for (updates, expected) in cases {
        assert_eq!(err(t.push(&feeder, &updates)), expected);
    }
    assert_eq!(t.price("USDC"), stored);
    assert!(t
        .app
        .wrap()
        .query_wasm_raw(&t.oracle, price_key("ATOM"))
        .unwrap()
        .is_none());
}

#[test]
fn governance_sets_the_delay_within_bounds() {
    let mut t = setup();
    for bad in [0, 3601] {
        assert_eq!(
            err(t.sudo(GovernanceMsg::UpdateParams {
                params: OracleParams { max_delay: bad }
            })),
            ContractError::InvalidMaxDelay {
                max_delay: bad,
                max: 3600
            }
        );
    }
    t.sudo(GovernanceMsg::UpdateParams {
        params: OracleParams { max_delay: 60 },
    })
    .unwrap();
    let config: ConfigResponse = t
        .app
        .wrap()
        .query_wasm_smart(&t.oracle, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(
        config,
        ConfigResponse {
            governance: t.governance.clone(),
            params: OracleParams { max_delay: 60 }
        }
    );
    t.advance(1000);
    let now = t.now();
    let feeder = t.feeder.clone();
    assert_eq!(
        err(t.push(&feeder, &[("USDC", Decimal::one(), now.minus_seconds(61))])),
        ContractError::LateObservation {
            asset: "USDC".into(),
            observed_at: now.minus_seconds(61),
            max_delay: 60
        }
    );
    // instantiation validates too
    let code = t.app.store_code(contract());
    let gov = t.governance.clone();
    let e = t
        .app
        .instantiate_contract(
            code,
            gov.clone(),
            &InstantiateMsg {
                governance: gov.to_string(),
                feeders: vec![],
                params: OracleParams { max_delay: 0 },
            },
            &[],
            "bad",
            None,
        )
        .unwrap_err();
    assert_eq!(
        e.downcast::<ContractError>().unwrap(),
        ContractError::InvalidMaxDelay {
            max_delay: 0,
            max: 3600
        }
    );
}

#[test]
fn migrates_forward_only_and_keeps_prices() {
    let mut t = setup();
    let now = t.now();
    let feeder = t.feeder.clone();
    t.push(&feeder, &[("USDC", Decimal::one(), now)]).unwrap();
    let code = t.app.store_code(contract());
    let gov = t.governance.clone();
    t.app
        .migrate_contract(gov.clone(), t.oracle.clone(), &MigrateMsg {}, code)
        .unwrap();
    assert_eq!(t.price("USDC").price, Decimal::one());
    let v = cw2::query_contract_info(&t.app.wrap(), &t.oracle).unwrap();
    assert_eq!(
        (v.contract.as_str(), v.version.as_str()),
        (CONTRACT_NAME, CONTRACT_VERSION)
    );
    // a record claiming a newer version cannot be migrated down
    let mut deps = cosmwasm_std::testing::mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "9.0.0").unwrap();
    let e = migrate(
        deps.as_mut(),
        cosmwasm_std::testing::mock_env(),
        MigrateMsg {},
    )
    .unwrap_err();
    assert_eq!(
        e,
        ContractError::Migrate(MigrateError::Downgrade {
            contract: CONTRACT_NAME.into(),
            stored: "9.0.0".into(),
            new: CONTRACT_VERSION.into(),
        })
    );
}
