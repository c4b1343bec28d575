from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("account/", include("accounts.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("onderzoek/", include("assessments.urls")),
    path("plan/", include("plans.urls")),
    path("besluiten/", include("decisions.urls")),
    path("berichten/", include("allocations.urls")),
    path("toestemming/", include("consent.urls")),
    # Residents' questions about their access history, for the privacy officer (portal/staff_urls.py).
    path("privacy/vragen/", include("portal.staff_urls")),
    path("privacy/", include("audit.urls")),
    path("bewaartermijnen/", include("retention.urls")),
    path("reflectie/", include("reflection.urls")),
    path("monitor/", include("monitor.urls")),
    # The council reports a policy advisor published: public, no login (monitor/report_views.py).
    path("raad/", include("monitor.report_urls")),
    # Mijn Wijkteam: the residents' own portal (DigiD), apart from the staff screens.
    path("mijn/", include("portal.urls")),
    # The staff side of the messages between a household and its regisseur.
    path("gesprekken/", include("messaging.urls")),
    # Ways in: vroegsignalen from partners, erop af, the informatiepunt; and up: the regieteam.
    path("vroegsignalen/", include("vroegsignalering.urls")),
    path("toegang/", include("outreach.urls")),
    path("regie/", include("regie.urls")),
    path("partnermeldingen/", include("partners.urls")),
    # The partner API (DRF, OpenAPI description at /api/v1/schema/): partner systems, not people.
    path("api/", include("partnerapi.urls")),
    path("beheer/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    # Login through the municipality's identity provider; absent (404) unless OIDC_RP_CLIENT_ID is set.
    urlpatterns.append(path("account/oidc/", include("accounts.oidc")))
