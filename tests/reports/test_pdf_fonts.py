"""Reports share one WeasyPrint font configuration per thread: a new one per document left
native memory behind in long-lived workers (docs/benchmarks.md, worker memory)."""

import threading

import pytest

from reports import pdf

pytestmark = pytest.mark.pdf

PAGE = "<html><body><p>Partnership health check</p></body></html>"


def _font_configs_used(monkeypatch, renders):
    used = []
    real_write_pdf = pdf.HTML.write_pdf

    def spy(self, *args, font_config=None, **kwargs):
        used.append(font_config)
        return real_write_pdf(self, *args, font_config=font_config, **kwargs)

    monkeypatch.setattr(pdf.HTML, "write_pdf", spy)
    renders()
    return used


def test_one_thread_renders_every_document_with_the_same_font_configuration(monkeypatch):
    def renders():
        for _ in range(3):
            assert pdf.render_html_to_pdf(PAGE).startswith(b"%PDF")

    used = _font_configs_used(monkeypatch, renders)
    assert len(used) == 3 and used[0] is not None
    assert used[0] is used[1] is used[2]


def test_each_thread_has_its_own_font_configuration(monkeypatch):
    def renders():
        pdf.render_html_to_pdf(PAGE)
        other = threading.Thread(target=pdf.render_html_to_pdf, args=(PAGE,))
        other.start()
        other.join()

    here, there = _font_configs_used(monkeypatch, renders)
    assert here is not None and there is not None and here is not there
