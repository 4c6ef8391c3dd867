//! The claims court driven through the suite: discretionary claims (vote,
//! cooldown, execution, appeal, governance overturn), assessor bonds and
//! rewards, parametric incidents (oracle trigger, report, dispute), with exact
//! balances of claimant, pool, treasury, court and assessors.

use cosmwasm_std::{coins, Addr, Decimal, Timestamp, Uint128};
use cw_multi_test::Executor;
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::claims_court::{
    ClaimStatus, ExecuteMsg, GovernanceMsg, IncidentSource, IncidentStatus, MigrateMsg, Outcome,
    ParametricTerms, SaleBlock,
};
use insurance_common::cover_nft::{self, PolicyStatus};
use insurance_common::math::share_price;
use insurance_common::risk_pool::{self, ClaimMethod, DAY};
use insurance_testing::assert::{assert_books, court_err, nft_err, payment_err, pool_err};
use insurance_testing::court::{attribute, ASSESSOR_DENOM};
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{Suite, SuiteBuilder, DENOM};

use claims_court::error::{CannotResolve, EvidenceError, NotAppealable, ParamError, TriggerError};
use claims_court::ContractError;
use cw_utils::PaymentError;

const HOUR: u64 = 60 * 60;

/// `plus` seconds after `t`.
fn ts(t: Timestamp, plus: u64) -> Timestamp {
    t.plus_seconds(plus)
}

/// A staker with 1_000_000 in the pool, a holder with 10_000, and four
/// assessors bonding 400, 300, 200 and 100 (total 1_000: the 25 % cap counts
/// at most 250 per vote, the 30 % quorum needs 300).
struct World {
    suite: Suite,
    staker: Addr,
    holder: Addr,
    a: [Addr; 4],
    keeper: Addr,
}

fn world() -> World {
    let mut suite = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("holder", 10_000)
        .build();
    let staker = suite.addr("staker");
    let holder = suite.addr("holder");
    suite.deposit(&staker, 1_000_000).unwrap();
    let a = [
        suite.addr("assessor1"),
        suite.addr("assessor2"),
        suite.addr("assessor3"),
        suite.addr("assessor4"),
    ];
    for (who, bond) in a.iter().zip([400u128, 300, 200, 100]) {
        suite.fund_and_bond(who, bond).unwrap();
    }
    let keeper = suite.addr("keeper");
    World {
        suite,
        staker,
        holder,
        a,
        keeper,
    }
}

/// The holder buys 100_000 of discretionary cover for 90 days: premium 494
/// (2 % a year), 74 to the treasury, 49 to the claims fund, 371 to stakers.
fn buy_discretionary(w: &mut World) -> u64 {
    let q = w
        .suite
        .quote(DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .unwrap();
    assert_eq!(
        (
            q.premium.u128(),
            q.to_treasury.u128(),
            q.to_claims_fund.u128()
        ),
        (494, 74, 49)
    );
    let holder = w.holder.clone();
    w.suite
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .unwrap()
}

/// Files a 50_000 claim with the 5 % deposit (2_500). The holder has 7_006 left.
fn file_50k(w: &mut World, cover_id: u64) -> u64 {
    let holder = w.holder.clone();
    let id = w
        .suite
        .file_claim(&holder, cover_id, 50_000, 2_500)
        .unwrap();
    assert_eq!(w.suite.balance(&holder), 7_006);
    id
}

#[test]
fn accepted_claim_pays_the_holder_and_every_share_absorbs_the_loss() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let t0 = w.suite.now();
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;

    // the NFT is locked while the claim is open
    let policy = s.policy(cover_id);
    assert!(policy.locked);
    assert_eq!(policy.status, PolicyStatus::UnderClaim);
    let holder = w.holder.clone();
    let nft = s.cover_nft.clone();
    assert_eq!(
        nft_err(s.app.execute_contract(
            holder.clone(),
            nft,
            &cover_nft::ExecuteMsg::TransferNft {
                recipient: w.keeper.to_string(),
                token_id: cover_id.to_string(),
            },
            &[],
        )),
        ::cover_nft::ContractError::TokenLocked {
            token_id: cover_id.to_string()
        }
    );
    assert_eq!(s.court_state().escrow, Uint128::new(2_500));
    assert_eq!(s.balance(&s.claims_court), 2_500);
    assert_books(s);

    // 250 + 250 approve, 200 deny: 500 / 700 = 71 % >= 67 %, quorum 700 >= 300
    s.vote(&w.a[0], claim_id, true).unwrap();
    s.vote(&w.a[1], claim_id, true).unwrap();
    s.vote(&w.a[2], claim_id, false).unwrap();
    let c = s.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Voting);
    assert_eq!(c.outcome, None);
    assert_eq!(c.tally.votes_for, Uint128::new(500));
    assert_eq!(c.tally.votes_against, Uint128::new(200));
    assert_eq!(c.tally.quorum, Uint128::new(300));
    assert!(c.tally.quorum_reached);
    assert_eq!(c.voting_end, ts(t0, 3 * DAY));
    assert_eq!(s.vote_of(claim_id, &w.a[0]).weight, Uint128::new(250));

    let keeper = w.keeper.clone();
    assert_eq!(
        court_err(s.execute_claim(&keeper, claim_id)),
        ContractError::VotingOpen {
            claim_id,
            ends: ts(t0, 3 * DAY)
        }
    );
    s.advance_time(3 * DAY);
    let c = s.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Cooldown);
    assert_eq!(c.outcome, Some(Outcome::Accepted));
    assert_eq!(c.executable_at, Some(ts(t0, 4 * DAY)));
    assert_eq!(
        court_err(s.execute_claim(&keeper, claim_id)),
        ContractError::TooEarly {
            claim_id,
            executable_at: ts(t0, 4 * DAY)
        }
    );
    s.advance_time(DAY);
    assert_eq!(s.claim(claim_id).status, ClaimStatus::Executable);
    let pool_before = s.balance(&s.pool);
    assert_eq!(pool_before, 1_000_000 + 494 - 74);

    // anyone executes
    s.execute_claim(&keeper, claim_id).unwrap();
    // holder: 7_006 + deposit back 2_500 + payout 50_000
    assert_eq!(s.balance(&holder), 59_506);
    // pool: minus the payout and the claims fund pulled by the court
    assert_eq!(s.balance(&s.pool), pool_before - 50_000 - 49);
    assert_eq!(s.balance(&s.treasury), 74);
    let state = s.pool_state();
    assert_eq!(state.total_assets, Uint128::new(950_000));
    assert_eq!(state.claims_fund, Uint128::zero());
    assert_eq!(
        state.share_price,
        share_price(Uint128::new(950_000), Uint128::new(1_000_000_000_000)).unwrap()
    );
    assert_eq!(
        state.share_price,
        Decimal::from_ratio(950_001u128, 1_000_001_000_000u128)
    );
    assert_eq!(s.staker(&w.staker).value, Uint128::new(950_000));
    // NFT unlocked with its remaining amount reduced
    let policy = s.policy(cover_id);
    assert!(!policy.locked);
    assert_eq!(policy.status, PolicyStatus::Active);
    assert_eq!(policy.policy.remaining_amount, Uint128::new(50_000));
    assert_eq!(s.cover(cover_id).remaining, Uint128::new(50_000));
    let c = s.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.paid, Uint128::new(50_000));
    assert_eq!(c.executed_at, Some(ts(t0, 4 * DAY)));
    // the voters with the outcome share min(49 in the reward pool, 1 % of 50_000)
    assert_eq!(c.reward, Uint128::new(49));
    let cs = s.court_state();
    assert_eq!(cs.reward_pool, Uint128::zero());
    assert_eq!(cs.rewards_outstanding, Uint128::new(49));
    assert_eq!(cs.escrow, Uint128::zero());
    assert_books(s);
    assert_eq!(
        court_err(s.execute_claim(&keeper, claim_id)),
        ContractError::AlreadyExecuted { claim_id }
    );

    // rewards: each winner claims weight / winning weight of the reward, O(1)
    let v = s.vote_of(claim_id, &w.a[0]);
    assert!(v.settleable);
    assert_eq!(v.pending_reward, Uint128::new(24));
    let a0 = w.a[0].clone();
    s.execute_court(
        &a0,
        &ExecuteMsg::SettleVote {
            claim_id,
            voter: None,
        },
        &[],
    )
    .unwrap();
    assert_eq!(s.balance(&a0), 24);
    // anyone may settle anyone's vote; the reward goes to the voter
    s.settle_vote(&keeper, claim_id, &w.a[1]).unwrap();
    assert_eq!(s.balance(&w.a[1]), 24);
    assert_eq!(s.balance(&keeper), 0);
    // the last winner returned the rounding dust to the reward pool
    let cs = s.court_state();
    assert_eq!(cs.rewards_outstanding, Uint128::zero());
    assert_eq!(cs.reward_pool, Uint128::new(1));
    assert_eq!(s.claim(claim_id).reward_settled, Uint128::new(48));
    // the voter against the outcome loses 2 % of the vote's weight, to the treasury
    assert_eq!(s.vote_of(claim_id, &w.a[2]).pending_slash, Uint128::new(4));
    s.settle_vote(&keeper, claim_id, &w.a[2]).unwrap();
    assert_eq!(s.balance_of(&s.treasury, ASSESSOR_DENOM), 4);
    assert_eq!(s.assessor(&w.a[2]).bonded, Uint128::new(196));
    assert_eq!(s.court_state().total_bonded, Uint128::new(996));
    assert_eq!(
        court_err(s.settle_vote(&keeper, claim_id, &w.a[2])),
        ContractError::VoteAlreadySettled {
            claim_id,
            voter: w.a[2].clone()
        }
    );
    assert_eq!(
        court_err(s.settle_vote(&keeper, claim_id, &w.a[3])),
        ContractError::VoteNotFound {
            claim_id,
            voter: w.a[3].clone()
        }
    );
    assert_books(s);

    // the bond stays until every vote it cast has closed (voting may run to 6 days)
    let a2 = w.a[2].clone();
    assert_eq!(
        court_err(s.unbond(&a2, 196)),
        ContractError::BondLocked {
            until: ts(t0, 6 * DAY)
        }
    );
    s.advance_time(2 * DAY);
    s.unbond(&a2, 196).unwrap();
    assert_eq!(
        court_err(s.withdraw_bond(&a2)),
        ContractError::UnbondingNotMatured {
            release_at: ts(t0, 13 * DAY)
        }
    );
    s.advance_time(7 * DAY);
    s.withdraw_bond(&a2).unwrap();
    assert_eq!(s.balance_of(&a2, ASSESSOR_DENOM), 196);
    assert_eq!(s.assessor(&a2).bonded, Uint128::zero());
    assert_books(s);

    // a second claim on what is left
    s.fund(&holder, 2_501);
    assert_eq!(
        court_err(s.file_claim(&holder, cover_id, 50_001, 2_501)),
        ContractError::ExceedsRemainingCover {
            requested: Uint128::new(50_001),
            remaining: Uint128::new(50_000)
        }
    );
}

