use cosmwasm_std::{Addr, Decimal, OverflowError, StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use insurance_common::claims_court::IncidentStatus;
use insurance_common::risk_pool::ClaimMethod;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Migrate(#[from] insurance_common::migrate::MigrateError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    Unauthorized(#[from] insurance_common::auth::Unauthorized),

    #[error("invalid parameters: {reason}")]
    InvalidParams { reason: ParamError },

    #[error("invalid trigger: {reason}")]
    InvalidTrigger { reason: TriggerError },

    #[error("amount must be greater than zero")]
    ZeroAmount {},

    // --- assessors ---
    #[error("requested {requested} but only {available} is bonded")]
    InsufficientBond {
        requested: Uint128,
        available: Uint128,
    },

    #[error("a vote cast may still be open: unbonding is possible from {until}")]
    BondLocked { until: Timestamp },

    #[error("nothing is unbonding")]
    NothingToWithdraw {},

    #[error("unbonding can be withdrawn from {release_at}")]
    UnbondingNotMatured { release_at: Timestamp },

    #[error("{count} votes are not settled yet: settle them before withdrawing")]
    UnsettledVotes { count: u32 },

    #[error("the assessor denom cannot change while {bonded} is bonded or unbonding")]
    BondsOutstanding { bonded: Uint128 },

    // --- filing ---
    #[error("cover {cover_id} not found")]
    CoverNotFound { cover_id: u64 },

    #[error("product {product_id} not found")]
    ProductNotFound { product_id: u32 },

    #[error("{sender} is not the owner of cover {cover_id}: only the owner may claim")]
    NotCoverHolder { sender: Addr, cover_id: u64 },

    #[error("product {product_id} is not {expected}")]
    WrongClaimMethod {
        product_id: u32,
        expected: ClaimMethod,
    },

    #[error("cover {cover_id} can only be claimed until {claimable_until}")]
    CoverExpired {
        cover_id: u64,
        claimable_until: Timestamp,
    },

    #[error("claim of {requested} exceeds the cover's remaining {remaining}")]
    ExceedsRemainingCover {
        requested: Uint128,
        remaining: Uint128,
    },

    #[error("deposit of {sent} is below the required {required}")]
    DepositTooSmall { required: Uint128, sent: Uint128 },

    #[error("invalid evidence: {reason}")]
    InvalidEvidence { reason: EvidenceError },

    #[error("claim {claim_id} is already open on cover {cover_id}")]
    ClaimAlreadyOpen { cover_id: u64, claim_id: u64 },

    // --- voting and decisions ---
    #[error("claim {claim_id} not found")]
    ClaimNotFound { claim_id: u64 },

    #[error("{voter} has no voting weight: bond first")]
    NoVotingWeight { voter: Addr },

    #[error("{voter} already voted on claim {claim_id}")]
    AlreadyVoted { claim_id: u64, voter: Addr },

    #[error("{voter} is a party to claim {claim_id} and cannot vote on it")]
    ConflictOfInterest { claim_id: u64, voter: Addr },

    #[error("voting on claim {claim_id} ended at {ended}")]
    VotingClosed { claim_id: u64, ended: Timestamp },

    #[error("voting on claim {claim_id} is open until {ends}")]
    VotingOpen { claim_id: u64, ends: Timestamp },

    #[error("claim {claim_id} can be executed from {executable_at}")]
    TooEarly {
        claim_id: u64,
        executable_at: Timestamp,
    },

    #[error("claim {claim_id} is already executed")]
    AlreadyExecuted { claim_id: u64 },

    #[error("claim {claim_id} is appealed: governance decides")]
    AppealPending { claim_id: u64 },

    #[error("claim {claim_id} cannot be appealed: {reason}")]
    NotAppealable {
        claim_id: u64,
        reason: NotAppealable,
    },

    #[error("the fee is {required}, {sent} sent")]
    WrongFee { required: Uint128, sent: Uint128 },

    #[error("claim {claim_id} cannot be resolved by governance now: {reason}")]
    CannotResolve {
        claim_id: u64,
        reason: CannotResolve,
    },

    #[error("claim {claim_id} is not executed yet")]
    ClaimNotFinal { claim_id: u64 },

    #[error("{voter} did not vote on claim {claim_id}")]
    VoteNotFound { claim_id: u64, voter: Addr },

    #[error("the vote of {voter} on claim {claim_id} is already settled")]
    VoteAlreadySettled { claim_id: u64, voter: Addr },

    #[error("the pool's claims fund is empty")]
    NothingToFund {},

    // --- incidents ---
    #[error("product {product_id} has no trigger")]
    NoTrigger { product_id: u32 },

    #[error("product {product_id} has no parametric terms")]
    NoTerms { product_id: u32 },

    #[error("waiting period of {waiting_period} seconds is above the maximum {max}")]
    InvalidWaitingPeriod { waiting_period: u64, max: u64 },

    #[error("the trigger of product {product_id} re-arms on a healthy price observed from {until} (cooldown)")]
    TriggerCoolingDown { product_id: u32, until: Timestamp },

    #[error("incident {incident_id} on product {product_id} is open: the same event is not recorded twice")]
    IncidentOpen { product_id: u32, incident_id: u64 },

    #[error(
        "incident time {time} lies in the product's last event: new incidents from {next_event_from}"
    )]
    IncidentInPastEvent {
        time: Timestamp,
        next_event_from: Timestamp,
    },

    #[error("cover {cover_id} claims only incidents from {claimable_from} (waiting period)")]
    CoverInWaitingPeriod {
        cover_id: u64,
        claimable_from: Timestamp,
    },

    #[error("the oracle's price is from {updated_at}: too old (or in the future)")]
    StalePrice { updated_at: Timestamp },

    #[error("trigger not met: price {price} is not below {threshold}")]
    TriggerNotMet { price: Decimal, threshold: Decimal },

    #[error("incident {incident_id} not found")]
    IncidentNotFound { incident_id: u64 },

    #[error("the bond is {required}, {sent} sent")]
    WrongBond { required: Uint128, sent: Uint128 },

    #[error("incident time {time} is in the future")]
    IncidentInFuture { time: Timestamp },

    #[error("incident time {time} is before the oldest reportable time {oldest}")]
    IncidentTooOld { time: Timestamp, oldest: Timestamp },

    #[error("payout ratio {ratio} must be above 0 and at most 1")]
    InvalidPayoutRatio { ratio: Decimal },

    #[error("incident {incident_id} is {status}")]
    WrongIncidentStatus {
        incident_id: u64,
        status: IncidentStatus,
    },

    #[error("the dispute window of incident {incident_id} closed at {ended}")]
    DisputeWindowClosed { incident_id: u64, ended: Timestamp },

    #[error("incident {incident_id} can be disputed until {ends}")]
    DisputeWindowOpen { incident_id: u64, ends: Timestamp },

    #[error("claims on incident {incident_id} closed at {ended}")]
    ClaimWindowClosed { incident_id: u64, ended: Timestamp },

    #[error(
        "incident {incident_id} names an event of a discretionary product: file a claim for it"
    )]
    EventOnlyIncident { incident_id: u64 },

    #[error("claims on incident {incident_id} are open until {ends}")]
    ClaimWindowOpen { incident_id: u64, ends: Timestamp },

    #[error("incident {incident_id} reserves nothing")]
    NothingReserved { incident_id: u64 },

    #[error("cover {cover_id} already claimed incident {incident_id}")]
    IncidentAlreadyClaimed { incident_id: u64, cover_id: u64 },

    #[error("cover {cover_id} is for product {cover_product}, incident {incident_id} for product {incident_product}")]
    WrongProduct {
        cover_id: u64,
        cover_product: u32,
        incident_id: u64,
        incident_product: u32,
    },

    #[error("cover {cover_id} was not active at the incident time {time}")]
    CoverNotActiveAtIncident { cover_id: u64, time: Timestamp },

    #[error("nothing left to pay on cover {cover_id}")]
    NothingToClaim { cover_id: u64 },
}

