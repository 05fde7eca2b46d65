"""Several {datachart}s on one page must not repeat matplotlib's generic SVG ids."""

from creditlab.sphinxext.charts import prefix_generic_ids


def test_generic_ids_are_prefixed_and_others_kept():
    svg = '<svg id="root"><g id="axes_1"><g id="matplotlib.axis_2"/><clipPath id="p1a2b3"/><use xlink:href="#m0f9e"/></g><title id="chart-1-label">x</title></svg>'
    out = prefix_generic_ids(svg, "chart-abc")
    assert 'id="chart-abc-axes_1"' in out
    assert 'id="chart-abc-matplotlib.axis_2"' in out
    # ids that are referenced (clip paths, markers) or already unique stay as they are
    assert 'id="p1a2b3"' in out and 'xlink:href="#m0f9e"' in out
    assert 'id="chart-1-label"' in out and 'id="root"' in out


def test_two_charts_no_longer_share_ids():
    svg = '<svg><g id="figure_1"><g id="line2d_3"/></g></svg>'
    a, b = prefix_generic_ids(svg, "chart-a"), prefix_generic_ids(svg, "chart-b")
    import re

    ids = re.findall(r'id="([^"]+)"', a + b)
    assert len(ids) == len(set(ids))


def test_reported_dates_label_ticks_in_words():
    from creditlab.sphinxext.charts import _short_date

    assert _short_date("2018-01-09") == "9 Jan 2018"
    assert _short_date("2019-08") == "Aug 2019"
    assert _short_date("2021") == "2021"
