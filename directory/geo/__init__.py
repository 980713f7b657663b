"""Places and distances: the offline gazetteer, geocoders behind one interface, and geometry."""
