//! The benchmark's deployment, its prior-state population and the measured
//! actions, all as real contract calls on the artifacts.

use std::path::Path;

use cosmwasm_std::{coins, from_json, Addr, Decimal, Uint128};
use insurance_common::claims_court::{self, CourtParams};
use insurance_common::cover_nft::{self, Policy, PolicyStatus};
use insurance_common::risk_pool::{
    self, ClaimMethod, DepositResponse, GovernanceMsg, PoolParams, ProductInfo,
    RequestUnbondResponse, DAY,
};
use insurance_common::tranche_vault::{self, TokenParams, Tranche, VaultParams};

use crate::chain::Chain;
use crate::gas::{sdk_estimate, SdkGas};

pub const DENOM: &str = "uusdc";
pub const ASSESSOR_DENOM: &str = "uinsr";
const PRODUCT: u32 = 1;
const ASSESSORS: usize = 4;
const PRIOR_STAKE: u128 = 10_000;
const PRIOR_COVER: u128 = 1_000;
const COVER_DURATION: u64 = 365 * DAY;
const MAX_PREMIUM: u128 = 10_000;

/// The artifacts the benchmark loads.
pub const ARTIFACTS: [&str; 5] = [
    "risk_pool",
    "cover_nft",
    "claims_court",
    "cw20_base",
    "tranche_vault",
];
/// The code id the tranche vault instantiates its cw20-base tokens from.
const CW20_CODE_ID: u64 = 1;

/// The measured actions, in the order they run at each size.
pub const ACTIONS: [&str; 11] = [
    "stake (risk-pool Deposit)",
    "buy cover (risk-pool BuyCover)",
    "file claim (claims-court FileClaim)",
    "vote (claims-court Vote)",
    "unbond (risk-pool RequestUnbond)",
    "execute payout (claims-court ExecuteClaim)",
    "withdraw (risk-pool Withdraw)",
    "cw20 transfer (cw20-base 2.0)",
    "cw721 mint (cover-nft, cw721 0.22)",
    "tranche deposit (tranche-vault Deposit junior)",
    "tranche redeem (junior cw20 Send to the vault)",
];

/// One action measured once.
#[derive(Clone, Debug)]
pub struct Measurement {
    pub action: String,
    pub contracts: Vec<String>,
    pub calls: u64,
    pub replies: u64,
    pub queries: u64,
    pub vm_gas: u64,
    pub sdk: SdkGas,
}

/// Reads every artifact the benchmark needs, or says which is missing.
pub fn load_artifacts(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    ARTIFACTS
        .iter()
        .map(|name| {
            let path = dir.join(format!("{name}.wasm"));
            std::fs::read(&path)
                .map(|wasm| (name.to_string(), wasm))
                .map_err(|e| {
                    format!(
                        "{}: {e}; run scripts/build.sh first (or pass --artifacts DIR)",
                        path.display()
                    )
                })
        })
        .collect()
}

/// The deployed protocol and what has been done on it.
pub struct Bench {
    pub chain: Chain,
    pool: Addr,
    nft: Addr,
    court: Addr,
    cw20: Addr,
    cw20_holder: Addr,
    vault: Addr,
    junior: Addr,
    assessors: Vec<Addr>,
    /// Prior stakers, covers and claims created so far.
    pub population: u64,
    covers_sold: u64,
    claims_filed: u64,
    round: u64,
}

