//! Names a refused operation by the typed error behind it
//! (`contract::Variant`), so the report counts refusals by variant.

use std::fmt::Debug;

fn variant<E: Debug>(contract: &str, e: &E) -> String {
    let text = format!("{e:?}");
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    format!("{contract}::{}", &text[..end])
}

/// The typed contract error behind a refusal (anyhow finds it through the
/// test chain's context layers), else `untyped` (an error a contract in
/// between passed on as text, or one of the test chain's own).
pub fn classify(e: &anyhow::Error) -> String {
    if let Some(x) = e.downcast_ref::<risk_pool::ContractError>() {
        variant("risk-pool", x)
    } else if let Some(x) = e.downcast_ref::<claims_court::ContractError>() {
        variant("claims-court", x)
    } else if let Some(x) = e.downcast_ref::<tranche_vault::ContractError>() {
        variant("tranche-vault", x)
    } else if let Some(x) = e.downcast_ref::<reinsurance_bridge::ContractError>() {
        variant("reinsurance-bridge", x)
    } else if let Some(x) = e.downcast_ref::<cover_nft::ContractError>() {
        variant("cover-nft", x)
    } else if let Some(x) = e.downcast_ref::<cw20_base::ContractError>() {
        variant("cw20", x)
    } else if let Some(x) = e.downcast_ref::<cosmwasm_std::StdError>() {
        variant("std", x)
    } else {
        "untyped".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Uint128;

    #[test]
    fn names_the_variant_of_the_innermost_typed_error() {
        let e = anyhow::Error::new(risk_pool::ContractError::NoRewards {});
        assert_eq!(classify(&e), "risk-pool::NoRewards");
        let e = anyhow::Error::new(risk_pool::ContractError::ZeroAmount {})
            .context("executing the pool");
        assert_eq!(classify(&e), "risk-pool::ZeroAmount");
        let e = anyhow::Error::new(tranche_vault::ContractError::DepositTooSmall {
            amount: Uint128::one(),
        });
        assert_eq!(classify(&e), "tranche-vault::DepositTooSmall");
        assert_eq!(classify(&anyhow::anyhow!("text only")), "untyped");
    }
}
