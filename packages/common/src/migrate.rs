//! The one migration rule every contract applies: code may only replace the
//! same contract, and the stored cw2 version follows the new code.

use cosmwasm_std::{Response, StdError, Storage};
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum MigrateError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error("cannot migrate {found} {version} to {expected}")]
    WrongContract {
        expected: String,
        found: String,
        version: String,
    },
}

/// Checks the stored contract name and records `version`.
pub fn migrate_contract(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Response, MigrateError> {
    let stored = cw2::get_contract_version(storage)?;
    if stored.contract != name {
        return Err(MigrateError::WrongContract {
            expected: name.to_string(),
            found: stored.contract,
            version: stored.version,
        });
    }
    cw2::set_contract_version(storage, name, version)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    #[test]
    fn same_contract_migrates_and_others_are_refused() {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, "crates.io:risk-pool", "0.1.0").unwrap();
        let res = migrate_contract(&mut storage, "crates.io:risk-pool", "0.2.0").unwrap();
        assert!(res
            .attributes
            .iter()
            .any(|a| a.key == "from_version" && a.value == "0.1.0"));
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.2.0"
        );
        let err = migrate_contract(&mut storage, "crates.io:cover-nft", "0.2.0").unwrap_err();
        assert_eq!(
            err,
            MigrateError::WrongContract {
                expected: "crates.io:cover-nft".to_string(),
                found: "crates.io:risk-pool".to_string(),
                version: "0.2.0".to_string(),
            }
        );
    }
}