impl Bench {
    /// Loads the artifacts into a fresh chain and deploys the protocol as a
    /// governance proposal would.
    pub fn deploy(artifacts: &[(String, Vec<u8>)]) -> Result<Self, String> {
        let mut chain = Chain::new();
        let gov = chain.addr("governance");
        let treasury = chain.addr("treasury");
        let pool = chain.addr("risk_pool");
        let nft = chain.addr("cover_nft");
        let court = chain.addr("claims_court");
        let cw20 = chain.addr("cw20_base");
        let cw20_holder = chain.addr("cw20_holder");
        let vault = chain.addr("tranche_vault");
        for (name, wasm) in artifacts {
            let addr = match name.as_str() {
                "risk_pool" => &pool,
                "cover_nft" => &nft,
                "claims_court" => &court,
                "cw20_base" => {
                    chain.store_code(CW20_CODE_ID, name, wasm);
                    &cw20
                }
                "tranche_vault" => &vault,
                other => return Err(format!("unexpected artifact {other}")),
            };
            chain.store(name, addr, wasm)?;
        }
        chain.instantiate(
            &pool,
            &gov,
            &risk_pool::InstantiateMsg {
                collateral_denom: DENOM.to_string(),
                governance: gov.to_string(),
                treasury: treasury.to_string(),
                params: PoolParams::default(),
            },
        )?;
        chain.instantiate(
            &nft,
            &gov,
            &cover_nft::InstantiateMsg {
                name: "Insurance Cover".to_string(),
                symbol: "COVER".to_string(),
                risk_pool: pool.to_string(),
                governance: gov.to_string(),
                claims_court: Some(court.to_string()),
            },
        )?;
        chain.instantiate(
            &court,
            &gov,
            &claims_court::InstantiateMsg {
                governance: gov.to_string(),
                risk_pool: pool.to_string(),
                cover_nft: nft.to_string(),
                assessor_denom: ASSESSOR_DENOM.to_string(),
                params: CourtParams::default(),
            },
        )?;
        // the vault instantiates its two tranche tokens (cw20-base) itself
        chain.instantiate(
            &vault,
            &gov,
            &tranche_vault::InstantiateMsg {
                risk_pool: pool.to_string(),
                governance: gov.to_string(),
                cw20_code_id: CW20_CODE_ID,
                senior_token: TokenParams {
                    name: "Insurance Senior Tranche".to_string(),
                    symbol: "SENIOR".to_string(),
                },
                junior_token: TokenParams {
                    name: "Insurance Junior Tranche".to_string(),
                    symbol: "JUNIOR".to_string(),
                },
                decimals: 6,
                params: VaultParams::default(),
            },
        )?;
        let config: tranche_vault::ConfigResponse =
            chain.query(&vault, &tranche_vault::QueryMsg::Config {})?;
        let junior = config.junior_token;
        chain.sudo(
            &pool,
            &GovernanceMsg::SetCompanions {
                cover_nft: Some(nft.to_string()),
                claims_court: Some(court.to_string()),
                tranche_vault: Some(vault.to_string()),
                reinsurance_bridge: None,
            },
        )?;
        chain.sudo(
            &pool,
            &GovernanceMsg::AddProduct {
                product: ProductInfo {
                    id: PRODUCT,
                    name: "Smart contract exploit cover".to_string(),
                    base_annual_rate: Decimal::percent(2),
                    capacity_weight: Decimal::one(),
                    grace_period: 30 * DAY,
                    claim_method: ClaimMethod::Discretionary,
                },
            },
        )?;
        chain.instantiate(
            &cw20,
            &gov,
            &serde_json::json!({
                "name": "Benchmark Token",
                "symbol": "BENCH",
                "decimals": 6,
                "initial_balances": [{"address": cw20_holder.to_string(), "amount": "1000000000000"}],
                "mint": null,
                "marketing": null,
            }),
        )?;
        // capital that keeps capacity and the minimum capital far from binding
        let whale = chain.addr("whale");
        chain.mint(&whale, &coins(1_000_000_000_000, DENOM));
        chain.execute(
            &pool,
            &whale,
            &risk_pool::ExecuteMsg::Deposit {},
            &coins(1_000_000_000_000, DENOM),
        )?;
        let mut assessors = vec![];
        for i in 0..ASSESSORS {
            let a = chain.addr(&format!("assessor{i}"));
            chain.mint(&a, &coins(1_000_000, ASSESSOR_DENOM));
            chain.execute(
                &court,
                &a,
                &claims_court::ExecuteMsg::Bond {},
                &coins(1_000_000, ASSESSOR_DENOM),
            )?;
            assessors.push(a);
        }
        chain.advance(60);
        Ok(Bench {
            chain,
            pool,
            nft,
            court,
            cw20,
            cw20_holder,
            vault,
            junior,
            assessors,
            population: 0,
            covers_sold: 0,
            claims_filed: 0,
            round: 0,
        })
    }

    fn deposit(&mut self, who: &Addr, amount: u128) -> Result<Uint128, String> {
        self.chain.mint(who, &coins(amount, DENOM));
        let data = self.chain.execute(
            &self.pool,
            who,
            &risk_pool::ExecuteMsg::Deposit {},
            &coins(amount, DENOM),
        )?;
        let data = data.ok_or("Deposit returns no data")?;
        let res: DepositResponse = from_json(&data).map_err(|e| e.to_string())?;
        Ok(res.shares)
    }

