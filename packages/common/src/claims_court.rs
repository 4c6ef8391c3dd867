//! Messages of the claims court: discretionary claims decided by bonded
//! assessors, parametric incidents recorded from an oracle trigger or a
//! bonded report, appeals to chain governance, and the oracle query
//! interface the court reads triggers through.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Coin, CosmosMsg, Decimal, QuerierWrapper, StdResult,
    Timestamp, Uint128, WasmMsg,
};

use crate::risk_pool::DAY;

/// Every parameter is settable by governance. Voting terms (quorum,
/// supermajority, periods) are fixed into a claim when it is filed, so a
/// change never moves the goalposts of a claim already open.
#[cw_serde]
pub struct CourtParams {
    /// Smallest claim deposit as a share of the requested amount.
    pub min_deposit_ratio: Decimal,
    /// Seconds from filing to the end of voting.
    pub voting_period: u64,
    /// A vote landing less than this many seconds before the end of voting
    /// extends it by this many seconds.
    pub vote_extension: u64,
    /// At most this many extensions per claim.
    pub max_vote_extensions: u32,
    /// Counted votes needed, as a share of the total bonded when the claim is filed.
    pub quorum: Decimal,
    /// Floor of a claim's quorum, in the assessor denom: a claim needs
    /// `max(ceil(quorum × bonded at filing), min_quorum)` counted votes, so a
    /// claim filed while little is bonded is not decided by a dust bond.
    pub min_quorum: Uint128,
    /// Share of the counted votes that must approve for a claim to be accepted.
    pub supermajority: Decimal,
    /// A voter counts at most this share of the total bonded at the time of the vote.
    pub voter_cap: Decimal,
    /// Seconds after voting during which governance can overturn the outcome.
    pub cooldown_period: u64,
    /// Seconds after voting during which a denied claimant can appeal.
    pub appeal_window: u64,
    /// Appeal fee as a share of the claim amount (rounded up).
    pub appeal_fee_ratio: Decimal,
    /// Seconds between an assessor's unbonding request and the withdrawal.
    pub assessor_unbonding_period: u64,
    /// Share of a vote's weight an assessor loses for voting against the final outcome.
    pub slash_ratio: Decimal,
    /// Reward of the voters with the outcome of a claim, as a share of the
    /// claim amount, taken from the reward pool (capped by what it holds).
    pub assessor_reward_ratio: Decimal,
    /// Bond (collateral denom) a reporter posts with an incident report; a
    /// disputer posts the same.
    pub incident_bond: Uint128,
    /// Paid from the reward pool (capped by what it holds) to the reporter of
    /// an incident confirmed without dispute.
    pub reporter_reward: Uint128,
    /// Seconds after a report during which anyone can dispute it.
    pub dispute_window: u64,
    /// Seconds after an incident is confirmed during which holders claim.
    pub incident_claim_window: u64,
    /// A reported incident may lie at most this many seconds in the past.
    pub max_incident_age: u64,
    /// Oracle answers older than this many seconds do not fire (or re-arm) a trigger.
    pub max_oracle_age: u64,
    /// Shortest event: a fired trigger re-arms only on a price at or above its
    /// threshold observed at least this many seconds after the breach began, so
    /// a price flickering around the threshold is one event.
    pub trigger_cooldown: u64,
}

/// Default quorum floor: 10,000 assessor tokens of 6 decimals.
pub const DEFAULT_MIN_QUORUM: u128 = 10_000_000_000;

