from django.db import migrations


class Migration(migrations.Migration):
    """The rating summary is the reviews app's now (reviews.MasterRating, filled by its migration
    0002 from these columns before they go)."""

    dependencies = [
        ("accounts", "0001_initial"),
        ("reviews", "0002_master_rating"),
    ]

    operations = [
        migrations.RemoveField(model_name="masterprofile", name="rating_avg"),
        migrations.RemoveField(model_name="masterprofile", name="rating_count"),
        migrations.RemoveField(model_name="masterprofile", name="rating_distribution"),
    ]
