//! Time and counter arithmetic shared by the contracts: deadlines from parameters that are not
//! ours to bound (packet timeouts, veto periods) must refuse to overflow, never wrap or panic.

use cosmwasm_std::{OverflowError, OverflowOperation, Timestamp};

/// The error of an addition that overflowed (deadlines, ids and counters).
pub fn overflow() -> OverflowError {
    OverflowError::new(OverflowOperation::Add)
}

/// `time + seconds`, refusing to overflow.
pub fn add_seconds(time: Timestamp, seconds: u64) -> Result<Timestamp, OverflowError> {
    seconds
        .checked_mul(1_000_000_000)
        .and_then(|nanos| time.nanos().checked_add(nanos))
        .map(Timestamp::from_nanos)
        .ok_or_else(overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_seconds_refuses_to_overflow() {
        let t = Timestamp::from_seconds(10);
        assert_eq!(add_seconds(t, 5).unwrap(), Timestamp::from_seconds(15));
        assert!(add_seconds(t, u64::MAX).is_err());
        assert!(add_seconds(Timestamp::from_nanos(u64::MAX), 1).is_err());
    }
}
