//! The protocol's contracts wrapped for cw-multi-test.

use cosmwasm_std::Empty;
use cw_multi_test::{Contract, ContractWrapper};

pub fn risk_pool() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            risk_pool::contract::execute,
            risk_pool::contract::instantiate,
            risk_pool::contract::query,
        )
        .with_sudo(risk_pool::contract::sudo)
        .with_migrate(risk_pool::contract::migrate),
    )
}

pub fn cover_nft() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            cover_nft::contract::execute,
            cover_nft::contract::instantiate,
            cover_nft::contract::query,
        )
        .with_sudo(cover_nft::contract::sudo)
        .with_migrate(cover_nft::contract::migrate),
    )
}
