use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, Empty, StdResult, Storage, Timestamp, Uint128, Uint256};
use cw_storage_plus::{Item, Map};
use insurance_common::claims_court::{
    ClaimStatus, IncidentSource, IncidentStatus, Outcome, TriggerCondition, RESERVED_CLAIMS_KEY,
};

use crate::error::ContractError;

pub const CONTRACT_NAME: &str = "crates.io:claims-court";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Stored as `QueryMsg::Config` returns it.
pub use insurance_common::claims_court::ConfigResponse as Config;

/// The court's books. Collateral balance == reward_pool + rewards_outstanding
/// + escrow; assessor denom balance == total_bonded + total_unbonding.
#[cw_serde]
#[derive(Default)]
pub struct Ledger {
    #[serde(rename = "tb", alias = "total_bonded")]
    pub total_bonded: Uint128,
    #[serde(rename = "tu", alias = "total_unbonding")]
    pub total_unbonding: Uint128,
    #[serde(rename = "rp", alias = "reward_pool")]
    pub reward_pool: Uint128,
    #[serde(rename = "ro", alias = "rewards_outstanding")]
    pub rewards_outstanding: Uint128,
    #[serde(rename = "es", alias = "escrow")]
    pub escrow: Uint128,
    #[serde(rename = "cf", alias = "claims_filed")]
    pub claims_filed: u64,
    #[serde(rename = "ir", alias = "incidents_recorded")]
    pub incidents_recorded: u64,
}

#[cw_serde]
#[derive(Default)]
pub struct Assessor {
    #[serde(rename = "bo", alias = "bonded")]
    pub bonded: Uint128,
    #[serde(
        default,
        skip_serializing_if = "Uint128::is_zero",
        rename = "un",
        alias = "unbonding"
    )]
    pub unbonding: Uint128,
    /// The whole unbonding amount is released then.
    #[serde(rename = "ur", alias = "unbonding_release")]
    pub unbonding_release: Timestamp,
    /// The latest time any vote the assessor cast can still be open.
    #[serde(rename = "lu", alias = "locked_until")]
    pub locked_until: Timestamp,
    #[serde(rename = "ov", alias = "open_votes")]
    pub open_votes: u32,
}

/// Stored progress of a claim; the time-driven part of its status is derived.
#[cw_serde]
pub enum Stage {
    /// Voting, then cooldown and appeal window, then executable (by time).
    Open,
    /// Appealed: waiting for governance.
    Appealed,
    /// Decided by governance at `at`: executable at once.
    Resolved {
        at: Timestamp,
    },
    Executed,
}

/// Voting terms fixed at filing.
#[cw_serde]
pub struct Terms {
    /// Counted weight needed.
    #[serde(rename = "qu", alias = "quorum")]
    pub quorum: Uint128,
    #[serde(rename = "su", alias = "supermajority")]
    pub supermajority: Decimal,
    #[serde(rename = "ve", alias = "vote_extension")]
    pub vote_extension: u64,
    /// Voting never runs past this, whatever the extensions.
    #[serde(rename = "mve", alias = "max_voting_end")]
    pub max_voting_end: Timestamp,
    #[serde(rename = "cp", alias = "cooldown_period")]
    pub cooldown_period: u64,
    #[serde(rename = "aw", alias = "appeal_window")]
    pub appeal_window: u64,
    /// The largest share of all bonds one vote counts for; claims filed
    /// before it was part of the terms use the current parameter.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "vc")]
    pub voter_cap: Option<Decimal>,
}

