"""The administrators' area: queues of work (reviews, claims, contact changes), ownership, the audit log."""
