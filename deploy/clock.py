"""The timers of one machine for the Procfile: runs each periodic management command
at its interval, one at a time, like the systemd timers of deploy/systemd do in
production (docs/deploy.md). Development and demos only."""

import subprocess
import sys
import time

# command line, interval in seconds (the same jobs as deploy/systemd/*.timer)
JOBS: list[tuple[list[str], int]] = [
    (["notifications_retry"], 60),
    (["partner_webhooks_send"], 60),
    (["vk_send"], 60),
    (["interactions_route"], 60),
    (["mail_poll"], 120),
    (["tasks_requeue_stale"], 300),
    (["reports_refresh"], 300),
    (["remote_queue_assign"], 300),
    (["appeals_escalate"], 600),
    (["outages_send_notices"], 600),
    (["reception_discard_unconfirmed"], 3600),
    (["appointments_remind"], 86400),
    (["reports_send_scheduled"], 86400),
    (["prune_idempotency_keys", "--days", "7"], 86400),
    (["prune_db_task_results"], 86400),
]


def main() -> None:
    due = {i: time.monotonic() for i in range(len(JOBS))}
    while True:
        for i, (command, every) in enumerate(JOBS):
            if time.monotonic() < due[i]:
                continue
            due[i] = time.monotonic() + every
            done = subprocess.run(
                [sys.executable, "-m", "gridcare", *command], check=False
            )
            if done.returncode:
                print(
                    f"clock: {' '.join(command)} exited {done.returncode}", flush=True
                )
        time.sleep(5)


if __name__ == "__main__":
    main()
