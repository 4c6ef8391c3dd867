//! The contracts' refusals the driver expects, recognised by their error
//! types (never by message text).

/// Refusals of the risk pool the run expects and counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    OverCapacity,
    ProductOverCapacity,
    ProductPaused,
    SaleSuspended,
    CircuitBreaker,
    BelowMinimumCapital,
    InsufficientCapital,
    NoRewards,
    DepositTooSmall,
}

impl Refusal {
    fn of_typed(e: &risk_pool::ContractError) -> Option<Refusal> {
        use risk_pool::ContractError as E;
        Some(match e {
            E::OverCapacity { .. } => Refusal::OverCapacity,
            E::ProductOverCapacity { .. } => Refusal::ProductOverCapacity,
            E::ProductPaused { .. } => Refusal::ProductPaused,
            E::SaleSuspended { .. } => Refusal::SaleSuspended,
            E::CircuitBreakerTripped {} => Refusal::CircuitBreaker,
            E::BelowMinimumCapital { .. } => Refusal::BelowMinimumCapital,
            E::InsufficientCapital { .. } => Refusal::InsufficientCapital,
            E::NoRewards {} => Refusal::NoRewards,
            E::DepositTooSmall { .. } => Refusal::DepositTooSmall,
            _ => return None,
        })
    }

    /// The pool's refusal behind a failed transaction, by its type: the
    /// multi-test app keeps a contract's error in the chain of contexts it
    /// adds, also when the pool refuses a message another contract sent it.
    pub(super) fn of(e: &anyhow::Error) -> Option<Refusal> {
        typed::<risk_pool::ContractError>(e).and_then(Refusal::of_typed)
    }
}

/// The contract error of type `E` behind a failed transaction, if any.
/// The contract wrappers keep a contract's error as the root of the `anyhow`
/// error the chain returns (`FastChain` passes it on as it is; cw-multi-test
/// adds contexts on the way out), also when the contract refused a message
/// another contract sent it: `anyhow`'s downcast looks through those layers.
pub(super) fn typed<E>(e: &anyhow::Error) -> Option<&E>
where
    E: std::fmt::Display + std::fmt::Debug + Send + Sync + 'static,
{
    e.downcast_ref::<E>()
}

/// A withdrawal the pool holds back for now: the minimum capital or the breaker.
pub(super) fn is_held(e: &anyhow::Error) -> bool {
    matches!(
        Refusal::of(e),
        Some(Refusal::BelowMinimumCapital | Refusal::CircuitBreaker)
    )
}

/// A deposit the vault (or the pool behind it) turns away for now.
pub(super) fn deposit_waits(e: &anyhow::Error) -> bool {
    use tranche_vault::ContractError as V;
    matches!(
        typed::<V>(e),
        Some(V::SubordinationBreach { .. } | V::SeniorImpaired { .. } | V::DepositTooSmall { .. })
    ) || Refusal::of(e) == Some(Refusal::DepositTooSmall)
}

/// The court refuses a depeg that is the event already recorded: the
/// trigger has not re-armed since it fired.
pub(super) fn is_same_event(e: &anyhow::Error) -> bool {
    matches!(
        typed::<claims_court::ContractError>(e),
        Some(claims_court::ContractError::IncidentOpen { .. })
    )
}

/// The court keeps a fired trigger fired while the breach is younger than
/// its cooldown: the keeper checks again next period.
pub(super) fn is_cooling_down(e: &anyhow::Error) -> bool {
    matches!(
        typed::<claims_court::ContractError>(e),
        Some(claims_court::ContractError::TriggerCoolingDown { .. })
    )
}

