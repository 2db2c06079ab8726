"""The grading kernel: ipykernel with a cap on how much text one cell may print.

A cell that prints gigabytes would otherwise make nbgrader hold all of it in memory and write
it into the graded notebook. Past `P2G_OUTPUT_KB` kilobytes per cell (per stream) the rest is
dropped and one line says so. Student code could undo this, like anything in its own kernel;
the grader then still survives, because each worker process has its own memory limit and a
crashed worker only costs that submission a retry.

    python -m pixels_to_gpt_grader.kernel -f CONNECTION_FILE
"""

from __future__ import annotations

import os

from pixels_to_gpt_grader import environment

NOTICE = "\n[output truncated by the grader: more than {kb} KB printed in one cell]\n"


def cap_output(limit_bytes: int) -> None:
    from ipykernel.iostream import OutStream

    original = OutStream.write
    written: dict[tuple[int, str], int] = {}

    def write(self, string):
        if not isinstance(string, str):
            return original(self, string)
        header = self.parent_header or {}
        msg_id = header.get("msg_id") or header.get("header", {}).get("msg_id", "")
        key = (id(self), str(msg_id))
        if len(written) > 10_000:  # forget old cells
            written.clear()
        before = written.get(key, 0)
        written[key] = before + len(string)
        if before >= limit_bytes:
            return len(string)
        if before + len(string) > limit_bytes:
            original(self, string[: limit_bytes - before])
            original(self, NOTICE.format(kb=limit_bytes // 1024))
            return len(string)
        return original(self, string)

    OutStream.write = write


def main() -> None:
    cap_output(int(os.environ.get(environment.OUTPUT_KB, "1024")) * 1024)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
