//! Attacks on the workspace's price oracle as the court's parametric trigger
//! reads it: prices from someone who is not an authorised feeder, and prices
//! too old to act on.

use cosmwasm_std::{Addr, Decimal, Uint128};
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::claims_court::SaleBlock;
use insurance_common::price_oracle::{GovernanceMsg, PriceResponse, QueryMsg};
use insurance_common::risk_pool::DAY;
use insurance_testing::suite::PARAMETRIC_PRODUCT;
use insurance_testing::{Suite, SuiteBuilder};

use crate::parametric::{buy, COVER};

const STAKE: u128 = 1_000_000;

fn court_err(res: anyhow::Result<impl std::fmt::Debug>) -> claims_court::ContractError {
    res.unwrap_err().downcast().expect("a claims court error")
}

fn oracle_err(res: anyhow::Result<impl std::fmt::Debug>) -> price_oracle::ContractError {
    res.unwrap_err().downcast().expect("a price oracle error")
}

/// 1,000,000 staked; the depeg product pays 50 % of a cover when the
/// oracle's USDC is under 0.95; the oracle has one authorised feeder.
struct World {
    s: Suite,
    staker: Addr,
    feeder: Addr,
    attacker: Addr,
    oracle: Addr,
}

fn world() -> World {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", STAKE)
        .with_funds("attacker", 100_000)
        .build();
    let staker = s.addr("staker");
    let attacker = s.addr("attacker");
    let feeder = s.addr("feeder");
    s.deposit(&staker, STAKE).unwrap();
    s.update_court_params(|p| {
        p.incident_bond = Uint128::new(5_000);
        p.reporter_reward = Uint128::zero();
    });
    let oracle = s.deploy_price_oracle(&[&feeder]);
    let now = s.now();
    s.push_price(&oracle, &feeder, "USDC", Decimal::one(), now)
        .unwrap();
    s.set_price_trigger(
        PARAMETRIC_PRODUCT,
        &oracle,
        "USDC",
        Decimal::percent(95),
        Decimal::percent(50),
    )
    .unwrap();
    World {
        s,
        staker,
        feeder,
        attacker,
        oracle,
    }
}

fn price(s: &Suite, oracle: &Addr) -> PriceResponse {
    s.app
        .wrap()
        .query_wasm_smart(
            oracle,
            &QueryMsg::Price {
                asset: "USDC".to_string(),
            },
        )
        .unwrap()
}

/// The attacker holds depeg cover and pushes a crashed USDC price itself, as
/// a stranger and then as a feeder governance has removed. Both pushes are
/// refused, the trigger sees the honest price, no incident exists, and the
/// attacker is out its premium while the stakers keep their capital.
#[test]
fn an_unauthorised_feeder_cannot_fire_the_trigger() {
    let mut w = world();
    let s = &mut w.s;
    let (attacker, oracle, feeder) = (w.attacker.clone(), w.oracle.clone(), w.feeder.clone());
    let attacker_start = s.balance(&attacker);
    let (cover_id, premium) = buy(s, &attacker);
    s.advance_time(4 * DAY);
    let now = s.now();
    let honest = price(s, &oracle);

    assert_eq!(
        oracle_err(s.push_price(&oracle, &attacker, "USDC", Decimal::percent(50), now)),
        price_oracle::ContractError::Unauthorized(Unauthorized {
            sender: attacker.clone(),
            role: Authority::PriceFeeder,
        })
    );
    // governance once trusted the attacker as a feeder, then removed it
    s.sudo_oracle(
        &oracle,
        GovernanceMsg::AddFeeder {
            address: attacker.to_string(),
        },
    )
    .unwrap();
    s.sudo_oracle(
        &oracle,
        GovernanceMsg::RemoveFeeder {
            address: attacker.to_string(),
        },
    )
    .unwrap();
    assert_eq!(
        oracle_err(s.push_price(&oracle, &attacker, "USDC", Decimal::percent(50), now)),
        price_oracle::ContractError::Unauthorized(Unauthorized {
            sender: attacker.clone(),
            role: Authority::PriceFeeder,
        })
    );
    assert_eq!(price(s, &oracle), honest);

    // the honest feeder's fresh price: no breach, no incident
    s.push_price(&oracle, &feeder, "USDC", Decimal::one(), now)
        .unwrap();
    assert_eq!(
        court_err(s.check_trigger(&attacker, PARAMETRIC_PRODUCT)),
        claims_court::ContractError::TriggerNotMet {
            price: Decimal::one(),
            threshold: Decimal::percent(95),
        }
    );
    assert!(s.incidents(PARAMETRIC_PRODUCT, None).incidents.is_empty());
    assert_eq!(s.cover(cover_id).remaining.u128(), COVER);
    assert_eq!(s.balance(&attacker), attacker_start - premium);
    assert!(s.pool_state().total_assets.u128() >= STAKE);
    assert_eq!(s.staker(&w.staker).shares, s.pool_state().total_shares);
}

/// A real dip is observed, but nobody checks the trigger while the price is
/// fresh and the feeder goes quiet. Hours later the attacker, whose cover's
/// waiting period has ended since, fires the trigger on that stale price (to
/// date an incident at the dip) and has the feeder's late observation pushed
/// instead: the court refuses the stale price, the oracle refuses the
/// backdated push, nothing is recorded and the stakers pay nothing.
#[test]
fn a_stale_or_backdated_depeg_price_pays_nothing() {
    let mut w = world();
    let s = &mut w.s;
    let (attacker, oracle, feeder) = (w.attacker.clone(), w.oracle.clone(), w.feeder.clone());
    let attacker_start = s.balance(&attacker);
    let (cover_id, premium) = buy(s, &attacker);
    let capital = s.pool_state().total_assets;

    s.advance_time(3 * DAY - 60);
    let dip = s.now();
    s.push_price(&oracle, &feeder, "USDC", Decimal::percent(90), dip)
        .unwrap();
    // new cover is not sold on a breached price, whatever its age
    assert!(matches!(
        s.sale_status(PARAMETRIC_PRODUCT).blocked,
        Some(SaleBlock::OracleBreach { .. })
    ));
    s.advance_time(2 * 60 * 60);
    assert_eq!(
        court_err(s.check_trigger(&attacker, PARAMETRIC_PRODUCT)),
        claims_court::ContractError::StalePrice { updated_at: dip }
    );
    // the feeder's observation from an hour ago arrives late: refused
    let late = s.now().minus_seconds(60 * 60);
    assert_eq!(
        oracle_err(s.push_price(&oracle, &feeder, "USDC", Decimal::percent(90), late)),
        price_oracle::ContractError::LateObservation {
            asset: "USDC".to_string(),
            observed_at: late,
            max_delay: 600,
        }
    );
    assert!(s.incidents(PARAMETRIC_PRODUCT, None).incidents.is_empty());
    assert_eq!(s.cover(cover_id).remaining.u128(), COVER);
    assert_eq!(s.balance(&attacker), attacker_start - premium);
    assert!(s.pool_state().total_assets >= capital);
}
