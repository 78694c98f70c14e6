//! Page sizes of list queries, the same in every contract.

/// Entries returned when a query names no limit.
pub const DEFAULT_LIMIT: u32 = 10;
/// Most entries one page returns.
pub const MAX_LIMIT: u32 = 30;

/// Clamps a query's `limit` to `[1, MAX_LIMIT]`, defaulting to `DEFAULT_LIMIT`.
pub fn clamp_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamp_limit_defaults_and_bounds() {
        assert_eq!(clamp_limit(None), DEFAULT_LIMIT as usize);
        assert_eq!(clamp_limit(Some(0)), 1);
        assert_eq!(clamp_limit(Some(5)), 5);
        assert_eq!(clamp_limit(Some(1_000)), MAX_LIMIT as usize);
    }
}
