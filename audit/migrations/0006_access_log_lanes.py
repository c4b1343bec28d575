"""Lanes for the access log's hash chain, seals over the lanes, and indexes for the privacy officer's search.

- `lane` (database default 0): the chain is kept per lane, so writers on PostgreSQL no longer lock the
  whole table (docs/adr/0012-concurrent-access-log-chain.md). Every existing row is lane 0, whose chain
  is exactly the chain as it was: nothing is rehashed.
- `AccessLogSeal`: signed snapshots of every lane's tip, append-only like the log (a trigger on
  PostgreSQL, as in 0004).
- Indexes: (lane, id) for the tip of a lane and the verify walk; (dossier_id, at), (action, at) and
  (basis, at) for the search. The single-column indexes on `dossier_id` and `user_id` go: the new
  (dossier_id, at) and the existing (user_id, at) serve the same lookups. They are dropped by name
  with plain DROP INDEX, so SQLite does not copy the whole table for what is only an index change.

On a large PostgreSQL log the four CREATE INDEX statements block writes to the log while they run
(docs/operations.md, "Upgrades"); the new column itself is a catalogue change (a constant default).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "audit_accesslogentry"
SEAL_TABLE = "audit_accesslogseal"

CREATE_SEAL_TRIGGER = f"""
CREATE OR REPLACE FUNCTION audit_accesslogseal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{SEAL_TABLE} is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_accesslogseal_append_only ON {SEAL_TABLE};
CREATE TRIGGER audit_accesslogseal_append_only
    BEFORE UPDATE OR DELETE ON {SEAL_TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_accesslogseal_append_only();
"""

DROP_SEAL_TRIGGER = f"""
DROP TRIGGER IF EXISTS audit_accesslogseal_append_only ON {SEAL_TABLE};
DROP FUNCTION IF EXISTS audit_accesslogseal_append_only();
"""


def create_seal_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SEAL_TRIGGER, None)


def drop_seal_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEAL_TRIGGER, None)


def _single_column_indexes(schema_editor, column):
    """Names of the plain (non-unique, non-key) indexes on exactly `column` of the log table."""
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, TABLE)
    return sorted(
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and not info["foreign_key"]
        and info["columns"] == [column]
    )


def drop_single_column_indexes(apps, schema_editor):
    for column in ("dossier_id", "user_id"):
        for name in _single_column_indexes(schema_editor, column):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}", None)


def create_single_column_indexes(apps, schema_editor):
    for column in ("dossier_id", "user_id"):
        if not _single_column_indexes(schema_editor, column):
            name = schema_editor._create_index_name(TABLE, [column])
            schema_editor.execute(
                f"CREATE INDEX {schema_editor.quote_name(name)} ON {schema_editor.quote_name(TABLE)} "
                f"({schema_editor.quote_name(column)})",
                None,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_access_basis_beheer"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogSeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="tijdstip")),
                ("lanes", models.JSONField(default=dict, verbose_name="banen")),
                ("prev_hash", models.CharField(max_length=64, verbose_name="hash van de vorige verzegeling")),
                ("seal_hash", models.CharField(max_length=64, verbose_name="hash van deze verzegeling")),
            ],
            options={
                "verbose_name": "verzegeling van het toegangslog",
                "verbose_name_plural": "verzegelingen van het toegangslog",
                "ordering": ["-id"],
            },
        ),
        migrations.RunPython(create_seal_trigger, drop_seal_trigger, elidable=False),
        migrations.AddField(
            model_name="accesslogentry",
            name="lane",
            field=models.PositiveSmallIntegerField(db_default=0, default=0, verbose_name="baan van de keten"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="dossier_id",
                    field=models.BigIntegerField(blank=True, null=True, verbose_name="dossier"),
                ),
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="medewerker",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_single_column_indexes, create_single_column_indexes, elidable=False),
            ],
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["lane", "id"], name="audit_log_lane_id"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["dossier_id", "at"], name="audit_log_dossier_at"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["action", "at"], name="audit_log_action_at"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["basis", "at"], name="audit_log_basis_at"),
        ),
    ]
