//! Messages of the cover NFT: a cw721 collection in which every token is a
//! policy sold by the risk pool.
//!
//! The standard cw721 execute and query messages keep their wire format, so
//! wallets and marketplaces see ordinary NFTs; the protocol adds minting by
//! the pool, claim locks by the claims court and policy updates.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Deps, Empty, Env, MessageInfo, Timestamp, Uint128};
use cw721::error::Cw721ContractError;
use cw721::traits::{Contains, Cw721CustomMsg, Cw721State, StateFactory};
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

/// Where a policy stands. Expiry is a matter of time and is reported by
/// queries, never stored, so no loop is needed to expire policies.
#[cw_serde]
pub enum PolicyStatus {
    /// Can be claimed against while the cover period (plus grace) lasts.
    Active,
    /// A claim is open: the token is locked until the court decides.
    ClaimOpen,
    /// Everything has been paid out.
    Exhausted,
}

/// The policy terms carried in each token's extension.
#[cw_serde]
pub struct Policy {
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
    pub status: PolicyStatus,
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
    Mint {
        token_id: String,
        owner: String,
        policy: Policy,
    },
    /// Risk pool only: records a payout on the policy.
    SetRemaining {
        token_id: String,
        remaining_amount: Uint128,
    },
    /// Claims court only: a claim was filed on the token.
    Lock {
        token_id: String,
    },
    /// Claims court only: the claim on the token is closed.
    Unlock {
        token_id: String,
    },
    /// Governance only.
    UpdateConfig {
        governance: Option<String>,
        claims_court: Option<String>,
    },
}

/// Governance through x/wasm `MsgSudoContract`.
#[cw_serde]
pub enum SudoMsg {
    UpdateConfig {
        governance: Option<String>,
        claims_court: Option<String>,
    },
}

#[cw_serde]
pub struct MigrateMsg {}

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
    /// True once the cover period and grace period are over at the queried block.
    pub expired: bool,
}

/// The cw721 0.22 standard queries (same wire names and responses as
/// cw721-base, so wallets and marketplaces work unchanged) plus the protocol's.
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
    #[returns(cw721::msg::NftInfoResponse<Policy>)]
    NftInfo { token_id: String },
    #[returns(cw721::msg::AllNftInfoResponse<Policy>)]
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

// The cw721 crate's generic logic needs these to store `Policy` as the token
// extension; the orphan rule puts them next to the type.
impl Cw721State for Policy {}
impl Cw721CustomMsg for Policy {}

impl Contains for Policy {
    fn contains(&self, other: &Policy) -> bool {
        self == other
    }
}

/// The mint message carries the stored policy as is. The cover NFT contract
/// validates the terms itself (with its own typed errors) before it mints,
/// and cw721 checks that the sender is the minter.
impl StateFactory<Policy> for Policy {
    fn create(
        &self,
        deps: Deps,
        env: &Env,
        info: Option<&MessageInfo>,
        current: Option<&Policy>,
    ) -> Result<Policy, Cw721ContractError> {
        self.validate(deps, env, info, current)?;
        Ok(self.clone())
    }

    fn validate(
        &self,
        _deps: Deps,
        _env: &Env,
        _info: Option<&MessageInfo>,
        _current: Option<&Policy>,
    ) -> Result<(), Cw721ContractError> {
        Ok(())
    }
}
