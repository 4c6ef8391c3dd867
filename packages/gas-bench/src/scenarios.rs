//! The benchmark's deployment, its prior-state population and the measured
//! actions, all as real contract calls on the artifacts.

use std::path::Path;

use cosmwasm_std::{
    coins, from_json, Addr, Binary, Checksum, Decimal, IbcPacket, StdAck, Timestamp, Uint128,
};
use insurance_common::claims_court::{
    self, CourtParams, IncidentRecordedResponse, ParametricTerms,
};
use insurance_common::cover_nft::{self, Policy};
use insurance_common::reinsurance_bridge::{
    self, LossId, Role, TreatyKind, TreatyTerms, BRIDGE_ORDER, BRIDGE_VERSION, TRANSFER_PORT,
};
use insurance_common::risk_pool::{
    self, BuyCoverResponse, ClaimMethod, DepositResponse, GovernanceMsg, PoolParams, ProductInfo,
    RequestUnbondResponse, DAY,
};
use insurance_common::tranche_vault::{self, TokenParams, Tranche, VaultParams};

use insurance_vm::Chain;

use crate::gas::{sdk_estimate, SdkGas};

pub const DENOM: &str = "uusdc";
pub const ASSESSOR_DENOM: &str = "uinsr";
/// Discretionary product: claims are filed and voted on.
const PRODUCT: u32 = 1;
/// Parametric product: holders claim confirmed incidents.
const PARAMETRIC_PRODUCT: u32 = 2;
/// The product the reinsurance treaty covers (see [`Bench::cede`]).
const CEDED_PRODUCT: u32 = 3;
const ASSESSORS: usize = 4;
const PRIOR_STAKE: u128 = 10_000;
const PRIOR_COVER: u128 = 1_000;
const COVER_DURATION: u64 = 365 * DAY;
const MAX_PREMIUM: u128 = 10_000;
/// Share of each parametric cover an incident pays.
const INCIDENT_PAYOUT_PERCENT: u64 = 10;
/// The court's claim window for incidents: short, so that the next incident
/// (one product has one open incident at a time) follows soon.
const INCIDENT_CLAIM_WINDOW: u64 = DAY;
/// Premium of a ceded cover as a percentage of the cover (a year at product 1's base rate).
const CEDED_PREMIUM_PERCENT: u128 = 2;
/// Ceded covers are numbered apart from the pool's covers.
const CEDED_COVER_BASE: u64 = 2_000_000_000;
const TREATY_ID: u32 = 1;
/// The bridge channel on the cedent's chain and on the reinsurer's.
const CEDENT_CHANNEL: &str = "channel-0";
const REINSURER_CHANNEL: &str = "channel-1";
/// Each chain's ICS-20 channel to the other.
const CEDENT_TRANSFER_CHANNEL: &str = "channel-10";
const REINSURER_TRANSFER_CHANNEL: &str = "channel-11";

/// The artifacts the benchmark loads.
pub const ARTIFACTS: [&str; 6] = [
    "risk_pool",
    "cover_nft",
    "claims_court",
    "cw20_base",
    "tranche_vault",
    "reinsurance_bridge",
];
/// The code id the tranche vault instantiates its cw20-base tokens from.
const CW20_CODE_ID: u64 = 1;
/// The two instances of the bridge artifact, one per chain.
const CEDENT_BRIDGE: &str = "cedent_bridge";
const REINSURER_BRIDGE: &str = "reinsurer_bridge";

/// A measured action; its row in the report is found by [`Action::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Stake,
    BuyCover,
    FileClaim,
    Vote,
    Unbond,
    ExecutePayout,
    IncidentClaim,
    Withdraw,
    Cw20Transfer,
    Cw721Mint,
    TrancheDeposit,
    TrancheRedeem,
    CessionReceive,
    CessionAck,
    RecoveryReceive,
    RecoveryAck,
}

impl Action {
    /// Every action, in the order they run at each size (the table's order).
    pub const ALL: [Action; 16] = [
        Action::Stake,
        Action::BuyCover,
        Action::FileClaim,
        Action::Vote,
        Action::Unbond,
        Action::ExecutePayout,
        Action::IncidentClaim,
        Action::Withdraw,
        Action::Cw20Transfer,
        Action::Cw721Mint,
        Action::TrancheDeposit,
        Action::TrancheRedeem,
        Action::CessionReceive,
        Action::CessionAck,
        Action::RecoveryReceive,
        Action::RecoveryAck,
    ];

