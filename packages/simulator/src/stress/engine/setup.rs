//! A path's world: the contracts deployed and funded as governance and the
//! first capital providers would.

use super::reinsurance::ensure_relayed;
use super::*;

/// The API of a path's chains: `MockApi`'s answers, remembered (see
/// `FastApi`), on 20-byte addresses; the reinsurer's gets the same API.
pub fn chain_api() -> FastApi {
    FastApi::new("cosmwasm")
        .with_account_len(ACCOUNT_LEN)
        .with_contract_len(CONTRACT_LEN)
}

/// The cedent's chain of a path: the kit's lean chain (see `FastChain`).
pub fn chain() -> FastChain {
    FastChain::new(chain_api())
}

impl<'a> PathSim<'a> {
    /// Deploys everything for one path and funds the starting capital.
    pub fn new(cfg: &'a StressConfig, path: u32, seed: u64) -> Result<Self> {
        PathSim::new_on(chain(), cfg, path, seed)
    }
}

impl<'a, C: WorldChain> PathSim<'a, C> {
    /// [`PathSim::new`] on `chain`.
    pub fn new_on(chain: C, cfg: &'a StressConfig, path: u32, seed: u64) -> Result<Self> {
        let started = Instant::now();
        let genesis = App::default().block_info().time;
        let year = 365 * DAY;
        let ceded: Vec<u32> = cfg.ceded_products().map(|(i, _)| i as u32 + 1).collect();
        let terms = TreatyTerms {
            id: TREATY_ID,
            kind: TreatyKind::QuotaShare {
                share: ratio(cfg.reinsurance.quota_share),
            },
            start: genesis,
            end: genesis.plus_seconds(year),
            capacity: Uint128::new(cfg.reinsurance.annual_capacity),
            cedent_denom: DENOM.to_string(),
            products: ceded,
        };
        let products = cfg
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| ProductInfo {
                id: i as u32 + 1,
                name: p.name.clone(),
                base_annual_rate: ratio(p.base_annual_rate),
                capacity_weight: ratio(p.capacity_weight),
                grace_period: match p.kind {
                    ProductKind::Discretionary => 30 * DAY,
                    ProductKind::Parametric => 14 * DAY,
                },
                claim_method: match p.kind {
                    ProductKind::Discretionary => ClaimMethod::Discretionary,
                    ProductKind::Parametric => ClaimMethod::Parametric,
                },
            })
            .collect();
        let c = &cfg.capital;
        let params = PoolParams {
            capacity_multiple: ratio(cfg.pool.capacity_multiple),
            min_capital_ratio: ratio(cfg.pool.min_capital_ratio),
            circuit_breaker_threshold: ratio(cfg.pool.circuit_breaker_threshold),
            ..PoolParams::default()
        };
        let mut suite = SuiteBuilder::new()
            .with_app(chain)
            .with_params(params)
            .with_products(products)
            .with_funds("junior_holder", c.junior)
            .with_funds("senior_holder", c.senior);
        for i in 0..c.stakers {
            suite = suite.with_funds(&format!("staker{i}"), c.stake);
        }
        for i in 0..BUYERS {
            suite = suite.with_funds(&format!("buyer{i}"), BUYER_FUNDS);
        }
        let mut w = ReinsuranceBuilder::new(suite)
            .with_terms(terms)
            .with_capital(cfg.reinsurance.capital)
            .build();
        ensure_relayed(&w.relay_all())?;

        let s = &mut w.cedent;
        s.deploy_tranche_vault();
        let prices: Vec<(String, Decimal)> = (0..cfg.products.len())
            .map(|i| (asset(i), Decimal::one()))
            .collect();
        let prices: Vec<(&str, Decimal)> = prices.iter().map(|(a, p)| (a.as_str(), *p)).collect();
        let oracle = s.deploy_mock_oracle(&prices);
        for (i, p) in cfg.products.iter().enumerate() {
            if let Some(payout_ratio) = p.payout_ratio {
                s.set_price_trigger(
                    i as u32 + 1,
                    &oracle,
                    &asset(i),
                    Decimal::percent(TRIGGER_THRESHOLD),
                    ratio(payout_ratio),
                )
                .context("governance sets a product's trigger")?;
            }
        }
        for name in ASSESSORS {
            let who = s.addr(name);
            s.fund_and_bond(&who, ASSESSOR_BOND)
                .context("an assessor bonds")?;
        }
        let stakers: Vec<Addr> = (0..c.stakers)
            .map(|i| s.addr(&format!("staker{i}")))
            .collect();
        for staker in &stakers {
            s.deposit(staker, c.stake).context("a staker deposits")?;
        }
        let junior_holder = s.addr("junior_holder");
        let senior_holder = s.addr("senior_holder");
        if c.junior > 0 {
            s.deposit_tranche(&junior_holder, Tranche::Junior, c.junior)
                .context("the junior holder deposits")?;
        }
        if c.senior > 0 {
            s.deposit_tranche(&senior_holder, Tranche::Senior, c.senior)
                .context("the senior holder deposits")?;
        }
        let buyers = (0..BUYERS).map(|i| s.addr(&format!("buyer{i}"))).collect();
        let keeper = s.addr("keeper");
        let assessors = ASSESSORS.iter().map(|a| s.addr(a)).collect();
        let s_capital = s.pool_state().total_assets.u128();
        let start = s.now();
        let days = cfg.period_days as f64;
        let mut sections = Sections::default();
        sections.add(Section::Setup, started.elapsed());
        Ok(PathSim {
            cfg,
            rng: super::super::stats::rng(seed),
            copula: OneFactor::new(cfg.correlation),
            oracle,
            keeper,
            stakers,
            junior_holder,
            senior_holder,
            buyers,
            next_buyer: 0,
            start,
            period_len: cfg.period_days * DAY,
            incident_probability: cfg
                .products
                .iter()
                .map(|p| per_period_probability(p.annual_frequency, days))
                .collect(),
            run_probability: per_period_probability(cfg.bank_run.annual_frequency, days),
            outage_probability: per_period_probability(cfg.reinsurance.outage_frequency, days),
            covers: VecDeque::new(),
            claims: vec![],
            exits: vec![],
            returns: vec![],
            losses: vec![],
            depegged: vec![],
            outage_until: None,
            breaker_since: None,
            treaty_end: genesis.plus_seconds(year),
            period_transactions: 0,
            paid_this_period: 0,
            capital: s_capital,
            losses_changed: false,
            period_loss: 0,
            period_credit: 0,
            loss_this_period: false,
            assessors,
            sections,
            w,
            out: PathOutcome {
                path,
                seed,
                ruined_at: None,
                below_minimum_at: None,
                junior_wiped_at: None,
                totals: Totals::default(),
                points: Vec::with_capacity(cfg.periods as usize),
                transactions: Vec::with_capacity(cfg.periods as usize),
                initial_capital: s_capital,
                period_losses: Vec::with_capacity(cfg.periods as usize),
                ruined_periods: vec![],
            },
        })
    }
}
