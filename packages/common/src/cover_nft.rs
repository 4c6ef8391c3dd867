//! Messages of the cover NFT: a cw721 collection in which every token is a
//! policy sold by the risk pool.
//!
//! The standard cw721 execute and query messages keep their wire format, so
//! wallets and marketplaces see ordinary NFTs with display metadata
//! (`NftInfo` answers cw721's on-chain `NftExtension`); the protocol's own
//! messages are grouped by the one contract allowed to send them.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, Binary, CosmosMsg, Empty, QuerierWrapper, StdResult, Timestamp, Uint128,
    WasmMsg,
};
use cw721::traits::Cw721State;
use cw_utils::Expiration;

/// The collection carries no extension: `contract_info` answers `"extension": null`,
/// exactly like a cw721-base collection instantiated without one.
pub type CollectionExtension = Option<Empty>;

/// Answer of `contract_info` and `get_collection_info_and_extension`: cw721's response, same wire
/// format, under one clean schema name (cw721's generic name reaches generated clients two ways).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq)]
#[serde(transparent)]
pub struct CollectionInfoResponse(
    pub cw721::msg::CollectionInfoAndExtensionResponse<CollectionExtension>,
);

impl schemars::JsonSchema for CollectionInfoResponse {
    fn schema_name() -> String {
        "CollectionInfoResponse".to_string()
    }

    fn json_schema(generator: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        <cw721::msg::CollectionInfoAndExtensionResponse<CollectionExtension>>::json_schema(
            generator,
        )
    }
}

/// What `NftInfo` and `AllNftInfo` carry as the token's extension: cw721's
/// OpenSea-style on-chain metadata (name, description, attributes and an SVG
/// data URI as `image`), computed from the policy at query time.
pub type DisplayMetadata = cw721::NftExtension;

#[cw_serde]
pub struct InstantiateMsg {
    pub name: String,
    pub symbol: String,
    /// The only address allowed to mint and to update a policy's remaining amount.
    pub risk_pool: String,
    /// Chain governance (or the address a chain uses in its place).
    pub governance: String,
    /// Instantiated after the NFT; governance can set it later.
    pub claims_court: Option<String>,
}

/// The policy terms the pool mints into each token, stored unchanged. What is
/// left to pay (`remaining_amount`) is the pool's: queries answer the pool's
/// figure, read raw; where the policy stands is computed at query time
/// (`Policy::status`).
#[cw_serde]
pub struct Policy {
    /// Also the token id (in decimal).
    pub cover_id: u64,
    pub product_id: u32,
    /// Denom of the cover amount and premium.
    pub denom: String,
    pub cover_amount: Uint128,
    pub remaining_amount: Uint128,
    pub premium: Uint128,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Seconds after `end` during which claims for incidents inside the cover period may be filed.
    pub grace_period: u64,
}

impl Cw721State for Policy {}

impl Policy {
    /// Last moment a claim may be filed: the end of cover plus grace. `None`
    /// if it overflows (mint refuses such a policy).
    pub fn claimable_until(&self) -> Option<Timestamp> {
        self.grace_period
            .checked_mul(1_000_000_000)
            .and_then(|grace| self.end.nanos().checked_add(grace))
            .map(Timestamp::from_nanos)
    }

    /// Where the policy stands at `now`; `locked` when a claim holds the token.
    pub fn status(&self, locked: bool, now: Timestamp) -> PolicyStatus {
        if locked {
            PolicyStatus::UnderClaim
        } else if self.remaining_amount.is_zero() {
            PolicyStatus::Paid
        } else if now <= self.end {
            PolicyStatus::Active
        } else if self.claimable_until().is_some_and(|until| now <= until) {
            PolicyStatus::InGrace
        } else {
            PolicyStatus::Expired
        }
    }
}

/// Where a policy stands, computed at query time (nothing stored expires, so
/// no loop is needed to expire policies).
#[cw_serde]
#[derive(Copy)]
pub enum PolicyStatus {
    /// Inside the cover period: claimable.
    Active,
    /// Cover has ended; claims for incidents inside it may still be filed.
    InGrace,
    /// Cover and grace are over: nothing can be claimed any more.
    Expired,
    /// A claim is open: the token is locked until the court decides.
    UnderClaim,
    /// Everything has been paid out.
    Paid,
}

