"""ZRM scores and the onderzoek sent twice (a double click, a reload) are saved once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assessments.models import Instrument, Onderzoek, Score
from dossiers import parts
from dossiers.models import TimelineEvent
from testsupport.double_submit import carries_token, post_twice, said_already_sent


def test_the_forms_carry_a_one_time_token(client, dossier):
    inwoner = dossier.huishouden.members.first()
    assert carries_token(client.get(reverse("assessments:zrm_scoren", args=[dossier.pk, inwoner.pk])))
    assert carries_token(client.get(reverse("assessments:onderzoek", args=[dossier.pk])))


def test_scores_sent_twice_add_one_row_per_domain_for_that_moment(client, dossier):
    financien, werk = Instrument.objects.get(is_default=True).domains.order_by("order")[:2]
    inwoner = dossier.huishouden.members.first()
    data = {
        "assessed_on": timezone.localdate().isoformat(),
        f"level_{financien.pk}": "2",
        f"level_{werk.pk}": "4",
    }

    first, second = post_twice(client, reverse("assessments:zrm_scoren", args=[dossier.pk, inwoner.pk]), data)

    assert Score.objects.filter(inwoner=inwoner).count() == 2
    assert dossier.timeline.filter(kind=TimelineEvent.Kind.ZRM).count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"] == parts.tab_url(dossier.pk, parts.ONDERZOEK)
    assert said_already_sent(second)


def test_the_first_onderzoek_sent_twice_is_saved_once_without_a_stale_version_error(client, dossier):
    data = {
        "version": 0,
        "conversation_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "topic_a_needs": "Hulp bij het huishouden.",
    }

    first, second = post_twice(client, reverse("assessments:onderzoek", args=[dossier.pk]), data)

    assert Onderzoek.objects.get(dossier=dossier).version == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"] == parts.tab_url(dossier.pk, parts.ONDERZOEK)
    assert said_already_sent(second)
