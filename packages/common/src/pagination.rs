//! The one pagination rule of every list query: entries after
//! `start_after` (exclusive), in ascending key order, at most `limit` of them
//! (10 by default, never more than 30).

use cosmwasm_std::{Order, StdResult, Storage};
use cw_storage_plus::{Bound, KeyDeserialize, Map, Prefix, PrimaryKey};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const DEFAULT_LIMIT: u32 = 10;
pub const MAX_LIMIT: u32 = 30;

/// Items a page holds: the requested limit, capped.
pub fn page_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize
}

/// One page of a map's entries.
pub fn page<'a, 'k, K, T>(
    map: &Map<K, T>,
    storage: &'a dyn Storage,
    start_after: Option<K>,
    limit: Option<u32>,
) -> impl Iterator<Item = StdResult<(K::Output, T)>> + 'a
where
    K: PrimaryKey<'k> + KeyDeserialize,
    K::Output: 'static,
    T: Serialize + DeserializeOwned + 'a,
{
    map.range(
        storage,
        start_after.map(Bound::exclusive),
        None,
        Order::Ascending,
    )
    .take(page_limit(limit))
}

/// One page of the entries under a prefix.
pub fn prefix_page<'a, 'k, K, T, B>(
    prefix: &Prefix<K, T, B>,
    storage: &'a dyn Storage,
    start_after: Option<B>,
    limit: Option<u32>,
) -> impl Iterator<Item = StdResult<(K::Output, T)>> + 'a
where
    B: PrimaryKey<'k>,
    K: KeyDeserialize,
    K::Output: 'static,
    T: Serialize + DeserializeOwned + 'a,
{
    prefix
        .range(
            storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_limit(limit))
}

/// One page of the keys under a prefix (index maps whose values are empty).
pub fn prefix_keys_page<'a, 'k, K, T, B>(
    prefix: &Prefix<K, T, B>,
    storage: &'a dyn Storage,
    start_after: Option<B>,
    limit: Option<u32>,
) -> impl Iterator<Item = StdResult<K::Output>> + 'a
where
    B: PrimaryKey<'k>,
    K: KeyDeserialize,
    K::Output: 'static,
    T: Serialize + DeserializeOwned + 'a,
{
    prefix
        .keys(
            storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_limit(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_and_cap() {
        assert_eq!(page_limit(None), DEFAULT_LIMIT as usize);
        assert_eq!(page_limit(Some(3)), 3);
        assert_eq!(page_limit(Some(u32::MAX)), MAX_LIMIT as usize);
    }
}