impl Default for CourtParams {
    fn default() -> Self {
        CourtParams {
            min_deposit_ratio: Decimal::percent(5),
            voting_period: 3 * DAY,
            vote_extension: DAY,
            max_vote_extensions: 3,
            quorum: Decimal::percent(30),
            min_quorum: Uint128::new(DEFAULT_MIN_QUORUM),
            supermajority: Decimal::percent(67),
            voter_cap: Decimal::percent(25),
            cooldown_period: DAY,
            appeal_window: DAY,
            appeal_fee_ratio: Decimal::percent(5),
            assessor_unbonding_period: 7 * DAY,
            slash_ratio: Decimal::percent(2),
            assessor_reward_ratio: Decimal::percent(1),
            incident_bond: Uint128::new(100_000_000),
            reporter_reward: Uint128::new(10_000_000),
            dispute_window: 2 * DAY,
            incident_claim_window: 30 * DAY,
            max_incident_age: 14 * DAY,
            max_oracle_age: 60 * 60,
            trigger_cooldown: 7 * DAY,
        }
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    pub governance: String,
    /// The court reads the collateral denom from the pool.
    pub risk_pool: String,
    pub cover_nft: String,
    /// Denom assessors bond.
    pub assessor_denom: String,
    pub params: CourtParams,
}

/// When an oracle's answer records an incident.
#[cw_serde]
pub enum TriggerCondition {
    /// The oracle's price of `asset` is strictly below `threshold`.
    PriceBelow { asset: String, threshold: Decimal },
}

/// A parametric product's oracle trigger as governance sets it.
#[cw_serde]
pub struct TriggerInfo {
    /// A contract answering `OracleQueryMsg`.
    pub oracle: String,
    pub condition: TriggerCondition,
}

/// Default seconds between a cover's start and the first incident it can claim.
pub const DEFAULT_WAITING_PERIOD: u64 = 3 * DAY;

/// A parametric product's terms, set by governance. Every incident of the
/// product pays these terms (fixed into the incident when it is recorded);
/// a reporter never chooses them.
#[cw_serde]
pub struct ParametricTerms {
    /// Share of each cover amount an incident pays, in (0, 1].
    pub payout_ratio: Decimal,
    /// A cover claims only incidents dated at least this many seconds after
    /// its start: cover cannot be bought into an event already under way.
    pub waiting_period: u64,
    /// The oracle trigger; `None` for a report-only product.
    pub trigger: Option<TriggerInfo>,
}

impl Default for ParametricTerms {
    fn default() -> Self {
        ParametricTerms {
            payout_ratio: Decimal::percent(50),
            waiting_period: DEFAULT_WAITING_PERIOD,
            trigger: None,
        }
    }
}

/// Operations reserved to chain governance: through `sudo` (x/wasm
/// `MsgSudoContract`) or `ExecuteMsg::Governance` sent by the governance address.
#[cw_serde]
pub enum GovernanceMsg {
    UpdateParams {
        params: CourtParams,
    },
    /// The assessor denom can only change while nothing is bonded or unbonding.
    UpdateConfig {
        governance: Option<String>,
        risk_pool: Option<String>,
        cover_nft: Option<String>,
        assessor_denom: Option<String>,
    },
    /// Sets (or with `None` removes) a parametric product's terms. Incidents
    /// already recorded keep the terms they were recorded with; the product's
    /// open incident and trigger state are kept.
    SetTerms {
        product_id: u32,
        terms: Option<ParametricTerms>,
    },
    /// Overturns a claim's outcome during its cooldown, or decides an appealed
    /// claim. Final: the claim can be executed at once.
    ResolveClaim {
        claim_id: u64,
        accept: bool,
    },
    /// Decides a disputed incident report. Final: the winner takes both bonds.
    ResolveIncident {
        incident_id: u64,
        valid: bool,
    },
}

pub type SudoMsg = GovernanceMsg;

#[cw_serde]
pub enum ExecuteMsg {
    // --- assessors ---
    /// Bond the assessor denom (attached) to vote.
    Bond {},
    /// Start unbonding; refused while a vote the assessor cast may still be open.
    Unbond {
        amount: Uint128,
    },
    /// Withdraw matured unbonding once every vote the assessor cast is settled.
    WithdrawBond {},

