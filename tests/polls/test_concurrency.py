"""Parallel votes on PostgreSQL, each thread on its own connection: every member counts exactly once."""

import threading

import pytest
from django.db import connection, connections

from conferences.models import Conference
from polls import selectors, services
from polls.models import PollVote
from tests.factories import ConferenceFactory, member, organizer
from tests.polls.conftest import make_poll

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite serialises every write"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_parallel_votes_are_counted_exactly():
    boss = organizer()
    conference = ConferenceFactory(status=Conference.Status.IN_SESSION)
    poll = make_poll(conference, boss, open_=True)
    yes, no, _unsure = poll.options.all()
    voters = [member() for _ in range(12)]
    version = Conference.objects.get(pk=conference.pk).live_version
    jobs = [
        (lambda v=v, n=n: services.poll_vote(poll=poll, user=v, option_ids=[(yes if n % 3 else no).pk]))
        for n, v in enumerate(voters)
    ]
    # the first four also vote twice at once (a double tap): replaced, never doubled
    jobs += [(lambda v=v: services.poll_vote(poll=poll, user=v, option_ids=[yes.pk])) for v in voters[:4]]
    errors = run_at_once(jobs)
    assert errors == []
    (result,) = selectors.poll_results([poll])
    assert result.voters == 12 == PollVote.objects.filter(poll=poll).count()
    assert sum(row.count for row in result.rows) == 12
    assert Conference.objects.get(pk=conference.pk).live_version == version + len(jobs)


def test_votes_racing_the_close_are_either_counted_or_refused():
    boss = organizer()
    conference = ConferenceFactory(status=Conference.Status.IN_SESSION)
    poll = make_poll(conference, boss, open_=True)
    option = poll.options.first()
    voters = [member() for _ in range(8)]
    jobs = [(lambda v=v: services.poll_vote(poll=poll, user=v, option_ids=[option.pk])) for v in voters]
    jobs.append(lambda: services.poll_close(poll=poll, by=boss))
    errors = run_at_once(jobs)
    poll.refresh_from_db()
    counted = PollVote.objects.filter(poll=poll).count()
    assert poll.status == "closed"
    assert counted + len(errors) == len(voters)
    assert all("closed" in str(error) for error in errors)
    assert not PollVote.objects.filter(poll=poll, created_at__gt=poll.closed_at).exists()


def test_two_organizers_opening_two_polls_at_once_leave_one_open():
    boss = organizer()
    conference = ConferenceFactory(status=Conference.Status.IN_SESSION)
    polls = [make_poll(conference, boss, question=f"Câu {n}") for n in range(3)]
    errors = run_at_once([(lambda p=p: services.poll_open(poll=p, by=boss)) for p in polls])
    assert conference.polls.filter(status="open").count() == 1
    assert len(errors) == 2 and all("still open" in str(error) for error in errors)
