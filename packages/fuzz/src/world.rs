//! One fuzz world: all five contracts deployed together on the testing kit's
//! two chains (pool, cover NFT, claims court, tranche vault and the cedent's
//! bridge on chain A; the reinsurer's bridge on chain B; a mock oracle), the
//! actors that drive them, and what the driver remembers between steps
//! (only ids it needs to pick targets; every figure is read from the chains).

use std::collections::BTreeSet;

use cosmwasm_std::{Addr, Decimal, DepsMut, Env, MessageInfo, Response, Timestamp, Uint128};
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use insurance_common::reinsurance_bridge::{LossId, TreatyKind, TreatyTerms};
use insurance_common::risk_pool::{self as pool, LossEvent, DAY};
use insurance_common::tranche_vault::Tranche;
use insurance_testing::court::ASSESSOR_DENOM;
use insurance_testing::reinsurance::{
    ReinsuranceBuilder, ReinsuranceWorld, CAPITAL_PROVIDER, TREATY_ID,
};
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{SuiteBuilder, DENOM};

/// One collateral token (6 decimals).
pub const UNIT: u128 = 1_000_000;
pub const STAKERS: usize = 4;
pub const BUYERS: usize = 4;
pub const ASSESSORS: usize = 4;
pub const HOLDERS: usize = 3;
/// What each staker, vault holder and buyer starts with.
pub const STAKER_FUNDS: u128 = 5_000_000 * UNIT;
pub const HOLDER_FUNDS: u128 = 3_000_000 * UNIT;
pub const BUYER_FUNDS: u128 = 100_000_000 * UNIT;
/// Reporters post incident bonds.
pub const REPORTER_FUNDS: u128 = 100_000 * UNIT;
pub const ASSESSOR_FUNDS: u128 = 10_000_000 * UNIT;
/// Reinsurance capital sent to chain B at genesis.
pub const REINSURER_CAPITAL: u128 = 2_000_000 * UNIT;
/// The parametric product's oracle asset and trigger.
pub const ASSET: &str = "USDX";
pub const TRIGGER_THRESHOLD: u64 = 95;
pub const TRIGGER_RATIO: u64 = 50;

/// A cover the driver sold (its owner is read from the NFT when needed).
#[derive(Clone, Debug)]
pub struct TrackedCover {
    pub id: u64,
    pub product: u32,
    pub end: Timestamp,
    /// Payouts seen so far: the pool numbers a cover's losses 1, 2, ...
    pub payouts: u32,
}

/// A pool withdrawal seen in a step's events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    pub shares: Uint128,
    pub amount: Uint128,
}

/// What one operation touched, for the invariants that look at it.
#[derive(Clone, Debug, Default)]
pub struct StepEffects {
    /// The pool paid a claim (the only thing allowed to lower its share price).
    pub pool_paid: bool,
    pub covers: Vec<u64>,
    pub claims: Vec<u64>,
    /// Every `Payout` the pool executed: the cover and the loss event it named.
    pub payouts: Vec<(u64, LossEvent)>,
    /// Every pool `Withdraw` that went through, in order.
    pub withdrawals: Vec<Withdrawal>,
    /// In-flight ids of the packets governance settled.
    pub settled_packets: Vec<u64>,
    /// A packet's `ibc_packet_receive` failed (the relay wrote an error ack for it).
    pub receive_errors: Vec<String>,
}

/// The bridge channel the treaty's packets travel on (its own, or the one
/// governance routed it to after a close), on A and on B.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub a: String,
    pub b: String,
    /// The reinsurer's governance has not routed the treaty to `b` yet.
    pub b_pending: bool,
}