#[test]
fn denied_claim_forfeits_the_deposit_to_the_assessors() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let t0 = w.suite.now();
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    s.vote(&w.a[0], claim_id, false).unwrap();
    s.vote(&w.a[1], claim_id, false).unwrap();
    s.vote(&w.a[2], claim_id, true).unwrap();
    s.advance_time(3 * DAY);
    let c = s.claim(claim_id);
    assert_eq!(c.outcome, Some(Outcome::Denied));
    assert_eq!(c.status, ClaimStatus::Cooldown);
    assert_eq!(c.executable_at, Some(ts(t0, 4 * DAY)));
    s.advance_time(DAY);
    let keeper = w.keeper.clone();
    s.execute_claim(&keeper, claim_id).unwrap();

    let holder = w.holder.clone();
    assert_eq!(s.balance(&holder), 7_006);
    let state = s.pool_state();
    assert_eq!(state.total_assets, Uint128::new(1_000_000));
    assert_eq!(
        state.share_price,
        Decimal::from_ratio(1_000_001u128, 1_000_001_000_000u128)
    );
    assert_eq!(s.balance(&s.pool), 1_000_000 + 494 - 74 - 49);
    let policy = s.policy(cover_id);
    assert!(!policy.locked);
    assert_eq!(policy.status, PolicyStatus::Active);
    assert_eq!(policy.policy.remaining_amount, Uint128::new(100_000));
    let c = s.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Denied);
    assert_eq!(c.paid, Uint128::zero());
    // deposit 2_500 + claims fund 49 in the pool; 1 % of 50_000 to the deniers
    assert_eq!(c.reward, Uint128::new(500));
    let cs = s.court_state();
    assert_eq!(cs.reward_pool, Uint128::new(2_049));
    assert_eq!(cs.rewards_outstanding, Uint128::new(500));
    assert_eq!(s.balance(&s.claims_court), 2_549);
    assert_books(s);

    for v in [&w.a[0], &w.a[1], &w.a[2]] {
        s.settle_vote(&keeper, claim_id, v).unwrap();
    }
    assert_eq!(s.balance(&w.a[0]), 250);
    assert_eq!(s.balance(&w.a[1]), 250);
    assert_eq!(s.assessor(&w.a[2]).bonded, Uint128::new(196));
    assert_eq!(s.balance_of(&s.treasury, ASSESSOR_DENOM), 4);
    assert_eq!(s.court_state().rewards_outstanding, Uint128::zero());
    assert_books(s);

    // the cover can be claimed again later
    s.fund(&holder, 2_500);
    let again = s.file_claim(&holder, cover_id, 50_000, 2_500).unwrap();
    assert_eq!(again, claim_id + 1);
}

#[test]
fn without_quorum_a_claim_is_denied_and_a_capped_whale_cannot_decide_alone() {
    let mut w = world();
    let whale = w.suite.addr("whale");
    w.suite.fund_and_bond(&whale, 4_000).unwrap();
    // total 5_000: a vote counts at most 1_250; quorum is 1_500
    assert_eq!(w.suite.assessor(&whale).voting_weight, Uint128::new(1_250));
    assert_eq!(w.suite.assessor(&w.a[0]).voting_weight, Uint128::new(400));
    let cover_id = buy_discretionary(&mut w);
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    s.vote(&whale, claim_id, true).unwrap();
    let c = s.claim(claim_id);
    assert_eq!(c.tally.votes_for, Uint128::new(1_250));
    assert_eq!(c.tally.quorum, Uint128::new(1_500));
    assert!(!c.tally.quorum_reached);
    s.advance_time(4 * DAY);
    assert_eq!(s.claim(claim_id).outcome, Some(Outcome::Denied));
    let keeper = w.keeper.clone();
    s.execute_claim(&keeper, claim_id).unwrap();
    assert_eq!(s.claim(claim_id).status, ClaimStatus::Denied);
    // nobody voted with the outcome: no reward is set aside
    assert_eq!(s.claim(claim_id).reward, Uint128::zero());
    assert_eq!(s.court_state().reward_pool, Uint128::new(2_549));
    // the whale voted against the outcome: 2 % of 1_250
    s.settle_vote(&keeper, claim_id, &whale).unwrap();
    assert_eq!(s.assessor(&whale).bonded, Uint128::new(3_975));
    assert_books(s);

    // against everyone else the whale's capped weight is no supermajority
    // (uncapped, 3_975 against 1_000 would be 80 %)
    let holder = w.holder.clone();
    s.fund(&holder, 2_500);
    let claim_id = s.file_claim(&holder, cover_id, 50_000, 2_500).unwrap();
    s.vote(&whale, claim_id, true).unwrap();
    for a in &w.a {
        s.vote(a, claim_id, false).unwrap();
    }
    let c = s.claim(claim_id);
    // 25 % of the 4_975 bonded
    assert_eq!(c.tally.votes_for, Uint128::new(1_243));
    assert_eq!(c.tally.votes_against, Uint128::new(1_000));
    s.advance_time(3 * DAY);
    assert_eq!(s.claim(claim_id).outcome, Some(Outcome::Denied));
}

#[test]
fn a_vote_in_the_final_day_extends_voting_up_to_a_limit() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let t0 = w.suite.now();
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    s.advance_time(2 * DAY + 12 * HOUR);
    let res = s.vote(&w.a[0], claim_id, true).unwrap();
    assert!(res
        .events
        .iter()
        .flat_map(|e| &e.attributes)
        .any(|a| a.key == "extended" && a.value == "true"));
    assert_eq!(s.claim(claim_id).voting_end, ts(t0, 4 * DAY));
    s.advance_time(DAY);
    s.vote(&w.a[1], claim_id, true).unwrap();
    assert_eq!(s.claim(claim_id).voting_end, ts(t0, 5 * DAY));
    s.advance_time(DAY);
    s.vote(&w.a[2], claim_id, false).unwrap();
    assert_eq!(s.claim(claim_id).voting_end, ts(t0, 6 * DAY));
    // the third extension was the last one
    s.advance_time(DAY);
    s.vote(&w.a[3], claim_id, true).unwrap();
    assert_eq!(s.claim(claim_id).voting_end, ts(t0, 6 * DAY));
    s.advance_time(12 * HOUR);
    let late = s.addr("late");
    s.fund_and_bond(&late, 100).unwrap();
    assert_eq!(
        court_err(s.vote(&late, claim_id, true)),
        ContractError::VotingClosed {
            claim_id,
            ended: ts(t0, 6 * DAY)
        }
    );
}

