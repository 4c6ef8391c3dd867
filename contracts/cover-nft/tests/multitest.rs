//! The cover NFT inside cw-multi-test: real message passing, a receiver
//! contract for `SendNft`, sudo and migration through the wasm module.

use cosmwasm_std::{
    coins, to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, Event, MessageInfo, Response,
    StdResult, Uint128,
};
use cover_nft::contract::{execute, instantiate, migrate, query, sudo, CONTRACT_VERSION};
use cover_nft::ContractError;
use cw721::msg::{
    ApprovalsResponse, CollectionInfoAndExtensionResponse, NftInfoResponse, NumTokensResponse,
    OperatorsResponse, OwnerOfResponse, TokensResponse,
};
use cw721::receiver::{Cw721ReceiveMsg, ReceiverExecuteMsg};
use cw721::Ownership;
use cw_multi_test::error::AnyResult;
use cw_multi_test::{App, AppResponse, BankSudo, ContractWrapper, Executor, SudoMsg as MtSudo};
use cw_storage_plus::Item;
use cw_utils::PaymentError;
use insurance_common::cover_nft::{
    CollectionExtension, Config, ExecuteMsg, InstantiateMsg, MigrateMsg, Policy, PolicyResponse,
    PolicyStatus, QueryMsg, SudoMsg,
};
use serde::de::DeserializeOwned;

// ---- a minimal cw721 receiver ----

const RECEIVED: Item<(Addr, Cw721ReceiveMsg)> = Item::new("received");

fn receiver_execute(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: ReceiverExecuteMsg,
) -> StdResult<Response> {
    let ReceiverExecuteMsg::ReceiveNft(received) = msg;
    let token_id = received.token_id.clone();
    RECEIVED.save(deps.storage, &(info.sender, received))?;
    Ok(Response::new().add_attribute("received_token", token_id))
}

fn receiver_instantiate(
    _deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    _msg: Empty,
) -> StdResult<Response> {
    Ok(Response::new())
}

fn receiver_query(deps: Deps, _env: Env, _msg: Empty) -> StdResult<Binary> {
    to_json_binary(&RECEIVED.load(deps.storage)?)
}

// ---- harness ----

struct Suite {
    app: App,
    nft: Addr,
    code_id: u64,
    pool: Addr,
    governance: Addr,
    court: Addr,
    alice: Addr,
    bob: Addr,
}

fn store_cover_nft(app: &mut App) -> u64 {
    app.store_code(Box::new(
        ContractWrapper::new(execute, instantiate, query)
            .with_sudo(sudo)
            .with_migrate(migrate),
    ))
}

fn suite_with(court: bool) -> Suite {
    let mut app = App::default();
    let api = app.api();
    let pool = api.addr_make("pool");
    let governance = api.addr_make("governance");
    let claims_court = api.addr_make("court");
    let alice = api.addr_make("alice");
    let bob = api.addr_make("bob");
    let deployer = api.addr_make("deployer");

    let code_id = store_cover_nft(&mut app);
    let nft = app
        .instantiate_contract(
            code_id,
            deployer,
            &InstantiateMsg {
                name: "Cover".to_string(),
                symbol: "COVER".to_string(),
                risk_pool: pool.to_string(),
                governance: governance.to_string(),
                claims_court: court.then(|| claims_court.to_string()),
            },
            &[],
            "cover-nft",
            Some(governance.to_string()),
        )
        .unwrap();
    Suite {
        app,
        nft,
        code_id,
        pool,
        governance,
        court: claims_court,
        alice,
        bob,
    }
}

fn suite() -> Suite {
    suite_with(true)
}

