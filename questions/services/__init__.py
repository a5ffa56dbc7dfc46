"""Every write on concerns, supports, answers and follow-up goes through these functions.

One module per concern; this package re-exports them so callers write `services.question_submit(...)`.
"""

from questions.services.answering import answer_draft_save, question_assign
from questions.services.concerns import (
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
    support_toggle,
)
from questions.services.followup import (
    DirectiveRow,
    answer_correct,
    conclusion_publish,
    conclusion_save,
    directive_carry_over,
    directive_confirm_done,
    directive_reminders_send,
    directive_send_back,
    directive_update_post,
)
from questions.services.live import (
    live_clear_screen,
    live_hide,
    live_mark_answered,
    live_pin,
    live_set_now_answering,
    live_skip,
    live_unhide,
    live_unpin,
)
