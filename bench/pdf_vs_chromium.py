"""Printable maps: `journeymap build` (PDFs on) against headless Chromium printing the same pages.

    python bench/pdf_vs_chromium.py [N] [--repeat R]   (default 100 journeys, 2 rounds)

Generates N realistic journeys (bench/generate.py: 5 stages x 4 steps, every
lane filled, about 12 KB each), then in the same run:

1. `journeymap build ROOT --jobs 2` from an empty output folder: the site and,
   for each journey, its poster and blank map, plus the persona cards and the
   book; maps per second = N / wall time.
2. the same build again with nothing changed: how many PDFs it rendered (must be 0).
3. headless Chromium printing each journey's page of that site to PDF, one
   process per page, two at a time, as a user would script it; maps per second
   = N / wall time.

Steps 1 and 3 alternate R times (each build from an empty output folder),
so that both sides meet the same spells of a noisy machine, then step 2 runs
once; each round's ratio is printed, then the ratio of each side's best.
Figures vary with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

CPU_SECONDS: list[float] = []  # user + system time of each build, its workers included
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("chromium is not installed: apt-get install chromium")


def build(root: Path, out: Path) -> tuple[float, str]:
    """Wall time and output of one build; its CPU time is added to CPU_SECONDS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        ["journeymap", "build", str(root), "--out", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"journeymap build failed:\n{result.stderr}")
    return elapsed, result.stdout + result.stderr


def print_page(browser: str, page: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            capture_output=True,
            check=True,
        )


def print_all(browser: str, pages: list[Path], folder: Path) -> float:
    """Wall time of Chromium printing every page, two processes at a time."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [
            pool.submit(print_page, browser, page, folder / f"{index}.pdf")
            for index, page in enumerate(pages)
        ]
        for job in jobs:
            job.result()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    count = args.count
    browser = chromium()
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        root = generate(count, work / "root")
        out = work / "out"
        load_before = os.getloadavg()[0]
        rounds: list[tuple[float, float, float]] = []  # build wall, its CPU, Chromium wall
        pdfs = -1
        for _ in range(args.repeat):
            shutil.rmtree(out, ignore_errors=True)
            jm_time, output = build(root, out)
            built = re.search(r"(\d+) PDFs", output)
            pdfs = int(built.group(1)) if built else -1
            pages = sorted((out / "site" / "journeys").rglob("index.html"))
            assert len(pages) == count, f"expected {count} journey pages, found {len(pages)}"
            ch_time = print_all(browser, pages, work / "chromium")
            rounds.append((jm_time, CPU_SECONDS[-1], ch_time))
        again_time, _ = build(root, out)
        # the build's own summary may repeat the last build's figures when nothing changed,
        # so the PDFs laid out again are counted by asking the PDF stage itself
        from generator.content.validate import check_root
        from generator.pdf.maps import write_pdfs

        rendered_again = write_pdfs(
            check_root(root), work / "again", out / ".cache" / "pdf",
            jobs=2, progress=False, drafts=False,
        )  # fmt: skip

        cpu_name = "unknown"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_name = line.split(":", 1)[1].strip()
                break
        print(f"machine: {os.cpu_count()} cores, {cpu_name}")
        print(f"journeys: {count} (5 stages x 4 steps, every lane filled)")
        print(f"{pdfs} PDFs a build (poster + blank map per journey, persona cards, book)")
        for number, (jm_time, cpu, ch_time) in enumerate(rounds, start=1):
            print(
                f"round {number}: journeymap build --jobs 2 {jm_time:.1f} s "
                f"({count / jm_time:.2f} maps/s, CPU {cpu:.1f} s = {cpu / count:.2f} s a "
                f"journey, {cpu / jm_time:.2f} cores busy); chromium {ch_time:.1f} s "
                f"({count / ch_time:.2f} maps/s); ratio {ch_time / jm_time:.2f}x"
            )
        jm_best = min(r[0] for r in rounds)
        ch_best = min(r[2] for r in rounds)
        print(
            f"best of {len(rounds)}: journeymap {count / jm_best:.2f} maps/s, "
            f"chromium {count / ch_best:.2f} maps/s"
        )
        print(f"ratio journeymap / chromium: {ch_best / jm_best:.2f}x (maps per second)")
        print(
            f"PDFs per second: journeymap {pdfs / jm_best:.2f}, chromium {count / ch_best:.2f} "
            f"({pdfs / jm_best / (count / ch_best):.2f}x)"
        )
        print(f"rebuild with nothing changed: {again_time:.1f} s, {rendered_again} PDFs rendered")
        print(f"load average (1 min): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
