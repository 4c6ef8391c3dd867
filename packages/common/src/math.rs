//! Fixed-point helpers shared by the contracts.
//!
//! Every helper says which way it rounds; callers pick the direction that
//! favours the protocol (never the user who triggers the rounding).

use cosmwasm_std::{Decimal, Decimal256, StdError, StdResult, Uint128, Uint256};

/// Seconds in the 365-day year that annual rates refer to.
pub const SECONDS_PER_YEAR: u64 = 365 * 24 * 60 * 60;

/// Virtual shares and assets added to both sides of every share conversion.
///
/// They make the first depositor's price one asset = 1e6 shares and make a
/// donation or loss-driven share inflation attack cost the attacker about a
/// million times what it can steal.
pub const VIRTUAL_SHARES: u128 = 1_000_000;
pub const VIRTUAL_ASSETS: u128 = 1;

/// `value * num / den`, rounded down.
pub fn mul_div_floor(value: Uint128, num: Uint128, den: Uint128) -> StdResult<Uint128> {
    if den.is_zero() {
        return Err(StdError::generic_err("division by zero"));
    }
    let r = value.full_mul(num) / Uint256::from(den);
    Ok(Uint128::try_from(r)?)
}

/// `value * num / den`, rounded up.
pub fn mul_div_ceil(value: Uint128, num: Uint128, den: Uint128) -> StdResult<Uint128> {
    if den.is_zero() {
        return Err(StdError::generic_err("division by zero"));
    }
    let den = Uint256::from(den);
    let prod = value.full_mul(num);
    let q = prod / den;
    let r = if (prod % den).is_zero() {
        q
    } else {
        q + Uint256::one()
    };
    Ok(Uint128::try_from(r)?)
}

/// `value * ratio`, rounded down.
pub fn mul_floor(value: Uint128, ratio: Decimal) -> StdResult<Uint128> {
    mul_div_floor(value, ratio.atomics(), Decimal::one().atomics())
}

/// `value * ratio`, rounded up.
pub fn mul_ceil(value: Uint128, ratio: Decimal) -> StdResult<Uint128> {
    mul_div_ceil(value, ratio.atomics(), Decimal::one().atomics())
}

/// Shares minted for a deposit of `assets`, rounded down (the pool keeps the dust).
pub fn assets_to_shares(
    assets: Uint128,
    total_assets: Uint128,
    total_shares: Uint128,
) -> StdResult<Uint128> {
    mul_div_floor(
        assets,
        total_shares.checked_add(VIRTUAL_SHARES.into())?,
        total_assets.checked_add(VIRTUAL_ASSETS.into())?,
    )
}

/// Assets paid for redeeming `shares`, rounded down (the pool keeps the dust).
/// Never more than `total_assets` when `shares <= total_shares`.
pub fn shares_to_assets(
    shares: Uint128,
    total_assets: Uint128,
    total_shares: Uint128,
) -> StdResult<Uint128> {
    mul_div_floor(
        shares,
        total_assets.checked_add(VIRTUAL_ASSETS.into())?,
        total_shares.checked_add(VIRTUAL_SHARES.into())?,
    )
}

/// Price of one whole share unit expressed as assets per share.
pub fn share_price(total_assets: Uint128, total_shares: Uint128) -> StdResult<Decimal> {
    Decimal::checked_from_ratio(
        total_assets.checked_add(VIRTUAL_ASSETS.into())?,
        total_shares.checked_add(VIRTUAL_SHARES.into())?,
    )
    .map_err(|e| StdError::generic_err(e.to_string()))
}

/// Premium for `amount` of cover at `annual_rate` for `duration` seconds, rounded up.
pub fn premium(amount: Uint128, annual_rate: Decimal, duration: u64) -> StdResult<Uint128> {
    let yearly = amount.full_mul(annual_rate.atomics());
    let num = yearly.checked_mul(Uint256::from(duration))?;
    let den = Uint256::from(Decimal::one().atomics()) * Uint256::from(SECONDS_PER_YEAR);
    let q = num / den;
    let q = if (num % den).is_zero() {
        q
    } else {
        q + Uint256::one()
    };
    Ok(Uint128::try_from(q)?)
}

/// Reward-per-share index increment for distributing `amount` (fractional
/// token units) over `shares`, rounded down.
pub fn index_increment(amount: Decimal256, shares: Uint128) -> StdResult<Decimal256> {
    if shares.is_zero() {
        return Err(StdError::generic_err("no shares to distribute to"));
    }
    amount
        .checked_div(Decimal256::from_ratio(shares, 1u128))
        .map_err(|e| StdError::generic_err(e.to_string()))
}

