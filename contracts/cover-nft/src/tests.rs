use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    coins, from_json, to_json_binary, Addr, Binary, CosmosMsg, Empty, Env, OwnedDeps, Response,
    StdError, Uint128, WasmMsg,
};
use cw721::error::Cw721ContractError;
use cw721::msg::{
    AllNftInfoResponse, ApprovalResponse, ApprovalsResponse, CollectionInfoAndExtensionResponse,
    MinterResponse, NftInfoResponse, NumTokensResponse, OperatorResponse, OperatorsResponse,
    OwnerOfResponse, TokensResponse,
};
use cw721::receiver::Cw721ReceiveMsg;
use cw721::{Expiration, Ownership, OwnershipError};
use cw_utils::PaymentError;
use insurance_common::cover_nft::{
    CollectionExtension, CollectionInfoResponse, Config, ExecuteMsg, InstantiateMsg, MigrateMsg,
    Policy, PolicyResponse, PolicyStatus, QueryMsg, SudoMsg,
};
use insurance_common::migrate::MigrateError;
use serde::de::DeserializeOwned;

use crate::contract::{
    execute, instantiate, migrate, query, sudo, CONTRACT_NAME, CONTRACT_VERSION,
};
use crate::error::ContractError;

type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

struct Actors {
    pool: Addr,
    governance: Addr,
    court: Addr,
    alice: Addr,
    bob: Addr,
    carol: Addr,
}

fn actors(api: &MockApi) -> Actors {
    Actors {
        pool: api.addr_make("pool"),
        governance: api.addr_make("governance"),
        court: api.addr_make("court"),
        alice: api.addr_make("alice"),
        bob: api.addr_make("bob"),
        carol: api.addr_make("carol"),
    }
}

fn setup_with(court: bool) -> (Deps, Actors) {
    let mut deps = mock_dependencies();
    let a = actors(&deps.api);
    let msg = InstantiateMsg {
        name: "Cover".to_string(),
        symbol: "COVER".to_string(),
        risk_pool: a.pool.to_string(),
        governance: a.governance.to_string(),
        claims_court: court.then(|| a.court.to_string()),
    };
    let creator = deps.api.addr_make("deployer");
    instantiate(deps.as_mut(), mock_env(), message_info(&creator, &[]), msg).unwrap();
    (deps, a)
}

fn setup() -> (Deps, Actors) {
    setup_with(true)
}

fn policy(cover_id: u64, env: &Env) -> Policy {
    Policy {
        cover_id,
        product_id: 1,
        denom: "uatom".to_string(),
        cover_amount: Uint128::new(1_000),
        remaining_amount: Uint128::new(1_000),
        premium: Uint128::new(10),
        start: env.block.time,
        end: env.block.time.plus_days(30),
        grace_period: 7 * 86_400,
        status: PolicyStatus::Active,
    }
}

fn exec(deps: &mut Deps, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
    execute(deps.as_mut(), mock_env(), message_info(sender, &[]), msg)
}

fn q<T: DeserializeOwned>(deps: &Deps, msg: QueryMsg) -> T {
    from_json(query(deps.as_ref(), mock_env(), msg).unwrap()).unwrap()
}

fn mint(deps: &mut Deps, a: &Actors, cover_id: u64, owner: &Addr) -> Response {
    let msg = ExecuteMsg::Mint {
        token_id: cover_id.to_string(),
        owner: owner.to_string(),
        policy: policy(cover_id, &mock_env()),
    };
    exec(deps, &a.pool, msg).unwrap()
}

fn owner_of(deps: &Deps, token_id: &str) -> OwnerOfResponse {
    q(
        deps,
        QueryMsg::OwnerOf {
            token_id: token_id.to_string(),
            include_expired: None,
        },
    )
}

fn policy_of(deps: &Deps, token_id: &str) -> PolicyResponse {
    q(
        deps,
        QueryMsg::Policy {
            token_id: token_id.to_string(),
        },
    )
}

fn transfer(token_id: &str, recipient: &Addr) -> ExecuteMsg {
    ExecuteMsg::TransferNft {
        recipient: recipient.to_string(),
        token_id: token_id.to_string(),
    }
}

