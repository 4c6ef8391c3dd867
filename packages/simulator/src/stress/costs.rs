//! What the stress driver's building blocks cost on this machine: a
//! cw-multi-test query and execute of the real contracts on the stress
//! paths' chain (`FastApi`, 20-byte addresses), address validation by
//! `MockApi` (bech32) and by `FastApi`, a JSON round trip, a block advance
//! and an idle relay. The figures say where a period's time can go.

use std::hint::black_box;
use std::time::Instant;

use anyhow::{Context, Result};
use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{coins, from_json, to_json_binary, Api, Uint128};
use cw_multi_test::Executor;
use insurance_common::reinsurance_bridge as bridge;
use insurance_common::risk_pool::{ExecuteMsg, PoolStateResponse, DAY};
use insurance_testing::reinsurance::{ReinsuranceBuilder, TREATY_ID};
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::{SuiteBuilder, DENOM};

use super::run::thread_cpu;

/// One measured operation: microseconds per call.
#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    pub what: &'static str,
    pub micros: f64,
}

/// Microseconds of this thread's CPU time per call (wall time where the
/// CPU time is unknown): other work on the machine does not inflate it.
fn time(rounds: u32, mut f: impl FnMut(u32) -> Result<()>) -> Result<f64> {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    for i in 0..rounds {
        f(i)?;
    }
    let spent = match (cpu, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall.elapsed(),
    };
    Ok(spent.as_secs_f64() * 1e6 / f64::from(rounds))
}

