"""The HTML report in a real headless Chromium: no external request, no console error, axe-core clean, printable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rightskit import api
from rightskit.report.render import render_html
from tests.report.project import make_project

ROOT = Path(__file__).parents[2]
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("RIGHTSKIT_ARTIFACTS", ROOT / ".ci" / "artifacts"))


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is required (./dev test installs the 'chromium' system package)"
    assert AXE.is_file(), f"axe-core is required at {AXE} (./dev test installs it from npm)"
    return path


@pytest.mark.parametrize(("context", "lang"), [("rightskit-context.yaml", "en"), (None, "bg")])
def test_html_report_in_headless_chromium(tmp_path: Path, monkeypatch, context, lang) -> None:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    # Real registers have long paths and column names: the page must still fit the window.
    deep = tmp_path / "data" / "sofia_municipality_social_assistance_directorate" / "registers_exported_2026_q4"
    deep.mkdir(parents=True)
    (deep / "register_of_applications_for_one_off_social_assistance_cp1251_export.csv").write_text(
        "applicant_electronic_mail_address_as_registered_by_the_front_office,district\n"
        + "".join(f"someone.with.a.long.name{i}@subdomain.example-municipality.bg,Лозенец\n" for i in range(30)),
        encoding="utf-8",
    )
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(api.build_report(["data", "db"], context=context, lang=lang)), encoding="utf-8")
    url = page_file.as_uri()

    requests: list[str] = []
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            # Chromium's own background traffic (updates, sync, QUIC probes) is refused on a closed network.
            args=[
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--disable-dev-shm-usage",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(url, wait_until="load")
            assert (
                page.locator("h1")
                .first.inner_text()
                .startswith("Data protection" if lang == "en" else "Оценка на въздействието")
            )
            assert page.locator("svg[role=img] circle").count() == 5  # one point per risk on the 4×4 map
            assert page.evaluate("document.documentElement.lang") == lang
            # The inventory (long paths, hashes, examples) fits a 1280 px window: nothing scrolls sideways.
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth,"
                " ...[...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right)]"
            )
            assert max(widths) <= 1280, widths

            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # inline: no request leaves the page
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{v['id']} ({v['impact']}): {v['help']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert not serious, serious
            assert len(result["passes"]) > 10  # axe really ran its rules

            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"dpia-report-{lang}.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            page.locator("section[aria-labelledby=s-inventory]").screenshot(
                path=str(ARTIFACTS / f"dpia-inventory-{lang}.png")
            )
            page.locator("section[aria-labelledby=s-risks]").screenshot(
                path=str(ARTIFACTS / f"dpia-riskmap-{lang}.png")
            )
            page.emulate_media(media="print")
            assert page.pdf(format="A4")[:5] == b"%PDF-"  # printable
        finally:
            browser.close()
    assert not problems, problems
    assert requests == [url], [r for r in requests if r != url]
