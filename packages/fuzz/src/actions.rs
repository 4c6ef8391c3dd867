//! Every action of the campaign, each a small function: users (stakers,
//! buyers, claimants, assessors, vault holders), keepers, the oracle,
//! governance on both chains, the relayer, and the clock. An action draws
//! its actor and inputs from the world's generator, mostly valid, sometimes
//! not (a wrong sender, a stale id, too little attached), and reports what
//! happened; the contracts decide.

use anyhow::Result as AnyResult;
use cosmwasm_std::{coins, to_json_binary, Addr, Coin, Decimal, Timestamp, Uint128};
use cw_multi_test::{AppResponse, Executor};
use insurance_common::claims_court::{
    self as court, ClaimStatus, IncidentStatus, ParametricTerms, TriggerCondition, TriggerInfo,
};
use insurance_common::cover_nft;
use insurance_common::reinsurance_bridge::{self as bridge, InFlightStatus};
use insurance_common::risk_pool::{self as pool, LossEvent, DAY};
use insurance_common::tranche_vault::{self as vault, Tranche};
use insurance_testing::court::ASSESSOR_DENOM;
use insurance_testing::ibc::{Relayed, Side};
use insurance_testing::reinsurance::TREATY_ID;
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::DENOM;

use crate::channels::{
    gov_close_channel, gov_settle_packet, gov_sweep, partner_close_channel, route_treaty,
    stray_transfer,
};
use crate::refusal::classify;
use crate::rng::Rng;
use crate::world::{TrackedCover, World, ASSET, UNIT};

/// What one operation did: succeeded, or refused with the variant named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    Refused(String),
}

/// One operation as the replay prints it.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub desc: String,
    pub outcome: Outcome,
}

macro_rules! kinds {
    ($($kind:ident => ($name:literal, $role:literal, $weight:literal, $f:ident)),* $(,)?) => {
        /// Every kind of operation the campaign draws.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $($kind),* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$kind),*];

            pub fn name(self) -> &'static str {
                match self { $(Kind::$kind => $name),* }
            }

            /// Who sends it: user, keeper, oracle, governance, relayer, clock.
            pub fn role(self) -> &'static str {
                match self { $(Kind::$kind => $role),* }
            }

            /// Relative frequency in the draw.
            pub fn weight(self) -> u64 {
                match self { $(Kind::$kind => $weight),* }
            }

            pub fn run(self, w: &mut World, r: &mut Rng) -> Attempt {
                match self { $(Kind::$kind => $f(w, r)),* }
            }
        }
    };
}

kinds! {
    Deposit => ("pool deposit", "user", 12, deposit),
    RequestUnbond => ("pool request unbond", "user", 6, request_unbond),
    Withdraw => ("pool withdraw", "user", 6, withdraw),
    ClaimRewards => ("pool claim rewards", "user", 6, claim_rewards),
    BuyCover => ("buy cover", "user", 20, buy_cover),
    TransferNft => ("transfer cover nft", "user", 4, transfer_nft),
    FileClaim => ("file claim", "user", 10, file_claim),
    Appeal => ("appeal claim", "user", 4, appeal),
    Bond => ("assessor bond", "user", 4, bond),
    Unbond => ("assessor unbond", "user", 2, unbond),
    WithdrawBond => ("assessor withdraw bond", "user", 2, withdraw_bond),
    Vote => ("assessor vote", "user", 16, vote),
    SettleVote => ("settle vote", "user", 6, settle_vote),
    ReportIncident => ("report incident", "user", 2, report_incident),
    DisputeIncident => ("dispute incident", "user", 2, dispute_incident),
    ClaimIncident => ("claim incident", "user", 8, claim_incident),
    VaultDeposit => ("vault deposit", "user", 8, vault_deposit),
    Redeem => ("vault redeem", "user", 4, redeem),
    WithdrawRedemption => ("vault withdraw redemption", "user", 4, withdraw_redemption),
    TransferTranche => ("transfer tranche tokens", "user", 2, transfer_tranche),
    StrayTransfer => ("stray transfer to cedent bridge", "user", 1, stray_transfer),
    ExecuteClaim => ("execute claim", "keeper", 8, execute_claim),
    CheckTrigger => ("check trigger", "keeper", 6, check_trigger),
    ConfirmIncident => ("confirm incident", "keeper", 2, confirm_incident),
    CloseIncident => ("close incident", "keeper", 2, close_incident),
    FundRewards => ("fund court rewards", "keeper", 2, fund_rewards),
    Sync => ("pool sync", "keeper", 2, sync),
    Harvest => ("vault harvest", "keeper", 4, harvest),
    RetryRecovery => ("retry recovery", "keeper", 2, retry_recovery),
    RetryTransfer => ("retry transfer", "keeper", 2, retry_transfer),
    MovePrice => ("oracle moves", "oracle", 6, move_price),
    PoolParams => ("gov pool params", "governance", 2, gov_pool_params),
    PauseProduct => ("gov pause product", "governance", 2, gov_pause_product),
    ResumeCover => ("gov resume cover", "governance", 2, gov_resume_cover),
    ResolveClaim => ("gov resolve claim", "governance", 2, gov_resolve_claim),
    ResolveIncident => ("gov resolve incident", "governance", 2, gov_resolve_incident),
    VaultParams => ("gov vault params", "governance", 2, gov_vault_params),
    RenewTreaty => ("gov renew treaty", "governance", 2, gov_renew_treaty),
    WithdrawCapital => ("gov withdraw reinsurer capital", "governance", 2, gov_withdraw_capital),
    SetTerms => ("gov set parametric terms", "governance", 2, gov_set_terms),
    DetachBridge => ("gov detach reinsurance bridge", "governance", 1, gov_detach_bridge),
    AttachBridge => ("gov attach reinsurance bridge", "governance", 8, gov_attach_bridge),
    CloseChannel => ("gov close bridge channel", "governance", 1, gov_close_channel),
    PartnerClose => ("partner closes bridge channel", "governance", 2, partner_close_channel),
    SettlePacket => ("gov settle stuck packet", "governance", 2, gov_settle_packet),
    RouteTreaty => ("new channel, treaty routed", "governance", 12, route_treaty),
    Sweep => ("gov sweep cedent bridge", "governance", 2, gov_sweep),
    RelayAll => ("relay all", "relayer", 10, relay_all),
    RelayOne => ("relay one packet", "relayer", 6, relay_one),
    OutageStart => ("relayer outage starts", "relayer", 2, outage_start),
    OutageEnd => ("relayer outage ends", "relayer", 4, outage_end),
    AdvanceTime => ("advance time", "clock", 16, advance_time),
}

