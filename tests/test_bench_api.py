"""bench/api.py's own checks: what it counts as the plan's answer and as an accepted
update, and the versions its writers send. A benchmark that counted a wrong answer, or
sent a stale version and called the 409 load, would print figures of nothing."""

import json

from bench.api import Answer, Tracked, check_plan_answer, statuses_for


def plan_answer(actions: int, *, table2: bool = True) -> dict:
    return {
        "key": [{"meaning": m} for m in ("off_track", "at_risk", "on_track", "complete")],
        "domains": [
            {
                "position": 1,
                "actions": [
                    {"id": n, "version": 3, "status": {"meaning": "on_track"}}
                    for n in range(1, actions + 1)
                ],
            }
        ],
        "table1": {"rows": [1]},
        "table2": {"rows": [1]} if table2 else {},
    }


def answer(status: int, body: dict) -> Answer:
    return Answer(status, json.dumps(body).encode(), 1.0)


def test_the_plan_answer_counts_only_with_every_live_action_and_both_tables():
    assert check_plan_answer(answer(200, plan_answer(3)), 3)[0]
    assert not check_plan_answer(answer(200, plan_answer(2)), 3)[0]
    assert not check_plan_answer(answer(200, plan_answer(3, table2=False)), 3)[0]
    assert not check_plan_answer(answer(404, {"status": 404}), 3)[0]
    assert not check_plan_answer(Answer(200, b"<html>", 1.0), 3)[0]


class Server:
    """Answers each post as the endpoint would, and keeps what was sent."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.sent: list[dict] = []

    def post(self, path: str, data: dict) -> Answer:
        self.sent.append(data)
        return self.answers.pop(0)


def test_each_update_carries_the_version_last_answered_and_changes_the_status():
    plan = plan_answer(1)
    tracked = Tracked("plan", plan, statuses_for(plan))
    server = Server(
        answer(201, {"update": {"id": 10}, "version": 4}),
        answer(201, {"update": {"id": 11}, "version": 5}),
    )
    assert tracked.post(server, 1, "first")[1] is None
    assert tracked.post(server, 1, "second")[1] is None
    assert [sent["version"] for sent in server.sent] == [3, 4]
    assert [sent["status"] for sent in server.sent] == ["at_risk", "on_track"]
    assert tracked.versions[1] == 5


def test_a_conflict_is_an_error_whose_current_version_is_sent_next():
    plan = plan_answer(1)
    tracked = Tracked("plan", plan, statuses_for(plan))
    stale = answer(409, {"status": 409, "current_version": 9, "yours": {}, "theirs": {}})
    problem = tracked.post(Server(stale), 1, "late")[1]
    assert problem is not None and problem.startswith("409")
    assert tracked.versions[1] == 9
    assert tracked.current[1] == "on_track"  # nothing stored, so the status stands


def test_a_201_without_the_actions_new_version_is_an_error():
    plan = plan_answer(1)
    tracked = Tracked("plan", plan, statuses_for(plan))
    problem = tracked.post(Server(answer(201, {"id": 10})), 1, "words")[1]
    assert problem == "201 without the action's new version"