    // --- discretionary claims ---
    /// File a claim on a cover NFT (owner or approved operator), with a
    /// deposit in the collateral denom attached. Locks the NFT.
    FileClaim {
        cover_id: u64,
        amount: Uint128,
        description: String,
        /// A link to evidence (IPFS, a post-mortem).
        evidence: Option<String>,
        /// The incident (of the cover's product, reported with a bond) the
        /// claim is for: the payout then names `LossEvent::Incident`, so
        /// reinsurance and the circuit breaker aggregate one event's claims.
        incident_id: Option<u64>,
    },
    Vote {
        claim_id: u64,
        approve: bool,
    },
    /// Anyone, once the cooldown (and for a denial the appeal window) is over,
    /// or at once after a governance decision.
    ExecuteClaim {
        claim_id: u64,
    },
    /// The claimant of a denied claim, within the appeal window, with the
    /// appeal fee attached: governance decides.
    Appeal {
        claim_id: u64,
    },
    /// Settles one vote on an executed claim: a voter with the outcome is paid
    /// their share of the claim's reward, a voter against it is slashed.
    /// Anyone can settle anyone's vote (the reward always goes to the voter).
    SettleVote {
        claim_id: u64,
        voter: Option<String>,
    },
    /// Moves the pool's whole claims fund into the court's reward pool.
    FundRewards {},

    // --- parametric incidents ---
    /// Anyone: reads the product's oracle. Armed, a breach records an
    /// incident. Fired, a price at or above the threshold (observed at least
    /// `trigger_cooldown` after the breach began) re-arms the trigger; while
    /// the breach lasts it is the same incident and nothing is recorded.
    CheckTrigger {
        product_id: u32,
    },
    /// Report an incident with the incident bond attached. On a parametric
    /// product it pays the product's terms; on a discretionary product it
    /// pays nothing by itself and names the event claims are filed for.
    ReportIncident {
        product_id: u32,
        time: Timestamp,
        evidence: String,
    },
    /// Dispute a report within its dispute window with an equal bond attached.
    DisputeIncident {
        incident_id: u64,
    },
    /// Anyone, after an undisputed dispute window: confirms the incident and
    /// returns the reporter's bond with the reporter reward.
    ConfirmIncident {
        incident_id: u64,
    },
    /// The owner (or an approved operator) of a cover active at the incident
    /// time claims the incident's payout ratio of the cover amount.
    ClaimIncident {
        incident_id: u64,
        cover_id: u64,
    },
    /// Anyone, once a confirmed incident's claim window is over: releases
    /// what the incident still reserves against the pool's capital.
    CloseIncident {
        incident_id: u64,
    },

