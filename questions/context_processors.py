from questions import permissions
from questions.selectors.answering import answer_queue_count


def permissions_context(request):
    """What the page may offer the user, as the questions app's rules decide.

    A leader's menu links to the concerns waiting for his or her answer, with their number (one query); organizers
    find every assignment in their user menu.
    """
    user = request.user
    own_queue = permissions.has_own_answer_queue(user)
    return {
        "answer_queue_in_navbar": own_queue,
        "answer_queue_count": answer_queue_count(user=user) if own_queue else 0,
        "can_assign": permissions.can_assign(user),
        "can_moderate": permissions.can_moderate(user),
        "can_answer": permissions.can_answer(user),
        "can_manage_conclusion": permissions.can_manage_conclusion(user),
        "can_see_statistics": permissions.can_see_statistics(user),
        "can_export": permissions.can_export(user),
    }
