//! The tranche vault over the real risk pool, with the real cw20-base
//! contract for its tokens: deposits in both tranches, the income split, a
//! loss smaller and one larger than the junior tranche, redemptions across a
//! loss, and every failure, with exact balances.
//!
//! The vault is the pool's only staker in these tests, so the pool's share
//! price is exactly 10^6 shares per unit until a payout moves it.

use cosmwasm_std::{
    coin, coins, from_json, to_json_binary, Addr, Decimal, OverflowError, OverflowOperation,
    StdError, Uint128, WasmMsg,
};
use cw_multi_test::{AppResponse, Executor};
use insurance_common::auth::{Authority, Unauthorized};
use insurance_common::math::{assets_to_shares, shares_to_assets, SECONDS_PER_YEAR};
use insurance_common::risk_pool::{GovernanceMsg as PoolGovernanceMsg, PoolParams, DAY};
use insurance_common::tranche_vault::{
    DepositResponse, ExecuteMsg, GovernanceMsg, ReceiveMsg, Tranche, VaultParams,
    WithdrawRedemptionResponse,
};
use insurance_testing::assert::{err, payment_err, vault_err};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::{Suite, SuiteBuilder, DENOM};
use tranche_vault::error::ParamError;
use tranche_vault::ContractError;

const UNBONDING: u64 = 30 * DAY;

/// Tokens the first deposit of a tranche locks in its token contract.
const LOCKED: u128 = insurance_common::tranche_vault::LOCKED_TOKENS.u128();

fn u(v: u128) -> Uint128 {
    Uint128::new(v)
}

struct Actors {
    alice: Addr,
    bob: Addr,
    carol: Addr,
    buyer: Addr,
}

/// A suite with the vault deployed and four funded accounts.
fn setup() -> (Suite, Actors) {
    let mut suite = SuiteBuilder::new().build();
    suite.deploy_tranche_vault();
    let actors = Actors {
        alice: suite.addr("alice"),
        bob: suite.addr("bob"),
        carol: suite.addr("carol"),
        buyer: suite.addr("buyer"),
    };
    for a in [&actors.alice, &actors.bob, &actors.carol] {
        suite.fund(a, 1_000_000);
    }
    suite.fund(&actors.buyer, 10_000_000);
    (suite, actors)
}

/// Alice 300_000 junior, Bob 700_000 senior. Each first deposit of a tranche
/// locks `LOCKED` of its tokens in the token contract: Alice holds 299_000
/// junior tokens, Bob 699_000 senior ones.
fn funded() -> (Suite, Actors) {
    let (mut suite, a) = setup();
    suite.deposit_junior(&a.alice, 300_000).unwrap();
    suite.deposit_senior(&a.bob, 700_000).unwrap();
    (suite, a)
}

/// A claim paid from the pool: cover bought and paid out in the same block
/// (no premium has streamed yet, so no income).
fn pool_loss(suite: &mut Suite, buyer: &Addr, amount: u128) {
    let cover = suite
        .buy_cover(buyer, DISCRETIONARY_PRODUCT, amount, 90 * DAY)
        .unwrap();
    suite.payout(cover, buyer, amount).unwrap();
    if suite.pool_state().circuit_breaker_tripped {
        suite.sudo_pool(PoolGovernanceMsg::ResumeCover {}).unwrap();
    }
}

/// Value of the vault's pool shares at the pool's price.
fn vault_pool_value(suite: &Suite) -> u128 {
    let pos = suite.staker(&suite.vault());
    let state = suite.pool_state();
    shares_to_assets(
        pos.shares + pos.unbonding_shares,
        state.total_assets,
        state.total_shares,
    )
    .unwrap()
    .u128()
}

/// Everything the vault's state reports adds up, and its bank balance is
/// exactly the collateral its books say it holds.
fn assert_books(suite: &Suite) {
    let s = suite.vault_state();
    assert_eq!(
        s.senior.value + s.senior.pending_value + s.junior.value + s.junior.pending_value,
        s.total_value,
        "the tranches split the whole vault value"
    );
    assert_eq!(
        s.total_value.u128(),
        vault_pool_value(suite) + s.unclaimed_rewards.u128() + s.idle.u128()
    );
    assert_eq!(suite.balance(&suite.vault()), s.idle.u128());
    for t in Tranche::ALL {
        assert_eq!(suite.tranche_supply(t), suite.tranche(t).supply.u128());
    }
}

fn deposit_data(res: &AppResponse) -> DepositResponse {
    from_json(res.data.as_ref().expect("response data")).unwrap()
}

fn withdraw_data(res: &AppResponse) -> WithdrawRedemptionResponse {
    from_json(res.data.as_ref().expect("response data")).unwrap()
}