impl Suite {
    fn exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.nft.clone(), msg, &[])
    }

    fn exec_err(&mut self, sender: &Addr, msg: &ExecuteMsg) -> ContractError {
        self.exec(sender, msg)
            .unwrap_err()
            .downcast::<ContractError>()
            .unwrap()
    }

    fn q<T: DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(&self.nft, msg).unwrap()
    }

    fn policy(&self, cover_id: u64) -> Policy {
        let now = self.app.block_info().time;
        Policy {
            cover_id,
            product_id: 3,
            denom: "uatom".to_string(),
            cover_amount: Uint128::new(5_000),
            remaining_amount: Uint128::new(5_000),
            premium: Uint128::new(50),
            start: now,
            end: now.plus_days(90),
            grace_period: 14 * 86_400,
            status: PolicyStatus::Active,
        }
    }

    fn mint(&mut self, cover_id: u64, owner: &Addr) -> AnyResult<AppResponse> {
        let msg = ExecuteMsg::Mint {
            token_id: cover_id.to_string(),
            owner: owner.to_string(),
            policy: self.policy(cover_id),
        };
        let pool = self.pool.clone();
        self.exec(&pool, &msg)
    }

    fn owner_of(&self, token_id: &str) -> String {
        let res: OwnerOfResponse = self.q(&QueryMsg::OwnerOf {
            token_id: token_id.to_string(),
            include_expired: None,
        });
        res.owner
    }

    fn policy_of(&self, token_id: &str) -> PolicyResponse {
        self.q(&QueryMsg::Policy {
            token_id: token_id.to_string(),
        })
    }
}

fn transfer(token_id: &str, recipient: &Addr) -> ExecuteMsg {
    ExecuteMsg::TransferNft {
        recipient: recipient.to_string(),
        token_id: token_id.to_string(),
    }
}

fn lock(token_id: &str) -> ExecuteMsg {
    ExecuteMsg::Lock {
        token_id: token_id.to_string(),
    }
}

fn unlock(token_id: &str) -> ExecuteMsg {
    ExecuteMsg::Unlock {
        token_id: token_id.to_string(),
    }
}

// ---- tests ----

