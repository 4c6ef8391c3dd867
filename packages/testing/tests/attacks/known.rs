//! Attacks that already fail, kept so they keep failing: each performs the
//! attack on the deployed protocol and asserts the attacker's balance (no
//! profit) and the victims' values. The last test sends bad inputs to every
//! execute message of every contract (see `bad_inputs`).

use cosmwasm_std::{coins, Addr, Decimal, Uint128};
use cw_multi_test::Executor;
use insurance_common::claims_court::ClaimStatus;
use insurance_common::cover_nft;
use insurance_common::risk_pool::{PoolParams, DAY};
use insurance_common::tranche_vault::Tranche;
use insurance_testing::court::{attribute, ASSESSOR_DENOM};
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{Suite, SuiteBuilder, DENOM};

/// One collateral token (6 decimals).
const UNIT: u128 = 1_000_000;
/// Each of the four assessors bonds this much: far above any quorum floor.
const BOND: u128 = 1_000_000 * UNIT;

fn pool_err(res: anyhow::Result<impl std::fmt::Debug>) -> risk_pool::ContractError {
    res.unwrap_err().downcast().expect("a risk pool error")
}

fn court_err(res: anyhow::Result<impl std::fmt::Debug>) -> claims_court::ContractError {
    res.unwrap_err().downcast().expect("a claims court error")
}

fn nft_err(res: anyhow::Result<impl std::fmt::Debug>) -> ::cover_nft::ContractError {
    res.unwrap_err().downcast().expect("a cover nft error")
}

/// Four assessors with equal bonds (each vote counts 25 %).
fn bond_assessors(s: &mut Suite) -> Vec<Addr> {
    (0..4)
        .map(|i| {
            let a = s.addr(&format!("assessor{i}"));
            s.fund_and_bond(&a, BOND).unwrap();
            a
        })
        .collect()
}

/// Files a claim with the minimum deposit and has every assessor approve it;
/// returns once it is executable.
fn accepted_claim(
    s: &mut Suite,
    assessors: &[Addr],
    holder: &Addr,
    cover: u64,
    amount: u128,
) -> u64 {
    let id = s
        .file_claim(holder, cover, amount, (amount * 5).div_ceil(100))
        .unwrap();
    for a in assessors {
        s.vote(a, id, true).unwrap();
    }
    let p = s.court_config().params;
    s.advance_time(p.voting_period + p.cooldown_period + 1);
    assert_eq!(s.claim(id).status, ClaimStatus::Executable);
    id
}

/// Requests unbonding of all a staker's shares; returns the unbonding id.
fn unbond_all(s: &mut Suite, staker: &Addr) -> u64 {
    let shares = s.staker(staker).shares;
    let res = s.request_unbond(staker, shares).unwrap();
    attribute(&res, "unbonding_id").unwrap().parse().unwrap()
}

#[test]
fn first_depositor_donation_inflation_attack_fails() {
    let donation = 1_000_000 * UNIT;
    let mut s = SuiteBuilder::new()
        .with_funds("attacker", donation + 1)
        .with_funds("victim", 1_000 * UNIT)
        .build();
    let (attacker, victim) = (s.addr("attacker"), s.addr("victim"));
    // the attacker is first, with one unit, then donates to the pool directly
    s.deposit(&attacker, 1).unwrap();
    let pool = s.pool.clone();
    s.app
        .send_tokens(attacker.clone(), pool, &coins(donation, DENOM))
        .unwrap();
    // the donation does not move the share price: the victim's shares are
    // worth the deposit to the unit
    s.deposit(&victim, 1_000 * UNIT).unwrap();
    assert_eq!(s.staker(&victim).value.u128(), 1_000 * UNIT);
    assert_eq!(s.pool_state().total_assets.u128(), 1_000 * UNIT + 1);

    // both leave
    let a = unbond_all(&mut s, &attacker);
    let v = unbond_all(&mut s, &victim);
    s.advance_time(PoolParams::default().unbonding_period);
    s.withdraw(&attacker, a).unwrap();
    s.withdraw(&victim, v).unwrap();
    // the attacker gets its unit back at most and loses the donation
    assert!(s.balance(&attacker) <= 1);
    // the victim gets the whole deposit back
    assert_eq!(s.balance(&victim), 1_000 * UNIT);
}

