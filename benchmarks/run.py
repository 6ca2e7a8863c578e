"""Benchmarks: gwformat against what a user would run instead, on this machine, in one run.

    python benchmarks/run.py [--runs 7] [--batch 200] [--json figures.json]

Prints medians of several runs, the contenders alternating so that they share the
machine's state:
  * cold `gwformat build` (PDF + DOCX) as a whole process, against LibreOffice
    headless converting the same DOCX to PDF, and against Typst (the `typst` package)
    compiling an equivalent document with the same fonts, cold and in-process, and against
    the floor: Python importing the libraries any such build needs;
  * in-process layout, PDF writing and DOCX writing of the example, after a warm-up;
  * a batch of generated bulletins in one process, each mixing real paragraphs of the
    examples so that it has a character set of its own: per bulletin, 20 against N;
  * the command on an archive of issue files, in one process and in one per core;
  * peak memory (RSS) of the cold build and of the batch; output sizes.
Figures are measurements to read, not assertions: the tests never time anything.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lianluo-dongtai-27" / "issue.yaml"
FONTS = ROOT / "fonts"


def timed(command: list[str], cwd: Path | None = None, env: dict | None = None) -> float:
    """Seconds one run of ``command`` takes."""
    return timed_and_cpu(command, cwd, env)[0]


def timed_and_cpu(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float]:
    """Seconds one run of ``command`` takes, and the CPU seconds (user + system) it used: on a loaded
    machine the CPU time moves far less than the wall time."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


#: Runs a command and prints the seconds it took and its peak RSS. The command is started from
#: this small process: a child forked from the benchmark would count the benchmark's pages as its own.
_RSS = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