#[test]
fn mint_and_standard_queries() {
    let mut s = suite();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.mint(1, &alice).unwrap();
    s.mint(2, &bob).unwrap();
    s.mint(3, &alice).unwrap();

    s.mint(4, &alice).unwrap();
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::Mint {
            token_id: "5".to_string(),
            owner: alice.to_string(),
            policy: s.policy(5),
        },
    );
    assert_eq!(
        err,
        ContractError::NotRiskPool {
            sender: alice.clone()
        }
    );

    let info: NftInfoResponse<Policy> = s.q(&QueryMsg::NftInfo {
        token_id: "2".to_string(),
    });
    assert_eq!(info.extension, s.policy(2));
    assert_eq!(info.token_uri, None);

    assert_eq!(s.owner_of("2"), bob.to_string());
    let count: NumTokensResponse = s.q(&QueryMsg::NumTokens {});
    assert_eq!(count.count, 4);
    let tokens: TokensResponse = s.q(&QueryMsg::Tokens {
        owner: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(tokens.tokens, vec!["1", "3", "4"]);
    let all: TokensResponse = s.q(&QueryMsg::AllTokens {
        start_after: None,
        limit: None,
    });
    assert_eq!(all.tokens, vec!["1", "2", "3", "4"]);

    let info: CollectionInfoAndExtensionResponse<CollectionExtension> =
        s.q(&QueryMsg::ContractInfo {});
    assert_eq!(
        (info.name.as_str(), info.symbol.as_str()),
        ("Cover", "COVER")
    );
    assert_eq!(info.extension, None);

    let minter: Ownership<Addr> = s.q(&QueryMsg::GetMinterOwnership {});
    assert_eq!(minter.owner, Some(s.pool.clone()));
    let config: Config = s.q(&QueryMsg::Config {});
    assert_eq!(config.claims_court, Some(s.court.clone()));
}

#[test]
fn transfer_and_approvals() {
    let mut s = suite();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let carol = s.app.api().addr_make("carol");
    s.mint(1, &alice).unwrap();

    s.exec(&alice, &transfer("1", &bob)).unwrap();
    assert_eq!(s.owner_of("1"), bob.to_string());

    s.exec(
        &bob,
        &ExecuteMsg::Approve {
            spender: carol.to_string(),
            token_id: "1".to_string(),
            expires: None,
        },
    )
    .unwrap();
    let approvals: ApprovalsResponse = s.q(&QueryMsg::Approvals {
        token_id: "1".to_string(),
        include_expired: None,
    });
    assert_eq!(approvals.approvals[0].spender, carol);
    s.exec(
        &bob,
        &ExecuteMsg::Revoke {
            spender: carol.to_string(),
            token_id: "1".to_string(),
        },
    )
    .unwrap();
    assert!(s.exec(&carol, &transfer("1", &carol)).is_err());

    s.exec(
        &bob,
        &ExecuteMsg::ApproveAll {
            operator: carol.to_string(),
            expires: None,
        },
    )
    .unwrap();
    let operators: OperatorsResponse = s.q(&QueryMsg::AllOperators {
        owner: bob.to_string(),
        include_expired: None,
        start_after: None,
        limit: None,
    });
    assert_eq!(operators.operators.len(), 1);
    s.exec(&carol, &transfer("1", &alice)).unwrap();
    assert_eq!(s.owner_of("1"), alice.to_string());

    s.exec(
        &bob,
        &ExecuteMsg::RevokeAll {
            operator: carol.to_string(),
        },
    )
    .unwrap();
    let operators: OperatorsResponse = s.q(&QueryMsg::AllOperators {
        owner: bob.to_string(),
        include_expired: None,
        start_after: None,
        limit: None,
    });
    assert!(operators.operators.is_empty());
}

#[test]
fn send_nft_to_receiver_contract() {
    let mut s = suite();
    let alice = s.alice.clone();
    let receiver_code = s.app.store_code(Box::new(ContractWrapper::new(
        receiver_execute,
        receiver_instantiate,
        receiver_query,
    )));
    let receiver = s
        .app
        .instantiate_contract(receiver_code, alice.clone(), &Empty {}, &[], "rx", None)
        .unwrap();
    s.mint(1, &alice).unwrap();

    let payload = to_json_binary("file-claim").unwrap();
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::SendNft {
                contract: receiver.to_string(),
                token_id: "1".to_string(),
                msg: payload.clone(),
            },
        )
        .unwrap();
    assert!(res.has_event(&Event::new("wasm").add_attribute("received_token", "1")));
    assert_eq!(s.owner_of("1"), receiver.to_string());

    let (from, received): (Addr, Cw721ReceiveMsg) =
        s.app.wrap().query_wasm_smart(&receiver, &Empty {}).unwrap();
    assert_eq!(from, s.nft);
    assert_eq!(
        received,
        Cw721ReceiveMsg {
            sender: alice.to_string(),
            token_id: "1".to_string(),
            msg: payload,
        }
    );
}

