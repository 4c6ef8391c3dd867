//! The claims court's optimized wasm in the real CosmWasm VM (cosmwasm-vm):
//! the static check, then a discretionary claim from filing to the reply of
//! its payout, with the pool and the cover NFT answered by a mock querier.
//! Needs `scripts/build.sh` first.

use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, BankMsg, Binary, ContractResult, CosmosMsg, Decimal,
    Decimal256, Env, Reply, ReplyOn, Response, SubMsgResponse, SubMsgResult, SystemError,
    SystemResult, Uint128, WasmMsg, WasmQuery,
};
use cosmwasm_vm::capabilities_from_csv;
use cosmwasm_vm::testing::{
    execute, instantiate, mock_env, mock_instance_with_options, query, reply, MockApi,
    MockInstanceOptions,
};
use insurance_common::claims_court::{
    ClaimResponse, ClaimStatus, CourtParams, ExecuteMsg, InstantiateMsg, QueryMsg,
};
use insurance_common::cover_nft;
use insurance_common::risk_pool::{self, ClaimMethod, PoolParams, ProductInfo, DAY};

use crate::support::{artifact, info, ok, VmInstance, GAS_LIMIT};

fn env_of(contract: &Addr, seconds_later: u64) -> Env {
    let mut env = mock_env();
    env.contract.address = contract.clone();
    env.block.time = env.block.time.plus_seconds(seconds_later);
    env
}

struct World {
    gov: Addr,
    pool: Addr,
    nft: Addr,
    court: Addr,
    holder: Addr,
    treasury: Addr,
}

/// Answers the court's queries to the pool and the NFT as they would on chain.
fn answer(w: &World, contract: &str, msg: &Binary) -> Result<Binary, String> {
    let start = mock_env().block.time;
    if contract == w.pool.as_str() {
        let q: risk_pool::QueryMsg = from_json(msg).map_err(|e| e.to_string())?;
        return match q {
            risk_pool::QueryMsg::Config {} => to_json_binary(&risk_pool::ConfigResponse {
                collateral_denom: "uusdc".to_string(),
                governance: w.gov.clone(),
                treasury: w.treasury.clone(),
                params: PoolParams::default(),
                cover_nft: Some(w.nft.clone()),
                claims_court: Some(w.court.clone()),
                tranche_vault: None,
                reinsurance_bridge: None,
            }),
            risk_pool::QueryMsg::Cover { cover_id: 1 } => {
                to_json_binary(&risk_pool::CoverResponse {
                    cover_id: 1,
                    product_id: 1,
                    buyer: w.holder.clone(),
                    amount: Uint128::new(100_000),
                    remaining: Uint128::new(100_000),
                    premium: Uint128::new(494),
                    start,
                    end: start.plus_seconds(90 * DAY),
                    claimable_until: start.plus_seconds(120 * DAY),
                })
            }
            risk_pool::QueryMsg::Product { product_id: 1 } => {
                to_json_binary(&risk_pool::ProductResponse {
                    product: ProductInfo {
                        id: 1,
                        name: "Smart contract exploit cover".to_string(),
                        base_annual_rate: Decimal::percent(2),
                        capacity_weight: Decimal::one(),
                        grace_period: 30 * DAY,
                        claim_method: ClaimMethod::Discretionary,
                    },
                    paused: false,
                    active_cover: Uint128::new(100_000),
                    capacity: Uint128::new(2_000_000),
                    capacity_left: Uint128::new(1_900_000),
                })
            }
            risk_pool::QueryMsg::PoolState {} => to_json_binary(&risk_pool::PoolStateResponse {
                total_assets: Uint128::new(950_000),
                total_shares: Uint128::new(1_000_000_000_000),
                active_shares: Uint128::new(1_000_000_000_000),
                share_price: Decimal::from_ratio(950_001u128, 1_000_001_000_000u128),
                active_cover: Uint128::new(50_000),
                capacity: Uint128::new(1_900_000),
                capacity_left: Uint128::new(1_850_000),
                utilisation: Decimal::percent(2),
                minimum_capital: Uint128::new(25_000),
                reward_reserve: Uint128::new(371),
                reward_rate: Decimal256::zero(),
                claims_fund: Uint128::new(49),
                reinsurance_receivable: Uint128::zero(),
                circuit_breaker_tripped: false,
                covers_sold: 1,
            }),
            other => return Err(format!("unexpected pool query {other:?}")),
        }
        .map_err(|e| e.to_string());
    }
    if contract == w.nft.as_str() {
        let q: cover_nft::QueryMsg = from_json(msg).map_err(|e| e.to_string())?;
        return match q {
            cover_nft::QueryMsg::OwnerOf { token_id, .. } if token_id == "1" => {
                to_json_binary(&cw721::msg::OwnerOfResponse {
                    owner: w.holder.to_string(),
                    approvals: vec![],
                })
                .map_err(|e| e.to_string())
            }
            other => Err(format!("unexpected NFT query {other:?}")),
        };
    }
    Err(format!("no contract {contract}"))
}