    /// Buys cover; returns its id (the pool numbers covers 1, 2, ...).
    fn buy_cover(&mut self, who: &Addr, amount: u128) -> Result<u64, String> {
        self.chain.mint(who, &coins(MAX_PREMIUM, DENOM));
        self.chain.execute(
            &self.pool,
            who,
            &risk_pool::ExecuteMsg::BuyCover {
                product_id: PRODUCT,
                amount: Uint128::new(amount),
                duration: COVER_DURATION,
                max_premium: Uint128::new(MAX_PREMIUM),
            },
            &coins(MAX_PREMIUM, DENOM),
        )?;
        self.covers_sold += 1;
        Ok(self.covers_sold)
    }

    /// Files a claim for 10 % of the cover with a 5 % deposit; returns its id.
    fn file_claim(&mut self, who: &Addr, cover_id: u64, cover: u128) -> Result<u64, String> {
        let amount = cover / 10;
        let deposit = amount.div_ceil(20);
        self.chain.mint(who, &coins(deposit, DENOM));
        self.chain.execute(
            &self.court,
            who,
            &claims_court::ExecuteMsg::FileClaim {
                cover_id,
                amount: Uint128::new(amount),
                description: "exploit".to_string(),
                evidence: Some("ipfs://post-mortem".to_string()),
            },
            &coins(deposit, DENOM),
        )?;
        self.claims_filed += 1;
        Ok(self.claims_filed)
    }

    /// Adds prior stakers, covers and open claims until there are `target`
    /// of each: a deposit from a distinct address, a cover bought by a
    /// distinct buyer (minting its NFT) and a claim filed on it (locking it).
    pub fn populate(&mut self, target: u64) -> Result<(), String> {
        while self.population < target {
            let i = self.population;
            let staker = self.chain.addr(&format!("prior-staker-{i}"));
            self.deposit(&staker, PRIOR_STAKE)?;
            let buyer = self.chain.addr(&format!("prior-buyer-{i}"));
            let cover_id = self.buy_cover(&buyer, PRIOR_COVER)?;
            self.file_claim(&buyer, cover_id, PRIOR_COVER)?;
            self.population += 1;
        }
        // a block later, as the measured actions would be
        self.chain.advance(5);
        Ok(())
    }

    fn measure(
        &mut self,
        action: &str,
        run: impl FnOnce(&mut Self) -> Result<(), String>,
    ) -> Result<Measurement, String> {
        self.chain.take_tally();
        let before = self.chain.vm_gas_used();
        run(self).map_err(|e| format!("{action}: {e}"))?;
        let vm_gas = self.chain.vm_gas_used() - before;
        let tally = self.chain.take_tally();
        Ok(Measurement {
            action: action.to_string(),
            contracts: tally.touched.iter().cloned().collect(),
            calls: tally.executes,
            replies: tally.replies,
            queries: tally.queries,
            vm_gas,
            sdk: sdk_estimate(vm_gas, &tally),
        })
    }

