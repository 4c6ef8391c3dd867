//! The one migration rule every contract applies: code may only replace the
//! same contract at the same or a higher version (semver), and the stored cw2
//! version follows the new code. A downgrade would run old code on state
//! written by newer code, which it may not read correctly.

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

    #[error("cannot migrate {contract} from {stored} down to {new}")]
    Downgrade {
        contract: String,
        stored: String,
        new: String,
    },

    #[error("{version} is not a semantic version")]
    InvalidVersion { version: String },
}

fn parse(version: &str) -> Result<semver::Version, MigrateError> {
    semver::Version::parse(version).map_err(|_| MigrateError::InvalidVersion {
        version: version.to_string(),
    })
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
    if parse(version)? < parse(&stored.version)? {
        return Err(MigrateError::Downgrade {
            contract: name.to_string(),
            stored: stored.version,
            new: version.to_string(),
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
        // the same version again is fine; a lower one is refused and changes nothing
        migrate_contract(&mut storage, "crates.io:risk-pool", "0.2.0").unwrap();
        for lower in ["0.1.9", "0.2.0-rc.1"] {
            assert_eq!(
                migrate_contract(&mut storage, "crates.io:risk-pool", lower).unwrap_err(),
                MigrateError::Downgrade {
                    contract: "crates.io:risk-pool".to_string(),
                    stored: "0.2.0".to_string(),
                    new: lower.to_string(),
                }
            );
        }
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.2.0"
        );
        assert_eq!(
            migrate_contract(&mut storage, "crates.io:risk-pool", "two").unwrap_err(),
            MigrateError::InvalidVersion {
                version: "two".to_string()
            }
        );
        migrate_contract(&mut storage, "crates.io:risk-pool", "1.0.0").unwrap();
        let err = migrate_contract(&mut storage, "crates.io:cover-nft", "0.2.0").unwrap_err();
        assert_eq!(
            err,
            MigrateError::WrongContract {
                expected: "crates.io:cover-nft".to_string(),
                found: "crates.io:risk-pool".to_string(),
                version: "1.0.0".to_string(),
            }
        );
    }
}
