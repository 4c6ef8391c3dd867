//! The demo: the whole protocol on two embedded chains, driven through the
//! real contracts with cw-multi-test messages (the testing kit's
//! `ReinsuranceBuilder` world), told as a timeline and closed with a
//! reconciled balance sheet.

use anyhow::{bail, ensure, Context, Result};
use cosmwasm_std::{Addr, Decimal, Timestamp};
use insurance_common::claims_court::Outcome;
use insurance_common::reinsurance_bridge::{self as bridge, LossId, LossResponse, LossStatus};
use insurance_common::risk_pool::DAY;
use insurance_common::tranche_vault::Tranche;
use insurance_testing::court::ASSESSOR_DENOM;
use insurance_testing::ibc::Relayed;
use insurance_testing::reinsurance::{
    quota_share_terms, ReinsuranceBuilder, ReinsuranceWorld, CAPITAL_PROVIDER,
};
use insurance_testing::suite::{DISCRETIONARY_PRODUCT, PARAMETRIC_PRODUCT};
use insurance_testing::{SuiteBuilder, DENOM};

use crate::ledger::{BalanceSheet, Line};
use crate::scenario::Scenario;
use crate::timeline::{amount, price, Chain, Timeline};

/// What the first buyer holds beyond the premium and the claim deposit.
const BUYER_FUNDS: u128 = 30_000;
const PARAMETRIC_BUYER_FUNDS: u128 = 5_000;
const PARAMETRIC_DAYS: u64 = 60;
const ASSESSOR_BONDS: [u128; 4] = [400, 300, 200, 100];
const ASSESSORS: [&str; 4] = ["assessor1", "assessor2", "assessor3", "assessor4"];
const PARAMETRIC_BUYERS: [&str; 2] = ["bob", "carol"];
const DEPEG_ASSET: &str = "USDC";
/// The demo ends this many days after the start.
const END_DAY: u64 = 60;

/// Key figures of a run, for tests and the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub premium_discretionary: u128,
    pub ceded_premium: u128,
    pub claim_paid: u128,
    pub recovery: u128,
    pub parametric_paid: u128,
    pub share_price_start: Decimal,
    pub share_price_end: Decimal,
    pub junior_price_before_loss: Decimal,
    pub junior_price_after_loss: Decimal,
    pub senior_price_before_loss: Decimal,
    pub senior_price_after_loss: Decimal,
    pub junior_price_end: Decimal,
    pub senior_price_end: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoResult {
    pub scenario: Scenario,
    pub timeline: Timeline,
    pub figures: Figures,
    pub balance_sheet: BalanceSheet,
}

impl DemoResult {
    pub fn render(&self) -> String {
        let s = &self.scenario;
        let f = &self.figures;
        let mut out = format!(
            "simulator demo --seed {}: the insurance protocol on two embedded chains (real contracts, cw-multi-test)\n\nTIMELINE\n",
            s.seed
        );
        out.push_str(&self.timeline.render());
        out.push_str("\nSUMMARY\n");
        out.push_str(&format!(
            "  discretionary claim paid {} ({} recovered from the reinsurer over IBC); parametric incident paid {}\n",
            amount(f.claim_paid),
            amount(f.recovery),
            amount(f.parametric_paid)
        ));
        out.push_str(&format!(
            "  pool unit (10^6 shares) {} -> {}; junior {} -> {} at the loss -> {} at the end; senior {} -> {} -> {}\n",
            price(f.share_price_start),
            price(f.share_price_end),
            price(f.junior_price_before_loss),
            price(f.junior_price_after_loss),
            price(f.junior_price_end),
            price(f.senior_price_before_loss),
            price(f.senior_price_after_loss),
            price(f.senior_price_end),
        ));
        out.push_str(
            "\nBALANCE SHEET (bank balances; start = after genesis, with every minted test fund)\n",
        );
        out.push_str(&self.balance_sheet.render());
        out.push_str(&format!(
            "\nRESULT: {}\n",
            if self.balance_sheet.reconciles() {
                "every chain reconciles: no token created or lost"
            } else {
                "RECONCILIATION FAILED"
            }
        ));
        out
    }
}