#[test]
fn instantiate_creates_two_real_cw20_tokens_minted_by_the_vault() {
    let (suite, _) = setup();
    let vault = suite.vault();
    let config = suite.vault_config();
    assert_eq!(config.risk_pool, suite.pool);
    assert_eq!(config.collateral_denom, DENOM);
    assert_eq!(config.governance, suite.governance);
    assert_eq!(config.params, VaultParams::default());
    assert_ne!(config.senior_token, config.junior_token);
    for (token, name, symbol) in [
        (&config.senior_token, "Insurance Senior Tranche", "SENIOR"),
        (&config.junior_token, "Insurance Junior Tranche", "JUNIOR"),
    ] {
        let info: cw20::TokenInfoResponse = suite
            .app
            .wrap()
            .query_wasm_smart(token, &cw20::Cw20QueryMsg::TokenInfo {})
            .unwrap();
        assert_eq!(info.name, name);
        assert_eq!(info.symbol, symbol);
        assert_eq!(info.decimals, 6);
        assert_eq!(info.total_supply, Uint128::zero());
        let minter: Option<cw20::MinterResponse> = suite
            .app
            .wrap()
            .query_wasm_smart(token, &cw20::Cw20QueryMsg::Minter {})
            .unwrap();
        assert_eq!(minter.unwrap().minter, vault.to_string());
        // governance administers the token contracts
        let info = suite.app.wrap().query_wasm_contract_info(token).unwrap();
        assert_eq!(info.admin, Some(suite.governance.clone()));
        assert_eq!(info.creator, vault);
    }
    // the pool knows its vault
    assert_eq!(suite.pool_config().tranche_vault, Some(vault.clone()));
    // cw2 version info
    let version = suite
        .app
        .wrap()
        .query_wasm_raw(&vault, b"contract_info".to_vec())
        .unwrap()
        .expect("cw2 contract info");
    assert!(String::from_utf8(version)
        .unwrap()
        .contains(r#""contract":"crates.io:tranche-vault""#));
}

#[test]
fn deposits_stake_in_the_pool_and_mint_at_the_tranche_price() {
    let (mut suite, a) = setup();
    let vault = suite.vault();
    let res = suite.deposit_junior(&a.alice, 300_000).unwrap();
    assert_eq!(
        deposit_data(&res),
        DepositResponse {
            tranche: Tranche::Junior,
            credited: u(300_000),
            tokens_minted: u(300_000 - LOCKED),
        }
    );
    suite.deposit_senior(&a.bob, 700_000).unwrap();

    assert_eq!(
        suite.tranche_balance(Tranche::Junior, &a.alice),
        300_000 - LOCKED
    );
    assert_eq!(
        suite.tranche_balance(Tranche::Senior, &a.bob),
        700_000 - LOCKED
    );
    // the locked tokens sit in the token contracts and count in the supply
    for tranche in [Tranche::Junior, Tranche::Senior] {
        let token = suite.tranche_token(tranche);
        assert_eq!(suite.tranche_balance(tranche, &token), LOCKED);
    }
    assert_eq!(suite.balance(&a.alice), 700_000);
    assert_eq!(suite.balance(&a.bob), 300_000);
    // the vault holds nothing: everything is a pool stake
    assert_eq!(suite.balance(&vault), 0);
    let pos = suite.staker(&vault);
    assert_eq!(pos.shares, u(1_000_000_000_000));
    assert_eq!(pos.value, u(1_000_000));
    assert_eq!(suite.pool_state().total_assets, u(1_000_000));

    let senior = suite.tranche(Tranche::Senior);
    assert_eq!(senior.token, suite.tranche_token(Tranche::Senior));
    assert_eq!(
        (senior.supply, senior.value, senior.price),
        (u(700_000), u(700_000), Decimal::one())
    );
    assert_eq!(senior.target_rate, Some(Decimal::percent(5)));
    let junior = suite.tranche(Tranche::Junior);
    assert_eq!(
        (junior.supply, junior.value, junior.price),
        (u(300_000), u(300_000), Decimal::one())
    );
    assert_eq!(junior.target_rate, None);
    let sub = suite.subordination();
    assert_eq!(sub.junior_share, Decimal::percent(30));
    assert_eq!(sub.minimum, Decimal::percent(20));
    let state = suite.vault_state();
    assert_eq!(state.senior_principal, u(700_000));
    assert_eq!(state.senior_entitlement, u(700_000));

    // tranche tokens are ordinary cw20: Alice gives Carol some
    suite
        .transfer_tranche_tokens(&a.alice, &a.carol, Tranche::Junior, 50_000)
        .unwrap();
    assert_eq!(suite.tranche_balance(Tranche::Junior, &a.carol), 50_000);
    assert_eq!(suite.tranche(Tranche::Junior).value, u(300_000));
    // a second junior deposit at price one
    suite.deposit_junior(&a.carol, 100_000).unwrap();
    assert_eq!(suite.tranche_balance(Tranche::Junior, &a.carol), 150_000);
    assert_eq!(suite.tranche(Tranche::Junior).value, u(400_000));
    assert_books(&suite);
}

#[test]
fn income_pays_the_senior_target_first_and_the_rest_to_junior() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    // 1 % a year on 700_000 of senior principal: 1_400 in 73 days
    suite
        .vault_governance(GovernanceMsg::UpdateParams {
            params: VaultParams {
                senior_target_rate: Decimal::percent(1),
                min_subordination: Decimal::percent(20),
            },
        })
        .unwrap();
    // 1_000_000 of cover for a year at 2 %: 15_000 streams to stakers (the vault)
    suite
        .buy_cover(&a.buyer, DISCRETIONARY_PRODUCT, 1_000_000, 365 * DAY)
        .unwrap();
    assert_eq!(suite.pool_state().reward_reserve, u(15_000));
    suite.advance_time(SECONDS_PER_YEAR / 5);
    let income = suite.staker(&vault).pending_rewards.u128();
    assert!(income > 1_400, "income {income}");
    let senior = suite.tranche(Tranche::Senior);
    let junior = suite.tranche(Tranche::Junior);
    assert_eq!(senior.value, u(700_000 + 1_400));
    assert_eq!(junior.value.u128(), 300_000 + income - 1_400);
    assert_eq!(senior.price, Decimal::from_ratio(701_400u128, 700_000u128));
    assert_books(&suite);

    // anyone harvests: the rewards are claimed and staked, values unchanged
    let res = suite.harvest(&a.carol).unwrap();
    assert!(res
        .has_event(&cosmwasm_std::Event::new("wasm").add_attribute("claimed", income.to_string())));
    assert_eq!(suite.staker(&vault).pending_rewards, Uint128::zero());
    assert_eq!(suite.staker(&vault).value.u128(), 1_000_000 + income);
    assert_eq!(suite.tranche(Tranche::Senior).value, u(701_400));
    assert_eq!(
        suite.tranche(Tranche::Junior).value.u128(),
        300_000 + income - 1_400
    );
    assert_eq!(suite.vault_state().senior_entitlement, u(701_400));
    assert_books(&suite);

    // a target above the income: the senior tranche takes all of it, and
    // the shortfall is not carried into later income
    suite
        .sudo_vault(GovernanceMsg::UpdateParams {
            params: VaultParams {
                senior_target_rate: Decimal::one(),
                min_subordination: Decimal::percent(20),
            },
        })
        .unwrap();
    let junior_before = suite.tranche(Tranche::Junior).value;
    suite.advance_time(SECONDS_PER_YEAR / 5);
    let income2 = suite.staker(&vault).pending_rewards.u128();
    assert!(income2 > 0);
    assert_eq!(
        suite.tranche(Tranche::Senior).value.u128(),
        701_400 + income2
    );
    assert_eq!(suite.tranche(Tranche::Junior).value, junior_before);
    assert_books(&suite);
}

#[test]
fn a_loss_smaller_than_junior_leaves_senior_whole() {
    let (mut suite, a) = funded();
    pool_loss(&mut suite, &a.buyer, 200_000);
    // 1e12 shares at (800_000 + 1) / (1e12 + 1e6): 800_000.2
    assert_eq!(vault_pool_value(&suite), 800_000);
    let senior = suite.tranche(Tranche::Senior);
    let junior = suite.tranche(Tranche::Junior);
    assert_eq!((senior.value, senior.price), (u(700_000), Decimal::one()));
    assert_eq!(junior.value, u(100_000));
    assert_eq!(junior.price, Decimal::from_ratio(1u128, 3u128));
    assert_eq!(
        suite.subordination().junior_share,
        Decimal::percent(12) + Decimal::permille(5)
    );
    assert_books(&suite);

    // new junior money buys at the new price: 3 tokens per unit
    let state = suite.pool_state();
    let shares = assets_to_shares(u(100_000), state.total_assets, state.total_shares).unwrap();
    let after = shares_to_assets(
        u(1_000_000_000_000) + shares,
        state.total_assets + u(100_000),
        state.total_shares + shares,
    )
    .unwrap();
    let credited = (after - u(800_000)).min(u(100_000));
    let res = suite.deposit_junior(&a.carol, 100_000).unwrap();
    assert_eq!(deposit_data(&res).credited, credited);
    assert_eq!(
        suite.tranche_balance(Tranche::Junior, &a.carol),
        credited.u128() * 3
    );
    // a senior deposit now breaches 20 % subordination: junior 200_000 of 1_000_001+
    let junior_value = suite.tranche(Tranche::Junior).value;
    assert_eq!(
        vault_err(suite.deposit_senior(&a.carol, 300_000)),
        ContractError::SubordinationBreach {
            junior_share: Decimal::from_ratio(junior_value, junior_value + u(1_000_000)),
            minimum: Decimal::percent(20),
        }
    );
    assert_books(&suite);

    // Alice redeems all her tokens: a third of her deposit, less the locked
    // tokens' share (rounded down)
    let id = suite
        .redeem(&a.alice, Tranche::Junior, 300_000 - LOCKED)
        .unwrap();
    let alice_value = 100_000 * (300_000 - LOCKED) / 300_000;
    assert_eq!(
        suite.redemption(&a.alice, id).unwrap().value,
        u(alice_value)
    );
    suite.advance_time(UNBONDING);
    let before = suite.balance(&a.alice);
    suite.withdraw_redemption(&a.alice, id).unwrap();
    assert_eq!(suite.balance(&a.alice) - before, alice_value);
    // the loss cover's premium streamed meanwhile: all of it to the senior
    // tranche, under its target (5 % of 700_000 for 30 days = 2_876)
    let income = suite.staker(&suite.vault()).pending_rewards.u128();
    assert!(income > 0 && income < 2_876, "{income}");
    assert_eq!(
        suite.tranche(Tranche::Senior).value.u128(),
        700_000 + income
    );
    assert_books(&suite);
}

#[test]
fn a_loss_larger_than_junior_reaches_senior() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    pool_loss(&mut suite, &a.buyer, 400_000);
    // (600_000 + 1) / (1e12 + 1e6) per share: 600_000.4
    assert_eq!(vault_pool_value(&suite), 600_000);
    let senior = suite.tranche(Tranche::Senior);
    let junior = suite.tranche(Tranche::Junior);
    assert_eq!(senior.value, u(600_000));
    assert_eq!(senior.price, Decimal::from_ratio(6u128, 7u128));
    assert_eq!((junior.value, junior.price), (u(0), Decimal::zero()));
    assert_eq!(suite.subordination().junior_share, Decimal::zero());
    // no deposits while the senior tranche is owed more than the vault holds
    let impaired = ContractError::SeniorImpaired {
        senior_value: u(600_000),
        senior_entitlement: u(700_000),
    };
    assert_eq!(vault_err(suite.deposit_junior(&a.carol, 100_000)), impaired);
    assert_eq!(vault_err(suite.deposit_senior(&a.carol, 100_000)), impaired);
    assert_eq!(suite.balance(&a.carol), 1_000_000);

    // worthless junior tokens can still be handed in: nothing to unbond
    let id = suite
        .redeem(&a.alice, Tranche::Junior, 300_000 - LOCKED)
        .unwrap();
    let r = suite.redemption(&a.alice, id).unwrap();
    assert_eq!(
        (r.value, r.unbonding_id, r.withdrawable),
        (u(0), None, true)
    );
    suite.withdraw_redemption(&a.alice, id).unwrap();
    assert_eq!(suite.balance(&a.alice), 700_000);
    assert!(suite.redemptions(&a.alice).is_empty());

    // Bob redeems half of the senior tranche: 6/7 of his claim
    let id = suite.redeem(&a.bob, Tranche::Senior, 350_000).unwrap();
    let r = suite.redemption(&a.bob, id).unwrap();
    assert_eq!((r.requested_value, r.value), (u(300_000), u(300_000)));
    suite.advance_time(UNBONDING);
    // The premium of the loss cover streamed meanwhile: it all restores the
    // impaired senior tranche, earning and pending sides pro rata.
    let r = suite.redemption(&a.bob, id).unwrap();
    assert!(r.value > u(300_000), "{}", r.value);
    let unbonding = suite.unbondings(&vault).unbondings[0].value;
    let res = suite.withdraw_redemption(&a.bob, id).unwrap();
    // the unbonding returned its value; the income is still unclaimed pool
    // rewards, so the vault pays what it holds and unbonds the rest
    assert_eq!(
        withdraw_data(&res),
        WithdrawRedemptionResponse {
            redemption_id: id,
            paid: unbonding,
            pending: true
        }
    );
    assert_eq!(suite.balance(&a.bob), 300_000 + unbonding.u128());
    let rest = suite.redemption(&a.bob, id).unwrap();
    // the part consumed by the payment is rounded up: at most one unit less
    assert!(rest.value + u(1) >= r.value - unbonding);
    assert_books(&suite);
    suite.advance_time(UNBONDING);
    let rest = suite.redemption(&a.bob, id).unwrap();
    suite.withdraw_redemption(&a.bob, id).unwrap();
    assert_eq!(
        suite.balance(&a.bob),
        300_000 + unbonding.u128() + rest.value.u128()
    );
    assert!(suite.redemptions(&a.bob).is_empty());
    // never more than the senior claim: 350_000 for 350_000 tokens
    assert!(unbonding + rest.value <= u(350_000));
    assert_books(&suite);
}

