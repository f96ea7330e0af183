from disclosure.views import catalogue, downloads, open_data, public

app_name = "disclosure"

# Downloads come before the public pages so that "/2022/<unit>/report.pdf" is
# never taken for a page path.
urlpatterns = [
    *downloads.urlpatterns,
    *open_data.urlpatterns,
    *catalogue.urlpatterns,
    *public.urlpatterns,
]
