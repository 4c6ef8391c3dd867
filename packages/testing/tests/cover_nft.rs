//! Policies bought through the pool behave as cw721 tokens, and a claim lock holds them.

use cosmwasm_std::Uint128;
use cw_multi_test::Executor;
use insurance_common::cover_nft::{ExecuteMsg, PolicyStatus, QueryMsg};
use insurance_common::risk_pool::DAY;
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::SuiteBuilder;

#[test]
fn a_bought_policy_transfers_and_a_locked_one_does_not() {
    let mut suite = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("buyer", 10_000)
        .build();
    let (staker, buyer, friend) = (
        suite.addr("staker"),
        suite.addr("buyer"),
        suite.addr("friend"),
    );
    suite.deposit(&staker, 1_000_000).unwrap();
    let cover_id = suite
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 50_000, 60 * DAY)
        .unwrap();
    let token_id = cover_id.to_string();
    let nft = suite.cover_nft.clone();

    // wallets see an ordinary cw721 token
    let num: cw721::msg::NumTokensResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&nft, &QueryMsg::NumTokens {})
        .unwrap();
    assert_eq!(num.count, 1);
    suite
        .app
        .execute_contract(
            buyer.clone(),
            nft.clone(),
            &ExecuteMsg::TransferNft {
                recipient: friend.to_string(),
                token_id: token_id.clone(),
            },
            &[],
        )
        .unwrap();
    assert_eq!(suite.nft_owner(cover_id), friend);

    // the court locks it while a claim is open
    let court = suite.claims_court.clone();
    suite
        .app
        .execute_contract(
            court.clone(),
            nft.clone(),
            &ExecuteMsg::Lock {
                token_id: token_id.clone(),
            },
            &[],
        )
        .unwrap();
    assert_eq!(
        suite.policy(cover_id).policy.status,
        PolicyStatus::ClaimOpen
    );
    let err = suite
        .app
        .execute_contract(
            friend.clone(),
            nft.clone(),
            &ExecuteMsg::TransferNft {
                recipient: buyer.to_string(),
                token_id: token_id.clone(),
            },
            &[],
        )
        .unwrap_err();
    assert!(err.root_cause().to_string().contains("locked"), "{err}");
    let err = suite
        .app
        .execute_contract(
            friend.clone(),
            nft.clone(),
            &ExecuteMsg::Burn {
                token_id: token_id.clone(),
            },
            &[],
        )
        .unwrap_err();
    assert!(err.root_cause().to_string().contains("locked"), "{err}");

    // the claim is paid to the holder, then the court unlocks the policy
    suite.payout(cover_id, &friend, 20_000).unwrap();
    suite
        .app
        .execute_contract(
            court,
            nft.clone(),
            &ExecuteMsg::Unlock {
                token_id: token_id.clone(),
            },
            &[],
        )
        .unwrap();
    let policy = suite.policy(cover_id);
    assert_eq!(policy.policy.status, PolicyStatus::Active);
    assert_eq!(policy.policy.remaining_amount, Uint128::new(30_000));
    assert_eq!(suite.balance(&friend), 20_000);
    suite
        .app
        .execute_contract(
            friend,
            nft,
            &ExecuteMsg::TransferNft {
                recipient: buyer.to_string(),
                token_id,
            },
            &[],
        )
        .unwrap();
    assert_eq!(suite.nft_owner(cover_id), buyer);
}

#[test]
fn only_the_pool_mints_policies() {
    let mut suite = SuiteBuilder::new().build();
    let stranger = suite.addr("stranger");
    let nft = suite.cover_nft.clone();
    let policy = insurance_common::cover_nft::Policy {
        cover_id: 1,
        product_id: 1,
        denom: "uusdc".to_string(),
        cover_amount: Uint128::new(1),
        remaining_amount: Uint128::new(1),
        premium: Uint128::new(1),
        start: suite.now(),
        end: suite.now().plus_seconds(DAY),
        grace_period: 0,
        status: PolicyStatus::Active,
    };
    let err = suite
        .app
        .execute_contract(
            stranger.clone(),
            nft,
            &ExecuteMsg::Mint {
                token_id: "1".to_string(),
                owner: stranger.to_string(),
                policy,
            },
            &[],
        )
        .unwrap_err();
    assert!(err.root_cause().to_string().contains("risk pool"), "{err}");
}