#[test]
fn redemptions_across_a_loss_bear_it_in_their_tranche_order() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    let ja = suite.redeem(&a.alice, Tranche::Junior, 100_000).unwrap();
    let sb = suite.redeem(&a.bob, Tranche::Senior, 350_000).unwrap();
    // kept by the vault (no longer outstanding), and unbonding in the pool:
    // 1e6 shares per unit
    assert_eq!(suite.tranche_supply(Tranche::Junior), 200_000);
    assert_eq!(suite.tranche_supply(Tranche::Senior), 350_000);
    assert_eq!(suite.tranche_balance(Tranche::Junior, &vault), 100_000);
    let pos = suite.staker(&vault);
    assert_eq!(pos.unbonding_shares, u(450_000_000_000));
    assert_eq!(pos.shares, u(550_000_000_000));
    let rs = suite.redemptions(&a.bob);
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].value, u(350_000));
    assert!(!rs[0].withdrawable);
    assert_eq!(
        rs[0].release_at,
        suite
            .now()
            .plus_seconds(PoolParams::default().unbonding_period)
    );

    // 150_000 loss: junior 300_000 -> 150_000, pending and earning halves alike
    pool_loss(&mut suite, &a.buyer, 150_000);
    assert_eq!(suite.redemption(&a.alice, ja).unwrap().value, u(50_000));
    assert_eq!(suite.redemption(&a.bob, sb).unwrap().value, u(350_000));
    let junior = suite.tranche(Tranche::Junior);
    assert_eq!(
        (junior.value, junior.pending_value),
        (u(100_000), u(50_000))
    );
    assert_eq!(junior.price, Decimal::percent(50));
    let senior = suite.tranche(Tranche::Senior);
    assert_eq!(
        (senior.value, senior.pending_value),
        (u(350_000), u(350_000))
    );
    assert_books(&suite);

    // too early
    let release_at = suite.redemption(&a.alice, ja).unwrap().release_at;
    assert_eq!(
        vault_err(suite.withdraw_redemption(&a.alice, ja)),
        ContractError::RedemptionNotMatured { release_at }
    );
    suite.advance_time(UNBONDING);
    // pending redemptions earned nothing of the premium that streamed meanwhile
    assert!(suite.staker(&vault).pending_rewards > Uint128::zero());
    assert_eq!(suite.redemption(&a.alice, ja).unwrap().value, u(50_000));
    assert_eq!(suite.redemption(&a.bob, sb).unwrap().value, u(350_000));

    // Alice: her unbonding returns 85_000, she is paid 50_000, the vault keeps 35_000
    let res = suite.withdraw_redemption(&a.alice, ja).unwrap();
    assert_eq!(
        withdraw_data(&res),
        WithdrawRedemptionResponse {
            redemption_id: ja,
            paid: u(50_000),
            pending: false
        }
    );
    assert_eq!(suite.balance(&a.alice), 700_000 + 50_000);
    assert_eq!(suite.vault_state().idle, u(35_000));
    assert_books(&suite);

    // Bob: his unbonding lost 15 % (297_500), junior absorbed it; the vault pays
    // what it holds (332_500) and unbonds the remaining 17_500
    let res = suite.withdraw_redemption(&a.bob, sb).unwrap();
    assert_eq!(
        withdraw_data(&res),
        WithdrawRedemptionResponse {
            redemption_id: sb,
            paid: u(332_500),
            pending: true
        }
    );
    assert_eq!(suite.balance(&a.bob), 300_000 + 332_500);
    let r = suite.redemption(&a.bob, sb).unwrap();
    assert_eq!((r.value, r.paid), (u(17_500), u(332_500)));
    assert!(r.unbonding_id.is_some());
    assert!(!r.withdrawable);
    assert_eq!(suite.vault_state().idle, u(0));
    assert_books(&suite);

    suite.advance_time(UNBONDING);
    suite.withdraw_redemption(&a.bob, sb).unwrap();
    // whole: 350_000 for 350_000 of senior tokens
    assert_eq!(suite.balance(&a.bob), 300_000 + 350_000);
    assert!(suite.redemptions(&a.bob).is_empty());
    // the senior principal left is intact, the junior tranche paid for all
    let senior = suite.tranche(Tranche::Senior);
    assert!(senior.value >= u(350_000));
    assert_eq!(senior.pending_value, u(0));
    assert_eq!(suite.vault_state().senior_principal, u(350_000));
    assert_books(&suite);
}

