"""Sales department: sponsor prospecting, lead scoring, proposals, outreach and CRM updates."""
