"""What the account services store (access log detail, review list) is a record: Dutch, whatever the screen shows."""

from django.utils import translation

from accounts import services
from audit.models import AccessLogEntry
from consent.models import ReviewItem


def test_an_english_administrator_still_writes_the_record_in_dutch(functioneel_beheerder, colleague) -> None:
    with translation.override("en"):
        services.record_password_set(None, user=colleague, by=functioneel_beheerder)
        services.issue_enrolment_code(None, user=colleague, by=None)
    summaries = list(ReviewItem.objects.values_list("summary", flat=True))
    details = list(AccessLogEntry.objects.values_list("detail", flat=True))
    assert any("ingesteld door" in summary for summary in summaries)
    assert any("uitgegeven door de server" in detail for detail in details)
    assert not any(" set by " in text or "issued by" in text for text in summaries + details)