    Governance(GovernanceMsg),
}

#[cw_serde]
pub struct MigrateMsg {}

/// Data of a `FileClaim` response.
#[cw_serde]
pub struct FileClaimResponse {
    pub claim_id: u64,
}

/// Data of a `ReportIncident` or `CheckTrigger` response.
#[cw_serde]
pub struct IncidentRecordedResponse {
    pub incident_id: u64,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// The court's books: what it holds and why.
    #[returns(StateResponse)]
    State {},
    #[returns(ClaimResponse)]
    Claim { claim_id: u64 },
    #[returns(ClaimsResponse)]
    ClaimsByCover {
        cover_id: u64,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(ClaimsResponse)]
    ClaimsByClaimant {
        claimant: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(AssessorResponse)]
    Assessor { address: String },
    /// One vote with what settling it would pay or slash now.
    #[returns(VoteResponse)]
    AssessorVote { claim_id: u64, voter: String },
    /// An assessor's votes (with pending rewards and slashes), by claim id.
    #[returns(VotesResponse)]
    AssessorVotes {
        address: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A product's parametric terms and incident state.
    #[returns(TermsResponse)]
    Terms { product_id: u32 },
    #[returns(IncidentResponse)]
    Incident { incident_id: u64 },
    /// A product's incidents, by incident id.
    #[returns(IncidentsResponse)]
    Incidents {
        product_id: u32,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(IncidentClaimResponse)]
    IncidentClaim { incident_id: u64, cover_id: u64 },
    /// Whether a parametric product may be sold now: not while its oracle
    /// shows the breach or an incident on it is open. The pool asks before
    /// every parametric sale and quote.
    #[returns(SaleStatusResponse)]
    SaleStatus { product_id: u32 },
}

/// The court's configuration, stored as it is returned.
#[cw_serde]
pub struct ConfigResponse {
    pub governance: Addr,
    pub risk_pool: Addr,
    pub cover_nft: Addr,
    /// Read from the pool at instantiation: deposits, fees, bonds and rewards.
    pub collateral_denom: String,
    pub assessor_denom: String,
    pub params: CourtParams,
}

/// The court's balance of the collateral denom is `reward_pool +
/// rewards_outstanding + escrow`, and of the assessor denom `total_bonded +
/// total_unbonding` (the sum of both when the denoms are the same).
#[cw_serde]
pub struct StateResponse {
    pub total_bonded: Uint128,
    pub total_unbonding: Uint128,
    /// Collateral not yet promised to anyone: funds claim rewards and reporter rewards.
    pub reward_pool: Uint128,
    /// Rewards of executed claims that voters have not settled yet.
    pub rewards_outstanding: Uint128,
    /// Claim deposits, appeal fees and incident bonds held until a decision.
    pub escrow: Uint128,
    pub claims_filed: u64,
    pub incidents_recorded: u64,
    /// What open claims and confirmed incidents may still take from the
    /// pool (stored under `RESERVED_CLAIMS_KEY`).
    pub reserved_claims: Uint128,
}

#[cw_serde]
pub enum Outcome {
    Accepted,
    Denied,
}

/// Where a claim stands at the queried block.
#[cw_serde]
pub enum ClaimStatus {
    Voting,
    /// Voting is over; governance can still overturn the outcome.
    Cooldown,
    /// A denial the claimant can still appeal.
    AppealWindow,
    /// Anyone can execute the decision.
    Executable,
    /// Waiting for governance.
    Appealed,
    /// Executed and paid.
    Paid,
    /// Executed and denied.
    Denied,
}

#[cw_serde]
pub struct Tally {
    /// Counted (capped) weight approving.
    pub votes_for: Uint128,
    pub votes_against: Uint128,
    pub voters_for: u32,
    pub voters_against: u32,
    /// Counted weight needed.
    pub quorum: Uint128,
    pub quorum_reached: bool,
    pub supermajority: Decimal,
}

#[cw_serde]
pub struct ClaimResponse {
    pub claim_id: u64,
    pub cover_id: u64,
    pub product_id: u32,
    pub claimant: Addr,
    pub amount: Uint128,
    pub deposit: Uint128,
    pub description: String,
    pub evidence: Option<String>,
    /// The incident the claim is for, if it names one.
    pub incident_id: Option<u64>,
    pub filed_at: Timestamp,
    pub voting_end: Timestamp,
    pub cooldown_end: Timestamp,
    pub appeal_end: Timestamp,
    pub status: ClaimStatus,
    /// The outcome the claim would be executed with (final once executed);
    /// none while voting.
    pub outcome: Option<Outcome>,
    pub tally: Tally,
    pub decided_by_governance: bool,
    /// Zero unless appealed.
    pub appeal_fee: Uint128,
    /// When anyone can execute it; none while voting or appealed.
    pub executable_at: Option<Timestamp>,
    pub executed_at: Option<Timestamp>,
    /// What the pool paid the cover's owner.
    pub paid: Uint128,
    /// Reward of the voters with the outcome, set at execution.
    pub reward: Uint128,
    pub reward_settled: Uint128,
}

#[cw_serde]
pub struct ClaimsResponse {
    pub claims: Vec<ClaimResponse>,
}

#[cw_serde]
pub struct AssessorResponse {
    pub address: Addr,
    pub bonded: Uint128,
    pub unbonding: Uint128,
    pub unbonding_release: Option<Timestamp>,
    /// Unbonding is refused until then (a vote cast may still be open).
    pub locked_until: Timestamp,
    /// Votes not settled yet: the unbonding cannot be withdrawn while any remain.
    pub open_votes: u32,
    /// The weight a vote cast now would count.
    pub voting_weight: Uint128,
}

#[cw_serde]
pub struct VoteResponse {
    pub claim_id: u64,
    pub voter: Addr,
    pub approve: bool,
    /// Counted weight.
    pub weight: Uint128,
    pub settled: bool,
    /// True once the claim is executed and the vote not yet settled.
    pub settleable: bool,
    /// What settling now pays (voted with the outcome).
    pub pending_reward: Uint128,
    /// What settling now takes from the bond (voted against the outcome).
    pub pending_slash: Uint128,
}

#[cw_serde]
pub struct VotesResponse {
    pub votes: Vec<VoteResponse>,
}

#[cw_serde]
pub struct Trigger {
    pub oracle: Addr,
    pub condition: TriggerCondition,
}

#[cw_serde]
pub struct Terms {
    pub payout_ratio: Decimal,
    pub waiting_period: u64,
    pub trigger: Option<Trigger>,
}

#[cw_serde]
pub struct TermsResponse {
    pub product_id: u32,
    /// None: no incident can be recorded on the product.
    pub terms: Option<Terms>,
    /// The incident that refuses a new incident (and sales) on the product:
    /// a fired trigger not yet re-armed, or a report pending or within its
    /// claim window.
    pub open_incident: Option<u64>,
    /// When the breach the trigger fired on began, while it is not re-armed.
    pub breach_since: Option<Timestamp>,
    /// A new incident must be dated at or after this (the last event is over).
    pub next_event_from: Option<Timestamp>,
}

#[cw_serde]
pub enum IncidentSource {
    Oracle {
        oracle: Addr,
        asset: String,
        price: Decimal,
    },
    Report {
        reporter: Addr,
        evidence: String,
    },
}

#[cw_serde]
pub enum IncidentStatus {
    /// Within (or past) its dispute window, not disputed.
    Reported,
    /// Waiting for governance.
    Disputed,
    /// Holders of covers active at the incident time can claim.
    Confirmed,
    /// Governance upheld a dispute.
    Rejected,
}

impl std::fmt::Display for IncidentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IncidentStatus::Reported => "reported",
            IncidentStatus::Disputed => "disputed",
            IncidentStatus::Confirmed => "confirmed",
            IncidentStatus::Rejected => "rejected",
        })
    }
}

