from polls import permissions


def permissions_context(request):
    """What the page may offer the user, as the polls app's rules decide."""
    user = request.user
    return {
        "can_manage_polls": permissions.can_manage_polls(user),
        "can_read_survey_texts": permissions.can_read_survey_texts(user),
        "can_see_survey_averages": permissions.can_see_survey_averages(user),
    }