/// What one chapter of the story hands on to the next.
#[derive(Default)]
struct Plot {
    /// Alice's discretionary cover.
    cover_id: u64,
    /// The depeg covers: (buyer's name, address, cover id).
    parametric_covers: Vec<(&'static str, Addr, u64)>,
    claim_id: u64,
    loss_id: Option<LossId>,
}

/// One account the balance sheet follows.
struct Account {
    chain: Chain,
    group: &'static str,
    name: String,
    addr: Option<Addr>,
}

struct Demo {
    w: ReinsuranceWorld,
    s: Scenario,
    t: Timeline,
    accounts: Vec<Account>,
    oracle: Option<Addr>,
}

/// Runs the demo for `seed`.
pub fn run(seed: u64) -> Result<DemoResult> {
    let s = Scenario::from_seed(seed);
    let mut cedent = SuiteBuilder::new()
        .with_funds("staker", s.stake)
        .with_funds("junior_fund", s.junior)
        .with_funds("senior_fund", s.senior)
        .with_funds("alice", BUYER_FUNDS);
    for b in PARAMETRIC_BUYERS {
        cedent = cedent.with_funds(b, PARAMETRIC_BUYER_FUNDS);
    }
    let builder = ReinsuranceBuilder::new(cedent).with_capital(s.reinsurer_capital);
    let mut d = Demo {
        w: builder.build(),
        s,
        t: Timeline::default(),
        accounts: vec![],
        oracle: None,
    };
    d.genesis()?;
    d.register_accounts();
    let minted = d.minted();
    let start = d.snapshot();
    let figures = d.story()?;
    let end = d.snapshot();
    let lines = d
        .rows()
        .into_iter()
        .zip(start.into_iter().zip(end))
        .map(|((chain, denom, group, name), (start, end))| Line {
            chain,
            denom,
            group,
            name,
            start,
            end,
        })
        .collect();
    Ok(DemoResult {
        scenario: d.s,
        timeline: d.t,
        figures,
        balance_sheet: BalanceSheet::new(lines, &minted),
    })
}

impl Demo {
    fn now_a(&self) -> Timestamp {
        self.w.cedent.now()
    }

    fn now_b(&self) -> Timestamp {
        self.w.reinsurer.block_info().time
    }

    fn a(&self, name: &str) -> Addr {
        self.w.cedent.addr(name)
    }

    fn event_a(&mut self, actor: &str, action: impl Into<String>, figures: Vec<(&str, String)>) {
        let now = self.now_a();
        self.t.push(now, Chain::Cedent, actor, action, figures);
    }

    fn event_b(&mut self, actor: &str, action: impl Into<String>, figures: Vec<(&str, String)>) {
        let now = self.now_b();
        self.t.push(now, Chain::Reinsurer, actor, action, figures);
    }

    fn advance_to_day(&mut self, day: u64) {
        let start = self.t.start.unwrap_or_else(|| self.now_a());
        let target = start.plus_seconds(day * DAY);
        let now = self.now_a();
        if target > now {
            self.w.advance_time(target.seconds() - now.seconds());
        }
    }

    fn junior_price(&self) -> Decimal {
        self.w.cedent.tranche(Tranche::Junior).price
    }

    fn senior_price(&self) -> Decimal {
        self.w.cedent.tranche(Tranche::Senior).price
    }

    /// Value of one deposited unit: the pool's share price times the 10⁶
    /// shares a unit mints at the start (the virtual offset).
    fn share_price(&self) -> Decimal {
        self.w.cedent.pool_state().share_price * Decimal::from_ratio(1_000_000u128, 1u128)
    }

    fn prices(&self) -> Vec<(&'static str, String)> {
        vec![
            ("pool unit", price(self.share_price())),
            ("junior", price(self.junior_price())),
            ("senior", price(self.senior_price())),
        ]
    }

    /// Relays everything pending both ways; every packet must succeed.
    fn relay(&mut self) -> Result<Vec<Relayed>> {
        let relayed = self.w.relay_all();
        for r in &relayed {
            if let Some(e) = &r.receive_error {
                bail!("a packet's receive failed: {e}");
            }
            ensure!(!r.timed_out(), "a packet timed out: {:?}", r.packet);
            ensure!(r.is_success(), "a packet was refused: {:?}", r.error());
        }
        Ok(relayed)
    }

