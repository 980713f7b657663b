"""Open data: the directory's facts as Open Referral HSDS 3.0 and as CSV, under a stated licence (decision 0014)."""
