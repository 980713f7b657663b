"""Corrections from the public: anyone reports incorrect information on a listing; it reaches the
owner (when claimed) and the administrators' queue; an accepted correction changes the listing
through the audited edit path and the reporter is told."""