#[test]
fn pending_redemptions_are_paginated() {
    let (mut suite, a) = funded();
    let ids: Vec<u64> = (0..5)
        .map(|_| suite.redeem(&a.alice, Tranche::Junior, 1_000).unwrap())
        .collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5]);
    let page = suite.redemptions_page(&a.alice, None, Some(2));
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1, 2]);
    let page = suite.redemptions_page(&a.alice, Some(2), Some(2));
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), vec![3, 4]);
    let page = suite.redemptions_page(&a.alice, Some(4), None);
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), vec![5]);
    // the limit is capped
    for _ in 0..40 {
        suite.redeem(&a.alice, Tranche::Junior, 1_000).unwrap();
    }
    assert_eq!(
        suite.redemptions_page(&a.alice, None, Some(1_000)).len(),
        30
    );
    assert!(suite.redemptions(&a.bob).is_empty());
    assert_eq!(suite.redemptions(&a.alice)[0].owner, a.alice);
}

#[test]
fn deposit_failures_change_nothing() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    suite.fund_coins(&a.carol, coins(1_000, "uother"));
    let deposit = ExecuteMsg::Deposit {
        tranche: Tranche::Junior,
    };
    // zero amount / no funds
    assert_eq!(
        payment_err(suite.execute_vault(&a.carol, &deposit, &[])),
        cw_utils::PaymentError::NoFunds {}
    );
    // wrong denom
    assert_eq!(
        payment_err(suite.execute_vault(&a.carol, &deposit, &coins(10, "uother"))),
        cw_utils::PaymentError::MissingDenom(DENOM.to_string())
    );
    assert_eq!(
        payment_err(suite.execute_vault(
            &a.carol,
            &deposit,
            &[coin(10, DENOM), coin(10, "uother")]
        )),
        cw_utils::PaymentError::MultipleDenoms {}
    );
    // unknown tranche: refused when the message is parsed
    let raw = WasmMsg::Execute {
        contract_addr: vault.to_string(),
        msg: br#"{"deposit":{"tranche":"mezzanine"}}"#.into(),
        funds: coins(10, DENOM),
    };
    let e = suite.app.execute(a.carol.clone(), raw.into()).unwrap_err();
    let parse = e
        .chain()
        .find_map(|c| c.downcast_ref::<StdError>())
        .expect("a parse error");
    assert_eq!(
        parse,
        &StdError::parse_err(
            "insurance_common::tranche_vault::ExecuteMsg",
            "unknown variant `mezzanine`, expected `senior` or `junior`"
        )
    );
    // and a query naming one, by the same message type
    assert_eq!(
        from_json::<insurance_common::tranche_vault::QueryMsg>(
            br#"{"tranche":{"tranche":"equity"}}"#
        )
        .unwrap_err(),
        StdError::parse_err(
            "insurance_common::tranche_vault::QueryMsg",
            "unknown variant `equity`, expected `senior` or `junior`"
        )
    );
    // subordination: 300_000 of junior allows 500_000 more senior, not one unit more
    assert_eq!(
        vault_err(suite.deposit_senior(&a.carol, 500_001)),
        ContractError::SubordinationBreach {
            junior_share: Decimal::from_ratio(300_000u128, 1_500_001u128),
            minimum: Decimal::percent(20),
        }
    );
    // nothing moved
    assert_eq!(suite.balance(&a.carol), 1_000_000);
    assert_eq!(suite.tranche_supply(Tranche::Senior), 700_000);
    assert_eq!(suite.tranche_supply(Tranche::Junior), 300_000);
    assert_eq!(suite.staker(&vault).shares, u(1_000_000_000_000));
    suite.deposit_senior(&a.carol, 500_000).unwrap();
    assert_eq!(suite.subordination().junior_share, Decimal::percent(20));
    assert_books(&suite);
}