#[cw_serde]
pub struct IncidentResponse {
    pub incident_id: u64,
    pub product_id: u32,
    /// When the incident happened: covers active then are paid.
    pub time: Timestamp,
    /// The product's terms when the incident was recorded (zero for an
    /// incident of a discretionary product, which only names an event).
    pub payout_ratio: Decimal,
    /// An incident of a discretionary product: claims name it, nobody claims it.
    pub event_only: bool,
    pub waiting_period: u64,
    pub source: IncidentSource,
    pub status: IncidentStatus,
    /// Reporter's bond (a disputer posts the same); zero for oracle incidents.
    pub bond: Uint128,
    pub disputer: Option<Addr>,
    pub recorded_at: Timestamp,
    pub dispute_end: Timestamp,
    /// True for a report past its dispute window, not disputed and not yet confirmed.
    pub confirmable: bool,
    pub confirmed_at: Option<Timestamp>,
    pub claim_end: Option<Timestamp>,
    pub claims: u64,
    pub paid: Uint128,
    /// What the incident still reserves against the pool's capital: the
    /// payout ratio of the product's active cover at confirmation, less what
    /// was claimed, until the claim window ends.
    pub reserved: Uint128,
}

#[cw_serde]
pub struct IncidentsResponse {
    pub incidents: Vec<IncidentResponse>,
}

#[cw_serde]
pub struct IncidentClaimResponse {
    pub incident_id: u64,
    pub cover_id: u64,
    pub claimed: bool,
    pub amount: Uint128,
}

/// Why a parametric product is not sold now.
#[cw_serde]
pub enum SaleBlock {
    /// The oracle's latest price meets the trigger's condition.
    OracleBreach { price: Decimal, threshold: Decimal },
    /// The trigger's oracle does not answer: the court cannot tell.
    OracleUnavailable {},
    /// An incident on the product is open (a fired trigger not yet re-armed,
    /// or a report pending or within its claim window).
    IncidentOpen { incident_id: u64 },
}

impl std::fmt::Display for SaleBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaleBlock::OracleBreach { price, threshold } => {
                write!(f, "the oracle shows {price}, below {threshold}")
            }
            SaleBlock::OracleUnavailable {} => write!(f, "the oracle does not answer"),
            SaleBlock::IncidentOpen { incident_id } => write!(f, "incident {incident_id} is open"),
        }
    }
}

#[cw_serde]
pub struct SaleStatusResponse {
    pub product_id: u32,
    /// None: the product may be sold.
    pub blocked: Option<SaleBlock>,
}

