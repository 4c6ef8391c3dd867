//! Who may send what: the one `Unauthorized` error every contract returns,
//! and the checks behind it.

use cosmwasm_std::{Addr, Api, StdResult};
use thiserror::Error;

/// The sender an action is reserved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authority {
    /// The chain's governance address (`ExecuteMsg::Governance`); sudo
    /// needs no check.
    Governance,
    RiskPool,
    CoverNft,
    ClaimsCourt,
    TrancheVault,
    ReinsuranceBridge,
    /// The contract itself (a submessage it sends to its own address).
    ContractItself,
    /// The claimant of a claim.
    Claimant {
        claim_id: u64,
    },
    /// A price feeder governance authorised on the price oracle.
    PriceFeeder,
}

impl std::fmt::Display for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Authority::Governance => f.write_str("governance"),
            Authority::RiskPool => f.write_str("risk pool"),
            Authority::CoverNft => f.write_str("cover NFT"),
            Authority::ClaimsCourt => f.write_str("claims court"),
            Authority::TrancheVault => f.write_str("tranche vault"),
            Authority::ReinsuranceBridge => f.write_str("reinsurance bridge"),
            Authority::ContractItself => f.write_str("contract itself"),
            Authority::Claimant { claim_id } => write!(f, "claimant of claim {claim_id}"),
            Authority::PriceFeeder => f.write_str("authorised price feeder"),
        }
    }
}

/// A companion contract an action needs (set by governance after
/// instantiation): `CompanionNotSet { companion }` while it is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Companion {
    RiskPool,
    CoverNft,
    ClaimsCourt,
    TrancheVault,
    ReinsuranceBridge,
}

impl std::fmt::Display for Companion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Companion::RiskPool => "risk pool",
            Companion::CoverNft => "cover NFT",
            Companion::ClaimsCourt => "claims court",
            Companion::TrancheVault => "tranche vault",
            Companion::ReinsuranceBridge => "reinsurance bridge",
        })
    }
}

/// A message sent by someone it is not reserved to. Every contract's
/// `ContractError` carries it as `Unauthorized(#[from] Unauthorized)`.
#[derive(Error, Debug, PartialEq)]
#[error("{sender} is not the {role}")]
pub struct Unauthorized {
    pub sender: Addr,
    pub role: Authority,
}

/// `sender` must be `expected`; with no `expected` (a companion not set
/// yet) nobody is.
pub fn ensure_sender(
    expected: Option<&Addr>,
    sender: &Addr,
    role: Authority,
) -> Result<(), Unauthorized> {
    match expected {
        Some(expected) if expected == sender => Ok(()),
        _ => Err(Unauthorized {
            sender: sender.clone(),
            role,
        }),
    }
}

/// Governance replaces an address of a configuration: validated once, kept
/// when `new` is `None`.
pub fn update_addr(api: &dyn Api, field: &mut Addr, new: Option<String>) -> StdResult<()> {
    if let Some(new) = new {
        *field = api.addr_validate(&new)?;
    }
    Ok(())
}

/// `sender` must be the governance address.
pub fn ensure_governance(governance: &Addr, sender: &Addr) -> Result<(), Unauthorized> {
    ensure_sender(Some(governance), sender, Authority::Governance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_expected_sender_passes() {
        let (gov, other) = (Addr::unchecked("gov"), Addr::unchecked("other"));
        assert_eq!(ensure_governance(&gov, &gov), Ok(()));
        let err = ensure_governance(&gov, &other).unwrap_err();
        assert_eq!(
            err,
            Unauthorized {
                sender: other,
                role: Authority::Governance
            }
        );
        assert_eq!(err.to_string(), "other is not the governance");
        assert_eq!(
            ensure_sender(None, &gov, Authority::ClaimsCourt),
            Err(Unauthorized {
                sender: gov,
                role: Authority::ClaimsCourt
            })
        );
        assert_eq!(
            Authority::Claimant { claim_id: 3 }.to_string(),
            "claimant of claim 3"
        );
    }
}
