//! The claims court's artifact on the real-VM chain with the real pool and
//! cover NFT: a discretionary claim from filing to payout, the NFT locked
//! while it is open, the payout relayed through the pool and the court's
//! reply to it.

use cosmwasm_std::{coins, Uint128};
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::claims_court::{
    ClaimResponse, ClaimStatus, CourtParams, ExecuteMsg, QueryMsg, StateResponse,
};
use insurance_common::cover_nft;
use insurance_common::risk_pool::{GovernanceMsg, DAY};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;

use crate::support::{assert_contract_error, Protocol, ASSESSOR_DENOM, DENOM};

/// Each of `assessors` votes to approve `claim_id`.
fn approve(p: &mut Protocol, assessors: &[&cosmwasm_std::Addr], claim_id: u64) {
    let court = p.court.clone();
    for who in assessors {
        p.chain
            .execute(
                &court,
                who,
                &ExecuteMsg::Vote {
                    claim_id,
                    approve: true,
                },
                &[],
            )
            .unwrap();
    }
}

/// A staker, a holder with a 100 000 cover, two assessors who bonded, and a
/// claim for 50 000 voted through and past its cooldown. Returns the cover
/// and claim ids.
fn approved_claim(p: &mut Protocol) -> (u64, u64) {
    let (staker, holder) = (p.addr("staker"), p.addr("holder"));
    p.deposit(&staker, 1_000_000);
    let cover_id = p
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .cover_id;
    let court = p.court.clone();
    let assessors = [p.addr("assessor1"), p.addr("assessor2")];
    for (who, amount) in assessors.iter().zip([400u128, 300]) {
        p.chain.mint(who, &coins(amount, ASSESSOR_DENOM));
        p.chain
            .execute(
                &court,
                who,
                &ExecuteMsg::Bond {},
                &coins(amount, ASSESSOR_DENOM),
            )
            .unwrap();
    }
    p.chain.mint(&holder, &coins(2_500, DENOM));
    let filed = p
        .chain
        .execute(
            &court,
            &holder,
            &ExecuteMsg::FileClaim {
                incident_id: None,
                cover_id,
                amount: Uint128::new(50_000),
                description: "exploit".to_string(),
                evidence: None,
            },
            &coins(2_500, DENOM),
        )
        .unwrap();
    let claim_id: u64 = filed.attribute("claim_id").unwrap().parse().unwrap();
    approve(p, &assessors.iter().collect::<Vec<_>>(), claim_id);
    p.chain.advance(4 * DAY + 30);
    (cover_id, claim_id)
}

