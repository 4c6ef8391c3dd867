//! The protocol's contracts wrapped for cw-multi-test.
//!
//! Each wrapper fits any App: `C` and `Q` are the App's custom message and
//! query types (`Empty` on a default App), which the contracts never use.

use cosmwasm_std::{CustomMsg, CustomQuery, Empty};
use cw_multi_test::{Contract, ContractWrapper};
use serde::de::DeserializeOwned;

pub fn risk_pool<C, Q>() -> Box<dyn Contract<C, Q>>
where
    C: CustomMsg + DeserializeOwned + 'static,
    Q: CustomQuery + DeserializeOwned + 'static,
{
    Box::new(
        ContractWrapper::new_with_empty(
            risk_pool::contract::execute,
            risk_pool::contract::instantiate,
            risk_pool::contract::query,
        )
        .with_sudo_empty(risk_pool::contract::sudo)
        .with_migrate_empty(risk_pool::contract::migrate),
    )
}

pub fn cover_nft<C, Q>() -> Box<dyn Contract<C, Q>>
where
    C: CustomMsg + DeserializeOwned + 'static,
    Q: CustomQuery + DeserializeOwned + 'static,
{
    Box::new(
        ContractWrapper::new_with_empty(
            cover_nft::contract::execute,
            cover_nft::contract::instantiate,
            cover_nft::contract::query,
        )
        .with_sudo_empty(cover_nft::contract::sudo)
        .with_migrate_empty(cover_nft::contract::migrate),
    )
}

pub fn claims_court<C, Q>() -> Box<dyn Contract<C, Q>>
where
    C: CustomMsg + DeserializeOwned + 'static,
    Q: CustomQuery + DeserializeOwned + 'static,
{
    Box::new(
        ContractWrapper::new_with_empty(
            claims_court::contract::execute,
            claims_court::contract::instantiate,
            claims_court::contract::query,
        )
        .with_sudo_empty(claims_court::contract::sudo)
        .with_migrate_empty(claims_court::contract::migrate),
    )
}

/// A price oracle whose prices are set by execute (see `mock_oracle`).
pub fn mock_oracle<C, Q>() -> Box<dyn Contract<C, Q>>
where
    C: CustomMsg + DeserializeOwned + 'static,
    Q: CustomQuery + DeserializeOwned + 'static,
{
    Box::new(ContractWrapper::new_with_empty(
        crate::mock_oracle::execute,
        crate::mock_oracle::instantiate,
        crate::mock_oracle::query,
    ))
}

/// The workspace's price oracle (feeders authorised by governance).
pub fn price_oracle<C, Q>() -> Box<dyn Contract<C, Q>>
where
    C: CustomMsg + DeserializeOwned + 'static,
    Q: CustomQuery + DeserializeOwned + 'static,
{
    Box::new(
        ContractWrapper::new_with_empty(
            price_oracle::contract::execute,
            price_oracle::contract::instantiate,
            price_oracle::contract::query,
        )
        .with_sudo_empty(price_oracle::contract::sudo)
        .with_migrate_empty(price_oracle::contract::migrate),
    )
}

pub fn tranche_vault<C, Q>() -> Box<dyn Contract<C, Q>>
where
    C: CustomMsg + DeserializeOwned + 'static,
    Q: CustomQuery + DeserializeOwned + 'static,
{
    Box::new(
        ContractWrapper::new_with_empty(
            tranche_vault::contract::execute,
            tranche_vault::contract::instantiate,
            tranche_vault::contract::query,
        )
        .with_sudo_empty(tranche_vault::contract::sudo)
        .with_reply_empty(tranche_vault::contract::reply)
        .with_migrate_empty(tranche_vault::contract::migrate),
    )
}

/// The real cw20-base 2.0 contract (the tranche tokens).
pub fn cw20_base<C, Q>() -> Box<dyn Contract<C, Q>>
where
    C: CustomMsg + DeserializeOwned + 'static,
    Q: CustomQuery + DeserializeOwned + 'static,
{
    Box::new(
        ContractWrapper::new_with_empty(
            cw20_base::contract::execute,
            cw20_base::contract::instantiate,
            cw20_base::contract::query,
        )
        .with_migrate_empty(cw20_base::contract::migrate),
    )
}

/// The reinsurance bridge as an IBC contract whose `IbcMsg`s go to the
/// chain's IBC host (see `ibc`). The two-chain relay runs on default Apps.
pub fn reinsurance_bridge(ibc_host: &cosmwasm_std::Addr) -> Box<dyn Contract<Empty>> {
    Box::new(reinsurance_bridge_ibc(ibc_host))
}

/// [`reinsurance_bridge()`] unboxed, for [`WorldChain::store_ibc_code`](crate::WorldChain::store_ibc_code).
pub fn reinsurance_bridge_ibc(ibc_host: &cosmwasm_std::Addr) -> crate::ibc::IbcContract {
    use reinsurance_bridge::{contract, ibc};
    crate::ibc::IbcContract::new(
        Box::new(
            ContractWrapper::new(contract::execute, contract::instantiate, contract::query)
                .with_sudo(contract::sudo)
                .with_reply(contract::reply)
                .with_migrate(contract::migrate),
        ),
        ibc_host.clone(),
        ibc::ibc_channel_open,
        ibc::ibc_channel_connect,
        ibc::ibc_channel_close,
        ibc::ibc_packet_receive,
        ibc::ibc_packet_ack,
        ibc::ibc_packet_timeout,
    )
    .with_callbacks(ibc::ibc_source_callback, ibc::ibc_destination_callback)
}
