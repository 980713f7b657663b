"""Search: find practitioners near a place, filtered and sorted."""