/// Rewards earned by `shares` while the index moved from `from` to `to`, rounded down.
pub fn accrued(shares: Uint128, from: Decimal256, to: Decimal256) -> StdResult<Uint128> {
    let delta = to.checked_sub(from)?;
    let earned = Uint256::from(shares).checked_mul(delta.atomics())? / Decimal256::one().atomics();
    Ok(Uint128::try_from(earned)?)
}

/// Integer part of a fractional token amount.
pub fn floor_units(amount: Decimal256) -> StdResult<Uint128> {
    Ok(Uint128::try_from(amount.to_uint_floor())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_directions() {
        let v = Uint128::new(10);
        assert_eq!(
            mul_div_floor(v, 1u128.into(), 3u128.into()).unwrap(),
            Uint128::new(3)
        );
        assert_eq!(
            mul_div_ceil(v, 1u128.into(), 3u128.into()).unwrap(),
            Uint128::new(4)
        );
        assert_eq!(
            mul_div_ceil(v, 3u128.into(), 3u128.into()).unwrap(),
            Uint128::new(10)
        );
        assert!(mul_div_floor(v, v, Uint128::zero()).is_err());
        let third = Decimal::from_ratio(1u128, 3u128);
        assert_eq!(mul_floor(v, third).unwrap(), Uint128::new(3));
        assert_eq!(mul_ceil(v, third).unwrap(), Uint128::new(4));
    }

    #[test]
    fn first_deposit_price_and_round_trip_never_gains() {
        let shares = assets_to_shares(1_000u128.into(), Uint128::zero(), Uint128::zero()).unwrap();
        assert_eq!(shares, Uint128::new(1_000 * VIRTUAL_SHARES));
        let back = shares_to_assets(shares, 1_000u128.into(), shares).unwrap();
        assert!(back <= Uint128::new(1_000));
        // odd state after losses: a deposit then an immediate redeem never returns more
        let (ta, ts) = (Uint128::new(333), Uint128::new(1_000_000_007));
        for a in [1u128, 7, 999, 12_345] {
            let s = assets_to_shares(a.into(), ta, ts).unwrap();
            let out = shares_to_assets(s, ta + Uint128::new(a), ts + s).unwrap();
            assert!(out <= Uint128::new(a), "deposit {a} redeemed {out}");
        }
    }

    #[test]
    fn inflation_attack_is_unprofitable() {
        // attacker deposits 1 unit, then the pool's assets grow by a large donation-like gain
        let s_attacker = assets_to_shares(1u128.into(), Uint128::zero(), Uint128::zero()).unwrap();
        let (ta, ts) = (Uint128::new(1 + 1_000_000), s_attacker);
        // victim deposits less than the gain: still gets shares, not rounded to zero
        let s_victim = assets_to_shares(500_000u128.into(), ta, ts).unwrap();
        assert!(!s_victim.is_zero());
        let victim_value =
            shares_to_assets(s_victim, ta + Uint128::new(500_000), ts + s_victim).unwrap();
        assert!(victim_value >= Uint128::new(499_000));
    }

    #[test]
    fn redeem_all_never_exceeds_assets() {
        for (ta, ts) in [
            (0u128, 5u128),
            (1, 10u128.pow(12)),
            (10u128.pow(9), 3),
            (7, 7),
        ] {
            let out = shares_to_assets(ts.into(), ta.into(), ts.into()).unwrap();
            assert!(out.u128() <= ta);
        }
    }

    #[test]
    fn premium_rounds_up() {
        // 1000 at 2.6 % for a year
        let p = premium(1_000u128.into(), Decimal::permille(26), SECONDS_PER_YEAR).unwrap();
        assert_eq!(p, Uint128::new(26));
        // one second of cover still costs a unit
        let p = premium(1_000u128.into(), Decimal::percent(1), 1).unwrap();
        assert_eq!(p, Uint128::new(1));
        let p = premium(
            1_000_000u128.into(),
            Decimal::percent(10),
            SECONDS_PER_YEAR / 2,
        )
        .unwrap();
        assert_eq!(p, Uint128::new(50_000));
    }

    #[test]
    fn index_accrual_rounds_down() {
        let inc = index_increment(Decimal256::from_ratio(10u128, 1u128), Uint128::new(3)).unwrap();
        let each = accrued(Uint128::new(1), Decimal256::zero(), inc).unwrap();
        assert_eq!(each, Uint128::new(3));
        let all = accrued(Uint128::new(3), Decimal256::zero(), inc).unwrap();
        assert!(all <= Uint128::new(10));
    }
}