#: Runs a scaling point from a small process, as _RSS does, and prints its seconds and peak RSS.
_POINT = ("import resource, subprocess, sys; "
          "out = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout; "
          "print(out.split()[0], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def measured(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB) of one run of ``command``."""
    out = subprocess.run([sys.executable, "-S", "-c", _RSS, *command], check=True, capture_output=True, text=True,
                         cwd=cwd, env=env).stdout.split()
    return float(out[-2]), int(out[-1])


def peak_rss(command: list[str], cwd: Path | None = None, env: dict | None = None) -> int:
    """Peak resident memory (KiB) of one run of ``command``."""
    return measured(command, cwd, env)[1]


def median_in_process(function, runs: int, setup=None) -> float:
    """Median seconds of ``function()`` after a warm-up; ``setup()``, untimed, before each run."""
    function()  # warm-up
    samples = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def typst_source(issue) -> str:
    """The example as Typst markup: the same page, grid, fonts and text, set by Typst's own rules,
    with the distribution block at the foot of the last even page (10 pages, as gwformat's)."""
    def esc(text: str) -> str:
        return "".join("\\" + c if c in "\\#*_`$<>@[]~/=-+" else c for c in text)

    out = ['#set page(paper: "a4", margin: (top: 37mm, left: 28mm, right: 26mm, bottom: 35mm), '
           'footer: context align(if calc.odd(here().page()) {right} else {left}, '
           '[— #counter(page).display() —]))',
           '#set text(font: "FandolFang R", size: 16pt, lang: "zh", region: "cn", cjk-latin-spacing: none)',
           '#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12.95pt, spacing: 12.95pt)',
           f'#align(center, text(fill: rgb("#E60012"), size: 42pt, font: "FandolSong")[{esc(" ".join(issue.name))}])',
           f'#align(center)[第{issue.number}期]',
           f'{esc(issue.organ)}编 #h(1fr) {issue.date.year}年{issue.date.month}月{issue.date.day}日',
           '#line(length: 100%, stroke: 1.5pt + rgb("#E60012"))']
    for article in issue.articles:
        title = "\\ ".join(esc(t) for t in (article.title_lines or (article.title_text,)))
        out.append(f'#align(center, text(size: 22pt, font: "FandolSong")[{title}])')
        for para in article.paragraphs:
            head = f'#text(font: "FandolHei")[{esc(para.heading)}]' if para.heading else ""
            out.append(head + esc(para.text))
        if article.signature:
            out.append(f'#align(right)[（{esc(article.signature)}）]')
    if issue.distribution and issue.distribution.groups:  # at the foot of the last, even page
        block = [f'{esc(g.label)}：{esc("，".join(g.recipients))}' for g in issue.distribution.groups]
        out.append('#pagebreak(to: "even")\n#v(1fr)\n#line(length: 100%)\n'
                   + "\n\n".join(f"#par(first-line-indent: 0pt)[{b}]" for b in block) + '\n#line(length: 100%)')
    return "\n\n".join(out) + "\n"


def corpus() -> tuple[list[str], list[str]]:
    """Titles and paragraphs of the shipped examples: real bulletin text to recombine."""
    import gwformat

    titles, paragraphs = [], []
    for path in sorted((ROOT / "examples").glob("*/issue.yaml")):
        for article in gwformat.load_issue(path).articles:
            titles.append(article.title_text)
            paragraphs += [p.text for p in article.paragraphs if len(getattr(p, "text", "")) > 20]
    return titles, paragraphs


def generated_issue(n: int, titles: list[str], paragraphs: list[str]) -> dict:
    """A different bulletin for each n: its own mix of real paragraphs, so each has a character
    set of its own (as an archive's issues do) and its fonts are subset afresh."""
    pick = random.Random(n)
    articles = []
    for a in range(pick.randint(1, 3)):
        body = pick.sample(paragraphs, pick.randint(3, 8))
        body[0] = f"{2000 + n % 25}年{1 + a}月，{body[0]}"
        articles.append({"title": pick.choice(titles), "paragraphs": body, "signature": f"联络处　作者{n}"})
    return {"name": "联络动态", "number": n + 1, "total": 600 + n, "organ": "某某工作委员会", "date": "2024-01-15",
            "articles": articles,
            "distribution": {"groups": [{"label": "送", "recipients": ["各市州人大常委会", "省直有关单位"]}]}}


SECTIONS = ("cold", "process", "batch", "archive", "scaling")

#: The scaling series: for each dimension, its sizes and the unit its time is given per.
SERIES = {"title": ((20, 60, 120, 200), "character"), "articles": ((100, 1000, 5000), "article"),
          "paragraph": ((10_000, 100_000, 1_000_000), "KB")}


def scaled_input(dimension: str, size: int, titles: list[str], paragraphs: list[str], variant: int = 0):
    """A title of ``size`` characters of running text, an issue of ``size`` articles, or an issue
    of one paragraph of ``size`` bytes of UTF-8, all made of the examples' own text; another
    ``variant`` gives another text of the same size."""
    import gwformat

    text = "".join(random.Random(variant).sample(paragraphs, len(paragraphs)) if variant else paragraphs)
    if dimension == "title":
        return (text * (size // len(text) + 1))[:size]
    if dimension == "articles":
        pick = random.Random(size + 7919 * variant)
        articles = [{"title": pick.choice(titles), "paragraphs": pick.sample(paragraphs, 3),
                     "signature": f"联络处　作者{a}"} for a in range(size)]
    else:
        chars = size // 3  # a Chinese character is 3 bytes of UTF-8
        articles = [{"title": titles[0], "paragraphs": [(text * (chars // len(text) + 1))[:chars]]}]
    return gwformat.issue_from_data({"name": "联络动态", "number": 1, "total": 600, "organ": "某某工作委员会",
                                     "date": "2024-01-15", "articles": articles})


def scaling_point(dimension: str, size: int) -> None:
    """Print the seconds one input of the series takes (title: split it; otherwise layout, PDF
    and DOCX), the best of three runs at every size (fifteen for a title), after a warm-up; run in
    a process of its own, with the cycle collector off as the command runs. The same statistic at
    every size: the best of five against a single run made the smallest look 1.5 x cheaper."""
    import gwformat
    from gwformat.layout.titles import split_title
    from gwformat.writers.docx import render_docx
    from gwformat.writers.pdf import render_pdf

    titles, paragraphs = corpus()
    gc.disable()

    def work(item) -> None:
        if dimension == "title":
            split_title(item, 18)
        else:
            document = gwformat.layout(item)
            render_pdf(document)
            render_docx(document)

    # fonts, jieba, modules; another text than the one measured, which must meet no memo of its own
    work(scaled_input(dimension, SERIES[dimension][0][0], titles, paragraphs, variant=1))
    item = scaled_input(dimension, size, titles, paragraphs)
    best = math.inf
    for _ in range(15 if dimension == "title" else 3):  # the same statistic at every size
        forget()  # each run pays for all of it, as a new issue does
        start = time.perf_counter()
        work(item)
        best = min(best, time.perf_counter() - start)
    print(best)


def forget() -> None:
    """Clear what gwformat keeps for a rebuild (gwformat.reuse: its memos, and those of a text's atoms
    and words), where it keeps anything: this script also measures older trees, to compare them in
    one run. What a new issue would find in the process too (fonts, templates, modules) stays."""
    try:
        from gwformat import reuse
    except ImportError:
        return
    reuse.clear()


def row(label: str, value: str) -> None:
    print(f"  {label:38s} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE, to compare runs")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeat for several)")
    parser.add_argument("--point", nargs=2, metavar=("DIMENSION", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.point:  # one input of the scaling series, in a process of its own
        sys.path.insert(0, str(ROOT))
        scaling_point(args.point[0], int(args.point[1]))
        return
    wanted = set(args.only or SECTIONS)
    figures: dict[str, object] = {}
    sys.path.insert(0, str(ROOT))
    # bytecode, as a pip install leaves it (an editable install under PYTHONDONTWRITEBYTECODE has none)
    compileall.compile_dir(ROOT / "gwformat", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="gwformat-bench-"))
    # a cache of the run's own: the user's is neither used nor filled
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    import yaml

    import gwformat
    from gwformat.writers.docx import render_docx
    from gwformat.writers.pdf import render_pdf

    figures["machine"] = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                          f"{platform.platform()}")
    print(f"machine: {figures['machine']}")
    issue = gwformat.load_issue(EXAMPLE)
    built = gwformat.build(issue, work / "example")
    docx_path, pdf_path = built["docx"], built["pdf"]
    figures["pdf_kib"], figures["docx_kib"] = pdf_path.stat().st_size / 1024, docx_path.stat().st_size / 1024
    print(f"output sizes: PDF {figures['pdf_kib']:.0f} KiB, DOCX {figures['docx_kib']:.0f} KiB")

    soffice = shutil.which("soffice")
    profile = (work / "lo-profile").as_uri()
    lo_command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                  "--outdir", str(work / "lo"), str(docx_path)] if soffice else None
    if lo_command:
        subprocess.run(lo_command, capture_output=True)  # creates the profile once
    (work / "bulletin.typ").write_text(typst_source(issue), encoding="utf-8")
    typst_code = (f"import typst; typst.compile({str(work / 'bulletin.typ')!r}, output={str(work / 'typst.pdf')!r}, "
                  f"font_paths=[{str(FONTS)!r}], ignore_system_fonts=True)")
    have_typst = subprocess.run([sys.executable, "-c", typst_code], capture_output=True).returncode == 0

    if "cold" in wanted:
        gw_command = [sys.executable, "-m", "gwformat.cli", "build", str(EXAMPLE), "-o", str(work / "cold")]
        pdf_command = [*gw_command[:-1], str(work / "cold-pdf"), "-f", "pdf"]
        # what any build with these libraries pays before it does anything
        floor_command = [sys.executable, "-c", "import yaml, pydantic, reportlab.pdfgen.canvas, docx; "
                         "from pydantic import BaseModel"]
        samples: dict[str, list[float]] = {"gw": [], "empty": [], "lo": [], "lo fresh": [], "typst": [], "floor": [],
                                           "python": [], "gw pdf": [], "gw cpu": [], "gw pdf cpu": [], "typst cpu": []}
        for run in range(args.runs):  # alternate the contenders
            for key, command in (("gw", gw_command), ("gw pdf", pdf_command)):
                wall, cpu = timed_and_cpu(command, cwd=ROOT)
                samples[key].append(wall)
                samples[f"{key} cpu"].append(cpu)
            empty = {**os.environ, "XDG_CACHE_HOME": str(work / f"empty-cache-{run}")}
            samples["empty"].append(timed(gw_command, cwd=ROOT, env=empty))
            samples["floor"].append(timed(floor_command))
            samples["python"].append(timed([sys.executable, "-c", "pass"]))
            if lo_command:
                samples["lo"].append(timed(lo_command))
                fresh = (work / f"lo-profile-{run}").as_uri()  # a CI job's first conversion makes its profile
                samples["lo fresh"].append(timed([soffice, f"-env:UserInstallation={fresh}", *lo_command[2:]]))
            if have_typst:
                wall, cpu = timed_and_cpu([sys.executable, "-c", typst_code])
                samples["typst"].append(wall)
                samples["typst cpu"].append(cpu)
        rss = {"gw": peak_rss(gw_command, cwd=ROOT), "gw pdf": peak_rss(pdf_command, cwd=ROOT),
               "empty": peak_rss(gw_command, cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(work / "empty-cache-rss")}),
               "lo": peak_rss(lo_command) if lo_command else 0}
        median = {k: statistics.median(v) for k, v in samples.items() if v}
        libre = median.get("lo")
        figures.update({f"cold_{k.replace(' ', '_')}_ms": v * 1000 for k, v in median.items()})
        figures.update({f"peak_rss_{k}_mib": v / 1024 for k, v in rss.items()})
        if libre:
            figures["cold_gw_over_lo"] = median["gw"] / libre
        typst_cold = median.get("typst")
        if typst_cold:
            figures["cold_gw_over_typst"] = median["gw"] / typst_cold
            figures["cold_gw_pdf_over_typst"] = median["gw pdf"] / typst_cold
            figures["cold_gw_cpu_over_typst_cpu"] = median["gw cpu"] / median["typst cpu"]
            figures["cold_gw_pdf_cpu_over_typst_cpu"] = median["gw pdf cpu"] / median["typst cpu"]

        def against_typst(seconds: float) -> str:
            return f"   = {seconds / typst_cold:.2f} x Typst" if typst_cold else ""

        def against_lo(seconds: float) -> str:
            return f"   = {seconds / libre:.2f} x LibreOffice" if libre else ""

        print(f"\ncold, whole process, median of {args.runs}")
        row("gwformat build, PDF + DOCX, cache warm", f"{median['gw'] * 1000:6.0f} ms{against_lo(median['gw'])}"
            f"{against_typst(median['gw'])}   peak RSS {rss['gw'] / 1024:.0f} MiB")
        row("gwformat build -f pdf, cache warm", f"{median['gw pdf'] * 1000:6.0f} ms{against_typst(median['gw pdf'])}"
            f"   peak RSS {rss['gw pdf'] / 1024:.0f} MiB")
        typst_cpu = (f"; Typst {median['typst cpu'] * 1000:.0f} ms: {median['gw cpu'] / median['typst cpu']:.2f} / "
                     f"{median['gw pdf cpu'] / median['typst cpu']:.2f} x Typst" if "typst cpu" in median else "")
        row("CPU time (user + sys), PDF + DOCX / -f pdf",
            f"{median['gw cpu'] * 1000:6.0f} / {median['gw pdf cpu'] * 1000:.0f} ms{typst_cpu}")
        row("the same, cache empty (first build)", f"{median['empty'] * 1000:6.0f} ms   peak RSS {rss['empty'] / 1024:.0f} MiB")
        row("LibreOffice DOCX -> PDF", f"{libre * 1000:6.0f} ms   peak RSS {rss['lo'] / 1024:.0f} MiB" if libre
            else "not installed")
        if libre:
            row("the same, profile made first", f"{median['lo fresh'] * 1000:6.0f} ms   "
                f"gwformat with an empty cache = {median['empty'] / median['lo fresh']:.2f} x this")
        row("Typst compile (python -c)", f"{median['typst'] * 1000:6.0f} ms" if "typst" in median
            else "not installed (pip install typst)")
        row("floor: python importing the libraries", f"{median['floor'] * 1000:6.0f} ms{against_lo(median['floor'])}")
        row("python -c pass", f"{median['python'] * 1000:6.0f} ms")

    if "process" in wanted:
        document = gwformat.layout(issue)
        n = args.runs * 4

        # nothing kept from the run before (forgotten before the clock starts): what an issue new to
        # the process costs
        print(f"\nin process, the example, median of {n} after a warm-up; nothing reused from the run before")
        lay = median_in_process(lambda: gwformat.layout(issue), n, forget)
        pdf = median_in_process(lambda: render_pdf(document), n, forget)
        doc = median_in_process(lambda: render_docx(document), n, forget)
        row("layout", f"{lay * 1000:6.1f} ms")
        row("PDF writing", f"{pdf * 1000:6.1f} ms")
        row("DOCX writing", f"{doc * 1000:6.1f} ms")
        row("rebuild (all three)", f"{(lay + pdf + doc) * 1000:6.1f} ms")
        figures.update(layout_ms=lay * 1000, pdf_ms=pdf * 1000, docx_ms=doc * 1000, rebuild_ms=(lay + pdf + doc) * 1000)
        if have_typst:
            import typst

            compiler = typst.Compiler(str(work / "bulletin.typ"), font_paths=[str(FONTS)], ignore_system_fonts=True)
            figures["typst_in_process_ms"] = median_in_process(compiler.compile, n) * 1000
            row("Typst compile (Compiler reused)", f"{figures['typst_in_process_ms']:6.1f} ms")

        # an edit to one paragraph, then a rebuild: two versions in turn, so that every build sees a change
        data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
        edited = []
        for mark in ("甲", "乙"):
            copy = json.loads(json.dumps(data, default=str))
            paragraph = copy["articles"][1]["paragraphs"][2]
            if isinstance(paragraph, dict):
                paragraph["text"] = mark + paragraph["text"]
            else:
                copy["articles"][1]["paragraphs"][2] = mark + paragraph
            edited.append(gwformat.issue_from_data(copy))
        turn = iter(range(10**9))

        def rebuild() -> None:
            one = gwformat.layout(edited[next(turn) % 2])
            render_pdf(one)
            render_docx(one)

        contenders = {"edit_rebuild_ms": rebuild, "edit_rebuild_afresh_ms": rebuild}
        if have_typst:
            sources = [typst_source(item) for item in edited]
            typst_file = work / "bulletin.typ"

            def typst_edit() -> None:
                typst_file.write_text(sources[next(turn) % 2], encoding="utf-8")
                compiler.compile()

            contenders["typst_edit_ms"] = typst_edit
        samples = {name: [] for name in contenders}
        for run in range(n + 1):  # in turn, so that they share the machine's state; the first is a warm-up
            for name, contender in contenders.items():
                if name == "edit_rebuild_afresh_ms":
                    forget()
                start = time.perf_counter()
                contender()
                if run:
                    samples[name].append(time.perf_counter() - start)
        figures.update({name: statistics.median(times) * 1000 for name, times in samples.items()})
        row("the same, nothing reused", f"{figures['edit_rebuild_afresh_ms']:6.1f} ms")
        edit_row = f"{figures['edit_rebuild_ms']:6.1f} ms"
        if have_typst:
            edit_row += f"   = {figures['edit_rebuild_ms'] / figures['typst_edit_ms']:.2f} x Typst"
            row("Typst, the same edit (Compiler reused)", f"{figures['typst_edit_ms']:6.1f} ms")
        row("rebuild after a one-paragraph edit", edit_row)

    titles, paragraphs = corpus()
    if "batch" in wanted:
        print("\nbatch of generated bulletins in one process (each with its own character set)")

        def batch(numbers: range) -> float:
            issues = [gwformat.issue_from_data(generated_issue(i, titles, paragraphs)) for i in numbers]
            start = time.perf_counter()
            for item in issues:
                one = gwformat.layout(item)
                render_pdf(one)
                render_docx(one)
            return time.perf_counter() - start

        batch(range(10_000, 10_005))  # warm-up: fonts loaded, nothing else shared with the batches
        small = batch(range(1000, 1020)) / 20
        large = batch(range(args.batch)) / args.batch
        row("20 bulletins", f"{small * 20:6.2f} s, {small * 1000:5.0f} ms each")
        row(f"{args.batch} bulletins", f"{large * args.batch:6.2f} s, {large * 1000:5.0f} ms each")
        row(f"time per bulletin, {args.batch} / 20", f"{large / small:6.2f} (1.00 is linear)")
        figures.update(batch_20_ms_each=small * 1000, batch_n=args.batch, batch_n_ms_each=large * 1000,
                       batch_linearity=large / small, peak_rss_batch_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        row("peak RSS of this process", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MiB "
            "(with all of the above loaded, Typst too)")

    if "archive" in wanted:
        size = 40
        print(f"\nthe command on an archive of {size} issue files (gwformat build *.yaml)")
        for jobs in sorted({1, os.cpu_count() or 1}):
            files = []  # issues of their own for each run, so that neither finds the other's font subsets
            for i in range(20_000 + 1000 * jobs, 20_000 + 1000 * jobs + size):
                path = work / f"archive-{jobs}" / f"{i}.yaml"
                path.parent.mkdir(exist_ok=True)
                path.write_text(yaml.safe_dump(generated_issue(i, titles, paragraphs), allow_unicode=True),
                                encoding="utf-8")
                files.append(str(path))
            seconds, peak = measured([sys.executable, "-m", "gwformat.cli", "build", *files, "-o",
                                      str(work / f"built-{jobs}"), "--jobs", str(jobs)], cwd=ROOT)
            row(f"--jobs {jobs}", f"{seconds:6.2f} s, {seconds / size * 1000:5.0f} ms each, "
                f"peak RSS {peak / 1024:.0f} MiB (the largest process)")
            figures[f"archive_jobs_{jobs}_ms_each"] = seconds / size * 1000
    if "scaling" in wanted:
        print("\nscaling: each input in a process of its own, after a warm-up (title: the split by meaning; "
              "otherwise layout, PDF and DOCX)")
        for dimension, (sizes, unit) in SERIES.items():
            per_unit = []
            for size in sizes:
                # a split takes milliseconds, and one process runs it up to 1.8 x slower than the
                # next: the best of five processes
                runs = [subprocess.run(
                    [sys.executable, "-S", "-c", _POINT, sys.executable, str(Path(__file__).resolve()), "--point",
                     dimension, str(size)], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
                    for _ in range(5 if dimension == "title" else 1)]
                seconds = min(float(run[0]) for run in runs)
                peak = max(int(run[1]) for run in runs)
                per_unit.append(seconds / (size / 1000 if unit == "KB" else size))
                row(f"{dimension} {size:,}", f"{per_unit[-1] * 1000:8.3f} ms per {unit}   peak RSS {peak / 1024:.0f} MiB")
                figures[f"scaling_{dimension}_{size}_ms_per_{unit}"] = per_unit[-1] * 1000
                figures[f"scaling_{dimension}_{size}_peak_rss_mib"] = peak / 1024
            figures[f"scaling_{dimension}_ratio"] = per_unit[-1] / per_unit[0]
            row(f"{dimension}: per {unit}, {sizes[-1]:,} / {sizes[0]:,}", f"{per_unit[-1] / per_unit[0]:8.2f} (1.0 is linear)")
    shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

