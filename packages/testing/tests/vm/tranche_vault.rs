//! The tranche vault and cw20-base artifacts in the real CosmWasm VM
//! (cosmwasm-vm): the static check and size limit, then real calls. cw20-base
//! must export its entry points (no `library` feature) and run on the
//! workspace's cosmwasm-std; the vault is driven through instantiation, its
//! token replies, a deposit, a redemption and its unbonding reply, with the
//! pool and the tokens answered by a mock querier. Needs `scripts/build.sh`.

use std::cell::RefCell;
use std::rc::Rc;

use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, ContractResult, CosmosMsg, Decimal, Decimal256, Env,
    MsgResponse, Reply, ReplyOn, SubMsg, SubMsgResponse, SubMsgResult, SystemResult, Timestamp,
    Uint128, WasmMsg, WasmQuery,
};
use cosmwasm_vm::testing::{execute, instantiate, mock_env, query, reply, MockApi};
use insurance_common::risk_pool::{self, PoolParams};
use insurance_common::tranche_vault::{
    self, ConfigResponse, RedemptionsResponse, TokenParams, Tranche, TrancheResponse, VaultParams,
};

use crate::support::{info, ok, vm_instance, GAS_LIMIT};

const DENOM: &str = "uusdc";

fn env_of(contract: &Addr) -> Env {
    let mut env = mock_env();
    env.contract.address = contract.clone();
    env
}

/// Protobuf: one length-delimited field.
fn proto_field(field: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![(field << 3) | 2];
    let mut len = bytes.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(bytes);
    out
}

fn reply_with(sub: &SubMsg, type_url: &str, value: Vec<u8>) -> Reply {
    #[allow(deprecated)]
    Reply {
        id: sub.id,
        payload: sub.payload.clone(),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![MsgResponse {
                type_url: type_url.to_string(),
                value: value.into(),
            }],
        }),
    }
}

