//! The invariants checked after every operation, each a named function of
//! the world. A break names the invariant and says what differs.

use std::collections::HashSet;

use cosmwasm_std::{Uint128, Uint256};
use insurance_common::claims_court::{self as court, ClaimsCourtContract};
use insurance_common::math::{mul_ceil, shares_to_assets, VIRTUAL_ASSETS, VIRTUAL_SHARES};
use insurance_common::reinsurance_bridge::{
    self as bridge, InFlightItem, InFlightKind, InFlightStatus, LossResponse, LossStatus,
};
use insurance_common::risk_pool::{PoolStateResponse, StakerResponse};
use insurance_common::tranche_vault::{self as vault, Tranche};
use insurance_testing::court::ASSESSOR_DENOM;
use insurance_testing::DENOM;

use crate::world::{World, REINSURER_CAPITAL};

/// What several invariants read, queried once per step.
pub struct Snapshot {
    pub pool: PoolStateResponse,
    pub court: court::StateResponse,
    pub vault: vault::StateResponse,
    pub treaty_a: bridge::TreatyLedger,
    pub treaty_b: bridge::TreatyLedger,
    pub in_flight_a: Vec<InFlightItem>,
    pub in_flight_b: Vec<InFlightItem>,
    /// Every staker's position, the vault's last.
    pub stakers: Vec<StakerResponse>,
    /// The collateral and the assessor denom over every account on chain A
    /// (one bank read per account for both).
    pub collateral_a: u128,
    pub assessor_a: u128,
}

impl Snapshot {
    pub fn of(w: &World) -> Snapshot {
        let (mut collateral_a, mut assessor_a) = (0u128, 0u128);
        for a in w.accounts_a() {
            for c in all_balances(w, &a) {
                if c.denom == DENOM {
                    collateral_a += c.amount.u128();
                } else if c.denom == ASSESSOR_DENOM {
                    assessor_a += c.amount.u128();
                }
            }
        }
        Snapshot {
            pool: w.w.cedent.pool_state(),
            court: w.w.cedent.court_state(),
            vault: w.w.cedent.vault_state(),
            treaty_a: w.w.treaty_a().ledger,
            treaty_b: w.w.treaty_b().ledger,
            in_flight_a: in_flight(w, true),
            in_flight_b: in_flight(w, false),
            stakers: w
                .stakers
                .iter()
                .chain(std::iter::once(&w.vault))
                .map(|a| w.w.cedent.staker(a))
                .collect(),
            collateral_a,
            assessor_a,
        }
    }
}

/// Every coin an account holds on chain A: one bank read for both denoms
/// the conservation invariants sum (deprecated for chains whose bank may not
/// list every denom; the test chain's does).
#[allow(deprecated)]
fn all_balances(w: &World, addr: &cosmwasm_std::Addr) -> Vec<cosmwasm_std::Coin> {
    w.w.cedent
        .app
        .wrap()
        .query_all_balances(addr)
        .expect("balances")
}

pub type Check = fn(&World, &Snapshot) -> Result<(), String>;

/// Every invariant, in the order they are checked.
pub const INVARIANTS: &[(&str, Check)] = &[
    ("pool_books_match_bank", pool_books_match_bank),
    ("pool_shares_add_up", pool_shares_add_up),
    (
        "share_price_drops_only_with_a_payout",
        share_price_drops_only_with_a_payout,
    ),
    ("covers_agree_with_their_nfts", covers_agree_with_their_nfts),
    ("claims_never_overpay", claims_never_overpay),
    (
        "a_cover_is_paid_once_per_loss_event",
        a_cover_is_paid_once_per_loss_event,
    ),
    (
        "withdrawals_are_net_of_the_claims_reserve",
        withdrawals_are_net_of_the_claims_reserve,
    ),
    ("court_books_match_bank", court_books_match_bank),
    ("assessor_bonds_add_up", assessor_bonds_add_up),
    (
        "vault_books_match_its_position",
        vault_books_match_its_position,
    ),
    ("tranche_tokens_conserved", tranche_tokens_conserved),
    (
        "senior_whole_while_junior_has_value",
        senior_whole_while_junior_has_value,
    ),
    (
        "cedent_bridge_holds_its_books",
        cedent_bridge_holds_its_books,
    ),
    (
        "reinsurer_bridge_holds_its_books",
        reinsurer_bridge_holds_its_books,
    ),
    (
        "cedent_packets_in_flight_are_pending",
        cedent_packets_in_flight_are_pending,
    ),
    (
        "a_settled_packet_leaves_flight",
        a_settled_packet_leaves_flight,
    ),
    (
        "collateral_conserved_on_chain_a",
        collateral_conserved_on_chain_a,
    ),
    ("assessor_denom_conserved", assessor_denom_conserved),
    ("vouchers_backed_by_escrow", vouchers_backed_by_escrow),
    ("no_recovery_credited_twice", no_recovery_credited_twice),
    ("receiving_never_fails", receiving_never_fails),
];

