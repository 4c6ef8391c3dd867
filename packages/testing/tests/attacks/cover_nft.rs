//! Attacks through the cover NFT: approvals and claim locks.

use claims_court::ContractError as CourtError;
use cosmwasm_std::{Decimal, Uint128};
use insurance_common::cover_nft::PolicyStatus;
use insurance_common::risk_pool::DAY;
use insurance_testing::assert::court_err;
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::SuiteBuilder;

/// Issue 12 §4: an operator approved for transfers (as a marketplace is, to
/// sell a listed policy) could file a claim on the user's policy: the NFT
/// locked for the whole vote, the sale froze, and the cover's one open claim
/// was spent on a claim the owner never made. Only the owner claims now: the
/// operator's and a per-token spender's filings and incident claim are
/// refused (the court reads the owner from the NFT itself), nobody's balance
/// moves, and the listing still sells; the buyer, now the owner, claims.
#[test]
fn an_operator_approved_for_transfers_cannot_claim_on_a_users_policy() {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("user", 10_000)
        .with_funds("marketplace", 10_000)
        .with_funds("spender", 10_000)
        .build();
    let (staker, user, marketplace, spender, buyer, keeper) = (
        s.addr("staker"),
        s.addr("user"),
        s.addr("marketplace"),
        s.addr("spender"),
        s.addr("buyer"),
        s.addr("keeper"),
    );
    s.deposit(&staker, 1_000_000).unwrap();
    let oracle = s.deploy_mock_oracle(&[("USDC", Decimal::one())]);
    s.set_price_trigger(
        PARAMETRIC_PRODUCT,
        &oracle,
        "USDC",
        Decimal::percent(95),
        Decimal::percent(50),
    )
    .unwrap();
    let exploit_cover = s
        .buy_cover(&user, DISCRETIONARY_PRODUCT, 50_000, 60 * DAY)
        .unwrap();
    let depeg_cover = s
        .buy_cover(&user, PARAMETRIC_PRODUCT, 20_000, 60 * DAY)
        .unwrap();
    // the user lists both policies, and lets a friend move the first
    s.approve_all_nfts(&user, &marketplace).unwrap();
    s.approve_nft(&user, &spender, exploit_cover).unwrap();
    s.advance_time(4 * DAY);
    s.set_price(&oracle, "USDC", Decimal::percent(90), None);
    let incident_id = s.check_trigger(&keeper, PARAMETRIC_PRODUCT).unwrap();

    let balances = |s: &insurance_testing::Suite| {
        [&user, &marketplace, &spender, &buyer].map(|a| s.balance(a))
    };
    let before = balances(&s);
    let capital = s.pool_state().total_assets;
    let court = s.court_state();

    for attacker in [&marketplace, &spender] {
        assert_eq!(
            court_err(s.file_claim(attacker, exploit_cover, 50_000, 2_500)),
            CourtError::NotCoverHolder {
                sender: attacker.clone(),
                cover_id: exploit_cover
            }
        );
    }
    assert_eq!(
        court_err(s.claim_incident(&marketplace, incident_id, depeg_cover)),
        CourtError::NotCoverHolder {
            sender: marketplace.clone(),
            cover_id: depeg_cover
        }
    );

    // nothing moved, nothing is locked or reserved
    assert_eq!(balances(&s), before);
    assert_eq!(s.pool_state().total_assets, capital);
    assert_eq!(s.court_state(), court);
    for cover_id in [exploit_cover, depeg_cover] {
        let policy = s.policy(cover_id);
        assert!(!policy.locked);
        assert_eq!(policy.status, PolicyStatus::Active);
        assert_eq!(s.nft_owner(cover_id), user);
    }

    // the listing sells; the buyer owns the policies and their claims
    s.transfer_nft(&marketplace, depeg_cover, &buyer).unwrap();
    s.claim_incident(&buyer, incident_id, depeg_cover).unwrap();
    assert_eq!(s.balance(&buyer), before[3] + 10_000);
    assert_eq!(s.balance(&user), before[0]);
    assert_eq!(s.balance(&marketplace), before[1]);
    assert_eq!(s.cover(depeg_cover).remaining, Uint128::new(10_000));
    s.assert_court_conserved();
}
