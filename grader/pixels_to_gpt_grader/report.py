"""The grading report: a CSV of grades, a histogram of scores, and a page naming problems
(and, through `export.py`, the grades in the files Canvas and Moodle import).

Student ids and problem texts come from students (file names, notebook contents): in
`grades.csv` a cell that a spreadsheet would read as a formula is escaped with a leading
`'`; in `report.md` Markdown's special characters are escaped and line breaks removed, so
that no id or message can forge a line, a table cell, a link or HTML.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pixels_to_gpt_grader.cells import csv_cell, md, one_line


def histogram(path: Path, assignment: str, rows: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scores = [r["score"] for r in rows if r["score"] is not None]
    top = max((r["max_score"] for r in rows), default=1) or 1
    fig, ax = plt.subplots(figsize=(6, 3.5))
    bins = [i - 0.5 for i in range(int(top) + 2)]
    ax.hist(scores, bins=bins, color="#4c72b0", edgecolor="white")
    ungraded = sum(r["score"] is None for r in rows)
    ax.set_title(f"{assignment}: scores of {len(scores)} graded submissions"
                 + (f" ({ungraded} without a score)" if ungraded else ""))
    ax.set_xlabel(f"score (out of {top:g})")
    ax.set_ylabel("students")
    ax.set_xlim(-0.5, top + 0.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def pass_rates(points: dict[str, dict[str, float]], rows: list[dict]) -> list[tuple]:
    """(question, points, students graded, share with full points, mean score)."""
    graded = [r for r in rows if r["score"] is not None]
    out = []
    for notebook in points.values():
        for question, max_points in notebook.items():
            got = [r["questions"].get(question) or 0.0 for r in graded]
            full = sum(g >= max_points for g in got)
            out.append((question, max_points, len(got), full / len(got) if got else 0.0,
                        sum(got) / len(got) if got else 0.0))
    return out


def write_csv(path: Path, points: dict[str, dict[str, float]], rows: list[dict]) -> None:
    questions = [q for nb in points.values() for q in nb]
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "status", "score", "max_score", *questions, "problems",
                         "suspicious_code", "platform_id", "same_code"])
        for row in rows:
            writer.writerow([
                csv_cell(row["student"]), row["status"],
                "" if row["score"] is None else f"{row['score']:g}", f"{row['max_score']:g}",
                *("" if row["questions"].get(q) is None else f"{row['questions'][q]:g}"
                  for q in questions),
                csv_cell(" | ".join(one_line(p) for p in row["problems"])),
                csv_cell(" | ".join(one_line(f) for f in [*row["findings"],
                                                           *row.get("flags", [])])),
                csv_cell(row.get("platform_id", "")),
                csv_cell(" | ".join(one_line(c) for c in row.get("same_code", []))),
            ])
    tmp.replace(path)


def write_report(out: Path, assignment: str, points: dict[str, dict[str, float]],
                 rows: list[dict], refused: list[str] = (), notes: list[str] = (),
                 canvas_assignment: str = "") -> tuple[Path, Path, Path]:
    """grades.csv, histogram.png, report.md and the platforms' files (`export.py`)."""
    from pixels_to_gpt_grader.export import write_exports

    out.mkdir(parents=True, exist_ok=True)
    csv_path, hist_path, report = out / "grades.csv", out / "histogram.png", out / "report.md"
    write_csv(csv_path, points, rows)
    histogram(hist_path, assignment, rows)
    max_score = sum(sum(nb.values()) for nb in points.values())
    exports = write_exports(out, assignment, max_score, rows, canvas_assignment)
    graded = [r for r in rows if r["score"] is not None]
    lines = [f"# Grading report: {assignment}", "",
             f"{len(rows)} students: {len(graded)} graded, "
             f"{sum(r['status'] == 'check' for r in rows)} of them to check, "
             f"{sum(r['status'] == 'not graded' for r in rows)} not graded, "
             f"{sum(r['status'] == 'missing' for r in rows)} missing. "
             "Grades: `grades.csv` (no number where there is no grade).", "",
             "![histogram of scores](histogram.png)", ""]
    if refused:
        lines += ["## Refused at intake", "",
                  "Not graded, and not in `grades.csv`: fix the name and grade again.", ""]
        lines += [f"- {md(text)}" for text in refused]
        lines.append("")
    problem_rows = [r for r in rows if r["status"] in ("not graded", "missing")]
    if problem_rows:
        lines += ["## Could not be graded", ""]
        for r in problem_rows:
            lines.append(f"- **{md(r['student'])}** ({r['status']}): "
                         + ("; ".join(md(p) for p in r["problems"]) or "no submission"))
        lines.append("")
    check = [r for r in rows if r["status"] == "check"]
    if check:
        lines += ["## Graded, but look at these", ""]
        for r in check:
            items = ([md(p) for p in r["problems"]]
                     + [f"suspicious code: {md(f)}" for f in r["findings"]]
                     + [f"flagged: {md(f)}" for f in r.get("flags", [])])
            lines.append(f"- **{md(r['student'])}** ({r['score']:g}/{r['max_score']:g}): "
                         + "; ".join(items))
        lines.append("")
    same = [r for r in rows if r.get("same_code")]
    if same:
        lines += ["## Answers that are the same code", "",
                  "The same syntax tree (names of variables, comments, docstrings and layout "
                  "aside) as the course's reference answer or another student's answer. A "
                  "flag for you to look at: scores and statuses are unchanged. Short answers "
                  "are never compared (see the instructors' page).", ""]
        for r in same:
            lines.append(f"- **{md(r['student'])}**: "
                         + "; ".join(md(c) for c in r["same_code"]))
        lines.append("")
    lines += ["## For the platforms", ""]
    for platform, (path, written, left_out) in exports.items():
        if not written:
            lines.append(f"- {path.name} ({platform}): no student, since none with a score "
                         f"was collected from a {platform} download")
            continue
        lines.append(f"- {path.name} ({platform}'s import): {written} "
                     f"student{'' if written == 1 else 's'}"
                     + (f"; left out: {'; '.join(md(x) for x in left_out)}"
                        if left_out else ""))
    lines.append("")
    if notes:
        lines += ["## Skipped while collecting", ""]
        lines += [f"- {md(text)}" for text in notes]
        lines.append("")
    lines += ["## Questions", "", "| question | points | students with all its points | "
              "mean points |", "|---|---|---|---|"]
    for question, max_points, n, share, mean in pass_rates(points, rows):
        lines.append(f"| {question} | {max_points:g} | {round(share * n)} of {n} "
                     f"({share:.0%}) | {mean:.2f} of {max_points:g} |")
    lines += ["", "## Students", "", "| student | score | status |", "|---|---|---|"]
    for r in rows:
        score = "—" if r["score"] is None else f"{r['score']:g}/{r['max_score']:g}"
        lines.append(f"| {md(r['student'])} | {score} | {r['status']} |")
    tmp = report.with_name(report.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(report)
    return report, csv_path, hist_path
