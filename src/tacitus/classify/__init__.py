"""Event classification: ACLED sub-event types (CASE 2021 codes), PLOVER and CAMEO."""
