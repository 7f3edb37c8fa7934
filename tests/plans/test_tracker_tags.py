"""The tracker's rows escape and break lines exactly as Django's own filters would."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from improvement_tracker.hotpath.tracker_rows import _lines
from improvement_tracker.plans.action_links import with_action_links

AWKWARD = st.text(alphabet=st.sampled_from("ab <>&'\"\r\n\t–😀"), max_size=40) | st.text()


@given(AWKWARD)
def test_lines_are_what_linebreaksbr_makes_of_the_text(text):
    assert _lines(text) == linebreaksbr(text, autoescape=True)


@given(AWKWARD)
def test_words_without_references_are_escaped_as_django_escapes_them(text):
    assert with_action_links(text, {}) == str(escape(text)).replace("\n", "<br>")
