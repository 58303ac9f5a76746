"""In Chromium at 360 px, large text on: the member page fits the phone, body text is 24 px (18 pt), every link and
button is at least 60 px tall, text is at least 4.5:1 against its background — in Chinese and English — and a member
signs in to today's meeting from it."""

import os

import pytest

from branch_life.models import Attendance
from points import services as points
from points.models import Fact
from xianfeng.tests.test_browser_csp import log_in, visit, watch  # noqa: F401 - the fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

# Measured from computed styles: what is too small, too short or too faint, and how wide the page is.
MEASURE = """
() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  // The colour behind an element: its and its ancestors' backgrounds composited (alpha included) over white.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      const alpha = c.length === 4 ? c[3] : 1;
      if (alpha > 0) layers.push([c[0], c[1], c[2], alpha]);
      if (alpha === 1) break;
    }
    return layers.reverse().reduce((under, [r, g, b, a]) => [r, g, b].map((v, i) => v * a + under[i] * (1 - a)), [255, 255, 255]);
  };
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const short = [...document.querySelectorAll("a, button, select, input[type=submit]")].filter(visible)
    .filter((el) => el.getBoundingClientRect().height < 60)
    .map((el) => `${el.tagName} ${el.textContent.trim().slice(0, 30)}: ${el.getBoundingClientRect().height}`);
  const faint = [];
  const small = [];
  for (const el of document.querySelectorAll("main *, header *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el)) continue;
    const style = getComputedStyle(el);
    const fg = rgb(style.color), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) faint.push(`${el.tagName}.${el.className} ${el.textContent.trim().slice(0, 20)}: ${ratio.toFixed(2)}`);
    if (el.closest("main") && parseFloat(style.fontSize) < 24) small.push(`${el.tagName}.${el.className} ${style.fontSize}`);
  }
  const wide = [...document.querySelectorAll("body *")].filter(visible)
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((el) => `${el.tagName}.${el.className} ${el.textContent.trim().slice(0, 20)}`).slice(0, 8);
  return {
    wide, width: document.documentElement.scrollWidth, viewport: window.innerWidth,
    body: parseFloat(getComputedStyle(document.body).fontSize), short, faint, small,
  };
}
"""


def test_the_member_page_at_360_px_in_large_text(page, live_server, county, personas, world, watch):  # noqa: F811
    points.rule_set(county=county.county, fact=Fact.MEETING, points=3, monthly_cap=None)
    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, f"{base}/accounts/login/", "member")
    visit(page, f"{base}/me/")
    assert page.locator("html.large-text").count() == 0
    page.locator("form.text-size button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html.large-text").count() == 1
    for language in ["zh-hans", "en"]:
        if language == "en":
            page.locator("form.langswitch button[value=en]").click()
            page.wait_for_load_state("networkidle")
            assert "My member page" in page.locator("main h1").inner_text()
        m = page.evaluate(MEASURE)
        assert m["viewport"] == 360 and m["width"] <= 360, (language, m["width"], m["wide"])
        assert m["body"] >= 24, m["body"]
        assert not m["short"], m["short"]
        assert not m["faint"], m["faint"]
        assert not m["small"], m["small"]
    # Large text stays on from page to page (the session); the member signs in to today's meeting.
    page.locator(f"#my-meetings li[data-meeting='{world.today_a1.pk}'] a.button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html.large-text").count() == 1
    m = page.evaluate(MEASURE)
    assert m["width"] <= 360 and not m["short"] and not m["faint"], m
    page.locator("main form button[type=submit].primary").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/me/")
    assert Attendance.objects.get(meeting=world.today_a1, member=personas.member_person).status == "present"
    assert "Present" in page.locator(f"#my-meetings li[data-meeting='{world.today_a1.pk}']").inner_text()
    # The theme day earned its points at once (the county's rule: 3 a meeting): the card shows them.
    assert "Balance: 3 points" in page.locator("#points").inner_text()
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
