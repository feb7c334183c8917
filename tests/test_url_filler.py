"""url_filler gives what reverse() gives, row after row, and lets reverse() refuse the rest."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from web.url_filler import CODE, ID, YEAR, url_filler


def test_filled_urls_equal_reverse():
    report = url_filler("projects:department_report", CODE, YEAR)
    edit = url_filler("projects:plan_edit", CODE, YEAR)
    project = url_filler("projects:project_report", ID)
    for code, year in (("802010", 2023), ("A1", 1999), ("Zsamplecode", 1000)):
        assert report(code, year) == reverse("projects:department_report", args=[code, year])
        assert edit(code, year) == reverse("projects:plan_edit", args=[code, year])
    for pk in (1, 42, 10**17):
        assert project(pk) == reverse("projects:project_report", args=[pk])


@pytest.mark.parametrize(("code", "year"), [("802/010", 2023), ("802010", 20231), ("", 2023)])
def test_what_the_converters_refuse_is_still_refused(code, year):
    report = url_filler("projects:department_report", CODE, YEAR)
    with pytest.raises(NoReverseMatch):
        report(code, year)


def test_a_view_without_arguments_and_a_wrong_number_of_arguments():
    assert url_filler("home")() == reverse("home")
    project = url_filler("projects:project_report", ID)
    with pytest.raises(NoReverseMatch):
        project(1, 2)
