//! The optimized wasm artifacts in the real CosmWasm VM (cosmwasm-vm).
//!
//! A contract can pass the static check and still abort at its first call,
//! so this instantiates and executes every artifact, relaying the pool's
//! mint submessage into the cover NFT by hand. Needs `scripts/build.sh` first.

use std::collections::HashSet;
use std::path::PathBuf;

use cosmwasm_std::{
    coins, from_json, to_json_vec, Addr, CosmosMsg, Decimal, Env, MessageInfo, Response, Uint128,
    WasmMsg,
};
use cosmwasm_vm::internals::{check_wasm, Logger};
use cosmwasm_vm::testing::{
    execute, instantiate, mock_env, mock_instance_with_options, query, sudo, MockApi,
    MockInstanceOptions, MockQuerier, MockStorage,
};
use cosmwasm_vm::{capabilities_from_csv, Instance, WasmLimits};
use insurance_common::cover_nft::{self, PolicyResponse};
use insurance_common::risk_pool::{self, ClaimMethod, GovernanceMsg, PoolParams, ProductInfo, DAY};

/// Capabilities a typical chain offers (wasmd 0.5x).
const CHAIN_CAPABILITIES: &str =
    "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0";
/// What the protocol's contracts ask of a chain: nothing beyond `iterator`.
const REQUIRED_CAPABILITIES: &str = "iterator";
const MAX_ARTIFACT_BYTES: usize = 800 * 1024;
const CONTRACTS: [&str; 2] = ["risk_pool", "cover_nft"];
const GAS_LIMIT: u64 = 500_000_000_000_000;

fn artifact(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../artifacts")
        .join(format!("{name}.wasm"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/build.sh first", path.display()))
}

type VmInstance = Instance<MockApi, MockStorage, MockQuerier>;

fn vm_instance(name: &str) -> VmInstance {
    mock_instance_with_options(
        &artifact(name),
        MockInstanceOptions {
            available_capabilities: capabilities_from_csv(CHAIN_CAPABILITIES),
            gas_limit: GAS_LIMIT,
            ..MockInstanceOptions::default()
        },
    )
}

fn env_of(contract: &Addr, seconds_later: u64) -> Env {
    let mut env = mock_env();
    env.contract.address = contract.clone();
    env.block.time = env.block.time.plus_seconds(seconds_later);
    env
}

fn info(sender: &Addr, funds: &[cosmwasm_std::Coin]) -> MessageInfo {
    MessageInfo {
        sender: sender.clone(),
        funds: funds.to_vec(),
    }
}

fn ok(res: cosmwasm_std::ContractResult<Response>) -> Response {
    res.into_result().expect("contract call succeeds in the VM")
}

#[test]
fn artifacts_pass_the_vm_static_check_and_size_limit() {
    let capabilities: HashSet<String> = capabilities_from_csv(CHAIN_CAPABILITIES);
    let minimal: HashSet<String> = capabilities_from_csv(REQUIRED_CAPABILITIES);
    for name in CONTRACTS {
        let wasm = artifact(name);
        println!(
            "{name}.wasm: {} bytes ({:.1} KiB)",
            wasm.len(),
            wasm.len() as f64 / 1024.0
        );
        assert!(
            wasm.len() <= MAX_ARTIFACT_BYTES,
            "{name}.wasm is over 800 KiB"
        );
        check_wasm(&wasm, &capabilities, &WasmLimits::default(), Logger::Off)
            .unwrap_or_else(|e| panic!("{name}.wasm fails the VM's static check: {e}"));
        check_wasm(&wasm, &minimal, &WasmLimits::default(), Logger::Off)
            .unwrap_or_else(|e| panic!("{name}.wasm needs more than {REQUIRED_CAPABILITIES}: {e}"));
    }
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
        risk_pool::ExecuteMsg::Payout {
            cover_id: 1,
            recipient: friend.to_string(),
            amount: Uint128::new(40_000),
        },
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
    // messages round-trip through the VM's JSON too
    assert!(!to_json_vec(&state).unwrap().is_empty());
    println!(
        "VM gas used: risk_pool {}, cover_nft {}",
        GAS_LIMIT - pool.get_gas_left(),
        GAS_LIMIT - nft.get_gas_left()
    );
}