pub struct World {
    pub w: ReinsuranceWorld,
    pub vault: Addr,
    pub senior_token: Addr,
    pub junior_token: Addr,
    pub oracle: Addr,
    pub stakers: Vec<Addr>,
    pub buyers: Vec<Addr>,
    pub assessors: Vec<Addr>,
    pub holders: Vec<Addr>,
    pub keeper: Addr,
    pub reporter: Addr,
    pub disputer: Addr,
    pub outsider: Addr,
    pub oracle_feeder: Addr,
    pub keeper_b: Addr,
    /// Receives the reinsurer's capital governance withdraws on chain B.
    pub capital_owner_b: Addr,
    pub minted_collateral: u128,
    pub minted_assessor: u128,
    // --- what the driver remembers ---
    pub covers: Vec<TrackedCover>,
    pub claims: Vec<u64>,
    pub incidents: Vec<u64>,
    pub unbondings: Vec<(Addr, u64)>,
    pub redemptions: Vec<(Addr, u64)>,
    /// Losses on covers of ceded products, followed until paid or refused.
    pub losses: Vec<LossId>,
    /// Sum of the recoveries of losses seen paid and no longer followed.
    pub settled_recoveries: u128,
    pub relaying: bool,
    pub paused: [bool; 2],
    /// The pool has the cedent's bridge as its companion.
    pub bridge_attached: bool,
    /// The parametric product has terms (governance can clear them).
    pub terms_set: bool,
    pub route: Route,
    /// Stray ICS-20 funds that reached the cedent's bridge with no flow to
    /// settle, not swept yet: its bank balance holds them beyond its books.
    pub stray_a: u128,
    /// (cover, loss event) of every payout so far.
    pub paid_events: BTreeSet<(u64, LossEvent)>,
    pub treaty_end: Timestamp,
    /// Pool (assets, shares) after the previous step.
    /// The pool's assets, shares and reinsurance receivable after the last step.
    pub last_pool: (Uint128, Uint128, Uint128),
    /// Cedent's recoveries paid after the previous step.
    pub last_recoveries_paid: Uint128,
    pub step: StepEffects,
}

pub fn treaty_terms(now: Timestamp) -> TreatyTerms {
    TreatyTerms {
        id: TREATY_ID,
        kind: TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        },
        start: now,
        end: now.plus_seconds(365 * DAY),
        capacity: Uint128::new(50_000_000 * UNIT),
        cedent_denom: DENOM.to_string(),
        products: vec![DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT],
    }
}

impl World {
    /// Deploys everything and funds the actors; stakers, both tranches and
    /// the assessors start with some capital so the first steps can sell cover.
    pub fn new() -> World {
        let names = |prefix: &str, n: usize| -> Vec<String> {
            (0..n).map(|i| format!("{prefix}{i}")).collect()
        };
        let mut suite = SuiteBuilder::new();
        let mut minted = 0u128;
        for name in names("staker", STAKERS) {
            suite = suite.with_funds(&name, STAKER_FUNDS);
            minted += STAKER_FUNDS;
        }
        for name in names("buyer", BUYERS) {
            suite = suite.with_funds(&name, BUYER_FUNDS);
            minted += BUYER_FUNDS;
        }
        for name in names("holder", HOLDERS) {
            suite = suite.with_funds(&name, HOLDER_FUNDS);
            minted += HOLDER_FUNDS;
        }
        for name in ["reporter", "disputer"] {
            suite = suite.with_funds(name, REPORTER_FUNDS);
            minted += REPORTER_FUNDS;
        }
        // the builder mints the reinsurer's capital to its provider
        minted += REINSURER_CAPITAL;
        let genesis = cw_multi_test::App::default().block_info().time;
        let mut w = ReinsuranceBuilder::new(suite)
            .with_terms(treaty_terms(genesis))
            .with_capital(REINSURER_CAPITAL)
            .build();
        let vault = w.cedent.deploy_tranche_vault();
        let senior_token = w.cedent.tranche_token(Tranche::Senior);
        let junior_token = w.cedent.tranche_token(Tranche::Junior);
        let oracle = w.cedent.deploy_mock_oracle(&[(ASSET, Decimal::one())]);
        w.cedent
            .set_price_trigger(
                PARAMETRIC_PRODUCT,
                &oracle,
                ASSET,
                Decimal::percent(TRIGGER_THRESHOLD),
                Decimal::percent(TRIGGER_RATIO),
            )
            .expect("governance sets the depeg trigger");

        let addrs = |w: &ReinsuranceWorld, prefix: &str, n: usize| -> Vec<Addr> {
            names(prefix, n).iter().map(|n| w.cedent.addr(n)).collect()
        };
        let stakers = addrs(&w, "staker", STAKERS);
        let buyers = addrs(&w, "buyer", BUYERS);
        let assessors = addrs(&w, "assessor", ASSESSORS);
        let holders = addrs(&w, "holder", HOLDERS);
        let mut minted_assessor = 0;
        for a in &assessors {
            w.cedent.fund_assessor(a, ASSESSOR_FUNDS);
            minted_assessor += ASSESSOR_FUNDS;
            w.cedent
                .bond(a, ASSESSOR_FUNDS / 10)
                .expect("an assessor bonds");
        }
        for s in &stakers {
            w.cedent
                .deposit(s, STAKER_FUNDS / 5)
                .expect("a staker deposits");
        }
        w.cedent
            .deposit_junior(&holders[0], HOLDER_FUNDS / 10)
            .expect("junior deposit");
        w.cedent
            .deposit_senior(&holders[1], HOLDER_FUNDS / 5)
            .expect("senior deposit");
        observe_payouts(&mut w);
        let keeper_b = w.reinsurer.api().addr_make("keeper");
        let capital_owner_b = w.reinsurer.api().addr_make("capital_owner");
        let pool = w.cedent.pool_state();
        let now = w.cedent.now();
        World {
            vault,
            senior_token,
            junior_token,
            oracle,
            stakers,
            buyers,
            assessors,
            holders,
            keeper: w.cedent.addr("keeper"),
            reporter: w.cedent.addr("reporter"),
            disputer: w.cedent.addr("disputer"),
            outsider: w.cedent.addr("outsider"),
            oracle_feeder: w.cedent.addr("oracle_feeder"),
            keeper_b,
            capital_owner_b,
            minted_collateral: minted,
            minted_assessor,
            covers: vec![],
            claims: vec![],
            incidents: vec![],
            unbondings: vec![],
            redemptions: vec![],
            losses: vec![],
            settled_recoveries: 0,
            relaying: true,
            paused: [false; 2],
            bridge_attached: true,
            terms_set: true,
            route: Route {
                a: w.channel_a.clone(),
                b: w.channel_b.clone(),
                b_pending: false,
            },
            stray_a: 0,
            paid_events: BTreeSet::new(),
            treaty_end: now.plus_seconds(365 * DAY),
            last_pool: (
                pool.total_assets,
                pool.total_shares,
                pool.reinsurance_receivable,
            ),
            last_recoveries_paid: Uint128::zero(),
            step: StepEffects::default(),
            w,
        }
    }