    /// Governance deploys the rest (the builders deployed the pool, NFT,
    /// court and both bridges, opened the channels, registered the treaty and
    /// sent the reinsurer's capital), and the assessors get their tokens.
    fn genesis(&mut self) -> Result<()> {
        let treaty = self.w.treaty_a();
        let terms = &treaty.terms;
        ensure!(
            terms == &quota_share_terms(terms.start),
            "the world's treaty is not the 30 % quota share of the discretionary product"
        );
        let (pool, nft, court) = (
            self.w.cedent.pool.to_string(),
            self.w.cedent.cover_nft.to_string(),
            self.w.cedent.claims_court.to_string(),
        );
        self.event_a(
            "governance",
            "instantiates risk-pool, cover-nft, claims-court; sets companions; lists 2 products",
            vec![
                ("pool", short(&pool)),
                ("nft", short(&nft)),
                ("court", short(&court)),
            ],
        );
        let (bridge_a, bridge_b) = (self.w.bridge_a.to_string(), self.w.bridge_b.to_string());
        self.event_a(
            "governance",
            "instantiates the reinsurance bridge; relayer opens bridge + ICS-20 channels",
            vec![
                ("bridge A", short(&bridge_a)),
                ("bridge B", short(&bridge_b)),
                ("channel", self.w.channel_a.clone()),
            ],
        );
        self.event_b(
            "governance A+B",
            "register the treaty on both bridges: 30% quota share of product 1",
            vec![
                ("capacity", amount(terms.capacity.u128())),
                ("until", crate::timeline::datetime(terms.end)),
            ],
        );
        let capital = self.w.capital;
        let on_b = self.w.balance_b(&self.w.bridge_b);
        self.event_b(
            "capital provider",
            "funds the reinsurer over ICS-20 (escrow on A, voucher on B)",
            vec![("sent", amount(capital)), ("reinsurer holds", amount(on_b))],
        );
        let vault = self.w.cedent.deploy_tranche_vault();
        self.event_a(
            "governance",
            "instantiates tranche-vault (+ SENIOR/JUNIOR cw20) and registers it with the pool",
            vec![("vault", short(vault.as_str()))],
        );
        let oracle = self
            .w
            .cedent
            .deploy_mock_oracle(&[(DEPEG_ASSET, Decimal::one())]);
        self.w
            .cedent
            .set_price_trigger(
                PARAMETRIC_PRODUCT,
                &oracle,
                DEPEG_ASSET,
                Decimal::percent(95),
                Decimal::percent(50),
            )
            .context("governance sets the depeg trigger")?;
        self.event_a(
            "governance",
            "sets product 2's trigger: USDC below 0.95 pays 50% (oracle)",
            vec![("oracle", short(oracle.as_str()))],
        );
        self.oracle = Some(oracle);
        for (name, bond) in ASSESSORS.into_iter().zip(ASSESSOR_BONDS) {
            let who = self.a(name);
            self.w.cedent.fund_assessor(&who, bond);
        }
        Ok(())
    }
}

impl Demo {
    /// The story, chapter by chapter; each hands on what the next needs.
    fn story(&mut self) -> Result<Figures> {
        let mut f = Figures {
            share_price_start: self.share_price(),
            ..Figures::default()
        };
        let mut plot = Plot::default();
        self.capital()?;
        self.assessors_bond()?;
        self.cover_sales(&mut f, &mut plot)?;
        self.exploit(&mut f, &mut plot)?;
        self.recovery(&mut f, &plot)?;
        self.votes_settled(&plot)?;
        self.depeg(&mut f, &mut plot)?;
        self.income()?;
        f.share_price_end = self.share_price();
        f.junior_price_end = self.junior_price();
        f.senior_price_end = self.senior_price();
        Ok(f)
    }