fn not_owner() -> ContractError {
    ContractError::Cw721(Cw721ContractError::Ownership(OwnershipError::NotOwner))
}

#[test]
fn instantiate_sets_config_roles_and_version() {
    let (deps, a) = setup();
    let config: Config = q(&deps, QueryMsg::Config {});
    assert_eq!(
        config,
        Config {
            risk_pool: a.pool.clone(),
            governance: a.governance.clone(),
            claims_court: Some(a.court.clone()),
        }
    );
    let minter: Ownership<Addr> = q(&deps, QueryMsg::GetMinterOwnership {});
    assert_eq!(minter.owner, Some(a.pool.clone()));
    let legacy: MinterResponse = q(&deps, QueryMsg::Minter {});
    assert_eq!(legacy.minter, Some(a.pool.to_string()));
    let creator: Ownership<Addr> = q(&deps, QueryMsg::GetCreatorOwnership {});
    assert_eq!(creator.owner, Some(a.governance));

    let info: CollectionInfoAndExtensionResponse<CollectionExtension> =
        q(&deps, QueryMsg::ContractInfo {});
    assert_eq!(info.name, "Cover");
    assert_eq!(info.symbol, "COVER");
    assert_eq!(info.extension, None);
    assert_eq!(info.updated_at, mock_env().block.time);
    let same: CollectionInfoAndExtensionResponse<CollectionExtension> =
        q(&deps, QueryMsg::GetCollectionInfoAndExtension {});
    assert_eq!(same, info);
    let wrapped: CollectionInfoResponse = q(&deps, QueryMsg::ContractInfo {});
    assert_eq!(wrapped.0, info);

    let version = cw2::get_contract_version(&deps.storage).unwrap();
    assert_eq!(version.contract, CONTRACT_NAME);
    assert_eq!(version.version, CONTRACT_VERSION);
}

#[test]
fn instantiate_rejects_invalid_addresses() {
    let mut deps = mock_dependencies();
    let a = actors(&deps.api);
    let msg = InstantiateMsg {
        name: "Cover".to_string(),
        symbol: "COVER".to_string(),
        risk_pool: a.pool.to_string(),
        governance: a.governance.to_string(),
        claims_court: Some("NotAnAddress".to_string()),
    };
    let err = instantiate(deps.as_mut(), mock_env(), message_info(&a.alice, &[]), msg);
    assert!(matches!(err, Err(ContractError::Std(_))));
}

#[test]
fn instantiate_refuses_funds() {
    let mut deps = mock_dependencies();
    let a = actors(&deps.api);
    let msg = InstantiateMsg {
        name: "Cover".to_string(),
        symbol: "COVER".to_string(),
        risk_pool: a.pool.to_string(),
        governance: a.governance.to_string(),
        claims_court: None,
    };
    let info = message_info(&a.alice, &coins(1, "uatom"));
    let err = instantiate(deps.as_mut(), mock_env(), info, msg).unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
    assert!(cw2::get_contract_version(&deps.storage).is_err());
}

