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
use insurance_testing::assert::{court_err, nft_err, pool_err};
use insurance_testing::court::{attribute, ASSESSOR_DENOM};
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{Suite, SuiteBuilder, DENOM};

/// One collateral token (6 decimals).
const UNIT: u128 = 1_000_000;
/// Each of the four assessors bonds this much: far above any quorum floor.
const BOND: u128 = 1_000_000 * UNIT;

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

/// The stakers' share of a premium streams until the cover leaves the books,
/// the end of its claim window. An attacker stakes once the cover has ended,
/// to collect the rest of the stream without having backed the cover period.
/// It joins the cover's risk with its capital: a claim paid in the grace
/// period costs it its share, and it earns no more than an equal stake that
/// was there all along; here it leaves with less than it brought.
#[test]
fn staking_after_cover_ends_to_collect_the_grace_stream_bears_grace_claims() {
    let stake = 1_000_000 * UNIT;
    let mut s = SuiteBuilder::new()
        .with_funds("victim", stake)
        .with_funds("attacker", stake)
        .with_funds("buyer", 100_000 * UNIT)
        .build();
    let (victim, attacker, buyer) = (s.addr("victim"), s.addr("attacker"), s.addr("buyer"));
    s.deposit(&victim, stake).unwrap();
    let cover_id = s
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 500_000 * UNIT, 365 * DAY)
        .unwrap();
    let to_stakers = s.pool_state().reward_reserve.u128();
    // the cover has ended; claims may be filed for 30 more days
    s.advance_time(365 * DAY + 1);
    let earned = s.staker(&victim).pending_rewards.u128();
    assert!(earned < to_stakers);
    s.deposit(&attacker, stake).unwrap();
    // a claim for an incident inside the cover period is paid in the grace period
    let loss = 100_000 * UNIT;
    s.payout(cover_id, &buyer, loss).unwrap();
    // past the end of the bucket the claim window ends in: all has streamed
    s.advance_time(40 * DAY);
    assert_eq!(s.pool_state().reward_rate, cosmwasm_std::Decimal256::zero());
    let attacker_rewards = s.staker(&attacker).pending_rewards.u128();
    let victim_gain = s.staker(&victim).pending_rewards.u128() - earned;
    assert!(attacker_rewards > 0);
    assert!(
        attacker_rewards <= victim_gain + 1,
        "{attacker_rewards} vs {victim_gain}"
    );
    assert!(earned + victim_gain + attacker_rewards <= to_stakers);
    // equal stakes bear the loss equally
    let (a, v) = (
        s.staker(&attacker).value.u128(),
        s.staker(&victim).value.u128(),
    );
    assert!(a.abs_diff(v) <= 1, "{a} vs {v}");
    assert!(a <= stake - loss / 2 + 1, "{a}");
    s.claim_rewards(&attacker).unwrap();
    let id = unbond_all(&mut s, &attacker);
    s.advance_time(PoolParams::default().unbonding_period);
    s.withdraw(&attacker, id).unwrap();
    assert!(
        s.balance(&attacker) < stake,
        "the attacker left with {} of {stake}",
        s.balance(&attacker)
    );
    // the victim keeps its share of the capital and of the premium
    assert!(s.staker(&victim).value.u128() >= stake - loss / 2 - 1);
    insurance_testing::assert::assert_pool_conserved(&s);
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
    assert_eq!(
        court_err(s.unbond(&first, BOND)),
        claims_court::ContractError::BondLocked {
            until: s.assessor(&first).locked_until
        }
    );
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
    assert_eq!(
        court_err(s.vote(&second, claim, false)),
        claims_court::ContractError::VotingClosed {
            claim_id: claim,
            ended: s.claim(claim).voting_end
        }
    );
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
    // the first deposit locks a few tokens: the leaver's holding is then no larger than the stayer's
    s.deposit_junior(&leaver, 400_000 * UNIT).unwrap();
    s.deposit_junior(&stayer, 400_000 * UNIT).unwrap();
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

// ------------------------------------------------------------------ bad inputs

mod bad_inputs {
    //! Bad inputs to every execute message of every contract: each is refused
    //! with its contract's typed error variant, and nothing changes (every
    //! account's balance on both chains and every queried state).

    use super::UNIT;
    use cosmwasm_std::{
        coin, coins, to_json_binary, Addr, Binary, Coin, Decimal, Timestamp, Uint128,
    };
    use cw_multi_test::Executor;
    use insurance_common::claims_court as court;
    use insurance_common::cover_nft;
    use insurance_common::reinsurance_bridge::{self as bridge, LossId, Role};
    use insurance_common::risk_pool::{self as pool, ClaimMethod, LossEvent, ProductInfo, DAY};
    use insurance_common::tranche_vault::{self as vault, Tranche};
    use insurance_testing::court::ASSESSOR_DENOM;
    use insurance_testing::reinsurance::{
        quota_share_terms, ReinsuranceBuilder, ReinsuranceWorld, CAPITAL_PROVIDER, TREATY_ID,
    };
    use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
    use insurance_testing::{SuiteBuilder, DENOM};

    #[derive(Clone, Copy, Debug)]
    enum Target {
        Pool,
        Nft,
        Court,
        Vault,
        BridgeA,
        BridgeB,
    }

    struct Case {
        name: &'static str,
        target: Target,
        sender: Addr,
        msg: Binary,
        funds: Vec<Coin>,
        /// The contract's error variant expected.
        variant: &'static str,
    }