    /// Capital: the staker directly, then junior before senior (subordination).
    fn capital(&mut self) -> Result<()> {
        let s = self.s.clone();
        let staker = self.a("staker");
        self.w
            .cedent
            .deposit(&staker, s.stake)
            .context("the staker deposits")?;
        let shares = self.w.cedent.staker(&staker).shares;
        self.event_a(
            "staker",
            "deposits in the risk pool",
            vec![
                ("amount", amount(s.stake)),
                ("shares", amount(shares.u128())),
                ("pool unit", price(self.share_price())),
            ],
        );
        for (name, tranche, value) in [
            ("junior_fund", Tranche::Junior, s.junior),
            ("senior_fund", Tranche::Senior, s.senior),
        ] {
            let who = self.a(name);
            self.w
                .cedent
                .deposit_tranche(&who, tranche, value)
                .with_context(|| format!("{name} deposits in the vault"))?;
            let tokens = self.w.cedent.tranche_balance(tranche, &who);
            let sub = self.w.cedent.subordination();
            let label = match tranche {
                Tranche::Junior => "junior",
                Tranche::Senior => "senior",
            };
            self.event_a(
                name,
                format!("deposits in the tranche vault ({label}); the vault stakes it in the pool"),
                vec![
                    ("amount", amount(value)),
                    ("tokens", amount(tokens)),
                    ("junior share", price(sub.junior_share)),
                ],
            );
        }
        let capital = self.w.cedent.pool_state().total_assets.u128();
        ensure!(
            capital == s.stake + s.junior + s.senior,
            "pool capital {capital} after the deposits"
        );
        Ok(())
    }

    /// The assessors bond the governance token.
    fn assessors_bond(&mut self) -> Result<()> {
        for (name, bond) in ASSESSORS.into_iter().zip(ASSESSOR_BONDS) {
            let who = self.a(name);
            self.w
                .cedent
                .bond(&who, bond)
                .with_context(|| format!("{name} bonds"))?;
        }
        let bonded = self.w.cedent.court_state().total_bonded.u128();
        self.event_a(
            "assessors",
            "4 assessors bond the governance token in the claims court",
            vec![("bonded", format!("{} {ASSESSOR_DENOM}", amount(bonded)))],
        );
        Ok(())
    }

    /// Cover: alice's discretionary cover is ceded to the reinsurer; two buyers take depeg cover.
    fn cover_sales(&mut self, f: &mut Figures, plot: &mut Plot) -> Result<()> {
        let s = self.s.clone();
        let alice = self.a("alice");
        let quote = self
            .w
            .cedent
            .quote(DISCRETIONARY_PRODUCT, s.cover, s.cover_days * DAY)
            .context("quote")?;
        let cover_id = self
            .w
            .cedent
            .buy_cover(&alice, DISCRETIONARY_PRODUCT, s.cover, s.cover_days * DAY)
            .context("alice buys cover")?;
        self.event_a(
            "alice",
            format!(
                "buys {} days of exploit cover (product 1), NFT #{cover_id}",
                s.cover_days
            ),
            vec![
                ("cover", amount(s.cover)),
                ("premium", amount(quote.premium.u128())),
                ("treasury", amount(quote.to_treasury.u128())),
                ("claims fund", amount(quote.to_claims_fund.u128())),
                ("ceded", amount(quote.ceded.u128())),
                ("stakers", amount(quote.to_stakers.u128())),
            ],
        );
        let relayed = self.relay().context("relay the cession")?;
        let tb = self.w.treaty_b();
        self.event_b(
            "relayer",
            format!(
                "relays {} packets: cession accepted, ceded premium arrives over ICS-20",
                relayed.len()
            ),
            vec![
                ("exposure", amount(tb.ledger.exposure.u128())),
                ("premium", amount(tb.ledger.premium_paid.u128())),
                (
                    "reinsurer holds",
                    amount(self.w.balance_b(&self.w.bridge_b)),
                ),
            ],
        );
        ensure!(
            tb.ledger.premium_paid == quote.ceded,
            "the reinsurer got {} of ceded premium {}",
            tb.ledger.premium_paid,
            quote.ceded
        );

        let mut parametric_covers = vec![];
        for (name, cover) in PARAMETRIC_BUYERS.into_iter().zip(s.parametric) {
            let who = self.a(name);
            let q = self
                .w
                .cedent
                .quote(PARAMETRIC_PRODUCT, cover, PARAMETRIC_DAYS * DAY)
                .context("quote")?;
            let id = self
                .w
                .cedent
                .buy_cover(&who, PARAMETRIC_PRODUCT, cover, PARAMETRIC_DAYS * DAY)
                .with_context(|| format!("{name} buys cover"))?;
            parametric_covers.push((name, who, id));
            self.event_a(
                name,
                format!("buys {PARAMETRIC_DAYS} days of depeg cover (product 2), NFT #{id}"),
                vec![
                    ("cover", amount(cover)),
                    ("premium", amount(q.premium.u128())),
                ],
            );
        }
        f.premium_discretionary = quote.premium.u128();
        f.ceded_premium = quote.ceded.u128();
        plot.cover_id = cover_id;
        plot.parametric_covers = parametric_covers;
        Ok(())
    }