#[test]
fn mint_by_pool_and_cw721_queries() {
    let (mut deps, a) = setup();
    let res = mint(&mut deps, &a, 7, &a.alice);
    assert!(res
        .attributes
        .iter()
        .any(|attr| attr.key == "action" && attr.value == "mint"));
    mint(&mut deps, &a, 8, &a.alice);
    mint(&mut deps, &a, 9, &a.bob);

    let info: NftInfoResponse<Policy> = q(
        &deps,
        QueryMsg::NftInfo {
            token_id: "7".to_string(),
        },
    );
    assert_eq!(info.token_uri, None);
    assert_eq!(info.extension, policy(7, &mock_env()));

    let all: AllNftInfoResponse<Policy> = q(
        &deps,
        QueryMsg::AllNftInfo {
            token_id: "9".to_string(),
            include_expired: None,
        },
    );
    assert_eq!(all.access.owner, a.bob.to_string());
    assert_eq!(all.info.extension.cover_id, 9);

    let owner = owner_of(&deps, "7");
    assert_eq!(owner.owner, a.alice.to_string());
    assert!(owner.approvals.is_empty());

    let count: NumTokensResponse = q(&deps, QueryMsg::NumTokens {});
    assert_eq!(count.count, 3);

    let tokens: TokensResponse = q(
        &deps,
        QueryMsg::Tokens {
            owner: a.alice.to_string(),
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(tokens.tokens, vec!["7", "8"]);
    let page: TokensResponse = q(
        &deps,
        QueryMsg::AllTokens {
            start_after: Some("7".to_string()),
            limit: Some(1),
        },
    );
    assert_eq!(page.tokens, vec!["8"]);
    let all_tokens: TokensResponse = q(
        &deps,
        QueryMsg::AllTokens {
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(all_tokens.tokens, vec!["7", "8", "9"]);

    let p = policy_of(&deps, "7");
    assert_eq!(p.owner, a.alice);
    assert!(!p.locked);
    assert!(!p.expired);
    assert_eq!(p.policy.status, PolicyStatus::Active);
}

#[test]
fn mint_by_anyone_else_fails() {
    let (mut deps, a) = setup();
    for sender in [&a.alice, &a.governance, &a.court] {
        let err = exec(
            &mut deps,
            sender,
            ExecuteMsg::Mint {
                token_id: "1".to_string(),
                owner: a.alice.to_string(),
                policy: policy(1, &mock_env()),
            },
        )
        .unwrap_err();
        assert_eq!(
            err,
            ContractError::NotRiskPool {
                sender: sender.clone()
            }
        );
    }
    let count: NumTokensResponse = q(&deps, QueryMsg::NumTokens {});
    assert_eq!(count.count, 0);
}

#[test]
fn mint_rejects_bad_terms_and_duplicates() {
    let (mut deps, a) = setup();
    let env = mock_env();
    let mint_msg = |token_id: &str, policy: Policy| ExecuteMsg::Mint {
        token_id: token_id.to_string(),
        owner: a.alice.to_string(),
        policy,
    };

    let err = exec(&mut deps, &a.pool, mint_msg("2", policy(1, &env))).unwrap_err();
    assert_eq!(
        err,
        ContractError::TokenIdMismatch {
            token_id: "2".to_string(),
            cover_id: 1
        }
    );

    let mut over = policy(1, &env);
    over.remaining_amount = Uint128::new(1_001);
    let err = exec(&mut deps, &a.pool, mint_msg("1", over)).unwrap_err();
    assert_eq!(
        err,
        ContractError::RemainingExceedsCover {
            token_id: "1".to_string(),
            remaining: Uint128::new(1_001),
            cover: Uint128::new(1_000)
        }
    );

    let mut backwards = policy(1, &env);
    backwards.end = backwards.start;
    let err = exec(&mut deps, &a.pool, mint_msg("1", backwards)).unwrap_err();
    assert!(matches!(err, ContractError::InvalidPolicy { .. }));

    let mut open = policy(1, &env);
    open.status = PolicyStatus::ClaimOpen;
    let err = exec(&mut deps, &a.pool, mint_msg("1", open)).unwrap_err();
    assert!(matches!(err, ContractError::InvalidPolicy { .. }));

    let mut endless = policy(1, &env);
    endless.grace_period = u64::MAX;
    let err = exec(&mut deps, &a.pool, mint_msg("1", endless)).unwrap_err();
    assert!(matches!(err, ContractError::InvalidPolicy { .. }));

    let mut bad_owner = mint_msg("1", policy(1, &env));
    if let ExecuteMsg::Mint { owner, .. } = &mut bad_owner {
        *owner = "NotAnAddress".to_string();
    }
    let err = exec(&mut deps, &a.pool, bad_owner).unwrap_err();
    assert!(matches!(
        err,
        ContractError::Cw721(Cw721ContractError::Std(_))
    ));

    mint(&mut deps, &a, 1, &a.alice);
    let err = exec(&mut deps, &a.pool, mint_msg("1", policy(1, &env))).unwrap_err();
    assert_eq!(err, ContractError::Cw721(Cw721ContractError::Claimed {}));
}

#[test]
fn transfer_by_owner_spender_and_operator() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);

    // a stranger cannot move it
    let err = exec(&mut deps, &a.bob, transfer("1", &a.bob)).unwrap_err();
    assert_eq!(err, not_owner());

    // owner
    let res = exec(&mut deps, &a.alice, transfer("1", &a.bob)).unwrap();
    assert!(res
        .attributes
        .iter()
        .any(|attr| attr.key == "action" && attr.value == "transfer_nft"));
    assert_eq!(owner_of(&deps, "1").owner, a.bob.to_string());

    // approved spender; the approval is cleared by the transfer
    exec(
        &mut deps,
        &a.bob,
        ExecuteMsg::Approve {
            spender: a.carol.to_string(),
            token_id: "1".to_string(),
            expires: None,
        },
    )
    .unwrap();
    exec(&mut deps, &a.carol, transfer("1", &a.alice)).unwrap();
    let owner = owner_of(&deps, "1");
    assert_eq!(owner.owner, a.alice.to_string());
    assert!(owner.approvals.is_empty());
    let err = exec(&mut deps, &a.carol, transfer("1", &a.carol)).unwrap_err();
    assert_eq!(err, not_owner());

    // operator of the owner
    exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::ApproveAll {
            operator: a.carol.to_string(),
            expires: None,
        },
    )
    .unwrap();
    exec(&mut deps, &a.carol, transfer("1", &a.carol)).unwrap();
    assert_eq!(owner_of(&deps, "1").owner, a.carol.to_string());

    // the policy travels with the token
    let p = policy_of(&deps, "1");
    assert_eq!(p.owner, a.carol);
    assert_eq!(p.policy, policy(1, &mock_env()));
}

#[test]
fn send_nft_emits_receive_nft() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let receiver = deps.api.addr_make("receiver");
    let payload = to_json_binary("claim").unwrap();
    let res = exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::SendNft {
            contract: receiver.to_string(),
            token_id: "1".to_string(),
            msg: payload.clone(),
        },
    )
    .unwrap();
    let expected = Cw721ReceiveMsg {
        sender: a.alice.to_string(),
        token_id: "1".to_string(),
        msg: payload,
    };
    assert_eq!(res.messages.len(), 1);
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: receiver.to_string(),
            msg: expected.into_json_binary().unwrap(),
            funds: vec![],
        })
    );
    assert_eq!(owner_of(&deps, "1").owner, receiver.to_string());
}

