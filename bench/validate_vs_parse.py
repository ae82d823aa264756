"""Load + validate of N journeys against a bare libyaml parse of the same files.

    python bench/validate_vs_parse.py [N]    (default 1000)

The bare parse (`yaml.load(text, Loader=CSafeLoader)` of every file) is the
floor: our loader composes with the same C parser and adds marks, duplicate
and alias checks, the pydantic models and the cross-references. Both read
the files from disk; each is timed as the best of several rounds.
"""

from __future__ import annotations

import gc
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate
from generator.content.sources import discover
from generator.content.validate import check_root

ROUNDS = 5


def bare_parse(root: Path) -> int:
    sources = discover(root)
    count = 0
    for path in [*([sources.site] if sources.site else []), *sources.personas, *sources.journeys]:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        count += 1
    return count


def ours(root: Path) -> int:
    content = check_root(root)
    assert not content.errors, content.errors[:3]
    return content.files


def best(function: object, root: Path) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function(root)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        root = generate(count, Path(folder) / "journeys")
        sizes = [p.stat().st_size for p in root.rglob("percorso-*.yaml")]
        print(f"machine: {machine()}")
        print(f"{count} journeys, {sum(sizes) / len(sizes) / 1024:.1f} KB each on average")
        files = ours(root)
        assert bare_parse(root) == files
        floor = best(bare_parse, root)
        ours_time = best(ours, root)
        gc.disable()  # as our loader runs: the floor without the collector, for honesty
        floor_no_gc = best(bare_parse, root)
        gc.enable()
        for name, seconds in (("bare libyaml parse", floor), ("load + validate", ours_time)):
            print(f"{name:28s} {seconds:.3f} s  ({seconds / files * 1000:.2f} ms/file)")
        print(f"ratio: {ours_time / floor:.2f}x the bare parse (target: at most 1.3x)")
        print(
            f"bare parse with the cyclic collector off: {floor_no_gc:.3f} s; "
            f"ratio against it: {ours_time / floor_no_gc:.2f}x"
        )


if __name__ == "__main__":
    main()
