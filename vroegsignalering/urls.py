from vroegsignalering.intake_urls import urlpatterns as intake_urls
from vroegsignalering.work_urls import urlpatterns as work_urls

app_name = "vroegsignalering"
#: The intake (import, unmatched queue) and the outreach work (worklist, casus) are separate modules.
urlpatterns = [*intake_urls, *work_urls]