#[test]
fn filing_failures_change_nothing() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let s = &mut w.suite;
    let holder = w.holder.clone();
    let stranger = s.addr("stranger");
    s.fund(&stranger, 10_000);
    s.fund_coins(&holder, coins(1_000, "uother"));
    let file = |amount: u128, description: &str, evidence: Option<&str>| ExecuteMsg::FileClaim {
        cover_id,
        amount: Uint128::new(amount),
        description: description.to_string(),
        evidence: evidence.map(str::to_string),
        incident_id: None,
    };
    let ok = file(50_000, "exploit", None);

    assert_eq!(
        court_err(s.execute_court(&stranger, &ok, &coins(2_500, DENOM))),
        ContractError::NotCoverHolder {
            sender: stranger.clone(),
            cover_id
        }
    );
    assert_eq!(
        court_err(s.execute_court(&holder, &ok, &coins(2_499, DENOM))),
        ContractError::DepositTooSmall {
            required: Uint128::new(2_500),
            sent: Uint128::new(2_499)
        }
    );
    assert_eq!(
        payment_err(s.execute_court(&holder, &ok, &[])),
        PaymentError::NoFunds {}
    );
    assert_eq!(
        payment_err(s.execute_court(&holder, &ok, &coins(500, "uother"))),
        PaymentError::MissingDenom(DENOM.to_string())
    );
    assert_eq!(
        court_err(s.execute_court(&holder, &file(0, "exploit", None), &coins(2_500, DENOM))),
        ContractError::ZeroAmount {}
    );
    assert_eq!(
        court_err(s.execute_court(
            &holder,
            &file(100_001, "exploit", None),
            &coins(6_000, DENOM)
        )),
        ContractError::ExceedsRemainingCover {
            requested: Uint128::new(100_001),
            remaining: Uint128::new(100_000)
        }
    );
    assert_eq!(
        court_err(s.execute_court(&holder, &file(50_000, " ", None), &coins(2_500, DENOM))),
        ContractError::InvalidEvidence {
            reason: EvidenceError::Missing
        }
    );
    assert_eq!(
        court_err(s.execute_court(
            &holder,
            &file(50_000, &"x".repeat(3_000), None),
            &coins(2_500, DENOM)
        )),
        ContractError::InvalidEvidence {
            reason: EvidenceError::DescriptionTooLong
        }
    );
    // an evidence link alone is enough
    let unknown = ExecuteMsg::FileClaim {
        cover_id: 42,
        amount: Uint128::new(10),
        description: String::new(),
        evidence: Some("ipfs://x".to_string()),
        incident_id: None,
    };
    assert_eq!(
        court_err(s.execute_court(&holder, &unknown, &coins(10, DENOM))),
        ContractError::CoverNotFound { cover_id: 42 }
    );
    // a parametric cover is claimed through incidents, not votes
    let param = s
        .buy_cover(&holder, PARAMETRIC_PRODUCT, 10_000, 30 * DAY)
        .unwrap();
    let holder_balance = s.balance(&holder);
    assert_eq!(
        court_err(s.file_claim(&holder, param, 1_000, 50)),
        ContractError::WrongClaimMethod {
            product_id: PARAMETRIC_PRODUCT,
            expected: ClaimMethod::Discretionary
        }
    );
    assert_eq!(s.balance(&holder), holder_balance);
    assert_eq!(s.court_state().claims_filed, 0);
    assert_eq!(s.balance(&s.claims_court), 0);
    assert!(!s.policy(cover_id).locked);

    // one open claim per cover
    let claim_id = s.file_claim(&holder, cover_id, 50_000, 2_500).unwrap();
    assert_eq!(
        court_err(s.file_claim(&holder, cover_id, 10_000, 500)),
        ContractError::ClaimAlreadyOpen { cover_id, claim_id }
    );
    assert_eq!(s.court_state().claims_filed, 1);

    // after the cover period plus the product's 30-day grace period
    let late_cover = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 10_000, 30 * DAY)
        .unwrap();
    s.advance_time(60 * DAY + 1);
    let until = s.cover(late_cover).claimable_until;
    assert_eq!(
        court_err(s.file_claim(&holder, late_cover, 1_000, 50)),
        ContractError::CoverExpired {
            cover_id: late_cover,
            claimable_until: until
        }
    );
    assert_books(s);
}

#[test]
fn only_the_owner_files_and_is_paid_not_an_approved_spender() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let s = &mut w.suite;
    let (holder, spender) = (w.holder.clone(), s.addr("spender"));
    s.fund(&spender, 2_500);
    s.approve_nft(&holder, &spender, cover_id).unwrap();
    // an approval lets the spender move the NFT, not claim on it
    assert_eq!(
        court_err(s.file_claim(&spender, cover_id, 50_000, 2_500)),
        ContractError::NotCoverHolder {
            sender: spender.clone(),
            cover_id
        }
    );
    assert_eq!(s.balance(&spender), 2_500);
    assert!(!s.policy(cover_id).locked);
    let claim_id = s.file_claim(&holder, cover_id, 50_000, 2_500).unwrap();
    assert_eq!(s.claim(claim_id).claimant, holder);
    // the claimant, who is the owner, does not vote on it
    s.fund_and_bond(&holder, 100).unwrap();
    assert_eq!(
        court_err(s.vote(&holder, claim_id, true)),
        ContractError::ConflictOfInterest {
            claim_id,
            voter: holder.clone()
        }
    );
    s.vote(&w.a[0], claim_id, true).unwrap();
    s.vote(&w.a[1], claim_id, true).unwrap();
    s.advance_time(4 * DAY);
    let keeper = w.keeper.clone();
    s.execute_claim(&keeper, claim_id).unwrap();
    // the deposit returns and the payout goes to the owner
    assert_eq!(s.balance(&spender), 2_500);
    assert_eq!(s.balance(&holder), 10_000 - 494 + 50_000);
    assert_eq!(s.claims_by_claimant(&holder, None).claims.len(), 1);
    assert!(s.claims_by_claimant(&spender, None).claims.is_empty());
    assert_books(s);
}

#[test]
fn voting_failures_change_nothing() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    let holder = w.holder.clone();
    let nobody = s.addr("nobody");
    s.vote(&w.a[0], claim_id, true).unwrap();
    assert_eq!(
        court_err(s.vote(&w.a[0], claim_id, false)),
        ContractError::AlreadyVoted {
            claim_id,
            voter: w.a[0].clone()
        }
    );
    assert_eq!(
        court_err(s.vote(&nobody, claim_id, true)),
        ContractError::NoVotingWeight {
            voter: nobody.clone()
        }
    );
    assert_eq!(
        court_err(s.vote(&holder, claim_id, true)),
        ContractError::ConflictOfInterest {
            claim_id,
            voter: holder.clone()
        }
    );
    assert_eq!(
        court_err(s.vote(&w.a[1], 99, true)),
        ContractError::ClaimNotFound { claim_id: 99 }
    );
    let a1 = w.a[1].clone();
    s.fund_assessor(&a1, 10);
    assert_eq!(
        payment_err(s.execute_court(
            &a1,
            &ExecuteMsg::Vote {
                claim_id,
                approve: true
            },
            &coins(10, ASSESSOR_DENOM)
        )),
        PaymentError::NonPayable {}
    );
    let c = s.claim(claim_id);
    assert_eq!(c.tally.votes_for, Uint128::new(250));
    assert_eq!(c.tally.voters_for, 1);
    assert_eq!(c.tally.votes_against, Uint128::zero());
    // settling before the claim is executed
    assert_eq!(
        court_err(s.settle_vote(&nobody, claim_id, &w.a[0])),
        ContractError::ClaimNotFinal { claim_id }
    );
    s.advance_time(3 * DAY);
    assert_eq!(
        court_err(s.vote(&a1, claim_id, true)),
        ContractError::VotingClosed {
            claim_id,
            ended: c.voting_end
        }
    );
    assert_eq!(
        court_err(s.execute_claim(&nobody, 99)),
        ContractError::ClaimNotFound { claim_id: 99 }
    );
    assert_books(s);
}

#[test]
fn assessor_bond_failures_and_unsettled_votes_hold_the_withdrawal() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    let a0 = w.a[0].clone();
    let newcomer = s.addr("newcomer");
    s.fund_coins(&newcomer, coins(100, DENOM));
    assert_eq!(
        payment_err(s.execute_court(&newcomer, &ExecuteMsg::Bond {}, &coins(100, DENOM))),
        PaymentError::MissingDenom(ASSESSOR_DENOM.to_string())
    );
    assert_eq!(court_err(s.unbond(&a0, 0)), ContractError::ZeroAmount {});
    assert_eq!(
        court_err(s.unbond(&a0, 401)),
        ContractError::InsufficientBond {
            requested: Uint128::new(401),
            available: Uint128::new(400)
        }
    );
    assert_eq!(
        court_err(s.withdraw_bond(&a0)),
        ContractError::NothingToWithdraw {}
    );
    s.vote(&a0, claim_id, false).unwrap();
    s.advance_time(6 * DAY);
    s.unbond(&a0, 400).unwrap();
    assert_eq!(s.assessor(&a0).unbonding, Uint128::new(400));
    s.advance_time(7 * DAY);
    // the claim was never executed: the vote is open, the bond stays
    assert_eq!(
        court_err(s.withdraw_bond(&a0)),
        ContractError::UnsettledVotes { count: 1 }
    );
    // quorum missed (250 < 300): denied, and the lone denier voted with the outcome
    let keeper = w.keeper.clone();
    s.execute_claim(&keeper, claim_id).unwrap();
    s.settle_vote(&keeper, claim_id, &a0).unwrap();
    assert_eq!(s.assessor(&a0).open_votes, 0);
    s.withdraw_bond(&a0).unwrap();
    assert_eq!(s.balance_of(&a0, ASSESSOR_DENOM), 400);
    assert_books(s);
}

#[test]
fn slashes_reach_unbonding_stake() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    s.vote(&w.a[0], claim_id, true).unwrap();
    s.vote(&w.a[1], claim_id, true).unwrap();
    s.vote(&w.a[3], claim_id, false).unwrap();
    s.advance_time(6 * DAY);
    // the loser unbonds everything before anyone settles
    let a3 = w.a[3].clone();
    s.unbond(&a3, 100).unwrap();
    let keeper = w.keeper.clone();
    s.execute_claim(&keeper, claim_id).unwrap();
    s.settle_vote(&keeper, claim_id, &a3).unwrap();
    let pos = s.assessor(&a3);
    assert_eq!(pos.bonded, Uint128::zero());
    assert_eq!(pos.unbonding, Uint128::new(98));
    assert_eq!(s.court_state().total_unbonding, Uint128::new(98));
    assert_eq!(s.balance_of(&s.treasury, ASSESSOR_DENOM), 2);
    assert_books(s);
}

