import uuid

from django.db import migrations, models


def create_identity(apps, schema_editor):
    DatabaseIdentity = apps.get_model("bonehealth", "DatabaseIdentity")
    DatabaseIdentity.objects.using(schema_editor.connection.alias).create(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DatabaseIdentity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"verbose_name_plural": "database identity"},
        ),
        migrations.RunPython(create_identity, migrations.RunPython.noop),
    ]