#[test]
fn unbonding_just_before_a_payout_dodges_none_of_the_loss() {
    let stake = 1_000_000 * UNIT;
    let mut s = SuiteBuilder::new()
        .with_funds("victim", stake)
        .with_funds("attacker", stake)
        .with_funds("holder", 100_000 * UNIT)
        .build();
    let (victim, attacker, holder) = (s.addr("victim"), s.addr("attacker"), s.addr("holder"));
    s.deposit(&victim, stake).unwrap();
    s.deposit(&attacker, stake).unwrap();
    let assessors = bond_assessors(&mut s);
    let cover = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 200_000 * UNIT, 180 * DAY)
        .unwrap();
    let loss = 100_000 * UNIT;
    let claim = accepted_claim(&mut s, &assessors, &holder, cover, loss);
    // the attacker sees the accepted claim and starts unbonding before it is paid
    let id = unbond_all(&mut s, &attacker);
    let keeper = s.addr("keeper");
    s.execute_claim(&keeper, claim).unwrap();
    assert_eq!(s.claim(claim).paid.u128(), loss);
    s.advance_time(PoolParams::default().unbonding_period);
    s.withdraw(&attacker, id).unwrap();
    // unbonding shares bore the loss pro rata: half of it each
    let attacker_got = s.balance(&attacker);
    let victim_value = s.staker(&victim).value.u128();
    assert!(
        attacker_got <= stake - loss / 2,
        "attacker got {attacker_got}"
    );
    assert!(stake - loss / 2 - attacker_got <= 1);
    assert!(
        victim_value >= stake - loss / 2 - 1,
        "victim holds {victim_value}"
    );
    assert!(victim_value + attacker_got <= 2 * stake - loss);
}

#[test]
fn staking_just_before_premium_income_captures_none_of_it() {
    let stake = 1_000_000 * UNIT;
    let mut s = SuiteBuilder::new()
        .with_funds("victim", stake)
        .with_funds("attacker", stake)
        .with_funds("buyer", 100_000 * UNIT)
        .build();
    let (victim, attacker, buyer) = (s.addr("victim"), s.addr("attacker"), s.addr("buyer"));
    s.deposit(&victim, stake).unwrap();
    let q = s
        .quote(DISCRETIONARY_PRODUCT, 500_000 * UNIT, 365 * DAY)
        .unwrap();
    s.buy_cover(&buyer, DISCRETIONARY_PRODUCT, 500_000 * UNIT, 365 * DAY)
        .unwrap();
    s.advance_time(100 * DAY);
    let earned = s.staker(&victim).pending_rewards;
    assert!(!earned.is_zero());
    // the attacker stakes as much as the victim, late, and claims at once
    s.deposit(&attacker, stake).unwrap();
    assert_eq!(
        pool_err(s.claim_rewards(&attacker)),
        risk_pool::ContractError::NoRewards {}
    );
    assert_eq!(s.staker(&victim).pending_rewards, earned);
    // a day later the attacker has half of one day's stream at most
    s.advance_time(DAY);
    let day = q.to_stakers.u128() / 365;
    let attacker_rewards = s.staker(&attacker).pending_rewards.u128();
    let victim_gain = s.staker(&victim).pending_rewards.u128() - earned.u128();
    assert!(
        attacker_rewards <= day / 2 + 1,
        "{attacker_rewards} of {day}"
    );
    // equal stakes earn equally from the attacker's arrival on, no more
    assert!(victim_gain > 0);
    assert!(
        attacker_rewards <= victim_gain + 1,
        "{attacker_rewards} vs {victim_gain}"
    );
    // and leaving right away returns the stake, nothing more
    s.claim_rewards(&attacker).unwrap();
    let id = unbond_all(&mut s, &attacker);
    s.advance_time(PoolParams::default().unbonding_period);
    s.withdraw(&attacker, id).unwrap();
    assert!(s.balance(&attacker) <= stake + day / 2 + 1);
}

