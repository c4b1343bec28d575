"""The privacy officer's side of residents' questions about their access history (/privacy/vragen/).

Unanswered questions first (oldest waiting at the top of them), then the answered ones, newest first. The
officer sees the log line asked about as it is stored, and answers in words the resident reads on the
"Wie keek in mijn gegevens" page. Every read and the answer are logged (basis: privacy toezicht).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from core.access import staff_view
from portal import privacy_services
from portal.access_history import lines_for
from portal.forms_privacy import AnswerForm
from portal.models import PrivacyQuestion

PRIVACY_OFFICER = frozenset({Role.PRIVACY_OFFICER})
#: Answered questions shown below the open ones; older ones stay in the database and the admin.
ANSWERED_SHOWN = 50


def open_question_count() -> int:
    return PrivacyQuestion.objects.filter(answered_at__isnull=True).count()


@staff_view(PRIVACY_OFFICER)
def question_list(request: HttpRequest) -> HttpResponse:
    base = PrivacyQuestion.objects.select_related("inwoner")
    waiting = list(base.filter(answered_at__isnull=True).order_by("asked_at", "pk"))
    answered = list(base.filter(answered_at__isnull=False).order_by(F("answered_at").desc(), "-pk")[:ANSWERED_SHOWN])
    log_access(request, action=AccessAction.VIEW, basis=AccessBasis.PRIVACY_TOEZICHT, object_type="privacyvraag")
    return render(request, "portal/staff/question_list.html", {"waiting": waiting, "answered": answered})


@staff_view(PRIVACY_OFFICER)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = (
        PrivacyQuestion.objects.select_related("inwoner", "access_entry__user", "answered_by").filter(pk=pk).first()
    )
    if question is None:
        log_denied(request, object_type="privacyvraag", object_id=pk)
        raise Http404
    user = request.user
    assert isinstance(user, User)
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                privacy_services.answer_question(request, question, by=user, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Het antwoord is verstuurd. De inwoner leest het in Mijn Wijkteam."))
                return redirect("privacyvragen:lijst")
        status = 400
    else:
        log_access(
            request,
            action=AccessAction.VIEW,
            basis=AccessBasis.PRIVACY_TOEZICHT,
            object_type="privacyvraag",
            object_id=question.pk,
            dossier_id=question.dossier_id,
        )
    line = lines_for([question.access_entry])[0] if question.access_entry is not None else None
    return render(
        request,
        "portal/staff/question_detail.html",
        {"question": question, "entry": question.access_entry, "line": line, "form": form},
        status=status,
    )