#[test]
fn approvals_and_operators() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let approve = ExecuteMsg::Approve {
        spender: a.bob.to_string(),
        token_id: "1".to_string(),
        expires: Some(Expiration::AtHeight(mock_env().block.height + 100)),
    };

    // only the owner (or an operator) may approve
    let err = exec(&mut deps, &a.bob, approve.clone()).unwrap_err();
    assert_eq!(err, not_owner());

    exec(&mut deps, &a.alice, approve).unwrap();
    let approval: ApprovalResponse = q(
        &deps,
        QueryMsg::Approval {
            token_id: "1".to_string(),
            spender: a.bob.to_string(),
            include_expired: None,
        },
    );
    assert_eq!(approval.approval.spender, a.bob);
    let approvals: ApprovalsResponse = q(
        &deps,
        QueryMsg::Approvals {
            token_id: "1".to_string(),
            include_expired: None,
        },
    );
    assert_eq!(approvals.approvals.len(), 1);

    exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::Revoke {
            spender: a.bob.to_string(),
            token_id: "1".to_string(),
        },
    )
    .unwrap();
    let approvals: ApprovalsResponse = q(
        &deps,
        QueryMsg::Approvals {
            token_id: "1".to_string(),
            include_expired: None,
        },
    );
    assert!(approvals.approvals.is_empty());
    let missing = query(
        deps.as_ref(),
        mock_env(),
        QueryMsg::Approval {
            token_id: "1".to_string(),
            spender: a.bob.to_string(),
            include_expired: None,
        },
    );
    assert!(missing.is_err());

    exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::ApproveAll {
            operator: a.carol.to_string(),
            expires: None,
        },
    )
    .unwrap();
    let operator: OperatorResponse = q(
        &deps,
        QueryMsg::Operator {
            owner: a.alice.to_string(),
            operator: a.carol.to_string(),
            include_expired: None,
        },
    );
    assert_eq!(operator.approval.spender, a.carol);
    assert_eq!(operator.approval.expires, Expiration::Never {});
    let operators: OperatorsResponse = q(
        &deps,
        QueryMsg::AllOperators {
            owner: a.alice.to_string(),
            include_expired: None,
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(operators.operators.len(), 1);

    // an operator may approve on the owner's behalf
    exec(
        &mut deps,
        &a.carol,
        ExecuteMsg::Approve {
            spender: a.bob.to_string(),
            token_id: "1".to_string(),
            expires: None,
        },
    )
    .unwrap();

    exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::RevokeAll {
            operator: a.carol.to_string(),
        },
    )
    .unwrap();
    let operators: OperatorsResponse = q(
        &deps,
        QueryMsg::AllOperators {
            owner: a.alice.to_string(),
            include_expired: None,
            start_after: None,
            limit: None,
        },
    );
    assert!(operators.operators.is_empty());
    let err = exec(&mut deps, &a.carol, transfer("1", &a.carol)).unwrap_err();
    assert_eq!(err, not_owner());
}

