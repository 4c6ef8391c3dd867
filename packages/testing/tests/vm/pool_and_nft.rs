//! The risk pool and the cover NFT: a full cover flow, the pool's mint and
//! policy updates relayed into the NFT by hand.

use cosmwasm_std::{
    coins, from_json, to_json_vec, Addr, CosmosMsg, Decimal, Env, Uint128, WasmMsg,
};
use cosmwasm_vm::testing::{execute, instantiate, mock_env, query, sudo, MockApi};
use insurance_common::cover_nft::{self, PolicyResponse};
use insurance_common::risk_pool::{self, ClaimMethod, GovernanceMsg, PoolParams, ProductInfo, DAY};

use crate::support::{info, ok, vm_instance, GAS_LIMIT};

fn env_of(contract: &Addr, seconds_later: u64) -> Env {
    let mut env = mock_env();
    env.contract.address = contract.clone();
    env.block.time = env.block.time.plus_seconds(seconds_later);
    env
}

#[test]
fn pool_and_nft_run_a_full_cover_flow_in_the_vm() {
    let api = MockApi::default();
    let make = |name: &str| Addr::unchecked(api.addr_make(name));
    let (gov, treasury, court, staker, buyer, friend) = (
        make("governance"),
        make("treasury"),
        make("claims_court"),
        make("staker"),
        make("buyer"),
        make("friend"),
    );
    let pool_addr = make("risk_pool");
    let nft_addr = make("cover_nft");
    let mut pool = vm_instance("risk_pool");
    let mut nft = vm_instance("cover_nft");

    ok(instantiate(
        &mut pool,
        env_of(&pool_addr, 0),
        info(&gov, &[]),
        risk_pool::InstantiateMsg {
            collateral_denom: "uusdc".to_string(),
            governance: gov.to_string(),
            treasury: treasury.to_string(),
            params: PoolParams::default(),
        },
    ));
    ok(instantiate(
        &mut nft,
        env_of(&nft_addr, 0),
        info(&gov, &[]),
        cover_nft::InstantiateMsg {
            name: "Insurance Cover".to_string(),
            symbol: "COVER".to_string(),
            risk_pool: pool_addr.to_string(),
            governance: gov.to_string(),
            claims_court: Some(court.to_string()),
        },
    ));
    // governance by proposal (sudo)
    ok(sudo(
        &mut pool,
        env_of(&pool_addr, 0),
        GovernanceMsg::SetCompanions {
            cover_nft: Some(nft_addr.to_string()),
            claims_court: Some(court.to_string()),
            tranche_vault: None,
            reinsurance_bridge: None,
        },
    ));
    ok(sudo(
        &mut pool,
        env_of(&pool_addr, 0),
        GovernanceMsg::AddProduct {
            product: ProductInfo {
                id: 1,
                name: "Smart contract exploit cover".to_string(),
                base_annual_rate: Decimal::percent(2),
                capacity_weight: Decimal::one(),
                grace_period: 30 * DAY,
                claim_method: ClaimMethod::Discretionary,
            },
        },
    ));

    ok(execute(
        &mut pool,
        env_of(&pool_addr, 10),
        info(&staker, &coins(1_000_000, "uusdc")),
        risk_pool::ExecuteMsg::Deposit {},
    ));
    let res = ok(execute(
        &mut pool,
        env_of(&pool_addr, 20),
        info(&buyer, &coins(2_000, "uusdc")),
        risk_pool::ExecuteMsg::BuyCover {
            product_id: 1,
            amount: Uint128::new(100_000),
            duration: 365 * DAY,
            max_premium: Uint128::new(2_000),
        },
    ));

    // relay the mint submessage to the NFT, as the chain would
    let mint = res
        .messages
        .iter()
        .find_map(|m| match &m.msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) if contract_addr == nft_addr.as_str() => {
                Some(from_json::<cover_nft::ExecuteMsg>(msg).unwrap())
            }
            _ => None,
        })
        .expect("buy cover mints through the cover NFT");
    ok(execute(
        &mut nft,
        env_of(&nft_addr, 20),
        info(&pool_addr, &[]),
        mint,
    ));

    let policy: PolicyResponse = from_json(
        query(
            &mut nft,
            env_of(&nft_addr, 30),
            cover_nft::QueryMsg::Policy {
                token_id: "1".to_string(),
            },
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(policy.owner, buyer);
    assert_eq!(policy.policy.cover_amount, Uint128::new(100_000));

    // the holder transfers the NFT like any cw721
    ok(execute(
        &mut nft,
        env_of(&nft_addr, 40),
        info(&buyer, &[]),
        cover_nft::ExecuteMsg::TransferNft {
            recipient: friend.to_string(),
            token_id: "1".to_string(),
        },
    ));

    // the court pays a claim; the pool tells the NFT the remaining amount
    let res = ok(execute(
        &mut pool,
        env_of(&pool_addr, 50),
        info(&court, &[]),
        risk_pool::ExecuteMsg::Court(risk_pool::CourtMsg::Payout {
            cover_id: 1,
            recipient: friend.to_string(),
            amount: Uint128::new(40_000),
            event: risk_pool::LossEvent::Claim { claim_id: 1 },
        }),
    ));
    let set_remaining = res
        .messages
        .iter()
        .find_map(|m| match &m.msg {
            CosmosMsg::Wasm(WasmMsg::Execute { msg, .. }) => {
                from_json::<cover_nft::ExecuteMsg>(msg).ok()
            }
            _ => None,
        })
        .expect("payout updates the policy");
    ok(execute(
        &mut nft,
        env_of(&nft_addr, 50),
        info(&pool_addr, &[]),
        set_remaining,
    ));

    let state: risk_pool::PoolStateResponse = from_json(
        query(
            &mut pool,
            env_of(&pool_addr, 60),
            risk_pool::QueryMsg::PoolState {},
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(state.total_assets, Uint128::new(960_000));
    assert_eq!(state.active_cover, Uint128::new(60_000));

    ok(execute(
        &mut pool,
        env_of(&pool_addr, 60),
        info(&staker, &[]),
        risk_pool::ExecuteMsg::RequestUnbond {
            shares: Uint128::new(1_000_000),
        },
    ));
    let policy: PolicyResponse = from_json(
        query(
            &mut nft,
            env_of(&nft_addr, 60),
            cover_nft::QueryMsg::Policy {
                token_id: "1".to_string(),
            },
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(policy.owner, friend);
    assert_eq!(policy.policy.remaining_amount, Uint128::new(60_000));
    assert_eq!(policy.status, cover_nft::PolicyStatus::Active);
    // wallets' display metadata, built by the wasm (the mock querier has no
    // pool storage, so the product shows its id)
    let info: cw721::msg::NftInfoResponse<cover_nft::DisplayMetadata> = from_json(
        query(
            &mut nft,
            env_of(&nft_addr, 60),
            cover_nft::QueryMsg::NftInfo {
                token_id: "1".to_string(),
            },
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(info.extension.name.as_deref(), Some("Cover #1"));
    let description = info.extension.description.unwrap();
    assert!(
        description.starts_with("Insurance policy 1 on Product 1: 100000 uusdc of cover"),
        "{description}"
    );
    assert!(description.ends_with("Status: active."), "{description}");
    assert!(info
        .extension
        .image
        .unwrap()
        .starts_with("data:image/svg+xml;base64,PHN2Zy"));
    // messages round-trip through the VM's JSON too
    assert!(!to_json_vec(&state).unwrap().is_empty());
    println!(
        "VM gas used: risk_pool {}, cover_nft {}",
        GAS_LIMIT - pool.get_gas_left(),
        GAS_LIMIT - nft.get_gas_left()
    );
}
