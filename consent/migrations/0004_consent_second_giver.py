"""A second giver for a consent: a child of 12 up to 16 consents together with a parent with authority.

Existing consents keep their one giver. They are not rewritten: the rule (consent.minors) is checked
again when a consent is used, so a consent for a 12- to 15-year-old that only a parent gave is shown as
incomplete in the register and refused as a ground until the child's own consent is recorded.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0003_reviewitem_account_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="second_given_by_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="ook gegeven door"),
        ),
        migrations.AddField(
            model_name="consent",
            name="second_given_by_capacity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("zelf", "De inwoner zelf"),
                    ("wettelijk_vertegenwoordiger", "Wettelijk vertegenwoordiger"),
                    ("ouder_met_gezag", "Ouder met gezag"),
                ],
                max_length=32,
                verbose_name="hoedanigheid (tweede)",
            ),
        ),
    ]