#[test]
fn burn_by_owner_only() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let burn = ExecuteMsg::Burn {
        token_id: "1".to_string(),
    };
    let err = exec(&mut deps, &a.bob, burn.clone()).unwrap_err();
    assert_eq!(err, not_owner());
    exec(&mut deps, &a.alice, burn).unwrap();
    let count: NumTokensResponse = q(&deps, QueryMsg::NumTokens {});
    assert_eq!(count.count, 0);
    let gone = query(
        deps.as_ref(),
        mock_env(),
        QueryMsg::OwnerOf {
            token_id: "1".to_string(),
            include_expired: None,
        },
    );
    assert!(gone.is_err());
}

#[test]
fn locked_token_cannot_move_until_unlocked() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let lock = ExecuteMsg::Lock {
        token_id: "1".to_string(),
    };
    exec(&mut deps, &a.court, lock).unwrap();
    let p = policy_of(&deps, "1");
    assert!(p.locked);
    assert_eq!(p.policy.status, PolicyStatus::ClaimOpen);

    let locked = ContractError::TokenLocked {
        token_id: "1".to_string(),
    };
    let err = exec(&mut deps, &a.alice, transfer("1", &a.bob)).unwrap_err();
    assert_eq!(err, locked);
    let err = exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::SendNft {
            contract: a.bob.to_string(),
            token_id: "1".to_string(),
            msg: Binary::default(),
        },
    )
    .unwrap_err();
    assert_eq!(err, locked);
    let err = exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::Burn {
            token_id: "1".to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(err, locked);

    // approvals still work, but the approved spender cannot move it either
    exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::Approve {
            spender: a.bob.to_string(),
            token_id: "1".to_string(),
            expires: None,
        },
    )
    .unwrap();
    let err = exec(&mut deps, &a.bob, transfer("1", &a.bob)).unwrap_err();
    assert_eq!(err, locked);

    exec(
        &mut deps,
        &a.court,
        ExecuteMsg::Unlock {
            token_id: "1".to_string(),
        },
    )
    .unwrap();
    let p = policy_of(&deps, "1");
    assert!(!p.locked);
    assert_eq!(p.policy.status, PolicyStatus::Active);
    exec(&mut deps, &a.bob, transfer("1", &a.bob)).unwrap();
    assert_eq!(owner_of(&deps, "1").owner, a.bob.to_string());
}

