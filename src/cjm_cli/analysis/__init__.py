"""What a checked map says beyond itself: its funnel figures (`metrics`) and how it differs from another map
(`diff`)."""
