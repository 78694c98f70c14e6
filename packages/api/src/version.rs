//! Migration guard shared by the contracts: a contract migrates only from an older release of
//! itself. Versions are `major.minor.patch` with numeric parts, compared numerically (never as
//! strings: "0.10.0" is newer than "0.9.0"). Pre-release and build suffixes are refused: Palisade
//! releases carry none. This replaces `cw2::ensure_from_older_version`, whose `semver` dependency
//! costs about 8 KB of wasm in every contract.

/// A release version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    /// Parses `major.minor.patch`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.split('.');
        let mut next = || -> Option<u64> {
            let part = parts.next()?;
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let version = Version {
            major: next()?,
            minor: next()?,
            patch: next()?,
        };
        parts.next().is_none().then_some(version)
    }
}

/// Why a migration is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrationRefusal {
    OtherContract {
        stored: String,
    },
    Unparsable {
        version: String,
    },
    Downgrade {
        stored: String,
        new: String,
    },
    /// Older than the oldest release the new code converts (its `FROM_VERSION`).
    TooOld {
        stored: String,
        oldest: String,
    },
}

impl core::fmt::Display for MigrationRefusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            MigrationRefusal::OtherContract { stored } => {
                write!(f, "the stored contract is {stored}")
            }
            MigrationRefusal::Unparsable { version } => {
                write!(f, "version {version} is not major.minor.patch")
            }
            MigrationRefusal::Downgrade { stored, new } => {
                write!(f, "{new} is older than the stored {stored}")
            }
            MigrationRefusal::TooOld { stored, oldest } => write!(
                f,
                "{stored} is older than {oldest}: migrate through the releases in between first"
            ),
        }
    }
}

/// Checks that `stored` (from cw2) is `name` at a version from `oldest` to `new`.
pub fn check_migration(
    stored_name: &str,
    stored_version: &str,
    name: &str,
    new: &str,
    oldest: &str,
) -> Result<(), MigrationRefusal> {
    if stored_name != name {
        return Err(MigrationRefusal::OtherContract {
            stored: stored_name.to_string(),
        });
    }
    let parse = |v: &str| {
        Version::parse(v).ok_or_else(|| MigrationRefusal::Unparsable {
            version: v.to_string(),
        })
    };
    let stored = parse(stored_version)?;
    if stored > parse(new)? {
        return Err(MigrationRefusal::Downgrade {
            stored: stored_version.to_string(),
            new: new.to_string(),
        });
    }
    if stored < parse(oldest)? {
        return Err(MigrationRefusal::TooOld {
            stored: stored_version.to_string(),
            oldest: oldest.to_string(),
        });
    }
    Ok(())
}

/// The whole migration guard of a contract: reads its cw2 record, refuses another contract, an
/// unparsable version, a downgrade or a release older than `oldest` (the contract's
/// `FROM_VERSION`), and records the new version. Returns the previous version.
pub fn migrate_version(
    storage: &mut dyn cosmwasm_std::Storage,
    name: &str,
    new: &str,
    oldest: &str,
) -> Result<String, MigrationRefusal> {
    let previous =
        cw2::get_contract_version(storage).map_err(|_| MigrationRefusal::OtherContract {
            stored: "no cw2 record".to_string(),
        })?;
    check_migration(&previous.contract, &previous.version, name, new, oldest)?;
    cw2::set_contract_version(storage, name, new).map_err(|_| MigrationRefusal::Unparsable {
        version: new.to_string(),
    })?;
    Ok(previous.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_release_versions_only() {
        assert_eq!(
            Version::parse("1.20.3"),
            Some(Version {
                major: 1,
                minor: 20,
                patch: 3
            })
        );
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "1.2.3-rc.1",
            "1..3",
            "+1.2.3",
            "v1.2.3",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn compares_numerically_not_as_strings() {
        assert!(check_migration("c", "0.9.0", "c", "0.10.0", "0.1.0").is_ok());
        assert_eq!(
            check_migration("c", "0.10.0", "c", "0.9.0", "0.1.0"),
            Err(MigrationRefusal::Downgrade {
                stored: "0.10.0".into(),
                new: "0.9.0".into()
            })
        );
    }

    #[test]
    fn same_version_is_accepted_and_other_contracts_refused() {
        assert!(check_migration("c", "1.0.0", "c", "1.0.0", "1.0.0").is_ok());
        assert!(matches!(
            check_migration("other", "1.0.0", "c", "1.0.0", "0.1.0"),
            Err(MigrationRefusal::OtherContract { .. })
        ));
        assert!(matches!(
            check_migration("c", "1.0.0-beta", "c", "1.0.0", "0.1.0"),
            Err(MigrationRefusal::Unparsable { .. })
        ));
    }

    #[test]
    fn releases_older_than_the_oldest_converted_are_refused() {
        assert!(check_migration("c", "0.2.0", "c", "0.3.0", "0.2.0").is_ok());
        assert!(check_migration("c", "0.2.7", "c", "0.3.0", "0.2.0").is_ok());
        let refusal = check_migration("c", "0.1.9", "c", "0.3.0", "0.2.0").unwrap_err();
        assert_eq!(
            refusal,
            MigrationRefusal::TooOld {
                stored: "0.1.9".into(),
                oldest: "0.2.0".into()
            }
        );
        assert_eq!(
            refusal.to_string(),
            "0.1.9 is older than 0.2.0: migrate through the releases in between first"
        );
    }

    #[test]
    fn the_guard_records_the_new_release_and_changes_nothing_when_it_refuses() {
        let mut storage = cosmwasm_std::testing::MockStorage::new();
        cw2::set_contract_version(&mut storage, "c", "0.1.0").unwrap();
        assert_eq!(
            migrate_version(&mut storage, "c", "0.3.0", "0.2.0"),
            Err(MigrationRefusal::TooOld {
                stored: "0.1.0".into(),
                oldest: "0.2.0".into()
            })
        );
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.1.0"
        );
        assert_eq!(
            migrate_version(&mut storage, "c", "0.3.0", "0.1.0").as_deref(),
            Ok("0.1.0")
        );
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.3.0"
        );
    }
}