/// Why court parameters (or a configuration change) are refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamError {
    #[error("minimum deposit ratio must be above 0 and at most 1")]
    MinDepositRatio,
    #[error("voting period must be between 1 second and 90 days")]
    VotingPeriod,
    #[error("vote extension must be at most the voting period")]
    VoteExtension,
    #[error("at most 10 vote extensions")]
    MaxVoteExtensions,
    #[error("quorum must be at most 1")]
    Quorum,
    #[error("the quorum floor must be above 0")]
    MinQuorum,
    #[error("supermajority must be above 1/2 and at most 1")]
    Supermajority,
    #[error("voter cap must be above 0 and at most 1")]
    VoterCap,
    #[error("cooldown and appeal window must be at most 90 days")]
    CooldownAndAppealWindow,
    #[error("appeal fee ratio must be above 0 and at most 1")]
    AppealFeeRatio,
    #[error("assessor unbonding period must be between 1 second and 365 days")]
    AssessorUnbondingPeriod,
    #[error("slash and reward ratios must be at most 1")]
    SlashAndRewardRatios,
    #[error("incident bond must be above 0")]
    IncidentBond,
    #[error("dispute window must be between 1 second and 90 days")]
    DisputeWindow,
    #[error("incident claim window must be between 1 second and 365 days")]
    IncidentClaimWindow,
    #[error("incident age and trigger cooldown must be at most 365 days")]
    IncidentAgeAndTriggerCooldown,
    #[error("oracle age must be between 1 second and 90 days")]
    OracleAge,
    #[error("assessor denom must be 2 to 128 characters")]
    AssessorDenom,
    #[error("the collateral denom cannot change while the court holds collateral")]
    CollateralDenomInUse,
}

/// Why a price trigger is refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerError {
    #[error("oracle is not an address")]
    OracleAddress,
    #[error("asset must be 1 to 64 characters")]
    Asset,
    #[error("threshold must be above 0")]
    Threshold,
}

/// Why a claim's description or an incident's evidence is refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceError {
    #[error("description is longer than 2048 bytes")]
    DescriptionTooLong,
    #[error("evidence link is longer than 512 bytes")]
    EvidenceTooLong,
    #[error("a description or an evidence link is required")]
    Missing,
    #[error("evidence must be 1 to 512 bytes")]
    IncidentEvidence,
}

/// Why a claim cannot be appealed.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAppealable {
    #[error("it is already appealed")]
    AlreadyAppealed,
    #[error("governance has decided it")]
    DecidedByGovernance,
    #[error("it was accepted")]
    Accepted,
    #[error("the appeal window is over")]
    WindowOver,
}

/// Why governance cannot resolve a claim now.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CannotResolve {
    #[error("voting is open")]
    VotingOpen,
    #[error("the cooldown is over")]
    CooldownOver,
    #[error("governance has decided it")]
    AlreadyDecided,
}