    /// The action's row name in the table and the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Action::Stake => "stake (risk-pool Deposit)",
            Action::BuyCover => "buy cover (risk-pool BuyCover)",
            Action::FileClaim => "file claim (claims-court FileClaim)",
            Action::Vote => "vote (claims-court Vote)",
            Action::Unbond => "unbond (risk-pool RequestUnbond)",
            Action::ExecutePayout => "execute payout (claims-court ExecuteClaim)",
            Action::IncidentClaim => "incident claim (claims-court ClaimIncident)",
            Action::Withdraw => "withdraw (risk-pool Withdraw)",
            Action::Cw20Transfer => "cw20 transfer (cw20-base 2.0)",
            Action::Cw721Mint => "cw721 mint (cover-nft, cw721 0.22)",
            Action::TrancheDeposit => "tranche deposit (tranche-vault Deposit junior)",
            Action::TrancheRedeem => "tranche redeem (junior cw20 Send to the vault)",
            Action::CessionReceive => "bridge packet receive (Cession, reinsurer)",
            Action::CessionAck => "bridge packet ack (Cession, cedent)",
            Action::RecoveryReceive => "bridge packet receive (Recovery, reinsurer)",
            Action::RecoveryAck => "bridge packet ack (Recovery, cedent)",
        }
    }
}

