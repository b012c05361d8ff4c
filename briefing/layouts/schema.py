"""The records of layout.yaml: page, grid, styles, page numbers, tables, texts and blocks, each field's kind and doc."""

from __future__ import annotations

from briefing.layouts.kinds import (
    COLOUR,
    FONT_MAP,
    LENGTH_KIND,
    PAPER_KIND,
    SIZE,
    Columns,
    Names,
    Styles,
    Texts,
)
from briefing.layouts.word import WORD
from briefing.read.kinds import BOOL, COUNT, TEXT, UNIT, Choice, RecordOf
from briefing.read.reader import Field, Record

BLOCKS = ("cover", "contents", "areas", "grand_total", "progress")  # progress: only with progress records
AREAS_NUMBERING = ("renumber", "keep")  # the first is the default
AREAS_BREAKS = ("page", "rule", "space")  # the first is the default
ALIGNS = ("justify", "left", "center", "right")
TEXT_KEYS = (
    "page_number",
    "empty",
    "continued",
    "subtotal",
    "total",
    "declared",
    "partial",
    "contents_title",
)
# Styles text is set in whatever the templates say: the body (also the fallback for marks) always, and
# those of the charts and key figures when the layout asks for them.
REQUIRED_STYLES = {
    "": {"body": "正文"},
    "chart": {"caption": "图题", "chart_label": "图表标注"},
    "key_figures": {"key_value": "关键数字", "key_label": "关键数字说明"},
}
# Shown only when some row of the table has a progress record (compose/progress_cells.py).
PROGRESS_COLUMNS = ("progress_value", "progress_ratio", "progress_status")
COLUMN_FIELDS = {
    "targets": ("index", "name", "unit", "last_year", "target", "lead_unit", "note", *PROGRESS_COLUMNS),
    "projects": (
        "index",
        "name",
        "kind",
        "total_investment",
        "annual_investment",
        "period",
        "status",
        "lead_unit",
        "note",
        *PROGRESS_COLUMNS,
    ),
    "grand_total": ("index", "area", "count", "new", "continued", "total_investment", "annual_investment"),
    # 完成情况 of a year-end packet (compose/progress_completion.py)
    "completion": ("index", "name", "unit", "target", "reached", "ratio", "status", "as_of", "note"),
}

