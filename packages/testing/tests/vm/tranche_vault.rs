//! The tranche vault and cw20-base artifacts on the real-VM chain. cw20-base
//! must export its entry points (no `library` feature) and run on the
//! workspace's cosmwasm-std; the vault creates its two tranche tokens from
//! it, stakes deposits in the real pool, and redeems through the junior
//! token's `Send` hook with an unbonding whose id arrives in a reply.

use cosmwasm_std::{coins, to_json_binary, Addr, Uint128};
use insurance_common::risk_pool::PoolParams;
use insurance_common::tranche_vault::{
    self, ConfigResponse, RedemptionsResponse, Tranche, TrancheResponse, WithdrawRedemptionResponse,
};
use insurance_vm::Chain;

use crate::support::{artifact, assert_contract_error, Protocol, DENOM};

fn cw20_balance(chain: &Chain, token: &Addr, holder: &Addr) -> Uint128 {
    let res: cw20::BalanceResponse = chain
        .query(
            token,
            &cw20::Cw20QueryMsg::Balance {
                address: holder.to_string(),
            },
        )
        .unwrap();
    res.balance
}

#[test]
fn cw20_base_artifact_mints_transfers_and_answers_in_the_vm() {
    let mut chain = Chain::new();
    let (minter, alice, bob) = (chain.addr("minter"), chain.addr("alice"), chain.addr("bob"));
    let token = chain
        .deploy(
            "cw20_base",
            &artifact("cw20_base"),
            &minter,
            &cw20_base::msg::InstantiateMsg {
                name: "Insurance Senior Tranche".to_string(),
                symbol: "SENIOR".to_string(),
                decimals: 6,
                initial_balances: vec![],
                mint: Some(cw20::MinterResponse {
                    minter: minter.to_string(),
                    cap: None,
                }),
                marketing: None,
            },
        )
        .unwrap();
    chain
        .execute(
            &token,
            &minter,
            &cw20::Cw20ExecuteMsg::Mint {
                recipient: alice.to_string(),
                amount: Uint128::new(1_000),
            },
            &[],
        )
        .unwrap();
    chain
        .execute(
            &token,
            &alice,
            &cw20::Cw20ExecuteMsg::Transfer {
                recipient: bob.to_string(),
                amount: Uint128::new(400),
            },
            &[],
        )
        .unwrap();
    // Only the minter mints, and a refused mint changes nothing.
    let err = chain
        .execute(
            &token,
            &alice,
            &cw20::Cw20ExecuteMsg::Mint {
                recipient: alice.to_string(),
                amount: Uint128::new(1),
            },
            &[],
        )
        .unwrap_err();
    assert_contract_error(err, cw20_base::ContractError::Unauthorized {});
    assert_eq!(cw20_balance(&chain, &token, &alice), Uint128::new(600));
    assert_eq!(cw20_balance(&chain, &token, &bob), Uint128::new(400));
    let info: cw20::TokenInfoResponse = chain
        .query(&token, &cw20::Cw20QueryMsg::TokenInfo {})
        .unwrap();
    assert_eq!(info.total_supply, Uint128::new(1_000));
}

#[test]
fn vault_artifact_deposits_and_redeems_in_the_vm() {
    let mut p = Protocol::deploy();
    let vault = p.deploy_vault();
    let alice = p.addr("alice");

    // The vault created both tokens and is their minter.
    let config: ConfigResponse = p
        .chain
        .query(&vault, &tranche_vault::QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.collateral_denom, DENOM);
    let junior = config.junior_token;
    let minter: Option<cw20::MinterResponse> = p
        .chain
        .query(&junior, &cw20::Cw20QueryMsg::Minter {})
        .unwrap();
    assert_eq!(minter.unwrap().minter, vault.to_string());

    // A deposit is staked in the pool and minted at price one; the first
    // deposit of a tranche locks 1,000 tokens in the token contract.
    p.chain.mint(&alice, &coins(2_000, DENOM));
    p.chain
        .execute(
            &vault,
            &alice,
            &tranche_vault::ExecuteMsg::Deposit {
                tranche: Tranche::Junior,
            },
            &coins(2_000, DENOM),
        )
        .unwrap();
    assert_eq!(cw20_balance(&p.chain, &junior, &alice), Uint128::new(1_000));
    assert_eq!(
        cw20_balance(&p.chain, &junior, &junior),
        tranche_vault::LOCKED_TOKENS
    );
    assert_eq!(p.pool_state().total_assets, Uint128::new(2_000));
    let tranche: TrancheResponse = p
        .chain
        .query(
            &vault,
            &tranche_vault::QueryMsg::Tranche {
                tranche: Tranche::Junior,
            },
        )
        .unwrap();
    assert_eq!(tranche.value, Uint128::new(2_000));

    // Redeem 400 through the junior token's receive hook: the vault keeps
    // them and unbonds from the pool.
    p.chain
        .execute(
            &junior,
            &alice,
            &cw20::Cw20ExecuteMsg::Send {
                contract: vault.to_string(),
                amount: Uint128::new(400),
                msg: to_json_binary(&tranche_vault::ReceiveMsg::Redeem {}).unwrap(),
            },
            &[],
        )
        .unwrap();
    let release_at = p
        .chain
        .block_time()
        .plus_seconds(PoolParams::default().unbonding_period);
    let redemptions: RedemptionsResponse = p
        .chain
        .query(
            &vault,
            &tranche_vault::QueryMsg::Redemptions {
                owner: alice.to_string(),
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    let r = &redemptions.redemptions[0];
    assert_eq!(
        (r.id, r.tranche, r.value, r.unbonding_id, r.release_at),
        (1, Tranche::Junior, Uint128::new(400), Some(1), release_at)
    );
    assert_eq!(cw20_balance(&p.chain, &junior, &alice), Uint128::new(600));
    let info: cw20::TokenInfoResponse = p
        .chain
        .query(&junior, &cw20::Cw20QueryMsg::TokenInfo {})
        .unwrap();
    // the redeemed tokens stay with the vault: not outstanding, not burned
    assert_eq!(info.total_supply, Uint128::new(2_000));
    assert_eq!(cw20_balance(&p.chain, &junior, &vault), Uint128::new(400));

    // Before the release the withdrawal is refused, and nothing moves.
    let withdraw = tranche_vault::ExecuteMsg::WithdrawRedemption { redemption_id: 1 };
    let err = p.chain.execute(&vault, &alice, &withdraw, &[]).unwrap_err();
    assert_contract_error(
        err,
        ::tranche_vault::ContractError::RedemptionNotMatured { release_at },
    );
    assert_eq!(p.balance(&alice), 0);

    // After it the vault withdraws from the pool and pays alice.
    p.chain.advance(PoolParams::default().unbonding_period + 60);
    let paid: WithdrawRedemptionResponse = p
        .chain
        .execute(&vault, &alice, &withdraw, &[])
        .unwrap()
        .parse_data()
        .unwrap();
    assert_eq!(paid.paid, Uint128::new(400));
    assert_eq!(p.balance(&alice), 400);
    println!(
        "VM gas used: tranche_vault {}",
        p.chain.vm_gas_used_by(&vault).unwrap()
    );
}
