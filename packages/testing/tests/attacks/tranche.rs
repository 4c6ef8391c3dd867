//! Attacks on the tranche vault: rounding, sandwiches.