/// Sum of the weights.
pub fn total_weight() -> u64 {
    Kind::ALL.iter().map(|k| k.weight()).sum()
}

/// Draws a kind by weight.
pub fn draw(r: &mut Rng) -> Kind {
    let mut x = r.next_u64() % total_weight();
    for &k in Kind::ALL {
        if x < k.weight() {
            return k;
        }
        x -= k.weight();
    }
    unreachable!("weights add up")
}

// ------------------------------------------------------------------ helpers

pub(crate) fn done(desc: String) -> Attempt {
    Attempt {
        desc,
        outcome: Outcome::Succeeded,
    }
}

pub(crate) fn refused(desc: String, why: &str) -> Attempt {
    Attempt {
        desc,
        outcome: Outcome::Refused(why.to_string()),
    }
}

/// Books a transaction's result.
pub(crate) fn tx(w: &mut World, desc: String, res: AnyResult<AppResponse>) -> Attempt {
    match res {
        Ok(res) => {
            w.absorb(&res);
            done(desc)
        }
        Err(e) => Attempt {
            desc,
            outcome: Outcome::Refused(classify(&e)),
        },
    }
}

fn attr(res: &AppResponse, key: &str) -> Option<String> {
    insurance_testing::court::attribute(res, key)
}

fn percent_of(amount: u128, r: &mut Rng) -> u128 {
    amount * u128::from(r.range(1, 100)) / 100
}

fn pick_addr(r: &mut Rng, group: &[Addr]) -> Addr {
    group[r.index(group.len())].clone()
}

/// Mostly `good`, sometimes an id nobody issued.
pub(crate) fn maybe_bad_id(r: &mut Rng, good: Option<u64>) -> u64 {
    match good {
        Some(id) if !r.chance(5) => id,
        _ => r.range(900_000, 900_100),
    }
}

/// A recent id from `ids`, sometimes one nobody issued.
pub(crate) fn pick_id(r: &mut Rng, ids: &[u64]) -> u64 {
    let good = pick_recent(r, ids);
    maybe_bad_id(r, good)
}

fn nft_owner(w: &World, cover_id: u64) -> Option<Addr> {
    w.w.cedent
        .app
        .wrap()
        .query_wasm_smart::<cw721::msg::OwnerOfResponse>(
            &w.w.cedent.cover_nft,
            &cover_nft::QueryMsg::OwnerOf {
                token_id: cover_id.to_string(),
                include_expired: None,
            },
        )
        .ok()
        .map(|o| Addr::unchecked(o.owner))
}

/// A tracked cover, of `product` if given; recent ones more often.
fn pick_cover(w: &World, r: &mut Rng, product: Option<u32>) -> Option<TrackedCover> {
    let covers: Vec<&TrackedCover> = w
        .covers
        .iter()
        .filter(|c| product.is_none_or(|p| c.product == p))
        .collect();
    if covers.is_empty() {
        return None;
    }
    let n = covers.len();
    let i = if r.chance(60) {
        n - 1 - r.index(n.min(8))
    } else {
        r.index(n)
    };
    Some(covers[i].clone())
}

/// The owner of a cover, or (sometimes) someone else.
fn sender_for(w: &World, r: &mut Rng, cover_id: u64) -> Addr {
    match nft_owner(w, cover_id) {
        Some(owner) if !r.chance(5) => owner,
        _ => pick_addr(r, &w.buyers),
    }
}

pub(crate) fn pick_recent(r: &mut Rng, ids: &[u64]) -> Option<u64> {
    if ids.is_empty() {
        return None;
    }
    let n = ids.len();
    Some(if r.chance(70) {
        ids[n - 1 - r.index(n.min(6))]
    } else {
        ids[r.index(n)]
    })
}

fn claim_of(w: &World, claim_id: u64) -> Option<court::ClaimResponse> {
    w.w.cedent
        .app
        .wrap()
        .query_wasm_smart(
            &w.w.cedent.claims_court,
            &court::QueryMsg::Claim { claim_id },
        )
        .ok()
}

pub(crate) fn incident_of(w: &World, incident_id: u64) -> Option<court::IncidentResponse> {
    w.w.cedent
        .app
        .wrap()
        .query_wasm_smart(
            &w.w.cedent.claims_court,
            &court::QueryMsg::Incident { incident_id },
        )
        .ok()
}

/// A recent claim in a status `want` accepts (the last few looked at),
/// else any recent id, sometimes one nobody issued.
fn pick_claim(w: &World, r: &mut Rng, want: fn(&ClaimStatus) -> bool) -> u64 {
    if r.chance(80) {
        let fit: Vec<u64> = w
            .claims
            .iter()
            .rev()
            .take(12)
            .copied()
            .filter(|id| claim_of(w, *id).is_some_and(|c| want(&c.status)))
            .collect();
        if let Some(id) = r.pick(&fit) {
            return *id;
        }
    }
    pick_id(r, &w.claims)
}