// --- oracles ---

/// What the court asks a trigger's oracle. A mock (testing kit) and adapters
/// to real oracles answer it.
#[cw_serde]
#[derive(QueryResponses)]
pub enum OracleQueryMsg {
    #[returns(PriceResponse)]
    Price { asset: String },
}

#[cw_serde]
pub struct PriceResponse {
    pub price: Decimal,
    /// When the price was observed.
    pub updated_at: Timestamp,
}

/// Typed handle on a deployed claims court for other contracts.
#[cw_serde]
pub struct ClaimsCourtContract(pub Addr);

/// Storage key of the court's `Item<Uint128>` holding what claims filed and
/// not yet executed, and confirmed incidents within their claim window, may
/// still take from the pool. Part of the court's API:
/// the pool reads it raw (no smart query) when stakers withdraw.
pub const RESERVED_CLAIMS_KEY: &str = "reserved_claims";

/// Storage key of the court's open claims: a `Map<u64, u64>` from a cover id
/// to the id of the claim open on it. Part of the court's API: the cover NFT
/// reads it raw, and refuses to move a token while a claim is open on it.
pub const OPEN_CLAIMS_KEY: &str = "open_claims";

impl ClaimsCourtContract {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// What open and accepted, not yet executed, claims may still take from the pool.
    pub fn reserved_claims(&self, querier: &QuerierWrapper) -> StdResult<Uint128> {
        match querier.query_wasm_raw(&self.0, RESERVED_CLAIMS_KEY.as_bytes())? {
            Some(bytes) => from_json(bytes),
            None => Ok(Uint128::zero()),
        }
    }

    /// The claim open on a cover, if any (read raw, `OPEN_CLAIMS_KEY`).
    pub fn open_claim(&self, querier: &QuerierWrapper, cover_id: u64) -> StdResult<Option<u64>> {
        crate::raw::read_raw(
            querier,
            &self.0,
            crate::raw::raw_key(OPEN_CLAIMS_KEY, &cover_id.to_be_bytes()),
        )
    }

    pub fn call(&self, msg: &ExecuteMsg, funds: Vec<Coin>) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds,
        }
        .into())
    }

    pub fn file_claim(
        &self,
        cover_id: u64,
        amount: Uint128,
        description: impl Into<String>,
        evidence: Option<String>,
        deposit: Coin,
    ) -> StdResult<CosmosMsg> {
        self.call(
            &ExecuteMsg::FileClaim {
                cover_id,
                amount,
                description: description.into(),
                evidence,
                incident_id: None,
            },
            vec![deposit],
        )
    }

    pub fn claim_incident(&self, incident_id: u64, cover_id: u64) -> StdResult<CosmosMsg> {
        self.call(
            &ExecuteMsg::ClaimIncident {
                incident_id,
                cover_id,
            },
            vec![],
        )
    }

    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<ConfigResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }

    /// Why a parametric product cannot be sold now, if it cannot.
    pub fn sale_block(
        &self,
        querier: &QuerierWrapper,
        product_id: u32,
    ) -> StdResult<Option<SaleBlock>> {
        let res: SaleStatusResponse =
            querier.query_wasm_smart(&self.0, &QueryMsg::SaleStatus { product_id })?;
        Ok(res.blocked)
    }

    pub fn claim(&self, querier: &QuerierWrapper, claim_id: u64) -> StdResult<ClaimResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Claim { claim_id })
    }

    pub fn incident(
        &self,
        querier: &QuerierWrapper,
        incident_id: u64,
    ) -> StdResult<IncidentResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Incident { incident_id })
    }

    pub fn assessor(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
    ) -> StdResult<AssessorResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Assessor {
                address: address.to_string(),
            },
        )
    }
}

/// Typed handle on a price oracle.
#[cw_serde]
pub struct OracleContract(pub Addr);

impl OracleContract {
    pub fn price(&self, querier: &QuerierWrapper, asset: &str) -> StdResult<PriceResponse> {
        querier.query_wasm_smart(
            &self.0,
            &OracleQueryMsg::Price {
                asset: asset.to_string(),
            },
        )
    }
}
