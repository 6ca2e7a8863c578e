"""Benchmarks: gwformat against what a user would run instead, on this machine, in one run.

    python benchmarks/run.py [--runs 5] [--batch 200]

Prints medians of several runs, the contenders alternating so that they share the
machine's state:
  * cold `gwformat build` (PDF + DOCX) as a whole process, against LibreOffice
    headless converting the same DOCX to PDF, and against Typst (the `typst` package)
    compiling an equivalent document with the same fonts, cold and in-process;
  * in-process layout, PDF writing and DOCX writing of the example, after a warm-up;
  * a batch of generated bulletins in one process: total, per bulletin, 20 against N;
  * peak memory (RSS) of the cold build and of the batch; output sizes.
Figures are measurements to read, not assertions: the tests never time anything.
"""

from __future__ import annotations

import argparse
import os
import platform
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


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def median_in_process(function, runs: int) -> float:
    function()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def typst_source(issue) -> str:
    """The example as Typst markup: the same page, grid, fonts and text, set by Typst's own rules."""
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
    return "\n\n".join(out) + "\n"


def generated_issue(n: int) -> dict:
    """A different bulletin for each n: varied titles, paragraphs, digits and signatures."""
    words = "组织开展代表联络工作推进会议精神学习贯彻落实各市州人大常委会加强基层建设"
    paragraphs = []
    for p in range(6):
        body = "".join(words[(n * 7 + p * 3 + i) % len(words)] for i in range(160 + (n * 13 + p) % 90))
        paragraphs.append(f"{body[:40]}，{2000 + n % 25}年{1 + p}月，{body[40:]}。")
    return {"name": "联络动态", "number": n + 1, "total": 600 + n, "organ": "某某工作委员会", "date": "2024-01-15",
            "articles": [{"title": f"第{n + 1}期专题：{words[n % 20:n % 20 + 12]}", "paragraphs": paragraphs,
                          "signature": f"联络处　作者{n}"}],
            "distribution": {"groups": [{"label": "送", "recipients": ["各市州人大常委会", "省直有关单位"]}]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import gwformat

    work = Path(tempfile.mkdtemp(prefix="gwformat-bench-"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    issue = gwformat.load_issue(EXAMPLE)
    built = gwformat.build(issue, work / "example")
    docx_path, pdf_path = built["docx"], built["pdf"]
    print(f"output sizes: PDF {pdf_path.stat().st_size / 1024:.0f} KiB, DOCX {docx_path.stat().st_size / 1024:.0f} KiB")

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

    gw_command = [sys.executable, "-m", "gwformat.cli", "build", str(EXAMPLE), "-o", str(work / "cold")]
    cold, cold_rss, lo, typst_cold = [], 0, [], []
    for _ in range(args.runs):  # alternate the contenders
        seconds, rss = timed(gw_command, cwd=ROOT)
        cold.append(seconds)
        cold_rss = max(cold_rss, rss)
        if lo_command:
            lo.append(timed(lo_command)[0])
        if have_typst:
            typst_cold.append(timed([sys.executable, "-c", typst_code])[0])
    gw = statistics.median(cold)
    print("\ncold, whole process (median of %d)" % args.runs)
    print(f"  gwformat build, PDF + DOCX      {gw * 1000:8.0f} ms   peak RSS {cold_rss / 1024:.0f} MiB")
    if lo:
        libre = statistics.median(lo)
        print(f"  LibreOffice DOCX → PDF          {libre * 1000:8.0f} ms   gwformat / LibreOffice = {gw / libre:.2f}")
    else:
        print("  LibreOffice DOCX → PDF          not installed")
    if typst_cold:
        print(f"  Typst compile (python -c)       {statistics.median(typst_cold) * 1000:8.0f} ms")
    else:
        print("  Typst                           not installed (pip install typst)")

    document = gwformat.layout(issue)
    from gwformat.writers.docx import render_docx
    from gwformat.writers.pdf import render_pdf

    print("\nin process, example, median of %d after a warm-up" % (args.runs * 4))
    n = args.runs * 4
    lay = median_in_process(lambda: gwformat.layout(issue), n)
    pdf = median_in_process(lambda: render_pdf(document), n)
    doc = median_in_process(lambda: render_docx(document), n)
    print(f"  layout                          {lay * 1000:8.1f} ms")
    print(f"  PDF writing                     {pdf * 1000:8.1f} ms")
    print(f"  DOCX writing                    {doc * 1000:8.1f} ms")
    print(f"  rebuild (all three)             {(lay + pdf + doc) * 1000:8.1f} ms")
    if have_typst:
        import typst

        compiler = typst.Compiler(str(work / "bulletin.typ"), font_paths=[str(FONTS)], ignore_system_fonts=True)
        print(f"  Typst compile (Compiler reused) {median_in_process(compiler.compile, n) * 1000:8.1f} ms")

    print("\nbatch of generated bulletins in one process")
    totals = {}
    for size in (20, args.batch):
        issues = [gwformat.issue_from_data(generated_issue(i)) for i in range(size)]
        start = time.perf_counter()
        for item in issues:
            one = gwformat.layout(item)
            render_pdf(one)
            render_docx(one)
        totals[size] = time.perf_counter() - start
        print(f"  {size:4d} bulletins: {totals[size]:7.2f} s, {totals[size] / size * 1000:6.1f} ms each")
    ratio = (totals[args.batch] / args.batch) / (totals[20] / 20)
    print(f"  time per bulletin at {args.batch} / at 20 = {ratio:.2f} (1.0 is linear)")
    print(f"  peak RSS of this process        {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
