"""The pages of the questions app, one module per concern; re-exported for the URL modules."""

from questions.views.answering import AnswerDraftView, AnswerQueueView, QuestionAssignView
from questions.views.concerns import (
    ConferenceQuestionListView,
    ModerationView,
    ModeratorEditView,
    MyQuestionsView,
    QuestionDetailView,
    QuestionSubmittedView,
    QuestionSubmitView,
    QuestionUpdateView,
    QuestionWithdrawView,
    moderate_action,
    moderate_bulk,
    support_toggle_view,
)
from questions.views.dashboard import DashboardView
from questions.views.exports import concern_export, dashboard_export, directive_export
from questions.views.followup import (
    AnswerCorrectView,
    AnswerCreateView,
    CarryOverView,
    ConclusionEditView,
    ConclusionPublishView,
    ConclusionView,
    DirectiveDetailView,
    DirectiveListView,
    DirectiveReviewView,
    DirectiveUpdateView,
    evidence_download,
)
from questions.views.live import LiveConsoleView, LiveView, live_console_action, live_feed_view, short_submit_link
