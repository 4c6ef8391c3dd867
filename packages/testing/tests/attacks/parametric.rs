//! Attacks on parametric cover: incidents, triggers, reports.

use claims_court::ContractError;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{coins, Addr, Decimal, Timestamp, Uint128};
use cw_multi_test::Executor;
use insurance_common::claims_court::SaleBlock;
use insurance_common::risk_pool::DAY;
use insurance_testing::assert::{assert_query_refused, court_err, pool_err};
use insurance_testing::suite::PARAMETRIC_PRODUCT;
use insurance_testing::{Suite, SuiteBuilder, DENOM};

pub(crate) const COVER: u128 = 100_000;
const BOND: u128 = 5_000;

/// 1_000_000 staked; the product pays 50 % of a cover per incident, with the
/// default 3-day waiting period and a trigger at 0.95 on the oracle's USDC.
struct World {
    s: Suite,
    staker: Addr,
    holder: Addr,
    attacker: Addr,
    oracle: Addr,
}

fn world() -> World {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("holder", 10_000)
        .with_funds("attacker", 100_000)
        .build();
    let staker = s.addr("staker");
    let holder = s.addr("holder");
    let attacker = s.addr("attacker");
    s.deposit(&staker, 1_000_000).unwrap();
    s.update_court_params(|p| {
        p.incident_bond = Uint128::new(BOND);
        p.reporter_reward = Uint128::zero();
    });
    let oracle = s.deploy_mock_oracle(&[("USDC", Decimal::one())]);
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
        holder,
        attacker,
        oracle,
    }
}

/// Buys `COVER` of parametric cover for 90 days; returns (cover id, premium).
pub(crate) fn buy(s: &mut Suite, buyer: &Addr) -> (u64, u128) {
    let premium = s
        .quote(PARAMETRIC_PRODUCT, COVER, 90 * DAY)
        .unwrap()
        .premium
        .u128();
    let id = s
        .buy_cover(buyer, PARAMETRIC_PRODUCT, COVER, 90 * DAY)
        .unwrap();
    (id, premium)
}

/// The report message as it was when a reporter chose the ratio.
#[cw_serde]
enum ForgedMsg {
    ReportIncident {
        product_id: u32,
        time: Timestamp,
        payout_ratio: Decimal,
        evidence: String,
    },
}

fn paid_out(s: &Suite, cover_id: u64) -> u128 {
    let c = s.cover(cover_id);
    (c.amount - c.remaining).u128()
}

/// Item 1: the depeg lasts past the trigger's cooldown and the attacker
/// checks the trigger again (and reports the same depeg) to be paid a
/// second time. One lasting breach is one incident: both are refused, the
/// cover is paid its 50 % once, and a genuine new depeg after a recovery is
/// a new event.
#[test]
fn one_lasting_depeg_is_paid_once_not_at_every_check() {
    let mut w = world();
    let s = &mut w.s;
    let (attacker, oracle) = (w.attacker.clone(), w.oracle.clone());
    let (cover_id, premium) = buy(s, &attacker);
    s.advance_time(4 * DAY);
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let first = s.check_trigger(&attacker, PARAMETRIC_PRODUCT).unwrap();
    s.claim_incident(&attacker, first, cover_id).unwrap();

    // the price stays under the threshold past the cooldown
    for _ in 0..3 {
        s.advance_time(8 * DAY);
        s.set_price(&oracle, "USDC", Decimal::percent(90), None);
        assert_eq!(
            court_err(s.check_trigger(&attacker, PARAMETRIC_PRODUCT)),
            ContractError::IncidentOpen {
                product_id: PARAMETRIC_PRODUCT,
                incident_id: first
            }
        );
    }
    // reporting the same depeg is refused too; the bond stays with the attacker
    let now = s.now();
    assert_eq!(
        court_err(s.report_incident(&attacker, PARAMETRIC_PRODUCT, now, BOND)),
        ContractError::IncidentOpen {
            product_id: PARAMETRIC_PRODUCT,
            incident_id: first
        }
    );
    assert_eq!(s.court_state().incidents_recorded, 1);
    assert_eq!(paid_out(s, cover_id), COVER / 2);
    assert_eq!(s.balance(&attacker), 100_000 - premium + COVER / 2);
    // the stakers lost the one payout the terms promise, not two
    assert!(s.staker(&w.staker).value.u128() >= 1_000_000 - COVER / 2);

    // the feed recovers: the keeper's check re-arms the trigger, and a report
    // dated inside the event that ended is refused
    s.set_price(&oracle, "USDC", Decimal::one(), None);
    s.check_trigger_response(&attacker, PARAMETRIC_PRODUCT)
        .unwrap();
    let inside = now.minus_seconds(DAY);
    assert_eq!(
        court_err(s.report_incident(&attacker, PARAMETRIC_PRODUCT, inside, BOND)),
        ContractError::IncidentInPastEvent {
            time: inside,
            next_event_from: s.now()
        }
    );
    // a new depeg after the recovery is a new event: paid once more
    s.advance_time(DAY);
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let second = s.check_trigger(&attacker, PARAMETRIC_PRODUCT).unwrap();
    assert_ne!(second, first);
    s.claim_incident(&attacker, second, cover_id).unwrap();
    assert_eq!(paid_out(s, cover_id), COVER);
    assert_eq!(s.balance(&attacker), 100_000 - premium + COVER);
    s.assert_court_conserved();
}

