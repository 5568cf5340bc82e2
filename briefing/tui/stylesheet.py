"""Register a composed screen's widget CSS at once, so the stylesheet is parsed once.

Textual adds a widget class's ``DEFAULT_CSS`` when its first instance is registered, and the
next widget to be styled re-parses the whole stylesheet. A screen mounts in waves (its
children, then theirs, ...), so it re-parses once per wave: four times for the reader, about
10 ms before the first frame. Adding every composed class's CSS up front, in the order
Textual would add it (breadth first), gives the same stylesheet with one parse.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from textual.app import App
from textual.widget import Widget


def register_default_css(app: App[object], widgets: Iterable[Widget]) -> None:
    """Add the default CSS of ``widgets`` and their pending children to ``app``'s stylesheet.

    Call it from ``Screen._extend_compose``. Only speed changes: Textual would add the same
    sources (with the same tie-breakers and scopes) while mounting.
    """
    stylesheet = app.stylesheet
    seen: set[type[Widget]] = set()
    queue = deque(widgets)
    while queue:
        widget = queue.popleft()
        if type(widget) not in seen:
            seen.add(type(widget))
            try:
                sources = widget._get_default_css()
            except AttributeError:  # another Textual: it registers the CSS itself, as before
                return
            for read_from, css, tie_breaker, scope in sources:
                stylesheet.add_source(
                    css,
                    read_from=read_from,
                    is_default_css=True,
                    tie_breaker=tie_breaker,
                    scope=scope,
                )
        queue.extend(widget._pending_children)