    /// The exploit: alice files, assessors vote, anyone executes; junior takes the loss first.
    fn exploit(&mut self, f: &mut Figures, plot: &mut Plot) -> Result<()> {
        let s = self.s.clone();
        let alice = self.a("alice");
        let cover_id = plot.cover_id;
        self.advance_to_day(s.exploit_day);
        let deposit = (s.loss * 5).div_ceil(100);
        let claim_id = self
            .w
            .cedent
            .file_claim(&alice, cover_id, s.loss, deposit)
            .context("alice files a claim")?;
        self.event_a(
            "alice",
            format!("the covered protocol is exploited: files claim #{claim_id}, NFT locked"),
            vec![("claim", amount(s.loss)), ("deposit", amount(deposit))],
        );
        self.w.advance_time(3_600);
        for (i, name) in ASSESSORS.into_iter().enumerate() {
            let who = self.a(name);
            let approve = i != s.dissenter;
            self.w
                .cedent
                .vote(&who, claim_id, approve)
                .with_context(|| format!("{name} votes"))?;
            let weight = self.w.cedent.vote_of(claim_id, &who).weight;
            self.event_a(
                name,
                format!(
                    "votes {} claim #{claim_id}",
                    if approve { "FOR" } else { "AGAINST" }
                ),
                vec![("weight", amount(weight.u128()))],
            );
        }
        let voting_end = self.w.cedent.claim(claim_id).voting_end;
        self.w
            .advance_time(voting_end.seconds() - self.now_a().seconds());
        let c = self.w.cedent.claim(claim_id);
        ensure!(
            c.outcome == Some(Outcome::Accepted),
            "claim outcome {:?}",
            c.outcome
        );
        self.event_a(
            "claims court",
            format!(
                "voting closes: claim #{claim_id} ACCEPTED, cooldown for a governance overturn"
            ),
            vec![
                ("for", amount(c.tally.votes_for.u128())),
                ("against", amount(c.tally.votes_against.u128())),
                ("quorum", amount(c.tally.quorum.u128())),
            ],
        );
        let executable_at = c.executable_at.context("no execution time")?;
        self.w.advance_time(
            executable_at
                .seconds()
                .saturating_sub(self.now_a().seconds()),
        );
        let junior_price_before_loss = self.junior_price();
        let senior_price_before_loss = self.senior_price();
        let keeper = self.a("keeper");
        let alice_before = self.w.balance_a(&alice);
        self.w
            .cedent
            .execute_claim(&keeper, claim_id)
            .context("the keeper executes the claim")?;
        let claim_paid = self.w.cedent.claim(claim_id).paid.u128();
        ensure!(claim_paid == s.loss, "claim paid {claim_paid}");
        let received = self.w.balance_a(&alice) - alice_before;
        let loss_id = LossId {
            cover_id,
            sequence: 1,
        };
        let loss: LossResponse = self.w.query_a(&bridge::QueryMsg::Loss { loss: loss_id });
        let junior_price_after_loss = self.junior_price();
        let senior_price_after_loss = self.senior_price();
        let mut figures = vec![
            ("payout", amount(claim_paid)),
            ("alice receives (payout + deposit)", amount(received)),
            ("recovery requested", amount(loss.recovery.u128())),
        ];
        figures.extend(self.prices());
        self.event_a(
            "keeper",
            format!("executes claim #{claim_id}: the pool pays alice, junior takes the loss first"),
            figures,
        );
        ensure!(
            junior_price_after_loss < junior_price_before_loss,
            "junior did not absorb the loss"
        );
        ensure!(
            senior_price_after_loss >= senior_price_before_loss,
            "senior lost value while junior had some"
        );
        f.claim_paid = claim_paid;
        f.junior_price_before_loss = junior_price_before_loss;
        f.junior_price_after_loss = junior_price_after_loss;
        f.senior_price_before_loss = senior_price_before_loss;
        f.senior_price_after_loss = senior_price_after_loss;
        plot.claim_id = claim_id;
        plot.loss_id = Some(loss_id);
        Ok(())
    }

