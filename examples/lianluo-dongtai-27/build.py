"""Build 联络动态 第27期 through the Python API (the same as `gwformat build issue.yaml -o out/`).

    python3 examples/lianluo-dongtai-27/build.py [OUTDIR]
"""

import sys
from pathlib import Path

import gwformat

HERE = Path(__file__).resolve().parent
outdir = Path(sys.argv[1] if len(sys.argv) > 1 else "out")

issue = gwformat.load_issue(HERE / "issue.yaml")
document = gwformat.layout(issue)  # the one layout every writer follows
print(f"{len(document.pages)} pages, {sum(len(p.lines) for p in document.pages)} lines")
print(gwformat.write_pdf(document, outdir / "lianluo-dongtai-27.pdf"))
