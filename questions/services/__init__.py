"""Every write on concerns, supports, answers and follow-up goes through these functions.

One module per concern; this package re-exports them so callers write `services.question_submit(...)`.
"""

from questions.services.concerns import (
    EDITABLE_BY_MODERATOR,
    PUBLIC_STATUSES,
    RATE_LIMIT_WINDOW,
    answer_record,
    question_approve,
    question_bulk_approve,
    question_bulk_reject,
    question_edit_for_clarity,
    question_merge,
    question_reject,
    question_set_classification,
    question_submit,
    question_update,
    question_withdraw,
    rate_limit_key,
    support_toggle,
)