#[test]
fn lock_and_unlock_are_court_only_and_typed() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let lock = ExecuteMsg::Lock {
        token_id: "1".to_string(),
    };
    let unlock = ExecuteMsg::Unlock {
        token_id: "1".to_string(),
    };

    for sender in [&a.alice, &a.pool, &a.governance] {
        let err = exec(&mut deps, sender, lock.clone()).unwrap_err();
        assert_eq!(
            err,
            ContractError::NotClaimsCourt {
                sender: sender.clone()
            }
        );
    }

    let err = exec(&mut deps, &a.court, unlock.clone()).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotLocked {
            token_id: "1".to_string()
        }
    );

    exec(&mut deps, &a.court, lock.clone()).unwrap();
    let err = exec(&mut deps, &a.court, lock).unwrap_err();
    assert_eq!(
        err,
        ContractError::AlreadyLocked {
            token_id: "1".to_string()
        }
    );
    let err = exec(&mut deps, &a.alice, unlock.clone()).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotClaimsCourt {
            sender: a.alice.clone()
        }
    );
    exec(&mut deps, &a.court, unlock).unwrap();

    // unknown token: nothing gets recorded
    let err = exec(
        &mut deps,
        &a.court,
        ExecuteMsg::Lock {
            token_id: "404".to_string(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Std(StdError::NotFound { .. })));
    let err = exec(
        &mut deps,
        &a.court,
        ExecuteMsg::Unlock {
            token_id: "404".to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::NotLocked {
            token_id: "404".to_string()
        }
    );
}

#[test]
fn lock_without_court_fails() {
    let (mut deps, a) = setup_with(false);
    mint(&mut deps, &a, 1, &a.alice);
    for msg in [
        ExecuteMsg::Lock {
            token_id: "1".to_string(),
        },
        ExecuteMsg::Unlock {
            token_id: "1".to_string(),
        },
    ] {
        let err = exec(&mut deps, &a.court, msg).unwrap_err();
        assert_eq!(err, ContractError::NoClaimsCourt {});
    }
}

#[test]
fn set_remaining_by_pool() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let set = |amount: u128| ExecuteMsg::SetRemaining {
        token_id: "1".to_string(),
        remaining_amount: Uint128::new(amount),
    };

    let err = exec(&mut deps, &a.alice, set(10)).unwrap_err();
    assert_eq!(
        err,
        ContractError::NotRiskPool {
            sender: a.alice.clone()
        }
    );
    let err = exec(&mut deps, &a.pool, set(1_001)).unwrap_err();
    assert_eq!(
        err,
        ContractError::RemainingExceedsCover {
            token_id: "1".to_string(),
            remaining: Uint128::new(1_001),
            cover: Uint128::new(1_000)
        }
    );
    let err = exec(
        &mut deps,
        &a.pool,
        ExecuteMsg::SetRemaining {
            token_id: "404".to_string(),
            remaining_amount: Uint128::zero(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Std(StdError::NotFound { .. })));

    exec(&mut deps, &a.pool, set(400)).unwrap();
    let p = policy_of(&deps, "1").policy;
    assert_eq!(p.remaining_amount, Uint128::new(400));
    assert_eq!(p.status, PolicyStatus::Active);
    // the cw721 view carries the same extension
    let info: NftInfoResponse<Policy> = q(
        &deps,
        QueryMsg::NftInfo {
            token_id: "1".to_string(),
        },
    );
    assert_eq!(info.extension, p);

    exec(&mut deps, &a.pool, set(0)).unwrap();
    let p = policy_of(&deps, "1").policy;
    assert_eq!(p.remaining_amount, Uint128::zero());
    assert_eq!(p.status, PolicyStatus::Exhausted);
}

#[test]
fn payout_during_claim_keeps_claim_open_until_unlock() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    exec(
        &mut deps,
        &a.court,
        ExecuteMsg::Lock {
            token_id: "1".to_string(),
        },
    )
    .unwrap();
    exec(
        &mut deps,
        &a.pool,
        ExecuteMsg::SetRemaining {
            token_id: "1".to_string(),
            remaining_amount: Uint128::zero(),
        },
    )
    .unwrap();
    assert_eq!(policy_of(&deps, "1").policy.status, PolicyStatus::ClaimOpen);
    exec(
        &mut deps,
        &a.court,
        ExecuteMsg::Unlock {
            token_id: "1".to_string(),
        },
    )
    .unwrap();
    assert_eq!(policy_of(&deps, "1").policy.status, PolicyStatus::Exhausted);
}