/// Item 3: a bonded, undisputed report asked to pay 100 % on a product
/// whose terms pay 50 %. A report carries no ratio (a ratio sent anyway is
/// ignored); the incident pays the product's terms, and a ratio governance
/// changes later does not move an incident already recorded.
#[test]
fn a_reporter_cannot_set_the_payout_ratio() {
    let mut w = world();
    let s = &mut w.s;
    let (attacker, holder) = (w.attacker.clone(), w.holder.clone());
    let (cover_id, premium) = buy(s, &attacker);
    let (victim_cover, _) = {
        s.fund(&holder, 10_000);
        buy(s, &holder)
    };
    s.advance_time(4 * DAY);
    let time = s.now().minus_seconds(60);
    let court = s.claims_court.clone();
    // the attacker reports with the old message, naming a 100 % ratio: the
    // field means nothing any more
    let with_ratio = ForgedMsg::ReportIncident {
        product_id: PARAMETRIC_PRODUCT,
        time,
        payout_ratio: Decimal::one(),
        evidence: "https://status.example/depeg".to_string(),
    };
    s.app
        .execute_contract(attacker.clone(), court, &with_ratio, &coins(BOND, DENOM))
        .unwrap();
    let incident_id = s.court_state().incidents_recorded;
    assert_eq!(s.incident(incident_id).payout_ratio, Decimal::percent(50));
    // governance raising the ratio later does not move this incident
    s.set_report_terms(PARAMETRIC_PRODUCT, Decimal::percent(100))
        .unwrap();
    s.advance_time(2 * DAY);
    s.confirm_incident(&attacker, incident_id).unwrap();
    s.claim_incident(&attacker, incident_id, cover_id).unwrap();
    s.claim_incident(&holder, incident_id, victim_cover)
        .unwrap();
    assert_eq!(paid_out(s, cover_id), COVER / 2);
    assert_eq!(paid_out(s, victim_cover), COVER / 2);
    // bond back, no reward configured: the attacker gained the terms' 50 % only
    assert_eq!(s.balance(&attacker), 100_000 - premium + COVER / 2);
    assert!(s.staker(&w.staker).value.u128() >= 1_000_000 - COVER);
    s.assert_court_conserved();
}

/// A query answers errors as text: the quote's is the pool's typed refusal.
fn assert_quote_refused(s: &Suite, refusal: &::risk_pool::ContractError) {
    if let ::risk_pool::ContractError::SaleSuspended { reason, .. } = refusal {
        assert_eq!(
            s.sale_status(PARAMETRIC_PRODUCT).blocked.as_ref(),
            Some(reason)
        );
    }
    assert_query_refused(s.quote(PARAMETRIC_PRODUCT, COVER, 90 * DAY), refusal);
}