#[test]
fn double_claim_by_transferring_the_nft_after_a_payout_fails() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 2_000_000 * UNIT)
        .with_funds("holder", 100_000 * UNIT)
        .build();
    let (staker, holder, accomplice) = (s.addr("staker"), s.addr("holder"), s.addr("accomplice"));
    s.fund(&accomplice, 10_000 * UNIT);
    s.deposit(&staker, 2_000_000 * UNIT).unwrap();
    let assessors = bond_assessors(&mut s);
    let amount = 100_000 * UNIT;
    let cover = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, amount, 180 * DAY)
        .unwrap();
    let holder_before = s.balance(&holder);
    let capital_before = s.pool_state().total_assets.u128();
    let claim = s.file_claim(&holder, cover, amount, amount / 20).unwrap();
    // while the claim is open the NFT cannot move
    let nft = s.cover_nft.clone();
    let transfer = |to: &Addr| cover_nft::ExecuteMsg::TransferNft {
        recipient: to.to_string(),
        token_id: cover.to_string(),
    };
    assert_eq!(
        nft_err(
            s.app
                .execute_contract(holder.clone(), nft.clone(), &transfer(&accomplice), &[])
        ),
        ::cover_nft::ContractError::TokenLocked {
            token_id: cover.to_string()
        }
    );
    for a in &assessors {
        s.vote(a, claim, true).unwrap();
    }
    let p = s.court_config().params;
    s.advance_time(p.voting_period + p.cooldown_period + 1);
    let keeper = s.addr("keeper");
    s.execute_claim(&keeper, claim).unwrap();
    // claim, transfer, claim again: nothing is left to claim
    s.app
        .execute_contract(holder.clone(), nft, &transfer(&accomplice), &[])
        .unwrap();
    assert_eq!(
        court_err(s.file_claim(&accomplice, cover, UNIT, UNIT)),
        claims_court::ContractError::ExceedsRemainingCover {
            requested: Uint128::new(UNIT),
            remaining: Uint128::zero(),
        }
    );
    assert_eq!(s.balance(&holder), holder_before + amount);
    assert_eq!(s.balance(&accomplice), 10_000 * UNIT);
    assert_eq!(s.pool_state().total_assets.u128(), capital_before - amount);
    assert_eq!(s.cover(cover).remaining, Uint128::zero());
}

#[test]
fn double_incident_claim_by_transferring_the_nft_fails() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 2_000_000 * UNIT)
        .with_funds("holder", 100_000 * UNIT)
        .build();
    let (staker, holder, accomplice, keeper) = (
        s.addr("staker"),
        s.addr("holder"),
        s.addr("accomplice"),
        s.addr("keeper"),
    );
    s.deposit(&staker, 2_000_000 * UNIT).unwrap();
    let oracle = s.deploy_mock_oracle(&[("USDX", Decimal::one())]);
    s.set_price_trigger(
        PARAMETRIC_PRODUCT,
        &oracle,
        "USDX",
        Decimal::percent(95),
        Decimal::percent(50),
    )
    .unwrap();
    let amount = 100_000 * UNIT;
    let cover = s
        .buy_cover(&holder, PARAMETRIC_PRODUCT, amount, 180 * DAY)
        .unwrap();
    s.advance_time(15 * DAY);
    s.set_price(&oracle, "USDX", Decimal::percent(90), None);
    let incident = s.check_trigger(&keeper, PARAMETRIC_PRODUCT).unwrap();
    let holder_before = s.balance(&holder);
    let capital_before = s.pool_state().total_assets.u128();
    s.claim_incident(&holder, incident, cover).unwrap();
    // incident claim, transfer, claim again
    let nft = s.cover_nft.clone();
    s.app
        .execute_contract(
            holder.clone(),
            nft,
            &cover_nft::ExecuteMsg::TransferNft {
                recipient: accomplice.to_string(),
                token_id: cover.to_string(),
            },
            &[],
        )
        .unwrap();
    assert_eq!(
        court_err(s.claim_incident(&accomplice, incident, cover)),
        claims_court::ContractError::IncidentAlreadyClaimed {
            incident_id: incident,
            cover_id: cover,
        }
    );
    assert_eq!(s.balance(&holder), holder_before + amount / 2);
    assert_eq!(s.balance(&accomplice), 0);
    assert_eq!(
        s.pool_state().total_assets.u128(),
        capital_before - amount / 2
    );
}

