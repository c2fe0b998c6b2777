"""Personal data of the notifications app (accounts.privacy): exported, and deleted with the account."""

from accounts.privacy import register

register("notifications.ReminderSettings", "user", section="reminder_settings")
register("notifications.SentReminder", "recipient", section="reminders_sent")
register("notifications.OneTapUse", "patient", section="one_tap_links_used", exclude=["key"])
register("notifications.Notice", "recipient", section="notices")