#[test]
fn claim_lock_flow() {
    let mut s = suite();
    let (alice, bob, court) = (s.alice.clone(), s.bob.clone(), s.court.clone());
    s.mint(1, &alice).unwrap();

    let err = s.exec_err(&alice, &lock("1"));
    assert_eq!(
        err,
        ContractError::NotClaimsCourt {
            sender: alice.clone()
        }
    );
    let err = s.exec_err(&court, &unlock("1"));
    assert_eq!(
        err,
        ContractError::NotLocked {
            token_id: "1".to_string()
        }
    );

    s.exec(&court, &lock("1")).unwrap();
    assert_eq!(
        s.exec_err(&court, &lock("1")),
        ContractError::AlreadyLocked {
            token_id: "1".to_string()
        }
    );
    let p = s.policy_of("1");
    assert!(p.locked);
    assert_eq!(p.policy.status, PolicyStatus::ClaimOpen);

    let locked = ContractError::TokenLocked {
        token_id: "1".to_string(),
    };
    assert_eq!(s.exec_err(&alice, &transfer("1", &bob)), locked);
    assert_eq!(
        s.exec_err(
            &alice,
            &ExecuteMsg::SendNft {
                contract: bob.to_string(),
                token_id: "1".to_string(),
                msg: Binary::default(),
            }
        ),
        locked
    );
    assert_eq!(
        s.exec_err(
            &alice,
            &ExecuteMsg::Burn {
                token_id: "1".to_string()
            }
        ),
        locked
    );
    // approving is still allowed
    s.exec(
        &alice,
        &ExecuteMsg::ApproveAll {
            operator: bob.to_string(),
            expires: None,
        },
    )
    .unwrap();

    s.exec(&court, &unlock("1")).unwrap();
    assert_eq!(s.policy_of("1").policy.status, PolicyStatus::Active);
    s.exec(&bob, &transfer("1", &bob)).unwrap();
    assert_eq!(s.owner_of("1"), bob.to_string());

    // burning works again once unlocked
    s.exec(
        &bob,
        &ExecuteMsg::Burn {
            token_id: "1".to_string(),
        },
    )
    .unwrap();
    let count: NumTokensResponse = s.q(&QueryMsg::NumTokens {});
    assert_eq!(count.count, 0);
}

#[test]
fn lock_without_court_fails() {
    let mut s = suite_with(false);
    let (alice, court) = (s.alice.clone(), s.court.clone());
    s.mint(1, &alice).unwrap();
    assert_eq!(
        s.exec_err(&court, &lock("1")),
        ContractError::NoClaimsCourt {}
    );
    assert_eq!(
        s.exec_err(&court, &unlock("1")),
        ContractError::NoClaimsCourt {}
    );
}

#[test]
fn set_remaining_flow() {
    let mut s = suite();
    let (alice, pool) = (s.alice.clone(), s.pool.clone());
    s.mint(1, &alice).unwrap();
    let set = |amount: u128| ExecuteMsg::SetRemaining {
        token_id: "1".to_string(),
        remaining_amount: Uint128::new(amount),
    };

    assert_eq!(
        s.exec_err(&alice, &set(1)),
        ContractError::NotRiskPool {
            sender: alice.clone()
        }
    );
    assert_eq!(
        s.exec_err(&pool, &set(5_001)),
        ContractError::RemainingExceedsCover {
            token_id: "1".to_string(),
            remaining: Uint128::new(5_001),
            cover: Uint128::new(5_000),
        }
    );

    s.exec(&pool, &set(2_000)).unwrap();
    let p = s.policy_of("1").policy;
    assert_eq!(p.remaining_amount, Uint128::new(2_000));
    assert_eq!(p.status, PolicyStatus::Active);

    s.exec(&pool, &set(0)).unwrap();
    let p = s.policy_of("1").policy;
    assert_eq!(p.status, PolicyStatus::Exhausted);
    let info: NftInfoResponse<Policy> = s.q(&QueryMsg::NftInfo {
        token_id: "1".to_string(),
    });
    assert_eq!(info.extension, p);
}