#[test]
fn court_runs_a_claim_from_filing_to_payout_in_the_vm() {
    let mut p = Protocol::deploy();
    let (staker, holder, friend) = (p.addr("staker"), p.addr("holder"), p.addr("friend"));
    let (a1, a2, keeper) = (p.addr("assessor1"), p.addr("assessor2"), p.addr("keeper"));
    p.deposit(&staker, 1_000_000);
    let cover_id = p
        .buy_cover(&holder, DISCRETIONARY_PRODUCT, 100_000, 90 * DAY)
        .cover_id;
    let court = p.court.clone();

    // Two assessors bond 700 units, above the quorum floor of 100.
    for (who, amount) in [(&a1, 400u128), (&a2, 300)] {
        p.chain.mint(who, &coins(amount, ASSESSOR_DENOM));
        p.chain
            .execute(
                &court,
                who,
                &ExecuteMsg::Bond {},
                &coins(amount, ASSESSOR_DENOM),
            )
            .unwrap();
    }

    // The holder files with a 5 % deposit: the open claim locks the NFT.
    p.chain.advance(10);
    p.chain.mint(&holder, &coins(2_500, DENOM));
    let filed = p
        .chain
        .execute(
            &court,
            &holder,
            &ExecuteMsg::FileClaim {
                incident_id: None,
                cover_id,
                amount: Uint128::new(50_000),
                description: "exploit".to_string(),
                evidence: Some("ipfs://post-mortem".to_string()),
            },
            &coins(2_500, DENOM),
        )
        .unwrap();
    let claim_id: u64 = filed.attribute("claim_id").unwrap().parse().unwrap();
    assert!(p.policy(cover_id).locked);
    // A locked policy does not move.
    let err = p
        .chain
        .execute(
            &p.nft.clone(),
            &holder,
            &cover_nft::ExecuteMsg::TransferNft {
                recipient: friend.to_string(),
                token_id: cover_id.to_string(),
            },
            &[],
        )
        .unwrap_err();
    assert_contract_error(
        err,
        ::cover_nft::ContractError::TokenLocked {
            token_id: cover_id.to_string(),
        },
    );
    assert_eq!(p.policy(cover_id).owner, holder);

    approve(&mut p, &[&a1, &a2], claim_id);

    // After voting and cooldown anyone executes: the court refunds the
    // deposit and closes the claim (the NFT is free again), the pool pays and
    // hands over the claims fund in the same call.
    p.chain.advance(4 * DAY + 30);
    let claims_fund = p.pool_state().claims_fund;
    let before = p.balance(&holder);
    p.chain
        .execute(&court, &keeper, &ExecuteMsg::ExecuteClaim { claim_id }, &[])
        .unwrap();
    assert_eq!(p.balance(&holder), before + 50_000 + 2_500);

    let claim: ClaimResponse = p
        .chain
        .query(&court, &QueryMsg::Claim { claim_id })
        .unwrap();
    assert_eq!(claim.status, ClaimStatus::Paid);
    assert_eq!(claim.paid, Uint128::new(50_000));
    let reward_cap = Uint128::new(50_000).mul_floor(CourtParams::default().assessor_reward_ratio);
    assert_eq!(claim.reward, reward_cap.min(claims_fund));
    assert_eq!(claim.executed_at, Some(p.chain.block_time()));
    let policy = p.policy(cover_id);
    assert!(!policy.locked);
    assert_eq!(policy.policy.remaining_amount, Uint128::new(50_000));
    assert_eq!(p.pool_state().claims_fund, Uint128::zero());

    // The court's collateral is its books: reward pool, outstanding rewards, escrow.
    let state: StateResponse = p.chain.query(&court, &QueryMsg::State {}).unwrap();
    assert_eq!(
        Uint128::new(p.balance(&court)),
        state.reward_pool + state.rewards_outstanding + state.escrow
    );
    assert_eq!(state.escrow, Uint128::zero());
    println!(
        "VM gas used: claims_court {}",
        p.chain.vm_gas_used_by(&court).unwrap()
    );
}

/// The court sends the payout as an ordinary message: when the pool refuses
/// it, the chain rolls the whole execution back and the claim stays
/// executable.
#[test]
fn a_refused_payout_is_rolled_back_and_the_claim_stays_executable_in_the_vm() {
    let mut p = Protocol::deploy();
    let (cover_id, claim_id) = approved_claim(&mut p);
    let (court, holder, keeper) = (p.court.clone(), p.addr("holder"), p.addr("keeper"));
    let pool = p.pool.clone();

    // Governance points the pool at another court: it refuses this court's payout.
    let elsewhere = p.addr("another_court");
    p.chain
        .sudo(
            &pool,
            &GovernanceMsg::SetCompanions {
                cover_nft: None,
                claims_court: Some(elsewhere.to_string()),
                tranche_vault: None,
                reinsurance_bridge: None,
            },
        )
        .unwrap();
    let assets = p.pool_state().total_assets;
    let before = p.balance(&holder);
    let err = p
        .chain
        .execute(&court, &keeper, &ExecuteMsg::ExecuteClaim { claim_id }, &[])
        .unwrap_err();
    assert_contract_error(
        err,
        ::risk_pool::ContractError::Unauthorized(Unauthorized {
            sender: court.clone(),
            role: Authority::ClaimsCourt,
        }),
    );
    let claim: ClaimResponse = p
        .chain
        .query(&court, &QueryMsg::Claim { claim_id })
        .unwrap();
    assert_eq!(claim.status, ClaimStatus::Executable);
    assert_eq!(claim.paid, Uint128::zero());
    assert_eq!(p.balance(&holder), before);
    assert_eq!(p.pool_state().total_assets, assets);
    assert!(p.policy(cover_id).locked);

    // Once the pool takes this court again, the same claim pays.
    p.chain
        .sudo(
            &pool,
            &GovernanceMsg::SetCompanions {
                cover_nft: None,
                claims_court: Some(court.to_string()),
                tranche_vault: None,
                reinsurance_bridge: None,
            },
        )
        .unwrap();
    p.chain
        .execute(&court, &keeper, &ExecuteMsg::ExecuteClaim { claim_id }, &[])
        .unwrap();
    let claim: ClaimResponse = p
        .chain
        .query(&court, &QueryMsg::Claim { claim_id })
        .unwrap();
    assert_eq!(claim.status, ClaimStatus::Paid);
    assert_eq!(p.balance(&holder), before + 50_000 + 2_500);
    assert!(!p.policy(cover_id).locked);
}