#[test]
fn appeal_goes_to_governance_whose_decision_is_final() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let t0 = w.suite.now();
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    let holder = w.holder.clone();
    s.vote(&w.a[0], claim_id, false).unwrap();
    s.vote(&w.a[1], claim_id, false).unwrap();
    s.vote(&w.a[2], claim_id, true).unwrap();
    s.fund(&holder, 2_500);
    assert_eq!(
        court_err(s.appeal(&holder, claim_id, 2_500)),
        ContractError::VotingOpen {
            claim_id,
            ends: ts(t0, 3 * DAY)
        }
    );
    s.advance_time(3 * DAY + HOUR);
    assert_eq!(s.claim(claim_id).status, ClaimStatus::Cooldown);
    let stranger = s.addr("stranger");
    s.fund(&stranger, 2_500);
    assert_eq!(
        court_err(s.appeal(&stranger, claim_id, 2_500)),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Claimant { claim_id }
        })
    );
    // the fee is 5 % of the claim amount
    assert_eq!(
        court_err(s.appeal(&holder, claim_id, 2_499)),
        ContractError::WrongFee {
            required: Uint128::new(2_500),
            sent: Uint128::new(2_499)
        }
    );
    s.appeal(&holder, claim_id, 2_500).unwrap();
    assert_eq!(s.balance(&holder), 7_006);
    let c = s.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Appealed);
    assert_eq!(c.appeal_fee, Uint128::new(2_500));
    assert_eq!(c.executable_at, None);
    assert_eq!(s.court_state().escrow, Uint128::new(5_000));
    assert_eq!(
        court_err(s.appeal(&holder, claim_id, 2_500)),
        ContractError::NotAppealable {
            claim_id,
            reason: NotAppealable::AlreadyAppealed
        }
    );
    s.advance_time(5 * DAY);
    let keeper = w.keeper.clone();
    assert_eq!(
        court_err(s.execute_claim(&keeper, claim_id)),
        ContractError::AppealPending { claim_id }
    );
    assert_books(s);

    // governance accepts through a proposal (sudo)
    s.sudo_court(GovernanceMsg::ResolveClaim {
        claim_id,
        accept: true,
    })
    .unwrap();
    let c = s.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Executable);
    assert!(c.decided_by_governance);
    assert_eq!(c.outcome, Some(Outcome::Accepted));
    assert_eq!(
        court_err(s.sudo_court(GovernanceMsg::ResolveClaim {
            claim_id,
            accept: false
        })),
        ContractError::CannotResolve {
            claim_id,
            reason: CannotResolve::AlreadyDecided
        }
    );
    s.execute_claim(&keeper, claim_id).unwrap();
    // deposit and appeal fee back, plus the payout
    assert_eq!(s.balance(&holder), 7_006 + 2_500 + 2_500 + 50_000);
    assert_eq!(s.pool_state().total_assets, Uint128::new(950_000));
    assert_eq!(
        s.policy(cover_id).policy.remaining_amount,
        Uint128::new(50_000)
    );
    // the voter with the final outcome is rewarded, those against it slashed
    assert_eq!(
        s.vote_of(claim_id, &w.a[2]).pending_reward,
        Uint128::new(49)
    );
    for v in [&w.a[0], &w.a[1], &w.a[2]] {
        s.settle_vote(&keeper, claim_id, v).unwrap();
    }
    assert_eq!(s.balance(&w.a[2]), 49);
    assert_eq!(s.assessor(&w.a[0]).bonded, Uint128::new(395));
    assert_eq!(s.assessor(&w.a[1]).bonded, Uint128::new(295));
    assert_eq!(s.balance_of(&s.treasury, ASSESSOR_DENOM), 10);
    assert_books(s);
}

#[test]
fn a_denied_appeal_forfeits_deposit_and_fee_and_late_appeals_fail() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    let holder = w.holder.clone();
    s.vote(&w.a[0], claim_id, false).unwrap();
    s.vote(&w.a[1], claim_id, false).unwrap();
    s.advance_time(3 * DAY);
    s.fund(&holder, 5_000);
    s.appeal(&holder, claim_id, 2_500).unwrap();
    s.court_governance(GovernanceMsg::ResolveClaim {
        claim_id,
        accept: false,
    })
    .unwrap();
    let keeper = w.keeper.clone();
    s.execute_claim(&keeper, claim_id).unwrap();
    assert_eq!(s.balance(&holder), 7_006 + 2_500);
    // deposit + fee + claims fund, minus the deniers' reward
    assert_eq!(s.claim(claim_id).reward, Uint128::new(500));
    assert_eq!(
        s.court_state().reward_pool,
        Uint128::new(2_500 + 2_500 + 49 - 500)
    );
    assert_eq!(s.pool_state().total_assets, Uint128::new(1_000_000));
    assert_books(s);

    // a second denial, appealed too late
    let claim_id = s.file_claim(&holder, cover_id, 50_000, 2_500).unwrap();
    s.vote(&w.a[0], claim_id, false).unwrap();
    s.vote(&w.a[1], claim_id, false).unwrap();
    s.advance_time(4 * DAY);
    assert_eq!(s.claim(claim_id).status, ClaimStatus::Executable);
    s.fund(&holder, 2_500);
    assert_eq!(
        court_err(s.appeal(&holder, claim_id, 2_500)),
        ContractError::NotAppealable {
            claim_id,
            reason: NotAppealable::WindowOver
        }
    );
    // an accepted claim cannot be appealed
    s.execute_claim(&keeper, claim_id).unwrap();
    let claim_id = s.file_claim(&holder, cover_id, 50_000, 2_500).unwrap();
    s.vote(&w.a[0], claim_id, true).unwrap();
    s.vote(&w.a[1], claim_id, true).unwrap();
    s.advance_time(3 * DAY);
    s.fund(&holder, 2_500);
    assert_eq!(
        court_err(s.appeal(&holder, claim_id, 2_500)),
        ContractError::NotAppealable {
            claim_id,
            reason: NotAppealable::Accepted
        }
    );
    assert_books(s);
}

#[test]
fn governance_overturns_a_fraudulent_outcome_during_the_cooldown() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    let holder = w.holder.clone();
    s.vote(&w.a[0], claim_id, true).unwrap();
    s.vote(&w.a[1], claim_id, true).unwrap();
    s.vote(&w.a[2], claim_id, false).unwrap();
    let overturn = GovernanceMsg::ResolveClaim {
        claim_id,
        accept: false,
    };
    assert_eq!(
        court_err(s.sudo_court(overturn.clone())),
        ContractError::CannotResolve {
            claim_id,
            reason: CannotResolve::VotingOpen
        }
    );
    s.advance_time(3 * DAY + HOUR);
    assert_eq!(s.claim(claim_id).outcome, Some(Outcome::Accepted));
    let stranger = s.addr("stranger");
    assert_eq!(
        court_err(s.execute_court(&stranger, &ExecuteMsg::Governance(overturn.clone()), &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    let res = s.court_governance(overturn).unwrap();
    assert!(res
        .events
        .iter()
        .flat_map(|e| &e.attributes)
        .any(|a| a.key == "overturned" && a.value == "true"));
    let c = s.claim(claim_id);
    assert_eq!(c.outcome, Some(Outcome::Denied));
    assert_eq!(c.status, ClaimStatus::Executable);
    // no appeal against governance
    s.fund(&holder, 2_500);
    assert_eq!(
        court_err(s.appeal(&holder, claim_id, 2_500)),
        ContractError::NotAppealable {
            claim_id,
            reason: NotAppealable::DecidedByGovernance
        }
    );
    let keeper = w.keeper.clone();
    s.execute_claim(&keeper, claim_id).unwrap();
    assert_eq!(s.balance(&holder), 7_006 + 2_500);
    assert_eq!(s.pool_state().total_assets, Uint128::new(1_000_000));
    assert_eq!(
        s.policy(cover_id).policy.remaining_amount,
        Uint128::new(100_000)
    );
    assert!(!s.policy(cover_id).locked);
    // the honest minority is rewarded, the fraudulent majority slashed
    for v in [&w.a[0], &w.a[1], &w.a[2]] {
        s.settle_vote(&keeper, claim_id, v).unwrap();
    }
    assert_eq!(s.balance(&w.a[2]), 500);
    assert_eq!(s.assessor(&w.a[0]).bonded, Uint128::new(395));
    assert_eq!(s.assessor(&w.a[1]).bonded, Uint128::new(295));
    assert_books(s);

    // after the cooldown governance can no longer overturn
    s.fund(&holder, 2_500);
    let claim_id = s.file_claim(&holder, cover_id, 50_000, 2_500).unwrap();
    s.vote(&w.a[0], claim_id, true).unwrap();
    s.vote(&w.a[1], claim_id, true).unwrap();
    s.advance_time(4 * DAY);
    assert_eq!(
        court_err(s.sudo_court(GovernanceMsg::ResolveClaim {
            claim_id,
            accept: false
        })),
        ContractError::CannotResolve {
            claim_id,
            reason: CannotResolve::CooldownOver
        }
    );
    assert_eq!(
        court_err(s.sudo_court(GovernanceMsg::ResolveClaim {
            claim_id: 99,
            accept: false
        })),
        ContractError::ClaimNotFound { claim_id: 99 }
    );
}

#[test]
fn a_refused_payout_undoes_the_execution_and_the_claim_stays_executable() {
    let mut suite = SuiteBuilder::new()
        .with_funds("staker", 200_000)
        .with_funds("holder", 20_000)
        .with_funds("other", 10_000)
        .build();
    let (staker, holder, other) = (
        suite.addr("staker"),
        suite.addr("holder"),
        suite.addr("other"),
    );
    let (a0, a1, keeper) = (suite.addr("a0"), suite.addr("a1"), suite.addr("keeper"));
    suite.fund_and_bond(&a0, 100).unwrap();
    suite.fund_and_bond(&a1, 100).unwrap();
    suite.deposit(&staker, 100_000).unwrap();
    let cover = suite
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 150_000, 90 * DAY)
        .unwrap();
    let other_cover = suite
        .buy_cover(&other, DISCRETIONARY_PRODUCT, 40_000, 90 * DAY)
        .unwrap();
    let claim_id = suite.file_claim(&holder, cover, 150_000, 7_500).unwrap();
    let holder_balance = suite.balance(&holder);
    suite.vote(&a0, claim_id, true).unwrap();
    suite.vote(&a1, claim_id, true).unwrap();
    // meanwhile another loss leaves the pool 60_000 of capital
    suite.payout(other_cover, &other, 40_000).unwrap();
    suite.advance_time(4 * DAY);
    // the pool's refusal undoes the whole execution
    assert_eq!(
        pool_err(suite.execute_claim(&keeper, claim_id)),
        ::risk_pool::ContractError::InsufficientCapital {
            requested: Uint128::new(150_000),
            available: Uint128::new(60_000)
        }
    );
    let c = suite.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Executable);
    assert!(suite.policy(cover).locked);
    assert_eq!(suite.balance(&holder), holder_balance);
    assert_eq!(suite.pool_state().total_assets, Uint128::new(60_000));
    assert_eq!(suite.court_state().escrow, Uint128::new(7_500));
    assert_books(&suite);

    // capital arrives; the claim is executed again
    suite.deposit(&staker, 100_000).unwrap();
    suite.execute_claim(&keeper, claim_id).unwrap();
    assert_eq!(suite.balance(&holder), holder_balance + 7_500 + 150_000);
    assert_eq!(suite.pool_state().total_assets, Uint128::new(10_000));
    let c = suite.claim(claim_id);
    assert_eq!(c.status, ClaimStatus::Paid);
    let policy = suite.policy(cover);
    assert!(!policy.locked);
    assert_eq!(policy.status, PolicyStatus::Paid);
    assert_books(&suite);
}