/// A recent incident in a status `want` accepts, like `pick_claim`.
fn pick_incident(w: &World, r: &mut Rng, want: fn(&IncidentStatus) -> bool) -> u64 {
    if r.chance(80) {
        let fit: Vec<u64> = w
            .incidents
            .iter()
            .rev()
            .take(8)
            .copied()
            .filter(|id| incident_of(w, *id).is_some_and(|i| want(&i.status)))
            .collect();
        if let Some(id) = r.pick(&fit) {
            return *id;
        }
    }
    pick_id(r, &w.incidents)
}

/// A recent incident of `product` a claim may name (not rejected), else
/// any recent one, sometimes one nobody issued.
fn pick_event_of(w: &World, r: &mut Rng, product: u32) -> u64 {
    if r.chance(80) {
        let fit: Vec<u64> = w
            .incidents
            .iter()
            .rev()
            .take(8)
            .copied()
            .filter(|id| {
                incident_of(w, *id).is_some_and(|i| {
                    i.product_id == product && i.status != IncidentStatus::Rejected
                })
            })
            .collect();
        if let Some(id) = r.pick(&fit) {
            return *id;
        }
    }
    pick_id(r, &w.incidents)
}

fn incident_bond(w: &World) -> u128 {
    w.w.cedent.court_config().params.incident_bond.u128()
}

fn execute<T: serde::Serialize + std::fmt::Debug>(
    w: &mut World,
    sender: &Addr,
    contract: &Addr,
    msg: &T,
    funds: &[Coin],
) -> AnyResult<AppResponse> {
    w.w.cedent
        .app
        .execute_contract(sender.clone(), contract.clone(), msg, funds)
}

fn tranche(r: &mut Rng) -> Tranche {
    if r.chance(50) {
        Tranche::Senior
    } else {
        Tranche::Junior
    }
}

// ------------------------------------------------------------------ stakers

fn deposit(w: &mut World, r: &mut Rng) -> Attempt {
    let staker = pick_addr(r, &w.stakers);
    let amount = if r.chance(4) {
        r.range_u128(0, 3)
    } else {
        r.range_u128(1, 300_000) * UNIT
    };
    let desc = format!("{staker} deposits {amount}");
    let funds = if amount == 0 {
        vec![]
    } else {
        coins(amount, DENOM)
    };
    let res =
        w.w.cedent
            .execute_pool(&staker, &pool::ExecuteMsg::Deposit {}, &funds);
    tx(w, desc, res)
}

fn request_unbond(w: &mut World, r: &mut Rng) -> Attempt {
    let staker = pick_addr(r, &w.stakers);
    let shares = w.w.cedent.staker(&staker).shares.u128();
    let shares = if r.chance(5) {
        shares + 1
    } else {
        percent_of(shares, r)
    };
    let desc = format!("{staker} requests unbonding of {shares} shares");
    let res = w.w.cedent.request_unbond(&staker, Uint128::new(shares));
    if let Ok(res) = &res {
        if let Some(id) = attr(res, "unbonding_id").and_then(|v| v.parse().ok()) {
            w.unbondings.push((staker.clone(), id));
        }
    }
    tx(w, desc, res)
}

fn withdraw(w: &mut World, r: &mut Rng) -> Attempt {
    let (staker, id) = match r.pick(&w.unbondings).cloned() {
        Some(u) if !r.chance(5) => u,
        _ => (pick_addr(r, &w.stakers), maybe_bad_id(r, None)),
    };
    let desc = format!("{staker} withdraws unbonding {id}");
    let res = w.w.cedent.withdraw(&staker, id);
    if res.is_ok() {
        w.unbondings.retain(|u| *u != (staker.clone(), id));
    }
    tx(w, desc, res)
}

fn claim_rewards(w: &mut World, r: &mut Rng) -> Attempt {
    let staker = pick_addr(r, &w.stakers);
    let desc = format!("{staker} claims rewards");
    let res = w.w.cedent.claim_rewards(&staker);
    tx(w, desc, res)
}

// ------------------------------------------------------------------ buyers

fn buy_cover(w: &mut World, r: &mut Rng) -> Attempt {
    let buyer = pick_addr(r, &w.buyers);
    let product = match r.range(0, 20) {
        0 => 7, // not listed
        1..=10 => DISCRETIONARY_PRODUCT,
        _ => PARAMETRIC_PRODUCT,
    };
    let amount = r.range_u128(1_000, 400_000) * UNIT;
    let duration = if r.chance(4) {
        r.range(1, 27) * DAY
    } else {
        r.range(28, 365) * DAY
    };
    let premium =
        w.w.cedent
            .quote(product, amount, duration)
            .map(|q| q.premium.u128())
            .unwrap_or(1);
    let paid = if r.chance(4) { premium / 2 } else { premium };
    let desc = format!(
        "{buyer} buys {amount} of cover on product {product} for {}d, premium {premium}",
        duration / DAY
    );
    let res = w.w.cedent.execute_pool(
        &buyer,
        &pool::ExecuteMsg::BuyCover {
            product_id: product,
            amount: Uint128::new(amount),
            duration,
            max_premium: Uint128::new(premium),
        },
        &coins(paid.max(1), DENOM),
    );
    if let Ok(res) = &res {
        if let Some(id) = attr(res, "cover_id").and_then(|v| v.parse().ok()) {
            let end = w.now().plus_seconds(duration);
            w.covers.push(TrackedCover {
                id,
                product,
                end,
                payouts: 0,
            });
            w.step.covers.push(id);
        }
    }
    tx(w, desc, res)
}

fn transfer_nft(w: &mut World, r: &mut Rng) -> Attempt {
    let Some(cover) = pick_cover(w, r, None) else {
        return refused("transfer a cover NFT: none sold".into(), "driver::NoCover");
    };
    let sender = sender_for(w, r, cover.id);
    let to = if r.chance(20) {
        w.outsider.clone()
    } else {
        pick_addr(r, &w.buyers)
    };
    let desc = format!("{sender} transfers cover {} to {to}", cover.id);
    let nft = w.w.cedent.cover_nft.clone();
    let res = execute(
        w,
        &sender,
        &nft,
        &cover_nft::ExecuteMsg::TransferNft {
            recipient: to.to_string(),
            token_id: cover.id.to_string(),
        },
        &[],
    );
    w.step.covers.push(cover.id);
    tx(w, desc, res)
}