#[test]
fn moving_an_assessor_bond_to_a_second_address_to_vote_twice_fails() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 2_000_000 * UNIT)
        .with_funds("holder", 100_000 * UNIT)
        .build();
    let (staker, holder) = (s.addr("staker"), s.addr("holder"));
    s.deposit(&staker, 2_000_000 * UNIT).unwrap();
    let honest = bond_assessors(&mut s);
    // the attacker bonds as much as one honest assessor, from its first address
    let (first, second) = (s.addr("attacker1"), s.addr("attacker2"));
    s.fund_and_bond(&first, BOND).unwrap();
    let cover = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 100_000 * UNIT, 180 * DAY)
        .unwrap();
    let claim = s
        .file_claim(&holder, cover, 50_000 * UNIT, 2_500 * UNIT)
        .unwrap();
    s.vote(&first, claim, false).unwrap();
    let weight = s.claim(claim).tally.votes_against;
    // the bond cannot leave the first address while its vote may count
    let until = s.claim(claim).voting_end;
    assert!(matches!(
        court_err(s.unbond(&first, BOND)),
        claims_court::ContractError::BondLocked { .. }
    ));
    // the second address has nothing bonded to vote with
    assert_eq!(
        court_err(s.vote(&second, claim, false)),
        claims_court::ContractError::NoVotingWeight {
            voter: second.clone()
        }
    );
    for a in &honest {
        s.vote(a, claim, true).unwrap();
    }
    // once the lock ends, voting has ended too: the moved bond comes too late
    let now = s.now().seconds();
    let lock_end = s
        .assessor(&first)
        .locked_until
        .seconds()
        .max(until.seconds());
    s.advance_time(lock_end - now);
    s.unbond(&first, BOND).unwrap();
    s.fund_and_bond(&second, BOND).unwrap();
    assert!(matches!(
        court_err(s.vote(&second, claim, false)),
        claims_court::ContractError::VotingClosed { .. }
    ));
    let tally = s.claim(claim).tally;
    assert_eq!(
        tally.votes_against, weight,
        "the attacker's weight counts once"
    );
    assert_eq!(tally.voters_against, 1);
    // the honest majority decided; the attacker's first bond still waits for its
    // vote to be settled (and slashed)
    let p = s.court_config().params;
    s.advance_time(p.cooldown_period + p.appeal_window + 1);
    let keeper = s.addr("keeper");
    s.execute_claim(&keeper, claim).unwrap();
    assert_eq!(s.claim(claim).status, ClaimStatus::Paid);
    s.advance_time(p.assessor_unbonding_period);
    assert_eq!(
        court_err(s.withdraw_bond(&first)),
        claims_court::ContractError::UnsettledVotes { count: 1 }
    );
    s.settle_vote(&keeper, claim, &first).unwrap();
    s.withdraw_bond(&first).unwrap();
    // voting against the outcome cost a slash; the second bond is just a bond
    let first_back = s.balance_of(&first, ASSESSOR_DENOM);
    assert!(first_back < BOND, "the attacker got {first_back} back");
    assert_eq!(s.assessor(&second).bonded.u128(), BOND);
}

