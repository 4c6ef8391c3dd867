//! What the tests assert, written once: the typed error behind a failed
//! call, and the books matching the bank.
//!
//! ```
//! use insurance_testing::assert::{assert_pool_conserved, pool_err};
//! use insurance_testing::SuiteBuilder;
//! use risk_pool::ContractError;
//!
//! let mut suite = SuiteBuilder::new().with_funds("staker", 1_000).build();
//! let staker = suite.addr("staker");
//! suite.deposit(&staker, 1_000).unwrap();
//! assert_eq!(
//!     pool_err(suite.request_unbond(&staker, 0u128.into())),
//!     ContractError::ZeroAmount {}
//! );
//! assert_pool_conserved(&suite);
//! ```

use std::fmt::{Debug, Display};

use cosmwasm_std::{Addr, StdAck};
use cw_utils::PaymentError;

use crate::reinsurance::ReinsuranceWorld;
use crate::Suite;

/// The contract error `E` behind a failed call (anyhow finds it through the
/// context layers cw-multi-test adds). Panics if the call succeeded or
/// failed with another error.
#[track_caller]
pub fn err<E>(res: anyhow::Result<impl Debug>) -> E
where
    E: Display + Debug + Send + Sync + 'static,
{
    let name = std::any::type_name::<E>();
    match res {
        Ok(ok) => panic!("expected a {name}, the call succeeded: {ok:?}"),
        Err(e) => e
            .downcast::<E>()
            .unwrap_or_else(|e| panic!("expected a {name}, got {e:?}")),
    }
}

#[track_caller]
pub fn pool_err(res: anyhow::Result<impl Debug>) -> risk_pool::ContractError {
    err(res)
}

#[track_caller]
pub fn court_err(res: anyhow::Result<impl Debug>) -> claims_court::ContractError {
    err(res)
}

#[track_caller]
pub fn vault_err(res: anyhow::Result<impl Debug>) -> tranche_vault::ContractError {
    err(res)
}

#[track_caller]
pub fn bridge_err(res: anyhow::Result<impl Debug>) -> reinsurance_bridge::ContractError {
    err(res)
}

#[track_caller]
pub fn nft_err(res: anyhow::Result<impl Debug>) -> cover_nft::ContractError {
    err(res)
}

/// The funds check that refused a call, whichever contract made it.
#[track_caller]
pub fn payment_err(res: anyhow::Result<impl Debug>) -> PaymentError {
    let e = match res {
        Ok(ok) => panic!("expected a payment error, the call succeeded: {ok:?}"),
        Err(e) => e,
    };
    let e = match e.downcast::<risk_pool::ContractError>() {
        Ok(risk_pool::ContractError::Payment(p)) => return p,
        Ok(other) => panic!("expected a payment error, got {other:?}"),
        Err(e) => e,
    };
    let e = match e.downcast::<claims_court::ContractError>() {
        Ok(claims_court::ContractError::Payment(p)) => return p,
        Ok(other) => panic!("expected a payment error, got {other:?}"),
        Err(e) => e,
    };
    let e = match e.downcast::<tranche_vault::ContractError>() {
        Ok(tranche_vault::ContractError::Payment(p)) => return p,
        Ok(other) => panic!("expected a payment error, got {other:?}"),
        Err(e) => e,
    };
    match e.downcast::<reinsurance_bridge::ContractError>() {
        Ok(reinsurance_bridge::ContractError::Payment(p)) => p,
        Ok(other) => panic!("expected a payment error, got {other:?}"),
        Err(e) => panic!("expected a payment error, got {e:?}"),
    }
}

/// An error acknowledgement is the refusing contract's error as text (the
/// wire format is a string): it must be exactly `expected`'s.
#[track_caller]
pub fn assert_ack_refused(ack: &StdAck, expected: impl Display) {
    match ack {
        StdAck::Error(text) => assert_eq!(text, &expected.to_string()),
        StdAck::Success(data) => panic!("expected the refusal {expected}, got a success {data}"),
    }
}