// ------------------------------------------------------------------ claimants

fn file_claim(w: &mut World, r: &mut Rng) -> Attempt {
    // A holder paid for an event sometimes claims it again on the same cover.
    let repeats: Vec<(u64, u64)> = w
        .paid_events
        .iter()
        .filter_map(|(cover, event)| match event {
            LossEvent::Incident { incident_id } => Some((*cover, *incident_id)),
            LossEvent::Claim { .. } => None,
        })
        .filter(|(cover, _)| {
            w.covers
                .iter()
                .any(|c| c.id == *cover && c.product == DISCRETIONARY_PRODUCT)
        })
        .collect();
    let repeat = match r.pick(&repeats) {
        Some(x) if r.chance(25) => Some(*x),
        _ => None,
    };
    let cover = match repeat {
        Some((id, _)) => w.covers.iter().find(|c| c.id == id).cloned(),
        None => {
            let product = if r.chance(90) {
                DISCRETIONARY_PRODUCT
            } else {
                PARAMETRIC_PRODUCT
            };
            pick_cover(w, r, Some(product))
        }
    };
    let Some(cover) = cover else {
        return refused("file a claim: no cover".into(), "driver::NoCover");
    };
    let sender = sender_for(w, r, cover.id);
    let remaining = w.w.cedent.cover(cover.id).remaining.u128();
    let amount = if r.chance(5) {
        remaining + 1
    } else {
        percent_of(remaining, r).max(1)
    };
    let deposit = if r.chance(5) {
        amount / 100
    } else {
        (amount * 5).div_ceil(100) + r.range_u128(0, 10)
    };
    let desc = format!(
        "{sender} files a claim of {amount} on cover {} with deposit {deposit}",
        cover.id
    );
    // Some claims name the incident (the event) they claim for.
    let incident_id = match repeat {
        Some((_, incident_id)) => Some(incident_id),
        None => r.chance(30).then(|| pick_event_of(w, r, cover.product)),
    };
    w.step.covers.push(cover.id);
    let res = w.w.cedent.execute_court(
        &sender,
        &court::ExecuteMsg::FileClaim {
            cover_id: cover.id,
            amount: Uint128::new(amount),
            description: "exploit".into(),
            evidence: Some("ipfs://post-mortem".into()),
            incident_id,
        },
        &coins(deposit.max(1), DENOM),
    );
    tx(w, desc, res)
}

fn appeal(w: &mut World, r: &mut Rng) -> Attempt {
    let id = pick_claim(w, r, |s| *s == ClaimStatus::AppealWindow);
    let (claimant, fee) = match claim_of(w, id) {
        Some(c) => {
            let fee = (c.amount.u128() * 5).div_ceil(100);
            (c.claimant, fee)
        }
        None => (pick_addr(r, &w.buyers), UNIT),
    };
    let desc = format!("{claimant} appeals claim {id} with fee {fee}");
    let res = w.w.cedent.appeal(&claimant, id, fee.max(1));
    tx(w, desc, res)
}

// ------------------------------------------------------------------ assessors

fn bond(w: &mut World, r: &mut Rng) -> Attempt {
    let a = pick_addr(r, &w.assessors);
    let amount = if r.chance(3) {
        0
    } else {
        r.range_u128(1, 200_000) * UNIT
    };
    let desc = format!("{a} bonds {amount}");
    let funds = if amount == 0 {
        vec![]
    } else {
        coins(amount, ASSESSOR_DENOM)
    };
    let res =
        w.w.cedent
            .execute_court(&a, &court::ExecuteMsg::Bond {}, &funds);
    tx(w, desc, res)
}

/// Any assessor, the one that rarely votes half the time (it can leave).
fn leaving_assessor(w: &World, r: &mut Rng) -> Addr {
    if r.chance(50) {
        w.assessors[w.assessors.len() - 1].clone()
    } else {
        pick_addr(r, &w.assessors)
    }
}

fn unbond(w: &mut World, r: &mut Rng) -> Attempt {
    let a = leaving_assessor(w, r);
    let bonded = w.w.cedent.assessor(&a).bonded.u128();
    let amount = if r.chance(5) {
        bonded + 1
    } else {
        percent_of(bonded, r)
    };
    let desc = format!("{a} unbonds {amount}");
    let res = w.w.cedent.unbond(&a, amount);
    tx(w, desc, res)
}

fn withdraw_bond(w: &mut World, r: &mut Rng) -> Attempt {
    let a = leaving_assessor(w, r);
    let desc = format!("{a} withdraws its unbonded bond");
    let res = w.w.cedent.withdraw_bond(&a);
    tx(w, desc, res)
}

fn vote(w: &mut World, r: &mut Rng) -> Attempt {
    let id = pick_claim(w, r, |s| *s == ClaimStatus::Voting);
    // the last assessor votes rarely, so it can leave with its bond
    let a = if r.chance(97) {
        pick_addr(r, &w.assessors[..w.assessors.len() - 1])
    } else {
        w.assessors[w.assessors.len() - 1].clone()
    };
    // odd claims look genuine to most assessors, even ones do not
    let approve = if id % 2 == 1 {
        r.chance(85)
    } else {
        r.chance(25)
    };
    let desc = format!("{a} votes {approve} on claim {id}");
    let res = w.w.cedent.vote(&a, id, approve);
    tx(w, desc, res)
}

