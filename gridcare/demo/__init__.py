"""Demo data: a believable grid company with a year of appeals (`gridcare demo_data`)."""
