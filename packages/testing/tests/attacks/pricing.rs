//! Attacks on pricing: split purchases, quotes.
