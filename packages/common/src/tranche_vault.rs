//! Messages of the tranche vault: senior and junior tranches over one risk
//! pool position, each a cw20 token created by the vault.
//!
//! - **Deposit** the pool's collateral into a tranche: the vault stakes it in
//!   the pool and mints tranche tokens at the tranche's current price.
//! - **Income** (the vault's pool rewards) pays the senior tranche its target
//!   annual rate on its principal first; the junior tranche gets the rest.
//! - **Loss** (a fall of the pool's share price) is absorbed by the junior
//!   tranche until it is worth nothing, then by the senior one.
//! - **Redeem** by sending tranche tokens to the vault with cw20 `Send` and a
//!   [`ReceiveMsg::Redeem`] hook message; the vault burns them and unbonds the
//!   value from the pool; after the pool's unbonding period the holder sends
//!   [`ExecuteMsg::WithdrawRedemption`]. A pending redemption keeps bearing
//!   its tranche's losses (in the tranche's order) but earns no income.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{
    to_json_binary, Addr, Coin, CosmosMsg, Decimal, QuerierWrapper, StdResult, Timestamp, Uint128,
    WasmMsg,
};
use cw20::Cw20ReceiveMsg;

/// Token units the first deposit of each tranche mints to the token contract
/// itself, where they stay: the outstanding supply never falls under them, so
/// no holder can shrink it to a unit and take a later depositor's rounding.
/// The first depositor gets what its deposit mints less these.
pub const LOCKED_TOKENS: Uint128 = Uint128::new(1_000);

/// The two classes of vault capital.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum Tranche {
    /// Paid its target rate first; loses only once the junior tranche is worth nothing.
    Senior,
    /// Gets the income above the senior target; absorbs losses first.
    Junior,
}

impl Tranche {
    pub const ALL: [Tranche; 2] = [Tranche::Senior, Tranche::Junior];

    pub fn as_str(&self) -> &'static str {
        match self {
            Tranche::Senior => "senior",
            Tranche::Junior => "junior",
        }
    }
}