    fn case<T: serde::Serialize>(
        name: &'static str,
        target: Target,
        sender: &Addr,
        msg: &T,
        funds: Vec<Coin>,
        variant: &'static str,
    ) -> Case {
        Case {
            name,
            target,
            sender: sender.clone(),
            msg: to_json_binary(msg).unwrap(),
            funds,
            variant,
        }
    }

    /// The variant name of a contract error (`Unauthorized`, `Payment`, ...).
    fn variant_of(e: &anyhow::Error, target: Target) -> Option<String> {
        let name = |d: String| {
            let end = d
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(d.len());
            d[..end].to_string()
        };
        match target {
            Target::Pool => e
                .downcast_ref::<risk_pool::ContractError>()
                .map(|x| name(format!("{x:?}"))),
            Target::Nft => e
                .downcast_ref::<::cover_nft::ContractError>()
                .map(|x| name(format!("{x:?}"))),
            Target::Court => e
                .downcast_ref::<claims_court::ContractError>()
                .map(|x| name(format!("{x:?}"))),
            Target::Vault => e
                .downcast_ref::<tranche_vault::ContractError>()
                .map(|x| name(format!("{x:?}"))),
            Target::BridgeA | Target::BridgeB => e
                .downcast_ref::<reinsurance_bridge::ContractError>()
                .map(|x| name(format!("{x:?}"))),
        }
    }

    struct Fixture {
        w: ReinsuranceWorld,
        vault: Addr,
        staker: Addr,
        buyer: Addr,
        holder: Addr,
        assessor: Addr,
        outsider: Addr,
        reporter: Addr,
        /// Discretionary with an open claim; discretionary without; parametric.
        claimed: u64,
        free: u64,
        parametric: u64,
        claim: u64,
        incident: u64,
        unbonding: u64,
        redemption: u64,
    }

