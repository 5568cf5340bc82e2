"""Exporting the briefing from the reader: ask for a file, never overwrite without asking.

:func:`export_flow` runs inside an async worker (it waits for dialogs). The file is written with
``overwrite=False`` first; only if that finds an existing file is the user asked, and only a
yes writes again with ``overwrite=True`` (so a file that appears meanwhile is never clobbered).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App
from textual.content import Content

from briefing.errors import BriefingError
from briefing.tui.dialogs import ConfirmDialog, ExportDialog
from briefing.tui.safe import one_line


def export_target(answer: str, folder: Path, default_name: str) -> Path:
    """The file an answer names: ``~`` expanded, relative to ``folder``; a folder gets the
    default file name inside it."""
    path = Path(answer).expanduser()
    if not path.is_absolute():
        path = folder / path
    if path.is_dir():
        path = path / default_name
    return path


async def _write(path: Path, markdown: str, overwrite: bool) -> None:
    from briefing.export import write_markdown

    await asyncio.to_thread(write_markdown, path, markdown, overwrite=overwrite)


async def export_flow(app: App[object], markdown: str, default_name: str) -> Path | None:
    """Ask for a file name (proposing ``default_name`` in the current folder) and write
    ``markdown`` there; returns the file written, or ``None`` (cancelled or failed)."""
    from briefing.export import ExportExistsError

    folder = Path.cwd()
    value, problem = default_name, None
    while True:
        answer = await app.push_screen_wait(ExportDialog(value, folder, problem))
        if answer is None:
            app.notify("Export cancelled.", markup=False, timeout=2)
            return None
        value = answer
        target = export_target(answer, folder, default_name)
        try:
            await _write(target, markdown, overwrite=False)
        except ExportExistsError:
            question = Content.assemble(
                (one_line(str(target)), "bold"), " exists already. Overwrite it?"
            )
            if not await app.push_screen_wait(ConfirmDialog(question, "Overwrite", "Keep it")):
                app.notify("Not exported; the existing file was left as it was.", markup=False)
                return None
            try:
                await _write(target, markdown, overwrite=True)
            except (BriefingError, OSError) as error:
                problem = one_line(str(error))
                continue
        except (BriefingError, OSError) as error:
            problem = one_line(str(error))  # shown in the dialog, which opens again
            continue
        app.notify(f"Exported the briefing to {one_line(str(target))}", markup=False, timeout=6)
        return target
