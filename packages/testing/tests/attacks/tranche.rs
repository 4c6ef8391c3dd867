//! Attacks on the tranche vault: rounding, first-depositor inflation.

use cosmwasm_std::Uint128;
use cw_multi_test::Executor;
use insurance_common::risk_pool::{GovernanceMsg as PoolGovernanceMsg, DAY};
use insurance_common::tranche_vault::{Tranche, LOCKED_TOKENS};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::SuiteBuilder;

/// While the senior tranche is impaired, its entitlement per token is above
/// one and its value below the entitlement. An attacker redeems one senior
/// small batch (14 tokens, where the two roundings part) at a time, hoping each redemption is booked one unit above what the
/// vault pays the claim later (the difference taken from the other senior
/// holders). Each redemption is worth exactly what it is owed; the victim's
/// value per token never falls, and the attacker is paid no more than the
/// value of the tokens redeemed.
#[test]
fn senior_rounding_while_impaired_gives_the_redeemer_nothing() {
    let mut s = SuiteBuilder::new()
        .with_funds("junior", 300_000)
        .with_funds("attacker", 350_000)
        .with_funds("victim", 350_000)
        .with_funds("buyer", 10_000_000)
        .build();
    s.deploy_tranche_vault();
    let (junior, attacker, victim, buyer) = (
        s.addr("junior"),
        s.addr("attacker"),
        s.addr("victim"),
        s.addr("buyer"),
    );
    s.deposit_junior(&junior, 300_000).unwrap();
    s.deposit_senior(&attacker, 350_000).unwrap();
    s.deposit_senior(&victim, 350_000).unwrap();
    // a year of income: the senior entitlement grows above its supply
    s.buy_cover(&buyer, DISCRETIONARY_PRODUCT, 1_000_000, 365 * DAY)
        .unwrap();
    s.advance_time(365 * DAY);
    s.harvest(&buyer).unwrap();
    // a loss wipes junior out and impairs senior
    let cover = s
        .buy_cover(&buyer, DISCRETIONARY_PRODUCT, 900_000, 30 * DAY)
        .unwrap();
    let capital = s.pool_state().total_assets.u128();
    s.payout(cover, &buyer, capital * 45 / 100).unwrap();
    s.sudo_pool(PoolGovernanceMsg::ResumeCover {}).unwrap();
    let state = s.vault_state();
    assert_eq!(state.junior.value.u128(), 0);
    assert!(state.senior.value < state.senior_entitlement);

    let per_token = |s: &insurance_testing::Suite| {
        let t = s.tranche(Tranche::Senior);
        t.value.u128() as f64 / t.supply.u128() as f64
    };
    let victim_before = per_token(&s);
    let senior_before = s.tranche(Tranche::Senior).value.u128();
    let mut redeemed_value = 0;
    let mut ids = vec![];
    for _ in 0..20 {
        let id = s.redeem(&attacker, Tranche::Senior, 14).unwrap();
        let r = s.redemption(&attacker, id).unwrap();
        // worth exactly what the vault owes it, never a unit more
        assert!(r.requested_value <= r.value, "{r:?}");
        redeemed_value += r.requested_value.u128();
        ids.push(id);
    }
    // no value appears: the senior tranche's earning and pending sides add up
    // to what it had (the rounding dust sits on the pending side until the
    // redemptions are withdrawn)
    let t = s.tranche(Tranche::Senior);
    assert_eq!((t.value + t.pending_value).u128(), senior_before);
    // never more than the tokens' share of the senior value
    assert!(redeemed_value as f64 <= 280.0 * victim_before);

    // the unbondings mature and the covers expire (minimum capital)
    s.advance_time(70 * DAY);
    let before = s.balance(&attacker);
    for id in ids {
        s.withdraw_redemption(&attacker, id).unwrap();
    }
    let paid = s.balance(&attacker) - before;
    assert!(paid <= redeemed_value, "paid {paid} for {redeemed_value}");
    // the victim's tokens are worth at least what they were
    assert!(per_token(&s) >= victim_before);
    assert!(s.tranche(Tranche::Senior).pending_value.is_zero());
}

/// How the first depositor shrinks the outstanding supply.
#[derive(Clone, Copy, Debug)]
enum Shrink {
    /// cw20 `Burn`: the tokens are gone.
    Burn,
    /// cw20 `Transfer` to the vault: tokens the vault holds are not outstanding.
    HandToVault,
}

/// The first depositor of an empty tranche burns all but one of its tokens
/// (or hands them to the vault), hoping to be the only holder of one token
/// worth its whole deposit, so that a later deposit mints one token too and
/// half of it changes hands. The first deposit locked tokens in the token
/// contract for good: the outstanding supply stays large, the victim's
/// tokens are worth what it paid (less a unit of rounding) and the attacker
/// only gave its value away.
#[test]
fn first_tranche_depositor_shrinking_the_supply_takes_nothing() {
    for shrink in [Shrink::Burn, Shrink::HandToVault] {
        let mut s = SuiteBuilder::new()
            .with_funds("attacker", 10_000)
            .with_funds("victim", 19_999)
            .build();
        s.deploy_tranche_vault();
        let (attacker, victim) = (s.addr("attacker"), s.addr("victim"));
        let vault = s.vault();
        s.deposit_junior(&attacker, 10_000).unwrap();
        let minted = s.tranche_balance(Tranche::Junior, &attacker);
        assert_eq!(
            minted,
            10_000 - LOCKED_TOKENS.u128(),
            "the first deposit locks its tokens"
        );
        let shrunk = match shrink {
            Shrink::Burn => {
                let token = s.tranche_token(Tranche::Junior);
                s.app.execute_contract(
                    attacker.clone(),
                    token,
                    &cw20::Cw20ExecuteMsg::Burn {
                        amount: Uint128::new(minted - 1),
                    },
                    &[],
                )
            }
            Shrink::HandToVault => {
                s.transfer_tranche_tokens(&attacker, &vault, Tranche::Junior, minted - 1)
            }
        };
        shrunk.unwrap();
        assert_eq!(
            s.tranche(Tranche::Junior).supply.u128(),
            LOCKED_TOKENS.u128() + 1,
            "{shrink:?}"
        );

        s.deposit_junior(&victim, 19_999).unwrap();
        let t = s.tranche(Tranche::Junior);
        let worth = |tokens: u128| tokens * t.value.u128() / t.supply.u128();
        let victim_tokens = s.tranche_balance(Tranche::Junior, &victim);
        // the victim keeps its deposit but for the rounding of one of 1,001 tokens
        assert!(
            worth(victim_tokens) + 10 >= 19_999,
            "{shrink:?}: victim worth {}",
            worth(victim_tokens)
        );
        // the attacker's one token is worth about a 1,001th of its own deposit
        assert!(
            worth(s.tranche_balance(Tranche::Junior, &attacker)) <= 20,
            "{shrink:?}"
        );
        assert_eq!(s.balance(&attacker), 0, "{shrink:?}");
    }
}
