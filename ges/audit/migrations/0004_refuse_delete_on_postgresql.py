"""On PostgreSQL the database also refuses DELETE of audit rows.

Not on SQLite: Django's test flush empties tables with DELETE there (PostgreSQL uses TRUNCATE,
which row triggers do not see), and the ORM already refuses deletes on both.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION audit_auditentry_refuse_delete() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_delete();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditentry_no_delete ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_refuse_delete();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]
    operations = [migrations.RunPython(forward, backward)]
