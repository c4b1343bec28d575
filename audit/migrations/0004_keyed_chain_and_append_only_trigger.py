"""Keyed hash chain (chain_version) and, on PostgreSQL, a trigger that keeps the access log append-only.

Existing rows keep their plain SHA-256 hashes and get chain_version 1; rows written from now on are
HMAC-SHA256 with AUDIT_CHAIN_KEY (version 2). See audit/chain.py.

The trigger refuses every UPDATE and DELETE of a log row, whoever asks, so an application bug or a
stolen application account cannot quietly rewrite history. Nothing in the application changes a log
row (destruction of a dossier leaves the log alone, see retention/destruction.py). The table owner can
still drop the trigger: that is what the keyed hash and the externally kept last hash are for.
TRUNCATE is not refused, because Django's test runner empties tables with it.
"""

from django.db import migrations, models

TABLE = "audit_accesslogentry"

CREATE_TRIGGER = f"""
CREATE OR REPLACE FUNCTION audit_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_accesslogentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON {TABLE};
CREATE TRIGGER audit_accesslog_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();
"""

DROP_TRIGGER = f"""
DROP TRIGGER IF EXISTS audit_accesslog_append_only ON {TABLE};
DROP FUNCTION IF EXISTS audit_accesslog_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER, None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_hash_chain_and_section"),
    ]

    operations = [
        # Rows that exist now were hashed without a key: version 1.
        migrations.AddField(
            model_name="accesslogentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="versie van de keten"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=2, verbose_name="versie van de keten"),
        ),
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