    /// Two chains with everything deployed and some of everything in flight:
    /// stake, an unbonding, tranche deposits and a redemption, three covers
    /// (one ceded and claimed), a claim in voting, a reported incident.
    fn fixture() -> Fixture {
        let mut terms = quota_share_terms(cosmwasm_std::testing::mock_env().block.time);
        terms.capacity = Uint128::new(100_000_000 * UNIT);
        let suite = SuiteBuilder::new()
            .with_funds("staker", 3_000_000 * UNIT)
            .with_funds("buyer", 1_000_000 * UNIT)
            .with_funds("holder", 2_000_000 * UNIT)
            .with_funds("reporter", 1_000 * UNIT)
            .with_funds("outsider", 1_000_000 * UNIT);
        let mut w = ReinsuranceBuilder::new(suite)
            .with_terms(terms)
            .with_capital(1_000_000 * UNIT)
            .build();
        let s = &mut w.cedent;
        let vault = s.deploy_tranche_vault();
        let (staker, buyer, holder, outsider, reporter) = (
            s.addr("staker"),
            s.addr("buyer"),
            s.addr("holder"),
            s.addr("outsider"),
            s.addr("reporter"),
        );
        s.fund_assessor(&outsider, 1_000 * UNIT);
        let oracle = s.deploy_mock_oracle(&[("USDX", Decimal::one())]);
        s.set_price_trigger(
            PARAMETRIC_PRODUCT,
            &oracle,
            "USDX",
            Decimal::percent(95),
            Decimal::percent(50),
        )
        .unwrap();
        s.deposit(&staker, 2_000_000 * UNIT).unwrap();
        let res = s.request_unbond(&staker, Uint128::new(1_000)).unwrap();
        let unbonding = insurance_testing::court::attribute(&res, "unbonding_id")
            .unwrap()
            .parse()
            .unwrap();
        s.deposit_junior(&holder, 200_000 * UNIT).unwrap();
        s.deposit_senior(&holder, 600_000 * UNIT).unwrap();
        let redemption = s.redeem(&holder, Tranche::Junior, 1_000 * UNIT).unwrap();
        let assessor = s.addr("assessor");
        s.fund_and_bond(&assessor, 1_000_000 * UNIT).unwrap();
        let claimed = s
            .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000 * UNIT, 90 * DAY)
            .unwrap();
        let free = s
            .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 50_000 * UNIT, 90 * DAY)
            .unwrap();
        let parametric = s
            .buy_cover(&buyer, PARAMETRIC_PRODUCT, 50_000 * UNIT, 90 * DAY)
            .unwrap();
        let claim = s
            .file_claim(&buyer, claimed, 10_000 * UNIT, 500 * UNIT)
            .unwrap();
        s.vote(&assessor, claim, true).unwrap();
        let bond = s.court_config().params.incident_bond.u128();
        let now = s.now();
        let incident = s
            .report_incident(&reporter, PARAMETRIC_PRODUCT, now, bond)
            .unwrap();
        w.relay_all();
        Fixture {
            w,
            vault,
            staker,
            buyer,
            holder,
            assessor,
            outsider,
            reporter,
            claimed,
            free,
            parametric,
            claim,
            incident,
            unbonding,
            redemption,
        }
    }

    /// Every balance on both chains and every state a query shows.
    fn fingerprint(f: &Fixture) -> String {
        let w = &f.w;
        let s = &w.cedent;
        let mut out = String::new();
        let mut accounts = vec![
            s.pool.clone(),
            s.cover_nft.clone(),
            s.claims_court.clone(),
            s.treasury.clone(),
            s.governance.clone(),
            f.vault.clone(),
            w.bridge_a.clone(),
            w.host_a.addr.clone(),
            s.addr(CAPITAL_PROVIDER),
        ];
        accounts.extend([
            f.staker.clone(),
            f.buyer.clone(),
            f.holder.clone(),
            f.assessor.clone(),
            f.outsider.clone(),
            f.reporter.clone(),
        ]);
        for a in &accounts {
            out += &format!(
                "{a}: {} {}\n",
                s.balance(a),
                s.balance_of(a, ASSESSOR_DENOM)
            );
        }
        for a in [&w.bridge_b, &w.host_b.addr, &w.governance_b] {
            out += &format!("B {a}: {}\n", w.balance_b(a));
        }
        out += &format!("{:?}\n{:?}\n", s.pool_state(), s.pool_config());
        for p in [DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT] {
            out += &format!("{:?}\n", s.product(p));
        }
        for c in [f.claimed, f.free, f.parametric] {
            out += &format!("{:?}\n{:?}\n{}\n", s.cover(c), s.policy(c), s.nft_owner(c));
        }
        out += &format!(
            "{:?}\n{:?}\n{:?}\n",
            s.staker(&f.staker),
            s.unbondings(&f.staker),
            s.staker(&f.vault)
        );
        out += &format!("{:?}\n{:?}\n", s.court_state(), s.court_config());
        out += &format!("{:?}\n{:?}\n", s.claim(f.claim), s.incident(f.incident));
        out += &format!(
            "{:?}\n{:?}\n",
            s.assessor(&f.assessor),
            s.terms(PARAMETRIC_PRODUCT)
        );
        out += &format!("{:?}\n{:?}\n", s.vault_state(), s.vault_config());
        out += &format!("{:?}\n", s.redemptions(&f.holder));
        for t in Tranche::ALL {
            out += &format!(
                "{} {}\n",
                s.tranche_balance(t, &f.holder),
                s.tranche_supply(t)
            );
        }
        out += &format!("{:?}\n{:?}\n", w.treaty_a(), w.treaty_b());
        out += &format!("{:?}\n{:?}\n", w.in_flight_a(), w.in_flight_b());
        out
    }

    fn cases(f: &Fixture) -> Vec<Case> {
        use Target::*;
        let s = &f.w.cedent;
        let (gov, out, buyer, staker, holder, assessor, reporter) = (
            &s.governance,
            &f.outsider,
            &f.buyer,
            &f.staker,
            &f.holder,
            &f.assessor,
            &f.reporter,
        );
        let gov_b = &f.w.governance_b;
        let usdc = |n: u128| coins(n, DENOM);
        let insr = |n: u128| coins(n, ASSESSOR_DENOM);
        let bond = s.court_config().params.incident_bond.u128();
        let now = s.now();
        let pool_params = s.pool_config().params;
        let court_params = s.court_config().params;
        let product = |id: u32| ProductInfo {
            id,
            name: "bad".into(),
            base_annual_rate: Decimal::percent(2),
            capacity_weight: Decimal::one(),
            grace_period: DAY,
            claim_method: ClaimMethod::Discretionary,
        };
        let buy =
            |product_id, amount: u128, duration, max_premium: u128| pool::ExecuteMsg::BuyCover {
                product_id,
                amount: Uint128::new(amount),
                duration,
                max_premium: Uint128::new(max_premium),
            };
        let file = |cover_id, amount: u128, description: &str| court::ExecuteMsg::FileClaim {
            cover_id,
            amount: Uint128::new(amount),
            description: description.into(),
            evidence: None,
            incident_id: None,
        };
        let report = |time: Timestamp| court::ExecuteMsg::ReportIncident {
            product_id: PARAMETRIC_PRODUCT,
            time,
            evidence: "https://status.example".into(),
        };
        let pgov = |m: pool::GovernanceMsg| pool::ExecuteMsg::Governance(m);
        let cgov = |m: court::GovernanceMsg| court::ExecuteMsg::Governance(m);
        let vgov = |m: vault::GovernanceMsg| vault::ExecuteMsg::Governance(m);
        let bgov = |m: bridge::GovernanceMsg| bridge::ExecuteMsg::Governance(m);
        let mut bad_split = pool_params.clone();
        bad_split.premium_split.treasury = Decimal::percent(50);
        let mut bad_court = court_params.clone();
        bad_court.quorum = Decimal::percent(150);
        let mut bad_terms = quota_share_terms(now);
        bad_terms.id = TREATY_ID + 1;
        bad_terms.products = vec![];
        let token = |t: &str| t.to_string();
        let policy = f.w.cedent.policy(f.free).policy;
        let loss = LossId {
            cover_id: f.claimed,
            sequence: 9,
        };
        vec![
            // --- risk pool ---
            case(
                "deposit without funds",
                Pool,
                staker,
                &pool::ExecuteMsg::Deposit {},
                vec![],
                "Payment",
            ),
            case(
                "deposit in the wrong denom",
                Pool,
                out,
                &pool::ExecuteMsg::Deposit {},
                insr(10),
                "Payment",
            ),
            case(
                "unbond zero shares",
                Pool,
                staker,
                &pool::ExecuteMsg::RequestUnbond {
                    shares: Uint128::zero(),
                },
                vec![],
                "ZeroAmount",
            ),
            case(
                "unbond more shares than held",
                Pool,
                staker,
                &pool::ExecuteMsg::RequestUnbond {
                    shares: Uint128::MAX,
                },
                vec![],
                "InsufficientShares",
            ),
            case(
                "unbond with funds attached",
                Pool,
                staker,
                &pool::ExecuteMsg::RequestUnbond {
                    shares: Uint128::one(),
                },
                usdc(1),
                "Payment",
            ),
            case(
                "withdraw an unknown unbonding",
                Pool,
                staker,
                &pool::ExecuteMsg::Withdraw { unbonding_id: 99 },
                vec![],
                "UnbondingNotFound",
            ),
            case(
                "withdraw an immature unbonding",
                Pool,
                staker,
                &pool::ExecuteMsg::Withdraw {
                    unbonding_id: f.unbonding,
                },
                vec![],
                "UnbondingNotMatured",
            ),
            case(
                "withdraw someone else's unbonding",
                Pool,
                out,
                &pool::ExecuteMsg::Withdraw {
                    unbonding_id: f.unbonding,
                },
                vec![],
                "UnbondingNotFound",
            ),
            case(
                "claim rewards with no stake",
                Pool,
                out,
                &pool::ExecuteMsg::ClaimRewards {},
                vec![],
                "NoRewards",
            ),
            case(
                "buy an unknown product",
                Pool,
                buyer,
                &buy(42, 1_000 * UNIT, 90 * DAY, UNIT),
                usdc(UNIT),
                "ProductNotFound",
            ),
            case(
                "buy zero cover",
                Pool,
                buyer,
                &buy(DISCRETIONARY_PRODUCT, 0, 90 * DAY, UNIT),
                usdc(UNIT),
                "ZeroAmount",
            ),
            case(
                "buy too short a cover",
                Pool,
                buyer,
                &buy(DISCRETIONARY_PRODUCT, 1_000 * UNIT, DAY, UNIT),
                usdc(UNIT),
                "DurationOutOfBounds",
            ),
            case(
                "buy with a max premium below the price",
                Pool,
                buyer,
                &buy(DISCRETIONARY_PRODUCT, 1_000 * UNIT, 90 * DAY, 1),
                usdc(UNIT),
                "PremiumAboveMax",
            ),
            case(
                "buy paying less than the premium",
                Pool,
                buyer,
                &buy(DISCRETIONARY_PRODUCT, 1_000 * UNIT, 90 * DAY, 10 * UNIT),
                usdc(1),
                "InsufficientPremium",
            ),
            case(
                "buy beyond capacity",
                Pool,
                buyer,
                &buy(
                    DISCRETIONARY_PRODUCT,
                    100_000_000 * UNIT,
                    90 * DAY,
                    100_000 * UNIT,
                ),
                usdc(100_000 * UNIT),
                "OverCapacity",
            ),
            case(
                "buy without premium",
                Pool,
                buyer,
                &buy(DISCRETIONARY_PRODUCT, 1_000 * UNIT, 90 * DAY, UNIT),
                vec![],
                "Payment",
            ),
            case(
                "payout not from the court",
                Pool,
                out,
                &pool::ExecuteMsg::Court(pool::CourtMsg::Payout {
                    cover_id: f.free,
                    recipient: out.to_string(),
                    amount: Uint128::new(UNIT),
                    event: LossEvent::Claim { claim_id: 1 },
                    claims_fund: Uint128::zero(),
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "claims fund not to the court",
                Pool,
                out,
                &pool::ExecuteMsg::Court(pool::CourtMsg::WithdrawClaimsFund {
                    amount: Uint128::one(),
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "settle a recovery not from the bridge",
                Pool,
                out,
                &pool::ExecuteMsg::Reinsurance(pool::ReinsuranceMsg::SettleRecovery {
                    expected: Uint128::new(UNIT),
                }),
                usdc(UNIT),
                "Unauthorized",
            ),
            case(
                "sync an unknown product",
                Pool,
                out,
                &pool::ExecuteMsg::Sync {
                    product_id: Some(42),
                },
                vec![],
                "ProductNotFound",
            ),
            case(
                "sync with funds attached",
                Pool,
                out,
                &pool::ExecuteMsg::Sync { product_id: None },
                usdc(1),
                "Payment",
            ),
            case(
                "governance from an outsider",
                Pool,
                out,
                &pgov(pool::GovernanceMsg::ResumeCover {}),
                vec![],
                "Unauthorized",
            ),
            case(
                "params whose split is not one",
                Pool,
                gov,
                &pgov(pool::GovernanceMsg::UpdateParams { params: bad_split }),
                vec![],
                "InvalidParams",
            ),
            case(
                "config with a bad address",
                Pool,
                gov,
                &pgov(pool::GovernanceMsg::UpdateConfig {
                    governance: Some("not an address".into()),
                    treasury: None,
                }),
                vec![],
                "Std",
            ),
            case(
                "companions with a bad address",
                Pool,
                gov,
                &pgov(pool::GovernanceMsg::SetCompanions {
                    cover_nft: Some("bad".into()),
                    claims_court: None,
                    tranche_vault: None,
                    reinsurance_bridge: None,
                }),
                vec![],
                "Std",
            ),
            case(
                "add an existing product",
                Pool,
                gov,
                &pgov(pool::GovernanceMsg::AddProduct {
                    product: product(DISCRETIONARY_PRODUCT),
                }),
                vec![],
                "ProductExists",
            ),
            case(
                "update an unknown product",
                Pool,
                gov,
                &pgov(pool::GovernanceMsg::UpdateProduct {
                    product: product(42),
                }),
                vec![],
                "ProductNotFound",
            ),
            case(
                "pause an unknown product",
                Pool,
                gov,
                &pgov(pool::GovernanceMsg::SetProductPaused {
                    product_id: 42,
                    paused: true,
                }),
                vec![],
                "ProductNotFound",
            ),
            // --- cover NFT ---
            case(
                "transfer a locked policy",
                Nft,
                buyer,
                &cover_nft::ExecuteMsg::TransferNft {
                    recipient: out.to_string(),
                    token_id: token(&f.claimed.to_string()),
                },
                vec![],
                "TokenLocked",
            ),
            case(
                "transfer someone else's policy",
                Nft,
                out,
                &cover_nft::ExecuteMsg::TransferNft {
                    recipient: out.to_string(),
                    token_id: f.free.to_string(),
                },
                vec![],
                "Cw721",
            ),
            case(
                "send a locked policy",
                Nft,
                buyer,
                &cover_nft::ExecuteMsg::SendNft {
                    contract: f.vault.to_string(),
                    token_id: f.claimed.to_string(),
                    msg: Binary::default(),
                },
                vec![],
                "TokenLocked",
            ),
            case(
                "approve on someone else's policy",
                Nft,
                out,
                &cover_nft::ExecuteMsg::Approve {
                    spender: out.to_string(),
                    token_id: f.free.to_string(),
                    expires: None,
                },
                vec![],
                "Cw721",
            ),
            case(
                "revoke on someone else's policy",
                Nft,
                out,
                &cover_nft::ExecuteMsg::Revoke {
                    spender: buyer.to_string(),
                    token_id: f.free.to_string(),
                },
                vec![],
                "Cw721",
            ),
            case(
                "approve all with funds attached",
                Nft,
                buyer,
                &cover_nft::ExecuteMsg::ApproveAll {
                    operator: out.to_string(),
                    expires: None,
                },
                usdc(1),
                "Payment",
            ),
            case(
                "revoke all with funds attached",
                Nft,
                buyer,
                &cover_nft::ExecuteMsg::RevokeAll {
                    operator: out.to_string(),
                },
                usdc(1),
                "Payment",
            ),
            case(
                "burn a locked policy",
                Nft,
                buyer,
                &cover_nft::ExecuteMsg::Burn {
                    token_id: f.claimed.to_string(),
                },
                vec![],
                "TokenLocked",
            ),
            case(
                "burn someone else's policy",
                Nft,
                out,
                &cover_nft::ExecuteMsg::Burn {
                    token_id: f.free.to_string(),
                },
                vec![],
                "Cw721",
            ),
            case(
                "mint not from the pool",
                Nft,
                out,
                &cover_nft::ExecuteMsg::Pool(cover_nft::PoolMsg::Mint {
                    owner: out.to_string(),
                    policy: cover_nft::Policy {
                        cover_id: 999,
                        ..policy.clone()
                    },
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "nft config not from governance",
                Nft,
                out,
                &cover_nft::ExecuteMsg::Governance(cover_nft::GovernanceMsg::UpdateConfig {
                    governance: Some(out.to_string()),
                    claims_court: None,
                }),
                vec![],
                "Unauthorized",
            ),
            // --- claims court ---
            case(
                "bond without funds",
                Court,
                assessor,
                &court::ExecuteMsg::Bond {},
                vec![],
                "Payment",
            ),
            case(
                "bond in the collateral denom",
                Court,
                out,
                &court::ExecuteMsg::Bond {},
                usdc(10),
                "Payment",
            ),
            case(
                "unbond zero",
                Court,
                assessor,
                &court::ExecuteMsg::Unbond {
                    amount: Uint128::zero(),
                },
                vec![],
                "ZeroAmount",
            ),
            case(
                "unbond more than bonded",
                Court,
                out,
                &court::ExecuteMsg::Unbond {
                    amount: Uint128::new(1),
                },
                vec![],
                "InsufficientBond",
            ),
            case(
                "unbond while a vote is open",
                Court,
                assessor,
                &court::ExecuteMsg::Unbond {
                    amount: Uint128::new(1),
                },
                vec![],
                "BondLocked",
            ),
            case(
                "withdraw a bond never unbonded",
                Court,
                assessor,
                &court::ExecuteMsg::WithdrawBond {},
                vec![],
                "NothingToWithdraw",
            ),
            case(
                "file a claim of zero",
                Court,
                buyer,
                &file(f.free, 0, "exploit"),
                usdc(UNIT),
                "ZeroAmount",
            ),
            case(
                "file a claim without a description",
                Court,
                buyer,
                &file(f.free, UNIT, ""),
                usdc(UNIT),
                "InvalidEvidence",
            ),
            case(
                "file a second claim on a cover",
                Court,
                buyer,
                &file(f.claimed, UNIT, "exploit"),
                usdc(UNIT),
                "ClaimAlreadyOpen",
            ),
            case(
                "file on someone else's cover",
                Court,
                out,
                &file(f.free, UNIT, "exploit"),
                usdc(UNIT),
                "NotCoverHolder",
            ),
            case(
                "file above the cover",
                Court,
                buyer,
                &file(f.free, 60_000 * UNIT, "exploit"),
                usdc(10_000 * UNIT),
                "ExceedsRemainingCover",
            ),
            case(
                "file with too small a deposit",
                Court,
                buyer,
                &file(f.free, 10_000 * UNIT, "exploit"),
                usdc(1),
                "DepositTooSmall",
            ),
            case(
                "file without a deposit",
                Court,
                buyer,
                &file(f.free, 10_000 * UNIT, "exploit"),
                vec![],
                "Payment",
            ),
            case(
                "file on a parametric cover",
                Court,
                buyer,
                &file(f.parametric, UNIT, "exploit"),
                usdc(UNIT),
                "WrongClaimMethod",
            ),
            case(
                "vote on an unknown claim",
                Court,
                assessor,
                &court::ExecuteMsg::Vote {
                    claim_id: 99,
                    approve: true,
                },
                vec![],
                "ClaimNotFound",
            ),
            case(
                "vote without a bond",
                Court,
                out,
                &court::ExecuteMsg::Vote {
                    claim_id: f.claim,
                    approve: false,
                },
                vec![],
                "NoVotingWeight",
            ),
            case(
                "vote twice",
                Court,
                assessor,
                &court::ExecuteMsg::Vote {
                    claim_id: f.claim,
                    approve: false,
                },
                vec![],
                "AlreadyVoted",
            ),
            case(
                "execute a claim in voting",
                Court,
                out,
                &court::ExecuteMsg::ExecuteClaim { claim_id: f.claim },
                vec![],
                "VotingOpen",
            ),
            case(
                "execute an unknown claim",
                Court,
                out,
                &court::ExecuteMsg::ExecuteClaim { claim_id: 99 },
                vec![],
                "ClaimNotFound",
            ),
            case(
                "appeal a claim in voting",
                Court,
                buyer,
                &court::ExecuteMsg::Appeal { claim_id: f.claim },
                usdc(UNIT),
                "VotingOpen",
            ),
            case(
                "settle a vote on an open claim",
                Court,
                out,
                &court::ExecuteMsg::SettleVote {
                    claim_id: f.claim,
                    voter: Some(assessor.to_string()),
                },
                vec![],
                "ClaimNotFinal",
            ),
            case(
                "fund rewards with funds attached",
                Court,
                out,
                &court::ExecuteMsg::FundRewards {},
                usdc(1),
                "Payment",
            ),
            case(
                "check a product without trigger",
                Court,
                out,
                &court::ExecuteMsg::CheckTrigger {
                    product_id: DISCRETIONARY_PRODUCT,
                },
                vec![],
                "NoTrigger",
            ),
            case(
                "check a trigger that is not met",
                Court,
                out,
                &court::ExecuteMsg::CheckTrigger {
                    product_id: PARAMETRIC_PRODUCT,
                },
                vec![],
                "TriggerNotMet",
            ),
            case(
                "report with the wrong bond",
                Court,
                reporter,
                &report(now),
                usdc(bond - 1),
                "WrongBond",
            ),
            case(
                "report an incident in the future",
                Court,
                reporter,
                &report(now.plus_seconds(DAY)),
                usdc(bond),
                "IncidentInFuture",
            ),
            case(
                "parametric terms with a zero payout ratio",
                Court,
                gov,
                &cgov(court::GovernanceMsg::SetTerms {
                    product_id: PARAMETRIC_PRODUCT,
                    terms: Some(court::ParametricTerms {
                        payout_ratio: Decimal::zero(),
                        ..court::ParametricTerms::default()
                    }),
                }),
                vec![],
                "InvalidPayoutRatio",
            ),
            case(
                "dispute with the wrong bond",
                Court,
                out,
                &court::ExecuteMsg::DisputeIncident {
                    incident_id: f.incident,
                },
                usdc(1),
                "WrongBond",
            ),
            case(
                "dispute an unknown incident",
                Court,
                out,
                &court::ExecuteMsg::DisputeIncident { incident_id: 99 },
                usdc(bond),
                "IncidentNotFound",
            ),
            case(
                "confirm within the dispute window",
                Court,
                out,
                &court::ExecuteMsg::ConfirmIncident {
                    incident_id: f.incident,
                },
                vec![],
                "DisputeWindowOpen",
            ),
            case(
                "claim an unconfirmed incident",
                Court,
                buyer,
                &court::ExecuteMsg::ClaimIncident {
                    incident_id: f.incident,
                    cover_id: f.parametric,
                },
                vec![],
                "WrongIncidentStatus",
            ),
            case(
                "court governance from an outsider",
                Court,
                out,
                &cgov(court::GovernanceMsg::ResolveClaim {
                    claim_id: f.claim,
                    accept: true,
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "court params with quorum above one",
                Court,
                gov,
                &cgov(court::GovernanceMsg::UpdateParams { params: bad_court }),
                vec![],
                "InvalidParams",
            ),
            case(
                "assessor denom change while bonded",
                Court,
                gov,
                &cgov(court::GovernanceMsg::UpdateConfig {
                    governance: None,
                    risk_pool: None,
                    cover_nft: None,
                    assessor_denom: Some("uother".into()),
                }),
                vec![],
                "BondsOutstanding",
            ),
            case(
                "trigger on a discretionary product",
                Court,
                gov,
                &cgov(court::GovernanceMsg::SetTerms {
                    product_id: DISCRETIONARY_PRODUCT,
                    terms: Some(court::ParametricTerms {
                        trigger: Some(court::TriggerInfo {
                            oracle: out.to_string(),
                            condition: court::TriggerCondition::PriceBelow {
                                asset: "USDX".into(),
                                threshold: Decimal::percent(95),
                            },
                        }),
                        ..court::ParametricTerms::default()
                    }),
                }),
                vec![],
                "WrongClaimMethod",
            ),
            case(
                "resolve a claim in voting",
                Court,
                gov,
                &cgov(court::GovernanceMsg::ResolveClaim {
                    claim_id: f.claim,
                    accept: true,
                }),
                vec![],
                "CannotResolve",
            ),
            case(
                "resolve an undisputed incident",
                Court,
                gov,
                &cgov(court::GovernanceMsg::ResolveIncident {
                    incident_id: f.incident,
                    valid: false,
                }),
                vec![],
                "WrongIncidentStatus",
            ),
            // --- tranche vault ---
            case(
                "vault deposit without funds",
                Vault,
                holder,
                &vault::ExecuteMsg::Deposit {
                    tranche: Tranche::Junior,
                },
                vec![],
                "Payment",
            ),
            case(
                "vault deposit in the wrong denom",
                Vault,
                out,
                &vault::ExecuteMsg::Deposit {
                    tranche: Tranche::Junior,
                },
                insr(5),
                "Payment",
            ),
            case(
                "senior deposit breaching subordination",
                Vault,
                holder,
                &vault::ExecuteMsg::Deposit {
                    tranche: Tranche::Senior,
                },
                usdc(1_000_000 * UNIT),
                "SubordinationBreach",
            ),
            case(
                "receive from something not a tranche token",
                Vault,
                out,
                &vault::ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
                    sender: out.to_string(),
                    amount: Uint128::new(UNIT),
                    msg: to_json_binary(&vault::ReceiveMsg::Redeem {}).unwrap(),
                }),
                vec![],
                "NotATrancheToken",
            ),
            case(
                "withdraw an unknown redemption",
                Vault,
                holder,
                &vault::ExecuteMsg::WithdrawRedemption { redemption_id: 99 },
                vec![],
                "RedemptionNotFound",
            ),
            case(
                "withdraw an immature redemption",
                Vault,
                holder,
                &vault::ExecuteMsg::WithdrawRedemption {
                    redemption_id: f.redemption,
                },
                vec![],
                "RedemptionNotMatured",
            ),
            case(
                "withdraw someone else's redemption",
                Vault,
                out,
                &vault::ExecuteMsg::WithdrawRedemption {
                    redemption_id: f.redemption,
                },
                vec![],
                "RedemptionNotFound",
            ),
            case(
                "harvest with funds attached",
                Vault,
                out,
                &vault::ExecuteMsg::Harvest {},
                usdc(1),
                "Payment",
            ),
            case(
                "vault governance from an outsider",
                Vault,
                out,
                &vgov(vault::GovernanceMsg::UpdateConfig {
                    governance: Some(out.to_string()),
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "vault subordination above one",
                Vault,
                gov,
                &vgov(vault::GovernanceMsg::UpdateParams {
                    params: vault::VaultParams {
                        senior_target_rate: Decimal::percent(5),
                        min_subordination: Decimal::percent(150),
                    },
                }),
                vec![],
                "InvalidParams",
            ),
            case(
                "vault governance to a bad address",
                Vault,
                gov,
                &vgov(vault::GovernanceMsg::UpdateConfig {
                    governance: Some("bad".into()),
                }),
                vec![],
                "Std",
            ),
            // --- reinsurance bridge (cedent, chain A) ---
            case(
                "cede not from the pool",
                BridgeA,
                out,
                &bridge::ExecuteMsg::Pool(bridge::PoolMsg::Cede {
                    cover_id: 99,
                    product_id: DISCRETIONARY_PRODUCT,
                    cover_amount: Uint128::new(UNIT),
                    premium: Uint128::new(UNIT),
                    cover_end: now,
                }),
                usdc(1),
                "Unauthorized",
            ),
            case(
                "record a loss not from the pool",
                BridgeA,
                out,
                &bridge::ExecuteMsg::Pool(bridge::PoolMsg::RecordLoss {
                    loss,
                    amount: Uint128::new(UNIT),
                    event: LossEvent::Claim { claim_id: 1 },
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "retry an unknown loss",
                BridgeA,
                out,
                &bridge::ExecuteMsg::RetryRecovery { loss },
                vec![],
                "LossNotFound",
            ),
            case(
                "retry an unknown transfer",
                BridgeA,
                out,
                &bridge::ExecuteMsg::RetryTransfer { transfer_id: 99 },
                vec![],
                "TransferNotFound",
            ),
            case(
                "handle a packet not from the bridge",
                BridgeA,
                out,
                &bridge::ExecuteMsg::Internal(bridge::InternalMsg::HandlePacket {
                    channel_id: f.w.channel_a.clone(),
                    data: Binary::default(),
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "retry with funds attached",
                BridgeA,
                out,
                &bridge::ExecuteMsg::RetryTransfer { transfer_id: 1 },
                usdc(1),
                "Payment",
            ),
            case(
                "bridge governance from an outsider",
                BridgeA,
                out,
                &bgov(bridge::GovernanceMsg::CloseChannel {
                    channel_id: f.w.channel_a.clone(),
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "bridge config with no receive gas",
                BridgeA,
                gov,
                &bgov(bridge::GovernanceMsg::UpdateConfig {
                    governance: None,
                    risk_pool: None,
                    packet_timeout: None,
                    transfer_timeout: None,
                    receive_gas_limit: Some(0),
                }),
                vec![],
                "InvalidConfig",
            ),
            case(
                "register a treaty twice",
                BridgeA,
                gov,
                &bgov(bridge::GovernanceMsg::RegisterTreaty {
                    channel_id: f.w.channel_a.clone(),
                    role: Role::Cedent,
                    transfer_channel: f.w.transfer_a.clone(),
                    terms: quota_share_terms(now),
                }),
                vec![],
                "TreatyExists",
            ),
            case(
                "register incoherent terms",
                BridgeA,
                gov,
                &bgov(bridge::GovernanceMsg::RegisterTreaty {
                    channel_id: f.w.channel_a.clone(),
                    role: Role::Cedent,
                    transfer_channel: f.w.transfer_a.clone(),
                    terms: bad_terms,
                }),
                vec![],
                "InvalidTreaty",
            ),
            case(
                "amend an unknown treaty",
                BridgeA,
                gov,
                &bgov(bridge::GovernanceMsg::AmendTreaty {
                    channel_id: f.w.channel_a.clone(),
                    treaty_id: 42,
                    capacity: None,
                    end: None,
                    transfer_channel: None,
                }),
                vec![],
                "TreatyNotFound",
            ),
            case(
                "close an unknown channel",
                BridgeA,
                gov,
                &bgov(bridge::GovernanceMsg::CloseChannel {
                    channel_id: "channel-42".into(),
                }),
                vec![],
                "ChannelNotFound",
            ),
            case(
                "withdraw capital on the cedent",
                BridgeA,
                gov,
                &bgov(bridge::GovernanceMsg::WithdrawCapital {
                    channel_id: f.w.channel_a.clone(),
                    treaty_id: TREATY_ID,
                    recipient: gov.to_string(),
                    amount: Uint128::one(),
                }),
                vec![],
                "WrongRole",
            ),
            // --- reinsurance bridge (reinsurer, chain B) ---
            case(
                "withdraw zero capital",
                BridgeB,
                gov_b,
                &bgov(bridge::GovernanceMsg::WithdrawCapital {
                    channel_id: f.w.channel_b.clone(),
                    treaty_id: TREATY_ID,
                    recipient: gov_b.to_string(),
                    amount: Uint128::zero(),
                }),
                vec![],
                "ZeroWithdrawal",
            ),
            case(
                "withdraw more than the free capital",
                BridgeB,
                gov_b,
                &bgov(bridge::GovernanceMsg::WithdrawCapital {
                    channel_id: f.w.channel_b.clone(),
                    treaty_id: TREATY_ID,
                    recipient: gov_b.to_string(),
                    amount: Uint128::new(1_000_000_000 * UNIT),
                }),
                vec![],
                "WithdrawalAboveFreeFunds",
            ),
            case(
                "reinsurer governance from an outsider",
                BridgeB,
                &f.w.reinsurer.api().addr_make("outsider"),
                &bgov(bridge::GovernanceMsg::CloseChannel {
                    channel_id: f.w.channel_b.clone(),
                }),
                vec![],
                "Unauthorized",
            ),
            case(
                "retry an unknown transfer on the reinsurer",
                BridgeB,
                gov_b,
                &bridge::ExecuteMsg::RetryTransfer { transfer_id: 99 },
                vec![],
                "TransferNotFound",
            ),
        ]
        .into_iter()
        .chain(std::iter::once(case(
            "deposit with two denoms",
            Pool,
            out,
            &pool::ExecuteMsg::Deposit {},
            vec![coin(1, ASSESSOR_DENOM), coin(UNIT, DENOM)],
            "Payment",
        )))
        .collect()
    }

    #[test]
    fn bad_inputs_to_every_execute_message_are_refused_and_change_nothing() {
        let mut f = fixture();
        let cases = cases(&f);
        let mut wrong = vec![];
        for c in &cases {
            let before = fingerprint(&f);
            let res = match c.target {
                Target::BridgeB => {
                    let bridge_b = f.w.bridge_b.clone();
                    f.w.reinsurer.execute(
                        c.sender.clone(),
                        cosmwasm_std::WasmMsg::Execute {
                            contract_addr: bridge_b.to_string(),
                            msg: c.msg.clone(),
                            funds: c.funds.clone(),
                        }
                        .into(),
                    )
                }
                t => {
                    let s = &f.w.cedent;
                    let contract = match t {
                        Target::Pool => s.pool.clone(),
                        Target::Nft => s.cover_nft.clone(),
                        Target::Court => s.claims_court.clone(),
                        Target::Vault => f.vault.clone(),
                        _ => f.w.bridge_a.clone(),
                    };
                    f.w.cedent.app.execute(
                        c.sender.clone(),
                        cosmwasm_std::WasmMsg::Execute {
                            contract_addr: contract.to_string(),
                            msg: c.msg.clone(),
                            funds: c.funds.clone(),
                        }
                        .into(),
                    )
                }
            };
            match res {
                Ok(_) => wrong.push(format!("{}: accepted", c.name)),
                Err(e) => {
                    let got = variant_of(&e, c.target);
                    if got.as_deref() != Some(c.variant) {
                        wrong.push(format!(
                            "{}: expected {}, got {got:?} ({e:#})",
                            c.name, c.variant
                        ));
                    }
                }
            }
            assert_eq!(before, fingerprint(&f), "{} changed something", c.name);
        }
        assert!(
            wrong.is_empty(),
            "{} of {} cases wrong:\n{}",
            wrong.len(),
            cases.len(),
            wrong.join("\n")
        );
        assert!(cases.len() >= 100, "{} cases", cases.len());
    }
}
