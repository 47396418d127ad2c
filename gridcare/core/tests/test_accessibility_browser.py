"""Accessibility basics in a real browser, on the public and consumer pages (issue 4:
labels, keyboard use, contrast). Each page is audited by a small script:

* every form control a user fills has an accessible name (a label, aria-label,
  aria-labelledby or title), every image an alt text, the page a language and a title;
* text contrast against its effective background is at least 4.5:1 (3:1 for large
  text), the WCAG 2.1 AA threshold, computed from the rendered colours;
* the keyboard reaches every control of the main form with Tab, and the focused
  control shows a visible focus mark (outline or shadow)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD
from gridcare.core.tests.test_csp_browser import CONSUMER, PUBLIC

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="нет /usr/bin/chromium"),
]

# Runs in the page; returns a list of problems as strings.
AUDIT = """
() => {
  const problems = [];
  const visible = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.name ? "[name=" + el.name + "]" : "");
  if (!document.documentElement.lang) problems.push("нет атрибута lang у html");
  if (!document.title.trim()) problems.push("нет заголовка страницы");
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset", "image"].includes(el.type)) continue;
    if (!visible(el)) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label") ||
      el.getAttribute("aria-labelledby") || el.getAttribute("title");
    if (!named) problems.push("поле без подписи: " + describe(el));
  }
  for (const el of document.querySelectorAll("button, a[href]")) {
    if (!visible(el)) continue;
    const name = (el.textContent || "").trim() || el.getAttribute("aria-label") ||
      el.getAttribute("title") || (el.querySelector("img[alt]:not([alt=''])") ? "img" : "");
    if (!name) problems.push("кнопка или ссылка без названия: " + describe(el));
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push("изображение без alt: " + img.src);
  }
  const rgba = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.backgroundImage && s.backgroundImage !== "none") return null;  // can't tell
      const c = rgba(s.backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const c of layers.reverse()) colour = over(c, colour);
    return colour;
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el) || !visible(el)) continue;
    seen.add(el);
    const s = getComputedStyle(el);
    if (parseFloat(s.opacity) === 0) continue;
    const bg = background(el);
    if (!bg) continue;
    const fg = over(rgba(s.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      problems.push("контраст " + ratio.toFixed(2) + ": «" +
        node.textContent.trim().slice(0, 40) + "» в " + describe(el));
    }
  }
  return problems;
}
"""

# How a control is named in the keyboard walk. A radio group is one Tab stop (arrows
# move inside it), so radios are named by their group.
CONTROL_ID = """(el) => el.type === "radio" ? "radio[name=" + el.name + "]" :
  el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
  (el.name ? "[name=" + el.name + "]" : "") + ":" + (el.textContent || "").trim().slice(0, 20)"""

# Tab through the page; returns the focusable controls of <main> never reached and
# those reached without a visible focus mark.
KEYBOARD = """
async () => {
  const ID = __CONTROL_ID__;
  const controls = Array.from(document.querySelectorAll(
    "main input:not([type=hidden]), main select, main textarea, main button, main a[href]"
  )).filter((el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return !el.disabled && s.visibility !== "hidden" && s.display !== "none" &&
      r.width > 0 && r.height > 0 && el.tabIndex >= 0;
  });
  return controls.map(ID);
}
""".replace("__CONTROL_ID__", CONTROL_ID)

FOCUS_MARK = """
() => {
  const ID = __CONTROL_ID__;
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  // Inside a date/time control the picker button has focus and Chromium draws its
  // own ring; the host then does not match :focus, so our style can't apply.
  const inner = !el.matches(":focus");
  const marked = inner || (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) ||
    (s.boxShadow && s.boxShadow !== "none");
  return [ID(el), marked, !!el.closest("main")];
}
""".replace("__CONTROL_ID__", CONTROL_ID)

# Pages whose main form the keyboard walk checks (public and consumer).
KEYBOARD_PAGES = ["appeals:reception", "accounts:login", "consumers:register"]
KEYBOARD_CONSUMER_PAGES = ["appeals:portal_new", "notifications:settings"]


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _page(browser, base: str, login: str | None):
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    if login:
        page.goto(f"{base}/login/")
        page.fill("#id_username", login)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    return context, page


def _audit(browser, base: str, names: list[str], login: str | None) -> list[str]:
    context, page = _page(browser, base, login)
    found: list[str] = []
    for name in names:
        response = page.goto(base + reverse(name))
        assert response is not None and response.status == 200, name
        page.wait_for_load_state("networkidle")
        found += [f"{name}: {problem}" for problem in page.evaluate(AUDIT)]
    context.close()
    return found


def _keyboard(browser, base: str, names: list[str], login: str | None) -> list[str]:
    context, page = _page(browser, base, login)
    found: list[str] = []
    for name in names:
        page.goto(base + reverse(name))
        page.wait_for_load_state("networkidle")
        wanted = set(page.evaluate(KEYBOARD))
        assert wanted, f"{name}: на странице нет элементов управления"
        reached: set[str] = set()
        for _ in range(len(wanted) + 40):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_MARK)
            if state is None:
                continue
            control, marked, in_main = state
            if in_main:
                reached.add(control)
                if not marked:
                    found.append(f"{name}: фокус не виден на {control}")
            if wanted <= reached:
                break
        found += [f"{name}: Tab не доходит до {c}" for c in sorted(wanted - reached)]
    context.close()
    return found


def test_public_pages_meet_the_basics(browser, live_server) -> None:
    assert _audit(browser, live_server.url, PUBLIC, None) == []


def test_consumer_pages_meet_the_basics(browser, live_server, consumer) -> None:
    assert _audit(browser, live_server.url, CONSUMER, consumer.email) == []


def test_public_forms_work_from_the_keyboard(browser, live_server) -> None:
    assert _keyboard(browser, live_server.url, KEYBOARD_PAGES, None) == []


def test_consumer_forms_work_from_the_keyboard(browser, live_server, consumer) -> None:
    assert (
        _keyboard(browser, live_server.url, KEYBOARD_CONSUMER_PAGES, consumer.email)
        == []
    )


def test_the_audit_finds_what_it_looks_for(browser) -> None:
    """The audit itself: a page with the faults it checks reports each of them."""
    page = browser.new_page()
    page.set_content(
        "<html><head><title>x</title></head><body>"
        "<p style='color:#aaa;background:#fff'>Бледный текст</p>"
        "<input name='nameless'><img src='data:,'>"
        "<button></button></body></html>"
    )
    problems = " | ".join(page.evaluate(AUDIT))
    page.close()
    assert "нет атрибута lang" in problems
    assert "контраст 2.32: «Бледный текст»" in problems
    assert "поле без подписи: input[name=nameless]" in problems
    assert "изображение без alt" in problems
    assert "кнопка или ссылка без названия: button" in problems
