"""A person logs in with a real browser and reads the seed document."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser.conftest import wait_until
from tests.seed_text import read_printed_seed as read_seed


@pytest.fixture
def seeded(transactional_db):
    # The live server runs in another thread, so data must be committed; load_seed also
    # restores the indicator frames that the flush after a transactional test removes.
    call_command("load_seed", verbosity=0)
    call_command("create_demo_accounts", verbosity=0)


def _login(page, live_server):
    page.goto(f"{live_server.url}/departments/802010/2023/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "auditor")
    page.fill("#id_password", "auditor-demo-2023")
    page.click("button[type=submit]")
    page.wait_for_url("**/departments/802010/2023/")


def test_auditor_logs_in_and_reads_every_seed_table(page, live_server, seeded, artifacts):
    _login(page, live_server)
    seed = read_seed()
    titles = page.locator("h3.table-title").all_inner_texts()
    assert titles == [f"{t.position}.{t.name}绩效目标表" for t in seed.tables]
    first = page.locator("#table-1 table.target-table-header")
    assert first.locator("tr").nth(1).inner_text().split() == [
        "项目编码",
        "13022523P0066B010022C",
        "项目名称",
        "信访维稳经费",
    ]
    # The merged 一级 cell spans its two 二级 rows on screen, not only in markup.
    output = page.locator("#table-1 td", has_text="产出指标")
    quantity = page.locator("#table-1 td", has_text="数量指标")
    quality = page.locator("#table-1 td", has_text="质量指标")
    assert output.bounding_box()["height"] >= (
        quantity.bounding_box()["height"] + quality.bounding_box()["height"] - 2
    )
    page.screenshot(path=str(artifacts / "department-report.png"), full_page=False)


def test_table_of_contents_jumps_to_the_table(page, live_server, seeded):
    _login(page, live_server)
    page.click("nav.doc-toc a[href='#table-9']")
    assert page.evaluate("location.hash") == "#table-9"
    # Bootstrap scrolls smoothly: wait until the table has arrived at the top of the window.
    wait_until(
        page,
        "Math.abs(document.querySelector('#table-9').getBoundingClientRect().top) < 5",
        timeout=5000,
    )
    assert page.locator("#table-9 h3").is_visible()


def test_print_layout_starts_each_table_on_a_new_page(page, live_server, seeded, artifacts):
    _login(page, live_server)
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all(
        "section.target-table-page", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks == ["page"] * 11
    assert page.locator("nav.navbar").is_hidden()
    pdf = page.pdf(format="A4")
    (artifacts / "department-report.pdf").write_bytes(pdf)
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 12  # narrative + 11 tables