#[test]
fn redeem_failures_change_nothing() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    // a cw20 token that is not a tranche token
    let cw20_code = suite
        .app
        .store_code(insurance_testing::contracts::cw20_base());
    let fake = suite
        .app
        .instantiate_contract(
            cw20_code,
            a.carol.clone(),
            &cw20_base::msg::InstantiateMsg {
                name: "Look-alike Senior".to_string(),
                symbol: "SENIOR".to_string(),
                decimals: 6,
                initial_balances: vec![cw20::Cw20Coin {
                    address: a.carol.to_string(),
                    amount: u(1_000),
                }],
                mint: None,
                marketing: None,
            },
            &[],
            "fake",
            None,
        )
        .unwrap();
    let redeem = to_json_binary(&ReceiveMsg::Redeem {}).unwrap();
    assert_eq!(
        vault_err(suite.send_tokens(&a.carol, &fake, &vault, 1_000, redeem.clone())),
        ContractError::NotATrancheToken {
            token: fake.clone()
        }
    );
    // the hook called directly by an account
    let hook = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: a.carol.to_string(),
        amount: u(1_000),
        msg: redeem.clone(),
    });
    assert_eq!(
        vault_err(suite.execute_vault(&a.carol, &hook, &[])),
        ContractError::NotATrancheToken {
            token: a.carol.clone()
        }
    );
    // zero tokens: the hook refuses them, sent by the token or by anyone
    let senior_token = suite.tranche_token(Tranche::Senior);
    assert_eq!(
        vault_err(suite.send_tokens(&a.bob, &senior_token, &vault, 0, redeem.clone())),
        ContractError::ZeroAmount {}
    );
    let zero = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: a.bob.to_string(),
        amount: u(0),
        msg: redeem.clone(),
    });
    assert_eq!(
        vault_err(suite.execute_vault(&senior_token, &zero, &[])),
        ContractError::ZeroAmount {}
    );
    // a hook message that is not `redeem`
    assert_eq!(
        vault_err(suite.send_tokens(
            &a.bob,
            &senior_token,
            &vault,
            10,
            to_json_binary(&"withdraw").unwrap()
        )),
        ContractError::Std(StdError::parse_err(
            "insurance_common::tranche_vault::ReceiveMsg",
            "unknown variant `withdraw`, expected `redeem`"
        ))
    );
    // more than the holder has
    assert_eq!(
        err::<cw20_base::ContractError>(suite.redeem(&a.bob, Tranche::Senior, 700_001)),
        cw20_base::ContractError::Std(StdError::overflow(OverflowError::new(
            OverflowOperation::Sub
        )))
    );
    // funds attached to the hook
    suite.fund(&senior_token, 5);
    let hook = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: a.bob.to_string(),
        amount: u(10),
        msg: redeem,
    });
    assert_eq!(
        payment_err(suite.execute_vault(&senior_token, &hook, &coins(5, DENOM))),
        cw_utils::PaymentError::NonPayable {}
    );
    // nothing moved
    assert_eq!(
        suite.tranche_balance(Tranche::Senior, &a.bob),
        700_000 - LOCKED
    );
    assert_eq!(suite.tranche_supply(Tranche::Senior), 700_000);
    assert_eq!(suite.staker(&vault).unbonding_shares, u(0));
    assert!(suite.redemptions(&a.bob).is_empty());
    assert_books(&suite);
}