#[test]
fn only_the_court_makes_the_pool_pay() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let holder = w.holder.clone();
    assert_eq!(
        pool_err(w.suite.execute_pool(
            &holder,
            &risk_pool::ExecuteMsg::Court(risk_pool::CourtMsg::Payout {
                cover_id,
                recipient: holder.to_string(),
                amount: Uint128::new(1),
                event: risk_pool::LossEvent::Claim { claim_id: 1 },
                claims_fund: Uint128::zero(),
            }),
            &[]
        )),
        ::risk_pool::ContractError::Unauthorized(Unauthorized {
            sender: holder.clone(),
            role: Authority::ClaimsCourt
        })
    );
    assert_eq!(
        w.suite.pool_config().claims_court,
        Some(w.suite.claims_court.clone())
    );
    let nft_config: cover_nft::Config = w
        .suite
        .app
        .wrap()
        .query_wasm_smart(&w.suite.cover_nft, &cover_nft::QueryMsg::Config {})
        .unwrap();
    assert_eq!(nft_config.claims_court, Some(w.suite.claims_court.clone()));
}

#[test]
fn fund_rewards_pulls_the_claims_fund() {
    let mut w = world();
    buy_discretionary(&mut w);
    let s = &mut w.suite;
    let keeper = w.keeper.clone();
    let pool_before = s.balance(&s.pool);
    s.fund_rewards(&keeper).unwrap();
    assert_eq!(s.court_state().reward_pool, Uint128::new(49));
    assert_eq!(s.pool_state().claims_fund, Uint128::zero());
    assert_eq!(s.balance(&s.pool), pool_before - 49);
    assert_eq!(
        court_err(s.fund_rewards(&keeper)),
        ContractError::NothingToFund {}
    );
    assert_books(s);
}

// --- parametric ---

/// The holder buys 40_000 of parametric cover for 60 days (premium 198).
fn buy_parametric(s: &mut Suite, buyer: &Addr) -> u64 {
    s.buy_cover(buyer, PARAMETRIC_PRODUCT, 40_000, 60 * DAY)
        .unwrap()
}

#[test]
fn an_oracle_trigger_pays_covers_active_at_the_incident_without_a_vote() {
    let mut w = world();
    let s = &mut w.suite;
    let holder = w.holder.clone();
    let keeper = w.keeper.clone();
    let (late, slow) = (s.addr("late"), s.addr("slow"));
    s.fund(&late, 10_000);
    s.fund(&slow, 10_000);
    assert_eq!(
        s.quote(PARAMETRIC_PRODUCT, 40_000, 60 * DAY)
            .unwrap()
            .premium,
        Uint128::new(198)
    );
    let cover_id = buy_parametric(s, &holder);
    let slow_cover = buy_parametric(s, &slow);
    assert_eq!(s.balance(&holder), 9_802);
    let oracle = s.deploy_mock_oracle(&[("USDC", Decimal::one())]);
    assert_eq!(
        court_err(s.check_trigger(&keeper, PARAMETRIC_PRODUCT)),
        ContractError::NoTrigger {
            product_id: PARAMETRIC_PRODUCT
        }
    );
    // a trigger belongs to a parametric product
    assert_eq!(
        court_err(s.set_price_trigger(
            DISCRETIONARY_PRODUCT,
            &oracle,
            "USDC",
            Decimal::percent(95),
            Decimal::percent(50)
        )),
        ContractError::WrongClaimMethod {
            product_id: DISCRETIONARY_PRODUCT,
            expected: ClaimMethod::Parametric
        }
    );
    assert_eq!(
        court_err(s.set_price_trigger(
            PARAMETRIC_PRODUCT,
            &oracle,
            "USDC",
            Decimal::percent(95),
            Decimal::percent(150)
        )),
        ContractError::InvalidPayoutRatio {
            ratio: Decimal::percent(150)
        }
    );
    assert_eq!(
        court_err(s.set_price_trigger(
            PARAMETRIC_PRODUCT,
            &oracle,
            "USDC",
            Decimal::zero(),
            Decimal::percent(50)
        )),
        ContractError::InvalidTrigger {
            reason: TriggerError::Threshold
        }
    );
    assert_eq!(
        court_err(s.set_terms(
            PARAMETRIC_PRODUCT,
            Some(ParametricTerms {
                waiting_period: 91 * DAY,
                ..ParametricTerms::default()
            })
        )),
        ContractError::InvalidWaitingPeriod {
            waiting_period: 91 * DAY,
            max: 90 * DAY
        }
    );
    s.set_price_trigger(
        PARAMETRIC_PRODUCT,
        &oracle,
        "USDC",
        Decimal::percent(95),
        Decimal::percent(50),
    )
    .unwrap();
    let terms = s.terms(PARAMETRIC_PRODUCT).terms.unwrap();
    assert_eq!(terms.payout_ratio, Decimal::percent(50));
    assert_eq!(terms.waiting_period, 3 * DAY);
    assert_eq!(
        court_err(s.check_trigger(&keeper, PARAMETRIC_PRODUCT)),
        ContractError::TriggerNotMet {
            price: Decimal::one(),
            threshold: Decimal::percent(95)
        }
    );

    s.advance_time(10 * DAY);
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let t_incident = s.now();
    let incident_id = s.check_trigger(&keeper, PARAMETRIC_PRODUCT).unwrap();
    let incident = s.incident(incident_id);
    assert_eq!(incident.status, IncidentStatus::Confirmed);
    assert_eq!(incident.time, t_incident);
    assert_eq!(incident.payout_ratio, Decimal::percent(50));
    assert_eq!(
        incident.source,
        IncidentSource::Oracle {
            oracle: oracle.clone(),
            asset: "USDC".to_string(),
            price: Decimal::percent(90)
        }
    );
    assert_eq!(incident.claim_end, Some(ts(t_incident, 30 * DAY)));
    // the breach lasts: the same incident, not a new one
    assert_eq!(
        court_err(s.check_trigger(&keeper, PARAMETRIC_PRODUCT)),
        ContractError::IncidentOpen {
            product_id: PARAMETRIC_PRODUCT,
            incident_id
        }
    );
    assert_eq!(s.terms(PARAMETRIC_PRODUCT).open_incident, Some(incident_id));

    // no cover is sold into the open incident
    s.advance_time(HOUR);
    assert_eq!(
        pool_err(s.buy_cover(&late, PARAMETRIC_PRODUCT, 40_000, 60 * DAY)),
        ::risk_pool::ContractError::SaleSuspended {
            product_id: PARAMETRIC_PRODUCT,
            reason: SaleBlock::IncidentOpen { incident_id }
        }
    );
    // only the holder
    assert_eq!(
        court_err(s.claim_incident(&keeper, incident_id, cover_id)),
        ContractError::NotCoverHolder {
            sender: keeper.clone(),
            cover_id
        }
    );
    s.claim_incident(&holder, incident_id, cover_id).unwrap();
    assert_eq!(s.balance(&holder), 9_802 + 20_000);
    let state = s.pool_state();
    assert_eq!(state.total_assets, Uint128::new(980_000));
    assert_eq!(
        state.share_price,
        Decimal::from_ratio(980_001u128, 1_000_001_000_000u128)
    );
    assert_eq!(s.staker(&w.staker).value, Uint128::new(980_000));
    let policy = s.policy(cover_id);
    assert_eq!(policy.policy.remaining_amount, Uint128::new(20_000));
    assert_eq!(policy.status, PolicyStatus::Active);
    assert!(!policy.locked);
    assert_eq!(
        court_err(s.claim_incident(&holder, incident_id, cover_id)),
        ContractError::IncidentAlreadyClaimed {
            incident_id,
            cover_id
        }
    );
    let claim = s.incident_claim(incident_id, cover_id);
    assert!(claim.claimed);
    assert_eq!(claim.amount, Uint128::new(20_000));
    assert_eq!(s.incident(incident_id).paid, Uint128::new(20_000));
    assert_books(s);

    // a healthy price re-arms the trigger once the event has lasted its
    // cooldown, read fresh only
    s.set_price(&oracle, "USDC", Decimal::one(), None);
    let healthy_at = s.now();
    assert_eq!(
        court_err(s.check_trigger_response(&keeper, PARAMETRIC_PRODUCT)),
        ContractError::TriggerCoolingDown {
            product_id: PARAMETRIC_PRODUCT,
            until: ts(t_incident, 7 * DAY)
        }
    );
    s.advance_time(7 * DAY);
    assert_eq!(
        court_err(s.check_trigger_response(&keeper, PARAMETRIC_PRODUCT)),
        ContractError::StalePrice {
            updated_at: healthy_at
        }
    );
    s.set_price(&oracle, "USDC", Decimal::one(), None);
    let t_rearm = s.now();
    s.check_trigger_response(&keeper, PARAMETRIC_PRODUCT)
        .unwrap();
    let terms = s.terms(PARAMETRIC_PRODUCT);
    assert_eq!(terms.open_incident, None);
    assert_eq!(terms.breach_since, None);
    assert_eq!(terms.next_event_from, Some(ts(t_rearm, 0)));
    assert_eq!(
        court_err(s.check_trigger(&keeper, PARAMETRIC_PRODUCT)),
        ContractError::TriggerNotMet {
            price: Decimal::one(),
            threshold: Decimal::percent(95)
        }
    );
    // sales resume; cover bought after the incident never pays for it
    let late_cover = buy_parametric(s, &late);
    assert_eq!(
        court_err(s.claim_incident(&late, incident_id, late_cover)),
        ContractError::CoverNotActiveAtIncident {
            cover_id: late_cover,
            time: t_incident
        }
    );
    // a claim after the claim window
    s.advance_time(23 * DAY);
    assert_eq!(
        court_err(s.claim_incident(&slow, incident_id, slow_cover)),
        ContractError::ClaimWindowClosed {
            incident_id,
            ended: ts(t_incident, 30 * DAY)
        }
    );
    assert_eq!(
        court_err(s.claim_incident(&slow, 9, slow_cover)),
        ContractError::IncidentNotFound { incident_id: 9 }
    );
    assert_eq!(s.incidents(PARAMETRIC_PRODUCT, None).incidents.len(), 1);
    assert_books(s);
}

