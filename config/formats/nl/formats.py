# How dates read on every screen, letter and PDF in Dutch: "30 november 2026", "30 november 2026 14:05".
# Date fields still accept what people type: 30-11-2026, 30-11-26 and 2026-11-30 (Django's Dutch input formats).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
