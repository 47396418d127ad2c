"""Writes of the reports app: hand-entered phone figures, export jobs (built by a task
with progress) and scheduled e-mail reports."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.reports.dashboards import DashboardFilters, dashboard_tables
from gridcare.reports.models import ExportJob, ReportSubscription
from gridcare.reports.pdf import report_186_pdf
from gridcare.reports.report186 import report_186_build
from gridcare.reports.tables import tables_xlsx
from gridcare.reports.xlsx import report_186_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_job_start(
    *, user: object, kind: str, params: dict[str, object]
) -> ExportJob:
    """Queue an export for `user`; the task starts after commit."""
    if kind not in ExportJob.Kind.values:
        raise ApplicationError(_("Неизвестный вид выгрузки."))
    job = ExportJob.objects.create(owner=user, kind=kind, params=params)  # type: ignore[misc]

    def enqueue() -> None:
        from gridcare.reports.tasks import run_export

        run_export.enqueue(job_id=job.pk)

    transaction.on_commit(enqueue)
    return job


def export_job_get_for_user(*, user: object, job_id: int) -> ExportJob:
    """Return the user's own export job, else NotFoundError."""
    job = ExportJob.objects.filter(
        pk=job_id, owner_id=getattr(user, "pk", None)
    ).first()
    if job is None:
        raise NotFoundError(_("Выгрузка не найдена."))
    return job


def _filters_of(params: dict[str, object]) -> DashboardFilters:
    return DashboardFilters(
        date_from=date.fromisoformat(str(params["date_from"])),
        date_to=date.fromisoformat(str(params["date_to"])),
        branch_id=int(params["branch_id"]) if params.get("branch_id") else None,  # type: ignore[call-overload]
        channel=str(params.get("channel") or ""),
        category=str(params.get("category") or ""),
    )


def export_job_run(*, job_id: int) -> None:
    """Build the export's file, saving progress as it goes. Idempotent: a finished
    job is left alone."""
    job = ExportJob.objects.get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        if job.kind == ExportJob.Kind.DASHBOARD_XLSX:
            f = _filters_of(job.params)
            content = tables_xlsx(dashboard_tables(f, progress=progress))
            name = f"dashboard-{f.date_from}-{f.date_to}.xlsx"
        else:
            year = int(job.params["year"])  # type: ignore[call-overload]
            progress(0, 2)
            report = report_186_build(year=year)
            progress(1, 2)
            if job.kind == ExportJob.Kind.REPORT_186_PDF:
                content, name = report_186_pdf(report), f"prilozhenie-7-{year}.pdf"
            else:
                content, name = report_186_xlsx(report), f"prilozhenie-7-{year}.xlsx"
            progress(2, 2)
    except Exception as exc:  # the job page shows the failure instead of spinning
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    job.filename = name
    job.file.save(name, ContentFile(content), save=False)
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["filename", "file", "status", "finished_at"])


@dataclass(frozen=True)
class ScheduledPeriod:
    date_from: date
    date_to: date


def subscription_period(
    subscription: ReportSubscription, today: date
) -> ScheduledPeriod | None:
    """The period a subscription reports on today, or None when it is not due:
    weekly on Mondays (last week), monthly on the 1st (last month); never twice."""
    if subscription.last_sent_on == today:
        return None
    if subscription.frequency == ReportSubscription.Frequency.WEEKLY:
        if today.weekday() != 0:
            return None
        return ScheduledPeriod(today - timedelta(days=7), today - timedelta(days=1))
    if today.day != 1:
        return None
    last = today - timedelta(days=1)
    return ScheduledPeriod(last.replace(day=1), last)


def subscription_send(*, subscription: ReportSubscription, today: date) -> bool:
    """Send one due subscription by e-mail with its XLSX attached; True if sent.

    Sent directly through Django's mail backend (SMTP): notification_send carries no
    attachments and a report goes to staff addresses, not to consumers."""
    period = subscription_period(subscription, today)
    if period is None or not subscription.is_active:
        return False
    f = DashboardFilters(
        date_from=period.date_from,
        date_to=period.date_to,
        branch_id=subscription.branch_id,
    )
    if subscription.report == ReportSubscription.Report.REPORT_186:
        year = period.date_to.year
        content = report_186_xlsx(report_186_build(year=year))
        name = f"prilozhenie-7-{year}.xlsx"
    else:
        content = tables_xlsx(dashboard_tables(f))
        name = f"dashboard-{period.date_from}-{period.date_to}.xlsx"
    message = EmailMessage(
        subject=_("Отчёт «%(report)s» за %(start)s — %(end)s")
        % {
            "report": subscription.get_report_display(),
            "start": period.date_from.strftime("%d.%m.%Y"),
            "end": period.date_to.strftime("%d.%m.%Y"),
        },
        body=_(
            "Здравствуйте!\n\nВо вложении — отчёт «%(report)s» за период "
            "с %(start)s по %(end)s.\nРассылка: %(frequency)s.\n"
        )
        % {
            "report": subscription.get_report_display(),
            "start": period.date_from.strftime("%d.%m.%Y"),
            "end": period.date_to.strftime("%d.%m.%Y"),
            "frequency": subscription.get_frequency_display().lower(),
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=subscription.recipient_list,
    )
    message.attach(name, content, XLSX)
    message.send()
    ReportSubscription.objects.filter(pk=subscription.pk).update(last_sent_on=today)
    return True


def subscriptions_send_due(*, today: date | None = None) -> int:
    """Send every subscription due today; return how many were sent."""
    today = today or timezone.localdate()
    return sum(
        subscription_send(subscription=s, today=today)
        for s in ReportSubscription.objects.filter(is_active=True)
    )