fn settle_vote(w: &mut World, r: &mut Rng) -> Attempt {
    let voter = pick_addr(r, &w.assessors);
    let settleable: Vec<u64> =
        w.w.cedent
            .assessor_votes(&voter, None)
            .votes
            .into_iter()
            .filter(|v| v.settleable)
            .map(|v| v.claim_id)
            .collect();
    let id = match r.pick(&settleable) {
        Some(id) if !r.chance(10) => *id,
        _ => pick_claim(w, r, |s| {
            matches!(s, ClaimStatus::Paid | ClaimStatus::Denied)
        }),
    };
    let sender = w.keeper.clone();
    let desc = format!("keeper settles {voter}'s vote on claim {id}");
    let res = w.w.cedent.settle_vote(&sender, id, &voter);
    tx(w, desc, res)
}

// ------------------------------------------------------------------ incidents

fn report_incident(w: &mut World, r: &mut Rng) -> Attempt {
    let reporter = w.reporter.clone();
    // a depeg of the parametric product, or an exploit claims will name
    let product = if r.chance(60) {
        PARAMETRIC_PRODUCT
    } else {
        DISCRETIONARY_PRODUCT
    };
    let back = r.range(0, 3 * DAY);
    let time = Timestamp::from_seconds(w.now().seconds().saturating_sub(back));
    let bond = if r.chance(5) {
        incident_bond(w) / 2
    } else {
        incident_bond(w)
    };
    let desc = format!("reporter reports an incident on product {product} at {time}");
    let res = w.w.cedent.execute_court(
        &reporter,
        &court::ExecuteMsg::ReportIncident {
            product_id: product,
            time,
            evidence: "https://status.example/depeg".into(),
        },
        &coins(bond.max(1), DENOM),
    );
    tx(w, desc, res)
}

fn dispute_incident(w: &mut World, r: &mut Rng) -> Attempt {
    let id = pick_incident(w, r, |s| *s == IncidentStatus::Reported);
    let disputer = w.disputer.clone();
    let bond = incident_bond(w);
    let desc = format!("disputer disputes incident {id}");
    let res = w.w.cedent.dispute_incident(&disputer, id, bond);
    tx(w, desc, res)
}

fn claim_incident(w: &mut World, r: &mut Rng) -> Attempt {
    let id = pick_incident(w, r, |s| *s == IncidentStatus::Confirmed);
    let product = if r.chance(95) {
        PARAMETRIC_PRODUCT
    } else {
        DISCRETIONARY_PRODUCT
    };
    let Some(cover) = pick_cover(w, r, Some(product)) else {
        return refused("claim an incident: no cover".into(), "driver::NoCover");
    };
    let sender = sender_for(w, r, cover.id);
    let desc = format!("{sender} claims incident {id} on cover {}", cover.id);
    w.step.covers.push(cover.id);
    let res = w.w.cedent.claim_incident(&sender, id, cover.id);
    tx(w, desc, res)
}

// ------------------------------------------------------------------ vault holders

fn vault_deposit(w: &mut World, r: &mut Rng) -> Attempt {
    let holder = pick_addr(r, &w.holders);
    let t = tranche(r);
    let amount = if r.chance(3) {
        r.range_u128(1, 3)
    } else {
        r.range_u128(1, 200_000) * UNIT
    };
    let desc = format!("{holder} deposits {amount} in the {t} tranche");
    let res = w.w.cedent.deposit_tranche(&holder, t, amount);
    tx(w, desc, res)
}

fn redeem(w: &mut World, r: &mut Rng) -> Attempt {
    let holder = pick_addr(r, &w.holders);
    let t = tranche(r);
    let balance = w.w.cedent.tranche_balance(t, &holder);
    let amount = if r.chance(5) {
        balance + 1
    } else {
        percent_of(balance, r)
    };
    let desc = format!("{holder} redeems {amount} {t} tokens");
    let token = match t {
        Tranche::Senior => w.senior_token.clone(),
        Tranche::Junior => w.junior_token.clone(),
    };
    let vault = w.vault.clone();
    let res = w.w.cedent.send_tokens(
        &holder,
        &token,
        &vault,
        amount,
        to_json_binary(&vault::ReceiveMsg::Redeem {}).expect("serialize"),
    );
    if let Ok(res) = &res {
        if let Some(id) = attr(res, "redemption_id").and_then(|v| v.parse().ok()) {
            w.redemptions.push((holder.clone(), id));
        }
    }
    tx(w, desc, res)
}

fn withdraw_redemption(w: &mut World, r: &mut Rng) -> Attempt {
    let (holder, id) = match r.pick(&w.redemptions).cloned() {
        Some(x) if !r.chance(5) => x,
        _ => (pick_addr(r, &w.holders), maybe_bad_id(r, None)),
    };
    let desc = format!("{holder} withdraws redemption {id}");
    let res = w.w.cedent.withdraw_redemption(&holder, id);
    if res.is_ok() && w.w.cedent.redemption(&holder, id).is_err() {
        w.redemptions.retain(|x| *x != (holder.clone(), id));
    }
    tx(w, desc, res)
}

fn transfer_tranche(w: &mut World, r: &mut Rng) -> Attempt {
    let from = pick_addr(r, &w.holders);
    let to = pick_addr(r, &w.holders);
    let t = tranche(r);
    let balance = w.w.cedent.tranche_balance(t, &from);
    let amount = if r.chance(5) {
        balance + 1
    } else {
        percent_of(balance, r)
    };
    let desc = format!("{from} sends {amount} {t} tokens to {to}");
    let res = w.w.cedent.transfer_tranche_tokens(&from, &to, t, amount);
    tx(w, desc, res)
}

// ------------------------------------------------------------------ keepers

fn execute_claim(w: &mut World, r: &mut Rng) -> Attempt {
    let id = pick_claim(w, r, |s| *s == ClaimStatus::Executable);
    let keeper = w.keeper.clone();
    let desc = format!("keeper executes claim {id}");
    w.step.claims.push(id);
    let res = w.w.cedent.execute_claim(&keeper, id);
    tx(w, desc, res)
}

