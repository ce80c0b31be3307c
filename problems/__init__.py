"""Problem sets shipped with geoprover."""