    /// The reinsurer on the partner chain pays its share over IBC.
    fn recovery(&mut self, f: &mut Figures, plot: &Plot) -> Result<()> {
        let loss_id = plot.loss_id.context("no loss recorded")?;
        let relayed = self.relay().context("relay the recovery")?;
        let loss: LossResponse = self.w.query_a(&bridge::QueryMsg::Loss { loss: loss_id });
        ensure!(
            loss.status == LossStatus::Paid,
            "recovery {:?}",
            loss.status
        );
        let recovery = loss.recovery.u128();
        let mut figures = vec![
            ("recovery", amount(recovery)),
            (
                "reinsurer holds",
                amount(self.w.balance_b(&self.w.bridge_b)),
            ),
        ];
        figures.extend(self.prices());
        self.event_b(
            "reinsurer",
            format!(
                "pays its 30% share over IBC ({} packets relayed); the bridge credits the pool",
                relayed.len()
            ),
            figures,
        );
        f.recovery = recovery;
        Ok(())
    }

    /// Assessors are paid (winners) or slashed (the dissenter).
    fn votes_settled(&mut self, plot: &Plot) -> Result<()> {
        let keeper = self.a("keeper");
        let claim_id = plot.claim_id;
        for name in ASSESSORS {
            let who = self.a(name);
            let v = self.w.cedent.vote_of(claim_id, &who);
            self.w
                .cedent
                .settle_vote(&keeper, claim_id, &who)
                .with_context(|| format!("settle {name}'s vote"))?;
            let figure = if v.pending_slash.is_zero() {
                ("reward", amount(v.pending_reward.u128()))
            } else {
                (
                    "slashed to treasury",
                    format!("{} {ASSESSOR_DENOM}", amount(v.pending_slash.u128())),
                )
            };
            self.event_a("keeper", format!("settles {name}'s vote"), vec![figure]);
        }
        Ok(())
    }

    /// The depeg: the oracle fires, holders claim without a vote.
    fn depeg(&mut self, f: &mut Figures, plot: &mut Plot) -> Result<()> {
        let s = self.s.clone();
        let keeper = self.a("keeper");
        let parametric_covers = std::mem::take(&mut plot.parametric_covers);
        self.advance_to_day(s.depeg_day);
        let oracle = self.oracle.clone().context("no oracle")?;
        self.w
            .cedent
            .set_price(&oracle, DEPEG_ASSET, s.depeg_price, None);
        let incident_id = self
            .w
            .cedent
            .check_trigger(&keeper, PARAMETRIC_PRODUCT)
            .context("check the trigger")?;
        self.event_a(
            "keeper",
            format!("USDC depegs; checks the trigger: incident #{incident_id} confirmed"),
            vec![
                ("price", price(s.depeg_price)),
                ("threshold", price(Decimal::percent(95))),
                ("ratio", "50%".to_string()),
            ],
        );
        let mut parametric_paid = 0;
        for (name, who, id) in parametric_covers {
            let before = self.w.balance_a(&who);
            self.w
                .cedent
                .claim_incident(&who, incident_id, id)
                .with_context(|| format!("{name} claims the incident"))?;
            let paid = self.w.balance_a(&who) - before;
            parametric_paid += paid;
            let mut figures = vec![("payout", amount(paid))];
            figures.extend(self.prices());
            self.event_a(
                name,
                format!("claims incident #{incident_id} on NFT #{id} (no vote)"),
                figures,
            );
        }
        let relayed = self.relay().context("relay after the incident")?;
        ensure!(
            relayed.is_empty(),
            "the parametric product is not ceded, yet {} packets moved",
            relayed.len()
        );
        f.parametric_paid = parametric_paid;
        Ok(())
    }