#[test]
fn update_config_via_execute_and_sudo() {
    let mut s = suite_with(false);
    let (alice, governance) = (s.alice.clone(), s.governance.clone());
    let court = s.court.clone();

    let update = ExecuteMsg::UpdateConfig {
        governance: None,
        claims_court: Some(court.to_string()),
    };
    assert_eq!(
        s.exec_err(&alice, &update),
        ContractError::NotGovernance {
            sender: alice.clone()
        }
    );
    s.exec(&governance, &update).unwrap();
    let config: Config = s.q(&QueryMsg::Config {});
    assert_eq!(config.claims_court, Some(court.clone()));

    // the court configured by governance can now lock
    s.mint(1, &alice).unwrap();
    s.exec(&court, &lock("1")).unwrap();

    let new_gov = s.app.api().addr_make("new_gov");
    let new_court = s.app.api().addr_make("new_court");
    s.app
        .wasm_sudo(
            s.nft.clone(),
            &SudoMsg::UpdateConfig {
                governance: Some(new_gov.to_string()),
                claims_court: Some(new_court.to_string()),
            },
        )
        .unwrap();
    let config: Config = s.q(&QueryMsg::Config {});
    assert_eq!(config.governance, new_gov);
    assert_eq!(config.claims_court, Some(new_court.clone()));
    let creator: Ownership<Addr> = s.q(&QueryMsg::GetCreatorOwnership {});
    assert_eq!(creator.owner, Some(new_gov));

    // the replaced court and governance lost their powers
    assert_eq!(
        s.exec_err(&court, &unlock("1")),
        ContractError::NotClaimsCourt {
            sender: court.clone()
        }
    );
    assert_eq!(
        s.exec_err(&governance, &update),
        ContractError::NotGovernance { sender: governance }
    );
    s.exec(&new_court, &unlock("1")).unwrap();
}

#[test]
fn funds_are_refused() {
    let mut s = suite();
    let (alice, pool, court, governance) = (
        s.alice.clone(),
        s.pool.clone(),
        s.court.clone(),
        s.governance.clone(),
    );
    for who in [&alice, &pool, &court, &governance] {
        s.app
            .sudo(MtSudo::Bank(BankSudo::Mint {
                to_address: who.to_string(),
                amount: coins(100, "uatom"),
            }))
            .unwrap();
    }
    s.mint(1, &alice).unwrap();

    let cases = [
        (&alice, transfer("1", &pool)),
        (
            &alice,
            ExecuteMsg::Approve {
                spender: pool.to_string(),
                token_id: "1".to_string(),
                expires: None,
            },
        ),
        (
            &alice,
            ExecuteMsg::Burn {
                token_id: "1".to_string(),
            },
        ),
        (
            &pool,
            ExecuteMsg::Mint {
                token_id: "2".to_string(),
                owner: alice.to_string(),
                policy: s.policy(2),
            },
        ),
        (
            &pool,
            ExecuteMsg::SetRemaining {
                token_id: "1".to_string(),
                remaining_amount: Uint128::zero(),
            },
        ),
        (&court, lock("1")),
        (
            &governance,
            ExecuteMsg::UpdateConfig {
                governance: None,
                claims_court: None,
            },
        ),
    ];
    for (sender, msg) in cases {
        let err = s
            .app
            .execute_contract(sender.clone(), s.nft.clone(), &msg, &coins(1, "uatom"))
            .unwrap_err()
            .downcast::<ContractError>()
            .unwrap();
        assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
    }
    // nothing moved, including the coins
    assert_eq!(s.owner_of("1"), alice.to_string());
    let balance = s.app.wrap().query_balance(&alice, "uatom").unwrap();
    assert_eq!(balance.amount, Uint128::new(100));
}

#[test]
fn migrate_to_new_code() {
    let mut s = suite();
    let alice = s.alice.clone();
    s.mint(1, &alice).unwrap();
    let new_code = store_cover_nft(&mut s.app);
    assert_ne!(new_code, s.code_id);
    let res = s
        .app
        .migrate_contract(
            s.governance.clone(),
            s.nft.clone(),
            &MigrateMsg {},
            new_code,
        )
        .unwrap();
    assert!(res.has_event(&Event::new("wasm").add_attribute("to_version", CONTRACT_VERSION)));
    let version = cw2::query_contract_info(&s.app.wrap(), s.nft.clone()).unwrap();
    assert_eq!(version.contract, "crates.io:cover-nft");
    // state survives
    assert_eq!(s.owner_of("1"), alice.to_string());
    assert_eq!(s.policy_of("1").policy, s.policy(1));
}
