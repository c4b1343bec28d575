"""Synthetic survey answers for the demo municipality, so indicator 12 of the monitor has figures. Safe to run twice.

Only answers: no invitations (the demo's residents get theirs from the beschikkingen the demo sends, through the
timeline, like everyone). Per wijk and per month of the last half year a number of answers, most of them positive,
some wijken with too few answers to show ("< 5"), from a seeded random generator so every demo looks the same.
"""

import random
from datetime import date

from organisation.models import Wijk
from surveys.models import Answer, Occasion, month_of
from surveys.questions import QUESTIONS

MONTHS = 6


def _months_back(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def seed_answers(today: date, seed: int = 2026) -> int:
    """Answers for the last MONTHS months per wijk; none when there are answers already. Returns how many."""
    if Answer.objects.exists():
        return 0
    rng = random.Random(seed)
    answers = []
    for index, wijk_id in enumerate(Wijk.objects.order_by("pk").values_list("pk", flat=True)):
        for first in _months_back(today, MONTHS):
            # Every fourth wijk has one answer a month: its quarter is hidden ("< 5").
            count = 1 if index % 4 == 3 else rng.randint(6, 18)
            for _ in range(count):
                mood = rng.random()
                answers.append(
                    Answer(
                        wijk_id=wijk_id,
                        regime=rng.choice(("wmo", "wmo", "jeugdwet")),
                        occasion=rng.choice((Occasion.ONDERZOEK, Occasion.BESLUIT)),
                        month=month_of(first),
                        **{
                            question.key: min(5, max(1, round(rng.gauss(4.0 if mood > 0.2 else 2.5, 0.8))))
                            for question in QUESTIONS
                        },
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=2000)
    return len(answers)
