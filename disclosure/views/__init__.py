"""Views: health check, public pages, downloads, open data, rule catalogue."""
