//! Property test: random sequences of cover purchases, claims, votes,
//! appeals, governance decisions, executions, incidents (oracle and reported,
//! disputed or not), incident claims, bonds and time passing never pay a cover
//! more than its amount, never pay a claim or an (incident, cover) twice, make
//! the pool pay only for accepted claims and confirmed incidents, and conserve
//! every token.

use std::collections::{BTreeMap, BTreeSet};

use cosmwasm_std::{Addr, Decimal, Uint128};
use cw_multi_test::{AppResponse, Executor};
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::cover_nft;
use insurance_common::risk_pool::{self, GovernanceMsg as PoolGovernanceMsg, DAY};
use insurance_testing::assert::pool_err;
use insurance_testing::court::ASSESSOR_DENOM;
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{Suite, SuiteBuilder};
use proptest::prelude::*;

use insurance_common::claims_court::GovernanceMsg;

const HOLDERS: usize = 3;
const ASSESSORS: usize = 4;
const FUNDS: u128 = 100_000_000;
const HOUR: u64 = 60 * 60;

#[derive(Debug, Clone)]
enum Op {
    Deposit {
        amount: u128,
    },
    Buy {
        holder: usize,
        parametric: bool,
        amount: u128,
        days: u64,
    },
    Transfer {
        cover: usize,
        to: usize,
    },
    File {
        cover: usize,
        percent: u8,
        deposit_pct: u8,
    },
    Vote {
        assessor: usize,
        claim: usize,
        approve: bool,
    },
    Execute {
        claim: usize,
    },
    Appeal {
        claim: usize,
    },
    Resolve {
        claim: usize,
        accept: bool,
    },
    /// Settles every assessor's vote on the claim.
    Settle {
        claim: usize,
    },
    Bond {
        assessor: usize,
        amount: u128,
    },
    Unbond {
        assessor: usize,
        percent: u8,
    },
    WithdrawBond {
        assessor: usize,
    },
    Trigger {
        low: bool,
    },
    Report {
        hours_back: u64,
    },
    Dispute {
        incident: usize,
    },
    Confirm {
        incident: usize,
    },
    ResolveIncident {
        incident: usize,
        valid: bool,
    },
    ClaimIncident {
        incident: usize,
        cover: usize,
    },
    FundRewards,
    CloseIncident {
        incident: usize,
    },
    RoguePayout {
        cover: usize,
    },
    Advance {
        hours: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (1u128..500_000).prop_map(|amount| Op::Deposit { amount }),
        4 => (0..HOLDERS, any::<bool>(), 1_000u128..300_000, 28u64..200)
            .prop_map(|(holder, parametric, amount, days)| Op::Buy { holder, parametric, amount, days }),
        1 => (0usize..16, 0..HOLDERS).prop_map(|(cover, to)| Op::Transfer { cover, to }),
        6 => (0usize..16, 1u8..=110, 4u8..=10)
            .prop_map(|(cover, percent, deposit_pct)| Op::File { cover, percent, deposit_pct }),
        8 => (0..ASSESSORS, 0usize..8, prop::bool::weighted(0.7))
            .prop_map(|(assessor, claim, approve)| Op::Vote { assessor, claim, approve }),
        4 => (0usize..8).prop_map(|claim| Op::Execute { claim }),
        1 => (0usize..8).prop_map(|claim| Op::Appeal { claim }),
        1 => (0usize..8, any::<bool>()).prop_map(|(claim, accept)| Op::Resolve { claim, accept }),
        2 => (0usize..8).prop_map(|claim| Op::Settle { claim }),
        1 => (0..ASSESSORS, 1u128..2_000).prop_map(|(assessor, amount)| Op::Bond { assessor, amount }),
        1 => (0..ASSESSORS, 1u8..=100).prop_map(|(assessor, percent)| Op::Unbond { assessor, percent }),
        1 => (0..ASSESSORS).prop_map(|assessor| Op::WithdrawBond { assessor }),
        2 => any::<bool>().prop_map(|low| Op::Trigger { low }),
        1 => (0u64..300).prop_map(|hours_back| Op::Report { hours_back }),
        1 => (0usize..4).prop_map(|incident| Op::Dispute { incident }),
        2 => (0usize..4).prop_map(|incident| Op::Confirm { incident }),
        1 => (0usize..4, any::<bool>()).prop_map(|(incident, valid)| Op::ResolveIncident { incident, valid }),
        5 => (0usize..4, 0usize..16).prop_map(|(incident, cover)| Op::ClaimIncident { incident, cover }),
        1 => Just(Op::FundRewards),
        1 => (0usize..4).prop_map(|incident| Op::CloseIncident { incident }),
        1 => (0usize..16).prop_map(|cover| Op::RoguePayout { cover }),
        5 => (1u64..(10 * 24)).prop_map(|hours| Op::Advance { hours }),
    ]
}