#[test]
fn cw20_base_artifact_mints_sends_and_answers_in_the_vm() {
    let api = MockApi::default();
    let make = |name: &str| Addr::unchecked(api.addr_make(name));
    let (token, minter, alice, vault) = (make("token"), make("vault"), make("alice"), make("v"));
    let mut cw20 = vm_instance("cw20_base");
    ok(instantiate(
        &mut cw20,
        env_of(&token),
        info(&minter, &[]),
        cw20_base::msg::InstantiateMsg {
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
    ));
    ok(execute(
        &mut cw20,
        env_of(&token),
        info(&minter, &[]),
        cw20::Cw20ExecuteMsg::Mint {
            recipient: alice.to_string(),
            amount: Uint128::new(1_000),
        },
    ));
    // a Send calls the receiver's hook
    let res = ok(execute(
        &mut cw20,
        env_of(&token),
        info(&alice, &[]),
        cw20::Cw20ExecuteMsg::Send {
            contract: vault.to_string(),
            amount: Uint128::new(400),
            msg: to_json_binary(&tranche_vault::ReceiveMsg::Redeem {}).unwrap(),
        },
    ));
    let hook = match &res.messages[0].msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) => {
            assert_eq!(contract_addr, vault.as_str());
            from_json::<tranche_vault::ExecuteMsg>(msg).unwrap()
        }
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(
        hook,
        tranche_vault::ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(400),
            msg: to_json_binary(&tranche_vault::ReceiveMsg::Redeem {}).unwrap(),
        })
    );
    let balance: cw20::BalanceResponse = from_json(
        query(
            &mut cw20,
            env_of(&token),
            cw20::Cw20QueryMsg::Balance {
                address: vault.to_string(),
            },
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(balance.balance, Uint128::new(400));
    let info: cw20::TokenInfoResponse = from_json(
        query(&mut cw20, env_of(&token), cw20::Cw20QueryMsg::TokenInfo {})
            .into_result()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(info.total_supply, Uint128::new(1_000));
}

/// What the mock querier answers for the pool and the two tokens.
#[derive(Default)]
struct World {
    pool_assets: u128,
    pool_shares: u128,
    vault_shares: u128,
    vault_unbonding: u128,
    senior_supply: u128,
    junior_supply: u128,
    /// Junior tokens the vault holds (sent to it, not burned yet).
    vault_junior_balance: u128,
}

#[test]
fn vault_artifact_deposits_and_redeems_in_the_vm() {
    let api = MockApi::default();
    let make = |name: &str| Addr::unchecked(api.addr_make(name));
    let (gov, pool, vault, alice) = (
        make("governance"),
        make("risk_pool"),
        make("tranche_vault"),
        make("alice"),
    );
    let (senior, junior) = (make("senior_token"), make("junior_token"));
    let world = Rc::new(RefCell::new(World::default()));

    let mut instance = vm_instance("tranche_vault");
    {
        let (world, pool, vault, gov) = (world.clone(), pool.clone(), vault.clone(), gov.clone());
        let (senior, junior) = (senior.clone(), junior.clone());
        instance
            .with_querier(move |querier| {
                querier.update_wasm(move |q| {
                    let w = world.borrow();
                    let WasmQuery::Smart { contract_addr, msg } = q else {
                        panic!("unexpected query {q:?}");
                    };
                    let answer = if contract_addr == pool.as_str() {
                        match from_json::<risk_pool::QueryMsg>(msg).unwrap() {
                            risk_pool::QueryMsg::Config {} => {
                                to_json_binary(&risk_pool::ConfigResponse {
                                    collateral_denom: DENOM.to_string(),
                                    governance: gov.clone(),
                                    treasury: gov.clone(),
                                    params: PoolParams::default(),
                                    cover_nft: None,
                                    claims_court: None,
                                    tranche_vault: Some(vault.clone()),
                                    reinsurance_bridge: None,
                                })
                            }
                            risk_pool::QueryMsg::Staker { address } => {
                                assert_eq!(address, vault.as_str());
                                to_json_binary(&risk_pool::StakerResponse {
                                    address: vault.clone(),
                                    shares: Uint128::new(w.vault_shares),
                                    unbonding_shares: Uint128::new(w.vault_unbonding),
                                    value: Uint128::zero(),
                                    pending_rewards: Uint128::zero(),
                                })
                            }
                            risk_pool::QueryMsg::PoolState {} => {
                                to_json_binary(&risk_pool::PoolStateResponse {
                                    total_assets: Uint128::new(w.pool_assets),
                                    total_shares: Uint128::new(w.pool_shares),
                                    active_shares: Uint128::new(w.vault_shares),
                                    share_price: Decimal::one(),
                                    active_cover: Uint128::zero(),
                                    capacity: Uint128::zero(),
                                    capacity_left: Uint128::zero(),
                                    utilisation: Decimal::zero(),
                                    minimum_capital: Uint128::zero(),
                                    reward_reserve: Uint128::zero(),
                                    reward_rate: Decimal256::zero(),
                                    claims_fund: Uint128::zero(),
                                    reinsurance_receivable: Uint128::zero(),
                                    circuit_breaker_tripped: false,
                                    covers_sold: 0,
                                })
                            }
                            other => panic!("unexpected pool query {other:?}"),
                        }
                    } else {
                        let (supply, held) = if contract_addr == senior.as_str() {
                            (w.senior_supply, 0)
                        } else if contract_addr == junior.as_str() {
                            (w.junior_supply, w.vault_junior_balance)
                        } else {
                            panic!("query to unknown contract {contract_addr}")
                        };
                        match from_json::<cw20::Cw20QueryMsg>(msg).unwrap() {
                            cw20::Cw20QueryMsg::TokenInfo {} => {
                                to_json_binary(&cw20::TokenInfoResponse {
                                    name: "tranche".to_string(),
                                    symbol: "TRANCHE".to_string(),
                                    decimals: 6,
                                    total_supply: Uint128::new(supply),
                                })
                            }
                            cw20::Cw20QueryMsg::Balance { address } => {
                                assert_eq!(address, vault.as_str());
                                to_json_binary(&cw20::BalanceResponse {
                                    balance: Uint128::new(held),
                                })
                            }
                            other => panic!("unexpected token query {other:?}"),
                        }
                    };
                    SystemResult::Ok(ContractResult::Ok(answer.unwrap()))
                });
                Ok(())
            })
            .unwrap();
    }

    // instantiate: two cw20-base instantiations, the vault their minter
    let res = ok(instantiate(
        &mut instance,
        env_of(&vault),
        info(&gov, &[]),
        tranche_vault::InstantiateMsg {
            risk_pool: pool.to_string(),
            governance: gov.to_string(),
            cw20_code_id: 7,
            senior_token: TokenParams {
                name: "Insurance Senior Tranche".to_string(),
                symbol: "SENIOR".to_string(),
            },
            junior_token: TokenParams {
                name: "Insurance Junior Tranche".to_string(),
                symbol: "JUNIOR".to_string(),
            },
            decimals: 6,
            params: VaultParams::default(),
        },
    ));
    assert_eq!(res.messages.len(), 2);
    for (sub, tranche) in res.messages.iter().zip([Tranche::Senior, Tranche::Junior]) {
        assert_eq!((sub.id, &sub.reply_on), (1, &ReplyOn::Success));
        assert_eq!(from_json::<Tranche>(&sub.payload).unwrap(), tranche);
        let CosmosMsg::Wasm(WasmMsg::Instantiate {
            code_id,
            msg,
            admin,
            ..
        }) = &sub.msg
        else {
            panic!("expected an instantiation, got {:?}", sub.msg);
        };
        assert_eq!((*code_id, admin.as_deref()), (7, Some(gov.as_str())));
        let msg: cw20_base::msg::InstantiateMsg = from_json(msg).unwrap();
        assert_eq!(msg.mint.unwrap().minter, vault.to_string());
    }
    for (sub, token) in res.messages.iter().zip([&senior, &junior]) {
        ok(reply(
            &mut instance,
            env_of(&vault),
            reply_with(
                sub,
                "/cosmwasm.wasm.v1.MsgInstantiateContractResponse",
                proto_field(1, token.as_bytes()),
            ),
        ));
    }
    let config: ConfigResponse = from_json(
        query(
            &mut instance,
            env_of(&vault),
            tranche_vault::QueryMsg::Config {},
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (config.senior_token, config.junior_token),
        (senior.clone(), junior.clone())
    );
    assert_eq!(config.collateral_denom, DENOM);

    // deposit: staked in the pool, tokens minted at price one
    let res = ok(execute(
        &mut instance,
        env_of(&vault),
        info(&alice, &coins(1_000, DENOM)),
        tranche_vault::ExecuteMsg::Deposit {
            tranche: Tranche::Junior,
        },
    ));
    let msgs: Vec<&CosmosMsg> = res.messages.iter().map(|m| &m.msg).collect();
    assert_eq!(
        msgs,
        vec![
            &CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr: pool.to_string(),
                msg: to_json_binary(&risk_pool::ExecuteMsg::Deposit {}).unwrap(),
                funds: coins(1_000, DENOM),
            }),
            &CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr: junior.to_string(),
                msg: to_json_binary(&cw20::Cw20ExecuteMsg::Mint {
                    recipient: alice.to_string(),
                    amount: Uint128::new(1_000),
                })
                .unwrap(),
                funds: vec![],
            }),
        ]
    );
    {
        let mut w = world.borrow_mut();
        w.pool_assets = 1_000;
        w.pool_shares = 1_000_000_000;
        w.vault_shares = 1_000_000_000;
        w.junior_supply = 1_000;
    }
    let junior_tranche: TrancheResponse = from_json(
        query(
            &mut instance,
            env_of(&vault),
            tranche_vault::QueryMsg::Tranche {
                tranche: Tranche::Junior,
            },
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(junior_tranche.value, Uint128::new(1_000));

    // redeem 400 through the junior token's receive hook: burn, unbond
    world.borrow_mut().vault_junior_balance = 400;
    let res = ok(execute(
        &mut instance,
        env_of(&vault),
        info(&junior, &[]),
        tranche_vault::ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(400),
            msg: to_json_binary(&tranche_vault::ReceiveMsg::Redeem {}).unwrap(),
        }),
    ));
    assert_eq!(res.messages.len(), 2);
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: junior.to_string(),
            msg: to_json_binary(&cw20::Cw20ExecuteMsg::Burn {
                amount: Uint128::new(400)
            })
            .unwrap(),
            funds: vec![],
        })
    );
    assert_eq!(
        (res.messages[1].id, &res.messages[1].reply_on),
        (2, &ReplyOn::Success)
    );
    assert_eq!(
        res.messages[1].msg,
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: pool.to_string(),
            msg: to_json_binary(&risk_pool::ExecuteMsg::RequestUnbond {
                shares: Uint128::new(400_000_000)
            })
            .unwrap(),
            funds: vec![],
        })
    );
    {
        let mut w = world.borrow_mut();
        w.vault_shares = 600_000_000;
        w.vault_unbonding = 400_000_000;
        w.junior_supply = 600;
        w.vault_junior_balance = 0;
    }
    let release_at = Timestamp::from_seconds(mock_env().block.time.seconds() + 30 * 86_400);
    let data = to_json_binary(&risk_pool::RequestUnbondResponse {
        unbonding_id: 1,
        shares: Uint128::new(400_000_000),
        release_at,
    })
    .unwrap();
    ok(reply(
        &mut instance,
        env_of(&vault),
        reply_with(
            &res.messages[1],
            "/cosmwasm.wasm.v1.MsgExecuteContractResponse",
            proto_field(1, data.as_slice()),
        ),
    ));
    let redemptions: RedemptionsResponse = from_json(
        query(
            &mut instance,
            env_of(&vault),
            tranche_vault::QueryMsg::Redemptions {
                owner: alice.to_string(),
                start_after: None,
                limit: None,
            },
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    let r = &redemptions.redemptions[0];
    assert_eq!(
        (r.id, r.tranche, r.value, r.unbonding_id, r.release_at),
        (1, Tranche::Junior, Uint128::new(400), Some(1), release_at)
    );
    println!("VM gas used: {}", GAS_LIMIT - instance.get_gas_left());
}