/// Runs every invariant; the breaks, by name.
pub fn check_all(w: &World) -> Vec<(&'static str, String)> {
    check_with(w, &Snapshot::of(w))
}

/// Runs every invariant on a snapshot already taken.
pub fn check_with(w: &World, snap: &Snapshot) -> Vec<(&'static str, String)> {
    INVARIANTS
        .iter()
        .filter_map(|(name, check)| check(w, snap).err().map(|why| (*name, why)))
        .collect()
}

fn ensure(ok: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(why())
    }
}

// ------------------------------------------------------------------ pool

/// The pool's bank balance is its capital, the stakers' reward reserve and
/// the claims fund, to the unit.
pub fn pool_books_match_bank(w: &World, snap: &Snapshot) -> Result<(), String> {
    let s = &snap.pool;
    let bank = w.collateral_of(&w.w.cedent.pool);
    // Recoveries due from the reinsurer count in assets but are not cash yet.
    let cash = s.total_assets - s.reinsurance_receivable;
    let books = (cash + s.reward_reserve + s.claims_fund).u128();
    ensure(bank == books, || {
        format!(
            "bank {bank} != assets {} - receivable {} + reward reserve {} + claims fund {}",
            s.total_assets, s.reinsurance_receivable, s.reward_reserve, s.claims_fund
        )
    })
}

/// Every share belongs to a staker (earning or unbonding); the vault is one.
pub fn pool_shares_add_up(_w: &World, snap: &Snapshot) -> Result<(), String> {
    let total = snap.pool.total_shares;
    let held: Uint128 = snap
        .stakers
        .iter()
        .map(|s| s.shares + s.unbonding_shares)
        .sum();
    ensure(held == total, || {
        format!("stakers hold {held} shares, the pool counts {total}")
    })
}

/// Assets per share (with the pool's virtual offsets) never fall except in
/// a step in which the pool paid a claim or wrote off a recovery it expected
/// (the reinsurer refused, or the cession behind it was rolled back): deposits
/// and withdrawals round in the pool's favour, income and recoveries only add.
pub fn share_price_drops_only_with_a_payout(w: &World, snap: &Snapshot) -> Result<(), String> {
    if w.step.pool_paid {
        return Ok(());
    }
    let s = &snap.pool;
    let (a0, s0, r0) = w.last_pool;
    let (a1, s1) = (s.total_assets, s.total_shares);
    // A settled recovery moves the receivable into cash (assets unchanged); a
    // written-off one lowers both: at most the receivable's fall is excused.
    let written_off = r0.saturating_sub(s.reinsurance_receivable);
    let va = Uint128::new(VIRTUAL_ASSETS);
    let vs = Uint128::new(VIRTUAL_SHARES);
    // (a1 + written_off + va) / (s1 + vs) >= (a0 + va) / (s0 + vs), cross-multiplied
    let now = Uint256::from(a1 + written_off + va) * Uint256::from(s0 + vs);
    let before = Uint256::from(a0 + va) * Uint256::from(s1 + vs);
    ensure(now >= before, || {
        format!(
            "share price fell without a payout or a write-off: assets/shares {a0}/{s0} -> {}/{} (receivable {r0} -> {})",
            s.total_assets, s.total_shares, s.reinsurance_receivable
        )
    })
}

/// For every cover the step touched: the NFT's remaining amount is the
/// pool's, never above the cover amount.
pub fn covers_agree_with_their_nfts(w: &World, _snap: &Snapshot) -> Result<(), String> {
    for id in &w.step.covers {
        if !w.covers.iter().any(|c| c.id == *id) {
            continue;
        }
        let c = w.w.cedent.cover(*id);
        let p = w.w.cedent.policy(*id);
        if c.remaining > c.amount {
            return Err(format!(
                "cover {id}: remaining {} above amount {}",
                c.remaining, c.amount
            ));
        }
        if p.policy.remaining_amount != c.remaining {
            return Err(format!(
                "cover {id}: NFT remaining {} != pool remaining {}",
                p.policy.remaining_amount, c.remaining
            ));
        }
    }
    Ok(())
}

