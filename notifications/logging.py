"""Error reports to ADMINS through the notification record and the task queue.

Django's own AdminEmailHandler talks to the mail server from inside the failing request: a mail server that is slow or
down then makes a 500 slower, or loses the report. This handler records the report and queues it instead, like every
other email of the service, and sends at most one report per distinct error per hour to each address (a flood of the
same failure is one email, not thousands). It never raises: logging must not turn one failure into two.
"""

import hashlib
import logging
import sys
import traceback

from django.conf import settings
from django.utils import timezone


class QueuedAdminEmailHandler(logging.Handler):
    def emit(self, record):
        if not settings.ADMINS:
            return
        try:
            # Imported on first use, not to dodge a cycle: LOGGING builds this handler before the apps (and their
            # models) are loaded.
            from notifications.models import Notification  # noqa: PLC0415
            from notifications.services import queue_email  # noqa: PLC0415

            request = getattr(record, "request", None)
            message = record.getMessage()
            where = f"{record.pathname}:{record.lineno}"
            kind_of_error = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
            digest = hashlib.sha256(f"{kind_of_error}|{where}|{message[:200]}".encode()).hexdigest()[:16]
            hour = timezone.now().strftime("%Y%m%d%H")
            subject = f"[{settings.SERVICE_NAME}] {record.levelname}: {message}".splitlines()[0][:250]
            details = [
                message,
                "",
                f"Logger: {record.name}",
                f"Where: {where}",
                f"When: {timezone.now():%Y-%m-%d %H:%M:%S %Z}",
            ]
            if request is not None:
                details.append(f"Request: {request.method} {request.path}")
                user = getattr(request, "user", None)
                if user is not None and getattr(user, "is_authenticated", False):
                    details.append(f"Signed in as: {user.get_username()}")
            if record.exc_info:
                details += ["", "".join(traceback.format_exception(*record.exc_info))]
            for _name, address in settings.ADMINS:
                queue_email(
                    kind=Notification.Kind.ERROR_REPORT,
                    email=address,
                    subject=subject,
                    body="\n".join(details),
                    dedupe_key=f"error:{digest}:{hour}:{address}"[:200],
                )
        except Exception:  # noqa: BLE001 - never let a failed report raise from logging
            print("Could not queue the error report:", traceback.format_exc(), file=sys.stderr)
