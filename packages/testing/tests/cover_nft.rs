//! The cover NFT: policies bought through the pool are cw721 tokens that
//! wallets can display, an open claim in the court holds them, and only the
//! pool and governance reach the protocol's messages.

use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, Event, MessageInfo,
    Response, StdResult, Timestamp, Uint128,
};
use cover_nft::error::PolicyDefect;
use cover_nft::ContractError;
use cw721::error::Cw721ContractError;
use cw721::msg::{
    ApprovalResponse, ApprovalsResponse, Cw721ExecuteMsg, Cw721QueryMsg, MinterResponse,
    NftInfoResponse, NumTokensResponse, OperatorResponse, OperatorsResponse, TokensResponse,
};
use cw721::receiver::{Cw721ReceiveMsg, ReceiverExecuteMsg};
use cw721::{Expiration, NftExtension, Ownership, OwnershipError};
use cw_multi_test::{App, ContractWrapper, Executor};
use cw_storage_plus::Item;
use cw_utils::PaymentError;
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::cover_nft::{
    CollectionExtension, CollectionInfoResponse, Config, ExecuteMsg, GovernanceMsg, InstantiateMsg,
    MigrateMsg, Policy, PolicyStatus, PoolMsg, QueryMsg,
};
use insurance_common::migrate::MigrateError;
use insurance_common::risk_pool::DAY;
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{contracts, Suite, SuiteBuilder, DENOM};

use insurance_testing::assert::{assert_query_refused, nft_err as err};

fn not_owner() -> ContractError {
    ContractError::Cw721(Cw721ContractError::Ownership(OwnershipError::NotOwner))
}

/// 1,000,000 staked and `buyer` holding 50,000 of discretionary cover for 60 days.
fn bought() -> (Suite, Addr, u64) {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("buyer", 10_000)
        .build();
    let (staker, buyer) = (s.addr("staker"), s.addr("buyer"));
    s.deposit(&staker, 1_000_000).unwrap();
    let cover_id = s
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 50_000, 60 * DAY)
        .unwrap();
    (s, buyer, cover_id)
}

/// Terms the pool could mint (for a cover id it has not sold).
fn policy(s: &Suite, cover_id: u64) -> Policy {
    let now = s.now();
    Policy {
        cover_id,
        product_id: DISCRETIONARY_PRODUCT,
        denom: DENOM.to_string(),
        cover_amount: Uint128::new(5_000),
        remaining_amount: Uint128::new(5_000),
        premium: Uint128::new(50),
        start: now,
        end: now.plus_days(90),
        grace_period: 14 * DAY,
    }
}

fn num_tokens(s: &Suite) -> u64 {
    let res: NumTokensResponse = s.query_nft(&QueryMsg::NumTokens {}).unwrap();
    res.count
}

/// A cover NFT on its own (no pool contract behind `pool`).
fn lone_nft(app: &mut App, pool: &Addr, court: Option<&Addr>) -> anyhow::Result<Addr> {
    let code = app.store_code(contracts::cover_nft());
    let governance = app.api().addr_make("governance");
    let deployer = app.api().addr_make("deployer");
    app.instantiate_contract(
        code,
        deployer,
        &InstantiateMsg {
            name: "Cover".to_string(),
            symbol: "COVER".to_string(),
            risk_pool: pool.to_string(),
            governance: governance.to_string(),
            claims_court: court.map(Addr::to_string),
        },
        &[],
        "cover-nft",
        Some(governance.to_string()),
    )
}

// --- a minimal cw721 receiver, for SendNft ---

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

// --- instantiation ---