/// A refused query: the querier passes the contract's error on as text, so
/// it must read exactly as `expected` (the variant, rendered).
#[track_caller]
pub fn assert_query_refused<T: Debug, E: Into<anyhow::Error>>(
    res: Result<T, E>,
    expected: impl Display,
) {
    let e: anyhow::Error = match res {
        Ok(ok) => panic!("expected the refusal {expected}, the query answered {ok:?}"),
        Err(e) => e.into(),
    };
    match e.downcast_ref::<cosmwasm_std::StdError>() {
        Some(cosmwasm_std::StdError::GenericErr { msg, .. }) => {
            assert_eq!(msg, &format!("Querier contract error: {expected}"));
        }
        _ => panic!("expected the refusal {expected}, got {e:?}"),
    }
}

/// A refusal that reaches the test as text (a contract between, or the
/// chain's own modules, passed it on): its root cause must read exactly as
/// `expected`.
#[track_caller]
pub fn assert_refused_as(res: anyhow::Result<impl Debug>, expected: impl Display) {
    match res {
        Ok(ok) => panic!("expected the refusal {expected}, the call succeeded: {ok:?}"),
        Err(e) => assert_eq!(e.root_cause().to_string(), expected.to_string(), "{e:?}"),
    }
}

/// The pool's bank balance is its cash (capital less the reinsurance
/// receivable) plus the staker rewards it owes and the claims fund.
#[track_caller]
pub fn assert_pool_conserved(suite: &Suite) {
    let s = suite.pool_state();
    assert_eq!(
        suite.balance(&suite.pool),
        (s.total_assets - s.reinsurance_receivable + s.reward_reserve + s.claims_fund).u128(),
        "pool balance must equal its cash plus what it owes"
    );
}

/// The pool's and the court's books match their balances.
#[track_caller]
pub fn assert_books(suite: &Suite) {
    assert_pool_conserved(suite);
    suite.assert_court_conserved();
}

/// Across two chains: chain A's collateral is all held by the protocol's
/// contracts, the cedent's bridge, ICS-20's escrow and `holders_a`, and adds
/// up to `minted_a`; the vouchers on B (held by the reinsurer's bridge, the
/// transfer module, `holders_b`, or on their way) are backed by the escrow
/// one for one; the pool's balance is its books'.
#[track_caller]
pub fn assert_two_chains_conserved(
    w: &ReinsuranceWorld,
    holders_a: &[Addr],
    minted_a: u128,
    holders_b: &[Addr],
) {
    let s = &w.cedent;
    let contracts = [
        s.treasury.clone(),
        s.pool.clone(),
        s.claims_court.clone(),
        s.cover_nft.clone(),
        w.bridge_a.clone(),
        w.host_a.addr.clone(),
    ];
    let total: u128 = holders_a
        .iter()
        .chain(&contracts)
        .map(|a| w.balance_a(a))
        .sum();
    assert_eq!(total, minted_a, "chain A's collateral is all accounted for");
    // ICS-20: what left A sits in escrow.
    assert_eq!(w.balance_a(&w.host_a.addr), w.escrow_a());
    // Transfers on their way: A escrowed or B burned, the other side has not
    // minted or released yet.
    let in_transit: u128 = w
        .host_a
        .pending(&w.cedent.app)
        .into_iter()
        .chain(w.host_b.pending(&w.reinsurer))
        .filter_map(|p| p.transfer)
        .map(|t| t.coin.amount.u128())
        .sum();
    let on_b: u128 = [w.bridge_b.clone(), w.host_b.addr.clone()]
        .iter()
        .chain(holders_b)
        .map(|a| w.balance_b(a))
        .sum();
    assert_eq!(
        on_b + in_transit,
        w.escrow_a(),
        "vouchers on B, and tokens on their way, are backed by A's escrow"
    );
    assert_pool_conserved(s);
}