fn check_trigger(w: &mut World, r: &mut Rng) -> Attempt {
    let product = if r.chance(95) {
        PARAMETRIC_PRODUCT
    } else {
        DISCRETIONARY_PRODUCT
    };
    let keeper = w.keeper.clone();
    let desc = format!("keeper checks product {product}'s trigger");
    let res = w.w.cedent.execute_court(
        &keeper,
        &court::ExecuteMsg::CheckTrigger {
            product_id: product,
        },
        &[],
    );
    tx(w, desc, res)
}

fn confirm_incident(w: &mut World, r: &mut Rng) -> Attempt {
    let id = pick_incident(w, r, |s| *s == IncidentStatus::Reported);
    let keeper = w.keeper.clone();
    let desc = format!("keeper confirms incident {id}");
    let res = w.w.cedent.confirm_incident(&keeper, id);
    tx(w, desc, res)
}

/// Releases what a confirmed incident still reserves once its claim window
/// is over (mostly incidents that can be closed, sometimes not yet).
fn close_incident(w: &mut World, r: &mut Rng) -> Attempt {
    let now = w.now();
    let closable: Vec<u64> = w
        .incidents
        .iter()
        .rev()
        .take(16)
        .copied()
        .filter(|id| {
            incident_of(w, *id).is_some_and(|i| {
                i.status == IncidentStatus::Confirmed
                    && i.claim_end.is_some_and(|end| end < now)
                    && !i.reserved.is_zero()
            })
        })
        .collect();
    let id = match r.pick(&closable) {
        Some(id) if !r.chance(15) => *id,
        _ => pick_id(r, &w.incidents),
    };
    let keeper = w.keeper.clone();
    let desc = format!("keeper closes incident {id}");
    let res = w.w.cedent.execute_court(
        &keeper,
        &court::ExecuteMsg::CloseIncident { incident_id: id },
        &[],
    );
    tx(w, desc, res)
}

fn fund_rewards(w: &mut World, _r: &mut Rng) -> Attempt {
    let keeper = w.keeper.clone();
    let res = w.w.cedent.fund_rewards(&keeper);
    tx(w, "keeper moves the claims fund to the court".into(), res)
}

fn sync(w: &mut World, r: &mut Rng) -> Attempt {
    let product = match r.range(0, 3) {
        0 => None,
        1 => Some(DISCRETIONARY_PRODUCT),
        2 => Some(PARAMETRIC_PRODUCT),
        _ => Some(9),
    };
    let keeper = w.keeper.clone();
    let desc = format!("keeper syncs the pool (product {product:?})");
    let res = w.w.cedent.execute_pool(
        &keeper,
        &pool::ExecuteMsg::Sync {
            product_id: product,
        },
        &[],
    );
    tx(w, desc, res)
}

fn harvest(w: &mut World, _r: &mut Rng) -> Attempt {
    let keeper = w.keeper.clone();
    let res = w.w.cedent.harvest(&keeper);
    tx(w, "keeper harvests the vault".into(), res)
}

fn retry_recovery(w: &mut World, r: &mut Rng) -> Attempt {
    let loss = match r.pick(&w.losses).copied() {
        Some(l) if !r.chance(5) => l,
        _ => bridge::LossId {
            cover_id: maybe_bad_id(r, None),
            sequence: 1,
        },
    };
    let keeper = w.keeper.clone();
    let desc = format!(
        "keeper retries the recovery of loss {}/{}",
        loss.cover_id, loss.sequence
    );
    let res =
        w.w.execute_a(&keeper, &bridge::ExecuteMsg::RetryRecovery { loss }, &[]);
    tx(w, desc, res)
}

fn retry_transfer(w: &mut World, r: &mut Rng) -> Attempt {
    let side_a = r.chance(50);
    let items = if side_a {
        w.w.in_flight_a()
    } else {
        w.w.in_flight_b()
    };
    let returned: Vec<u64> = items
        .iter()
        .filter(|i| i.status == InFlightStatus::Returned)
        .map(|i| i.id)
        .collect();
    let any: Vec<u64> = items.iter().map(|i| i.id).collect();
    let id = match r.pick(&returned) {
        Some(id) if !r.chance(10) => *id,
        _ => {
            let good = r.pick(&any).copied();
            maybe_bad_id(r, good)
        }
    };
    let chain = if side_a { "A" } else { "B" };
    let desc = format!("keeper retries transfer {id} on chain {chain}");
    let msg = bridge::ExecuteMsg::RetryTransfer { transfer_id: id };
    let res = if side_a {
        let keeper = w.keeper.clone();
        w.w.execute_a(&keeper, &msg, &[])
    } else {
        let keeper = w.keeper_b.clone();
        w.w.execute_b(&keeper, &msg, &[])
    };
    tx(w, desc, res)
}

// ------------------------------------------------------------------ oracle

fn move_price(w: &mut World, r: &mut Rng) -> Attempt {
    let permille = if r.chance(60) {
        r.range(970, 1_020)
    } else {
        r.range(850, 990)
    };
    let price = Decimal::permille(permille);
    let oracle = w.oracle.clone();
    let feeder = w.oracle_feeder.clone();
    let desc = format!("oracle prints {ASSET} at {price}");
    let res = w.w.cedent.app.execute_contract(
        feeder,
        oracle,
        &insurance_testing::mock_oracle::ExecuteMsg::SetPrice {
            asset: ASSET.into(),
            price,
            updated_at: None,
        },
        &[],
    );
    tx(w, desc, res)
}

// ------------------------------------------------------------------ governance

