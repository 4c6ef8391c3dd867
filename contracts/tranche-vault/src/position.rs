//! What the vault owns, read from the pool and the token contracts.
//!
//! Two pool queries (`Staker` for the vault, `PoolState` for the share price)
//! and two per token (`TokenInfo`, the vault's own `Balance`): O(1) whatever
//! the number of holders.

use cosmwasm_std::{Deps, Env, StdResult, Uint128};
use cw20::Cw20Contract;
use insurance_common::math::shares_to_assets;
use insurance_common::risk_pool::RiskPoolContract;
use insurance_common::tranche_vault::Tranche;

use crate::error::ContractError;
use crate::state::{load_token, Config};
use crate::waterfall::Holdings;

/// The vault's pool position and the tranche tokens outstanding, at one block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// The vault's pool shares that earn rewards.
    pub active_shares: Uint128,
    /// The vault's pool shares waiting in unbondings (they still bear losses).
    pub unbonding_shares: Uint128,
    /// Pool rewards the vault has earned and not claimed.
    pub unclaimed_rewards: Uint128,
    pub pool_assets: Uint128,
    pub pool_shares: Uint128,
    /// Senior tokens held by anyone but the vault.
    pub senior_supply: Uint128,
    pub junior_supply: Uint128,
}

impl Position {
    /// What all the vault's pool shares are worth at the pool's price (rounded down).
    pub fn pool_value(&self) -> StdResult<Uint128> {
        shares_to_assets(
            self.active_shares.checked_add(self.unbonding_shares)?,
            self.pool_assets,
            self.pool_shares,
        )
    }

    /// What the ledger settles on.
    pub fn holdings(&self) -> StdResult<Holdings> {
        Ok(Holdings {
            pool_value: self.pool_value()?,
            unclaimed_rewards: self.unclaimed_rewards,
            senior_supply: self.senior_supply,
            junior_supply: self.junior_supply,
        })
    }

    pub fn supply(&self, tranche: Tranche) -> Uint128 {
        match tranche {
            Tranche::Senior => self.senior_supply,
            Tranche::Junior => self.junior_supply,
        }
    }

    pub fn supply_mut(&mut self, tranche: Tranche) -> &mut Uint128 {
        match tranche {
            Tranche::Senior => &mut self.senior_supply,
            Tranche::Junior => &mut self.junior_supply,
        }
    }
}

/// Tokens outstanding: total supply less what the vault itself holds. The
/// vault burns what it receives through `Send` in the same transaction;
/// tokens transferred to it directly are nobody's claim any more, so their
/// value stays with the tranche's holders.
fn outstanding(deps: Deps, env: &Env, tranche: Tranche) -> Result<Uint128, ContractError> {
    let token = Cw20Contract(load_token(deps.storage, tranche)?);
    let info = token.meta(&deps.querier)?;
    let held = token.balance(&deps.querier, env.contract.address.to_string())?;
    Ok(info.total_supply.checked_sub(held)?)
}

pub fn observe(deps: Deps, env: &Env, config: &Config) -> Result<Position, ContractError> {
    let pool = RiskPoolContract(config.risk_pool.clone());
    let staker = pool.staker(&deps.querier, &env.contract.address)?;
    let state = pool.pool_state(&deps.querier)?;
    Ok(Position {
        active_shares: staker.shares,
        unbonding_shares: staker.unbonding_shares,
        unclaimed_rewards: staker.pending_rewards,
        pool_assets: state.total_assets,
        pool_shares: state.total_shares,
        senior_supply: outstanding(deps, env, Tranche::Senior)?,
        junior_supply: outstanding(deps, env, Tranche::Junior)?,
    })
}
