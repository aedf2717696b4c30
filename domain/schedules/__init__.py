"""Per-tenant schedules: cron expressions, cron records, and claiming due periods once."""