#[test]
fn withdraw_failures_change_nothing() {
    let (mut suite, a) = funded();
    let id = suite.redeem(&a.alice, Tranche::Junior, 100_000).unwrap();
    let release_at = suite.redemption(&a.alice, id).unwrap().release_at;
    // before the unbonding ends
    assert_eq!(
        vault_err(suite.withdraw_redemption(&a.alice, id)),
        ContractError::RedemptionNotMatured { release_at }
    );
    suite.advance_time(UNBONDING - 1);
    assert_eq!(
        vault_err(suite.withdraw_redemption(&a.alice, id)),
        ContractError::RedemptionNotMatured { release_at }
    );
    suite.advance_time(1);
    // someone else's, or unknown
    assert_eq!(
        vault_err(suite.withdraw_redemption(&a.bob, id)),
        ContractError::RedemptionNotFound { id }
    );
    assert_eq!(
        vault_err(suite.withdraw_redemption(&a.alice, 99)),
        ContractError::RedemptionNotFound { id: 99 }
    );
    // with funds
    suite.fund(&a.alice, 5);
    assert_eq!(
        payment_err(suite.execute_vault(
            &a.alice,
            &ExecuteMsg::WithdrawRedemption { redemption_id: id },
            &coins(5, DENOM)
        )),
        cw_utils::PaymentError::NonPayable {}
    );
    assert_eq!(suite.balance(&a.alice), 700_005);
    suite.withdraw_redemption(&a.alice, id).unwrap();
    assert_eq!(suite.balance(&a.alice), 800_005);
    // twice
    assert_eq!(
        vault_err(suite.withdraw_redemption(&a.alice, id)),
        ContractError::RedemptionNotFound { id }
    );
    assert_books(&suite);
}