/// Item 2, before anyone checks the trigger: the oracle already shows the
/// depeg and the attacker buys cover to claim the incident a keeper is about
/// to record. The pool refuses the sale (and the quote); cover bought while
/// the feed still lags the depeg the attacker knows of is in its waiting
/// period and claims nothing, while the honest holder is paid.
#[test]
fn cover_cannot_be_bought_into_a_visible_depeg_before_the_trigger_fires() {
    let mut w = world();
    let s = &mut w.s;
    let (attacker, holder, oracle) = (w.attacker.clone(), w.holder.clone(), w.oracle.clone());
    s.fund(&holder, 10_000);
    let (honest, honest_premium) = buy(s, &holder);
    s.advance_time(4 * DAY);

    // the feed shows the depeg; nobody has called CheckTrigger
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let blocked = ::risk_pool::ContractError::SaleSuspended {
        product_id: PARAMETRIC_PRODUCT,
        reason: SaleBlock::OracleBreach {
            price: Decimal::percent(90),
            threshold: Decimal::percent(95),
        },
    };
    assert_eq!(
        pool_err(s.buy_cover(&attacker, PARAMETRIC_PRODUCT, COVER, 90 * DAY)),
        blocked
    );
    assert_quote_refused(s, &blocked);
    assert_eq!(s.balance(&attacker), 100_000);

    // the attacker knows of the depeg before the feed: the feed still says 1
    s.set_price(&oracle, "USDC", Decimal::one(), None);
    let (cover_id, premium) = buy(s, &attacker);
    s.advance_time(60);
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let incident = s.check_trigger(&holder, PARAMETRIC_PRODUCT).unwrap();
    let start = s.cover(cover_id).start;
    assert_eq!(
        court_err(s.claim_incident(&attacker, incident, cover_id)),
        ContractError::CoverInWaitingPeriod {
            cover_id,
            claimable_from: start.plus_seconds(3 * DAY)
        }
    );
    s.claim_incident(&holder, incident, honest).unwrap();
    assert_eq!(s.balance(&attacker), 100_000 - premium);
    assert_eq!(paid_out(s, cover_id), 0);
    assert_eq!(s.balance(&holder), 20_000 - honest_premium + COVER / 2);
    s.assert_court_conserved();
}

/// Item 2, after the incident fired while the depeg lasts, and while a
/// report is pending: no sale until the trigger re-arms on a healthy price
/// (or the report's claim window ends).
#[test]
fn cover_cannot_be_bought_while_an_incident_is_open() {
    let mut w = world();
    let s = &mut w.s;
    let (attacker, oracle) = (w.attacker.clone(), w.oracle.clone());
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let incident_id = s.check_trigger(&attacker, PARAMETRIC_PRODUCT).unwrap();
    // the feed even flickers back above the threshold: the incident is open
    s.advance_time(DAY);
    s.set_price(&oracle, "USDC", Decimal::one(), None);
    let open = ::risk_pool::ContractError::SaleSuspended {
        product_id: PARAMETRIC_PRODUCT,
        reason: SaleBlock::IncidentOpen { incident_id },
    };
    assert_eq!(
        pool_err(s.buy_cover(&attacker, PARAMETRIC_PRODUCT, COVER, 90 * DAY)),
        open
    );
    assert_quote_refused(s, &open);
    assert_eq!(s.balance(&attacker), 100_000);
    assert_eq!(s.pool_state().active_cover, Uint128::zero());

    // the breach is over: the trigger re-arms and sales resume
    s.advance_time(7 * DAY);
    s.set_price(&oracle, "USDC", Decimal::one(), None);
    s.check_trigger_response(&attacker, PARAMETRIC_PRODUCT)
        .unwrap();
    let (cover_id, premium) = buy(s, &attacker);
    assert_eq!(
        court_err(s.claim_incident(&attacker, incident_id, cover_id)),
        ContractError::CoverNotActiveAtIncident {
            cover_id,
            time: s.incident(incident_id).time
        }
    );

    // a pending report closes sales the same way
    s.advance_time(4 * DAY);
    let now = s.now();
    let reported = s
        .report_incident(&attacker, PARAMETRIC_PRODUCT, now, BOND)
        .unwrap();
    assert_eq!(
        pool_err(s.buy_cover(&attacker, PARAMETRIC_PRODUCT, COVER, 90 * DAY)),
        ::risk_pool::ContractError::SaleSuspended {
            product_id: PARAMETRIC_PRODUCT,
            reason: SaleBlock::IncidentOpen {
                incident_id: reported
            }
        }
    );
    assert_eq!(s.balance(&attacker), 100_000 - premium - BOND);
    s.assert_court_conserved();
}