    pub fn now(&self) -> Timestamp {
        self.w.cedent.now()
    }

    /// Every account on chain A that can hold the collateral or the assessor denom.
    pub fn accounts_a(&self) -> Vec<Addr> {
        let s = &self.w.cedent;
        let mut all = vec![
            s.pool.clone(),
            s.cover_nft.clone(),
            s.claims_court.clone(),
            s.treasury.clone(),
            s.governance.clone(),
            self.vault.clone(),
            self.senior_token.clone(),
            self.junior_token.clone(),
            self.oracle.clone(),
            self.w.bridge_a.clone(),
            self.w.host_a.addr.clone(),
            s.addr(CAPITAL_PROVIDER),
            self.keeper.clone(),
            self.reporter.clone(),
            self.disputer.clone(),
            self.outsider.clone(),
            self.oracle_feeder.clone(),
        ];
        for group in [&self.stakers, &self.buyers, &self.assessors, &self.holders] {
            all.extend(group.iter().cloned());
        }
        all
    }

    /// Every account on chain B that can hold the collateral's voucher.
    pub fn accounts_b(&self) -> Vec<Addr> {
        vec![
            self.w.bridge_b.clone(),
            self.w.host_b.addr.clone(),
            self.w.governance_b.clone(),
            self.keeper_b.clone(),
            self.capital_owner_b.clone(),
        ]
    }

    pub fn collateral_of(&self, addr: &Addr) -> u128 {
        self.w.cedent.balance(addr)
    }

    pub fn assessor_denom_of(&self, addr: &Addr) -> u128 {
        self.w.cedent.balance_of(addr, ASSESSOR_DENOM)
    }