#[test]
fn instantiation_sets_config_collection_and_roles() {
    let s = SuiteBuilder::new().build();
    assert_eq!(
        s.nft_config(),
        Config {
            risk_pool: s.pool.clone(),
            governance: s.governance.clone(),
            claims_court: Some(s.claims_court.clone()),
        }
    );
    // the pool is the minter, governance the creator, answered the cw721 way
    let minter: Ownership<Addr> = s.query_nft(&QueryMsg::GetMinterOwnership {}).unwrap();
    assert_eq!(minter.owner, Some(s.pool.clone()));
    assert_eq!(minter.pending_owner, None);
    let legacy: MinterResponse = s.query_nft(&QueryMsg::Minter {}).unwrap();
    assert_eq!(legacy.minter, Some(s.pool.to_string()));
    let creator: Ownership<Addr> = s.query_nft(&QueryMsg::GetCreatorOwnership {}).unwrap();
    assert_eq!(creator.owner, Some(s.governance.clone()));

    let info: CollectionInfoResponse = s.query_nft(&QueryMsg::ContractInfo {}).unwrap();
    assert_eq!(info.0.name, "Insurance Cover");
    assert_eq!(info.0.symbol, "COVER");
    assert_eq!(info.0.extension, None);
    let same: cw721::msg::CollectionInfoAndExtensionResponse<CollectionExtension> = s
        .query_nft(&QueryMsg::GetCollectionInfoAndExtension {})
        .unwrap();
    assert_eq!(same, info.0);

    let version = cw2::query_contract_info(&s.app.wrap(), s.cover_nft.clone()).unwrap();
    assert_eq!(version.contract, "crates.io:cover-nft");
    assert_eq!(version.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(num_tokens(&s), 0);
}

#[test]
fn instantiation_refuses_bad_input_and_funds() {
    let mut app = App::default();
    let code = app.store_code(contracts::cover_nft());
    let (pool, gov, deployer) = (
        app.api().addr_make("pool"),
        app.api().addr_make("governance"),
        app.api().addr_make("deployer"),
    );
    app.sudo(cw_multi_test::SudoMsg::Bank(
        cw_multi_test::BankSudo::Mint {
            to_address: deployer.to_string(),
            amount: coins(1, DENOM),
        },
    ))
    .unwrap();
    let good = InstantiateMsg {
        name: "Cover".to_string(),
        symbol: "COVER".to_string(),
        risk_pool: pool.to_string(),
        governance: gov.to_string(),
        claims_court: None,
    };
    let mut instantiate = |msg: &InstantiateMsg, funds: &[cosmwasm_std::Coin]| {
        app.instantiate_contract(code, deployer.clone(), msg, funds, "cover-nft", None)
    };
    assert!(matches!(
        err(instantiate(
            &InstantiateMsg {
                claims_court: Some("NotAnAddress".to_string()),
                ..good.clone()
            },
            &[]
        )),
        ContractError::Std(_)
    ));
    assert_eq!(
        err(instantiate(
            &InstantiateMsg {
                name: " ".to_string(),
                ..good.clone()
            },
            &[]
        )),
        ContractError::Cw721(Cw721ContractError::CollectionNameEmpty {})
    );
    assert_eq!(
        err(instantiate(
            &InstantiateMsg {
                symbol: String::new(),
                ..good.clone()
            },
            &[]
        )),
        ContractError::Cw721(Cw721ContractError::CollectionSymbolEmpty {})
    );
    assert_eq!(
        err(instantiate(&good, &coins(1, DENOM))),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    instantiate(&good, &[]).unwrap();
}

// --- what wallets and marketplaces see ---

#[test]
fn a_bought_policy_is_a_cw721_token_with_display_metadata() {
    let (s, buyer, cover_id) = bought();
    let token_id = cover_id.to_string();
    assert_eq!(num_tokens(&s), 1);
    assert_eq!(s.nft_owner_of(cover_id).owner, buyer.to_string());
    let tokens: TokensResponse = s
        .query_nft(&QueryMsg::Tokens {
            owner: buyer.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(tokens.tokens, vec![token_id.clone()]);

    let cover = s.cover(cover_id);
    let info = s.nft_info(cover_id);
    assert_eq!(info.token_uri, None);
    let meta = &info.extension;
    assert_eq!(meta.name.as_deref(), Some("Cover #1"));
    // the product's name is read raw from the pool
    let description = meta.description.clone().unwrap();
    assert!(
        description.starts_with(
            "Insurance policy 1 on Smart contract exploit cover: 50000 uusdc of cover from"
        ),
        "{description}"
    );
    assert!(description.ends_with("Status: active."), "{description}");
    let attributes = meta.attributes.clone().unwrap();
    let names: Vec<_> = attributes.iter().map(|t| t.trait_type.as_str()).collect();
    assert_eq!(
        names,
        [
            "Product",
            "Amount",
            "Remaining",
            "Start",
            "End",
            "Claimable until",
            "Status"
        ]
    );
    assert_eq!(
        s.nft_attribute(cover_id, "Product"),
        "Smart contract exploit cover"
    );
    assert_eq!(s.nft_attribute(cover_id, "Amount"), "50000 uusdc");
    assert_eq!(s.nft_attribute(cover_id, "Remaining"), "50000 uusdc");
    assert_eq!(
        s.nft_attribute(cover_id, "Start"),
        cover.start.seconds().to_string()
    );
    assert_eq!(
        s.nft_attribute(cover_id, "End"),
        cover.end.seconds().to_string()
    );
    assert_eq!(
        s.nft_attribute(cover_id, "Claimable until"),
        cover.claimable_until.seconds().to_string()
    );
    assert_eq!(attributes[3].display_type.as_deref(), Some("date"));
    assert_eq!(s.nft_attribute(cover_id, "Status"), "active");
    let image = meta.image.clone().unwrap();
    let svg =
        Binary::from_base64(image.strip_prefix("data:image/svg+xml;base64,").unwrap()).unwrap();
    let svg = String::from_utf8(svg.to_vec()).unwrap();
    assert!(svg.contains(">Cover #1</text>") && svg.contains(">active</text>"));
    assert!(svg.len() < 1_000);

    let all = s.all_nft_info(cover_id);
    assert_eq!(all.access.owner, buyer.to_string());
    assert_eq!(all.info, info);

    // a client typed for cw721-base with on-chain metadata reads the same answer
    let generic: NftInfoResponse<Option<NftExtension>> = s
        .app
        .wrap()
        .query_wasm_smart(
            &s.cover_nft,
            &Cw721QueryMsg::<Option<NftExtension>, Option<Empty>, Empty>::NftInfo { token_id },
        )
        .unwrap();
    assert_eq!(generic.extension.as_ref(), Some(meta));

    // the protocol's view
    let policy = s.policy(cover_id);
    assert_eq!(policy.owner, buyer);
    assert!(!policy.locked);
    assert_eq!(policy.status, PolicyStatus::Active);
    assert_eq!(policy.policy.cover_amount, Uint128::new(50_000));
    assert_eq!(policy.policy.end, cover.end);
}

#[test]
fn the_status_follows_time_claims_and_payouts() {
    let (mut s, buyer, cover_id) = bought();
    let cover = s.cover(cover_id);
    let status = |s: &Suite| {
        let status = s.policy(cover_id).status;
        assert_eq!(s.nft_attribute(cover_id, "Status"), status.as_str());
        status
    };
    assert_eq!(status(&s), PolicyStatus::Active);
    s.set_open_claim(cover_id, Some(1));
    assert_eq!(status(&s), PolicyStatus::UnderClaim);
    s.set_open_claim(cover_id, None);
    assert_eq!(status(&s), PolicyStatus::Active);

    // the last second of cover, then in grace (claims for incidents inside it)
    s.advance_time(cover.end.seconds() - s.now().seconds() - 1);
    assert_eq!(status(&s), PolicyStatus::Active);
    s.advance_time(1);
    assert_eq!(status(&s), PolicyStatus::InGrace);
    // a claim filed in grace holds the policy past its deadline
    s.set_open_claim(cover_id, Some(1));
    s.advance_time(cover.claimable_until.seconds() - s.now().seconds() + 1);
    assert_eq!(status(&s), PolicyStatus::UnderClaim);
    // what is left to pay is the pool's, read at query time
    s.payout(cover_id, &buyer, 30_000).unwrap();
    assert_eq!(s.nft_attribute(cover_id, "Remaining"), "20000 uusdc");
    s.set_open_claim(cover_id, None);
    assert_eq!(status(&s), PolicyStatus::Expired);
    // paid in full stays paid
    s.payout(cover_id, &buyer, 20_000).unwrap();
    assert_eq!(status(&s), PolicyStatus::Paid);
    assert_eq!(s.nft_attribute(cover_id, "Remaining"), "0 uusdc");
}

#[test]
fn a_product_the_pool_does_not_list_shows_its_id() {
    let mut s = SuiteBuilder::new().build();
    let alice = s.addr("alice");
    let mut p = policy(&s, 77);
    p.product_id = 99;
    s.mint_as_pool(&alice, p).unwrap();
    assert_eq!(s.nft_attribute(77, "Product"), "Product 99");
    // and a listed one its name
    let mut p = policy(&s, 78);
    p.product_id = PARAMETRIC_PRODUCT;
    s.mint_as_pool(&alice, p).unwrap();
    assert_eq!(s.nft_attribute(78, "Product"), "Stablecoin depeg cover");
}

#[test]
fn unknown_tokens_are_typed_not_found() {
    let s = SuiteBuilder::new().build();
    let not_found = ContractError::TokenNotFound {
        token_id: "404".to_string(),
    };
    let res: anyhow::Result<NftInfoResponse<NftExtension>> = s.query_nft(&QueryMsg::NftInfo {
        token_id: "404".to_string(),
    });
    assert_query_refused(res, not_found);
}

// --- the pool's messages ---

#[test]
fn only_the_pool_mints() {
    let (mut s, buyer, cover_id) = bought();
    let p = policy(&s, 1_000);
    for sender in [buyer.clone(), s.governance.clone(), s.claims_court.clone()] {
        let mint = ExecuteMsg::Pool(PoolMsg::Mint {
            owner: sender.to_string(),
            policy: p.clone(),
        });
        assert_eq!(
            err(s.execute_nft(&sender, &mint)),
            ContractError::Unauthorized(Unauthorized {
                sender: sender.clone(),
                role: Authority::RiskPool
            })
        );
    }
    assert_eq!(num_tokens(&s), 1);
    assert_eq!(
        s.policy(cover_id).policy.remaining_amount,
        Uint128::new(50_000)
    );
}

#[test]
fn mint_refuses_bad_terms_and_duplicates() {
    let mut s = SuiteBuilder::new().build();
    let alice = s.addr("alice");
    let good = policy(&s, 1);
    let defect = |d: PolicyDefect| ContractError::InvalidPolicy { defect: d };
    type Change = fn(&mut Policy);
    let cases: Vec<(Change, ContractError)> = vec![
        (
            |p| p.denom = String::new(),
            defect(PolicyDefect::EmptyDenom),
        ),
        (
            |p| p.cover_amount = Uint128::zero(),
            defect(PolicyDefect::ZeroCover),
        ),
        (
            |p| p.remaining_amount = Uint128::zero(),
            defect(PolicyDefect::NothingRemaining),
        ),
        (|p| p.end = p.start, defect(PolicyDefect::EndsBeforeStart)),
        (
            |p| p.grace_period = u64::MAX,
            defect(PolicyDefect::GraceTooLong),
        ),
        (
            |p| p.remaining_amount = Uint128::new(5_001),
            ContractError::RemainingExceedsCover {
                token_id: "1".to_string(),
                remaining: Uint128::new(5_001),
                cover: Uint128::new(5_000),
            },
        ),
    ];
    for (change, expected) in cases {
        let mut p = good.clone();
        change(&mut p);
        assert_eq!(err(s.mint_as_pool(&alice, p)), expected);
    }
    let pool = s.pool.clone();
    let bad_owner = ExecuteMsg::Pool(PoolMsg::Mint {
        owner: "NotAnAddress".to_string(),
        policy: good.clone(),
    });
    assert!(matches!(
        err(s.execute_nft(&pool, &bad_owner)),
        ContractError::Std(_)
    ));
    assert_eq!(num_tokens(&s), 0);

    let res = s.mint_as_pool(&alice, good.clone()).unwrap();
    // cw721-base's mint event
    assert!(res.has_event(
        &Event::new("wasm")
            .add_attribute("action", "mint")
            .add_attribute("minter", s.pool.as_str())
            .add_attribute("owner", alice.as_str())
            .add_attribute("token_id", "1")
    ));
    assert_eq!(
        err(s.mint_as_pool(&alice, good)),
        ContractError::TokenExists {
            token_id: "1".to_string()
        }
    );
    assert_eq!(num_tokens(&s), 1);
}

#[test]
fn the_remaining_amount_is_the_pools() {
    let (mut s, buyer, cover_id) = bought();
    s.payout(cover_id, &buyer, 49_600).unwrap();
    let p = s.policy(cover_id);
    assert_eq!(p.policy.remaining_amount, Uint128::new(400));
    assert_eq!(p.status, PolicyStatus::Active);
    assert_eq!(s.cover(cover_id).remaining, Uint128::new(400));
}

// --- holders ---

#[test]
fn holders_spenders_and_operators_move_policies() {
    let (mut s, alice, cover_id) = bought();
    let (bob, carol) = (s.addr("bob"), s.addr("carol"));
    // a stranger cannot move it
    assert_eq!(err(s.transfer_nft(&bob, cover_id, &bob)), not_owner());

    // the owner
    let res = s.transfer_nft(&alice, cover_id, &bob).unwrap();
    assert!(res.has_event(
        &Event::new("wasm")
            .add_attribute("action", "transfer_nft")
            .add_attribute("sender", alice.as_str())
            .add_attribute("recipient", bob.as_str())
            .add_attribute("token_id", cover_id.to_string())
    ));
    assert_eq!(s.nft_owner(cover_id), bob);

    // only the owner (or an operator) approves; an approved spender moves it
    // once, the transfer clears the approval
    assert_eq!(err(s.approve_nft(&carol, &carol, cover_id)), not_owner());
    s.approve_nft(&bob, &carol, cover_id).unwrap();
    let approval: ApprovalResponse = s
        .query_nft(&QueryMsg::Approval {
            token_id: cover_id.to_string(),
            spender: carol.to_string(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(approval.approval.spender, carol);
    s.transfer_nft(&carol, cover_id, &alice).unwrap();
    let owner = s.nft_owner_of(cover_id);
    assert_eq!(owner.owner, alice.to_string());
    assert!(owner.approvals.is_empty());
    assert_eq!(err(s.transfer_nft(&carol, cover_id, &carol)), not_owner());

    // an approval that already expired is refused; a revoked one is gone
    let expired = ExecuteMsg::Approve {
        spender: bob.to_string(),
        token_id: cover_id.to_string(),
        expires: Some(Expiration::AtHeight(s.app.block_info().height)),
    };
    assert_eq!(
        err(s.execute_nft(&alice, &expired)),
        ContractError::Cw721(Cw721ContractError::Expired {})
    );
    s.approve_nft(&alice, &bob, cover_id).unwrap();
    let approvals: ApprovalsResponse = s
        .query_nft(&QueryMsg::Approvals {
            token_id: cover_id.to_string(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(approvals.approvals.len(), 1);
    s.execute_nft(
        &alice,
        &ExecuteMsg::Revoke {
            spender: bob.to_string(),
            token_id: cover_id.to_string(),
        },
    )
    .unwrap();
    assert_eq!(err(s.transfer_nft(&bob, cover_id, &bob)), not_owner());

    // an operator of the owner
    s.approve_all_nfts(&alice, &carol).unwrap();
    let operator: OperatorResponse = s
        .query_nft(&QueryMsg::Operator {
            owner: alice.to_string(),
            operator: carol.to_string(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(operator.approval.spender, carol);
    s.transfer_nft(&carol, cover_id, &carol).unwrap();
    assert_eq!(s.nft_owner(cover_id), carol);
    s.execute_nft(
        &alice,
        &ExecuteMsg::RevokeAll {
            operator: carol.to_string(),
        },
    )
    .unwrap();
    let operators: OperatorsResponse = s
        .query_nft(&QueryMsg::AllOperators {
            owner: alice.to_string(),
            include_expired: None,
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert!(operators.operators.is_empty());

    // the policy travels with the token
    let p = s.policy(cover_id);
    assert_eq!(p.owner, carol);
    assert_eq!(p.policy.remaining_amount, Uint128::new(50_000));
}

#[test]
fn send_nft_hands_the_policy_to_a_receiver_contract() {
    let (mut s, alice, cover_id) = bought();
    let code = s.app.store_code(Box::new(ContractWrapper::new(
        receiver_execute,
        receiver_instantiate,
        receiver_query,
    )));
    let receiver = s
        .app
        .instantiate_contract(code, alice.clone(), &Empty {}, &[], "receiver", None)
        .unwrap();
    let payload = to_json_binary("file-claim").unwrap();
    let res = s
        .execute_nft(
            &alice,
            &ExecuteMsg::SendNft {
                contract: receiver.to_string(),
                token_id: cover_id.to_string(),
                msg: payload.clone(),
            },
        )
        .unwrap();
    assert!(res.has_event(&Event::new("wasm").add_attribute("received_token", "1")));
    assert_eq!(s.nft_owner(cover_id), receiver);
    let (from, received): (Addr, Cw721ReceiveMsg) =
        s.app.wrap().query_wasm_smart(&receiver, &Empty {}).unwrap();
    assert_eq!(from, s.cover_nft);
    assert_eq!(
        received,
        Cw721ReceiveMsg {
            sender: alice.to_string(),
            token_id: cover_id.to_string(),
            msg: payload,
        }
    );
}

// --- the court's lock ---

#[test]
fn a_claim_lock_holds_the_token_until_the_court_releases_it() {
    let (mut s, alice, cover_id) = bought();
    let bob = s.addr("bob");
    let id = cover_id.to_string();
    // the court sends the NFT nothing: it reads the court's open claims
    assert!(!s.policy(cover_id).locked);
    s.approve_all_nfts(&alice, &bob).unwrap();
    s.set_open_claim(cover_id, Some(1));
    let p = s.policy(cover_id);
    assert!(p.locked);
    assert_eq!(p.status, PolicyStatus::UnderClaim);

    // nothing moves it, not even the operator; approving still works
    let locked = ContractError::TokenLocked {
        token_id: id.clone(),
    };
    assert_eq!(err(s.transfer_nft(&alice, cover_id, &bob)), locked);
    assert_eq!(err(s.transfer_nft(&bob, cover_id, &bob)), locked);
    assert_eq!(
        err(s.execute_nft(
            &alice,
            &ExecuteMsg::SendNft {
                contract: bob.to_string(),
                token_id: id.clone(),
                msg: Binary::default(),
            }
        )),
        locked
    );
    assert_eq!(err(s.burn_nft(&alice, cover_id)), locked);
    s.approve_nft(&alice, &bob, cover_id).unwrap();
    assert_eq!(s.nft_owner(cover_id), alice);

    s.set_open_claim(cover_id, None);
    assert_eq!(s.policy(cover_id).status, PolicyStatus::Active);
    s.transfer_nft(&bob, cover_id, &bob).unwrap();
    assert_eq!(s.nft_owner(cover_id), bob);
    // and burning works once unlocked
    s.burn_nft(&bob, cover_id).unwrap();
    assert_eq!(num_tokens(&s), 0);
}

#[test]
fn without_a_court_nothing_locks() {
    let mut app = App::default();
    let (pool, alice) = (app.api().addr_make("pool"), app.api().addr_make("alice"));
    let nft = lone_nft(&mut app, &pool, None).unwrap();
    let now = app.block_info().time;
    app.execute_contract(
        pool.clone(),
        nft.clone(),
        &ExecuteMsg::Pool(PoolMsg::Mint {
            owner: alice.to_string(),
            policy: Policy {
                cover_id: 1,
                product_id: 1,
                denom: DENOM.to_string(),
                cover_amount: Uint128::new(10),
                remaining_amount: Uint128::new(10),
                premium: Uint128::new(1),
                start: now,
                end: now.plus_days(30),
                grace_period: 0,
            },
        }),
        &[],
    )
    .unwrap();
    // nothing to read the product from: the id stands in
    let info: NftInfoResponse<NftExtension> = app
        .wrap()
        .query_wasm_smart(
            &nft,
            &QueryMsg::NftInfo {
                token_id: "1".to_string(),
            },
        )
        .unwrap();
    assert!(info
        .extension
        .description
        .unwrap()
        .starts_with("Insurance policy 1 on Product 1:"));
    // and no lock: the token moves
    let bob = app.api().addr_make("bob");
    app.execute_contract(
        alice.clone(),
        nft.clone(),
        &ExecuteMsg::TransferNft {
            recipient: bob.to_string(),
            token_id: "1".to_string(),
        },
        &[],
    )
    .unwrap();
}

// --- governance ---

#[test]
fn governance_updates_the_config_by_execute_and_sudo() {
    let (mut s, alice, cover_id) = bought();
    let (new_gov, new_court) = (s.addr("new_governance"), s.addr("new_court"));
    let (gov, court) = (s.governance.clone(), s.claims_court.clone());
    let update = |governance: Option<&Addr>, court: Option<&Addr>| GovernanceMsg::UpdateConfig {
        governance: governance.map(Addr::to_string),
        claims_court: court.map(Addr::to_string),
    };
    assert_eq!(
        err(s.execute_nft(&alice, &ExecuteMsg::Governance(update(None, Some(&alice))))),
        ContractError::Unauthorized(Unauthorized {
            sender: alice.clone(),
            role: Authority::Governance
        })
    );
    s.nft_governance(update(None, Some(&new_court))).unwrap();
    assert_eq!(s.nft_config().claims_court, Some(new_court.clone()));
    // the replaced court's open claims no longer lock
    s.set_open_claim(cover_id, Some(1));
    assert!(!s.policy(cover_id).locked);

    s.sudo_nft(update(Some(&new_gov), Some(&court))).unwrap();
    let config = s.nft_config();
    assert_eq!(config.governance, new_gov);
    assert_eq!(config.claims_court, Some(court));
    assert_eq!(config.risk_pool, s.pool);
    let creator: Ownership<Addr> = s.query_nft(&QueryMsg::GetCreatorOwnership {}).unwrap();
    assert_eq!(creator.owner, Some(new_gov));
    // the old governance lost its power
    assert_eq!(
        err(s.nft_governance(update(None, None))),
        ContractError::Unauthorized(Unauthorized {
            sender: gov,
            role: Authority::Governance
        })
    );
    assert!(s.policy(cover_id).locked);
    s.set_open_claim(cover_id, None);
    assert!(matches!(
        err(s.sudo_nft(GovernanceMsg::UpdateConfig {
            governance: Some("NotAnAddress".to_string()),
            claims_court: None,
        })),
        ContractError::Std(_)
    ));
}

#[test]
fn every_execute_refuses_funds() {
    let (mut s, alice, cover_id) = bought();
    let bob = s.addr("bob");
    let id = cover_id.to_string();
    let (pool, gov) = (s.pool.clone(), s.governance.clone());
    let cases = vec![
        (
            &alice,
            ExecuteMsg::TransferNft {
                recipient: bob.to_string(),
                token_id: id.clone(),
            },
        ),
        (
            &alice,
            ExecuteMsg::SendNft {
                contract: bob.to_string(),
                token_id: id.clone(),
                msg: Binary::default(),
            },
        ),
        (
            &alice,
            ExecuteMsg::Approve {
                spender: bob.to_string(),
                token_id: id.clone(),
                expires: None,
            },
        ),
        (
            &alice,
            ExecuteMsg::Revoke {
                spender: bob.to_string(),
                token_id: id.clone(),
            },
        ),
        (
            &alice,
            ExecuteMsg::ApproveAll {
                operator: bob.to_string(),
                expires: None,
            },
        ),
        (
            &alice,
            ExecuteMsg::RevokeAll {
                operator: bob.to_string(),
            },
        ),
        (&alice, ExecuteMsg::Burn { token_id: id }),
        (
            &pool,
            ExecuteMsg::Pool(PoolMsg::Mint {
                owner: alice.to_string(),
                policy: policy(&s, 2),
            }),
        ),
        (
            &gov,
            ExecuteMsg::Governance(GovernanceMsg::UpdateConfig {
                governance: None,
                claims_court: None,
            }),
        ),
    ];
    for (sender, msg) in cases {
        s.fund(sender, 1);
        let before = s.balance(sender);
        let res =
            s.app
                .execute_contract(sender.clone(), s.cover_nft.clone(), &msg, &coins(1, DENOM));
        assert_eq!(
            err(res),
            ContractError::Payment(PaymentError::NonPayable {})
        );
        assert_eq!(s.balance(sender), before);
    }
    // nothing moved
    assert_eq!(s.nft_owner(cover_id), alice);
    assert_eq!(num_tokens(&s), 1);
    assert!(!s.policy(cover_id).locked);
    assert_eq!(s.balance(&s.cover_nft.clone()), 0);
}

// --- migration and compatibility ---

#[test]
fn migration_keeps_state_and_refuses_downgrades_and_other_contracts() {
    let (mut s, alice, cover_id) = bought();
    let before = s.policy(cover_id);
    let nft = s.cover_nft.clone();
    let gov = s.governance.clone();
    let code = s.app.store_code(contracts::cover_nft());
    let res = s
        .app
        .migrate_contract(gov.clone(), nft.clone(), &MigrateMsg {}, code)
        .unwrap();
    assert!(
        res.has_event(&Event::new("wasm").add_attribute("to_version", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(s.nft_owner(cover_id), alice);
    assert_eq!(s.policy(cover_id), before);

    let set_version = |s: &mut Suite, name: &str, version: &str| {
        let mut storage = s.app.contract_storage_mut(&nft);
        cw2::set_contract_version(storage.as_mut(), name, version).unwrap();
    };
    set_version(&mut s, "crates.io:cover-nft", "99.0.0");
    assert_eq!(
        err(s
            .app
            .migrate_contract(gov.clone(), nft.clone(), &MigrateMsg {}, code)),
        ContractError::Migrate(MigrateError::Downgrade {
            contract: "crates.io:cover-nft".to_string(),
            stored: "99.0.0".to_string(),
            new: env!("CARGO_PKG_VERSION").to_string(),
        })
    );
    set_version(&mut s, "crates.io:cw721-base", "0.22.0");
    assert_eq!(
        err(s
            .app
            .migrate_contract(gov.clone(), nft.clone(), &MigrateMsg {}, code)),
        ContractError::Migrate(MigrateError::WrongContract {
            expected: "crates.io:cover-nft".to_string(),
            found: "crates.io:cw721-base".to_string(),
            version: "0.22.0".to_string(),
        })
    );
}

#[test]
fn wire_names_match_cw721() {
    // Clients built on cw721's own messages must be understood.
    type StdQuery = Cw721QueryMsg<Option<NftExtension>, CollectionExtension, Empty>;
    let queries: Vec<(StdQuery, QueryMsg)> = vec![
        (
            StdQuery::OwnerOf {
                token_id: "1".to_string(),
                include_expired: Some(true),
            },
            QueryMsg::OwnerOf {
                token_id: "1".to_string(),
                include_expired: Some(true),
            },
        ),
        (StdQuery::NumTokens {}, QueryMsg::NumTokens {}),
        #[allow(deprecated)]
        (StdQuery::ContractInfo {}, QueryMsg::ContractInfo {}),
        #[allow(deprecated)]
        (StdQuery::Minter {}, QueryMsg::Minter {}),
        (
            StdQuery::GetMinterOwnership {},
            QueryMsg::GetMinterOwnership {},
        ),
        (
            StdQuery::NftInfo {
                token_id: "1".to_string(),
            },
            QueryMsg::NftInfo {
                token_id: "1".to_string(),
            },
        ),
        (
            StdQuery::AllTokens {
                start_after: None,
                limit: Some(5),
            },
            QueryMsg::AllTokens {
                start_after: None,
                limit: Some(5),
            },
        ),
    ];
    for (standard, ours) in queries {
        let bytes = to_json_binary(&standard).unwrap();
        assert_eq!(bytes, to_json_binary(&ours).unwrap());
        assert_eq!(from_json::<QueryMsg>(&bytes).unwrap(), ours);
    }
    type StdExecute = Cw721ExecuteMsg<Option<NftExtension>, CollectionExtension, Empty>;
    let executes: Vec<(StdExecute, ExecuteMsg)> = vec![
        (
            StdExecute::TransferNft {
                recipient: "r".to_string(),
                token_id: "1".to_string(),
            },
            ExecuteMsg::TransferNft {
                recipient: "r".to_string(),
                token_id: "1".to_string(),
            },
        ),
        (
            StdExecute::ApproveAll {
                operator: "o".to_string(),
                expires: None,
            },
            ExecuteMsg::ApproveAll {
                operator: "o".to_string(),
                expires: None,
            },
        ),
        (
            StdExecute::Burn {
                token_id: "1".to_string(),
            },
            ExecuteMsg::Burn {
                token_id: "1".to_string(),
            },
        ),
    ];
    for (standard, ours) in executes {
        let bytes = to_json_binary(&standard).unwrap();
        assert_eq!(bytes, to_json_binary(&ours).unwrap());
        assert_eq!(from_json::<ExecuteMsg>(&bytes).unwrap(), ours);
    }
}

#[test]
fn list_queries_cap_at_the_project_limit() {
    let mut s = SuiteBuilder::new().build();
    let alice = s.addr("alice");
    for id in 1..=35 {
        let p = policy(&s, id);
        s.mint_as_pool(&alice, p).unwrap();
        let operator = s.addr(&format!("operator{id}"));
        s.approve_all_nfts(&alice, &operator).unwrap();
    }
    let all: TokensResponse = s
        .query_nft(&QueryMsg::AllTokens {
            start_after: None,
            limit: Some(1_000),
        })
        .unwrap();
    assert_eq!(all.tokens.len(), 30);
    let owned = |limit: Option<u32>| -> TokensResponse {
        s.query_nft(&QueryMsg::Tokens {
            owner: alice.to_string(),
            start_after: None,
            limit,
        })
        .unwrap()
    };
    assert_eq!(owned(Some(31)).tokens.len(), 30);
    assert_eq!(owned(None).tokens.len(), 10);
    let operators: OperatorsResponse = s
        .query_nft(&QueryMsg::AllOperators {
            owner: alice.to_string(),
            include_expired: None,
            start_after: None,
            limit: Some(1_000),
        })
        .unwrap();
    assert_eq!(operators.operators.len(), 30);
    // pages follow on
    let next: TokensResponse = s
        .query_nft(&QueryMsg::AllTokens {
            start_after: all.tokens.last().cloned(),
            limit: Some(30),
        })
        .unwrap();
    assert_eq!(next.tokens.len(), 5);
}

#[test]
fn a_policy_bought_at_a_known_time_shows_its_dates() {
    let (s, _, cover_id) = bought();
    let cover = s.cover(cover_id);
    // cw-multi-test starts at mock_env's block time, 2019-10-23
    assert_eq!(
        cover.start,
        Timestamp::from_nanos(1_571_797_419_879_305_533)
    );
    let description = s.nft_info(cover_id).extension.description.unwrap();
    assert!(
        description.contains("from 2019-10-23 to 2019-12-22, claims until 2020-01-21"),
        "{description}"
    );
}