    /// Runs every action in [`ACTIONS`] once on the current state, with
    /// fresh actors; advances the clock past voting, cooldown and unbonding.
    pub fn measure_actions(&mut self) -> Result<Vec<Measurement>, String> {
        self.round += 1;
        let r = self.round;
        let staker = self.chain.addr(&format!("bench-staker-{r}"));
        let buyer = self.chain.addr(&format!("bench-buyer-{r}"));
        let keeper = self.chain.addr("keeper");
        let mut out = vec![];

        let stake = 1_000_000u128;
        let mut shares = Uint128::zero();
        out.push(self.measure(ACTIONS[0], |b| {
            shares = b.deposit(&staker, stake)?;
            Ok(())
        })?);

        let cover = 100_000u128;
        let mut cover_id = 0;
        out.push(self.measure(ACTIONS[1], |b| {
            cover_id = b.buy_cover(&buyer, cover)?;
            Ok(())
        })?);

        let mut claim_id = 0;
        out.push(self.measure(ACTIONS[2], |b| {
            claim_id = b.file_claim(&buyer, cover_id, cover)?;
            Ok(())
        })?);

        let assessors = self.assessors.clone();
        out.push(self.measure(ACTIONS[3], |b| {
            b.chain
                .execute(
                    &b.court,
                    &assessors[0],
                    &claims_court::ExecuteMsg::Vote {
                        claim_id,
                        approve: true,
                    },
                    &[],
                )
                .map(|_| ())
        })?);
        for a in &assessors[1..] {
            self.chain.execute(
                &self.court,
                a,
                &claims_court::ExecuteMsg::Vote {
                    claim_id,
                    approve: true,
                },
                &[],
            )?;
        }

        let mut unbonding_id = 0;
        out.push(self.measure(ACTIONS[4], |b| {
            let data = b
                .chain
                .execute(
                    &b.pool,
                    &staker,
                    &risk_pool::ExecuteMsg::RequestUnbond { shares },
                    &[],
                )?
                .ok_or("RequestUnbond returns no data")?;
            let res: RequestUnbondResponse = from_json(&data).map_err(|e| e.to_string())?;
            unbonding_id = res.unbonding_id;
            Ok(())
        })?);

        // voting period and cooldown
        self.chain.advance(4 * DAY + 3_600);
        out.push(self.measure(ACTIONS[5], |b| {
            b.chain
                .execute(
                    &b.court,
                    &keeper,
                    &claims_court::ExecuteMsg::ExecuteClaim { claim_id },
                    &[],
                )
                .map(|_| ())
        })?);

        // the rest of the unbonding period
        self.chain
            .advance(PoolParams::default().unbonding_period + 3_600);
        out.push(self.measure(ACTIONS[6], |b| {
            b.chain
                .execute(
                    &b.pool,
                    &staker,
                    &risk_pool::ExecuteMsg::Withdraw { unbonding_id },
                    &[],
                )
                .map(|_| ())
        })?);

        let recipient = self.chain.addr(&format!("bench-cw20-recipient-{r}"));
        let holder = self.cw20_holder.clone();
        out.push(self.measure(ACTIONS[7], |b| {
            b.chain
                .execute(
                    &b.cw20,
                    &holder,
                    &cw20::Cw20ExecuteMsg::Transfer {
                        recipient: recipient.to_string(),
                        amount: Uint128::new(1_000),
                    },
                    &[],
                )
                .map(|_| ())
        })?);

        // the pool's mint message, sent by the pool, for a token id the pool
        // will never reach
        let now = self.chain.block_time();
        let token = 1_000_000_000 + r;
        let owner = self.chain.addr(&format!("bench-nft-owner-{r}"));
        let pool = self.pool.clone();
        out.push(self.measure(ACTIONS[8], |b| {
            b.chain
                .execute(
                    &b.nft,
                    &pool,
                    &cover_nft::ExecuteMsg::Mint {
                        token_id: token.to_string(),
                        owner: owner.to_string(),
                        policy: Policy {
                            cover_id: token,
                            product_id: PRODUCT,
                            denom: DENOM.to_string(),
                            cover_amount: Uint128::new(cover),
                            remaining_amount: Uint128::new(cover),
                            premium: Uint128::new(100),
                            start: now,
                            end: now.plus_seconds(COVER_DURATION),
                            grace_period: 30 * DAY,
                            status: PolicyStatus::Active,
                        },
                    },
                    &[],
                )
                .map(|_| ())
        })?);
        let depositor = self.chain.addr(&format!("bench-tranche-depositor-{r}"));
        let amount = 1_000_000u128;
        self.chain.mint(&depositor, &coins(amount, DENOM));
        out.push(self.measure(ACTIONS[9], |b| {
            b.chain
                .execute(
                    &b.vault,
                    &depositor,
                    &tranche_vault::ExecuteMsg::Deposit {
                        tranche: Tranche::Junior,
                    },
                    &coins(amount, DENOM),
                )
                .map(|_| ())
        })?);
        let balance: cw20::BalanceResponse = self.chain.query(
            &self.junior,
            &cw20::Cw20QueryMsg::Balance {
                address: depositor.to_string(),
            },
        )?;
        let redeem = balance.balance.u128() / 2;
        out.push(self.measure(ACTIONS[10], |b| {
            let hook = cosmwasm_std::to_json_binary(&tranche_vault::ReceiveMsg::Redeem {})
                .map_err(|e| e.to_string())?;
            b.chain
                .execute(
                    &b.junior,
                    &depositor,
                    &cw20::Cw20ExecuteMsg::Send {
                        contract: b.vault.to_string(),
                        amount: Uint128::new(redeem),
                        msg: hook,
                    },
                    &[],
                )
                .map(|_| ())
        })?);
        Ok(out)
    }
}
