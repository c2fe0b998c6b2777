import datetime
import re
import zoneinfo

import pytest

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(zone, year, month, day, hour, minute=0):
    """An aware datetime for a wall-clock time in `zone` (the scheduler's `now`)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


def links_in(text):
    return re.findall(r"http://testserver(/\S+)", text)


@pytest.fixture
def reminders_on(patient):
    from tests.factories import ReminderSettingsFactory

    return ReminderSettingsFactory(user=patient, checkin_reminder=True, reminder_time=datetime.time(19, 0))