    /// Income: the vault harvests, the staker claims its premium; the books close.
    fn income(&mut self) -> Result<()> {
        let keeper = self.a("keeper");
        let staker = self.a("staker");
        self.advance_to_day(END_DAY);
        let harvested = self.w.cedent.vault_state().unclaimed_rewards.u128();
        self.w
            .cedent
            .harvest(&keeper)
            .context("the vault harvests")?;
        let mut figures = vec![("harvested", amount(harvested))];
        figures.extend(self.prices());
        self.event_a(
            "keeper",
            "harvests the vault's premium income (senior target first, junior the rest)",
            figures,
        );
        let before = self.w.balance_a(&staker);
        self.w
            .cedent
            .claim_rewards(&staker)
            .context("the staker claims rewards")?;
        let value = self.w.cedent.staker(&staker).value;
        self.event_a(
            "staker",
            "claims its streamed premium",
            vec![
                ("rewards", amount(self.w.balance_a(&staker) - before)),
                ("stake value", amount(value.u128())),
            ],
        );
        let p = self.w.cedent.pool_state();
        let bank = self.w.balance_a(&self.w.cedent.pool);
        ensure!(
            bank == (p.total_assets - p.reinsurance_receivable + p.reward_reserve + p.claims_fund)
                .u128(),
            "the pool's bank balance {bank} differs from its books"
        );
        ensure!(
            self.w.in_flight_a().is_empty() && self.w.in_flight_b().is_empty(),
            "IBC items still in flight at the end"
        );
        self.event_a(
            "pool",
            "end of the story: books match the bank balance",
            vec![
                ("capital", amount(p.total_assets.u128())),
                ("reward reserve", amount(p.reward_reserve.u128())),
                ("claims fund", amount(p.claims_fund.u128())),
                ("active cover", amount(p.active_cover.u128())),
            ],
        );

        let junior_value = self.w.cedent.tranche(Tranche::Junior).value.u128();
        let senior_value = self.w.cedent.tranche(Tranche::Senior).value.u128();
        self.event_a(
            "vault",
            "positions at the end (claims on the pool's capital, not bank balances)",
            vec![
                ("staker stake", amount(value.u128())),
                ("junior tokens worth", amount(junior_value)),
                ("senior tokens worth", amount(senior_value)),
            ],
        );
        Ok(())
    }