impl PolicyStatus {
    /// The word wallets show.
    pub fn as_str(&self) -> &'static str {
        match self {
            PolicyStatus::Active => "active",
            PolicyStatus::InGrace => "in grace",
            PolicyStatus::Expired => "expired",
            PolicyStatus::UnderClaim => "under claim",
            PolicyStatus::Paid => "paid",
        }
    }
}

#[cw_serde]
pub enum ExecuteMsg {
    // --- standard cw721 ---
    TransferNft {
        recipient: String,
        token_id: String,
    },
    SendNft {
        contract: String,
        token_id: String,
        msg: Binary,
    },
    Approve {
        spender: String,
        token_id: String,
        expires: Option<Expiration>,
    },
    Revoke {
        spender: String,
        token_id: String,
    },
    ApproveAll {
        operator: String,
        expires: Option<Expiration>,
    },
    RevokeAll {
        operator: String,
    },
    Burn {
        token_id: String,
    },
    // --- protocol ---
    /// Risk pool only.
    Pool(PoolMsg),
    /// Governance only (also through `sudo`).
    Governance(GovernanceMsg),
}

/// What the risk pool tells the NFT.
#[cw_serde]
pub enum PoolMsg {
    /// A policy was bought: mint it to `owner` under the token id `policy.cover_id`.
    Mint { owner: String, policy: Policy },
}

/// Operations reserved to chain governance: through `sudo` (x/wasm
/// `MsgSudoContract`) or `ExecuteMsg::Governance` sent by the governance address.
#[cw_serde]
pub enum GovernanceMsg {
    UpdateConfig {
        governance: Option<String>,
        claims_court: Option<String>,
    },
}

pub type SudoMsg = GovernanceMsg;

#[cw_serde]
pub struct MigrateMsg {}

/// Stored as is and answered by `Config {}`.
#[cw_serde]
pub struct Config {
    pub risk_pool: Addr,
    pub governance: Addr,
    pub claims_court: Option<Addr>,
}

#[cw_serde]
pub struct PolicyResponse {
    pub token_id: String,
    pub owner: Addr,
    pub policy: Policy,
    pub locked: bool,
    /// At the queried block.
    pub status: PolicyStatus,
}