/// One action measured once.
#[derive(Clone, Debug)]
pub struct Measurement {
    pub action: String,
    pub contracts: Vec<String>,
    pub calls: u64,
    pub replies: u64,
    pub queries: u64,
    pub ibc_messages: u64,
    /// Storage writes (and deletes) of every contract the action touched.
    pub writes: u64,
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
    reporter: Addr,
    cedent_bridge: Addr,
    relayer: Addr,
    treaty: TreatyTerms,
    /// Items of prior state created so far (see [`Bench::populate`]).
    pub population: u64,
    claims_filed: u64,
    cessions: u64,
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
        let cedent_bridge = chain.addr(CEDENT_BRIDGE);
        let reinsurer_bridge = chain.addr(REINSURER_BRIDGE);
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
                "reinsurance_bridge" => {
                    chain.store(REINSURER_BRIDGE, &reinsurer_bridge, wasm)?;
                    chain.store(CEDENT_BRIDGE, &cedent_bridge, wasm)?;
                    continue;
                }
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
                params: CourtParams {
                    incident_claim_window: INCIDENT_CLAIM_WINDOW,
                    // the bench's assessors bond 4 × 1_000_000
                    min_quorum: Uint128::new(1_000_000),
                    ..CourtParams::default()
                },
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
        chain.sudo(
            &pool,
            &GovernanceMsg::AddProduct {
                product: ProductInfo {
                    id: PARAMETRIC_PRODUCT,
                    name: "Stablecoin depeg cover".to_string(),
                    base_annual_rate: Decimal::percent(2),
                    capacity_weight: Decimal::one(),
                    grace_period: 30 * DAY,
                    claim_method: ClaimMethod::Parametric,
                },
            },
        )?;
        // report-only terms without a waiting period: covers bought just
        // before an incident claim it
        chain.sudo(
            &court,
            &claims_court::SudoMsg::SetTerms {
                product_id: PARAMETRIC_PRODUCT,
                terms: Some(ParametricTerms {
                    payout_ratio: Decimal::percent(INCIDENT_PAYOUT_PERCENT),
                    waiting_period: 0,
                    trigger: None,
                }),
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
        // the first deposit of a tranche also locks tokens in its token
        // contract (one more call): the measured deposits are later ones
        let first_junior = chain.addr("first-junior");
        chain.mint(&first_junior, &coins(1_000_000, DENOM));
        chain.execute(
            &vault,
            &first_junior,
            &tranche_vault::ExecuteMsg::Deposit {
                tranche: Tranche::Junior,
            },
            &coins(1_000_000, DENOM),
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
        let treaty = deploy_bridges(&mut chain, &gov, &pool, &cedent_bridge, &reinsurer_bridge)?;
        chain.advance(60);
        let reporter = chain.addr("incident-reporter");
        let relayer = chain.addr("relayer");
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
            reporter,
            cedent_bridge,
            relayer,
            treaty,
            population: 0,
            claims_filed: 0,
            cessions: 0,
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
        let data = data.data.ok_or("Deposit returns no data")?;
        let res: DepositResponse = from_json(&data).map_err(|e| e.to_string())?;
        Ok(res.shares)
    }

    /// Buys cover on `product_id`; returns its id.
    fn buy_cover(&mut self, who: &Addr, product_id: u32, amount: u128) -> Result<u64, String> {
        self.chain.mint(who, &coins(MAX_PREMIUM, DENOM));
        let data = self.chain.execute(
            &self.pool,
            who,
            &risk_pool::ExecuteMsg::BuyCover {
                product_id,
                amount: Uint128::new(amount),
                duration: COVER_DURATION,
                max_premium: Uint128::new(MAX_PREMIUM),
            },
            &coins(MAX_PREMIUM, DENOM),
        )?;
        let data = data.data.ok_or("BuyCover returns no data")?;
        let res: BuyCoverResponse = from_json(&data).map_err(|e| e.to_string())?;
        Ok(res.cover_id)
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
                incident_id: None,
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

    /// Reports an incident on the parametric product dated now and confirms
    /// it once its dispute window is over; returns its id. Covers bought up
    /// to now can claim it.
    fn confirmed_incident(&mut self) -> Result<u64, String> {
        let params = CourtParams::default();
        let reporter = self.reporter.clone();
        self.chain
            .mint(&reporter, &coins(params.incident_bond.u128(), DENOM));
        let data = self.chain.execute(
            &self.court,
            &reporter,
            &claims_court::ExecuteMsg::ReportIncident {
                product_id: PARAMETRIC_PRODUCT,
                time: self.chain.block_time(),
                evidence: "ipfs://depeg-report".to_string(),
            },
            &coins(params.incident_bond.u128(), DENOM),
        )?;
        let data = data.data.ok_or("ReportIncident returns no data")?;
        let res: IncidentRecordedResponse = from_json(&data).map_err(|e| e.to_string())?;
        self.chain.advance(params.dispute_window + 60);
        self.chain.execute(
            &self.court,
            &reporter,
            &claims_court::ExecuteMsg::ConfirmIncident {
                incident_id: res.incident_id,
            },
            &[],
        )?;
        Ok(res.incident_id)
    }

    /// Past the incident's claim window: the product takes new sales and a
    /// new incident again.
    fn incident_over(&mut self) {
        self.chain.advance(INCIDENT_CLAIM_WINDOW + 60);
    }

    fn claim_incident(
        &mut self,
        who: &Addr,
        incident_id: u64,
        cover_id: u64,
    ) -> Result<(), String> {
        self.chain
            .execute(
                &self.court,
                who,
                &claims_court::ExecuteMsg::ClaimIncident {
                    incident_id,
                    cover_id,
                },
                &[],
            )
            .map(|_| ())
            .map_err(String::from)
    }

    /// The pool's `Cede` for a new cover of the treaty's product, sent as the
    /// pool with the ceded premium. The benchmark's pool runs without the
    /// bridge companion, so that every other action is measured on a pool
    /// without reinsurance; the bridge does not ask the pool about the cover.
    /// Returns the cover id and the cession packet the bridge sent.
    fn cede(&mut self, cover_amount: u128) -> Result<(u64, IbcPacket), String> {
        self.cessions += 1;
        let cover_id = CEDED_COVER_BASE + self.cessions;
        let premium = Uint128::new(cover_amount * CEDED_PREMIUM_PERCENT / 100);
        let ceded = self
            .treaty
            .ceded_premium(premium)
            .map_err(|e| e.to_string())?;
        let pool = self.pool.clone();
        self.chain.mint(&pool, &coins(ceded.u128(), DENOM));
        let end = self.chain.block_time().plus_seconds(COVER_DURATION);
        self.chain.execute(
            &self.cedent_bridge,
            &pool,
            &reinsurance_bridge::ExecuteMsg::Pool(reinsurance_bridge::PoolMsg::Cede {
                cover_id,
                product_id: CEDED_PRODUCT,
                cover_amount: Uint128::new(cover_amount),
                premium,
                cover_end: end,
            }),
            &coins(ceded.u128(), DENOM),
        )?;
        Ok((cover_id, self.one_packet()?))
    }

    /// The pool's `RecordLoss` for the first payout on a ceded cover, sent
    /// as the pool; returns the recovery packet the bridge sent.
    fn record_loss(&mut self, cover_id: u64, amount: u128) -> Result<IbcPacket, String> {
        let pool = self.pool.clone();
        // The bridge books the expected recovery on the pool, which takes it
        // from its bridge only: attach it for this call, detach it after.
        self.chain.sudo(
            &pool,
            &GovernanceMsg::SetCompanions {
                cover_nft: None,
                claims_court: None,
                tranche_vault: None,
                reinsurance_bridge: Some(self.cedent_bridge.to_string()),
            },
        )?;
        self.chain.execute(
            &self.cedent_bridge,
            &pool,
            &reinsurance_bridge::ExecuteMsg::Pool(reinsurance_bridge::PoolMsg::RecordLoss {
                loss: LossId {
                    cover_id,
                    sequence: 1,
                },
                amount: Uint128::new(amount),
                event: risk_pool::LossEvent::Claim { claim_id: cover_id },
            }),
            &[],
        )?;
        self.chain
            .sudo(&pool, &GovernanceMsg::DetachReinsuranceBridge {})?;
        self.one_packet()
    }

    fn one_packet(&mut self) -> Result<IbcPacket, String> {
        let packets = self.chain.take_packets();
        let sent = packets.len();
        <[IbcPacket; 1]>::try_from(packets)
            .map(|[packet]| packet)
            .map_err(|_| format!("expected one packet, the bridge sent {sent}"))
    }

    /// The reinsurer's bridge receives `packet`; returns its ack, which must
    /// be a success (a refusal would measure another path).
    fn receive(&mut self, packet: &IbcPacket) -> Result<Binary, String> {
        let relayer = self.relayer.clone();
        let ack = self.chain.receive_packet(packet, &relayer)?;
        match from_json::<StdAck>(&ack).map_err(|e| e.to_string())? {
            StdAck::Success(_) => Ok(ack),
            StdAck::Error(reason) => Err(format!("the reinsurer refused the packet: {reason}")),
        }
    }

    /// The cedent's bridge handles the ack of `packet`.
    fn acknowledge(&mut self, packet: &IbcPacket, ack: &Binary) -> Result<(), String> {
        let relayer = self.relayer.clone();
        self.chain
            .acknowledge_packet(packet, ack, &relayer)
            .map_err(String::from)
    }

    /// Adds prior state until there are `target` items of each kind:
    /// a deposit from a distinct staker; a cover on the discretionary
    /// product bought by a distinct buyer (minting its NFT) with a claim
    /// filed on it (locking it, left open); a cover on the parametric
    /// product bought by another distinct buyer, which claims an incident
    /// (one incident per call, reported and confirmed once the new covers
    /// are bought); a cession on the treaty, relayed to the reinsurer and
    /// acknowledged back.
    pub fn populate(&mut self, target: u64) -> Result<(), String> {
        let mut parametric = vec![];
        while self.population < target {
            let i = self.population;
            let staker = self.chain.addr(&format!("prior-staker-{i}"));
            self.deposit(&staker, PRIOR_STAKE)?;
            let buyer = self.chain.addr(&format!("prior-buyer-{i}"));
            let cover_id = self.buy_cover(&buyer, PRODUCT, PRIOR_COVER)?;
            self.file_claim(&buyer, cover_id, PRIOR_COVER)?;
            let holder = self.chain.addr(&format!("prior-holder-{i}"));
            let cover_id = self.buy_cover(&holder, PARAMETRIC_PRODUCT, PRIOR_COVER)?;
            parametric.push((holder, cover_id));
            let (_, packet) = self.cede(PRIOR_COVER)?;
            let ack = self.receive(&packet)?;
            self.acknowledge(&packet, &ack)?;
            self.population += 1;
        }
        if !parametric.is_empty() {
            let incident_id = self.confirmed_incident()?;
            for (holder, cover_id) in parametric {
                self.claim_incident(&holder, incident_id, cover_id)?;
            }
            self.incident_over();
        }
        // a block later, as the measured actions would be
        self.chain.advance(5);
        Ok(())
    }

    fn measure(
        &mut self,
        action: Action,
        run: impl FnOnce(&mut Self) -> Result<(), String>,
    ) -> Result<Measurement, String> {
        self.chain.take_tally();
        let before = self.chain.vm_gas_used();
        run(self).map_err(|e| format!("{}: {e}", action.name()))?;
        let vm_gas = self.chain.vm_gas_used() - before;
        let tally = self.chain.take_tally();
        Ok(Measurement {
            action: action.name().to_string(),
            contracts: tally.touched.iter().cloned().collect(),
            calls: tally.executes,
            replies: tally.replies,
            queries: tally.queries,
            ibc_messages: tally.ibc_messages,
            writes: tally.kv.writes + tally.kv.deletes,
            vm_gas,
            sdk: sdk_estimate(vm_gas, &tally),
        })
    }

    /// Runs every action in [`Action::ALL`] once on the current state, with
    /// fresh actors; advances the clock past voting, cooldown, an incident's
    /// dispute window and unbonding.
    pub fn measure_actions(&mut self) -> Result<Vec<Measurement>, String> {
        self.round += 1;
        let r = self.round;
        let staker = self.chain.addr(&format!("bench-staker-{r}"));
        let buyer = self.chain.addr(&format!("bench-buyer-{r}"));
        let keeper = self.chain.addr("keeper");
        let mut out = vec![];

        let stake = 1_000_000u128;
        let mut shares = Uint128::zero();
        out.push(self.measure(Action::Stake, |b| {
            shares = b.deposit(&staker, stake)?;
            Ok(())
        })?);

        let cover = 100_000u128;
        let mut cover_id = 0;
        out.push(self.measure(Action::BuyCover, |b| {
            cover_id = b.buy_cover(&buyer, PRODUCT, cover)?;
            Ok(())
        })?);

        let mut claim_id = 0;
        out.push(self.measure(Action::FileClaim, |b| {
            claim_id = b.file_claim(&buyer, cover_id, cover)?;
            Ok(())
        })?);

        let assessors = self.assessors.clone();
        out.push(self.measure(Action::Vote, |b| {
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
                .map_err(String::from)
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
        out.push(self.measure(Action::Unbond, |b| {
            let data = b
                .chain
                .execute(
                    &b.pool,
                    &staker,
                    &risk_pool::ExecuteMsg::RequestUnbond { shares },
                    &[],
                )?
                .data
                .ok_or("RequestUnbond returns no data")?;
            let res: RequestUnbondResponse = from_json(&data).map_err(|e| e.to_string())?;
            unbonding_id = res.unbonding_id;
            Ok(())
        })?);

        // voting period and cooldown
        self.chain.advance(4 * DAY + 3_600);
        out.push(self.measure(Action::ExecutePayout, |b| {
            b.chain
                .execute(
                    &b.court,
                    &keeper,
                    &claims_court::ExecuteMsg::ExecuteClaim { claim_id },
                    &[],
                )
                .map(|_| ())
                .map_err(String::from)
        })?);

        // a parametric cover bought before an incident, claimed once the
        // incident is confirmed (after its dispute window)
        let holder = self.chain.addr(&format!("bench-holder-{r}"));
        let parametric_cover = self.buy_cover(&holder, PARAMETRIC_PRODUCT, cover)?;
        let incident_id = self.confirmed_incident()?;
        out.push(self.measure(Action::IncidentClaim, |b| {
            b.claim_incident(&holder, incident_id, parametric_cover)
        })?);
        self.incident_over();

        // the rest of the unbonding period
        self.chain
            .advance(PoolParams::default().unbonding_period + 3_600);
        out.push(self.measure(Action::Withdraw, |b| {
            b.chain
                .execute(
                    &b.pool,
                    &staker,
                    &risk_pool::ExecuteMsg::Withdraw { unbonding_id },
                    &[],
                )
                .map(|_| ())
                .map_err(String::from)
        })?);

        let recipient = self.chain.addr(&format!("bench-cw20-recipient-{r}"));
        let holder = self.cw20_holder.clone();
        out.push(self.measure(Action::Cw20Transfer, |b| {
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
                .map_err(String::from)
        })?);

        // the pool's mint message, sent by the pool, for a token id the pool
        // will never reach
        let now = self.chain.block_time();
        let token = 1_000_000_000 + r;
        let owner = self.chain.addr(&format!("bench-nft-owner-{r}"));
        let pool = self.pool.clone();
        out.push(self.measure(Action::Cw721Mint, |b| {
            b.chain
                .execute(
                    &b.nft,
                    &pool,
                    &cover_nft::ExecuteMsg::Pool(cover_nft::PoolMsg::Mint {
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
                        },
                    }),
                    &[],
                )
                .map(|_| ())
                .map_err(String::from)
        })?);
        let depositor = self.chain.addr(&format!("bench-tranche-depositor-{r}"));
        let amount = 1_000_000u128;
        self.chain.mint(&depositor, &coins(amount, DENOM));
        out.push(self.measure(Action::TrancheDeposit, |b| {
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
                .map_err(String::from)
        })?);
        let balance: cw20::BalanceResponse = self.chain.query(
            &self.junior,
            &cw20::Cw20QueryMsg::Balance {
                address: depositor.to_string(),
            },
        )?;
        let redeem = balance.balance.u128() / 2;
        out.push(self.measure(Action::TrancheRedeem, |b| {
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
                .map_err(String::from)
        })?);

        // a cession relayed to the reinsurer and acknowledged back, then a
        // loss on the ceded cover and its recovery, relayed the same way
        let (ceded_cover, packet) = self.cede(cover)?;
        let mut ack = Binary::default();
        out.push(self.measure(Action::CessionReceive, |b| {
            ack = b.receive(&packet)?;
            Ok(())
        })?);
        out.push(self.measure(Action::CessionAck, |b| b.acknowledge(&packet, &ack))?);
        let packet = self.record_loss(ceded_cover, cover / 10)?;
        out.push(self.measure(Action::RecoveryReceive, |b| {
            ack = b.receive(&packet)?;
            Ok(())
        })?);
        out.push(self.measure(Action::RecoveryAck, |b| b.acknowledge(&packet, &ack))?);
        Ok(out)
    }
}

/// The treaty both bridges register: a quota share of the ceded product's
/// covers sold from `start` for ten years, with room for any benchmark run.
fn treaty_terms(start: Timestamp) -> TreatyTerms {
    TreatyTerms {
        id: TREATY_ID,
        kind: TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        },
        start,
        end: start.plus_seconds(10 * 365 * DAY),
        capacity: Uint128::new(u128::from(u64::MAX)),
        cedent_denom: DENOM.to_string(),
        products: vec![CEDED_PRODUCT],
    }
}

/// Instantiates the cedent's bridge (attached to the pool) and the
/// reinsurer's, opens the channel between them, registers the treaty on
/// both sides by governance and funds the reinsurer in the voucher it pays
/// recoveries in (as capital would arrive over ICS-20). Returns the treaty.
fn deploy_bridges(
    chain: &mut Chain,
    gov: &Addr,
    pool: &Addr,
    cedent: &Addr,
    reinsurer: &Addr,
) -> Result<TreatyTerms, String> {
    let instantiate = |risk_pool: Option<&Addr>| reinsurance_bridge::InstantiateMsg {
        governance: gov.to_string(),
        risk_pool: risk_pool.map(Addr::to_string),
        packet_timeout: DAY,
        transfer_timeout: DAY,
        receive_gas_limit: 1_000_000,
    };
    chain.instantiate(cedent, gov, &instantiate(Some(pool)))?;
    chain.instantiate(reinsurer, gov, &instantiate(None))?;
    chain.open_channel(
        (cedent, CEDENT_CHANNEL),
        (reinsurer, REINSURER_CHANNEL),
        BRIDGE_VERSION,
        BRIDGE_ORDER,
    )?;
    let terms = treaty_terms(chain.block_time());
    for (bridge, channel_id, role, transfer_channel) in [
        (
            cedent,
            CEDENT_CHANNEL,
            Role::Cedent,
            CEDENT_TRANSFER_CHANNEL,
        ),
        (
            reinsurer,
            REINSURER_CHANNEL,
            Role::Reinsurer,
            REINSURER_TRANSFER_CHANNEL,
        ),
    ] {
        chain.sudo(
            bridge,
            &reinsurance_bridge::GovernanceMsg::RegisterTreaty {
                channel_id: channel_id.to_string(),
                role,
                transfer_channel: transfer_channel.to_string(),
                terms: terms.clone(),
            },
        )?;
    }
    let voucher = voucher_denom(REINSURER_TRANSFER_CHANNEL, DENOM);
    chain.mint(reinsurer, &coins(1_000_000_000_000, voucher));
    Ok(terms)
}

/// ICS-20 voucher of `denom` received over `channel_id`: `ibc/` and the
/// upper-case hex SHA-256 of the trace path.
fn voucher_denom(channel_id: &str, denom: &str) -> String {
    let path = format!("{TRANSFER_PORT}/{channel_id}/{denom}");
    format!(
        "ibc/{}",
        Checksum::generate(path.as_bytes()).to_hex().to_uppercase()
    )
}
