"""The recognisers' rules, as tables: what a line of a draft looks like when it is a
title, a heading, a signature, a 主送, a 附件说明, a 版记 group or a piece of the masthead.

Everything here is about how offices write drafts, not about how gwformat prints: the
heading levels themselves are the model's (``model.HEADING_PATTERNS``), and this module only
adds the numberings drafts use that the model does not accept as they are (``1、``).
"""

from __future__ import annotations

import re

from ..writers.docx_text import style_name

#: Characters a draft carries that are not text: zero-width space, word joiner, byte order
#: mark, soft hyphen. gwformat's own DOCX puts U+200B between digits and Chinese today.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))

#: Indentation and padding: ASCII and full-width spaces, tabs, no-break spaces.
SPACE = " \t\u3000\u00a0"

#: Characters that end a sentence; a numbered heading runs up to the first of them.
SENTENCE_END = "。！？!?"

#: The longest line taken for a title, a standalone heading, a 主送, a signature or an
#: attachment's title. Longer lines are prose (a title line holds at most 28 characters
#: of 2号 type on the 156 mm block; a 3号 line holds 28).
SHORT = 40

#: Numberings of drafts that the model does not read itself, with the level they mean.
#: ``1、`` is the common Word habit for the third level (GB/T 9704 writes ``1.``).
EXTRA_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (3, re.compile(r"^[0-9０-９]+、")),
)

#: A signature in brackets, as a bulletin prints it: （代表联络处　李尚达）. The brackets
#: are the kind's (text.signature), so only what is inside is kept.
SIGNATURE = re.compile(r"^[（(](?P<name>[^（）()]{1,30})[）)]$")

#: A line in brackets, of any length: a 附注 such as （联系人：容畅，电话：0731-88888888）.
BRACKETED = re.compile(r"^[（(](?P<inner>.+)[）)]$")

#: A date line: 2020年12月24日, or in Chinese numerals 二〇二〇年十二月二十四日.
DATE = re.compile(r"^(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月"
                  r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日$")

#: 主送机关: a short first line that ends in a colon (各市州人大常委会：).
ADDRESSEE = re.compile(r"^[^。，！？；]{2,40}[：:]$")

#: 主送机关 that name several organs apart with ，(各市州、县市区党委和人民政府，省直机关各单位：):
#: taken only where the line is set 顶格 and the text under it indented, so that a sentence ending
#: in 如下： is not taken for one.
ADDRESSEE_LIST = re.compile(r"^[^。！？；]{2,60}[：:]$")

#: An attachment's label on a line of its own above its title (附件1): the article after it is
#: that attachment, on a new page (GB/T 9704-2012, 7.3.8).
LABEL = re.compile(r"^附\s*件\s*[0-9０-９]*$")

#: The work a 公布令 puts in force, named first in its text (《××办法》已经……通过，现予公布): the
#: title of a 命令, which prints none (GB/T 9704-2012, 10.2).
PROMULGATED = re.compile(r"^《(?P<title>[^《》]{2,60})》")

#: 附件说明: 附件：1.标题 (the first), then 2.标题 … on the lines after it.
ATTACHMENTS = re.compile(r"^附\s*件[：:]\s*(?P<rest>.*)$")
ATTACHMENT_ITEM = re.compile(r"^[0-9０-９]+[.．、]\s*(?P<title>.+)$")

#: The labels of a closing 版记 group, longest first so that 抄送 is not read as 送.
DISTRIBUTION_LABEL = re.compile(r"^(?P<label>抄送|抄报|分送|送|报|发)\s*[：:]\s*(?P<rest>.*)$")

#: Where a recipient ends when a group is written on one line (送：甲，乙；丙。): the comma
#: and the semicolon separate organs. The 顿号 、 does not: it lists the parts of one organ
#: (办公厅联络局、研究室、新闻局) and stays inside the recipient. A group written on several
#: lines has one recipient a line, each kept whole, as gwformat prints them.
RECIPIENT_SEPARATORS = re.compile(r"[，,；;]")
RECIPIENT_END = "。，,；;、."

#: 印发 line of a 版记: 省人大常委会办公厅　　2020年12月24日印发, and 共印N份.
PRINTED = re.compile(r"^(?P<by>.+?)[\s\u3000]*(?:(?P<on>\d{4}年\d{1,2}月\d{1,2}日))?印发$")
COPIES = re.compile(r"^[（(]?共印\s*(?P<n>\d+)\s*份[）)]?$")

#: How many lines at the top of a draft may be masthead: the 报头 has at most six.
MASTHEAD_LINES = 6

#: gwformat's own DOCX styles and what a paragraph in each is. A draft from another tool
#: has none of them and is read by the general rules; so is a gwformat DOCX whose styles
#: were renamed.
GW_STYLES = {style_name(role): what for role, what in {
    "masthead": "masthead", "subtitle": "masthead", "issue_line": "masthead", "mark": "masthead",
    "title": "title", "body": "body", "signature": "signature", "distribution": "distribution",
    "table_title": "table_title", "table": "table", "caption": "caption", "figure": "figure",
    "contents_heading": "contents", "contents": "contents", "contents_column": "contents", "column": "column",
    "note": "note",
}.items()}

#: The label of an 编者按 or an article's 按语, run into its text; and a 栏目's brackets.
NOTE_LABEL = re.compile(r"^(编者按|编者的话|按语|按)[：:]\s*")
COLUMN = re.compile(r"^【(?P<name>.+)】$")

#: gwformat's heading character styles (the run-in heading of a paragraph) and their levels.
GW_HEADING_STYLES = {style_name(f"heading{level}"): level for level in range(1, 5)}

#: Around a table: its title above (表1　……, in a draft without gwformat's styles), the 续表 line
#: that opens its continuation on the next page, and its note below (注：……).
TABLE_TITLE = re.compile(r"^附?表\s*[0-9０-９一二三四五六七八九十]+")
TABLE_CONTINUED = re.compile(r"^续\s*表\s*[0-9０-９]*$")
TABLE_NOTE = re.compile(r"^注\s*[0-9０-９]*[：:]")

#: A picture's caption below it, in a draft without gwformat's styles: 图为…… or 图1　…….
CAPTION = re.compile(r"^图\s*([0-9０-９]+|为)")

#: Word's built-in paragraph styles that say what a paragraph is (Heading 1 to 4 are headings
#: of that level).
WORD_STYLES = {"Title": "title"}
