from conferences.roles import is_leader, is_organizer


def roles(request):
    user = request.user
    return {"is_organizer": is_organizer(user), "is_leader": is_leader(user)}
