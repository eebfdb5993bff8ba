"""The user's background jobs: *Tệp của tôi* (the files their jobs made), a job's progress page,
and the download of a job's file. A job outside the user's reach is a 404 on every door."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from logistics.models import Job
from logistics.scope import restrict

MY_FILES_LIMIT = 100


def jobs_of(user):
    """The jobs ``user`` reaches: their own (an administrator's own too, on these pages)."""
    return restrict(Job.objects.all(), user, "view").filter(started_by=user)


@login_required
def job_list(request):
    jobs = list(jobs_of(request.user).order_by("-created_at", "-id")[:MY_FILES_LIMIT])
    return TemplateResponse(
        request,
        "logistics/job_list.html",
        {
            "title": _("My files"),
            "jobs": jobs,
            "running": any(not job.is_finished for job in jobs),
        },
    )


@login_required
def job_detail(request, pk):
    job = get_object_or_404(restrict(Job.objects.all(), request.user, "view"), pk=pk)
    return TemplateResponse(request, "logistics/job_detail.html", {"title": job.kind_label, "job": job})


@login_required
def job_download(request, pk):
    job = get_object_or_404(restrict(Job.objects.all(), request.user, "view"), pk=pk)
    if not job.download_url():
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)
