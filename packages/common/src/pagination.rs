//! The page size every list query uses.

pub const DEFAULT_LIMIT: u32 = 10;
pub const MAX_LIMIT: u32 = 30;

/// Items a page holds: the requested limit, capped.
pub fn page_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize
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