/// Measures each operation `rounds` times on a freshly deployed world.
pub fn measure(rounds: u32) -> Result<Vec<Cost>> {
    let capital = 10_000_000_000_000u128;
    let cedent = SuiteBuilder::new()
        .with_funds("staker", capital)
        .with_funds("buyer", capital)
        .with_funds("other", 1_000)
        .with_app(super::engine::chain());
    let mut w = ReinsuranceBuilder::new(cedent).build();
    // A treaty with room for every cession below, so that each is accepted
    // and its premium travels over ICS-20 (a refused one costs less).
    for side_a in [true, false] {
        let msg = bridge::GovernanceMsg::AmendTreaty {
            channel_id: if side_a {
                w.channel_a.clone()
            } else {
                w.channel_b.clone()
            },
            treaty_id: TREATY_ID,
            capacity: Some(Uint128::new(capital)),
            end: None,
            transfer_channel: None,
        };
        if side_a {
            w.governance_a(msg)
        } else {
            w.governance_b(msg)
        }
        .context("governance widens the treaty")?;
    }
    w.cedent.deploy_tranche_vault();
    let staker = w.cedent.addr("staker");
    let buyer = w.cedent.addr("buyer");
    let keeper = w.cedent.addr("keeper");
    w.cedent
        .deposit(&staker, capital)
        .context("the staker deposits")?;
    let mut out = vec![];
    let mut push = |what, micros| out.push(Cost { what, micros });

    let mock = MockApi::default();
    let text = mock.addr_make("buyer").to_string();
    push(
        "MockApi addr_validate (bech32 decode + encode)",
        time(rounds, |_| {
            black_box(mock.addr_validate(black_box(&text))?);
            Ok(())
        })?,
    );
    push(
        "MockApi addr_make (sha256 + bech32 encode)",
        time(rounds, |i| {
            black_box(mock.addr_make(&format!("user{i}")));
            Ok(())
        })?,
    );
    let api = w.cedent.app.api();
    let text = buyer.to_string();
    push(
        "FastApi addr_validate (remembered)",
        time(rounds, |_| {
            black_box(api.addr_validate(black_box(&text))?);
            Ok(())
        })?,
    );
    let state = w.cedent.pool_state();
    push(
        "JSON round trip of the pool's state (serde-json-wasm)",
        time(rounds, |_| {
            let bytes = to_json_binary(black_box(&state))?;
            black_box(from_json::<PoolStateResponse>(&bytes)?);
            Ok(())
        })?,
    );
    push(
        "smart query: the pool's state",
        time(rounds, |_| {
            black_box(w.cedent.pool_state());
            Ok(())
        })?,
    );
    push(
        "smart query: the vault's state (queries the pool in turn)",
        time(rounds, |_| {
            black_box(w.cedent.vault_state());
            Ok(())
        })?,
    );
    push(
        "smart query: a quote (queries the bridge for the cession)",
        time(rounds, |_| {
            black_box(
                w.cedent
                    .quote(DISCRETIONARY_PRODUCT, 1_000_000_000, 90 * DAY)?,
            );
            Ok(())
        })?,
    );
    push(
        "bank query: a balance",
        time(rounds, |_| {
            black_box(w.cedent.balance(&buyer));
            Ok(())
        })?,
    );
    push(
        "execute: the keeper's sync of a product (one contract)",
        time(rounds, |_| {
            w.cedent.execute_pool(
                &keeper,
                &ExecuteMsg::Sync {
                    product_id: Some(DISCRETIONARY_PRODUCT),
                },
                &[],
            )?;
            Ok(())
        })?,
    );
    let other = w.cedent.addr("other");
    push(
        "execute: a bank transfer",
        time(rounds, |_| {
            w.cedent
                .app
                .send_tokens(other.clone(), buyer.clone(), &coins(1, DENOM))?;
            w.cedent
                .app
                .send_tokens(buyer.clone(), other.clone(), &coins(1, DENOM))?;
            Ok(())
        })
        .map(|t| t / 2.0)?,
    );
    push(
        "block advance (both chains)",
        time(rounds, |_| {
            w.advance_time(1);
            Ok(())
        })?,
    );
    push(
        "idle relay (nothing pending)",
        time(rounds, |_| {
            black_box(w.relay_all());
            Ok(())
        })?,
    );
    let purchases = rounds.min(500);
    push(
        "execute: buy ceded cover (pool, NFT mint, bridge, IBC send)",
        time(purchases, |_| {
            let premium = w
                .cedent
                .quote(DISCRETIONARY_PRODUCT, 1_000_000_000, 90 * DAY)?
                .premium;
            w.cedent.execute_pool(
                &buyer,
                &ExecuteMsg::BuyCover {
                    product_id: DISCRETIONARY_PRODUCT,
                    amount: Uint128::new(1_000_000_000),
                    duration: 90 * DAY,
                    max_premium: premium,
                },
                &coins(premium.u128(), DENOM),
            )?;
            Ok(())
        })?,
    );
    // The purchases' cessions waited: relaying a backlog costs per cession
    // what one costs alone (the relayer reads each pending packet once).
    push(
        "relay of the purchases' cessions at once, per cession",
        time(1, |_| {
            let relayed = w.relay_all();
            anyhow::ensure!(
                relayed.iter().all(|r| r.is_success()),
                "a cession or its premium was refused"
            );
            Ok(())
        })
        .map(|t| t / f64::from(purchases))?,
    );
    push(
        "a quote, a purchase and its cession relayed (packet, ack, ICS-20 premium, callbacks)",
        time(purchases.min(200), |_| {
            let premium = w
                .cedent
                .quote(DISCRETIONARY_PRODUCT, 1_000_000, 90 * DAY)?
                .premium;
            w.cedent.execute_pool(
                &buyer,
                &ExecuteMsg::BuyCover {
                    product_id: DISCRETIONARY_PRODUCT,
                    amount: Uint128::new(1_000_000),
                    duration: 90 * DAY,
                    max_premium: premium,
                },
                &coins(premium.u128(), DENOM),
            )?;
            let relayed = w.relay_all();
            anyhow::ensure!(
                relayed.iter().all(|r| r.is_success()),
                "a cession or its premium was refused"
            );
            Ok(())
        })?,
    );
    Ok(out)
}

pub fn render(costs: &[Cost], rounds: u32) -> String {
    let mut out = format!(
        "simulator costs: microseconds of CPU per operation on this machine ({rounds} rounds; purchases at most 500)\n\n"
    );
    let width = costs.iter().map(|c| c.what.len()).max().unwrap_or(0) + 2;
    for c in costs {
        out.push_str(&format!("  {:<width$}{:>10.1} us\n", c.what, c.micros));
    }
    out
}