    /// Every account that can hold a token in the demo, on both chains.
    fn register_accounts(&mut self) {
        let mut a = |group: &'static str, name: &str, addr: Addr| {
            self.accounts.push(Account {
                chain: Chain::Cedent,
                group,
                name: name.to_string(),
                addr: Some(addr),
            });
        };
        let s = &self.w.cedent;
        a("staker", "staker", s.addr("staker"));
        a("junior holder", "junior_fund", s.addr("junior_fund"));
        a("senior holder", "senior_fund", s.addr("senior_fund"));
        for name in ["alice"].into_iter().chain(PARAMETRIC_BUYERS) {
            a("buyer", name, s.addr(name));
        }
        for name in ASSESSORS {
            a("assessor", name, s.addr(name));
        }
        a("keeper", "keeper", s.addr("keeper"));
        a("governance", "governance", s.governance.clone());
        a("treasury", "treasury", s.treasury.clone());
        a("pool", "risk-pool", s.pool.clone());
        a("court", "claims-court", s.claims_court.clone());
        a("nft", "cover-nft", s.cover_nft.clone());
        let vault = s.vault();
        a("vault", "tranche-vault", vault);
        a("token", "junior cw20", s.tranche_token(Tranche::Junior));
        a("token", "senior cw20", s.tranche_token(Tranche::Senior));
        if let Some(oracle) = self.oracle.clone() {
            a("oracle", "mock-oracle", oracle);
        }
        a("capital", CAPITAL_PROVIDER, s.addr(CAPITAL_PROVIDER));
        a("bridge", "cedent bridge", self.w.bridge_a.clone());
        a("ibc", "ICS-20 escrow", self.w.host_a.addr.clone());
        let mut b = |group: &'static str, name: &str, addr: Option<Addr>| {
            self.accounts.push(Account {
                chain: Chain::Reinsurer,
                group,
                name: name.to_string(),
                addr,
            });
        };
        b(
            "reinsurer",
            "reinsurer bridge",
            Some(self.w.bridge_b.clone()),
        );
        b("ibc", "ICS-20 module", Some(self.w.host_b.addr.clone()));
        b(
            "governance",
            "partner gov",
            Some(self.w.governance_b.clone()),
        );
        // Not an account: the vouchers' backing, minus A's escrow (net of
        // transfers in transit), so that B's column sums to zero exactly when
        // every voucher is backed one for one.
        b("ibc", "backing: A's escrow", None);
    }

    /// (chain, denom, group, name) of every balance-sheet row, in order.
    fn rows(&self) -> Vec<(Chain, String, String, String)> {
        let mut rows = vec![];
        for (chain, denom) in self.denoms() {
            for acc in self.accounts.iter().filter(|a| a.chain == chain) {
                rows.push((
                    chain,
                    denom.clone(),
                    acc.group.to_string(),
                    acc.name.clone(),
                ));
            }
        }
        rows
    }

    fn denoms(&self) -> Vec<(Chain, String)> {
        vec![
            (Chain::Cedent, DENOM.to_string()),
            (Chain::Cedent, ASSESSOR_DENOM.to_string()),
            (Chain::Reinsurer, self.w.voucher.clone()),
        ]
    }

    /// Balances in the order of `rows`.
    fn snapshot(&self) -> Vec<i128> {
        let mut out = vec![];
        for (chain, denom) in self.denoms() {
            for acc in self.accounts.iter().filter(|a| a.chain == chain) {
                let v = match (&acc.addr, chain) {
                    (Some(addr), Chain::Cedent) => self.w.cedent.balance_of(addr, &denom) as i128,
                    (Some(addr), Chain::Reinsurer) => {
                        self.w
                            .reinsurer
                            .wrap()
                            .query_balance(addr, &denom)
                            .map(|c| c.amount.u128())
                            .unwrap_or_default() as i128
                    }
                    (None, _) => -(self.w.escrow_a() as i128 - self.in_transit() as i128),
                };
                out.push(v);
            }
        }
        out
    }

    /// ICS-20 amounts escrowed or burned on one side and not yet minted or
    /// released on the other.
    fn in_transit(&self) -> u128 {
        self.w
            .host_a
            .pending(&self.w.cedent.app)
            .into_iter()
            .chain(self.w.host_b.pending(&self.w.reinsurer))
            .filter_map(|p| p.transfer)
            .map(|t| t.coin.amount.u128())
            .sum()
    }

    /// The test funds minted at genesis, per chain and denom.
    fn minted(&self) -> Vec<(Chain, String, i128)> {
        let s = &self.s;
        let collateral = s.stake
            + s.junior
            + s.senior
            + BUYER_FUNDS
            + PARAMETRIC_BUYER_FUNDS * PARAMETRIC_BUYERS.len() as u128
            + self.w.capital;
        vec![
            (Chain::Cedent, DENOM.to_string(), collateral as i128),
            (
                Chain::Cedent,
                ASSESSOR_DENOM.to_string(),
                ASSESSOR_BONDS.iter().sum::<u128>() as i128,
            ),
            // Vouchers are only minted by ICS-20 against A's escrow.
            (Chain::Reinsurer, self.w.voucher.clone(), 0),
        ]
    }
}

/// A shortened address for the timeline.
fn short(addr: &str) -> String {
    if addr.len() <= 16 {
        addr.to_string()
    } else {
        format!("{}…{}", &addr[..10], &addr[addr.len() - 4..])
    }
}