/// Small incident bonds for readable numbers.
fn small_bonds(s: &mut Suite) {
    s.update_court_params(|p| {
        p.incident_bond = Uint128::new(5_000);
        p.reporter_reward = Uint128::new(10);
    });
}

#[test]
fn an_undisputed_report_is_confirmed_and_holders_claim() {
    let mut w = world();
    let s = &mut w.suite;
    small_bonds(s);
    let holder = w.holder.clone();
    let keeper = w.keeper.clone();
    let reporter = s.addr("reporter");
    s.fund(&reporter, 10_000);
    let cover_id = buy_parametric(s, &holder);
    // 198 premium: 29 to the treasury, 19 to the claims fund
    assert_eq!(s.pool_state().claims_fund, Uint128::new(19));
    s.advance_time(5 * DAY);
    let now = s.now();
    let t_incident = now.minus_seconds(DAY);
    let report = |time: Timestamp, product_id: u32| ExecuteMsg::ReportIncident {
        product_id,
        time,
        evidence: "https://status.example/depeg".to_string(),
    };
    // no terms, no incident
    assert_eq!(
        court_err(s.execute_court(
            &reporter,
            &report(t_incident, PARAMETRIC_PRODUCT),
            &coins(5_000, DENOM)
        )),
        ContractError::NoTerms {
            product_id: PARAMETRIC_PRODUCT
        }
    );
    s.set_report_terms(PARAMETRIC_PRODUCT, Decimal::percent(30))
        .unwrap();
    let ok = report(t_incident, PARAMETRIC_PRODUCT);
    assert_eq!(
        court_err(s.execute_court(&reporter, &ok, &coins(4_999, DENOM))),
        ContractError::WrongBond {
            required: Uint128::new(5_000),
            sent: Uint128::new(4_999)
        }
    );
    assert_eq!(
        court_err(s.execute_court(
            &reporter,
            &report(now.plus_seconds(1), PARAMETRIC_PRODUCT),
            &coins(5_000, DENOM)
        )),
        ContractError::IncidentInFuture {
            time: now.plus_seconds(1)
        }
    );
    assert_eq!(
        court_err(s.execute_court(
            &reporter,
            &report(now.minus_seconds(15 * DAY), PARAMETRIC_PRODUCT),
            &coins(5_000, DENOM)
        )),
        ContractError::IncidentTooOld {
            time: now.minus_seconds(15 * DAY),
            oldest: now.minus_seconds(14 * DAY)
        }
    );
    assert_eq!(
        court_err(s.set_report_terms(DISCRETIONARY_PRODUCT, Decimal::percent(30))),
        ContractError::WrongClaimMethod {
            product_id: DISCRETIONARY_PRODUCT,
            expected: ClaimMethod::Parametric
        }
    );
    assert_eq!(
        court_err(s.set_report_terms(77, Decimal::percent(30))),
        ContractError::ProductNotFound { product_id: 77 }
    );
    assert_eq!(
        court_err(s.execute_court(&reporter, &report(t_incident, 77), &coins(5_000, DENOM))),
        ContractError::ProductNotFound { product_id: 77 }
    );
    assert_eq!(s.balance(&reporter), 10_000);
    assert_eq!(s.court_state().incidents_recorded, 0);

    let incident_id = s
        .report_incident(&reporter, PARAMETRIC_PRODUCT, t_incident, 5_000)
        .unwrap();
    assert_eq!(s.incident(incident_id).payout_ratio, Decimal::percent(30));
    assert_eq!(s.court_state().escrow, Uint128::new(5_000));
    assert_eq!(
        court_err(s.claim_incident(&holder, incident_id, cover_id)),
        ContractError::WrongIncidentStatus {
            incident_id,
            status: IncidentStatus::Reported
        }
    );
    assert_eq!(
        court_err(s.confirm_incident(&keeper, incident_id)),
        ContractError::DisputeWindowOpen {
            incident_id,
            ends: ts(now, 2 * DAY)
        }
    );
    s.advance_time(2 * DAY);
    assert!(s.incident(incident_id).confirmable);
    let disputer = s.addr("disputer");
    s.fund(&disputer, 5_000);
    assert_eq!(
        court_err(s.dispute_incident(&disputer, incident_id, 5_000)),
        ContractError::DisputeWindowClosed {
            incident_id,
            ended: ts(now, 2 * DAY)
        }
    );
    s.confirm_incident(&keeper, incident_id).unwrap();
    // bond back with the reporter reward (from the claims fund the court pulled)
    assert_eq!(s.balance(&reporter), 10_010);
    let cs = s.court_state();
    assert_eq!(cs.reward_pool, Uint128::new(9));
    assert_eq!(cs.escrow, Uint128::zero());
    assert_eq!(s.incident(incident_id).status, IncidentStatus::Confirmed);
    assert_eq!(
        court_err(s.confirm_incident(&keeper, incident_id)),
        ContractError::WrongIncidentStatus {
            incident_id,
            status: IncidentStatus::Confirmed
        }
    );

    s.claim_incident(&holder, incident_id, cover_id).unwrap();
    assert_eq!(s.balance(&holder), 9_802 + 12_000);
    assert_eq!(s.pool_state().total_assets, Uint128::new(988_000));
    assert_eq!(s.cover(cover_id).remaining, Uint128::new(28_000));
    assert_books(s);
}

