"""Printable maps: `journeymap build` (PDFs on) against headless Chromium printing the same pages.

    python bench/pdf_vs_chromium.py [N]      (default 100 journeys)

Generates N realistic journeys (bench/generate.py: 5 stages x 4 steps, every
lane filled, about 12 KB each), then in the same run:

1. `journeymap build ROOT --jobs 2` from an empty output folder: the site and,
   for each journey, its poster and blank map, plus the persona cards and the
   book; maps per second = N / wall time.
2. the same build again with nothing changed: how many PDFs it rendered (must be 0).
3. headless Chromium printing each journey's page of that site to PDF, one
   process per page, two at a time, as a user would script it; maps per second
   = N / wall time.

Prints both rates and their ratio. Figures vary with the machine's load.
"""

from __future__ import annotations

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


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    browser = chromium()
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        root = generate(count, work / "root")
        out = work / "out"

        load_before = os.getloadavg()[0]
        jm_time, output = build(root, out)
        built = re.search(r"(\d+) PDFs", output)
        pdfs = int(built.group(1)) if built else -1
        again_time, _ = build(root, out)
        # the build's own summary may repeat the last build's figures when nothing changed,
        # so the PDFs laid out again are counted by asking the PDF stage itself
        from generator.pdf import write_pdfs
        from generator.validate import check_root

        rendered_again = write_pdfs(
            check_root(root), work / "again", out / ".cache" / "pdf",
            jobs=2, progress=False, drafts=False,
        )  # fmt: skip

        pages = sorted((out / "site" / "journeys").rglob("index.html"))
        assert len(pages) == count, f"expected {count} journey pages, found {len(pages)}"
        chromium_out = work / "chromium"
        chromium_out.mkdir()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [
                pool.submit(print_page, browser, page, chromium_out / f"{index}.pdf")
                for index, page in enumerate(pages)
            ]
            for job in jobs:
                job.result()
        ch_time = time.perf_counter() - start

        jm_rate = count / jm_time
        ch_rate = count / ch_time
        cpu = "unknown"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        print(f"machine: {os.cpu_count()} cores, {cpu}")
        print(f"journeys: {count} (5 stages x 4 steps, every lane filled)")
        print(
            f"journeymap build --jobs 2: {jm_time:.1f} s, {pdfs} PDFs "
            f"(poster + blank map per journey, persona cards, book), {jm_rate:.2f} maps/s"
        )
        cpu = CPU_SECONDS[0]
        print(
            f"  CPU (user + system) {cpu:.1f} s = {cpu / jm_time:.2f} cores busy on average, "
            f"{cpu / count:.2f} s a journey"
        )
        print(f"chromium --print-to-pdf, 2 at a time: {ch_time:.1f} s, {ch_rate:.2f} maps/s")
        print(f"ratio journeymap / chromium: {jm_rate / ch_rate:.2f}x (maps per second)")
        print(
            f"PDFs per second: journeymap {pdfs / jm_time:.2f}, chromium {ch_rate:.2f} "
            f"({pdfs / jm_time / ch_rate:.2f}x)"
        )
        print(f"rebuild with nothing changed: {again_time:.1f} s, {rendered_again} PDFs rendered")
        print(f"load average (1 min): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
