"""The functioneel beheerder sees every run of a background job, read-only: a failed one is never only in a log."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jobs.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "label", "status", "attempt", "finished_at", "summary_text"]
    list_filter = ["status", "job"]
    date_hierarchy = "started_at"
    fields = ("job", "label", "task_id", "attempt", "status", "started_at", "finished_at", "summary_text", "error")
    readonly_fields = fields

    @admin.display(description=_("resultaat"))
    def summary_text(self, run: JobRun) -> str:
        return ", ".join(f"{key}: {value}" for key, value in run.summary.items())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        # The record of what happened stays; old successful runs are pruned by the jobs.prune_runs job.
        return False