#[test]
fn a_disputed_report_upheld_by_governance_pays_the_reporter_both_bonds() {
    let mut w = world();
    let s = &mut w.suite;
    small_bonds(s);
    let holder = w.holder.clone();
    let (reporter, disputer) = (s.addr("reporter"), s.addr("disputer"));
    s.fund(&reporter, 5_000);
    s.fund(&disputer, 6_000);
    s.set_report_terms(PARAMETRIC_PRODUCT, Decimal::percent(100))
        .unwrap();
    let cover_id = buy_parametric(s, &holder);
    s.advance_time(3 * DAY);
    let t_incident = s.now();
    let incident_id = s
        .report_incident(&reporter, PARAMETRIC_PRODUCT, t_incident, 5_000)
        .unwrap();
    assert_eq!(
        court_err(s.dispute_incident(&disputer, incident_id, 6_000)),
        ContractError::WrongBond {
            required: Uint128::new(5_000),
            sent: Uint128::new(6_000)
        }
    );
    s.dispute_incident(&disputer, incident_id, 5_000).unwrap();
    let incident = s.incident(incident_id);
    assert_eq!(incident.status, IncidentStatus::Disputed);
    assert_eq!(incident.disputer, Some(disputer.clone()));
    assert_eq!(s.court_state().escrow, Uint128::new(10_000));
    s.fund(&disputer, 5_000);
    assert_eq!(
        court_err(s.dispute_incident(&disputer, incident_id, 5_000)),
        ContractError::WrongIncidentStatus {
            incident_id,
            status: IncidentStatus::Disputed
        }
    );
    s.advance_time(3 * DAY);
    assert_eq!(
        court_err(s.confirm_incident(&reporter, incident_id)),
        ContractError::WrongIncidentStatus {
            incident_id,
            status: IncidentStatus::Disputed
        }
    );
    s.sudo_court(GovernanceMsg::ResolveIncident {
        incident_id,
        valid: true,
    })
    .unwrap();
    assert_eq!(s.balance(&reporter), 10_000);
    assert_eq!(s.balance(&disputer), 6_000);
    assert_eq!(s.incident(incident_id).status, IncidentStatus::Confirmed);
    assert_eq!(s.court_state().escrow, Uint128::zero());
    assert_eq!(
        court_err(s.sudo_court(GovernanceMsg::ResolveIncident {
            incident_id,
            valid: false
        })),
        ContractError::WrongIncidentStatus {
            incident_id,
            status: IncidentStatus::Confirmed
        }
    );
    // a 100 % ratio pays the whole cover, once
    s.claim_incident(&holder, incident_id, cover_id).unwrap();
    assert_eq!(s.balance(&holder), 9_802 + 40_000);
    let policy = s.policy(cover_id);
    assert_eq!(policy.status, PolicyStatus::Paid);
    assert_books(s);
}

#[test]
fn a_disputed_report_rejected_by_governance_pays_the_disputer_and_nobody_claims() {
    let mut w = world();
    let s = &mut w.suite;
    small_bonds(s);
    let holder = w.holder.clone();
    let (reporter, disputer) = (s.addr("reporter"), s.addr("disputer"));
    s.fund(&reporter, 5_000);
    s.fund(&disputer, 5_000);
    s.set_report_terms(PARAMETRIC_PRODUCT, Decimal::percent(50))
        .unwrap();
    let cover_id = buy_parametric(s, &holder);
    s.advance_time(DAY);
    let t_incident = s.now();
    let incident_id = s
        .report_incident(&reporter, PARAMETRIC_PRODUCT, t_incident, 5_000)
        .unwrap();
    s.dispute_incident(&disputer, incident_id, 5_000).unwrap();
    let stranger = s.addr("stranger");
    assert_eq!(
        court_err(s.execute_court(
            &stranger,
            &ExecuteMsg::Governance(GovernanceMsg::ResolveIncident {
                incident_id,
                valid: true
            }),
            &[]
        )),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    s.court_governance(GovernanceMsg::ResolveIncident {
        incident_id,
        valid: false,
    })
    .unwrap();
    assert_eq!(s.balance(&reporter), 0);
    assert_eq!(s.balance(&disputer), 10_000);
    assert_eq!(s.incident(incident_id).status, IncidentStatus::Rejected);
    assert_eq!(
        court_err(s.claim_incident(&holder, incident_id, cover_id)),
        ContractError::WrongIncidentStatus {
            incident_id,
            status: IncidentStatus::Rejected
        }
    );
    assert_eq!(s.pool_state().total_assets, Uint128::new(1_000_000));
    assert_books(s);
}

#[test]
fn only_the_owner_claims_an_incident_and_discretionary_covers_cannot() {
    let mut w = world();
    let s = &mut w.suite;
    small_bonds(s);
    let holder = w.holder.clone();
    let operator = s.addr("operator");
    let reporter = s.addr("reporter");
    s.fund(&reporter, 5_000);
    let cover_id = buy_parametric(s, &holder);
    let disc = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 10_000, 30 * DAY)
        .unwrap();
    s.approve_all_nfts(&holder, &operator).unwrap();
    // terms without a waiting period: a cover bought just before claims
    s.set_terms(
        PARAMETRIC_PRODUCT,
        Some(ParametricTerms {
            payout_ratio: Decimal::percent(25),
            waiting_period: 0,
            trigger: None,
        }),
    )
    .unwrap();
    let t = s.now();
    let incident_id = s
        .report_incident(&reporter, PARAMETRIC_PRODUCT, t, 5_000)
        .unwrap();
    s.advance_time(2 * DAY);
    s.confirm_incident(&reporter, incident_id).unwrap();
    let before = s.balance(&holder);
    // an operator (as a marketplace is) cannot claim for the owner; the owner can
    assert_eq!(
        court_err(s.claim_incident(&operator, incident_id, cover_id)),
        ContractError::NotCoverHolder {
            sender: operator.clone(),
            cover_id
        }
    );
    assert_eq!(s.balance(&holder), before);
    s.claim_incident(&holder, incident_id, cover_id).unwrap();
    assert_eq!(s.balance(&holder), before + 10_000);
    assert_eq!(s.balance(&operator), 0);
    assert_eq!(
        court_err(s.claim_incident(&holder, incident_id, disc)),
        ContractError::WrongProduct {
            cover_id: disc,
            cover_product: DISCRETIONARY_PRODUCT,
            incident_id,
            incident_product: PARAMETRIC_PRODUCT
        }
    );
    assert_books(s);
}

// --- governance, queries, migration ---

#[test]
fn governance_sets_parameters_through_its_address_and_sudo() {
    let mut w = world();
    let s = &mut w.suite;
    let config = s.court_config();
    assert_eq!(config.collateral_denom, DENOM);
    assert_eq!(config.assessor_denom, ASSESSOR_DENOM);
    assert_eq!(config.risk_pool, s.pool);
    assert_eq!(config.cover_nft, s.cover_nft);
    assert_eq!(config.params.supermajority, Decimal::percent(67));
    assert_eq!(config.params.voting_period, 3 * DAY);
    assert_eq!(config.params.min_deposit_ratio, Decimal::percent(5));

    let mut params = config.params;
    params.quorum = Decimal::percent(40);
    s.court_governance(GovernanceMsg::UpdateParams {
        params: params.clone(),
    })
    .unwrap();
    assert_eq!(s.court_config().params.quorum, Decimal::percent(40));
    params.supermajority = Decimal::percent(75);
    s.sudo_court(GovernanceMsg::UpdateParams {
        params: params.clone(),
    })
    .unwrap();
    assert_eq!(s.court_config().params.supermajority, Decimal::percent(75));
    for (bad, reason) in [
        {
            let mut p = params.clone();
            p.supermajority = Decimal::percent(50);
            (p, ParamError::Supermajority)
        },
        {
            let mut p = params.clone();
            p.min_deposit_ratio = Decimal::zero();
            (p, ParamError::MinDepositRatio)
        },
        {
            let mut p = params.clone();
            p.voting_period = 0;
            (p, ParamError::VotingPeriod)
        },
        {
            let mut p = params.clone();
            p.voter_cap = Decimal::percent(101);
            (p, ParamError::VoterCap)
        },
        {
            let mut p = params.clone();
            p.min_quorum = Uint128::zero();
            (p, ParamError::MinQuorum)
        },
    ] {
        assert_eq!(
            court_err(s.sudo_court(GovernanceMsg::UpdateParams { params: bad })),
            ContractError::InvalidParams { reason }
        );
    }
    let stranger = s.addr("stranger");
    assert_eq!(
        court_err(s.execute_court(
            &stranger,
            &ExecuteMsg::Governance(GovernanceMsg::UpdateParams { params }),
            &[]
        )),
        ContractError::Unauthorized(Unauthorized {
            sender: stranger.clone(),
            role: Authority::Governance
        })
    );
    // the bond denom cannot change under bonded assessors
    assert_eq!(
        court_err(s.sudo_court(GovernanceMsg::UpdateConfig {
            governance: None,
            risk_pool: None,
            cover_nft: None,
            assessor_denom: Some("uother".to_string()),
        })),
        ContractError::BondsOutstanding {
            bonded: Uint128::new(1_000)
        }
    );
    let new_gov = s.addr("new_gov");
    s.sudo_court(GovernanceMsg::UpdateConfig {
        governance: Some(new_gov.to_string()),
        risk_pool: None,
        cover_nft: None,
        assessor_denom: None,
    })
    .unwrap();
    assert_eq!(s.court_config().governance, new_gov);
    assert_eq!(
        court_err(s.court_governance(GovernanceMsg::ResolveClaim {
            claim_id: 1,
            accept: true
        })),
        ContractError::Unauthorized(Unauthorized {
            sender: s.governance.clone(),
            role: Authority::Governance
        })
    );

    // migrate by the admin (governance)
    let code_id = s
        .app
        .wrap()
        .query_wasm_contract_info(&s.claims_court)
        .unwrap()
        .code_id;
    let gov = s.governance.clone();
    let court = s.claims_court.clone();
    s.app
        .migrate_contract(gov, court, &MigrateMsg {}, code_id)
        .unwrap();
}