/// A claim the step touched never paid more than it asked.
pub fn claims_never_overpay(w: &World, _snap: &Snapshot) -> Result<(), String> {
    for id in &w.step.claims {
        let Ok(c) =
            w.w.cedent
                .app
                .wrap()
                .query_wasm_smart::<court::ClaimResponse>(
                    &w.w.cedent.claims_court,
                    &court::QueryMsg::Claim { claim_id: *id },
                )
        else {
            continue;
        };
        if c.paid > c.amount {
            return Err(format!("claim {id} paid {} of {}", c.paid, c.amount));
        }
    }
    Ok(())
}

/// No cover is paid twice for one loss event (`LossEvent::Incident` or
/// `LossEvent::Claim`, as the `Payout` named it), over the world's life.
pub fn a_cover_is_paid_once_per_loss_event(w: &World, _snap: &Snapshot) -> Result<(), String> {
    let mut seen = HashSet::new();
    for (cover, event) in &w.step.payouts {
        if w.paid_events.contains(&(*cover, *event)) || !seen.insert((*cover, *event)) {
            return Err(format!("cover {cover} paid a second time for {event:?}"));
        }
    }
    Ok(())
}

/// What `Withdraw` guarantees (contracts/risk-pool, `staking::withdraw`):
/// with `R` the court's reserve (`RESERVED_CLAIMS_KEY`, read raw as the pool
/// reads it) capped at capital, a withdrawal of `s` shares pays exactly
/// `floor(s × (assets − R + 1) / (shares + 10⁶))` (the virtual offsets); so
/// a withdrawal that pays anything leaves capital at or above the reserve,
/// and capital net of the reserve at or above `min_capital_ratio × active
/// cover`. Checked on the state right after each withdrawal (nothing else in
/// its transaction moves the pool's assets or the court's reserve).
pub fn withdrawals_are_net_of_the_claims_reserve(w: &World, snap: &Snapshot) -> Result<(), String> {
    if w.step.withdrawals.is_empty() {
        return Ok(());
    }
    let court = ClaimsCourtContract(w.w.cedent.claims_court.clone());
    let reserve = court
        .reserved_claims(&w.w.cedent.app.wrap())
        .map_err(|e| format!("reading the reserve: {e}"))?;
    let ratio = w.w.cedent.pool_config().params.min_capital_ratio;
    let minimum = mul_ceil(snap.pool.active_cover, ratio).map_err(|e| e.to_string())?;
    // Walk back from the state after the last withdrawal.
    let (mut assets, mut shares) = (snap.pool.total_assets, snap.pool.total_shares);
    for x in w.step.withdrawals.iter().rev() {
        let after = assets;
        let reserved = reserve.min(after + x.amount);
        if x.amount > Uint128::zero() && after < reserve {
            return Err(format!(
                "a withdrawal of {} left capital {after} below the reserve {reserve}",
                x.amount
            ));
        }
        match after.checked_sub(reserved) {
            Ok(net) if net >= minimum => {}
            _ => {
                return Err(format!(
                    "a withdrawal left capital {after} net of the reserve {reserved} below the minimum {minimum}"
                ))
            }
        }
        assets = after + x.amount;
        shares += x.shares;
        let owed =
            shares_to_assets(x.shares, assets - reserved, shares).map_err(|e| e.to_string())?;
        if owed != x.amount {
            return Err(format!(
                "{} shares paid {} out of assets {assets}, shares {shares}, reserve {reserved}: net of the reserve they are worth {owed}",
                x.shares, x.amount
            ));
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ court

/// The court holds its reward pool, outstanding rewards and escrow in the
/// collateral, and the bonds in the assessor denom, to the unit.
pub fn court_books_match_bank(w: &World, snap: &Snapshot) -> Result<(), String> {
    let s = &snap.court;
    let court = &w.w.cedent.claims_court;
    let collateral = w.collateral_of(court);
    let books = (s.reward_pool + s.rewards_outstanding + s.escrow).u128();
    ensure(collateral == books, || {
        format!(
            "collateral {collateral} != reward pool {} + outstanding {} + escrow {}",
            s.reward_pool, s.rewards_outstanding, s.escrow
        )
    })?;
    let bonds = w.assessor_denom_of(court);
    let booked = (s.total_bonded + s.total_unbonding).u128();
    ensure(bonds == booked, || {
        format!(
            "assessor denom {bonds} != bonded {} + unbonding {}",
            s.total_bonded, s.total_unbonding
        )
    })
}

/// The court's totals are the sum of its assessors.
pub fn assessor_bonds_add_up(w: &World, snap: &Snapshot) -> Result<(), String> {
    let s = &snap.court;
    let (mut bonded, mut unbonding) = (Uint128::zero(), Uint128::zero());
    for a in &w.assessors {
        let x = w.w.cedent.assessor(a);
        bonded += x.bonded;
        unbonding += x.unbonding;
    }
    ensure(
        bonded == s.total_bonded && unbonding == s.total_unbonding,
        || {
            format!(
                "assessors hold {bonded} bonded and {unbonding} unbonding, the court counts {} and {}",
                s.total_bonded, s.total_unbonding
            )
        },
    )
}

// ------------------------------------------------------------------ vault

/// The vault's value is its pool position, unclaimed rewards and idle
/// collateral; the tranches split it exactly; its bank balance is the idle part.
pub fn vault_books_match_its_position(w: &World, snap: &Snapshot) -> Result<(), String> {
    let s = &snap.vault;
    let senior = s.senior.value + s.senior.pending_value;
    let junior = s.junior.value + s.junior.pending_value;
    if senior + junior != s.total_value {
        return Err(format!(
            "senior {senior} + junior {junior} != total {}",
            s.total_value
        ));
    }
    let pos = snap.stakers.last().expect("the vault's position");
    let pool = &snap.pool;
    let in_pool = shares_to_assets(
        pos.shares + pos.unbonding_shares,
        pool.total_assets,
        pool.total_shares,
    )
    .map_err(|e| e.to_string())?;
    if s.total_value != in_pool + s.unclaimed_rewards + s.idle {
        return Err(format!(
            "total {} != pool position {in_pool} + unclaimed {} + idle {}",
            s.total_value, s.unclaimed_rewards, s.idle
        ));
    }
    let bank = w.collateral_of(&w.vault);
    ensure(bank == s.idle.u128(), || {
        format!("bank {bank} != idle {}", s.idle)
    })
}

/// Tranche tokens outstanding (cw20's supply less the redeemed tokens the
/// vault keeps) are all with holders or locked by the first deposit, and the
/// vault counts exactly those.
pub fn tranche_tokens_conserved(w: &World, snap: &Snapshot) -> Result<(), String> {
    for t in Tranche::ALL {
        // holders, and what the tranche's first deposit locked in the token contract
        let token = w.w.cedent.tranche_token(t);
        let held: u128 = w
            .holders
            .iter()
            .map(|h| w.w.cedent.tranche_balance(t, h))
            .sum::<u128>()
            + w.w.cedent.tranche_balance(t, &token);
        let in_vault = w.w.cedent.tranche_balance(t, &w.vault);
        let supply = w.w.cedent.tranche_supply(t);
        let outstanding = match t {
            Tranche::Senior => snap.vault.senior.supply.u128(),
            Tranche::Junior => snap.vault.junior.supply.u128(),
        };
        // `tranche_supply` is cw20's supply less what the vault holds: redeemed
        // tokens stay with the vault and are nobody's claim.
        if held != supply || outstanding != held {
            return Err(format!(
                "{t}: holders {held}, vault {in_vault}, outstanding supply {supply}, vault counts {outstanding}"
            ));
        }
    }
    Ok(())
}

/// Senior is owed at least its principal and is whole while junior has value.
pub fn senior_whole_while_junior_has_value(_w: &World, snap: &Snapshot) -> Result<(), String> {
    let s = &snap.vault;
    if s.senior_entitlement < s.senior_principal {
        return Err(format!(
            "senior entitlement {} below principal {}",
            s.senior_entitlement, s.senior_principal
        ));
    }
    let senior = s.senior.value + s.senior.pending_value;
    let junior = s.junior.value + s.junior.pending_value;
    ensure(junior.is_zero() || senior == s.senior_entitlement, || {
        format!(
            "junior holds {junior} while senior {senior} is short of {}",
            s.senior_entitlement
        )
    })
}

// ------------------------------------------------------------------ bridges

/// Every in-flight item of a bridge, all pages.
pub fn in_flight(w: &World, side_a: bool) -> Vec<InFlightItem> {
    let mut all = vec![];
    let mut start_after = None;
    loop {
        let msg = bridge::QueryMsg::InFlight {
            start_after,
            limit: Some(30),
        };
        let page: bridge::InFlightResponse = if side_a {
            w.w.query_a(&msg)
        } else {
            w.w.query_b(&msg)
        };
        let n = page.items.len();
        start_after = page.items.last().map(|i| i.id);
        all.extend(page.items);
        if n < 30 {
            return all;
        }
    }
}

fn sum(items: &[InFlightItem], keep: impl Fn(&InFlightItem) -> bool) -> u128 {
    items
        .iter()
        .filter(|i| keep(i))
        .map(|i| i.amount.u128())
        .sum()
}

/// The cedent's bridge holds the premium of cession packets in flight and of
/// premium transfers that came back, and the stray funds that reached it and
/// governance has not swept yet; nothing else.
pub fn cedent_bridge_holds_its_books(w: &World, snap: &Snapshot) -> Result<(), String> {
    let items = &snap.in_flight_a;
    let held = sum(items, |i| {
        matches!(i.kind, InFlightKind::CessionPacket { .. })
            || (matches!(i.kind, InFlightKind::PremiumTransfer { .. })
                && i.status == InFlightStatus::Returned)
    });
    let bank = w.collateral_of(&w.w.bridge_a);
    ensure(bank == held + w.stray_a, || {
        format!(
            "bank {bank} != premium held for {} items {held} + stray {}",
            items.len(),
            w.stray_a
        )
    })
}

/// Every packet the cedent's bridge counts in flight is still committed on
/// chain A (neither acknowledged nor timed out): an ack, a timeout or a
/// governance settlement always reaches the books, whatever channel the
/// packet travelled on.
pub fn cedent_packets_in_flight_are_pending(w: &World, snap: &Snapshot) -> Result<(), String> {
    let pending: Vec<(String, bridge::BridgePacket)> =
        w.w.host_a
            .pending(&w.w.cedent.app)
            .into_iter()
            .filter(|p| p.transfer.is_none())
            .filter_map(|p| {
                let data = cosmwasm_std::from_json(&p.packet.data).ok()?;
                Some((p.packet.src.channel_id, data))
            })
            .collect();
    for item in &snap.in_flight_a {
        let found = match item.kind {
            InFlightKind::CessionPacket { cover_id } => pending.iter().any(|(ch, p)| {
                *ch == item.channel_id
                    && matches!(p, bridge::BridgePacket::Cession(c) if c.cover_id == cover_id)
            }),
            InFlightKind::RecoveryPacket { loss } => pending.iter().any(|(ch, p)| {
                *ch == item.channel_id
                    && matches!(p, bridge::BridgePacket::Recovery(r)
                        if r.loss == loss && r.attempt == item.attempt)
            }),
            _ => true,
        };
        if !found {
            return Err(format!(
                "in-flight item {} ({:?} on {}) is no longer pending on chain A",
                item.id, item.kind, item.channel_id
            ));
        }
    }
    Ok(())
}

/// A stuck packet governance settled is no longer in flight: the settlement
/// reached the books (an ignored one would strand the premium or the loss).
pub fn a_settled_packet_leaves_flight(w: &World, snap: &Snapshot) -> Result<(), String> {
    match w
        .step
        .settled_packets
        .iter()
        .find(|id| snap.in_flight_a.iter().any(|i| i.id == **id))
    {
        None => Ok(()),
        Some(id) => Err(format!(
            "packet {id} is still in flight after governance settled it"
        )),
    }
}

/// The reinsurer's bridge holds its capital plus premiums arrived, less the
/// recoveries that left and the capital governance withdrew.
pub fn reinsurer_bridge_holds_its_books(w: &World, snap: &Snapshot) -> Result<(), String> {
    let t = &snap.treaty_b;
    let returned = sum(&snap.in_flight_b, |i| i.status == InFlightStatus::Returned);
    let bank = w.w.balance_b(&w.w.bridge_b);
    // checked: books this far off are a break, not a panic of the checker
    let expected = (t.recoveries_paid + t.recoveries_due)
        .u128()
        .checked_sub(returned)
        .and_then(|left| {
            (REINSURER_CAPITAL + t.premium_paid.u128())
                .checked_sub(left)?
                .checked_sub(t.capital_withdrawn.u128())
        });
    let left = (t.recoveries_paid + t.recoveries_due)
        .u128()
        .saturating_sub(returned);
    ensure(expected == Some(bank), || {
        format!(
            "bank {bank} != capital {REINSURER_CAPITAL} + premium {} - recoveries out {left} - withdrawn {}",
            t.premium_paid, t.capital_withdrawn
        )
    })
}

// ------------------------------------------------------------------ conservation

/// Every collateral token minted on chain A sits with a known account.
pub fn collateral_conserved_on_chain_a(w: &World, snap: &Snapshot) -> Result<(), String> {
    let total = snap.collateral_a;
    ensure(total == w.minted_collateral, || {
        format!("accounts hold {total}, {} minted", w.minted_collateral)
    })
}

/// Every assessor token minted sits with a known account.
pub fn assessor_denom_conserved(w: &World, snap: &Snapshot) -> Result<(), String> {
    let total = snap.assessor_a;
    ensure(total == w.minted_assessor, || {
        format!("accounts hold {total}, {} minted", w.minted_assessor)
    })
}

/// ICS-20: A's escrow is in its host, and backs one for one the vouchers on
/// B plus the transfers on their way either side.
pub fn vouchers_backed_by_escrow(w: &World, _snap: &Snapshot) -> Result<(), String> {
    let escrow = w.w.escrow_a();
    let host = w.collateral_of(&w.w.host_a.addr);
    if host != escrow {
        return Err(format!("host A holds {host}, escrow books {escrow}"));
    }
    let in_transit: u128 =
        w.w.host_a
            .pending(&w.w.cedent.app)
            .into_iter()
            .chain(w.w.host_b.pending(&w.w.reinsurer))
            .filter_map(|p| p.transfer)
            .filter(|t| t.coin.denom == DENOM || t.coin.denom == w.w.voucher)
            .map(|t| t.coin.amount.u128())
            .sum();
    let vouchers: u128 = w.accounts_b().iter().map(|a| w.w.balance_b(a)).sum();
    ensure(vouchers + in_transit == escrow, || {
        format!("vouchers on B {vouchers} + in transit {in_transit} != escrow on A {escrow}")
    })
}

fn loss_of(w: &World, loss: bridge::LossId) -> Option<LossResponse> {
    w.w.cedent
        .app
        .wrap()
        .query_wasm_smart(&w.w.bridge_a, &bridge::QueryMsg::Loss { loss })
        .ok()
}

/// The cedent credited exactly the recoveries of the losses it marks paid,
/// each once, and never more than the reinsurer accepted to pay.
pub fn no_recovery_credited_twice(w: &World, snap: &Snapshot) -> Result<(), String> {
    let (a, b) = (&snap.treaty_a, &snap.treaty_b);
    let paid_losses: u128 = w
        .losses
        .iter()
        .filter_map(|l| loss_of(w, *l))
        .filter(|l| l.status == LossStatus::Paid)
        .map(|l| l.recovery.u128())
        .sum::<u128>()
        + w.settled_recoveries;
    if a.recoveries_paid.u128() != paid_losses {
        return Err(format!(
            "cedent booked {} recovered, its paid losses add up to {paid_losses}",
            a.recoveries_paid
        ));
    }
    if a.recoveries_paid < w.last_recoveries_paid {
        return Err(format!(
            "recoveries paid fell from {} to {}",
            w.last_recoveries_paid, a.recoveries_paid
        ));
    }
    ensure(
        a.recoveries_paid <= b.recoveries_paid + b.recoveries_due,
        || {
            format!(
                "cedent credited {}, the reinsurer accepted {} (paid {} + due {})",
                a.recoveries_paid,
                b.recoveries_paid + b.recoveries_due,
                b.recoveries_paid,
                b.recoveries_due
            )
        },
    )
}

/// `ibc_packet_receive` never fails: a refusal is an error ack the contract writes.
pub fn receiving_never_fails(w: &World, _snap: &Snapshot) -> Result<(), String> {
    match w.step.receive_errors.first() {
        None => Ok(()),
        Some(e) => Err(e.clone()),
    }
}

/// After the checks: remember what the next step compares with, and stop
/// following losses that settled.
pub fn after_step(w: &mut World, snap: &Snapshot) {
    w.last_pool = (
        snap.pool.total_assets,
        snap.pool.total_shares,
        snap.pool.reinsurance_receivable,
    );
    w.last_recoveries_paid = snap.treaty_a.recoveries_paid;
    let paid = std::mem::take(&mut w.step.payouts);
    w.paid_events.extend(paid);
    let mut keep = vec![];
    for l in std::mem::take(&mut w.losses) {
        match loss_of(w, l) {
            Some(r) if r.status == LossStatus::Paid => w.settled_recoveries += r.recovery.u128(),
            Some(_) => keep.push(l),
            // no record: the cover was not ceded (or its cession did not go through)
            None => {}
        }
    }
    w.losses = keep;
}
