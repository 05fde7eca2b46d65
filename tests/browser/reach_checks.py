"""Page checks for reading on a phone, shared by the page-by-page test (test_pages.py) and
tests/browser/test_reach.py. Not a test module."""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}

# Elements of the article that stick out to the right of the viewport without sitting inside
# a box that scrolls sideways (overflow-x auto or scroll) and itself fits.
_OVERFLOW_JS = """
() => {
  const W = document.documentElement.clientWidth;
  const problems = [];
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + Array.from(el.classList).slice(0, 3).join('.');
    return s;
  };
  const root = document.querySelector('article.bd-article') || document.body;
  // Only a box inside the article counts: the article itself scrolling sideways is the fault.
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && p.getBoundingClientRect().right <= W + 1) return true;
    }
    return false;
  };
  for (const el of root.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= W + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if (!scrolls(el)) {
      problems.push(describe(el) + ' reaches ' + Math.round(r.right) + 'px');
      if (problems.length > 4) break;
    }
  }
  const page = document.documentElement.scrollWidth - W;
  if (page > 1) problems.unshift('the page scrolls sideways by ' + page + 'px');
  for (const img of root.querySelectorAll('img, svg[role="img"]')) {
    const box = img.parentElement.getBoundingClientRect();
    if (img.getBoundingClientRect().width > box.width + 1 && !scrolls(img)) {
      problems.push(describe(img) + ' is wider than its container');
    }
  }
  return problems;
}
"""


def phone_layout_problems(page) -> list[str]:
    """Resize ``page`` to a phone's width and list what does not fit (empty if all is well)."""
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(150)
    return page.evaluate(_OVERFLOW_JS)