#[test]
fn policy_expires_after_grace_period() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let p = policy(1, &mock_env());
    let mut env = mock_env();
    env.block.time = p.end.plus_seconds(p.grace_period);
    let at_deadline: PolicyResponse = from_json(
        query(
            deps.as_ref(),
            env.clone(),
            QueryMsg::Policy {
                token_id: "1".to_string(),
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(!at_deadline.expired);
    env.block.time = env.block.time.plus_nanos(1);
    let after: PolicyResponse = from_json(
        query(
            deps.as_ref(),
            env,
            QueryMsg::Policy {
                token_id: "1".to_string(),
            },
        )
        .unwrap(),
    )
    .unwrap();
    assert!(after.expired);
}

#[test]
fn update_config_by_governance_and_sudo() {
    let (mut deps, a) = setup_with(false);
    let new_court = deps.api.addr_make("new_court");
    let new_gov = deps.api.addr_make("new_gov");

    let err = exec(
        &mut deps,
        &a.alice,
        ExecuteMsg::UpdateConfig {
            governance: None,
            claims_court: Some(a.alice.to_string()),
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::NotGovernance {
            sender: a.alice.clone()
        }
    );

    exec(
        &mut deps,
        &a.governance,
        ExecuteMsg::UpdateConfig {
            governance: Some(new_gov.to_string()),
            claims_court: Some(a.court.to_string()),
        },
    )
    .unwrap();
    let config: Config = q(&deps, QueryMsg::Config {});
    assert_eq!(config.governance, new_gov);
    assert_eq!(config.claims_court, Some(a.court.clone()));
    assert_eq!(config.risk_pool, a.pool);
    let creator: Ownership<Addr> = q(&deps, QueryMsg::GetCreatorOwnership {});
    assert_eq!(creator.owner, Some(new_gov));

    // the old governance lost its power
    let err = exec(
        &mut deps,
        &a.governance,
        ExecuteMsg::UpdateConfig {
            governance: None,
            claims_court: None,
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        ContractError::NotGovernance {
            sender: a.governance.clone()
        }
    );

    sudo(
        deps.as_mut(),
        mock_env(),
        SudoMsg::UpdateConfig {
            governance: Some(a.governance.to_string()),
            claims_court: Some(new_court.to_string()),
        },
    )
    .unwrap();
    let config: Config = q(&deps, QueryMsg::Config {});
    assert_eq!(config.governance, a.governance);
    assert_eq!(config.claims_court, Some(new_court));

    let err = sudo(
        deps.as_mut(),
        mock_env(),
        SudoMsg::UpdateConfig {
            governance: Some("NotAnAddress".to_string()),
            claims_court: None,
        },
    )
    .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)));
}

#[test]
fn every_execute_refuses_funds() {
    let (mut deps, a) = setup();
    mint(&mut deps, &a, 1, &a.alice);
    let token_id = "1".to_string();
    let msgs = vec![
        transfer("1", &a.bob),
        ExecuteMsg::SendNft {
            contract: a.bob.to_string(),
            token_id: token_id.clone(),
            msg: Binary::default(),
        },
        ExecuteMsg::Approve {
            spender: a.bob.to_string(),
            token_id: token_id.clone(),
            expires: None,
        },
        ExecuteMsg::Revoke {
            spender: a.bob.to_string(),
            token_id: token_id.clone(),
        },
        ExecuteMsg::ApproveAll {
            operator: a.bob.to_string(),
            expires: None,
        },
        ExecuteMsg::RevokeAll {
            operator: a.bob.to_string(),
        },
        ExecuteMsg::Burn {
            token_id: token_id.clone(),
        },
        ExecuteMsg::Mint {
            token_id: "2".to_string(),
            owner: a.alice.to_string(),
            policy: policy(2, &mock_env()),
        },
        ExecuteMsg::SetRemaining {
            token_id: token_id.clone(),
            remaining_amount: Uint128::zero(),
        },
        ExecuteMsg::Lock {
            token_id: token_id.clone(),
        },
        ExecuteMsg::Unlock { token_id },
        ExecuteMsg::UpdateConfig {
            governance: None,
            claims_court: None,
        },
    ];
    // each sent by the one sender who could otherwise execute it
    let senders = [
        &a.alice,
        &a.alice,
        &a.alice,
        &a.alice,
        &a.alice,
        &a.alice,
        &a.alice,
        &a.pool,
        &a.pool,
        &a.court,
        &a.court,
        &a.governance,
    ];
    assert_eq!(msgs.len(), senders.len());
    for (msg, sender) in msgs.into_iter().zip(senders) {
        let err = execute(
            deps.as_mut(),
            mock_env(),
            message_info(sender, &coins(1, "uatom")),
            msg,
        )
        .unwrap_err();
        assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
    }
    assert_eq!(owner_of(&deps, "1").owner, a.alice.to_string());
}

#[test]
fn migrate_checks_contract_name() {
    let (mut deps, _) = setup();
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let res = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
    assert!(res
        .attributes
        .iter()
        .any(|attr| attr.key == "from_version" && attr.value == "0.0.1"));
    let version = cw2::get_contract_version(&deps.storage).unwrap();
    assert_eq!(version.version, CONTRACT_VERSION);

    // a downgrade is refused and changes nothing
    cw2::set_contract_version(&mut deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Migrate(MigrateError::Downgrade {
            contract: CONTRACT_NAME.to_string(),
            stored: "99.0.0".to_string(),
            new: CONTRACT_VERSION.to_string(),
        })
    );
    assert_eq!(
        cw2::get_contract_version(&deps.storage).unwrap().version,
        "99.0.0"
    );

    cw2::set_contract_version(&mut deps.storage, "crates.io:cw721-base", "0.22.0").unwrap();
    let err = migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Migrate(MigrateError::WrongContract {
            expected: CONTRACT_NAME.to_string(),
            found: "crates.io:cw721-base".to_string(),
            version: "0.22.0".to_string(),
        })
    );
}