#[test]
fn withdrawals_below_the_pool_minimum_capital_wait() {
    let (mut suite, a) = funded();
    // 1_900_000 of cover needs 950_000 of capital
    suite
        .buy_cover(&a.buyer, DISCRETIONARY_PRODUCT, 1_900_000, 90 * DAY)
        .unwrap();
    let id = suite.redeem(&a.alice, Tranche::Junior, 100_000).unwrap();
    suite.advance_time(UNBONDING);
    let e = suite.withdraw_redemption(&a.alice, id).unwrap_err();
    assert_eq!(
        e.downcast::<risk_pool::ContractError>().unwrap(),
        risk_pool::ContractError::BelowMinimumCapital {
            capital_after: u(900_000),
            minimum_capital: u(950_000),
        }
    );
    // the redemption and its unbonding are untouched; once the cover and its
    // grace period are over it goes through
    assert!(suite
        .redemption(&a.alice, id)
        .unwrap()
        .unbonding_id
        .is_some());
    suite.advance_time(130 * DAY);
    suite.withdraw_redemption(&a.alice, id).unwrap();
    assert_eq!(suite.balance(&a.alice), 800_000);
    assert_books(&suite);
}

#[test]
fn governance_sets_parameters_and_nobody_else() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    let params = VaultParams {
        senior_target_rate: Decimal::percent(3),
        min_subordination: Decimal::percent(25),
    };
    let update = GovernanceMsg::UpdateParams {
        params: params.clone(),
    };
    // unauthorised
    for who in [&a.alice, &a.bob] {
        assert_eq!(
            vault_err(suite.execute_vault(who, &ExecuteMsg::Governance(update.clone()), &[])),
            ContractError::Unauthorized(Unauthorized {
                sender: who.clone(),
                role: Authority::Governance
            })
        );
    }
    let takeover = GovernanceMsg::UpdateConfig {
        governance: Some(a.alice.to_string()),
    };
    assert_eq!(
        vault_err(suite.execute_vault(&a.alice, &ExecuteMsg::Governance(takeover), &[])),
        ContractError::Unauthorized(Unauthorized {
            sender: a.alice.clone(),
            role: Authority::Governance
        })
    );
    assert_eq!(suite.vault_config().params, VaultParams::default());
    // invalid values
    for (bad, reason) in [
        (
            VaultParams {
                senior_target_rate: Decimal::percent(101),
                min_subordination: Decimal::percent(20),
            },
            ParamError::SeniorTargetRate,
        ),
        (
            VaultParams {
                senior_target_rate: Decimal::percent(5),
                min_subordination: Decimal::one(),
            },
            ParamError::MinSubordination,
        ),
    ] {
        assert_eq!(
            vault_err(suite.vault_governance(GovernanceMsg::UpdateParams { params: bad })),
            ContractError::InvalidParams { reason }
        );
    }
    // the governance address, and a proposal through sudo
    suite.vault_governance(update).unwrap();
    assert_eq!(suite.vault_config().params, params);
    assert_eq!(suite.subordination().minimum, Decimal::percent(25));
    assert_eq!(
        suite.tranche(Tranche::Senior).target_rate,
        Some(Decimal::percent(3))
    );
    suite
        .sudo_vault(GovernanceMsg::UpdateConfig {
            governance: Some(a.carol.to_string()),
        })
        .unwrap();
    assert_eq!(suite.vault_config().governance, a.carol);
    suite
        .execute_vault(
            &a.carol,
            &ExecuteMsg::Governance(GovernanceMsg::UpdateParams {
                params: VaultParams::default(),
            }),
            &[],
        )
        .unwrap();
    assert_eq!(suite.vault_config().params, VaultParams::default());
    // the vault's cw2 version and migrate entry point
    let code = suite
        .app
        .wrap()
        .query_wasm_contract_info(&vault)
        .unwrap()
        .code_id;
    let gov = suite.governance.clone();
    suite
        .app
        .migrate_contract(
            gov,
            vault,
            &insurance_common::tranche_vault::MigrateMsg {},
            code,
        )
        .unwrap();
}

