"""What opportunities and studies cost a build, and what one edited opportunity renders again.

    python bench/backlog_cost.py [--journeys 1000] [--opportunities 300] [--studies 100]
                                 [--repeat 2] [--saves 5]

Generates N journeys (bench/generate.py) into two roots, the second with the
opportunities and studies of `generate_backlog` beside the same journeys, then,
in the same run:

- cold builds of both, `journeymap build ROOT --no-pdf --jobs 2` (the site
  only: a thousand journeys' posters would take the run's time many times
  over), alternating, best of `--repeat` each: wall and CPU time (the
  build's and its workers'), each as a cost per journey and as a ratio
  against the build without opportunities, the baseline of the same run;
- one opportunity's status edited in the second root, and the build run
  again: how many pages it renders, against the pages that show that
  opportunity (its own page, the opportunities' list, the maps of the
  journeys whose steps it addresses, the pages of the studies it cites);
- the preview of `journeymap serve` on the second root, in this process: saves of
  a journey's summary (the baseline), an opportunity's status and title, and a
  study's summary, `--saves` of each after one to warm up, timed from the save to
  the edited pages written (the page is told to reload) and to the whole site
  written; medians, and each as a ratio against the journey's save.

The machine (cores, CPU, Python) is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import generate, generate_backlog  # noqa: E402

JOURNEYMAP = [sys.executable, "-m", "generator"]
_RENDERED = re.compile(r"built (\d+) pages \((\d+) rendered\)")


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {cpu or platform.processor() or 'CPU unknown'}, "
        f"Python {platform.python_version()}, load average {load}"
    )


def build(root: Path, out: Path) -> tuple[float, float, int, int]:
    """One `journeymap build --no-pdf`: wall seconds, CPU seconds (workers included),
    pages built and pages rendered."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(
        [*JOURNEYMAP, "build", str(root), "--out", str(out), "--no-pdf", "--jobs", "2"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode != 0:
        sys.exit(f"build of {root} failed:\n{result.stdout}\n{result.stderr}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    found = _RENDERED.search(result.stdout + result.stderr)
    pages, rendered = (int(found[1]), int(found[2])) if found else (0, 0)
    return wall, cpu, pages, rendered


def shown_by(root: Path, opportunity: str) -> int:
    """The pages that show an opportunity, from the links the build itself reads."""
    from generator.content.validate import check_root

    links = check_root(root).links
    journeys = {key.journey for key in links.steps_of(opportunity)}
    studies = set(links.opportunity_studies.get(opportunity, ()))
    return 2 + len(journeys) + len(studies)


_STATUSES = ["idea", "planned", "in-progress", "done", "dropped"]


def _next_status(text: str) -> str:
    now = re.search(r"^status: (\S+)$", text, re.M)
    after = _STATUSES[(_STATUSES.index(now[1]) + 1) % len(_STATUSES) if now else 0]
    return re.sub(r"^status: \S+$", f"status: {after}", text, flags=re.M)


def _new_line(key: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        new = f"{key}: Modificato {time.time_ns()}"
        return re.sub(rf"^{key}: .*$", new, text, count=1, flags=re.M)

    return edit


def preview_saves(root: Path, out: Path, saves: int) -> None:
    """Saves in the preview, each kind timed `saves` times after one to warm up."""
    from generator.site.preview import Preview

    preview = Preview(root, out)
    preview.update()
    journeys = sorted(root.glob("gruppo-*/*.yaml"))
    kinds = (
        ("a journey's summary", journeys[len(journeys) // 2], _new_line("summary")),
        ("an opportunity's status", sorted(root.glob("opportunities/*/*.yaml"))[0], _next_status),
        (
            "an opportunity's title",
            sorted(root.glob("opportunities/*/*.yaml"))[0],
            _new_line("title"),
        ),
        ("a study's summary", sorted(root.glob("research/*/*.yaml"))[0], _new_line("summary")),
    )
    base = 0.0
    for label, path, edit in kinds:
        shown, whole = [], []
        for count in range(saves + 1):
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
            told: list[float] = []
            start = time.perf_counter()
            preview.update(
                {path}, maps_written=lambda _, told=told: told.append(time.perf_counter())
            )
            end = time.perf_counter()
            if count:  # the first save of each kind warms up what it renders
                shown.append((told[0] if told else end) - start)
                whole.append(end - start)
        first, done = statistics.median(shown), statistics.median(whole)
        base = base or done
        # a save built whole tells no page early: its "edited pages" are the whole site
        whole_note = ", built whole" if preview.built_whole else ""
        print(
            f"preview, {label:24}: edited pages {1000 * first:5.0f} ms, whole site "
            f"{1000 * done:5.0f} ms ({done / base:.2f}x the journey's), medians of {saves}"
            f"{whole_note}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--opportunities", type=int, default=300)
    parser.add_argument("--studies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--saves", type=int, default=5, help="preview saves of each kind")
    args = parser.parse_args()
    if args.saves < 1:
        parser.error("--saves must be at least 1")
    n = args.journeys
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as folder:
        work = Path(folder)
        plain = generate(n, work / "plain")
        shutil.copytree(plain, work / "backlog")
        backlog = generate_backlog(work / "backlog", args.opportunities, args.studies)
        print(f"machine: {machine()}")
        print(f"{n} journeys; with {args.opportunities} opportunities and {args.studies} studies")
        best: dict[str, tuple[float, float, int]] = {}
        for round_ in range(1, args.repeat + 1):
            for name, root in (("without", plain), ("with", backlog)):
                out = work / f"out-{name}"
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu, pages, _ = build(root, out)
                print(
                    f"round {round_}, {name:7}: {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
                    f"{pages} pages, {1000 * wall / n:.2f} ms wall a journey"
                )
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, cpu, pages)
        (wall0, cpu0, pages0), (wall1, cpu1, pages1) = best["without"], best["with"]
        print(
            f"cost a journey, best of {args.repeat}: without {1000 * wall0 / n:.2f} ms "
            f"({1000 * cpu0 / n:.2f} ms CPU), with {1000 * wall1 / n:.2f} ms "
            f"({1000 * cpu1 / n:.2f} ms CPU)"
        )
        print(
            f"ratio with / without: {wall1 / wall0:.2f}x wall, {cpu1 / cpu0:.2f}x CPU "
            f"(target: at most 1.15x); pages {pages1} / {pages0}"
        )

        # one opportunity edited: its status
        path = sorted((backlog / "opportunities").rglob("*.yaml"))[0]
        opportunity = path.relative_to(backlog / "opportunities").with_suffix("").as_posix()
        text = path.read_text(encoding="utf-8")
        status = re.search(r"^status: (\S+)$", text, re.M)
        new = "done" if status is None or status[1] != "done" else "planned"
        path.write_text(re.sub(r"^status: \S+$", f"status: {new}", text, flags=re.M), "utf-8")
        wall, _, pages, rendered = build(backlog, work / "out-with")
        print(
            f"one opportunity edited ({opportunity}, status -> {new}): {rendered} pages "
            f"rendered of {pages} in {wall:.2f} s; pages that show it: "
            f"{shown_by(backlog, opportunity)} (its page, the list, the maps of the "
            f"journeys it addresses, the studies it cites)"
        )
        preview_saves(backlog, work / "served", args.saves)
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