struct Model {
    stakers: Vec<Addr>,
    holders: Vec<Addr>,
    assessors: Vec<Addr>,
    reporter: Addr,
    disputer: Addr,
    outsider: Addr,
    oracle: Addr,
    covers: Vec<u64>,
    claims: Vec<u64>,
    incidents: Vec<u64>,
    /// cover id -> paid by the pool, from its payout events
    paid: BTreeMap<u64, u128>,
    incident_claims: BTreeSet<(u64, u64)>,
    finalized: BTreeSet<u64>,
    minted_collateral: u128,
    minted_assessor: u128,
}

fn pick<T: Copy>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()])
}

fn attr<'a>(attrs: &'a [cosmwasm_std::Attribute], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
}

fn num(attrs: &[cosmwasm_std::Attribute], key: &str) -> u128 {
    attr(attrs, key).unwrap().parse().unwrap()
}

/// Checks what one successful transaction did: every pool payout is matched by
/// an incident claim or an accepted claim's execution, nothing twice.
fn record(suite: &Suite, m: &mut Model, res: &AppResponse) {
    let mut pool_paid = 0u128;
    let mut court_paid = 0u128;
    for e in res.events.iter().filter(|e| e.ty == "wasm") {
        let from = attr(&e.attributes, "_contract_address").unwrap_or_default();
        match attr(&e.attributes, "action") {
            Some("payout") if from == suite.pool.as_str() => {
                let cover: u64 = num(&e.attributes, "cover_id") as u64;
                let amount = num(&e.attributes, "amount");
                *m.paid.entry(cover).or_default() += amount;
                pool_paid += amount;
            }
            Some("claim_incident") if from == suite.claims_court.as_str() => {
                let key = (
                    num(&e.attributes, "incident_id") as u64,
                    num(&e.attributes, "cover_id") as u64,
                );
                assert!(
                    m.incident_claims.insert(key),
                    "incident claimed twice: {key:?}"
                );
                court_paid += num(&e.attributes, "amount");
            }
            Some("finalize_claim") if from == suite.claims_court.as_str() => {
                let claim_id = num(&e.attributes, "claim_id") as u64;
                assert!(
                    m.finalized.insert(claim_id),
                    "claim {claim_id} closed twice"
                );
                let paid = num(&e.attributes, "paid");
                if attr(&e.attributes, "outcome") == Some("accepted") {
                    court_paid += paid;
                } else {
                    assert_eq!(paid, 0, "a denied claim paid");
                }
                let claim = suite.claim(claim_id);
                assert!(claim.paid <= claim.amount);
            }
            _ => {}
        }
    }
    assert_eq!(
        pool_paid, court_paid,
        "the pool paid something the court did not decide"
    );
}

