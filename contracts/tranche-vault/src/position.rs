//! What the vault owns, read from the pool and the token contracts.
//!
//! Read raw, under the keys the pool publishes (its ledger and the vault's
//! staker record, brought to the current block as the pool's own queries
//! do) and cw20-base's (supply, the vault's own balance): no contract call,
//! O(1) whatever the number of holders. Only when a pool bucket has ended
//! since the pool's last action (the pool must process it) does the vault
//! ask the pool (`Staker`, `PoolState`).

use cosmwasm_std::{Deps, Env, StdResult, Uint128};
use insurance_common::math::shares_to_assets;
use insurance_common::risk_pool::{RiskPoolContract, Staker};
use insurance_common::tranche_vault::{cw20_raw, Tranche};

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
    /// The id the pool gives the next unbonding.
    pub next_unbonding_id: u64,
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
/// vault keeps what it receives through `Send` (redeemed: nobody's claim any
/// more); tokens transferred to it directly likewise, so their value stays
/// with the tranche's holders.
fn outstanding(deps: Deps, env: &Env, tranche: Tranche) -> Result<Uint128, ContractError> {
    let token = load_token(deps.storage, tranche)?;
    let supply = cw20_raw::total_supply(&deps.querier, &token)?;
    let held = cw20_raw::balance(&deps.querier, &token, &env.contract.address)?;
    Ok(supply.checked_sub(held)?)
}

pub fn observe(deps: Deps, env: &Env, config: &Config) -> Result<Position, ContractError> {
    let pool = RiskPoolContract(config.risk_pool.clone());
    let stored = pool.pool_raw(&deps.querier)?;
    let next_unbonding_id = stored.next_unbonding_id;
    let (staker, pool_assets, pool_shares) = match stored.current(env.block.time.seconds())? {
        Some(current) => {
            let mut staker = pool.staker_raw(&deps.querier, &env.contract.address)?;
            staker.settle(&current)?;
            (staker, current.total_assets, current.total_shares)
        }
        None => {
            let staker = pool.staker(&deps.querier, &env.contract.address)?;
            let state = pool.pool_state(&deps.querier)?;
            let staker = Staker {
                shares: staker.shares,
                unbonding_shares: staker.unbonding_shares,
                pending_rewards: staker.pending_rewards,
                ..Staker::default()
            };
            (staker, state.total_assets, state.total_shares)
        }
    };
    Ok(Position {
        active_shares: staker.shares,
        unbonding_shares: staker.unbonding_shares,
        unclaimed_rewards: staker.pending_rewards,
        pool_assets,
        pool_shares,
        senior_supply: outstanding(deps, env, Tranche::Senior)?,
        junior_supply: outstanding(deps, env, Tranche::Junior)?,
        next_unbonding_id,
    })
}