#[test]
fn harvest_settles_at_any_time_and_ignores_stray_funds() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    // nothing to claim: it settles all the same
    suite.harvest(&a.carol).unwrap();
    assert_eq!(suite.vault_state().total_value, u(1_000_000));
    suite.fund(&a.carol, 5);
    assert_eq!(
        payment_err(suite.execute_vault(&a.carol, &ExecuteMsg::Harvest {}, &coins(5, DENOM))),
        cw_utils::PaymentError::NonPayable {}
    );
    // tokens sent to the vault outside its flows are not vault value
    suite.fund(&vault, 1_000);
    suite.harvest(&a.carol).unwrap();
    let state = suite.vault_state();
    assert_eq!(state.total_value, u(1_000_000));
    assert_eq!(state.idle, u(0));
    assert_eq!(suite.balance(&vault), 1_000);
    assert_eq!(suite.staker(&vault).value, u(1_000_000));
    // nor are tranche tokens transferred to it: they stop counting as supply,
    // and their value stays with the remaining holders
    suite
        .transfer_tranche_tokens(&a.alice, &vault, Tranche::Junior, 100_000)
        .unwrap();
    let junior = suite.tranche(Tranche::Junior);
    assert_eq!((junior.supply, junior.value), (u(200_000), u(300_000)));
    assert_eq!(junior.price, Decimal::from_ratio(3u128, 2u128));
}

#[test]
fn a_depositor_before_income_shares_only_what_comes_after() {
    let (mut suite, a) = funded();
    let vault = suite.vault();
    // 1 % target: the income is above it, so junior earns too
    suite
        .vault_governance(GovernanceMsg::UpdateParams {
            params: VaultParams {
                senior_target_rate: Decimal::percent(1),
                min_subordination: Decimal::percent(20),
            },
        })
        .unwrap();
    suite
        .buy_cover(&a.buyer, DISCRETIONARY_PRODUCT, 1_000_000, 365 * DAY)
        .unwrap();
    suite.advance_time(100 * DAY);
    let junior_value = suite.tranche(Tranche::Junior).value;
    let income = suite.staker(&vault).pending_rewards;
    assert!(junior_value > u(300_000));
    // Carol's deposit settles the income first and is priced after it
    suite.deposit_junior(&a.carol, 100_000).unwrap();
    let tokens = suite.tranche_balance(Tranche::Junior, &a.carol);
    assert_eq!(
        tokens,
        100_000u128 * 300_000 / junior_value.u128(),
        "junior price {junior_value}/300_000"
    );
    // the income was claimed and restaked along with the deposit
    assert_eq!(suite.staker(&vault).pending_rewards, Uint128::zero());
    assert_eq!(suite.staker(&vault).value, u(1_000_000 + 100_000) + income);
    let junior = suite.tranche(Tranche::Junior);
    assert!(junior.value >= junior_value + u(99_999));
    assert_books(&suite);
}
