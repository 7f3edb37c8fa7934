"""Notices people act on (issue 20): update rounds opened, reminders and escalations by email."""
