"""The grading report: a CSV of grades, a histogram of scores, and a page naming problems."""

from __future__ import annotations

from pathlib import Path


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


def write_report(out: Path, assignment: str, points: dict[str, dict[str, float]],
                 rows: list[dict]) -> tuple[Path, Path, Path]:
    from pixels_to_gpt.grading.grader import write_csv

    out.mkdir(parents=True, exist_ok=True)
    csv_path, hist_path, report = out / "grades.csv", out / "histogram.png", out / "report.md"
    write_csv(csv_path, points, rows)
    histogram(hist_path, assignment, rows)
    graded = [r for r in rows if r["score"] is not None]
    lines = [f"# Grading report: {assignment}", "",
             f"{len(rows)} students: {len(graded)} graded, "
             f"{sum(r['status'] == 'check' for r in rows)} of them to check, "
             f"{sum(r['status'] == 'not graded' for r in rows)} not graded, "
             f"{sum(r['status'] == 'missing' for r in rows)} missing. "
             "Grades: `grades.csv` (no number where there is no grade).", "",
             "![histogram of scores](histogram.png)", ""]
    problem_rows = [r for r in rows if r["status"] in ("not graded", "missing")]
    if problem_rows:
        lines += ["## Could not be graded", ""]
        for r in problem_rows:
            lines.append(f"- **{r['student']}** ({r['status']}): "
                         + ("; ".join(r["problems"]) or "no submission"))
        lines.append("")
    check = [r for r in rows if r["status"] == "check"]
    if check:
        lines += ["## Graded, but look at these", ""]
        for r in check:
            items = r["problems"] + [f"suspicious code: {f}" for f in r["findings"]]
            lines.append(f"- **{r['student']}** ({r['score']:g}/{r['max_score']:g}): "
                         + "; ".join(items))
        lines.append("")
    lines += ["## Questions", "", "| question | points | full marks | mean |",
              "|---|---|---|---|"]
    for question, max_points, n, share, mean in pass_rates(points, rows):
        lines.append(f"| {question} | {max_points:g} | {share:.0%} of {n} | {mean:.2f} |")
    lines += ["", "## Students", "", "| student | score | status |", "|---|---|---|"]
    for r in rows:
        score = "—" if r["score"] is None else f"{r['score']:g}/{r['max_score']:g}"
        lines.append(f"| {r['student']} | {score} | {r['status']} |")
    report.write_text("\n".join(lines) + "\n")
    return report, csv_path, hist_path