/// A sale the pool refuses by design: no capacity, breaker tripped, product
/// paused, or a parametric product's sale suspended while its incident is open.
pub(super) fn is_refused_sale(e: &anyhow::Error) -> bool {
    matches!(
        Refusal::of(e),
        Some(
            Refusal::OverCapacity
                | Refusal::ProductOverCapacity
                | Refusal::CircuitBreaker
                | Refusal::ProductPaused
                | Refusal::SaleSuspended
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;
    use cosmwasm_std::Uint128;
    use risk_pool::ContractError as E;
    use tranche_vault::ContractError as V;

    /// As cw-multi-test hands a contract's error back: a message error (its
    /// contract wrapper knows the type only as `Display`), wrapped in contexts.
    fn relayed<T: std::fmt::Display + std::fmt::Debug + Send + Sync + 'static>(
        e: T,
    ) -> anyhow::Error {
        Err::<(), _>(anyhow::anyhow!(e))
            .context("Error executing WasmMsg: Execute { .. }")
            .context("the keeper does something")
            .unwrap_err()
    }

    #[test]
    fn refusals_are_read_from_their_types() {
        let n = Uint128::new(5);
        let cases = [
            (
                E::OverCapacity {
                    requested: n,
                    available: n,
                },
                Refusal::OverCapacity,
            ),
            (
                E::ProductOverCapacity {
                    product_id: 2,
                    requested: n,
                    available: n,
                },
                Refusal::ProductOverCapacity,
            ),
            (E::ProductPaused { product_id: 2 }, Refusal::ProductPaused),
            (E::CircuitBreakerTripped {}, Refusal::CircuitBreaker),
            (
                E::BelowMinimumCapital {
                    capital_after: n,
                    minimum_capital: n,
                },
                Refusal::BelowMinimumCapital,
            ),
            (
                E::InsufficientCapital {
                    requested: n,
                    available: n,
                },
                Refusal::InsufficientCapital,
            ),
            (E::NoRewards {}, Refusal::NoRewards),
            (E::DepositTooSmall { amount: n }, Refusal::DepositTooSmall),
        ];
        for (error, refusal) in cases {
            let text = error.to_string();
            assert_eq!(Refusal::of(&relayed(error)), Some(refusal));
            // The words alone are not a refusal.
            assert_eq!(Refusal::of(&anyhow::anyhow!("{text}")), None, "{text}");
        }
        assert_eq!(Refusal::of(&relayed(E::ZeroAmount {})), None);
        let d = cosmwasm_std::Decimal::percent(10);
        for waits in [
            V::SubordinationBreach {
                junior_share: d,
                minimum: d,
            },
            V::SeniorImpaired {
                senior_value: n,
                senior_entitlement: n,
            },
            V::DepositTooSmall { amount: n },
        ] {
            let text = waits.to_string();
            assert!(deposit_waits(&relayed(waits)));
            assert!(!deposit_waits(&anyhow::anyhow!("{text}")), "{text}");
        }
        assert!(deposit_waits(&relayed(E::DepositTooSmall { amount: n })));
        assert!(!deposit_waits(&relayed(V::ZeroAmount {})));
        assert!(is_refused_sale(&relayed(E::ProductPaused {
            product_id: 1
        })));
        assert!(!is_refused_sale(&relayed(E::NoRewards {})));
    }

    #[test]
    fn trigger_refusals_are_read_from_their_types() {
        use claims_court::ContractError as C;
        let open = || C::IncidentOpen {
            product_id: 3,
            incident_id: 1,
        };
        let cooling = || C::TriggerCoolingDown {
            product_id: 3,
            until: cosmwasm_std::Timestamp::from_seconds(9),
        };
        let (open_text, cooling_text) = (open().to_string(), cooling().to_string());
        assert!(is_same_event(&relayed(open())));
        assert!(!is_cooling_down(&relayed(open())));
        assert!(is_cooling_down(&relayed(cooling())));
        assert!(!is_same_event(&relayed(cooling())));
        assert!(!is_same_event(&anyhow::anyhow!("{open_text}")));
        assert!(!is_cooling_down(&anyhow::anyhow!("{cooling_text}")));
    }
}