    /// Books what a successful response did: payouts on covers (and the
    /// losses the bridge will try to recover), claims and incidents recorded.
    pub fn absorb(&mut self, res: &AppResponse) {
        let pool = self.w.cedent.pool.to_string();
        let court = self.w.cedent.claims_court.to_string();
        for e in res.events.iter().filter(|e| e.ty == "wasm") {
            let get = |k: &str| {
                e.attributes
                    .iter()
                    .find(|a| a.key == k)
                    .map(|a| a.value.clone())
            };
            let Some(contract) = get("_contract_address") else {
                continue;
            };
            let action = get("action").unwrap_or_default();
            if contract == pool && action == "withdraw" {
                let num = |k: &str| get(k).and_then(|v| v.parse::<u128>().ok());
                if let (Some(shares), Some(amount)) = (num("shares"), num("amount")) {
                    self.step.withdrawals.push(Withdrawal {
                        shares: Uint128::new(shares),
                        amount: Uint128::new(amount),
                    });
                }
            }
            if contract == pool && action == "payout" {
                self.step.pool_paid = true;
                let cover = get("cover_id").and_then(|v| v.parse::<u64>().ok());
                let event = get(LOSS_EVENT_ATTRIBUTE).and_then(|v| parse_loss_event(&v));
                if let (Some(cover), Some(event)) = (cover, event) {
                    self.step.payouts.push((cover, event));
                }
                if let Some(id) = get("cover_id").and_then(|v| v.parse::<u64>().ok()) {
                    self.step.covers.push(id);
                    if let Some(c) = self.covers.iter_mut().find(|c| c.id == id) {
                        c.payouts += 1;
                        self.losses.push(LossId {
                            cover_id: id,
                            sequence: c.payouts,
                        });
                    } else if let Some(loss) = self.newest_loss(id) {
                        // a cover the driver forgot (a late claim): ask the bridge
                        self.losses.push(loss);
                    }
                }
            }
            if contract == court {
                if let Some(id) = get("claim_id").and_then(|v| v.parse::<u64>().ok()) {
                    self.step.claims.push(id);
                    if action == "file_claim" {
                        self.claims.push(id);
                    }
                }
                if matches!(action.as_str(), "check_trigger" | "report_incident") {
                    if let Some(id) = get("incident_id").and_then(|v| v.parse::<u64>().ok()) {
                        self.incidents.push(id);
                    }
                }
            }
        }
    }
}

impl World {
    /// The bridge's newest loss record on a cover, if it was ceded.
    fn newest_loss(&self, cover_id: u64) -> Option<LossId> {
        let mut found = None;
        for sequence in 1..=u32::MAX {
            let loss = LossId { cover_id, sequence };
            let exists = self
                .w
                .cedent
                .app
                .wrap()
                .query_wasm_smart::<insurance_common::reinsurance_bridge::LossResponse>(
                    &self.w.bridge_a,
                    &insurance_common::reinsurance_bridge::QueryMsg::Loss { loss },
                )
                .is_ok();
            if !exists {
                return found;
            }
            found = Some(loss);
        }
        found
    }
}

/// Attribute the observing wrapper adds to every `Payout` response.
pub const LOSS_EVENT_ATTRIBUTE: &str = "fuzz_loss_event";

fn loss_event_name(e: &LossEvent) -> String {
    match e {
        LossEvent::Incident { incident_id } => format!("incident/{incident_id}"),
        LossEvent::Claim { claim_id } => format!("claim/{claim_id}"),
    }
}

fn parse_loss_event(v: &str) -> Option<LossEvent> {
    let (kind, id) = v.split_once('/')?;
    let id = id.parse().ok()?;
    match kind {
        "incident" => Some(LossEvent::Incident { incident_id: id }),
        "claim" => Some(LossEvent::Claim { claim_id: id }),
        _ => None,
    }
}

/// The pool's own `execute`, which also names in its response the loss
/// event of every `Payout` it executes, as the message carried it.
fn observed_execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: pool::ExecuteMsg,
) -> Result<Response, risk_pool::ContractError> {
    let event = match &msg {
        pool::ExecuteMsg::Court(pool::CourtMsg::Payout { event, .. }) => {
            Some(loss_event_name(event))
        }
        _ => None,
    };
    let res = risk_pool::contract::execute(deps, env, info, msg)?;
    Ok(match event {
        Some(e) => res.add_attribute(LOSS_EVENT_ATTRIBUTE, e),
        None => res,
    })
}

/// Governance migrates the pool to the same code behind [`observed_execute`]
/// (same state, same version, same behaviour), so the campaign sees the
/// event of every payout whoever sends it.
fn observe_payouts(w: &mut ReinsuranceWorld) {
    let code = w.cedent.app.store_code(Box::new(
        ContractWrapper::new(
            observed_execute,
            risk_pool::contract::instantiate,
            risk_pool::contract::query,
        )
        .with_sudo(risk_pool::contract::sudo)
        .with_migrate(risk_pool::contract::migrate),
    ));
    let (gov, pool) = (w.cedent.governance.clone(), w.cedent.pool.clone());
    w.cedent
        .app
        .migrate_contract(gov, pool, &pool::MigrateMsg {}, code)
        .expect("governance migrates the pool to the observed code");
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}
