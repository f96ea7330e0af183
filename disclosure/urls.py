from disclosure.views import catalogue, downloads, execution, open_data, public

app_name = "disclosure"

# Downloads and the 预算执行情况 come before the public pages so that
# "/2022/<unit>/report.pdf" is never taken for a page path.
urlpatterns = [
    *downloads.urlpatterns,
    *execution.urlpatterns,
    *open_data.urlpatterns,
    *catalogue.urlpatterns,
    *public.urlpatterns,
]