fn gov_pool_params(w: &mut World, r: &mut Rng) -> Attempt {
    let mut params = w.w.cedent.pool_config().params;
    let what = match r.range(0, 4) {
        0 => {
            params.circuit_breaker_threshold = Decimal::percent(r.range(10, 40));
            "circuit breaker threshold"
        }
        1 => {
            params.min_capital_ratio = Decimal::percent(r.range(30, 70));
            "minimum capital ratio"
        }
        2 => {
            params.unbonding_period = r.range(7, 30) * DAY;
            "unbonding period"
        }
        3 => {
            params.capacity_multiple = Decimal::percent(r.range(150, 300));
            "capacity multiple"
        }
        _ => {
            // incoherent on purpose: the split no longer adds up to one
            params.premium_split.treasury = Decimal::percent(50);
            "premium split (invalid)"
        }
    };
    let desc = format!("governance sets the pool's {what}");
    let res =
        w.w.cedent
            .sudo_pool(pool::GovernanceMsg::UpdateParams { params });
    tx(w, desc, res)
}

fn gov_pause_product(w: &mut World, r: &mut Rng) -> Attempt {
    let i = r.index(2);
    let product = [DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT][i];
    // paused products are resumed more eagerly than they are paused
    let paused = !w.paused[i] && r.chance(25);
    let desc = format!("governance sets product {product} paused={paused}");
    let res = w.w.cedent.sudo_pool(pool::GovernanceMsg::SetProductPaused {
        product_id: product,
        paused,
    });
    if res.is_ok() {
        w.paused[i] = paused;
    }
    tx(w, desc, res)
}

fn gov_resume_cover(w: &mut World, _r: &mut Rng) -> Attempt {
    let res = w.w.cedent.sudo_pool(pool::GovernanceMsg::ResumeCover {});
    tx(w, "governance resumes cover".into(), res)
}

fn gov_resolve_claim(w: &mut World, r: &mut Rng) -> Attempt {
    // governance looks at appealed claims, and at decisions still in cooldown
    let id = pick_claim(w, r, |s| {
        matches!(
            s,
            ClaimStatus::Appealed | ClaimStatus::Cooldown | ClaimStatus::AppealWindow
        )
    });
    let accept = r.chance(50);
    let desc = format!("governance resolves claim {id}: accept={accept}");
    w.step.claims.push(id);
    let res = w.w.cedent.sudo_court(court::GovernanceMsg::ResolveClaim {
        claim_id: id,
        accept,
    });
    tx(w, desc, res)
}

fn gov_resolve_incident(w: &mut World, r: &mut Rng) -> Attempt {
    let disputed = w
        .incidents
        .iter()
        .rev()
        .take(6)
        .copied()
        .find(|id| incident_of(w, *id).is_some_and(|i| i.status == IncidentStatus::Disputed));
    let good = disputed.or_else(|| pick_recent(r, &w.incidents));
    let id = maybe_bad_id(r, good);
    let valid = r.chance(50);
    let desc = format!("governance resolves incident {id}: valid={valid}");
    let res =
        w.w.cedent
            .sudo_court(court::GovernanceMsg::ResolveIncident {
                incident_id: id,
                valid,
            });
    tx(w, desc, res)
}

/// Terms governance may give the parametric product: a payout ratio, a
/// waiting period and (mostly) the depeg trigger at some threshold.
fn parametric_terms(w: &World, r: &mut Rng) -> ParametricTerms {
    let trigger = r.chance(90).then(|| TriggerInfo {
        oracle: w.oracle.to_string(),
        condition: TriggerCondition::PriceBelow {
            asset: ASSET.into(),
            threshold: Decimal::permille(r.range(900, 970)),
        },
    });
    ParametricTerms {
        payout_ratio: Decimal::percent(r.range(20, 100)),
        waiting_period: r.range(0, 5 * DAY),
        trigger,
    }
}

/// Sets, changes or clears the parametric product's terms; sometimes terms
/// the court refuses (a zero ratio, terms on the discretionary product).
fn gov_set_terms(w: &mut World, r: &mut Rng) -> Attempt {
    let mut terms = Some(parametric_terms(w, r));
    let mut product = PARAMETRIC_PRODUCT;
    let what = match r.range(0, 19) {
        0 => {
            product = DISCRETIONARY_PRODUCT;
            "gives the discretionary product parametric terms"
        }
        1 => {
            if let Some(t) = terms.as_mut() {
                t.payout_ratio = Decimal::zero();
            }
            "sets a zero payout ratio"
        }
        2..=4 if w.terms_set => {
            terms = None;
            "clears the parametric terms"
        }
        _ if w.terms_set => "changes the parametric terms",
        _ => "sets the parametric terms again",
    };
    let desc = match &terms {
        Some(t) => format!(
            "governance {what}: ratio {}, waiting {}s, trigger {}",
            t.payout_ratio,
            t.waiting_period,
            t.trigger.is_some()
        ),
        None => format!("governance {what}"),
    };
    let set = terms.is_some();
    let res = w.w.cedent.set_terms(product, terms);
    if res.is_ok() && product == PARAMETRIC_PRODUCT {
        w.terms_set = set;
    }
    tx(w, desc, res)
}

/// Governance detaches the pool's reinsurance bridge (whatever is in flight):
/// no more cessions or loss notices, the receivable is written off.
fn gov_detach_bridge(w: &mut World, _r: &mut Rng) -> Attempt {
    let res =
        w.w.cedent
            .sudo_pool(pool::GovernanceMsg::DetachReinsuranceBridge {});
    if res.is_ok() {
        w.bridge_attached = false;
    }
    tx(w, "governance detaches the reinsurance bridge".into(), res)
}