#[cw_serde]
pub struct Claim {
    #[serde(rename = "ci", alias = "cover_id")]
    pub cover_id: u64,
    #[serde(rename = "pi", alias = "product_id")]
    pub product_id: u32,
    /// Who filed: the cover's owner, the only one who may (the NFT locks to
    /// it, so it is also who is paid). Pays the deposit, gets it back; cannot vote.
    #[serde(rename = "cl", alias = "claimant")]
    pub claimant: Addr,
    #[serde(rename = "am", alias = "amount")]
    pub amount: Uint128,
    #[serde(rename = "de", alias = "deposit")]
    pub deposit: Uint128,
    #[serde(rename = "ds", alias = "description")]
    pub description: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "ev",
        alias = "evidence"
    )]
    pub evidence: Option<String>,
    /// The incident the claim is for: its payout names that event.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "ii",
        alias = "incident_id"
    )]
    pub incident_id: Option<u64>,
    #[serde(rename = "fa", alias = "filed_at")]
    pub filed_at: Timestamp,
    #[serde(rename = "ve", alias = "voting_end")]
    pub voting_end: Timestamp,
    #[serde(rename = "te", alias = "terms")]
    pub terms: Terms,
    #[serde(rename = "vf", alias = "votes_for")]
    pub votes_for: Uint128,
    #[serde(rename = "va", alias = "votes_against")]
    pub votes_against: Uint128,
    #[serde(rename = "vf2", alias = "voters_for")]
    pub voters_for: u32,
    #[serde(rename = "va2", alias = "voters_against")]
    pub voters_against: u32,
    #[serde(rename = "st", alias = "stage")]
    pub stage: Stage,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "gd",
        alias = "governance_decision"
    )]
    pub governance_decision: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Uint128::is_zero",
        rename = "af",
        alias = "appeal_fee"
    )]
    pub appeal_fee: Uint128,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "ea",
        alias = "executed_at"
    )]
    pub executed_at: Option<Timestamp>,
    #[serde(
        default,
        skip_serializing_if = "Uint128::is_zero",
        rename = "pa",
        alias = "paid"
    )]
    pub paid: Uint128,
    /// Reward of the voters with the final outcome, set at execution.
    #[serde(
        default,
        skip_serializing_if = "Uint128::is_zero",
        rename = "re",
        alias = "reward"
    )]
    pub reward: Uint128,
    #[serde(
        default,
        skip_serializing_if = "Uint128::is_zero",
        rename = "rs",
        alias = "reward_settled"
    )]
    pub reward_settled: Uint128,
    /// Voters with the outcome who have not settled; the last one returns the
    /// rounding dust to the reward pool.
    #[serde(rename = "wu", alias = "winners_unsettled")]
    pub winners_unsettled: u32,
}

impl Claim {
    pub fn cooldown_end(&self) -> Timestamp {
        self.voting_end.plus_seconds(self.terms.cooldown_period)
    }

    pub fn appeal_end(&self) -> Timestamp {
        self.voting_end.plus_seconds(self.terms.appeal_window)
    }

    pub fn quorum_reached(&self) -> bool {
        let total = self.votes_for.u128() + self.votes_against.u128();
        total > 0 && total >= self.terms.quorum.u128()
    }

    /// The assessors' decision: quorum, then `for / (for + against) >= supermajority`.
    pub fn tally_outcome(&self) -> Outcome {
        if !self.quorum_reached() {
            return Outcome::Denied;
        }
        let total = Uint256::from(self.votes_for) + Uint256::from(self.votes_against);
        let lhs = self.votes_for.full_mul(Decimal::one().atomics());
        let rhs = total * Uint256::from(self.terms.supermajority.atomics());
        if lhs >= rhs {
            Outcome::Accepted
        } else {
            Outcome::Denied
        }
    }

    /// Governance's decision when it made one, otherwise the assessors'.
    pub fn outcome(&self) -> Outcome {
        match self.governance_decision {
            Some(true) => Outcome::Accepted,
            Some(false) => Outcome::Denied,
            None => self.tally_outcome(),
        }
    }

    /// When anyone can execute the claim; `None` while voting or appealed, or once executed.
    pub fn executable_at(&self, now: Timestamp) -> Option<Timestamp> {
        match self.stage {
            Stage::Open if now >= self.voting_end => Some(match self.outcome() {
                Outcome::Accepted => self.cooldown_end(),
                Outcome::Denied => self.cooldown_end().max(self.appeal_end()),
            }),
            Stage::Open | Stage::Appealed | Stage::Executed => None,
            Stage::Resolved { at } => Some(at),
        }
    }

    pub fn status(&self, now: Timestamp) -> ClaimStatus {
        match self.stage {
            Stage::Executed => {
                if self.outcome() == Outcome::Accepted {
                    ClaimStatus::Paid
                } else {
                    ClaimStatus::Denied
                }
            }
            Stage::Appealed => ClaimStatus::Appealed,
            Stage::Resolved { .. } => ClaimStatus::Executable,
            Stage::Open => {
                if now < self.voting_end {
                    ClaimStatus::Voting
                } else if now < self.cooldown_end() {
                    ClaimStatus::Cooldown
                } else if self.outcome() == Outcome::Denied && now < self.appeal_end() {
                    ClaimStatus::AppealWindow
                } else {
                    ClaimStatus::Executable
                }
            }
        }
    }

    /// Counted weight and number of voters on the side of `outcome`.
    pub fn winning_side(&self, outcome: &Outcome) -> (Uint128, u32) {
        match outcome {
            Outcome::Accepted => (self.votes_for, self.voters_for),
            Outcome::Denied => (self.votes_against, self.voters_against),
        }
    }
}

