//! Attacks on capital: exits ahead of losses, the circuit breaker.