fn check_invariants(suite: &Suite, m: &Model) {
    // the pool's books
    let s = suite.pool_state();
    assert_eq!(
        suite.balance(&suite.pool),
        (s.total_assets + s.reward_reserve + s.claims_fund).u128()
    );
    // the court's books
    suite.assert_court_conserved();
    // the reserve is what open claims and confirmed incidents may still take
    let open_claims: u128 = m
        .claims
        .iter()
        .map(|id| suite.claim(*id))
        .filter(|c| c.executed_at.is_none())
        .map(|c| c.amount.u128())
        .sum();
    let incidents: u128 = m
        .incidents
        .iter()
        .map(|id| suite.incident(*id).reserved.u128())
        .sum();
    assert_eq!(suite.reserved_claims(), open_claims + incidents);
    assert_eq!(
        suite.court_state().reserved_claims.u128(),
        open_claims + incidents
    );
    // no cover paid more than its amount; the NFT agrees with the pool
    for id in &m.covers {
        let c = suite.cover(*id);
        let paid = m.paid.get(id).copied().unwrap_or_default();
        assert!(
            paid <= c.amount.u128(),
            "cover {id} paid {paid} of {}",
            c.amount
        );
        assert_eq!(c.amount.u128() - c.remaining.u128(), paid);
        assert_eq!(suite.policy(*id).policy.remaining_amount, c.remaining);
    }
    // tokens are conserved: everything minted sits with a known account
    let mut everyone: Vec<Addr> = vec![
        suite.pool.clone(),
        suite.claims_court.clone(),
        suite.cover_nft.clone(),
        suite.treasury.clone(),
        m.reporter.clone(),
        m.disputer.clone(),
        m.outsider.clone(),
        m.oracle.clone(),
    ];
    everyone.extend(m.stakers.iter().cloned());
    everyone.extend(m.holders.iter().cloned());
    everyone.extend(m.assessors.iter().cloned());
    let collateral: u128 = everyone.iter().map(|a| suite.balance(a)).sum();
    let assessor: u128 = everyone
        .iter()
        .map(|a| suite.balance_of(a, ASSESSOR_DENOM))
        .sum();
    assert_eq!(
        collateral, m.minted_collateral,
        "collateral created or lost"
    );
    assert_eq!(
        assessor, m.minted_assessor,
        "assessor denom created or lost"
    );
}