#[test]
fn wire_names_match_cw721() {
    // A client built on cw721's own query message must be understood.
    type Std = cw721::msg::Cw721QueryMsg<Policy, CollectionExtension, Empty>;
    let cases: Vec<(Std, QueryMsg)> = vec![
        (
            Std::OwnerOf {
                token_id: "1".to_string(),
                include_expired: Some(true),
            },
            QueryMsg::OwnerOf {
                token_id: "1".to_string(),
                include_expired: Some(true),
            },
        ),
        (Std::NumTokens {}, QueryMsg::NumTokens {}),
        #[allow(deprecated)]
        (Std::ContractInfo {}, QueryMsg::ContractInfo {}),
        #[allow(deprecated)]
        (Std::Minter {}, QueryMsg::Minter {}),
        (Std::GetMinterOwnership {}, QueryMsg::GetMinterOwnership {}),
        (
            Std::AllTokens {
                start_after: None,
                limit: Some(5),
            },
            QueryMsg::AllTokens {
                start_after: None,
                limit: Some(5),
            },
        ),
    ];
    for (standard, ours) in cases {
        let bytes = to_json_binary(&standard).unwrap();
        assert_eq!(bytes, to_json_binary(&ours).unwrap());
        let parsed: QueryMsg = from_json(&bytes).unwrap();
        assert_eq!(parsed, ours);
    }
}

#[test]
fn list_queries_cap_at_the_project_limit() {
    let (mut deps, a) = setup();
    for id in 1..=35 {
        mint(&mut deps, &a, id, &a.alice);
    }
    let all: TokensResponse = q(
        &deps,
        QueryMsg::AllTokens {
            start_after: None,
            limit: Some(1_000),
        },
    );
    assert_eq!(all.tokens.len(), 30);
    let owned: TokensResponse = q(
        &deps,
        QueryMsg::Tokens {
            owner: a.alice.to_string(),
            start_after: None,
            limit: Some(31),
        },
    );
    assert_eq!(owned.tokens.len(), 30);
    let default: TokensResponse = q(
        &deps,
        QueryMsg::Tokens {
            owner: a.alice.to_string(),
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(default.tokens.len(), 10);
}