fn court_instance(w: World) -> VmInstance {
    let mut instance = mock_instance_with_options(
        &artifact("claims_court"),
        MockInstanceOptions {
            available_capabilities: capabilities_from_csv("iterator"),
            gas_limit: GAS_LIMIT,
            ..MockInstanceOptions::default()
        },
    );
    instance
        .with_querier(|querier| {
            querier.update_wasm(move |q| match q {
                WasmQuery::Smart { contract_addr, msg } => match answer(&w, contract_addr, msg) {
                    Ok(bin) => SystemResult::Ok(ContractResult::Ok(bin)),
                    Err(e) => SystemResult::Ok(ContractResult::Err(e)),
                },
                _ => SystemResult::Err(SystemError::UnsupportedRequest {
                    kind: "wasm".to_string(),
                }),
            });
            Ok(())
        })
        .unwrap();
    instance
}

#[test]
fn court_runs_a_claim_from_filing_to_payout_in_the_vm() {
    let api = MockApi::default();
    let make = |name: &str| Addr::unchecked(api.addr_make(name));
    let (gov, pool, nft, court, holder, treasury) = (
        make("governance"),
        make("risk_pool"),
        make("cover_nft"),
        make("claims_court"),
        make("holder"),
        make("treasury"),
    );
    let (a1, a2, keeper) = (make("assessor1"), make("assessor2"), make("keeper"));
    let mut vm = court_instance(World {
        gov: gov.clone(),
        pool: pool.clone(),
        nft: nft.clone(),
        court: court.clone(),
        holder: holder.clone(),
        treasury,
    });

    ok(instantiate(
        &mut vm,
        env_of(&court, 0),
        info(&gov, &[]),
        InstantiateMsg {
            governance: gov.to_string(),
            risk_pool: pool.to_string(),
            cover_nft: nft.to_string(),
            assessor_denom: "uinsr".to_string(),
            // two assessors bond 700 units: a floor under their votes
            params: CourtParams {
                min_quorum: Uint128::new(100),
                ..CourtParams::default()
            },
        },
    ));
    for (who, amount) in [(&a1, 400u128), (&a2, 300)] {
        ok(execute(
            &mut vm,
            env_of(&court, 10),
            info(who, &coins(amount, "uinsr")),
            ExecuteMsg::Bond {},
        ));
    }
    let res = ok(execute(
        &mut vm,
        env_of(&court, 20),
        info(&holder, &coins(2_500, "uusdc")),
        ExecuteMsg::FileClaim {
            incident_id: None,
            cover_id: 1,
            amount: Uint128::new(50_000),
            description: "exploit".to_string(),
            evidence: Some("ipfs://post-mortem".to_string()),
        },
    ));
    // the NFT is locked through a submessage
    let lock = match &res.messages[0].msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) if contract_addr == nft.as_str() => from_json::<cover_nft::ExecuteMsg>(msg).unwrap(),
        other => panic!("expected the lock, got {other:?}"),
    };
    assert_eq!(
        lock,
        cover_nft::ExecuteMsg::Court(cover_nft::CourtMsg::Lock {
            cover_id: 1,
            claimant: holder.to_string()
        })
    );
    for who in [&a1, &a2] {
        ok(execute(
            &mut vm,
            env_of(&court, 30),
            info(who, &[]),
            ExecuteMsg::Vote {
                claim_id: 1,
                approve: true,
            },
        ));
    }

    let res = ok(execute(
        &mut vm,
        env_of(&court, 4 * DAY + 30),
        info(&keeper, &[]),
        ExecuteMsg::ExecuteClaim { claim_id: 1 },
    ));
    let sub = &res.messages[0];
    assert_eq!(sub.id, 1);
    assert_eq!(sub.reply_on, ReplyOn::Always);
    match &sub.msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) => {
            assert_eq!(contract_addr, pool.as_str());
            assert_eq!(
                from_json::<risk_pool::ExecuteMsg>(msg).unwrap(),
                risk_pool::ExecuteMsg::Court(risk_pool::CourtMsg::Payout {
                    cover_id: 1,
                    recipient: holder.to_string(),
                    amount: Uint128::new(50_000),
                    event: risk_pool::LossEvent::Claim { claim_id: 1 },
                })
            );
        }
        other => panic!("expected the payout, got {other:?}"),
    }

    // the chain relays the pool's success
    #[allow(deprecated)]
    let success = SubMsgResult::Ok(SubMsgResponse {
        events: vec![],
        data: None,
        msg_responses: vec![],
    });
    let res: Response = reply::<_, _, _, cosmwasm_std::Empty>(
        &mut vm,
        env_of(&court, 4 * DAY + 30),
        Reply {
            id: 1,
            payload: sub.payload.clone(),
            gas_used: 0,
            result: success,
        },
    )
    .into_result()
    .expect("reply succeeds in the VM");
    let msgs: Vec<&CosmosMsg> = res.messages.iter().map(|m| &m.msg).collect();
    assert!(msgs.contains(&&CosmosMsg::Bank(BankMsg::Send {
        to_address: holder.to_string(),
        amount: coins(2_500, "uusdc"),
    })));
    let wasm_calls: Vec<(String, Binary)> = msgs
        .iter()
        .filter_map(|m| match m {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) => Some((contract_addr.clone(), msg.clone())),
            _ => None,
        })
        .collect();
    assert!(wasm_calls.iter().any(|(to, msg)| to == pool.as_str()
        && from_json::<risk_pool::ExecuteMsg>(msg).unwrap()
            == risk_pool::ExecuteMsg::Court(risk_pool::CourtMsg::WithdrawClaimsFund {
                amount: Uint128::new(49)
            })));
    assert!(wasm_calls.iter().any(|(to, msg)| to == nft.as_str()
        && from_json::<cover_nft::ExecuteMsg>(msg).unwrap()
            == cover_nft::ExecuteMsg::Court(cover_nft::CourtMsg::Unlock { cover_id: 1 })));

    let claim: ClaimResponse = from_json(
        query(
            &mut vm,
            env_of(&court, 4 * DAY + 40),
            QueryMsg::Claim { claim_id: 1 },
        )
        .into_result()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(claim.status, ClaimStatus::Paid);
    assert_eq!(claim.paid, Uint128::new(50_000));
    assert_eq!(claim.reward, Uint128::new(49));
    assert_eq!(
        claim.executed_at,
        Some(env_of(&court, 4 * DAY + 30).block.time)
    );
    println!(
        "VM gas used: claims_court {}",
        GAS_LIMIT - vm.get_gas_left()
    );
}
