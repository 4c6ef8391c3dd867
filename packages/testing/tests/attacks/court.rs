//! Attacks on the claims court: quorum, votes, discretionary claims.
