"""What the browser tests do to a page: sign in, look, check accessibility, read tables.

Playwright is imported only where it is used, so that without it the tests skip
(or, in CI, fail) with a message instead of breaking collection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from improvement_tracker.plans.rag import EXAMPLE_KEY, Status

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "test-results" / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the rules a public body's pages must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# GOV.UK Frontend's focus colour: its focus style always shows it, whatever the element.
GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"
LABELS = {status.value: status.label for status in EXAMPLE_KEY.statuses}


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


# --- Looking ---------------------------------------------------------------------------


def save_screenshot(page: Page, name: str) -> Path:
    """A full-page PNG for a reviewer, under the git-ignored test-results/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.evaluate("document.fonts.ready")
    page.screenshot(path=path, full_page=True, animations="disabled")
    return path


HOME = "What needs you"  # the home page's heading, where everyone lands (issue 20)


def sign_in(page: Page, username: str, password: str, *, lands_on: str = "Plans") -> None:
    """Sign in as a person does: open the service, type the details, press the button.

    Everyone lands on the home page ("What needs you"); `lands_on` another section of the
    navigation (the plan list by default) is then opened from it, as a person would."""
    page.goto("/")
    expect(page).to_have_title("Sign in – Improvement Tracker")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME)
    if lands_on != HOME:
        navigation = page.locator(".govuk-service-navigation")
        navigation.get_by_role("link", name=lands_on, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(lands_on)


# --- Accessibility ---------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG A and AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # evaluate, not a <script> tag, so that a content security policy cannot block it.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"    {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} WCAG A/AA violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )


STRUCTURE_SCRIPT = """() => {
  const problems = [];
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter(h => h.getClientRects().length > 0 || h.closest("details"));
  const h1s = headings.filter(h => h.tagName === "H1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 headings; a page has one`);
  let previous = 1;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (level > previous + 1) {
      problems.push(`heading "${h.textContent.trim()}" is h${level} after h${previous}`);
    }
    previous = level;
  }
  document.querySelectorAll("table").forEach((table, i) => {
    const caption = table.querySelector(":scope > caption");
    const name = caption ? caption.textContent.trim() : `table ${i + 1}`;
    if (!caption || !caption.textContent.trim()) problems.push(`${name} has no caption`);
    const columns = table.querySelectorAll(":scope > thead th[scope=col]");
    if (columns.length === 0) problems.push(`${name} has no column headers`);
    table.querySelectorAll(":scope > tbody th:not([scope=row])").forEach(th => {
      problems.push(`${name}: row header "${th.textContent.trim()}" has no scope`);
    });
  });
  document.querySelectorAll(".govuk-tag").forEach(tag => {
    if (!tag.textContent.trim()) problems.push(`a tag carries no word: ${tag.outerHTML}`);
  });
  return problems;
}"""


def assert_well_structured(page: Page) -> None:
    """One h1, headings that do not skip a level, tables with captions and headers, tags
    that carry their word (so that nothing is told by colour alone), and no template
    syntax shown as text."""
    problems = page.evaluate(STRUCTURE_SCRIPT)
    assert not problems, f"Structure problems on {page.url}:\n" + "\n".join(problems)
    # A template comment Django did not strip (a `{# … #}` over two lines) is shown as text.
    text = page.locator("body").inner_text()
    shown = [syntax for syntax in ("{#", "{%", "{{") if syntax in text]
    assert not shown, f"Template syntax shown as text on {page.url}: {shown}"


REFLOW_SCRIPT = """() => {
  const problems = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) {
    problems.push(`the page scrolls sideways: ${page.scrollWidth}px in ${page.clientWidth}px`);
  }
  // A column squeezed narrower than its header's longest word is text broken letter by
  // letter: unreadable, though nothing scrolls.
  for (const th of document.querySelectorAll("thead th")) {
    if (th.getClientRects().length === 0) continue;
    const style = getComputedStyle(th);
    const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const words = th.textContent.trim().split(/\\s+/);
    const word = words.reduce((a, b) => (b.length > a.length ? b : a));
    const probe = document.createElement("span");
    probe.style.font = style.font;
    probe.style.letterSpacing = style.letterSpacing;
    probe.style.whiteSpace = "nowrap";
    probe.style.position = "absolute";
    probe.textContent = word;
    document.body.append(probe);
    const needed = Math.round(probe.getBoundingClientRect().width);
    probe.remove();
    if (needed > room + 1) {
      const column = th.textContent.trim();
      problems.push(`column "${column}" is ${Math.round(room)}px; "${word}" needs ${needed}px`);
    }
  }
  return problems;
}"""


LINE_UP_SCRIPT = """() => {
  const problems = [];
  const left = el => Math.round(el.getBoundingClientRect().left);
  const middle = el => {
    const box = el.getBoundingClientRect();
    return Math.round(box.top + box.height / 2);
  };
  const header = document.querySelector(".govuk-service-navigation__container");
  const edge = left(header);
  // The main column, not its h1: a confirmation panel's heading is inset, as GOV.UK's is.
  for (const selector of [".govuk-back-link", "main", "footer .govuk-width-container"]) {
    const el = document.querySelector(selector);
    if (el && left(el) !== edge) {
      problems.push(`${selector} starts at ${left(el)}px, the header at ${edge}px`);
    }
  }
  const link = document.querySelector(".govuk-service-navigation__item a");
  const button = document.querySelector(".govuk-service-navigation button[type=submit]");
  if (link && button && Math.abs(middle(link) - middle(button)) > 1) {
    const name = button.textContent.trim();
    problems.push(`"${name}" sits at ${middle(button)}px, the links at ${middle(link)}px`);
  }
  return problems;
}"""


def assert_lined_up_with_the_header(page: Page) -> None:
    """At the page's own width, its back link, main column and footer start where the
    header does, and a button in the navigation (Sign out) is on the links' line."""
    problems = page.evaluate(LINE_UP_SCRIPT)
    assert not problems, f"Not lined up on {page.url}:\n" + "\n".join(problems)


def assert_reflows(page: Page, width: int) -> None:
    """At this width (640px is 1280px at 200% zoom) the page does not scroll sideways;
    a wide table scrolls in its own region; no column is squeezed to letters."""
    page.set_viewport_size({"width": width, "height": 900})
    problems = page.evaluate(REFLOW_SCRIPT)
    assert not problems, f"At {width}px wide, on {page.url}:\n" + "\n".join(problems)


# --- Keyboard --------------------------------------------------------------------------

FOCUS_SCRIPT = """yellow => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const styles = [getComputedStyle(el)];
  // A GOV.UK radio or checkbox input is invisible; the circle its label draws shows focus.
  if (el.matches(".govuk-radios__input, .govuk-checkboxes__input") && el.labels.length) {
    styles.push(getComputedStyle(el.labels[0], "::before"));
  }
  const shows = s =>
    (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && s.outlineColor === yellow)
    || s.backgroundColor === yellow
    || s.boxShadow.includes(yellow);
  const label = el.labels && el.labels.length ? el.labels[0].textContent : el.textContent;
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    id: el.id,
    name: (label || el.value || "").replace(/\\s+/g, " ").trim(),
    checked: !!el.checked,
    visible: styles.some(shows),
  };
}"""


def focused(page: Page) -> dict[str, Any]:
    """What has the keyboard focus, and whether GOV.UK's focus style shows it."""
    info = page.evaluate(FOCUS_SCRIPT, GOVUK_FOCUS_YELLOW)
    assert info is not None, "Nothing in the page has the focus"
    return dict(info)


def press_until(page: Page, key: str, wanted: Any, limit: int = 40) -> dict[str, Any]:
    """Press a key until the focused element is the one wanted, checking at every stop
    that the focus can be seen."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = page.evaluate(FOCUS_SCRIPT, GOVUK_FOCUS_YELLOW)
        if now is None:
            # Past the last element the focus goes to the browser's own controls, as it
            # does for a person; the next Tab comes back to the top of the page.
            seen.append("(the browser)")
            continue
        assert now["visible"], f"The focus on {now} cannot be seen"
        seen.append(now["name"] or now["tag"])
        if wanted(now):
            return dict(now)
    raise AssertionError(f"{key} never reached the element wanted; it went: {seen}")


# --- The tracker's tables --------------------------------------------------------------

TABLES_SCRIPT = """() => {
  const text = cell => cell.textContent.replace(/\\s+/g, " ").trim();
  const read = table => ({
    columns: [...table.tHead.rows[0].cells].map(text),
    rows: [...table.tBodies[0].rows].map(row => [...row.cells].map(text)),
  });
  return {
    table1: read(document.getElementById("table1")),
    table2: read(document.getElementById("table2")),
    domains: [...document.querySelectorAll("table[data-domain]")].map(table => ({
      label: table.dataset.domain,
      actions: [...table.tBodies[0].rows].map(row => ({
        status: row.dataset.status,
        highPriority: row.dataset.highPriority === "true",
        tag: text(row.querySelector(".govuk-tag")),
      })),
    })),
  };
}"""


Table1 = dict[str, dict[str, int]]  # {row: {column: count}}, as Table 1 is printed
Row = tuple[str, bool, str]  # an action's status, whether high priority, its tag's word


@dataclass(frozen=True)
class TrackerTables:
    table1: Table1
    table2: dict[str, int]
    domains: dict[str, list[Row]]


def read_tracker(page: Page) -> TrackerTables:
    """Table 1, Table 2 and every domain's rows, as the page shows them."""
    # After a click the old page may still be showing: wait for the tracker.
    expect(page.locator("#table1")).to_be_visible()
    raw = page.evaluate(TABLES_SCRIPT)
    columns = raw["table1"]["columns"][1:]
    table1 = {
        row[0]: dict(zip(columns, map(int, row[1:]), strict=True)) for row in raw["table1"]["rows"]
    }
    (high_priority,) = raw["table2"]["rows"]
    table2 = dict(zip(raw["table2"]["columns"][1:], map(int, high_priority[1:]), strict=True))
    domains = {
        domain["label"]: [
            (LABELS[a["status"]], a["highPriority"], a["tag"]) for a in domain["actions"]
        ]
        for domain in raw["domains"]
    }
    return TrackerTables(table1, table2, domains)


def recount(domains: dict[str, list[Row]]) -> tuple[Table1, dict[str, int]]:
    """Table 1 and Table 2 counted again from the domain tables' rows."""
    every = [status for rows in domains.values() for status, _, _ in rows]
    shown = [
        s.label
        for s in EXAMPLE_KEY.statuses
        if s is not Status.NOT_RATED or Status.NOT_RATED.label in every
    ]
    table1: Table1 = {}
    for status in shown:
        row = {label: [s for s, _, _ in rows].count(status) for label, rows in domains.items()}
        table1[status] = {**row, "Totals": sum(row.values())}
    table1["Total"] = {
        **{label: len(rows) for label, rows in domains.items()},
        "Totals": len(every),
    }
    high = [status for rows in domains.values() for status, high, _ in rows if high]
    table2 = {s.label: high.count(s.label) for s in EXAMPLE_KEY.statuses}
    return table1, {**table2, "Total": len(high)}