/// The cw721 0.22 standard queries (same wire names and responses as
/// cw721-base with on-chain metadata, so wallets and marketplaces work
/// unchanged) plus the protocol's.
///
/// Response types are spelled with full paths: the derive only uses them for
/// schemas, so imports would be unused in wasm builds.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    // --- standard cw721 ---
    /// Owner of the token; errors if the token does not exist.
    #[returns(cw721::msg::OwnerOfResponse)]
    OwnerOf {
        token_id: String,
        /// Unset or false filters out expired approvals.
        include_expired: Option<bool>,
    },
    #[returns(cw721::msg::ApprovalResponse)]
    Approval {
        token_id: String,
        spender: String,
        include_expired: Option<bool>,
    },
    #[returns(cw721::msg::ApprovalsResponse)]
    Approvals {
        token_id: String,
        include_expired: Option<bool>,
    },
    /// Errors if the operator has no approval from the owner.
    #[returns(cw721::msg::OperatorResponse)]
    Operator {
        owner: String,
        operator: String,
        include_expired: Option<bool>,
    },
    /// Paginated at the project's limit (`pagination::MAX_LIMIT`).
    #[returns(cw721::msg::OperatorsResponse)]
    AllOperators {
        owner: String,
        include_expired: Option<bool>,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(cw721::msg::NumTokensResponse)]
    NumTokens {},
    /// Legacy name of `GetCollectionInfoAndExtension`, still used by most clients.
    #[returns(CollectionInfoResponse)]
    ContractInfo {},
    #[returns(CollectionInfoResponse)]
    GetCollectionInfoAndExtension {},
    /// Display metadata for wallets (see `DisplayMetadata`); `Policy` has the terms.
    #[returns(cw721::msg::NftInfoResponse<DisplayMetadata>)]
    NftInfo { token_id: String },
    #[returns(cw721::msg::AllNftInfoResponse<DisplayMetadata>)]
    AllNftInfo {
        token_id: String,
        include_expired: Option<bool>,
    },
    /// Token ids owned by `owner`, paginated.
    #[returns(cw721::msg::TokensResponse)]
    Tokens {
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// All token ids, paginated.
    #[returns(cw721::msg::TokensResponse)]
    AllTokens {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Legacy form of `GetMinterOwnership`: the risk pool.
    #[returns(cw721::msg::MinterResponse)]
    Minter {},
    /// The risk pool.
    #[returns(cw721::Ownership<Addr>)]
    GetMinterOwnership {},
    /// Governance.
    #[returns(cw721::Ownership<Addr>)]
    GetCreatorOwnership {},
    // --- protocol ---
    #[returns(Config)]
    Config {},
    #[returns(PolicyResponse)]
    Policy { token_id: String },
}

/// Storage key of the NFT's tokens: cw721-base's `tokens`, a `Map<&str, NftInfo<Policy>>`
/// keyed by the token id in decimal. Part of the NFT's API: the claims court reads a
/// token's owner raw.
pub const TOKENS_KEY: &str = "tokens";

/// The part of a stored token the court reads.
#[derive(serde::Deserialize)]
struct TokenOwner {
    owner: Addr,
}

/// Typed handle on a deployed cover NFT for other contracts.
#[cw_serde]
pub struct CoverNftContract(pub Addr);

impl CoverNftContract {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Every message to the NFT is sent without funds: it refuses them.
    pub fn call(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }

    /// The pool's mint of a policy bought by `owner`.
    pub fn mint(&self, owner: &Addr, policy: Policy) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Pool(PoolMsg::Mint {
            owner: owner.to_string(),
            policy,
        }))
    }

    /// The token's owner, read raw (`TOKENS_KEY`); `None` if there is no such token.
    pub fn owner_raw(&self, querier: &QuerierWrapper, cover_id: u64) -> StdResult<Option<Addr>> {
        let key = crate::raw::raw_key(TOKENS_KEY, cover_id.to_string().as_bytes());
        Ok(crate::raw::read_raw::<TokenOwner>(querier, &self.0, key)?.map(|t| t.owner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy {
            cover_id: 1,
            product_id: 1,
            denom: "uusdc".to_string(),
            cover_amount: Uint128::new(100),
            remaining_amount: Uint128::new(100),
            premium: Uint128::new(1),
            start: Timestamp::from_seconds(1_000),
            end: Timestamp::from_seconds(2_000),
            grace_period: 500,
        }
    }

    #[test]
    fn status_follows_time_lock_and_payouts() {
        let p = policy();
        let at = Timestamp::from_seconds;
        assert_eq!(p.status(false, at(1_000)), PolicyStatus::Active);
        assert_eq!(p.status(false, at(2_000)), PolicyStatus::Active);
        assert_eq!(p.status(false, at(2_001)), PolicyStatus::InGrace);
        assert_eq!(p.status(false, at(2_500)), PolicyStatus::InGrace);
        assert_eq!(p.status(false, at(2_501)), PolicyStatus::Expired);
        // a claim filed in time holds the policy past its grace period
        assert_eq!(p.status(true, at(9_999)), PolicyStatus::UnderClaim);
        let paid = Policy {
            remaining_amount: Uint128::zero(),
            ..p
        };
        assert_eq!(paid.status(false, at(1_500)), PolicyStatus::Paid);
        assert_eq!(paid.status(false, at(9_999)), PolicyStatus::Paid);
        assert_eq!(paid.status(true, at(1_500)), PolicyStatus::UnderClaim);
    }

    #[test]
    fn claim_deadline_overflow_is_none() {
        let p = Policy {
            grace_period: u64::MAX,
            ..policy()
        };
        assert_eq!(p.claimable_until(), None);
        assert_eq!(
            p.status(false, Timestamp::from_seconds(2_001)),
            PolicyStatus::Expired
        );
        assert_eq!(
            policy().claimable_until(),
            Some(Timestamp::from_seconds(2_500))
        );
    }
}
