//! Attacks on the claims court: quorum, votes, discretionary claims.

use claims_court::ContractError;
use cosmwasm_std::Uint128;
use insurance_common::claims_court::{ClaimStatus, Outcome};
use insurance_common::risk_pool::DAY;
use insurance_testing::assert::court_err;
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::SuiteBuilder;

/// Item 6: a claim filed while nothing is bonded once had quorum 0, and a
/// dust bond made afterwards decided a 100,000 payout alone. The quorum has
/// a floor: the dust vote counts far under it, the claim is denied, the
/// attacker loses the deposit and the stakers keep their capital.
#[test]
fn a_dust_bond_cannot_decide_a_claim_filed_while_nothing_is_bonded() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("attacker", 10_000)
        .build();
    let (staker, attacker, accomplice, keeper) = (
        s.addr("staker"),
        s.addr("attacker"),
        s.addr("accomplice"),
        s.addr("keeper"),
    );
    s.deposit(&staker, 1_000_000).unwrap();
    s.update_court_params(|p| p.min_quorum = Uint128::new(1_000));
    let cover_id = s
        .buy_cover(&attacker, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .unwrap();
    let premium = 10_000 - s.balance(&attacker);
    let capital = s.pool_state().total_assets;
    assert_eq!(s.court_state().total_bonded, Uint128::zero());

    let claim_id = s.file_claim(&attacker, cover_id, 100_000, 5_000).unwrap();
    assert_eq!(s.claim(claim_id).tally.quorum, Uint128::new(1_000));
    // the accomplice bonds dust and approves
    assert_eq!(
        court_err({
            s.fund_and_bond(&accomplice, 1).unwrap();
            s.vote(&accomplice, claim_id, true)
        }),
        ContractError::NoVotingWeight {
            voter: accomplice.clone()
        }
    );
    s.fund_and_bond(&accomplice, 3).unwrap();
    s.vote(&accomplice, claim_id, true).unwrap();
    let claim = s.claim(claim_id);
    assert_eq!(claim.tally.votes_for, Uint128::one());
    assert!(!claim.tally.quorum_reached);

    s.advance_time(5 * DAY);
    let claim = s.claim(claim_id);
    assert_eq!(claim.outcome, Some(Outcome::Denied));
    s.execute_claim(&keeper, claim_id).unwrap();
    assert_eq!(s.claim(claim_id).status, ClaimStatus::Denied);
    assert_eq!(s.claim(claim_id).paid, Uint128::zero());
    // the attacker paid the premium and lost the deposit; the pool paid nothing
    assert_eq!(s.balance(&attacker), 10_000 - premium - 5_000);
    assert_eq!(s.cover(cover_id).remaining, Uint128::new(100_000));
    assert!(s.pool_state().total_assets >= capital);
    assert!(s.staker(&staker).value.u128() >= 1_000_000);
    s.assert_court_conserved();
}

/// A holder paid for an exploit (a claim naming the reported incident)
/// claims the same event again on the same cover, hoping the assessors
/// approve it twice. A cover is paid once per event: the second filing is
/// refused, the attacker keeps only the first payout and the stakers lose
/// nothing more. A claim that was denied does not use the event up.
#[test]
fn a_cover_paid_for_an_event_cannot_claim_it_again() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("attacker", 10_000)
        .with_funds("reporter", 5_000)
        .build();
    let (staker, attacker, reporter, keeper) = (
        s.addr("staker"),
        s.addr("attacker"),
        s.addr("reporter"),
        s.addr("keeper"),
    );
    s.deposit(&staker, 1_000_000).unwrap();
    s.update_court_params(|p| p.incident_bond = Uint128::new(5_000));
    let assessors = [
        s.addr("assessor1"),
        s.addr("assessor2"),
        s.addr("assessor3"),
    ];
    for (a, bond) in assessors.iter().zip([400u128, 300, 300]) {
        s.fund_and_bond(a, bond).unwrap();
    }
    let cover_id = s
        .buy_cover(&attacker, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .unwrap();
    s.advance_time(DAY);
    let t = s.now();
    let exploit = s
        .report_incident(&reporter, DISCRETIONARY_PRODUCT, t, 5_000)
        .unwrap();
    let decide = |s: &mut insurance_testing::Suite, claim_id: u64, approve: bool| {
        for a in &assessors {
            s.vote(a, claim_id, approve).unwrap();
        }
        s.advance_time(5 * DAY);
        s.execute_claim(&keeper, claim_id).unwrap();
    };
    // A first claim for the exploit, denied: the event is not used up.
    let denied = s
        .file_claim_for(&attacker, cover_id, 40_000, 2_000, Some(exploit))
        .unwrap();
    decide(&mut s, denied, false);
    assert_eq!(s.claim(denied).status, ClaimStatus::Denied);
    let paid = s
        .file_claim_for(&attacker, cover_id, 40_000, 2_000, Some(exploit))
        .unwrap();
    decide(&mut s, paid, true);
    assert_eq!(s.claim(paid).paid, Uint128::new(40_000));
    let balance = s.balance(&attacker);
    let capital = s.pool_state().total_assets;

    assert_eq!(
        court_err(s.file_claim_for(&attacker, cover_id, 10_000, 500, Some(exploit))),
        ContractError::IncidentAlreadyClaimed {
            incident_id: exploit,
            cover_id
        }
    );
    assert_eq!(s.balance(&attacker), balance);
    assert_eq!(s.pool_state().total_assets, capital);
    assert_eq!(s.cover(cover_id).remaining, Uint128::new(60_000));
    assert_eq!(s.reserved_claims(), 0);
    s.assert_court_conserved();
}
