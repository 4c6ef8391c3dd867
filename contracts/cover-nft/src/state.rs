use cosmwasm_std::Empty;
use cw721::extension::Cw721Extensions;
use cw_storage_plus::{Item, Map};
use insurance_common::cover_nft::{CollectionExtension, Config, Policy};

/// The cw721 logic and storage, typed for this collection: `Policy` as the
/// token extension (and as the mint message's extension), no collection
/// extension, no custom messages.
pub type CoverCw721<'a> = Cw721Extensions<
    'a,
    Policy,
    Policy,
    CollectionExtension,
    CollectionExtension,
    Empty,
    Empty,
    Empty,
>;

pub fn cw721() -> CoverCw721<'static> {
    CoverCw721::default()
}

pub const CONFIG: Item<Config> = Item::new("config");

/// Tokens with an open claim. A set, so the lock survives any rewrite of the
/// token's extension.
pub const LOCKED: Map<&str, Empty> = Map::new("locked");