fn run(ops: Vec<Op>) {
    let mut suite = SuiteBuilder::new().build();
    suite.update_court_params(|p| {
        p.incident_bond = Uint128::new(5_000);
        p.reporter_reward = Uint128::new(100);
    });
    let oracle = suite.deploy_mock_oracle(&[("USDC", Decimal::one())]);
    suite
        .set_price_trigger(
            PARAMETRIC_PRODUCT,
            &oracle,
            "USDC",
            Decimal::percent(95),
            Decimal::percent(40),
        )
        .unwrap();
    let mut m = Model {
        stakers: vec![suite.addr("staker0"), suite.addr("staker1")],
        holders: (0..HOLDERS)
            .map(|i| suite.addr(&format!("holder{i}")))
            .collect(),
        assessors: (0..ASSESSORS)
            .map(|i| suite.addr(&format!("assessor{i}")))
            .collect(),
        reporter: suite.addr("reporter"),
        disputer: suite.addr("disputer"),
        outsider: suite.addr("outsider"),
        oracle,
        covers: vec![],
        claims: vec![],
        incidents: vec![],
        paid: BTreeMap::new(),
        incident_claims: BTreeSet::new(),
        finalized: BTreeSet::new(),
        minted_collateral: 0,
        minted_assessor: 0,
    };
    let mut collateral_accounts = m.stakers.clone();
    collateral_accounts.extend(m.holders.iter().cloned());
    collateral_accounts.extend([m.reporter.clone(), m.disputer.clone(), m.outsider.clone()]);
    for a in &collateral_accounts {
        suite.fund(a, FUNDS);
        m.minted_collateral += FUNDS;
    }
    for a in m.assessors.clone() {
        suite.fund_assessor(&a, FUNDS);
        m.minted_assessor += FUNDS;
        suite.bond(&a, 1_000).unwrap();
    }
    for st in m.stakers.clone() {
        suite.deposit(&st, 1_000_000).unwrap();
    }
    // covers to claim on from the first step
    for (i, (product, amount)) in [
        (DISCRETIONARY_PRODUCT, 100_000),
        (PARAMETRIC_PRODUCT, 80_000),
        (DISCRETIONARY_PRODUCT, 250_000),
        (PARAMETRIC_PRODUCT, 150_000),
        (DISCRETIONARY_PRODUCT, 40_000),
    ]
    .into_iter()
    .enumerate()
    {
        let holder = m.holders[i % HOLDERS].clone();
        let id = suite
            .buy_cover(&holder, product, amount, 120 * DAY)
            .unwrap();
        m.covers.push(id);
    }
    let keeper = m.outsider.clone();

    for op in ops {
        let res: Option<anyhow::Result<AppResponse>> = match op {
            Op::Deposit { amount } => Some(suite.deposit(&m.stakers[0].clone(), amount)),
            Op::Buy {
                holder,
                parametric,
                amount,
                days,
            } => {
                let product = if parametric {
                    PARAMETRIC_PRODUCT
                } else {
                    DISCRETIONARY_PRODUCT
                };
                if let Ok(id) =
                    suite.buy_cover(&m.holders[holder].clone(), product, amount, days * DAY)
                {
                    m.covers.push(id);
                }
                None
            }
            Op::Transfer { cover, to } => pick(&m.covers, cover).map(|id| {
                let owner = suite.nft_owner(id);
                let nft = suite.cover_nft.clone();
                suite.app.execute_contract(
                    owner,
                    nft,
                    &cover_nft::ExecuteMsg::TransferNft {
                        recipient: m.holders[to].to_string(),
                        token_id: id.to_string(),
                    },
                    &[],
                )
            }),
            Op::File {
                cover,
                percent,
                deposit_pct,
            } => pick(&m.covers, cover).map(|id| {
                let owner = suite.nft_owner(id);
                let remaining = suite.cover(id).remaining.u128();
                let amount = (remaining * percent as u128 / 100).max(1);
                let deposit = (amount * deposit_pct as u128).div_ceil(100).max(1);
                let r = suite.file_claim(&owner, id, amount, deposit);
                if let Ok(claim_id) = r {
                    m.claims.push(claim_id);
                }
                r.map(|_| AppResponse::default())
            }),
            Op::Vote {
                assessor,
                claim,
                approve,
            } => pick(&m.claims, claim)
                .map(|id| suite.vote(&m.assessors[assessor].clone(), id, approve)),
            Op::Execute { claim } => {
                pick(&m.claims, claim).map(|id| suite.execute_claim(&keeper, id))
            }
            Op::Appeal { claim } => pick(&m.claims, claim).map(|id| {
                let c = suite.claim(id);
                let fee = (c.amount.u128() * 5).div_ceil(100);
                suite.appeal(&c.claimant, id, fee)
            }),
            Op::Resolve { claim, accept } => pick(&m.claims, claim).map(|id| {
                suite.sudo_court(GovernanceMsg::ResolveClaim {
                    claim_id: id,
                    accept,
                })
            }),
            Op::Settle { claim } => {
                if let Some(id) = pick(&m.claims, claim) {
                    for a in m.assessors.clone() {
                        if let Ok(res) = suite.settle_vote(&keeper, id, &a) {
                            record(&suite, &mut m, &res);
                        }
                    }
                }
                None
            }
            Op::Bond { assessor, amount } => {
                Some(suite.bond(&m.assessors[assessor].clone(), amount))
            }
            Op::Unbond { assessor, percent } => {
                let a = m.assessors[assessor].clone();
                let amount = suite.assessor(&a).bonded.u128() * percent as u128 / 100;
                Some(suite.unbond(&a, amount))
            }
            Op::WithdrawBond { assessor } => {
                Some(suite.withdraw_bond(&m.assessors[assessor].clone()))
            }
            Op::Trigger { low } => {
                let price = if low {
                    Decimal::percent(90)
                } else {
                    Decimal::one()
                };
                let oracle = m.oracle.clone();
                suite.set_price(&oracle, "USDC", price, None);
                let r = suite.check_trigger(&keeper, PARAMETRIC_PRODUCT);
                if let Ok(id) = r {
                    m.incidents.push(id);
                }
                None
            }
            Op::Report { hours_back } => {
                let time = suite.now().minus_seconds(hours_back * HOUR);
                let r = suite.report_incident(&m.reporter.clone(), PARAMETRIC_PRODUCT, time, 5_000);
                if let Ok(id) = r {
                    m.incidents.push(id);
                }
                None
            }
            Op::Dispute { incident } => pick(&m.incidents, incident)
                .map(|id| suite.dispute_incident(&m.disputer.clone(), id, 5_000)),
            Op::Confirm { incident } => {
                pick(&m.incidents, incident).map(|id| suite.confirm_incident(&keeper, id))
            }
            Op::ResolveIncident { incident, valid } => pick(&m.incidents, incident).map(|id| {
                suite.sudo_court(GovernanceMsg::ResolveIncident {
                    incident_id: id,
                    valid,
                })
            }),
            Op::ClaimIncident { incident, cover } => {
                match (pick(&m.incidents, incident), pick(&m.covers, cover)) {
                    (Some(i), Some(c)) => {
                        let owner = suite.nft_owner(c);
                        Some(suite.claim_incident(&owner, i, c))
                    }
                    _ => None,
                }
            }
            Op::FundRewards => Some(suite.fund_rewards(&keeper)),
            Op::CloseIncident { incident } => {
                pick(&m.incidents, incident).map(|id| suite.close_incident(&keeper, id))
            }
            Op::RoguePayout { cover } => {
                if let Some(id) = pick(&m.covers, cover) {
                    let outsider = m.outsider.clone();
                    let r = suite.execute_pool(
                        &outsider,
                        &risk_pool::ExecuteMsg::Court(risk_pool::CourtMsg::Payout {
                            cover_id: id,
                            recipient: outsider.to_string(),
                            amount: Uint128::one(),
                            event: risk_pool::LossEvent::Claim { claim_id: 0 },
                            claims_fund: Uint128::zero(),
                        }),
                        &[],
                    );
                    // only the court makes the pool pay
                    assert_eq!(
                        pool_err(r),
                        ::risk_pool::ContractError::Unauthorized(Unauthorized {
                            sender: outsider,
                            role: Authority::ClaimsCourt
                        })
                    );
                }
                None
            }
            Op::Advance { hours } => {
                suite.advance_time(hours * HOUR);
                None
            }
        };
        if let Some(Ok(res)) = res {
            record(&suite, &mut m, &res);
        }
        if suite.pool_state().circuit_breaker_tripped {
            suite.sudo_pool(PoolGovernanceMsg::ResumeCover {}).unwrap();
        }
        check_invariants(&suite, &m);
    }

    // Wind down: governance decides what is appealed, everything decided is
    // executed and every vote settled; then no reward is left owed.
    suite.advance_time(30 * DAY);
    for id in m.claims.clone() {
        let _ = suite.sudo_court(GovernanceMsg::ResolveClaim {
            claim_id: id,
            accept: id % 2 == 0,
        });
        if let Ok(res) = suite.execute_claim(&keeper, id) {
            record(&suite, &mut m, &res);
        }
        for a in m.assessors.clone() {
            if let Ok(res) = suite.settle_vote(&keeper, id, &a) {
                record(&suite, &mut m, &res);
            }
        }
    }
    check_invariants(&suite, &m);
    let state = suite.court_state();
    assert_eq!(state.rewards_outstanding, Uint128::zero());
    for id in &m.claims {
        let claim = suite.claim(*id);
        if claim.executed_at.is_some() {
            assert!(claim.reward_settled <= claim.reward);
            for a in &m.assessors {
                if let Ok(v) = suite
                    .app
                    .wrap()
                    .query_wasm_smart::<insurance_common::claims_court::VoteResponse>(
                        &suite.claims_court,
                        &insurance_common::claims_court::QueryMsg::AssessorVote {
                            claim_id: *id,
                            voter: a.to_string(),
                        },
                    )
                {
                    assert!(v.settled, "vote of {a} on claim {id} left unsettled");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn claims_never_overpay_and_tokens_are_conserved(ops in proptest::collection::vec(op(), 1..80)) {
        run(ops);
    }
}
