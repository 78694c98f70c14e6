//! State conversions run by `migrate`. Each is idempotent, so migrating twice changes nothing.

use cosmwasm_std::Storage;

use crate::state::{BATCH_HEIGHTS, LEGACY_BATCH_PARTS, OPERATORS, SCHEDULE};

/// Derives each unsettled batch's submission height from the per-operator parts the earlier
/// layout kept (`LEGACY_BATCH_PARTS`), so that consumer slashes keep reaching the batches that
/// left after their infraction. Bounded by the unsettled batches times the operator set. A batch
/// none of whose parts is on a listed operator (fully prefunded, or its operators gone) gets no
/// height and counts as submitted before every infraction; the hub's own submissions always
/// record one.
pub fn derive_batch_heights(storage: &mut dyn Storage) -> cosmwasm_std::StdResult<u64> {
    let Some(schedule) = SCHEDULE.may_load(storage)? else {
        return Ok(0);
    };
    let operators: Vec<String> = OPERATORS
        .keys(storage, None, None, cosmwasm_std::Order::Ascending)
        .collect::<cosmwasm_std::StdResult<_>>()?;
    let mut derived = 0;
    for batch_id in schedule.next_to_settle..schedule.current_batch {
        if BATCH_HEIGHTS.has(storage, batch_id) {
            continue;
        }
        for validator in &operators {
            if let Some((height, _)) =
                LEGACY_BATCH_PARTS.may_load(storage, (validator.as_str(), batch_id))?
            {
                BATCH_HEIGHTS.save(storage, batch_id, &height)?;
                derived += 1;
                break;
            }
        }
    }
    Ok(derived)
}
