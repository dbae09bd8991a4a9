"""The HTML table builder behind the models' and health reports' Jupyter display."""

from neuralgrad._html import html_table


def test_rows_header_caption_footer_and_escaping():
    html = html_table(("a", "b<c"), [(1, "x & y"), ("<b>", 2.5)], "cap", ["total: 3"])
    assert html.count("<tr>") == 3 and html.count("<th") == 2 and html.count("<td") == 4
    assert "b&lt;c" in html and "x &amp; y" in html and "&lt;b&gt;" in html
    assert "<caption" in html and ">cap</caption>" in html and "total: 3</div>" in html