impl std::fmt::Display for Tranche {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parameters governance can change.
#[cw_serde]
pub struct VaultParams {
    /// Annual rate the senior tranche earns on its principal before the junior
    /// tranche gets any income (simple interest, paid from realised income only).
    pub senior_target_rate: Decimal,
    /// A senior deposit is refused when it would bring the junior tranche's share
    /// of the vault's active value below this ratio.
    pub min_subordination: Decimal,
}

impl Default for VaultParams {
    fn default() -> Self {
        VaultParams {
            senior_target_rate: Decimal::percent(5),
            min_subordination: Decimal::percent(20),
        }
    }
}

/// Name and symbol of a tranche's cw20 token (cw20-base rules: name 3 to 50
/// bytes, symbol 3 to 12 letters or `-`).
#[cw_serde]
pub struct TokenParams {
    pub name: String,
    pub symbol: String,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The risk pool the vault stakes in; its collateral denom becomes the vault's.
    pub risk_pool: String,
    /// Chain governance (or the address a chain uses in its place). Also the
    /// admin of the two token contracts.
    pub governance: String,
    /// Code id of cw20-base 2.0 (`artifacts/cw20_base.wasm`), instantiated twice.
    pub cw20_code_id: u64,
    pub senior_token: TokenParams,
    pub junior_token: TokenParams,
    /// Decimals of both tranche tokens: use the collateral's, as one token
    /// starts at one collateral unit.
    pub decimals: u8,
    pub params: VaultParams,
}

/// Operations reserved to chain governance: through `sudo` (x/wasm
/// `MsgSudoContract`) or `ExecuteMsg::Governance` sent by the governance address.
#[cw_serde]
pub enum GovernanceMsg {
    /// The senior target accrued so far is settled at the old rate first.
    UpdateParams {
        params: VaultParams,
    },
    UpdateConfig {
        governance: Option<String>,
    },
}

pub type SudoMsg = GovernanceMsg;

#[cw_serde]
pub enum ExecuteMsg {
    /// Deposit the collateral denom (attached) into a tranche.
    Deposit {
        tranche: Tranche,
    },
    /// cw20 receive hook: a tranche token sent with `Send` and a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Collect a redemption once its pool unbonding has matured. When a loss the
    /// junior tranche absorbed left the unbonding short of what a senior
    /// redemption is owed, the vault pays what it has and unbonds the rest
    /// (the redemption stays, with a new release time).
    WithdrawRedemption {
        redemption_id: u64,
    },
    /// Anyone, any time: settle the books (allocate the income up to now, senior
    /// target first), claim the vault's pool rewards and stake them, with any
    /// collateral the vault holds, back into the pool.
    Harvest {},
    Governance(GovernanceMsg),
}

/// The `msg` of a cw20 `Send` to the vault.
#[cw_serde]
pub enum ReceiveMsg {
    /// Redeem the sent tranche tokens.
    Redeem {},
}

#[cw_serde]
pub struct MigrateMsg {}

/// Data of a `Deposit` response.
#[cw_serde]
pub struct DepositResponse {
    pub tranche: Tranche,
    /// Collateral credited to the tranche (what the new pool shares are worth).
    pub credited: Uint128,
    pub tokens_minted: Uint128,
}

/// Data of a `WithdrawRedemption` response.
#[cw_serde]
pub struct WithdrawRedemptionResponse {
    pub redemption_id: u64,
    pub paid: Uint128,
    /// True when part of the redemption was unbonded again and is still pending.
    pub pending: bool,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// The whole vault: pool position, both tranches, the senior ledger.
    #[returns(StateResponse)]
    State {},
    #[returns(TrancheResponse)]
    Tranche { tranche: Tranche },
    #[returns(SubordinationResponse)]
    Subordination {},
    #[returns(RedemptionResponse)]
    Redemption { owner: String, redemption_id: u64 },
    /// An owner's pending redemptions, paginated by id.
    #[returns(RedemptionsResponse)]
    Redemptions {
        owner: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub risk_pool: Addr,
    pub collateral_denom: String,
    pub governance: Addr,
    pub cw20_code_id: u64,
    pub senior_token: Addr,
    pub junior_token: Addr,
    pub params: VaultParams,
}

#[cw_serde]
pub struct TrancheResponse {
    pub tranche: Tranche,
    pub token: Addr,
    /// Tokens outstanding (held by anyone but the vault).
    pub supply: Uint128,
    /// What the outstanding tokens are worth now.
    pub value: Uint128,
    /// Value of one token (one when there are none).
    pub price: Decimal,
    /// What the tranche's pending redemptions are worth now.
    pub pending_value: Uint128,
    /// Senior: the target annual rate. Junior: none (it gets the rest).
    pub target_rate: Option<Decimal>,
}

#[cw_serde]
pub struct StateResponse {
    /// Everything the vault owns: pool shares (earning and unbonding) at the
    /// pool's price, unclaimed pool rewards, and collateral it holds.
    pub total_value: Uint128,
    pub pool_shares: Uint128,
    pub unbonding_shares: Uint128,
    pub unclaimed_rewards: Uint128,
    /// Collateral held by the vault (harvested, or returned by unbondings).
    pub idle: Uint128,
    /// Senior deposits still invested, on which the target rate accrues.
    pub senior_principal: Uint128,
    /// What the senior tranche is owed (principal plus target income received),
    /// earning and pending together. Senior value is `min(total_value, this)`.
    pub senior_entitlement: Uint128,
    pub senior: TrancheResponse,
    pub junior: TrancheResponse,
    /// Seconds: the senior target is accrued up to this time.
    pub last_accrual: u64,
}

#[cw_serde]
pub struct SubordinationResponse {
    /// Junior share of the active (not pending) value.
    pub junior_share: Decimal,
    pub minimum: Decimal,
    pub senior_value: Uint128,
    pub junior_value: Uint128,
}

#[cw_serde]
pub struct RedemptionResponse {
    pub id: u64,
    pub owner: Addr,
    pub tranche: Tranche,
    /// Tranche tokens burned.
    pub tokens: Uint128,
    /// What the redemption was worth when requested.
    pub requested_value: Uint128,
    /// Paid so far (a redemption is paid in parts when an unbonding fell short).
    pub paid: Uint128,
    /// What it would pay now (losses in its tranche's order; no income).
    pub value: Uint128,
    pub unbonding_id: Option<u64>,
    pub release_at: Timestamp,
    pub withdrawable: bool,
}

#[cw_serde]
pub struct RedemptionsResponse {
    pub redemptions: Vec<RedemptionResponse>,
}

/// Typed handle on a deployed tranche vault for other contracts.
#[cw_serde]
pub struct TrancheVaultContract(pub Addr);

impl TrancheVaultContract {
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    pub fn call(&self, msg: &ExecuteMsg, funds: Vec<Coin>) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds,
        }
        .into())
    }

    /// Deposit `funds` (the collateral) into a tranche.
    pub fn deposit(&self, tranche: Tranche, funds: Vec<Coin>) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Deposit { tranche }, funds)
    }

    /// Redeem `amount` of a tranche token: a cw20 `Send` to the vault, sent to
    /// the token contract by the holder.
    pub fn redeem(&self, token: &Addr, amount: Uint128) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: token.to_string(),
            msg: to_json_binary(&cw20::Cw20ExecuteMsg::Send {
                contract: self.0.to_string(),
                amount,
                msg: to_json_binary(&ReceiveMsg::Redeem {})?,
            })?,
            funds: vec![],
        }
        .into())
    }

    pub fn withdraw_redemption(&self, redemption_id: u64) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::WithdrawRedemption { redemption_id }, vec![])
    }

    pub fn harvest(&self) -> StdResult<CosmosMsg> {
        self.call(&ExecuteMsg::Harvest {}, vec![])
    }

    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<ConfigResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }

    pub fn state(&self, querier: &QuerierWrapper) -> StdResult<StateResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::State {})
    }

    pub fn tranche(
        &self,
        querier: &QuerierWrapper,
        tranche: Tranche,
    ) -> StdResult<TrancheResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Tranche { tranche })
    }

    pub fn subordination(&self, querier: &QuerierWrapper) -> StdResult<SubordinationResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Subordination {})
    }

    pub fn redemptions(
        &self,
        querier: &QuerierWrapper,
        owner: &Addr,
        start_after: Option<u64>,
        limit: Option<u32>,
    ) -> StdResult<RedemptionsResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Redemptions {
                owner: owner.to_string(),
                start_after,
                limit,
            },
        )
    }
}

/// cw20-base's storage keys (`token_info`, `balance`), stable across its
/// releases: the vault reads its tranche tokens' supply and its own balance
/// raw instead of two smart queries per token.
pub mod cw20_raw {
    use cosmwasm_std::{Addr, QuerierWrapper, StdError, StdResult, Uint128};

    use crate::risk_pool::{raw_key, read_raw};

    pub const TOKEN_INFO_KEY: &str = "token_info";
    pub const BALANCE_KEY: &str = "balance";

    #[derive(serde::Deserialize)]
    struct TokenInfo {
        total_supply: Uint128,
    }

    pub fn total_supply(querier: &QuerierWrapper, token: &Addr) -> StdResult<Uint128> {
        read_raw::<TokenInfo>(querier, token, TOKEN_INFO_KEY.as_bytes().to_vec())?
            .map(|info| info.total_supply)
            .ok_or_else(|| StdError::not_found("cw20 token info"))
    }

    pub fn balance(querier: &QuerierWrapper, token: &Addr, owner: &Addr) -> StdResult<Uint128> {
        Ok(read_raw(querier, token, raw_key(BALANCE_KEY, owner.as_bytes()))?.unwrap_or_default())
    }
}
