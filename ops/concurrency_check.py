"""Concurrent RAG updates on PostgreSQL from several threads: no lost update, one history row per accepted save.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH python ops/concurrency_check.py [--threads 8 --rounds 25]

Runs against a scratch database it migrates and fills itself (never point it at real data). Prints PASS or FAIL
with figures and exits non-zero on failure.

Phase 1: every thread saves the same action with the same expected version at the same moment: exactly one save
is accepted, every other gets StaleActionError (the "someone else updated this action" message) and writes nothing.
Phase 2: every thread saves repeatedly, re-reading the version after a conflict as a person would: every accepted
save is in the history exactly once, the versions are 1..N without gaps, and the action's cached status is the
newest update's.
"""

import argparse
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bscb.settings.test")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        print("FAIL: this check needs PostgreSQL (set DATABASE_URL)")
        return 2
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # flush empties the seeded roles and stages: put them back

    from priorities.models import Action, Rag, StatusUpdate
    from priorities.services import StaleActionError, status_update_record
    from tests.world import build_world

    world = build_world()
    user = world.users["lead"]
    action_id = world.action.pk
    barrier = threading.Barrier(args.threads)
    outcomes = []
    lock = threading.Lock()

    def phase_one(index):
        try:
            barrier.wait()
            try:
                status_update_record(
                    action=Action.objects.get(pk=action_id),
                    user=user,
                    rag=Rag.AMBER,
                    commentary=f"thread {index}",
                    expected_version=0,
                )
                result = "accepted"
            except StaleActionError:
                result = "stale"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=phase_one, args=(i,)) for i in range(args.threads)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    accepted_1 = outcomes.count("accepted")
    rows_1 = StatusUpdate.objects.filter(action_id=action_id).count()
    ok_1 = accepted_1 == 1 and outcomes.count("stale") == args.threads - 1 and rows_1 == 1

    accepted = []
    conflicts = [0]

    def phase_two(index):
        try:
            for round_number in range(args.rounds):
                while True:
                    version = Action.objects.get(pk=action_id).version
                    rag = [Rag.GREEN, Rag.AMBER, Rag.RED][(index + round_number) % 3]
                    try:
                        update = status_update_record(
                            action=Action.objects.get(pk=action_id),
                            user=user,
                            rag=rag,
                            commentary=f"thread {index} round {round_number}",
                            expected_version=version,
                        )
                    except StaleActionError:
                        with lock:
                            conflicts[0] += 1
                        continue
                    with lock:
                        accepted.append(update.pk)
                    break
        finally:
            connections.close_all()

    threads = [threading.Thread(target=phase_two, args=(i,)) for i in range(args.threads)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    action = Action.objects.get(pk=action_id)
    log = list(StatusUpdate.objects.filter(action_id=action_id).order_by("created_at", "id"))
    expected_saves = 1 + args.threads * args.rounds
    ok_2 = (
        len(accepted) == args.threads * args.rounds
        and len(log) == expected_saves
        and len(set(accepted)) == len(accepted)
        and action.version == expected_saves
        and action.latest_update_id == log[-1].pk
        and action.rag == log[-1].rag
        and all(log[i].rag_before == log[i - 1].rag for i in range(1, len(log)))
    )
    print(
        f"Phase 1: {args.threads} simultaneous saves at the same version -> {accepted_1} accepted, "
        f"{outcomes.count('stale')} told someone else saved first, {rows_1} history row"
    )
    print(
        f"Phase 2: {args.threads} threads x {args.rounds} saves -> {len(accepted)} accepted, {conflicts[0]} "
        f"conflicts retried, {len(log)} history rows, version {action.version}, chain of old -> new unbroken: "
        f"{all(log[i].rag_before == log[i - 1].rag for i in range(1, len(log)))}"
    )
    ok = ok_1 and ok_2
    print("PASS: no lost update, one history row per accepted save" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
