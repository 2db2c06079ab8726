"""Grades in the files that Canvas's and Moodle's import screens take as they are.

- `canvas-grades.csv`, for Canvas's Gradebook → Import: the columns Student, ID, SIS User
  ID, SIS Login ID, Section and one column named after the Canvas assignment, then a
  "Points Possible" row. Canvas finds each student by ID, the Canvas user id that its
  "Download Submissions" puts in every file name (`leeann_12345_67890_sampling.ipynb`).
- `moodle-grades.csv`, for the assignment's "Upload grading worksheet" (the offline grading
  worksheet): Moodle's own columns, Identifier `Participant 77` first, where 77 is the
  participant id its "Download all submissions" puts in every folder's name
  (`Ann Lee_77_assignsubmission_file_`). Moodle reads Identifier, Grade, Last modified
  (grade) and the feedback columns, by their English names.

A student is in a platform's file when they were collected from that platform's download
(so their id is that platform's) and have a score; the others are left out, each with the
reason (`left_out`), and never given a 0. Text cells are escaped as in `grades.csv`
(`report.csv_cell`).
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from pixels_to_gpt_grader.cells import csv_cell, one_line

CANVAS_FILE = "canvas-grades.csv"
MOODLE_FILE = "moodle-grades.csv"
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_HEADER = ["Identifier", "Full name", "Email address", "Status", "Grade",
                 "Maximum Grade", "Grade can be changed", "Last modified (submission)",
                 "Last modified (grade)", "Feedback comments"]
MOODLE_PARTICIPANT = "Participant "  # Moodle's string `hiddenuser` (mod_assign), English

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def moodle_date(when: datetime) -> str:
    """A date as Moodle writes it in a worksheet (and reads back with PHP's strtotime),
    in English whatever the locale: 'Tuesday, 1 December 2026, 2:05 PM'."""
    hour = when.hour % 12 or 12
    return (f"{_DAYS[when.weekday()]}, {when.day} {_MONTHS[when.month - 1]} {when.year}, "
            f"{hour}:{when.minute:02d} {'AM' if when.hour < 12 else 'PM'}")


def _points(value: float) -> str:
    return f"{value:.2f}"


def _left_out(row: dict, platform: str) -> str | None:
    """Why `row` is not in `platform`'s file, or None when it is."""
    if row.get("platform") != platform or not row.get("platform_id"):
        other = row.get("platform")
        return (f"collected from a {other.capitalize()} download" if other and row.get(
            "platform_id") else "no platform id: not collected from a platform's download")
    if row["score"] is None:
        return f"no score ({row['status']})"
    return None


def write_canvas(path: Path, column: str, max_score: float, rows: list[dict]) -> list[str]:
    """Canvas's Gradebook import file; returns who was left out, and why."""
    left_out = []
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([*CANVAS_HEADER, csv_cell(one_line(column))])
        writer.writerow(["Points Possible", "", "", "", "", f"{max_score:g}"])
        for row in rows:
            why = _left_out(row, "canvas")
            if why:
                left_out.append(f"{row['student']}: {why}")
                continue
            writer.writerow([csv_cell(row["student"]), csv_cell(row["platform_id"]), "", "",
                             "", f"{row['score']:g}"])
    tmp.replace(path)
    return left_out


def _feedback(row: dict) -> str:
    parts = [f"{q} {v:g}" for q, v in row["questions"].items() if v is not None]
    return (f"Graded automatically: {row['score']:g} of {row['max_score']:g} points"
            + (f" ({', '.join(parts)})" if parts else "") + ".")


def write_moodle(path: Path, max_score: float, rows: list[dict],
                 now: datetime | None = None) -> list[str]:
    """Moodle's grading worksheet for the assignment; returns who was left out, and why."""
    stamp = moodle_date(now or datetime.now())
    left_out = []
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(MOODLE_HEADER)
        for row in rows:
            why = _left_out(row, "moodle")
            if why:
                left_out.append(f"{row['student']}: {why}")
                continue
            submitted = row.get("submitted_at")
            try:
                submitted = moodle_date(datetime.fromisoformat(submitted)) if submitted else ""
            except ValueError:
                submitted = ""
            writer.writerow([csv_cell(MOODLE_PARTICIPANT + row["platform_id"]),
                             csv_cell(row["student"]), "", "Submitted for grading",
                             _points(row["score"]), _points(max_score), "Yes", submitted,
                             stamp, csv_cell(_feedback(row))])
    tmp.replace(path)
    return left_out


def write_exports(out: Path, assignment: str, max_score: float, rows: list[dict],
                  canvas_assignment: str = "", now: datetime | None = None
                  ) -> dict[str, tuple[Path, int, list[str]]]:
    """Both files in `out`: platform -> (path, students written, who was left out)."""
    canvas, moodle = out / CANVAS_FILE, out / MOODLE_FILE
    canvas_left = write_canvas(canvas, canvas_assignment or assignment, max_score, rows)
    moodle_left = write_moodle(moodle, max_score, rows, now)
    return {"Canvas": (canvas, len(rows) - len(canvas_left), canvas_left),
            "Moodle": (moodle, len(rows) - len(moodle_left), moodle_left)}