/// Governance attaches the same bridge again after a detach (now and then
/// while it is attached: a no-op).
fn gov_attach_bridge(w: &mut World, r: &mut Rng) -> Attempt {
    let desc = "governance attaches the reinsurance bridge again".to_string();
    if w.bridge_attached && !r.chance(10) {
        return refused(desc, "driver::BridgeAttached");
    }
    let bridge = w.w.bridge_a.to_string();
    let res = w.w.cedent.sudo_pool(pool::GovernanceMsg::SetCompanions {
        cover_nft: None,
        claims_court: None,
        tranche_vault: None,
        reinsurance_bridge: Some(bridge),
    });
    if res.is_ok() {
        w.bridge_attached = true;
    }
    tx(w, desc, res)
}

fn gov_vault_params(w: &mut World, r: &mut Rng) -> Attempt {
    let params = vault::VaultParams {
        senior_target_rate: Decimal::percent(r.range(1, 12)),
        min_subordination: Decimal::percent(r.range(10, 35)),
    };
    let desc = format!(
        "governance sets the vault's target {} and subordination {}",
        params.senior_target_rate, params.min_subordination
    );
    let res =
        w.w.cedent
            .sudo_vault(vault::GovernanceMsg::UpdateParams { params });
    tx(w, desc, res)
}

fn gov_renew_treaty(w: &mut World, _r: &mut Rng) -> Attempt {
    let end = w.treaty_end.plus_seconds(365 * DAY);
    let exposure = w.w.treaty_b().ledger.exposure;
    let capacity = exposure + Uint128::new(50_000_000 * UNIT);
    let desc = format!("governance renews the treaty to {end} on both chains");
    let amend = |channel_id: String| bridge::GovernanceMsg::AmendTreaty {
        channel_id,
        treaty_id: TREATY_ID,
        capacity: Some(capacity),
        end: Some(end),
        transfer_channel: None,
    };
    let a = amend(w.w.channel_a.clone());
    let b = amend(w.w.channel_b.clone());
    match w.w.governance_a(a) {
        Ok(res) => w.absorb(&res),
        Err(e) => return tx(w, desc, Err(e)),
    }
    let res = w.w.governance_b(b);
    if res.is_ok() {
        w.treaty_end = end;
    }
    tx(w, desc, res)
}

fn gov_withdraw_capital(w: &mut World, r: &mut Rng) -> Attempt {
    let held = w.w.balance_b(&w.w.bridge_b);
    let amount = if r.chance(10) {
        held + 1
    } else {
        held * u128::from(r.range(1, 5)) / 100
    };
    let to = w.capital_owner_b.clone();
    let desc = format!("reinsurer governance withdraws {amount} of capital");
    let res = w.w.governance_b(bridge::GovernanceMsg::WithdrawCapital {
        channel_id: w.w.channel_b.clone(),
        treaty_id: TREATY_ID,
        recipient: to.to_string(),
        amount: Uint128::new(amount),
    });
    tx(w, desc, res)
}

// ------------------------------------------------------------------ relayer

/// An ICS-20 packet's data, the fields the driver reads.
#[derive(serde::Deserialize)]
struct Ics20Data {
    amount: Uint128,
    sender: String,
    receiver: String,
}

/// Books what the relayer did: receive errors, and stray funds delivered to
/// the cedent's bridge (a transfer from chain B's capital owner).
pub(crate) fn note_relayed(w: &mut World, list: &[Relayed]) {
    let (bridge, stray_sender) = (w.w.bridge_a.to_string(), w.capital_owner_b.to_string());
    for r in list {
        if let Some(e) = &r.receive_error {
            w.step.receive_errors.push(e.clone());
        }
        if r.from == Side::B && r.is_transfer() && r.is_success() {
            if let Ok(d) = cosmwasm_std::from_json::<Ics20Data>(&r.packet.data) {
                if d.receiver == bridge && d.sender == stray_sender {
                    w.stray_a += d.amount.u128();
                }
            }
        }
    }
}

pub(crate) fn relayed(w: &mut World, desc: String, res: AnyResult<Vec<Relayed>>) -> Attempt {
    match res {
        Ok(list) if list.is_empty() => refused(desc, "relayer::NothingPending"),
        Ok(list) => {
            note_relayed(w, &list);
            let timed_out = list.iter().filter(|r| r.timed_out()).count();
            done(format!(
                "{desc}: {} packets, {timed_out} timed out",
                list.len()
            ))
        }
        Err(e) => {
            w.step
                .receive_errors
                .push(format!("the relay failed: {e:#}"));
            refused(desc, "relayer::Failed")
        }
    }
}

fn relay_all(w: &mut World, _r: &mut Rng) -> Attempt {
    if !w.relaying {
        return refused("relay all".into(), "relayer::Outage");
    }
    let res = w.w.relayer().relay_all();
    relayed(w, "relay all".into(), res)
}

fn relay_one(w: &mut World, r: &mut Rng) -> Attempt {
    let side = if r.chance(50) { Side::A } else { Side::B };
    let desc = format!("relay the oldest packet from {side:?}");
    if !w.relaying {
        return refused(desc, "relayer::Outage");
    }
    let res =
        w.w.relayer()
            .relay_next(side)
            .map(|o| o.into_iter().collect());
    relayed(w, desc, res)
}

fn outage_start(w: &mut World, _r: &mut Rng) -> Attempt {
    if !w.relaying {
        return refused("relayer goes down".into(), "relayer::AlreadyDown");
    }
    w.relaying = false;
    done("relayer goes down".into())
}

fn outage_end(w: &mut World, _r: &mut Rng) -> Attempt {
    if w.relaying {
        return refused("relayer comes back".into(), "relayer::AlreadyUp");
    }
    w.relaying = true;
    done("relayer comes back".into())
}

// ------------------------------------------------------------------ clock

fn advance_time(w: &mut World, r: &mut Rng) -> Attempt {
    let seconds = match r.range(0, 9) {
        0..=5 => r.range(60, 3_600),
        6..=8 => r.range(3_600, 3 * DAY),
        _ => r.range(3 * DAY, 20 * DAY),
    };
    w.w.advance_time(seconds);
    done(format!("time advances {seconds}s"))
}
