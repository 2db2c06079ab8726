"""The environment variables through which the grading tool's processes talk to each other.

The command starts workers, a worker starts kernels through a kernelspec, and a kernel's
launcher starts the contained kernel: each hands the next its settings in these variables
(set by the tool, never by an instructor). The course's own variables, which people set
(`PIXELS_TO_GPT_DATA`, ...), are listed with these in CONTRIBUTING.md.
"""

# The kernel's resource limits, `sandbox.Limits` as JSON: kernelspec -> kernel launcher.
LIMITS = "P2G_LIMITS"
# Paths the sandbox must never show (the course, the gradebook), a JSON list: kernelspec ->
# launcher, which refuses to start a sandbox that would show one.
PRIVATE = "P2G_PRIVATE"
# How many kilobytes of output a cell may print per stream: launcher -> kernel.
OUTPUT_KB = "P2G_OUTPUT_KB"
# The file a worker writes its progress to (which cell of which student): command -> worker.
PROGRESS_FILE = "P2G_PROGRESS_FILE"