#[cw_serde]
pub struct VoteRecord {
    #[serde(rename = "ap", alias = "approve")]
    pub approve: bool,
    /// Counted (capped) weight.
    #[serde(rename = "we", alias = "weight")]
    pub weight: Uint128,
    #[serde(rename = "se", alias = "settled")]
    pub settled: bool,
}

/// The court's copy of a product's oracle trigger.
#[cw_serde]
pub struct StoredTrigger {
    pub oracle: Addr,
    pub condition: TriggerCondition,
}

/// A parametric product's terms as governance set them.
#[cw_serde]
pub struct StoredTerms {
    pub payout_ratio: Decimal,
    pub waiting_period: u64,
    pub trigger: Option<StoredTrigger>,
}

/// What the court knows of a product's events: one lasting breach is one
/// incident, and a cover is paid at most once per event.
#[cw_serde]
#[derive(Default)]
pub struct ProductEvents {
    /// The product's latest incident (at most one can be open).
    pub last_incident: Option<u64>,
    /// The breach a fired trigger (or a confirmed report on a product with
    /// a trigger) began at; cleared when the trigger re-arms.
    pub breach_since: Option<Timestamp>,
    /// A new incident must be dated at or after this.
    pub next_event_from: Option<Timestamp>,
}
#[cw_serde]
pub struct Incident {
    #[serde(rename = "pi", alias = "product_id")]
    pub product_id: u32,
    #[serde(rename = "ti", alias = "time")]
    pub time: Timestamp,
    #[serde(rename = "pr", alias = "payout_ratio")]
    pub payout_ratio: Decimal,
    #[serde(rename = "wp", alias = "waiting_period")]
    pub waiting_period: u64,
    /// On a discretionary product: names an event, pays nothing by itself.
    #[serde(rename = "eo", alias = "event_only")]
    pub event_only: bool,
    #[serde(rename = "so", alias = "source")]
    pub source: IncidentSource,
    #[serde(rename = "st", alias = "status")]
    pub status: IncidentStatus,
    #[serde(rename = "bo", alias = "bond")]
    pub bond: Uint128,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "di",
        alias = "disputer"
    )]
    pub disputer: Option<Addr>,
    #[serde(rename = "ra", alias = "recorded_at")]
    pub recorded_at: Timestamp,
    #[serde(rename = "de", alias = "dispute_end")]
    pub dispute_end: Timestamp,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "ca",
        alias = "confirmed_at"
    )]
    pub confirmed_at: Option<Timestamp>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "ce",
        alias = "claim_end"
    )]
    pub claim_end: Option<Timestamp>,
    #[serde(rename = "cl", alias = "claims")]
    pub claims: u64,
    #[serde(
        default,
        skip_serializing_if = "Uint128::is_zero",
        rename = "pa",
        alias = "paid"
    )]
    pub paid: Uint128,
    /// Still reserved against the pool's capital (confirmed, not closed).
    #[serde(rename = "re", alias = "reserved")]
    pub reserved: Uint128,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const LEDGER: Item<Ledger> = Item::new("ledger");
pub const ASSESSORS: Map<&Addr, Assessor> = Map::new("assessors");
pub const CLAIMS: Map<u64, Claim> = Map::new("claims");
/// cover id -> its open claim.
pub const OPEN_CLAIMS: Map<u64, u64> = Map::new(insurance_common::claims_court::OPEN_CLAIMS_KEY);
pub const CLAIMS_BY_COVER: Map<(u64, u64), Empty> = Map::new("claims_by_cover");
pub const CLAIMS_BY_CLAIMANT: Map<(&Addr, u64), Empty> = Map::new("claims_by_claimant");
/// (voter, claim id) -> vote: one key answers "did they vote" and pages an assessor's votes.
pub const VOTES: Map<(&Addr, u64), VoteRecord> = Map::new("votes");
pub const TERMS: Map<u32, StoredTerms> = Map::new("terms");
pub const PRODUCT_EVENTS: Map<u32, ProductEvents> = Map::new("product_events");
pub const INCIDENTS: Map<u64, Incident> = Map::new("incidents");
pub const PRODUCT_INCIDENTS: Map<(u32, u64), Empty> = Map::new("product_incidents");
/// (incident id, cover id) -> amount paid: each cover claims an incident once.
pub const INCIDENT_CLAIMS: Map<(u64, u64), Uint128> = Map::new("incident_claims");
/// What open claims and confirmed incidents may still take from the pool;
/// the pool reads it raw under this key when stakers withdraw.
pub const RESERVED_CLAIMS: Item<Uint128> = Item::new(RESERVED_CLAIMS_KEY);

pub fn load_claim(storage: &dyn Storage, claim_id: u64) -> Result<Claim, ContractError> {
    CLAIMS
        .may_load(storage, claim_id)?
        .ok_or(ContractError::ClaimNotFound { claim_id })
}