PAGE = Record(
    "page",
    "页面",
    (
        Field("size", PAPER_KIND, "纸张", "A4、A3、A5 或 B5。", required=True),
        Field("top", LENGTH_KIND, "天头", "版心上边距，如 37mm。", required=True),
        Field("bottom", LENGTH_KIND, "地脚", "版心下边距，如 35mm。", required=True),
        Field("inner", LENGTH_KIND, "订口", "装订一侧的边距（单数页左侧），如 28mm。", required=True),
        Field("outer", LENGTH_KIND, "切口", "另一侧的边距，如 26mm。", required=True),
        Field("mirror", BOOL, "对称版心", "true 时双数页左右边距互换，使正反面版心对齐。"),
    ),
)
GRID = Record(
    "grid",
    "版心网格",
    (
        Field("chars", COUNT, "每行字数", "正文每行字数，如 28。", required=True),
        Field("lines", COUNT, "每页行数", "正文每页行数，如 22。", required=True),
    ),
)
STYLE = Record(
    "style",
    "文字样式",
    (
        Field(
            "font",
            TEXT,
            "字体",
            "角色（fangsong、song、hei、kai）或 fonts.yaml 中的字体族名。",
            required=True,
        ),
        Field("size", SIZE, "字号", "号数（三号）或磅值（16pt）。", required=True),
        Field("leading", LENGTH_KIND, "行距", "基线间距，如 28.95pt；省略时为字号的 1.5 倍。"),
        Field("indent", LENGTH_KIND, "首行缩进", "如 2字。"),
        Field("left_indent", LENGTH_KIND, "左缩进", "整段左缩进，如 1字。"),
        Field("align", Choice(ALIGNS), "对齐", "justify、left、center 或 right。"),
        Field("space_before", LENGTH_KIND, "段前", "段前空白。"),
        Field("space_after", LENGTH_KIND, "段后", "段后空白。"),
        Field("color", COLOUR, "颜色", "#rrggbb，默认黑色。"),
        Field("bold", BOOL, "加粗", "字体无粗体时用描边模拟。"),
        Field("keep_with_next", BOOL, "与下段同页", "标题用：不与下文分开。"),
        Field("outline", COUNT, "书签级别", "0 为一级书签，1 为二级；省略则不生成书签。"),
        Field("toc", BOOL, "列入目录", "true 时列入目录。"),
        Field(
            "balance", BOOL, "均衡回行", "true 时多行标题各行长短相近（排列对称），不是前几行排满、末行短。"
        ),
    ),
)
PAGE_NUMBER = Record(
    "page_number",
    "页码",
    (
        Field("style", TEXT, "样式", "页码所用的文字样式名。", required=True),
        Field("below", LENGTH_KIND, "距版心下边缘", "如 7mm。", required=True),
        Field("inset", LENGTH_KIND, "内收", "距版心边缘，如 1字。"),
        Field(
            "position",
            Choice(("outside", "center", "left", "right")),
            "位置",
            "outside（单页右双页左）、center、left 或 right。",
        ),
    ),
)
TABLE = Record(
    "table",
    "表格",
    (
        Field("grid_width", LENGTH_KIND, "表格线宽", "如 0.5pt。", required=True),
        Field("frame_width", LENGTH_KIND, "外框线宽", "如 1pt。"),
        Field("grid_color", COLOUR, "表格线颜色", "#rrggbb。"),
        Field("header_fill", COLOUR, "表头底色", "#rrggbb。"),
        Field("total_fill", COLOUR, "合计行底色", "#rrggbb。"),
        Field("stripe_fill", COLOUR, "隔行底色", "#rrggbb。"),
        Field("padding", LENGTH_KIND, "单元格内边距", "如 3pt。"),
        Field("header_style", TEXT, "表头样式", "文字样式名。", required=True),
        Field("cell_style", TEXT, "单元格样式", "文字样式名。", required=True),
        Field("number_style", TEXT, "数字单元格样式", "文字样式名。"),
        Field("total_style", TEXT, "合计行样式", "文字样式名。"),
        Field("caption_style", TEXT, "表题样式", "文字样式名。", required=True),
        Field("digit_grouping", BOOL, "数字分节", "数字列中的数每三位加逗号，如 12,345.6。"),
        Field("drop_empty_columns", BOOL, "省略空列", "各行都为空（印作“—”）的列不印。"),
    ),
)
TYPOGRAPHY = Record(
    "typography",
    "排版选项",
    (
        Field("compress_punct", BOOL, "标点挤压", "相邻标点（如 。”）合占不到两个字宽。"),
        Field("cjk_latin_space", BOOL, "中西文间距", "汉字与西文、数字之间加四分之一字宽。"),
        Field("hang_punct", BOOL, "标点悬挂", "行末句读可悬挂在版心外。"),
        Field("synthetic_bold", BOOL, "模拟粗体", "字体无粗体时用描边模拟加粗。"),
        Field(
            "full_width_punct",
            BOOL,
            "全角标点",
            "中文里夹的半角 , : ; ( ) 印成全角（，：；（））；10:30、1,000 等不变。默认不改。",
        ),
    ),
)
COLUMN = Record(
    "column",
    "表格列",
    (
        Field("field", TEXT, "内容", "列的内容。", required=True),
        Field("label", TEXT, "列标题", "Jinja2 模板，如 {{ year }}年目标。", required=True),
        Field(
            "width",
            TEXT,
            "列宽",
            "auto（默认，按内容定宽）、N字（按单元格字号，固定）或 N*（按比例分剩余宽度）。",
        ),
        Field("align", Choice(ALIGNS), "对齐", "left、center、right 或 justify。"),
    ),
)
TABLE_KIND = Record(
    "table_kind",
    "表格定义",
    (
        Field(
            "caption",
            TEXT,
            "表题",
            "Jinja2 模板，如 表{{ table }}　{{ area.title }}重点项目。",
            required=True,
        ),
        Field("columns", Columns(COLUMN), "列", "列的清单。", required=True),
        Field("money_unit", UNIT, "金额单位", "金额列统一换算到的单位，如 万元。"),
    ),
)
LAYOUT = Record(
    "layout",
    "版式",
    (
        Field("name", TEXT, "名称", "版式名称。", required=True),
        Field("description", TEXT, "说明", "一句话说明。"),
        Field("page", RecordOf(PAGE), "页面", "纸张与边距。", required=True),
        Field("grid", RecordOf(GRID), "版心网格", "正文的字数与行数网格。"),
        Field("fonts", FONT_MAP, "字体", "角色 → 字体族名，或 {file: 路径}。"),
        Field("styles", Styles(STYLE), "文字样式", "样式名 → 样式。", required=True),
        Field("page_number", RecordOf(PAGE_NUMBER), "页码", "页码样式与位置。", required=True),
        Field("table", RecordOf(TABLE), "表格", "表格线与底色。", required=True),
        Field("typography", RecordOf(TYPOGRAPHY), "排版选项", "标点挤压等。"),
        Field(
            "blocks",
            Names(BLOCKS),
            "组成部分",
            "cover、contents、areas、grand_total 的顺序。",
            required=True,
        ),
        Field("texts", Texts(TEXT_KEYS), "文字", "页码格式、空值写法等短文字（Jinja2）。", required=True),
        Field("targets_table", RecordOf(TABLE_KIND), "指标表", "指标表的表题与列。", required=True),
        Field("projects_table", RecordOf(TABLE_KIND), "项目表", "项目表的表题与列。", required=True),
        Field("grand_total_table", RecordOf(TABLE_KIND), "总表", "全部项目汇总表。"),
        Field("completion_table", RecordOf(TABLE_KIND), "完成情况表", "年终材料的上年目标完成情况表。"),
        Field("chart", BOOL, "图表", "是否在各领域绘制增长目标条形图。"),
        Field("key_figures", BOOL, "关键数字条", "是否在各领域开头列出关键数字。"),
        Field("word", RecordOf(WORD), "Word 输出", "生成 .docx 时的字体名与样式名。"),
        # Chosen areas (--areas): how a packet of some areas numbers them.
        Field(
            "areas_numbering",
            Choice(AREAS_NUMBERING),
            "领域编号",
            "只印部分领域时：renumber（默认）从“一、”重新编号，keep 沿用全部材料中的编号。",
        ),
        Field(
            "areas_break",
            Choice(AREAS_BREAKS),
            "领域之间",
            "page（默认）每个工作领域另起一页；rule 接排，中间隔一行并画一条细线；space 接排，中间空一行。",
        ),
    ),
)
