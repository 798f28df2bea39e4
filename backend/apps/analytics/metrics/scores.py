"""The masters table's `performance_level` column: each master's level as shown now (the override
applied), read from the scores app in one query."""

from apps.common.periods import DateRange
from apps.scoring.selectors import performance_levels


def master_performance_levels(master_ids: list[int], span: DateRange) -> dict[int, str]:
    return {master_id: level for master_id, (level, _score) in performance_levels(master_ids).items()}
