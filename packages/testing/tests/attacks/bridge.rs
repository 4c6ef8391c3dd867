//! Attacks through the reinsurance bridge and IBC.