#[test]
fn tranche_sandwich_around_a_harvest_captures_no_past_income() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000 * UNIT)
        .with_funds("junior", 500_000 * UNIT)
        .with_funds("senior", 1_000_000 * UNIT)
        .with_funds("attacker", 1_000_000 * UNIT)
        .with_funds("buyer", 100_000 * UNIT)
        .build();
    s.deploy_tranche_vault();
    let (staker, junior, senior, attacker, buyer, keeper) = (
        s.addr("staker"),
        s.addr("junior"),
        s.addr("senior"),
        s.addr("attacker"),
        s.addr("buyer"),
        s.addr("keeper"),
    );
    s.deposit(&staker, 1_000_000 * UNIT).unwrap();
    s.deposit_junior(&junior, 500_000 * UNIT).unwrap();
    s.deposit_senior(&senior, 1_000_000 * UNIT).unwrap();
    s.buy_cover(&buyer, DISCRETIONARY_PRODUCT, 2_000_000 * UNIT, 365 * DAY)
        .unwrap();
    s.advance_time(60 * DAY);
    let junior_before = s.tranche(Tranche::Junior).value.u128();
    // deposit right before the harvest, harvest, redeem right after
    s.deposit_junior(&attacker, 1_000_000 * UNIT).unwrap();
    s.harvest(&keeper).unwrap();
    let tokens = s.tranche_balance(Tranche::Junior, &attacker);
    let id = s.redeem(&attacker, Tranche::Junior, tokens).unwrap();
    s.advance_time(PoolParams::default().unbonding_period);
    s.withdraw_redemption(&attacker, id).unwrap();
    assert!(
        s.balance(&attacker) <= 1_000_000 * UNIT,
        "the attacker left with {}",
        s.balance(&attacker)
    );
    // the junior holder kept what it had earned before the attacker came
    assert!(s.tranche(Tranche::Junior).value.u128() + 1 >= junior_before);
}

#[test]
fn tranche_sandwich_around_a_loss_escapes_none_of_it() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000 * UNIT)
        .with_funds("stayer", 400_000 * UNIT)
        .with_funds("leaver", 400_000 * UNIT)
        .with_funds("senior", 2_000_000 * UNIT)
        .with_funds("holder", 100_000 * UNIT)
        .build();
    s.deploy_tranche_vault();
    let (staker, stayer, leaver, senior, holder, keeper) = (
        s.addr("staker"),
        s.addr("stayer"),
        s.addr("leaver"),
        s.addr("senior"),
        s.addr("holder"),
        s.addr("keeper"),
    );
    s.deposit(&staker, 1_000_000 * UNIT).unwrap();
    s.deposit_junior(&stayer, 400_000 * UNIT).unwrap();
    s.deposit_junior(&leaver, 400_000 * UNIT).unwrap();
    s.deposit_senior(&senior, 2_000_000 * UNIT).unwrap();
    let assessors = bond_assessors(&mut s);
    let cover = s
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 200_000 * UNIT, 180 * DAY)
        .unwrap();
    let loss = 200_000 * UNIT;
    let claim = accepted_claim(&mut s, &assessors, &holder, cover, loss);
    s.harvest(&keeper).unwrap();
    // the leaver sees the accepted claim and redeems all its junior first
    let stayer_before = s.tranche_balance(Tranche::Junior, &stayer);
    let price_before = s.tranche(Tranche::Junior).price;
    let tokens = s.tranche_balance(Tranche::Junior, &leaver);
    let id = s.redeem(&leaver, Tranche::Junior, tokens).unwrap();
    let requested = s.redemption(&leaver, id).unwrap().requested_value.u128();
    s.execute_claim(&keeper, claim).unwrap();
    // the pending redemption bears the junior loss like the tokens that stayed
    let price_after = s.tranche(Tranche::Junior).price;
    assert!(price_after < price_before);
    let pending = s.redemption(&leaver, id).unwrap().value.u128();
    assert!(pending < requested, "the redemption escaped the loss");
    let stayer_value = (Decimal::from_ratio(stayer_before, 1u128) * price_after)
        .to_uint_floor()
        .u128();
    // the leaver lost at least the stayer's share of the loss (same holding)
    assert!(
        pending <= stayer_value + 2,
        "leaver {pending}, stayer {stayer_value}"
    );
    s.advance_time(PoolParams::default().unbonding_period);
    s.withdraw_redemption(&leaver, id).unwrap();
    assert!(s.balance(&leaver) <= stayer_value + 2);
    // senior stays whole while junior has value
    assert!(s.tranche(Tranche::Senior).value.u128() >= 2_000_000 * UNIT);
}
