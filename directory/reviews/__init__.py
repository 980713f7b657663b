"""Patient reviews and the rating formula."""