#[test]
fn list_queries_paginate() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let s = &mut w.suite;
    let holder = w.holder.clone();
    let keeper = w.keeper.clone();
    s.fund(&holder, 10_000);
    let mut ids = vec![];
    for _ in 0..3 {
        let id = s.file_claim(&holder, cover_id, 10_000, 500).unwrap();
        s.vote(&w.a[0], id, false).unwrap();
        s.advance_time(4 * DAY);
        s.execute_claim(&keeper, id).unwrap();
        ids.push(id);
    }
    let all = s.claims_by_cover(cover_id, None).claims;
    assert_eq!(
        all.iter().map(|c| c.claim_id).collect::<Vec<_>>(),
        ids.clone()
    );
    let rest = s.claims_by_cover(cover_id, Some(ids[0])).claims;
    assert_eq!(
        rest.iter().map(|c| c.claim_id).collect::<Vec<_>>(),
        ids[1..].to_vec()
    );
    assert_eq!(s.claims_by_claimant(&holder, Some(ids[1])).claims.len(), 1);
    assert!(s.claims_by_cover(cover_id + 1, None).claims.is_empty());
    let votes = s.assessor_votes(&w.a[0], None).votes;
    assert_eq!(votes.len(), 3);
    assert!(votes.iter().all(|v| v.settleable && !v.approve));
    assert_eq!(s.assessor_votes(&w.a[0], Some(ids[2])).votes.len(), 0);
    // the lone denier of each claim takes min(1 % of 10_000, the pool)
    let pending: Uint128 = votes.iter().map(|v| v.pending_reward).sum();
    assert_eq!(pending, Uint128::new(300));
    let position = s.assessor(&w.a[0]);
    assert_eq!(position.open_votes, 3);
    assert_eq!(position.bonded, Uint128::new(400));
    for id in &ids {
        s.settle_vote(&keeper, *id, &w.a[0]).unwrap();
    }
    assert_eq!(s.balance(&w.a[0]), 300);
    assert_eq!(s.assessor(&w.a[0]).open_votes, 0);
    assert_eq!(
        court_err(s.execute_court(
            &keeper,
            &ExecuteMsg::SettleVote {
                claim_id: 99,
                voter: None
            },
            &[]
        )),
        ContractError::ClaimNotFound { claim_id: 99 }
    );
    assert!(s.incidents(PARAMETRIC_PRODUCT, None).incidents.is_empty());
    assert_books(s);
}

#[test]
fn the_reserve_follows_open_claims_and_confirmed_incidents() {
    let mut w = world();
    let cover_id = buy_discretionary(&mut w);
    let claim_id = file_50k(&mut w, cover_id);
    let s = &mut w.suite;
    let holder = w.holder.clone();
    let keeper = w.keeper.clone();
    assert_eq!(s.reserved_claims(), 50_000);
    assert_eq!(s.court_state().reserved_claims, Uint128::new(50_000));
    for a in &w.a[..2] {
        s.vote(a, claim_id, true).unwrap();
    }

    // a confirmed incident reserves its ratio of the product's active cover
    let parametric = buy_parametric(s, &holder);
    let oracle = s.deploy_mock_oracle(&[("USDC", Decimal::one())]);
    s.set_price_trigger(
        PARAMETRIC_PRODUCT,
        &oracle,
        "USDC",
        Decimal::percent(95),
        Decimal::percent(50),
    )
    .unwrap();
    s.advance_time(4 * DAY);
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let incident_id = s.check_trigger(&keeper, PARAMETRIC_PRODUCT).unwrap();
    assert_eq!(s.incident(incident_id).reserved, Uint128::new(20_000));
    assert_eq!(s.reserved_claims(), 70_000);
    s.claim_incident(&holder, incident_id, parametric).unwrap();
    assert_eq!(s.incident(incident_id).reserved, Uint128::zero());
    assert_eq!(s.reserved_claims(), 50_000);

    // the claim is executed: its reserve is released whatever the outcome
    s.advance_time(DAY);
    s.execute_claim(&keeper, claim_id).unwrap();
    assert_eq!(s.reserved_claims(), 0);

    // an incident nobody claims reserves until its window ends, then anyone closes it
    s.advance_time(7 * DAY);
    s.set_price(&oracle, "USDC", Decimal::one(), None);
    s.check_trigger_response(&keeper, PARAMETRIC_PRODUCT)
        .unwrap();
    s.advance_time(DAY);
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let second = s.check_trigger(&keeper, PARAMETRIC_PRODUCT).unwrap();
    // the product's active cover is the 20_000 left: 50 % of it
    assert_eq!(
        s.product(PARAMETRIC_PRODUCT).active_cover,
        Uint128::new(20_000)
    );
    assert_eq!(s.reserved_claims(), 10_000);
    let claim_end = s.incident(second).claim_end.unwrap();
    assert_eq!(
        court_err(s.close_incident(&keeper, second)),
        ContractError::ClaimWindowOpen {
            incident_id: second,
            ends: claim_end
        }
    );
    s.advance_time(30 * DAY + 1);
    s.close_incident(&keeper, second).unwrap();
    assert_eq!(s.reserved_claims(), 0);
    assert_eq!(
        court_err(s.close_incident(&keeper, second)),
        ContractError::NothingReserved {
            incident_id: second
        }
    );
    assert_books(s);
}

#[test]
fn claims_name_the_incident_they_are_for_and_their_payouts_carry_it() {
    let mut w = world();
    let s = &mut w.suite;
    small_bonds(s);
    let (holder, keeper) = (w.holder.clone(), w.keeper.clone());
    let (victim, reporter) = (s.addr("victim"), s.addr("reporter"));
    s.fund(&victim, 10_000);
    s.fund(&reporter, 5_000);
    let first = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .unwrap();
    let second = s
        .buy_cover(&victim, DISCRETIONARY_PRODUCT, 50_000, 90 * DAY)
        .unwrap();
    let parametric = buy_parametric(s, &holder);
    s.advance_time(DAY);
    // an exploit of the covered protocol, reported with a bond: it pays
    // nothing by itself and earns no reward, it names the event
    let t = s.now();
    let exploit = s
        .report_incident(&reporter, DISCRETIONARY_PRODUCT, t, 5_000)
        .unwrap();
    let incident = s.incident(exploit);
    assert!(incident.event_only);
    assert_eq!(incident.payout_ratio, Decimal::zero());
    s.advance_time(2 * DAY);
    s.confirm_incident(&keeper, exploit).unwrap();
    assert_eq!(s.balance(&reporter), 5_000);
    assert_eq!(s.reserved_claims(), 0);
    assert_eq!(
        court_err(s.claim_incident(&holder, exploit, first)),
        ContractError::EventOnlyIncident {
            incident_id: exploit
        }
    );
    // a claim names an incident of its own product only
    assert_eq!(
        court_err(s.file_claim_for(&holder, parametric, 1_000, 50, Some(exploit))),
        ContractError::WrongClaimMethod {
            product_id: PARAMETRIC_PRODUCT,
            expected: ClaimMethod::Discretionary
        }
    );
    assert_eq!(
        court_err(s.file_claim_for(&holder, first, 1_000, 50, Some(9))),
        ContractError::IncidentNotFound { incident_id: 9 }
    );
    let a = s
        .file_claim_for(&holder, first, 40_000, 2_000, Some(exploit))
        .unwrap();
    let b = s
        .file_claim_for(&victim, second, 20_000, 1_000, Some(exploit))
        .unwrap();
    let plain = s.file_claim(&holder, parametric, 1_000, 50);
    assert_eq!(
        court_err(plain),
        ContractError::WrongClaimMethod {
            product_id: PARAMETRIC_PRODUCT,
            expected: ClaimMethod::Discretionary
        }
    );
    assert_eq!(s.claim(a).incident_id, Some(exploit));
    for id in [a, b] {
        for v in &w.a[..2] {
            s.vote(v, id, true).unwrap();
        }
    }
    s.advance_time(5 * DAY);
    for (id, amount) in [(a, 40_000u128), (b, 20_000)] {
        let res = s.execute_claim(&keeper, id).unwrap();
        assert_eq!(
            attribute(&res, "loss_event"),
            Some(format!("incident-{exploit}"))
        );
        assert_eq!(s.claim(id).paid, Uint128::new(amount));
    }
    assert_eq!(s.reserved_claims(), 0);
    assert_books(s);
}

#[test]
fn governance_dropping_a_fired_trigger_releases_the_breach_but_not_the_past_event() {
    let mut w = world();
    let s = &mut w.suite;
    small_bonds(s);
    let keeper = w.keeper.clone();
    let reporter = s.addr("reporter");
    s.fund(&reporter, 5_000);
    let oracle = s.deploy_mock_oracle(&[("USDC", Decimal::percent(90))]);
    s.set_price_trigger(
        PARAMETRIC_PRODUCT,
        &oracle,
        "USDC",
        Decimal::percent(95),
        Decimal::percent(50),
    )
    .unwrap();
    let fired = s.check_trigger(&keeper, PARAMETRIC_PRODUCT).unwrap();
    assert_eq!(s.terms(PARAMETRIC_PRODUCT).open_incident, Some(fired));
    s.advance_time(DAY);
    // the oracle is retired: the product becomes report-only
    s.set_report_terms(PARAMETRIC_PRODUCT, Decimal::percent(50))
        .unwrap();
    let now = s.now();
    let terms = s.terms(PARAMETRIC_PRODUCT);
    assert_eq!(terms.breach_since, None);
    assert_eq!(terms.open_incident, None);
    assert_eq!(terms.next_event_from, Some(ts(now, 0)));
    let inside = now.minus_seconds(HOUR);
    assert_eq!(
        court_err(s.report_incident(&reporter, PARAMETRIC_PRODUCT, inside, 5_000)),
        ContractError::IncidentInPastEvent {
            time: inside,
            next_event_from: ts(now, 0)
        }
    );
    assert_eq!(s.balance(&reporter), 5_000);
    assert_books(s);
}