pub fn load_incident(storage: &dyn Storage, incident_id: u64) -> Result<Incident, ContractError> {
    INCIDENTS
        .may_load(storage, incident_id)?
        .ok_or(ContractError::IncidentNotFound { incident_id })
}

pub fn load_vote(
    storage: &dyn Storage,
    voter: &Addr,
    claim_id: u64,
) -> Result<VoteRecord, ContractError> {
    VOTES
        .may_load(storage, (voter, claim_id))?
        .ok_or_else(|| ContractError::VoteNotFound {
            claim_id,
            voter: voter.clone(),
        })
}

/// Adds to (or with `release`, takes from) the reserve.
pub fn reserve(storage: &mut dyn Storage, amount: Uint128, release: bool) -> StdResult<Uint128> {
    let current = RESERVED_CLAIMS.may_load(storage)?.unwrap_or_default();
    let next = if release {
        current.checked_sub(amount)?
    } else {
        current.checked_add(amount)?
    };
    RESERVED_CLAIMS.save(storage, &next)?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The NFT reads the court's open claims raw: the key stays what common says.
    #[test]
    fn open_claims_are_stored_under_the_published_key() {
        let mut storage = cosmwasm_std::testing::MockStorage::new();
        OPEN_CLAIMS.save(&mut storage, 21, &4).unwrap();
        let key = insurance_common::risk_pool::raw_key(
            insurance_common::claims_court::OPEN_CLAIMS_KEY,
            &21u64.to_be_bytes(),
        );
        assert_eq!(storage.get(&key), Some(b"4".to_vec()));
    }

    fn ts(seconds: u64) -> Timestamp {
        Timestamp::from_seconds(seconds)
    }

    fn claim(for_: u128, against: u128, quorum: u128) -> Claim {
        Claim {
            cover_id: 1,
            product_id: 1,
            claimant: Addr::unchecked("c"),
            amount: Uint128::new(100),
            deposit: Uint128::new(5),
            description: "x".to_string(),
            evidence: None,
            incident_id: None,
            filed_at: ts(0),
            voting_end: ts(100),
            terms: Terms {
                voter_cap: None,
                quorum: Uint128::new(quorum),
                supermajority: Decimal::percent(67),
                vote_extension: 10,
                max_voting_end: ts(130),
                cooldown_period: 20,
                appeal_window: 30,
            },
            votes_for: Uint128::new(for_),
            votes_against: Uint128::new(against),
            voters_for: 1,
            voters_against: 1,
            stage: Stage::Open,
            governance_decision: None,
            appeal_fee: Uint128::zero(),
            executed_at: None,
            paid: Uint128::zero(),
            reward: Uint128::zero(),
            reward_settled: Uint128::zero(),
            winners_unsettled: 0,
        }
    }

    #[test]
    fn supermajority_and_quorum() {
        assert_eq!(claim(67, 33, 10).tally_outcome(), Outcome::Accepted);
        assert_eq!(claim(66, 34, 10).tally_outcome(), Outcome::Denied);
        // exactly at the threshold counts
        assert_eq!(claim(670, 330, 10).tally_outcome(), Outcome::Accepted);
        // quorum missed
        assert_eq!(claim(9, 0, 10).tally_outcome(), Outcome::Denied);
        assert_eq!(claim(10, 0, 10).tally_outcome(), Outcome::Accepted);
        // nobody voted, even with a zero quorum
        assert_eq!(claim(0, 0, 0).tally_outcome(), Outcome::Denied);
    }

    #[test]
    fn timeline() {
        let c = claim(100, 0, 10);
        assert_eq!(c.status(ts(99)), ClaimStatus::Voting);
        assert_eq!(c.status(ts(100)), ClaimStatus::Cooldown);
        assert_eq!(c.executable_at(ts(100)), Some(ts(120)));
        assert_eq!(c.status(ts(120)), ClaimStatus::Executable);
        let d = claim(0, 100, 10);
        assert_eq!(d.executable_at(ts(100)), Some(ts(130)));
        assert_eq!(d.status(ts(125)), ClaimStatus::AppealWindow);
        assert_eq!(d.status(ts(130)), ClaimStatus::Executable);
        assert_eq!(d.executable_at(ts(99)), None);
        let mut g = d;
        g.governance_decision = Some(true);
        g.stage = Stage::Resolved { at: ts(105) };
        assert_eq!(g.outcome(), Outcome::Accepted);
        assert_eq!(g.status(ts(110)), ClaimStatus::Executable);
        assert_eq!(g.executable_at(ts(110)), Some(ts(105)));
    }
}
