"""The message catalogue as data: every user-facing message in Chinese (default) and English.

Rendering (filling in values, the language, lists) is briefing/messages/render.py; other tasks append their
entries as one block at the end of CATALOGUE.
"""

from __future__ import annotations

# The names of value kinds that messages quote as {found} and {expected}.
KINDS = {
    "mapping": ("键值对（映射）", "a mapping"),
    "list": ("列表", "a list"),
    "text": ("文字", "text"),
    "number": ("数字", "a number"),
    "bool": ("true/false", "true/false"),
    "null": ("空值", "null"),
    "figure": ("数值加单位（如 2000人）或文字", "a figure with unit (e.g. 2000人) or words"),
    "money": ("金额加单位（如 1.5亿元）", "an amount with unit (e.g. 1.5亿元)"),
    "paragraphs": ("文字段落", "paragraphs of text"),
    "count": ("非负整数", "a whole number ≥ 0"),
    "year": ("四位年份", "a four-digit year"),
    "enum": ("规定的选项之一", "one of the allowed choices"),
    "unit": ("计量单位（如 人、亿元、%）", "a unit (e.g. 人, 亿元, %)"),
    "date": ("日期（如 2023-01-10）", "a date (e.g. 2023-01-10)"),
    "period": ("期限文字（如 2022—2024年）", "a period in words (e.g. 2022—2024年)"),
}

# code -> (Chinese, English). Each says what is wrong and what would be right.
CATALOGUE: dict[str, tuple[str, str]] = {
    "load.encoding": (
        "文件不是 UTF-8 编码（看起来是 {encoding}）；请用编辑器“另存为 UTF-8”后再试",
        "file is not UTF-8 (it looks like {encoding}); save it as UTF-8 and try again",
    ),
    "load.tab": (
        "缩进里有制表符（Tab）；YAML 只允许用空格缩进，请把 Tab 换成空格",
        "tab character in indentation; YAML indents with spaces only, replace the tab with spaces",
    ),
    "load.bad-byte": (
        "这里有无法识别的字节（{bytes}），文件其余部分是 UTF-8；请删去这个字符后重新输入",
        "unreadable byte(s) {bytes} here, the rest of the file is UTF-8; delete the character and type it again",
    ),
    "load.control-char": (
        "这里有不可见的控制字符 {char}；YAML 文件中不允许出现，请删去",
        "invisible control character {char} here; YAML does not allow it, delete it",
    ),
    "load.alias": (
        "不支持 YAML 别名引用（*{alias}）；请把内容直接写出来",
        "YAML aliases (*{alias}) are not supported; write the content out in full",
    ),
    "load.too-large": (
        "文件过大（超过 2 MB 或 20 万个值）；材料、版式和名单文件都不会这么大，请检查是否误放了文件",
        "file too large (over 2 MB or 200,000 values); check that this is the right file",
    ),
    "load.too-deep": (
        "嵌套层次过深；请检查缩进",
        "nesting too deep; check the indentation",
    ),
    "load.complex-key": (
        "键必须是简单文字；请写成 键: 值",
        "keys must be plain text; write key: value",
    ),
    "load.merge-key": (
        "不支持 YAML 合并键（<<）；请把内容直接写出来",
        "YAML merge keys (<<) are not supported; write the content out in full",
    ),
    "load.duplicate-key": (
        "键“{key}”重复（第 {first_line} 行已有）；请删去其中一个，YAML 只会保留最后一个",
        "duplicate key '{key}' (already on line {first_line}); remove one, YAML would silently keep the last",
    ),
    "load.tag": (
        "不允许 YAML 标签 {tag}；请去掉以 ! 开头的标签，直接写值",
        "YAML tag {tag} is not allowed; remove the '!' tag and write the plain value",
    ),
    "load.syntax": (
        "YAML 语法错误：{problem}{context_zh}；请检查这一行的缩进、冒号和引号",
        "YAML syntax error: {problem}{context_en}; check indentation, colons and quotes on this line",
    ),
    "load.empty": (
        "文件是空的；请按 briefing init 生成的示例填写内容",
        "file is empty; fill it in as in the starter made by 'briefing init'",
    ),
    "load.missing": (
        "找不到文件；请确认文件名和目录（材料目录中应有 packet.yaml 和 areas/）",
        "file not found; check the name and folder (a packet holds packet.yaml and areas/)",
    ),
    "load.not-a-file": (
        "这不是普通文件；请给出 YAML 文件",
        "not a regular file; give a YAML file",
    ),
    "load.unreadable": (
        "无法读取文件：{reason}；请检查文件是否可读（权限、是否被其他程序占用）",
        "cannot read file: {reason}; check that the file can be read (permissions, another program holding it)",
    ),
    "load.no-areas": (
        "{folder} 目录里没有任何 .yaml 文件；每个工作领域应有一个文件",
        "no .yaml files in {folder}; add one .yaml file per work area",
    ),
    "load.no-areas-listed": (
        "工作领域清单是空的；请列出 areas/ 下的文件名，或写 areas: all",
        "the list of areas is empty; list the files in areas/, or write areas: all",
    ),
    "load.area-outside": (
        "“{file}”不是 {folder} 目录中的文件名；只写文件名，如 01-扩大内需.yaml",
        "'{file}' is not a file name in {folder}; give the bare name, e.g. 01-a.yaml",
    ),
    "load.area-missing": (
        "列出的文件 {file} 不存在；请检查文件名，或从 areas 清单中删去",
        "listed file {file} does not exist; fix the name or remove it from the list",
    ),
    "type.mapping": (
        "{label}应是“键: 值”形式的映射，这里是{found}",
        "{label} must be a mapping of key: value, found {found}",
    ),
    "type.wrong": (
        "{label}应为{expected}，这里是{found}",
        "{label} must be {expected}, found {found}",
    ),
    "field.unknown": (
        "未知字段“{key}”；是不是“{suggestion}”？",
        "unknown field '{key}'; did you mean '{suggestion}'?",
    ),
    "field.unknown-no-hint": (
        "未知字段“{key}”；允许的字段有：{allowed}",
        "unknown field '{key}'; allowed fields: {allowed}",
    ),
    "field.required": (
        "缺少必填字段（{label}）；请添加，例如 {example}",
        "required field missing ({label}); add it, e.g. {example}",
    ),
    "value.mapping": (
        "{label}写成映射时只能有 text 一项，如 {{text: 与经济发展同步增长}}；"
        "或写数值及其增幅，如 {{level: 113.6亿元, growth: 增长5%}}",
        "{label} as a mapping takes only 'text', e.g. {{text: 与经济发展同步增长}}; "
        "or a level with its growth, e.g. {{level: 113.6亿元, growth: 增长5%}}",
    ),
    "figure.missing-unit": (
        "“{text}”缺少单位；数值须带单位，如 {text}人、{text}万元、{text}%",
        "'{text}' has no unit; write the unit with the number, e.g. {text}人, {text}万元, {text}%",
    ),
    "figure.unknown-unit": (
        "“{text}”的单位“{unit}”无法识别；是不是“{suggestion}”？",
        "unit '{unit}' in '{text}' is not known; did you mean '{suggestion}'?",
    ),
    "figure.too-long": (
        "数值“{text}”位数过多（最多 15 位整数、6 位小数）；请核对，或换用更大的单位，如 亿元",
        "the figure '{text}' has too many digits (at most 15 before and 6 after the point); check it, "
        "or use a larger unit such as 亿元",
    ),
    "figure.unreadable": (
        "无法识别数值“{text}”；应写成 2000人、1.5亿元、增长6%、2000人以上 这样的形式；"
        "若是含数字的文字性目标，请写成 {{text: …}}",
        "cannot read the figure '{text}'; write it like 2000人, 1.5亿元, 增长6%, 2000人以上; "
        "for a target in words that contains digits write {{text: …}}",
    ),
    "figure.wrong-unit": (
        "“{text}”的单位“{unit}”与本指标的单位“{expected}”不符，也无法换算；请改用 {expected}",
        "'{text}' is in {unit}, which does not convert to this indicator's unit {expected}; use {expected}",
    ),
    "figure.change-unit": (
        "增减幅度“{text}”应以 % 或 个百分点 表示，如 增长6%；或用本指标的单位（{unit}），如 增加2000{unit}",
        "a change '{text}' must be in % or 个百分点, e.g. 增长6%, or in this indicator's unit {unit}",
    ),
    "money.unit": (
        "{label}“{text}”不是金额；金额单位应为 元、万元 或 亿元",
        "{label} '{text}' is not money; use 元, 万元 or 亿元",
    ),
    "money.negative": (
        "{label}“{text}”为负数；投资额不能为负",
        "{label} '{text}' is negative; an investment cannot be negative",
    ),
    "money.change": (
        "{label}“{text}”是增减幅度，不是金额；请写成 1.5亿元 这样的金额",
        "{label} '{text}' is a change, not an amount; write an amount such as 1.5亿元",
    ),
    "money.annual-above-total": (
        "年度计划投资 {annual} 大于总投资 {total}；年度投资不能超过总投资，请核对",
        "this year's investment {annual} exceeds the total investment {total}; check both figures",
    ),
    "count.invalid": (
        "{label}“{text}”应为非负整数，如 25",
        "{label} '{text}' must be a whole number ≥ 0, e.g. 25",
    ),
    "year.invalid": (
        "{label}“{text}”不是有效年份；应写四位年份，如 2023",
        "{label} '{text}' is not a year; write four digits, e.g. 2023",
    ),
    "bool.invalid": (
        "{label}“{text}”应为 true 或 false",
        "{label} '{text}' must be true or false",
    ),
    "text.control-char": (
        "{label}里有不可见的控制字符 {char}（来自双引号里的转义）；请删去",
        "{label} holds the invisible control character {char} (from an escape in double quotes); remove it",
    ),
    "enum.not-text": (
        "{label}应为以下之一：{choices}；这里是{found}",
        "{label} must be one of: {choices}; found {found}",
    ),
    "enum.invalid": (
        "{label}“{text}”不是允许的值；应为：{choices}",
        "{label} '{text}' is not allowed; use one of: {choices}",
    ),
    "unit.unknown": (
        "单位“{unit}”无法识别；是不是“{suggestion}”？",
        "unit '{unit}' is not known; did you mean '{suggestion}'?",
    ),
    "date.invalid": (
        "{label}“{text}”不是有效日期；应写成 2023-01-10 或 2023年1月10日",
        "{label} '{text}' is not a valid date; write 2023-01-10 or 2023年1月10日",
    ),
    "period.invalid": (
        "{label}“{text}”不是有效的期限；应写成 2023年、2022—2024年 或 2023年3月—2023年12月，且起不晚于止",
        "{label} '{text}' is not a valid period; write 2023年, 2022—2024年 or 2023年3月—2023年12月, start before end",
    ),
    "areas.invalid": (
        "{label}应为 all 或文件名列表，如 [01-扩大内需.yaml, 02-产业升级.yaml]",
        "{label} must be 'all' or a list of file names, e.g. [01-a.yaml, 02-b.yaml]",
    ),
    "areas.duplicate": (
        "文件 {file} 在清单中重复出现；请删去重复的一项，每个工作领域只列一次",
        "{file} is listed twice; list each area once",
    ),
    "indicator.duplicate": (
        "指标“{name}”重复（{first} 已有）；请合并或改名",
        "indicator '{name}' is listed twice (first at {first}); merge or rename",
    ),
    "project.duplicate": (
        "项目“{name}”重复（{first} 已有）；同一项目只列一次",
        "project '{name}' is listed twice (first at {first}); list each project once",
    ),
    "declared.count-mismatch": (
        "申报个数为 {claimed}，清单实际为 {actual}；清单标为完整（complete: true）时两者须一致",
        "declared count is {claimed} but the list has {actual}; with complete: true they must agree",
    ),
    "declared.sum-mismatch": (
        "申报合计为 {claimed}，清单各行之和为 {actual}；清单标为完整（complete: true）时两者须一致",
        "declared total is {claimed} but the rows add up to {actual}; with complete: true they must agree",
    ),
    "declared.incomplete-rows": (
        "申报合计为 {claimed}，但有 {missing} 个项目未填此项，无法核对；请补齐，或改为 complete: false",
        "declared total is {claimed} but {missing} project(s) lack this figure; fill them in or set complete: false",
    ),
    "marks.both": (
        "classification 与 secrecy 只能填一个；涉密材料用 secrecy，内部资料用 classification",
        "give either classification or secrecy, not both",
    ),
    # layouts, fonts, templates ------------------------------------------------------------------------
    "layout.not-found": (
        "找不到版式“{name}”；可用的版式有：{known}（查找位置：{searched}）",
        "layout '{name}' not found; available: {known} (searched: {searched})",
    ),
    "layout.length": (
        "{label}“{text}”不是有效的长度；应写成 37mm、16pt 或 2字",
        "{label} '{text}' is not a length; write 37mm, 16pt or 2字",
    ),
    "layout.size": (
        "{label}“{text}”不是有效的字号；应写成 三号、小四 或 16pt",
        "{label} '{text}' is not a type size; write 三号, 小四 or 16pt",
    ),
    "layout.paper": (
        "{label}应为以下纸张之一：{choices}",
        "{label} must be one of: {choices}",
    ),
    "layout.color": (
        "{label}“{text}”不是有效的颜色；应写成 #RRGGBB，如 #000000",
        "{label} '{text}' is not a colour; write #RRGGBB, e.g. #000000",
    ),
    "layout.frame-too-small": (
        "边距过大，版心不足 50pt；请减小 top/bottom/inner/outer",
        "margins leave less than 50pt for the text area; reduce top/bottom/inner/outer",
    ),
    "layout.grid-chars": (
        "每行 {chars} 字排不下：正文 {size}pt 时，版心每行应为 2 至 {most} 字（字距不小于字号的九成）",
        "{chars} characters a line do not fit: with {size}pt body text a line holds 2 to {most}"
        " (characters may not come closer than nine tenths of their size)",
    ),
    "layout.grid-lines": (
        "每页 {lines} 行排不下：正文 {size}pt 时，版心每页应为 1 至 {most} 行（行距不小于字号）",
        "{lines} lines a page do not fit: with {size}pt body text a page holds 1 to {most}"
        " (lines may not come closer than the type size)",
    ),
    "layout.style-unknown": (
        "样式“{name}”未在 styles 中定义；已定义的样式有：{known}",
        "style '{name}' is not defined under styles; defined: {known}",
    ),
    "layout.template-missing": (
        "版式缺少模板文件 {name}；请从 gbt9704 版式复制一份",
        "the layout lacks the template {name}; copy it from the gbt9704 layout",
    ),
    "layout.text-missing": (
        'texts 中缺少“{key}”；请补上，如 empty: "—"',
        "texts lacks '{key}'; add it, e.g. empty: \"—\"",
    ),
    "layout.missing-table": (
        "版式缺少 {table} 的定义（表题与列）；请补上或从 blocks 中删去相应部分",
        "the layout lacks {table} (caption and columns); add it or drop the block",
    ),
    "layout.column-width": (
        "列宽“{text}”无法识别；应写成 auto（按内容定宽）、4字 或 2*（按比例分剩余宽度）",
        "column width '{text}' is not understood; write auto (from the content), 4字 or 2* (a share of the rest)",
    ),
    "layout.font-file": (
        "字体写成映射时须有 file，如 {{file: fonts/方正小标宋.ttf}}",
        "a font given as a mapping needs 'file', e.g. {{file: fonts/FZXBS.ttf}}",
    ),
    "font.not-regular": (
        "字体文件 {file} 不是普通文件（是文件夹、命名管道或设备）；请换成 .ttf 或 .ttc 字体文件",
        "font file {file} is not a regular file (a folder, a pipe or a device); use a .ttf or .ttc font file",
    ),
    "font.file-missing": (
        "字体文件 {file} 不存在；请把字体文件放到该位置，或改正文件名",
        "font file {file} does not exist; put the file there or fix the name",
    ),
    "font.not-font": (
        "{file} 不是 TrueType 字体文件（.ttf/.ttc）",
        "{file} is not a TrueType font file (.ttf/.ttc)",
    ),
    "font.family-unknown": (
        "字体“{name}”未在任何 fonts.yaml 中登记；已登记的字体有：{known}",
        "font '{name}' is not listed in any fonts.yaml; known: {known}",
    ),
    "font.no-embedding": (
        "字体 {file} 不允许嵌入或子集化（{reason}）；PDF 须嵌入字体，请换用允许嵌入的字体",
        "font {file} forbids embedding or subsetting ({reason}); use a font that allows embedding",
    ),
    "font.unusable": (
        "无法使用字体 {file}：{reason}；请使用 TrueType 轮廓的 .ttf/.ttc（OpenType CFF 的 .otf 需先转换）",
        "cannot use font {file}: {reason}; use a TrueType-outline .ttf/.ttc (convert CFF .otf first)",
    ),
    "template.syntax": (
        "模板语法错误：{problem}",
        "template syntax error: {problem}",
    ),
    "template.not-text": (
        "模板在这里输出了 {what}，不是文字或数字；请输出它的某个字段，如 {{{{ packet.title }}}}、{{{{ area.title }}}}",
        "the template prints {what} here, which is not text or a number; print one of its fields, "
        "e.g. {{{{ packet.title }}}} or {{{{ area.title }}}}",
    ),
    "template.error": (
        "模板出错：{problem}",
        "template error: {problem}",
    ),
    "template.no-marker": (
        "模板输出行“{line}”缺少 [样式名] 标记；每行须以 [body]、[h1] 之类开头",
        "template output line '{line}' lacks a [style] marker; start each line with [body], [h1] …",
    ),
    "template.style-unknown": (
        "模板用了未定义的样式 [{name}]；已定义的样式有：{known}",
        "the template uses undefined style [{name}]; defined: {known}",
    ),
    "template.data-unknown": (
        "模板用了未知的数据块 [@{name}]；可用的有：{known}",
        "the template uses unknown data block [@{name}]; available: {known}",
    ),
    "template.space": (
        "[space {text}] 无法识别；应写成 [space 2]（行）、[space 12pt] 或 [space 5mm]",
        "[space {text}] is not understood; write [space 2] (lines), [space 12pt] or [space 5mm]",
    ),
    # rendering and delivery -----------------------------------------------------------------------------
    "glyph.missing": (
        "字体 {font} 中没有字符“{chars}”（{codes}）；请改用规范字，或在版式中换用含这些字的字体",
        "font {font} has no glyph for '{chars}' ({codes}); use standard characters or a font that has them",
    ),
    "render.too-large": (
        "这部分内容在第 {page} 页排不下（高 {height}pt，版心只有 {room}pt），也无法拆开；请缩短该处文字，或减小版式中的空白",
        "this content does not fit on page {page} ({height}pt tall, the text area is {room}pt) and cannot be split; "
        "shorten it or reduce the layout's spacing",
    ),
    "render.layout": (
        "第 {page} 页排版失败：有内容比版心还高；请检查版式的边距与空白",
        "layout failed on page {page}: something is taller than the text area; check the layout's margins and spacing",
    ),
    "template.rule": (
        "[rule {text}] 无法识别；应写成 [rule thick]、[rule thin] 或 [rule 0.5pt]",
        "[rule {text}] is not understood; write [rule thick], [rule thin] or [rule 0.5pt]",
    ),
    # recipients ------------------------------------------------------------------------------------------
    "recipient.control": (
        "{label}中含有换行或其他控制字符；请删去（这类字符可被用来伪造邮件头）",
        "{label} contains a line break or other control character; remove it (it could forge mail headers)",
    ),
    "recipient.email": (
        "邮箱地址“{text}”格式不对；应写成 zhangsan@example.org，只写一个地址，不带姓名和尖括号",
        "e-mail address '{text}' is malformed; write one bare address such as zhangsan@example.org",
    ),
    "recipient.no-email": (
        "收件人“{name}”没有填写 email；发送邮件时每位收件人都须有邮箱地址",
        "recipient '{name}' has no email; every recipient needs an address to be sent the packet",
    ),
    "recipient.copy-range": (
        "份号“{text}”超出范围；应为 1 到 999999 之间的整数",
        "copy number '{text}' is out of range; use a whole number from 1 to 999999",
    ),
    "recipient.copy-twice": (
        "份号 {number} 重复（{first} 已用）；每份材料的份号须唯一",
        "copy number {number} is used twice (first by {first}); each copy needs its own number",
    ),
    "recipient.email-twice": (
        "邮箱“{text}”重复（{first} 已有）；同一人只列一次",
        "e-mail '{text}' is listed twice (first at {first}); list each person once",
    ),
    "recipient.empty": (
        "收件人名单是空的；请在 recipients: 下至少列一位收件人",
        "the recipient list is empty; list at least one recipient under recipients:",
    ),
    "deliver.write": (
        "无法写入文件：{reason}；原有文件（如有）保持不变",
        "cannot write the file: {reason}; any existing file is left untouched",
    ),
    # mail settings (mail.yaml, BRIEFING_SMTP_*) --------------------------------------------------------
    "mail.no-settings": (
        "找不到发信设置：请建立 {path}（或用 --config 指定设置文件），或设置环境变量 BRIEFING_SMTP_HOST、"
        "BRIEFING_SMTP_SENDER 等",
        "no mail settings: create {path} (or name a file with --config), or set BRIEFING_SMTP_HOST, "
        "BRIEFING_SMTP_SENDER and the like",
    ),
    "mail.password-in-file": (
        "密码不能写在设置文件里（文件可能随材料一起被复制、提交或转发）；请删去这一项，改为设置环境变量 {env}，"
        "或存入系统钥匙串：keyring set {service} 用户名@服务器",
        "passwords do not belong in a settings file (it may be copied, committed or sent along with the "
        "packet); remove this key and set {env}, or store it in the system keyring: keyring set {service} user@host",
    ),
    "mail.control": (
        "{label}中含有换行或其他控制字符；请删去",
        "{label} contains a line break or other control character; remove it",
    ),
    "mail.host": (
        "服务器名“{text}”中有空格；应只写主机名，如 smtp.example.gov.cn",
        "server name '{text}' contains spaces; give the host name only, e.g. smtp.example.gov.cn",
    ),
    "mail.sender": (
        "发件地址“{text}”格式不对；应写成 office@example.gov.cn，名称写在 sender_name 中",
        "sender address '{text}' is malformed; write office@example.gov.cn and put the name in sender_name",
    ),
    "mail.port": (
        "端口“{text}”超出范围；应为 1 到 65535，常用 465（tls）或 587（starttls）",
        "port '{text}' is out of range; use 1 to 65535, usually 465 (tls) or 587 (starttls)",
    ),
    "mail.timeout-zero": (
        "超时不能为 0；请写等待服务器的秒数，如 30",
        "the timeout cannot be 0; give the seconds to wait for the server, e.g. 30",
    ),
    "mail.plain": (
        "security: plain 不加密，口令和材料都以明文传输；只有发往本机中继时才可使用，"
        "须在命令中加 --allow-plain 或在设置中写 allow_plain: true",
        "security: plain sends the packet unencrypted; it is meant for a local relay only and needs "
        "--allow-plain or allow_plain: true",
    ),
    "mail.plain-login": (
        "不加密的连接（security: plain）上不能登录，否则口令会以明文传输；请改用 tls 或 starttls，或删去 user",
        "no login over an unencrypted connection (security: plain): the password would travel in clear; "
        "use tls or starttls, or remove user",
    ),
    "mail.cafile": (
        "找不到 CA 证书文件 {cafile}；请给出 PEM 格式证书文件的路径（相对设置文件所在目录）",
        "CA certificate file {cafile} not found; give the path of a PEM file (relative to the settings file)",
    ),
    "mail.cafile-unusable": (
        "无法读取 CA 证书（{reason}）；cafile 应是 PEM 格式的证书文件（以 -----BEGIN CERTIFICATE----- 开头）",
        "cannot use the CA certificate ({reason}); cafile must be a PEM file (starting -----BEGIN CERTIFICATE-----)",
    ),
    "mail.no-password": (
        "找不到用户 {user} 的密码：请设置环境变量 {env}，或存入系统钥匙串：keyring set {service} {account}"
        "（钥匙串：{reason}）",
        "no password for user {user}: set {env}, or store it in the system keyring: "
        "keyring set {service} {account} (keyring: {reason})",
    ),
    # SMTP connection ------------------------------------------------------------------------------------
    "mail.host-unknown": (
        "找不到服务器 {host}；请检查主机名和网络",
        "server {host} not found; check the host name and the network",
    ),
    "mail.refused": (
        "服务器拒绝连接；请检查端口（465 用 tls，587 用 starttls）以及服务器是否在运行",
        "the server refused the connection; check the port (465 with tls, 587 with starttls) and that it runs",
    ),
    "mail.connect-timeout": (
        "等待服务器超过 {timeout} 秒没有回应；请检查网络，以及端口与 security 是否搭配（465 用 tls，587 用 starttls）",
        "no answer from the server within {timeout} s; check the network and that port and security match "
        "(465 with tls, 587 with starttls)",
    ),
    "mail.connect": (
        "无法连接服务器：{reason}",
        "cannot connect to the server: {reason}",
    ),
    "mail.greeting": (
        "服务器不接受连接：{reply}",
        "the server turned the connection down: {reply}",
    ),
    "mail.no-starttls": (
        "服务器不支持 STARTTLS，为免明文发送已停止；请改用 security: tls（端口 465），或咨询邮件管理员",
        "the server does not offer STARTTLS, so nothing was sent in clear; try security: tls (port 465) or ask "
        "the mail administrator",
    ),
    "mail.tls-verify": (
        "服务器证书无法验证（{reason}）；若服务器使用单位内部 CA 签发的证书，请在设置中用 cafile 给出该 CA 证书",
        "the server's certificate cannot be verified ({reason}); if it comes from an in-house CA, give that "
        "CA's certificate as cafile",
    ),
    "mail.tls": (
        "TLS 握手失败（{reason}）；端口与 security 可能不搭配：465 用 tls，587 用 starttls",
        "TLS handshake failed ({reason}); port and security may not match: 465 with tls, 587 with starttls",
    ),
    "mail.auth": (
        "登录失败（用户 {user}）：{reply}；请检查用户名和密码（环境变量 BRIEFING_SMTP_PASSWORD 或钥匙串）",
        "login failed (user {user}): {reply}; check the user and the password "
        "(BRIEFING_SMTP_PASSWORD or the keyring)",
    ),
    "mail.no-auth": (
        "服务器不支持登录（AUTH）；若无需登录，请删去设置中的 user",
        "the server does not offer login (AUTH); if none is needed, remove user from the settings",
    ),
    # the delivery manifest ------------------------------------------------------------------------------
    "manifest.json": (
        "发送记录不是有效的 JSON（{problem}）；若是手工改坏的，请恢复备份，或换一个输出目录重新发送",
        "the delivery manifest is not valid JSON ({problem}); restore it, or use a new output folder",
    ),
    "manifest.shape": (
        "发送记录的结构不对（应有 entries 列表）；这不是 briefing 写的 manifest.json，请换一个输出目录",
        "the delivery manifest has the wrong shape (it needs an entries list); use another output folder",
    ),
    "manifest.field": (
        "发送记录缺少这一项或不是文字；请恢复原文件",
        "this field of the delivery manifest is missing or not text; restore the file",
    ),
    "manifest.copy": (
        "份号“{text}”应为六位数字；请恢复原文件",
        "copy number '{text}' should be six digits; restore the file",
    ),
    "manifest.status": (
        "发送状态“{text}”无法识别；应为：{choices}",
        "delivery status '{text}' is not known; use one of: {choices}",
    ),
    # sending ----------------------------------------------------------------------------------------------
    "send.copy-taken": (
        "份号 {copy} 已于 {time} 发给 {name} <{email}>（见 {manifest}），不能再发给另一位收件人；"
        "多半是名单顺序变了、自动编号随之改变。请为各收件人写明原来的份号，或给这一位写一个未用过的份号，如 copy: {free}；"
        "若原地址有误、确需把这一份改发到新地址，请加 --resend {number}",
        "copy {copy} was sent to {name} <{email}> at {time} (see {manifest}) and cannot go to someone else; "
        "the list was probably reordered and automatic numbering shifted. Write each recipient's copy number, "
        "or give this one an unused number such as copy: {free}; if the old address was wrong and this copy "
        "must go to the new one, add --resend {number}",
    ),
    "send.has-copy": (
        "{name} <{email}> 已于 {time} 收到第 {copy} 号，再发第 {new} 号会使一人两份；"
        "若名单顺序变了，请写明 copy: {number}",
        "{name} <{email}> was sent copy {copy} at {time}; sending copy {new} would give them two. "
        "If the list was reordered, write copy: {number}",
    ),
    "manifest.locked": (
        "另一个 send 正在使用这个输出目录；请等它结束后再运行（同时运行可能把一份发两次）",
        "another send is using this output folder; wait for it to finish (two at once could send a copy twice)",
    ),
    "send.resend-unknown": (
        "--resend 给出的份号 {copies} 不在收件人名单中",
        "--resend names copy {copies}, which is not on the recipient list",
    ),
    "send.status.sent": ("已发送", "sent"),
    "send.status.failed": ("发送失败：{reply}", "failed: {reply}"),
    "send.status.sending": (
        "邮件已发出，但没有收到服务器的答复（{reply}），可能已经送达；不会自动重发（确认需要重发请加 --resend {number}）",
        "the message went out but no reply came ({reply}); it may have arrived, so it will not be resent "
        "automatically (add --resend {number} to send it again)",
    ),
    "send.status.dry-run": ("已写入 {path}（演练，未发送）", "written to {path} (dry run, not sent)"),
    "send.status.skipped": ("此前已发送，跳过", "sent before, skipped"),
    "send.status.changed": (
        "此前已发送，但材料或名单已有改动，现在生成的这一份与已发出的不同；未重发（确需重发请加 --resend {number}）",
        "sent before, but the packet or the list has changed since and this copy differs from the one sent; "
        "not resent (add --resend {number} to send it again)",
    ),
    "send.status.uncertain": (
        "上次发送到一半中断，无法确定对方是否已收到；未重发（确认需要时请加 --resend {number}，会沿用原 Message-ID）",
        "an earlier attempt was cut off and may have arrived; not resent (add --resend {number} to send it "
        "again with the same Message-ID)",
    ),
    "send.status.not-tried": (
        "未发送（连不上服务器）",
        "not sent (no connection to the server)",
    ),
    "send.summary": (
        "共 {total} 位收件人：{parts}。发送记录：{path}",
        "{total} recipients: {parts}. Manifest: {path}",
    ),
    "send.summary.dry-run": (
        "演练：共 {total} 位收件人：{parts}，未发送任何邮件。邮件文件与发送记录在 {path}",
        "dry run: {total} recipients: {parts}; nothing was sent. Messages and manifest are in {path}",
    ),
    "send.count.sent": ("已发送 {count}", "{count} sent"),
    "send.count.failed": ("失败 {count}", "{count} failed"),
    "send.count.sending": ("待确认 {count}", "{count} unconfirmed"),
    "send.count.dry-run": ("写出邮件 {count}", "{count} written"),
    "send.count.skipped": ("此前已发送 {count}", "{count} sent before"),
    "send.count.changed": ("已发送但有改动 {count}", "{count} sent before but changed"),
    "send.count.uncertain": ("上次中断 {count}", "{count} cut off earlier"),
    "send.count.not-tried": ("未尝试 {count}", "{count} not tried"),
    "send.failed-heading": (
        "以下收件人未能发送；问题解决后重新运行同一命令，只会补发这些：",
        "not sent to the following; once the problem is fixed, running the same command again sends only these:",
    ),
    "send.attention-heading": (
        "以下收件人需要您确认，未自动发送：",
        "these need your decision and were not sent automatically:",
    ),
    "send.aborted": (
        "已停止：余下 {count} 位收件人未尝试；问题解决后重新运行同一命令即可继续",
        "stopped: {count} recipient(s) not tried; once the problem is fixed, run the same command again to go on",
    ),
    "send.removed": (
        "第 {copy} 号此前已发给 {name} <{email}>，此人已不在名单中",
        "copy {copy} was sent earlier to {name} <{email}>, who is no longer on the list",
    ),
    # figures: a unit with no sensible guess
    "figure.unknown-unit-no-hint": (
        "“{text}”的单位“{unit}”无法识别；请改用常用单位，如 人、户、个、万元、亿元、%、亩、公里、吨",
        "unit '{unit}' in '{text}' is not known; use a common unit such as 人, 户, 个, 万元, 亿元, %, 亩, 公里, 吨",
    ),
    "unit.unknown-no-hint": (
        "单位“{unit}”无法识别；请改用常用单位，如 人、户、个、万元、亿元、%、亩、公里、吨",
        "unit '{unit}' is not known; use a common unit such as 人, 户, 个, 万元, 亿元, %, 亩, 公里, 吨",
    ),
    # --- import and export of spreadsheets and Word tables (briefing/office/) ---
    "import.row-left-out": (
        "“{name}”这一行因上一条的问题未导入，整行已在工作领域文件中写成注释；改正后删去行首的“# ”",
        "row '{name}' was not imported because of the problem above; the whole row is kept as comments in the "
        "area file, fix it and uncomment",
    ),
    "import.column-unmapped": (
        "表头“{header}”没有对应的字段，这一列未导入；在映射文件的 columns 下写 {header}: 字段名（或 ignore）",
        "no field for header '{header}', the column was not imported; map it in the mapping file under "
        "columns as {header}: field (or ignore)",
    ),
    "import.total-row": (
        "“{text}”是合计行，未作为项目导入（合计由程序计算；报告声明的合计请写在 declared 中）",
        "'{text}' is a total row, not imported as a row (totals are computed; write stated totals under declared)",
    ),
    "import.no-area": (
        "这些行之前没有工作领域标题行（如“一、扩大内需”），已归入“{title}”；请在表格中加标题行，"
        "或在映射文件的 sheets 下写 工作表名: 领域标题",
        "no area heading row (such as 一、扩大内需) above these rows, so they went into '{title}'; add a "
        "heading row, or map the sheet in the mapping file under sheets as sheet name: area title",
    ),
    "import.nothing-found": (
        "没有找到可导入的表格：需要有表头行，其中含指标名称或项目名称一列（如“指标名称、2023年目标”或“项目名称、总投资”）",
        "no table to import: a header row naming an indicator or a project column is needed (such as "
        "指标名称, 2023年目标 or 项目名称, 总投资)",
    ),
    "import.file-kind": (
        "不能读取 {suffix} 文件；可导入 .xlsx、.xlsm、.xls、.ods、.csv 和 .docx",
        "cannot read {suffix} files; import reads .xlsx, .xlsm, .xls, .ods, .csv and .docx",
    ),
    "import.file-unreadable": (
        "文件无法读取（{reason}）；请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
        "the file cannot be read ({reason}); open it in Excel or WPS, save it as .xlsx and try again",
    ),
    "import.file-too-large": (
        "文件过大（超过 {limit}）；任务分解表不会这么大，请检查是否选错了文件",
        "file too large (over {limit}); a task table is never this large, check that this is the right file",
    ),
    "import.too-many-rows": (
        "工作表超过 {limit} 行，未读取；请删去多余的行，只保留表格部分",
        "the sheet has more than {limit} rows and was not read; delete the extra rows",
    ),
    "import.too-many-columns": (
        "工作表超过 {limit} 列，未读取；请删去多余的列，只保留表格部分",
        "the sheet has more than {limit} columns and was not read; delete the extra columns",
    ),
    "import.too-many-cells": (
        "文件超过 {limit} 个非空单元格，其余部分未读取；请只保留要导入的表格",
        "the file has more than {limit} filled cells, the rest was not read; keep only the tables to import",
    ),
    "import.mapping-key": (
        "映射文件中不认识“{key}”；可写：{allowed}",
        "unknown key '{key}' in the mapping file; allowed: {allowed}",
    ),
    "import.mapping-shape": (
        "映射文件应是键值对，如 columns: {{完成时限: ignore}}",
        "the mapping file must be a mapping, e.g. columns: {{完成时限: ignore}}",
    ),
    "import.mapping-value": (
        "这里应写一个字段名或文字",
        "a field name or text is expected here",
    ),
    "import.mapping-field": (
        "“{text}”不是字段名；可写：{allowed}",
        "'{text}' is not a field name; use one of: {allowed}",
    ),
    "import.summary": (
        "已导入 {areas} 个工作领域、{targets} 项指标、{projects} 个重点项目，写入 {folder}",
        "imported {areas} areas, {targets} targets and {projects} projects into {folder}",
    ),
    "import.summary-clean": (
        "全部内容已导入，材料通过校验",
        "everything went in and the packet passes validation",
    ),
    "import.summary-left": (
        "以上 {count} 条：未导入的单元格已在工作领域文件的原处写成注释，表格中没有的项也以注释列出；"
        "请改正、补填后删去行首的“# ”，材料在此之前不能通过校验",
        "{count} item(s) above: cells not imported are kept as comments where they belong in the area files, "
        "and items the tables lack are listed as comments too; fix or fill them in and uncomment, the packet "
        "will not validate until then",
    ),
    "export.summary": (
        "已导出 {targets} 项指标、{projects} 个重点项目到 {path}",
        "exported {targets} targets and {projects} projects to {path}",
    ),
    # untrusted files and outputs (issue 10: -o over inputs, file kinds, links, layout geometry) -----------
    "load.is-folder": (
        "这是一个目录，不是文件；请给出 YAML 文件，或把这个目录移出去",
        "this is a folder, not a file; give a YAML file, or move the folder away",
    ),
    "load.dangling-link": (
        "这是一个失效的符号链接（它指向的文件已被删除或移走）；请把文件本身复制到这里，或删去这个链接",
        "this is a broken symbolic link (what it points to was deleted or moved); copy the file itself here, or remove the link",
    ),
    "load.link-outside": (
        "这是指向材料目录之外的符号链接，为安全起见不予读取；请把文件本身复制到材料目录中",
        "this is a symbolic link to a place outside the packet folder and is not read, for safety; replace the link with a copy of the file",
    ),
    "load.name-too-long": (
        "文件名“{file}”过长（{bytes} 字节，文件系统最多允许 {most} 字节）；请改用短一些的文件名",
        "the file name '{file}' is too long ({bytes} bytes; file systems allow {most}); use a shorter name",
    ),
    "load.folder-unreadable": (
        "无法进入目录 {folder}：{reason}；请检查目录的权限（须可读、可进入）",
        "cannot enter the folder {folder}: {reason}; check its permissions (it must be readable and searchable)",
    ),
    "load.areas-not-folder": (
        "{folder} 应是存放工作领域文件的目录，这里却是一个文件；请删去或改名，再建立 {folder} 目录",
        "{folder} must be the folder holding the area files, but it is a file; remove or rename it and create the folder",
    ),
    "deliver.name-too-long": (
        "文件名过长（{bytes} 字节，文件系统最多允许 {most} 字节）；请改用短一些的文件名",
        "the file name is too long ({bytes} bytes; file systems allow {most}); use a shorter name",
    ),
    "deliver.not-a-folder": (
        "无法写入：路径中的 {folder} 是文件，不是目录；请改正路径，或换一个输出位置",
        "cannot write: {folder} on the way is a file, not a folder; fix the path or write somewhere else",
    ),
    "layout.length-range": (
        "{label}“{text}”超出范围；应在 {low} 至 {high} 之间",
        "{label} '{text}' is out of range; it must be from {low} to {high}",
    ),
    "layout.length-positive": (
        "{label}“{text}”超出范围；应大于 0、不超过 {high}",
        "{label} '{text}' is out of range; it must be more than 0 and at most {high}",
    ),
    "layout.length-unit": (
        "{label}“{text}”不能以“字”为单位（边距和表格线不随字号而变）；应写成 37mm 或 16pt",
        "{label} '{text}' cannot be given in 字 (margins and rules do not follow a type size); write 37mm or 16pt",
    ),
    "layout.style-required": (
        "styles 中缺少样式“{name}”（{label}），这个版式须定义它；请补上，可从自带的 gbt9704 或 briefing 版式复制",
        "styles lacks '{name}' ({label}), which this layout needs; add it, e.g. copied from the shipped gbt9704 or briefing layout",
    ),
    # issue 10 points 2, 7 and 8 (sec-caches): caches that others could write, and untrusted font files
    "cache.not-owned": (
        "警告：缓存 {path} 不属于当前用户（属于用户编号 {owner}），其中的内容可能被他人改写，本次不使用，"
        "照常生成；请删除它，或用 BRIEFING_CACHE 指向只有自己可写的目录",
        "warning: the cache {path} belongs to another user (uid {owner}) and could hold their content: it was"
        " not used, the build goes on without it; delete it, or point BRIEFING_CACHE at a folder only you can"
        " write",
    ),
    "cache.writable": (
        "警告：缓存 {path} 可被其他用户写入（权限 {mode}），本次不使用，照常生成；请运行 chmod go-w {path}，"
        "或删除它",
        "warning: the cache {path} is writable by other users (mode {mode}): it was not used, the build goes"
        " on without it; run chmod go-w {path}, or delete it",
    ),
    "cache.symlink": (
        "警告：缓存 {path} 是符号链接，可能指向他人的文件，本次不使用，照常生成；请删除这个链接，下次生成时会重建",
        "warning: the cache {path} is a symbolic link and could lead to someone else's files: it was not used,"
        " the build goes on without it; delete the link and the next build makes it afresh",
    ),
    "cache.not-folder": (
        "警告：缓存位置 {path} 不是目录，本次不使用缓存，照常生成；请删除或移走它",
        "warning: the cache location {path} is not a folder: no cache was used, the build goes on without it;"
        " delete or move it",
    ),
    "cache.not-file": (
        "警告：缓存 {path} 不是普通文件，本次不使用，照常生成；请删除它",
        "warning: the cache entry {path} is not a plain file: it was not used, the build goes on without it;"
        " delete it",
    ),
    "font.linked-outside": (
        "{file} 是指向所在材料或版式目录之外的符号链接，出于安全考虑不予读取；请把字体文件本身复制到这里，不要用链接",
        "{file} is a symbolic link leading outside its packet or layout folder and is not read, for safety;"
        " copy the font file itself here instead of linking to it",
    ),
    "font.corrupt": (
        "字体文件 {file} 已损坏或不完整（例如复制中断），无法读取；请重新复制或下载该字体文件",
        "font file {file} is damaged or incomplete (an interrupted copy?) and cannot be read; copy or download"
        " it again",
    ),
    "font.not-truetype": (
        "{file} 不是 TrueType 字体（文件开头没有 TrueType 字体的标志，可能是改了扩展名的其他文件）；"
        "请换用 .ttf 或 .ttc 字体文件",
        "{file} is not a TrueType font (it does not start as one; another kind of file renamed?); use a .ttf"
        " or .ttc font file",
    ),
    "font.cff": (
        "{file} 是 PostScript（CFF）轮廓的 OpenType 字体，无法嵌入；请先转换为 TrueType 轮廓（.ttf），或换用 .ttf 字体",
        "{file} is an OpenType font with PostScript (CFF) outlines, which cannot be embedded; convert it to"
        " TrueType outlines (.ttf) or use a .ttf font",
    ),
    "font.bad-index": (
        "字体集 {file} 中没有序号为 {index} 的字体（共 {count} 个，序号 0–{last}）；请改正 index",
        "font collection {file} has no font number {index} (it holds {count}, numbered 0-{last}); correct"
        " index",
    ),
    "font.too-large": (
        "字体文件 {file} 过大（{size} MB，上限 {limit} MB）；请换用该字体的单个 .ttf 文件或其子集",
        "font file {file} is too large ({size} MB, at most {limit} MB); use a single .ttf of the face or a"
        " subset of it",
    ),
    "font.unreadable": (
        "无法读取字体文件 {file}（{reason}）；请检查文件是否存在、是否有读取权限",
        "cannot read font file {file} ({reason}); check that it exists and that you may read it",
    ),
    # layout templates are foreign code (sandbox.py): what they may not do, and the limits they ran into --
    "template.include": (
        "版式模板不能使用 {{% {tag} %}}：每个模板须自成一体，不能读入其他文件；请把要用的内容直接写进本模板，"
        "重复的部分写成本模板内的宏（{{% macro %}}）",
        "a layout template cannot use {{% {tag} %}}: each template must stand alone and cannot read other "
        "files; write what you need into this template, repeated parts as a {{% macro %}} in it",
    ),
    "template.unsafe": (
        "模板使用了不允许的功能：{problem}；版式模板只能读取材料数据的字段，使用过滤器和少数文字方法（如 upper、"
        "replace、format）",
        "the template uses something not allowed: {problem}; a layout template may only read the data's "
        "fields, use filters and a few text methods (such as upper, replace, format)",
    ),
    "template.undefined": (
        "模板出错：{problem}；名称或字段写错了，或数据中没有这一项（可用 {{% if … is defined %}} 或 default "
        "过滤器处理）",
        "template error: {problem}; a name or field is misspelt or missing from the data (check the spelling, "
        "or guard it with {{% if … is defined %}} or the default filter)",
    ),
    "template.arithmetic": (
        "模板中的计算出错：{problem}（例如除以零）；请检查模板这一行的算式",
        "a calculation in the template failed: {problem} (such as a division by zero); check the "
        "arithmetic on this line",
    ),
    "template.nesting": (
        "模板嵌套过深（括号或 {{% if %}}、{{% for %}} 的层数太多），无法编译；请把模板改得简单些",
        "the template is nested too deeply (brackets, or {{% if %}} and {{% for %}} blocks) to be compiled; "
        "write it more simply",
    ),
    "template.too-long": (
        "模板超过 {limit} 个字符，不予编译；版式模板应当简短，数据请写在材料里",
        "the template is longer than {limit} characters and is not compiled; keep layout templates short, "
        "data belongs in the packet",
    ),
    "template.runaway.steps": (
        "模板运行超过 {limit} 步（循环、调用和运算合计），已停止；请检查这一行附近的循环和宏，是否会无尽地重复",
        "the template took more than {limit} steps (loop passes, calls and operations) and was stopped; check "
        "the loops and macros near this line for endless repetition",
    ),
    "template.runaway.seconds": (
        "模板运行超过 {limit} 秒，已停止；请检查这一行附近的循环和宏，是否会无尽地重复",
        "the template ran for more than {limit} seconds and was stopped; check the loops and macros near this "
        "line for endless repetition",
    ),
    "template.runaway.output": (
        "模板输出超过 {limit} 个字符，已停止；请检查这一行是否在循环中重复输出",
        "the template printed more than {limit} characters and was stopped; check whether this line prints "
        "over and over in a loop",
    ),
    "template.runaway.text": (
        "模板要生成一段超过 {limit} 个字符的文字（例如 'x' * 很大的数，或很宽的 center、indent），已停止；请检查这一行",
        "the template would make a text longer than {limit} characters (such as 'x' * a huge number, or a "
        "very wide center or indent) and was stopped; check this line",
    ),
    "template.runaway.produced": (
        "模板生成的文字合计超过 {limit} 个字符，已停止；请检查这一行附近的循环和宏",
        "the template made more than {limit} characters of text in all and was stopped; check the loops and "
        "macros near this line",
    ),
    "template.runaway.items": (
        "模板要生成超过 {limit} 项的列表，已停止；请检查这一行",
        "the template would make a list of more than {limit} items and was stopped; check this line",
    ),
    "template.runaway.range": (
        "range() 最多给出 {limit} 个数，这里要的更多；请缩小范围",
        "range() gives at most {limit} numbers and more were asked for; use a smaller range",
    ),
    "template.runaway.depth": (
        "宏的调用嵌套超过 {limit} 层（宏可能在无尽地调用自己），已停止；请给递归加上终止条件",
        "macro calls nested more than {limit} deep (a macro may be calling itself endlessly) and were "
        "stopped; give the recursion an end",
    ),
    "template.runaway.digits": (
        "模板要算出超过 {limit} 位的数（例如 10**5000），已停止；请检查这一行的算式",
        "the template would make a number of more than {limit} digits (such as 10**5000) and was stopped; "
        "check the arithmetic on this line",
    ),
    "template.runaway.width": (
        "格式中的宽度或精度超过 {limit}（或用 * 给出），已停止；请写较小的宽度，例如 %10s 或 {{:>10}}",
        "a width or precision in a format is over {limit} (or given by *); use a small width such as %10s "
        "or {{:>10}}",
    ),
    "template.runaway.recursion": (
        "模板递归或嵌套过深（宏调用自己，或列表一层套一层），已停止；请给递归加上终止条件",
        "the template recursed or nested too deeply (a macro calling itself, or lists inside lists) and was "
        "stopped; give the recursion an end",
    ),
    "template.runaway.collected": (
        "模板生成的列表和映射合计超过 {limit} 项，已停止；请检查这一行附近的循环是否在不断累积数据",
        "the template made lists and mappings of more than {limit} items in all and was stopped; check "
        "whether the loops near this line keep piling up data",
    ),
    "template.runaway.memory": (
        "模板运行占用的内存增长超过 {limit} MiB（或内存已耗尽），已停止；请检查这一行附近的循环和运算",
        "the template grew memory by more than {limit} MiB (or ran out of it) and was stopped; check the "
        "loops and operations near this line",
    ),
    # --- diff: change reports between two packets (briefing/diff/) ---
    "diff.git-no-revision": (
        "git 仓库中没有修订版本“{revision}”；请写出存在的提交、分支或标签，如 HEAD~1、main、v1.0（git log --oneline 可查）",
        "the git repository has no revision '{revision}'; give a commit, branch or tag that exists, such as "
        "HEAD~1, main or v1.0 (see git log --oneline)",
    ),
    "diff.git-no-folder": (
        "修订版本 {revision} 中没有目录“{folder}”；请检查目录名，或用 git log -- {folder} 查看它在哪些版本中存在",
        "revision {revision} has no folder '{folder}'; check the name, or see git log -- {folder} for the "
        "revisions that have it",
    ),
    "diff.git-not-repository": (
        "“{folder}”不在 git 仓库中，无法读取修订版本 {revision}；请给出仓库里的材料目录，或去掉“@{revision}”直接比较目录",
        "'{folder}' is not inside a git repository, so revision {revision} cannot be read; give a packet "
        "folder inside a repository, or drop '@{revision}' to compare the folder as it is",
    ),
    "diff.git-outside": (
        "“{folder}”在 git 仓库之外；请给出仓库里的材料目录",
        "'{folder}' lies outside the git repository; give a packet folder inside it",
    ),
    "diff.git-unsafe": (
        "git 拒绝读取这个仓库：它属于另一个用户；确认仓库可信后，运行 git config --global --add safe.directory 仓库路径",
        "git refuses to read this repository because another user owns it; if you trust it, run "
        "git config --global --add safe.directory PATH-OF-REPOSITORY",
    ),
    "diff.git-failed": (
        "git 读取修订版本 {revision} 失败：{reason}",
        "git could not read revision {revision}: {reason}",
    ),
    "diff.git-missing": (
        "找不到 git 程序（{reason}）；读取修订版本需要安装 git，或改为比较两个目录",
        "git was not found ({reason}); reading a revision needs git installed, or compare two folders instead",
    ),
    "diff.git-timeout": (
        "git 在 {seconds} 秒内没有读完修订版本 {revision}；请检查仓库是否完好（git fsck），或改为比较两个目录",
        "git did not finish reading revision {revision} within {seconds} seconds; check the repository "
        "(git fsck), or compare two folders instead",
    ),
    "diff.git-too-many": (
        "修订版本 {revision} 中的“{folder}”过大（工作领域文件超过 {limit} 个，或合计超过 64 MB）；请检查目录是否选对",
        "'{folder}' at revision {revision} is too large (more than {limit} area files, or over 64 MB in all); "
        "check that this is the right folder",
    ),
    "diff.heading": ("修改对照：{old} → {new}", "Changes from {old} to {new}"),
    "diff.no-changes": ("两份材料内容相同，没有改动。", "The two packets are the same: no changes."),
    "diff.packet-heading": ("材料信息", "Packet"),
    "diff.area-order": ("工作领域顺序调整：{old} → {new}", "areas reordered: {old} → {new}"),
    "diff.area.added": (
        "新增工作领域：{title}（{key}，{targets} 项指标、{projects} 个项目）",
        "Area added: {title} ({key}; {targets} targets, {projects} projects)",
    ),
    "diff.area.removed": (
        "删除工作领域：{title}（{key}，{targets} 项指标、{projects} 个项目）",
        "Area removed: {title} ({key}; {targets} targets, {projects} projects)",
    ),
    "diff.area.renamed": (
        "工作领域改名：{old_title}（{old_key}）→ {title}（{key}）",
        "Area renamed: {old_title} ({old_key}) → {title} ({key})",
    ),
    "diff.area.changed": ("工作领域：{title}（{key}）", "Area: {title} ({key})"),
    "diff.absent": ("（空）", "(none)"),
    "diff.field-changed": ("{field}由“{old}”改为“{new}”", "{field} {old} → {new}"),
    "diff.field-wording": (
        "{field}由“{old}”改为“{new}”（数值未变，写法不同）",
        "{field} {old} → {new} (same figure, worded differently)",
    ),
    "diff.field-set": ("{field}新填“{new}”", "{field} set to {new}"),
    "diff.field-cleared": ("{field}删去“{old}”", "{field} {old} removed"),
    "diff.field-value": ("{field}为{value}", "{field} {value}"),
    "diff.target.added": ("新增指标“{item}”：{details}", "target added: {item}: {details}"),
    "diff.target.removed": ("删除指标“{item}”：{details}", "target removed: {item}: {details}"),
    "diff.target.changed": ("修改指标“{item}”：{details}", "target changed: {item}: {details}"),
    "diff.target.renamed": (
        "指标改名“{old_item}”→“{item}”：其余各项未变",
        "target renamed: {old_item} → {item}; nothing else changed",
    ),
    "diff.project.added": ("新增项目“{item}”：{details}", "project added: {item}: {details}"),
    "diff.project.removed": ("删除项目“{item}”：{details}", "project dropped: {item}: {details}"),
    "diff.project.changed": ("修改项目“{item}”：{details}", "project changed: {item}: {details}"),
    "diff.project.renamed": (
        "项目改名“{old_item}”→“{item}”：其余各项未变",
        "project renamed: {old_item} → {item}; nothing else changed",
    ),
    "diff.project.moved": ("项目“{item}”换了领域：{details}", "project moved: {item}: {details}"),
    "diff.reordered.targets": ("指标顺序调整", "targets reordered"),
    "diff.reordered.projects": ("项目顺序调整", "projects reordered"),
    "diff.text": ("{field}的改动：", "{field}:"),
    "diff.text-paragraphs": ("{field}的改动（{old} 段 → {new} 段）：", "{field} ({old} → {new} paragraphs):"),
    "diff.sentence.added": ("第{paragraph}段 新增：{sentence}", "paragraph {paragraph}, added: {sentence}"),
    "diff.sentence.removed": (
        "原第{paragraph}段 删去：{sentence}",
        "old paragraph {paragraph}, removed: {sentence}",
    ),
    "diff.sentence.replaced": (
        "第{paragraph}段 改写：{sentence}",
        "paragraph {paragraph}, rewritten: {sentence}",
    ),
    "diff.area-totals": ("本领域合计：{totals}", "area totals: {totals}"),
    "diff.packet-totals": ("整本材料合计：{totals}", "Packet totals: {totals}"),
    "diff.totals.count": ("项目 {old} → {new} 个", "projects {old} → {new}"),
    "diff.totals.new": ("新建 {old} → {new} 个", "new {old} → {new}"),
    "diff.totals.continued": ("续建 {old} → {new} 个", "continued {old} → {new}"),
    "diff.totals.total_investment": ("总投资 {old} → {new}", "total investment {old} → {new}"),
    "diff.totals.annual_investment": (
        "年度计划投资 {old} → {new}",
        "investment this year {old} → {new}",
    ),
    "diff.totals.listed": (
        "列明投资额的项目数有变化",
        "the number of projects giving an investment changed",
    ),
    "diff.legend": (
        "（改写句中 [-…-] 为删去的文字，{{+…+}} 为新增的文字）",
        "(in rewritten sentences, [-…-] marks deleted text and {{+…+}} inserted text)",
    ),
    "diff.truncated": (
        "注：部分文字超出逐字比较的限额，只粗略标出改动（改写句的中间部分整段标为删去和新增）。",
        "Note: some texts were past the limit for a character-level comparison and are marked coarsely "
        "(the changed middle of a rewrite shown as one deletion and one insertion).",
    ),
    "diff.tally": ("共计：{parts}。", "In all: {parts}."),
    "diff.count.fields": ("修改字段 {count} 处", "{count} field(s) changed"),
    "diff.count.areas.added": ("新增工作领域 {count} 个", "{count} area(s) added"),
    "diff.count.areas.removed": ("删除工作领域 {count} 个", "{count} area(s) removed"),
    "diff.count.areas.renamed": ("工作领域改名 {count} 个", "{count} area(s) renamed"),
    "diff.count.targets.added": ("新增指标 {count} 项", "{count} target(s) added"),
    "diff.count.targets.removed": ("删除指标 {count} 项", "{count} target(s) removed"),
    "diff.count.targets.renamed": ("指标改名 {count} 项", "{count} target(s) renamed"),
    "diff.count.targets.changed": ("修改指标 {count} 项", "{count} target(s) changed"),
    "diff.count.projects.added": ("新增项目 {count} 个", "{count} project(s) added"),
    "diff.count.projects.removed": ("删除项目 {count} 个", "{count} project(s) dropped"),
    "diff.count.projects.renamed": ("项目改名 {count} 个", "{count} project(s) renamed"),
    "diff.count.projects.moved": ("项目换领域 {count} 个", "{count} project(s) moved"),
    "diff.count.projects.changed": ("修改项目 {count} 个", "{count} project(s) changed"),
    "diff.count.sentences.added": ("新增语句 {count} 句", "{count} sentence(s) added"),
    "diff.count.sentences.removed": ("删去语句 {count} 句", "{count} sentence(s) removed"),
    "diff.count.sentences.replaced": ("改写语句 {count} 句", "{count} sentence(s) rewritten"),
    "diff.field.title": ("标题", "title"),
    "diff.field.meeting": ("会议名称", "meeting"),
    "diff.field.issuer": ("编印单位", "issuer"),
    "diff.field.date": ("编印日期", "date"),
    "diff.field.year": ("工作年度", "year"),
    "diff.field.classification": ("发放范围", "classification"),
    "diff.field.secrecy": ("密级", "secrecy"),
    "diff.field.urgency": ("紧急程度", "urgency"),
    "diff.field.draft": ("稿本标记", "draft"),
    "diff.field.layout": ("版式", "layout"),
    "diff.field.lead_unit": ("牵头单位", "lead unit"),
    "diff.field.leader": ("责任领导", "leader"),
    "diff.field.unit": ("单位", "unit"),
    "diff.field.last_year": ("上年", "last year"),
    "diff.field.target": ("目标", "target"),
    "diff.field.note": ("备注", "note"),
    "diff.field.kind": ("建设性质", "kind"),
    "diff.field.total_investment": ("总投资", "total investment"),
    "diff.field.annual_investment": ("年度计划投资", "investment this year"),
    "diff.field.period": ("建设期限", "period"),
    "diff.field.status": ("进展或年度目标", "status"),
    "diff.field.area": ("所属领域", "area"),
    "diff.field.declared.complete": ("申报清单已列全", "declared list complete"),
    "diff.field.declared.count": ("申报项目个数", "declared projects"),
    "diff.field.declared.new": ("申报新建个数", "declared new projects"),
    "diff.field.declared.continued": ("申报续建个数", "declared continued projects"),
    "diff.field.declared.total_investment": ("申报总投资", "declared total investment"),
    "diff.field.declared.annual_investment": ("申报年度计划投资", "declared investment this year"),
    "diff.field.declared.note": ("申报合计说明", "declared totals note"),
    "diff.field.summary": ("本年工作安排", "this year's plan"),
    "diff.field.last_year_results": ("上年工作成效", "last year's results"),
    # issue 10, points 8 and 11-14: names in mail headers, the send record and what lies beside it --------
    "recipient.encoded-word": (
        "{label}中含有“=?…?=”形式的编码字（RFC 2047）；邮件客户端会把它解码成别的文字，可被用来伪造收件人或主题，"
        "请直接写出文字本身",
        "{label} contains an RFC 2047 encoded-word (=?…?=); mail clients decode it into other text, which can "
        "forge the recipient or subject: write the plain text instead",
    ),
    "recipient.address-in-name": (
        "姓名中不能有 @、< 或 >：收件人会把它当成另一个邮箱地址；姓名只写姓名，邮箱写在 email 中",
        "a name cannot contain @, < or >: the recipient would read it as another address; write only the "
        "name here and the address in email",
    ),
    "recipient.name-too-long": (
        "姓名过长（{count} 个字符）；姓名最多 {most} 个字符，职务和单位请写在 organisation 中",
        "the name is too long ({count} characters); write at most {most}, and put titles and the office in "
        "organisation",
    ),
    "mail.encoded-word": (
        "{label}中含有“=?…?=”形式的编码字（RFC 2047）；邮件客户端会把它解码成别的文字，可被用来伪造发件人，"
        "请直接写出文字本身",
        "{label} contains an RFC 2047 encoded-word (=?…?=); mail clients decode it into other text, which can "
        "forge the sender: write the plain text instead",
    ),
    "mail.address-in-name": (
        "{label}中不能有 @、< 或 >：收件人会把它当成发件地址；这里只写名称，地址写在 sender 中",
        "{label} cannot contain @, < or >: recipients would read it as the sender's address; write only "
        "the name here and the address in sender",
    ),
    "manifest.too-deep": (
        "发送记录嵌套层次过深，不是 briefing 写的；请恢复原文件，或换一个输出目录",
        "the delivery record is nested far too deep to be one briefing wrote; restore the file, or use "
        "another output folder",
    ),
    "send.unrecorded": (
        "输出目录 {folder} 中有 {count} 个编号份或邮件文件（{files}，共 {copies} 份）在发送记录中没有记录："
        "记录可能丢失、被清空或被删去了几行，这些份可能已经发出，为免重发，未发送任何邮件。"
        "若它们从未发出（如 build --recipients 或 --dry-run 生成的），请删去这些文件或换一个输出目录；"
        "若已发出，请恢复原来的 manifest.json，或加 --assume-sent 把它们记为可能已发出（不重发）；"
        "确需重发某几份，请加 --resend 份号，如 --resend {numbers}",
        "the output folder {folder} holds {count} copy or message file(s) ({files}; {copies} copies) that "
        "the delivery record has no row for: the record may have been lost, emptied or edited, and these "
        "copies may have gone out, so nothing was sent. If they never went out (written by build "
        "--recipients or --dry-run), delete them or use another output folder; if they did, restore "
        "manifest.json, or add --assume-sent to record them as possibly sent (not resent); to send some "
        "again, add --resend with their numbers, e.g. --resend {numbers}",
    ),
    # house-cli: the command line (usage errors exit 2; what commands print)
    "cli.usage": ("briefing: 用法错误：{problem}", "briefing: usage error: {problem}"),
    "cli.usage-hint": ("运行 briefing --help 查看用法", "run briefing --help for usage"),
    "cli.in-command": ("（{command} 命令）", " (command {command})"),
    "cli.terminated": ("已终止", "terminated"),
    "cli.interrupted": ("已中断", "interrupted"),
    "cli.internal": (
        "briefing 内部错误，请把这条信息报告给维护者: {kind}: {error}",
        "internal error in briefing, please report: {kind}: {error}",
    ),
    "cli.problems": ("共 {count} 个问题，未生成任何文件。", "{count} problem(s); nothing was written."),
    "cli.args.required": (
        "缺少参数：{names}；请在命令中给出",
        "the following arguments are required: {names}; give them on the command line",
    ),
    "cli.args.unknown": (
        "无法识别的参数：{names}；请删去，或用 --help 查看可用的参数",
        "unrecognized arguments: {names}; remove them, or see --help for the arguments allowed",
    ),
    "cli.args.choice": (
        "参数 {argument} 的值“{value}”是无效的选项；可选：{choices}",
        "argument {argument}: invalid choice '{value}'; choose from {choices}",
    ),
    "cli.args.missing-value": (
        "参数 {argument} 需要一个参数值；请写在它后面",
        "argument {argument} expected one argument; write its value after it",
    ),
    "cli.args.count": (
        "参数 {argument} 后面的值的个数不对；请按 --help 所示写",
        "argument {argument}: wrong number of values; write them as --help shows",
    ),
    "cli.args.number": (
        "参数 {argument} 应为整数（如 12），而不是“{value}”",
        "argument {argument} must be a whole number (e.g. 12), not '{value}'",
    ),
    "cli.args.value": (
        "参数 {argument} 的值“{value}”无效；请按 --help 所示写",
        "argument {argument}: invalid value '{value}'; write it as --help shows",
    ),
    "cli.args.no-value": (
        "选项 {argument} 不带值；请去掉“={value}”",
        "option {argument} takes no value; remove '={value}'",
    ),
    "cli.args.ambiguous": (
        "选项 {option} 不明确，可能是 {matches}；请写出完整的选项名",
        "ambiguous option {option}: it could be {matches}; write the option in full",
    ),
    "cli.args.other": (
        "命令行有误（{problem}）；请用 --help 查看用法",
        "{problem}; see --help for usage",
    ),
    "cli.packet-folder": (
        "材料目录“{folder}”不存在或不是目录；请给出含 packet.yaml 的目录",
        "packet folder '{folder}' does not exist or is not a folder; give the folder holding packet.yaml",
    ),
    "cli.not-a-file.folder": (
        "{what} {path} 是目录，不是文件；请给出文件",
        "{what} {path} is a folder, not a file; give a file",
    ),
    "cli.not-a-file.other": (
        "{what} {path} 不是普通文件（是管道或设备）；请给出文件",
        "{what} {path} is not a regular file (a pipe or device); give a file",
    ),
    "cli.not-a-file.missing": (
        "{what} {path} 不存在；请检查文件名和所在目录",
        "{what} {path} does not exist; check the name and the folder",
    ),
    "cli.what.recipients": ("收件人名单", "recipient list"),
    "cli.what.mail-settings": ("发信设置文件", "mail settings file"),
    "cli.what.table": ("表格文件", "table file"),
    "cli.what.mapping": ("映射文件", "mapping file"),
    "cli.clash": (
        "{option} 会把输出写到 {output}，而它就是本次要读取的{role}（{used}），写入会毁掉它；请另选输出位置",
        "{option} would write {output}, which is {role} this command reads ({used}) and would be destroyed; "
        "choose another output",
    ),
    "cli.role.packet": ("材料文件 packet.yaml", "the packet's packet.yaml"),
    "cli.role.area": ("工作领域文件", "an area file"),
    "cli.role.layout": ("版式文件", "a layout file"),
    "cli.role.font": ("字体文件", "a font file"),
    "cli.role.recipients": ("收件人名单", "the recipient list"),
    "cli.role.settings": ("发信设置文件", "the mail settings file"),
    "cli.draft-control-char": (
        "--draft 的文字中有控制字符 {char}，印不出来；请删去这个字符，如 --draft 征求意见稿",
        "--draft has the control character {char}, which cannot be printed; remove it, e.g. --draft 征求意见稿",
    ),
    "cli.copy-number-range": (
        "--copy-number 应在 1 到 999999 之间，如 --copy-number 12",
        "--copy-number must be from 1 to 999999, e.g. --copy-number 12",
    ),
    "cli.copy-number-with-recipients": (
        "--copy-number 与 --recipients 不能同用（编号份的份号来自收件人名单）；请去掉 --copy-number",
        "--copy-number and --recipients exclude each other (copies take their numbers from the list); "
        "drop --copy-number",
    ),
    "cli.copies-into-file": (
        "编号份要写入目录，而 {path} 是文件；请给出目录",
        "numbered copies go into a folder, but {path} is a file; give a folder",
    ),
    "cli.format-mismatch": (
        "--format {format} 与输出文件 {output} 的扩展名不符；请改扩展名为 .{format}，或去掉 --format",
        "--format {format} does not match the output file {output}; name it .{format} or drop --format",
    ),
    "cli.embed-fonts-pdf": (
        "--embed-fonts 只用于 Word 输出（-o 文件.docx 或 --format docx）；PDF 总是嵌入所用字体",
        "--embed-fonts is for Word output only (-o file.docx or --format docx); a PDF always embeds its fonts",
    ),
    "cli.output-needed": (
        "-o 需要一个 PDF 文件名，如 -o 材料.pdf",
        "-o needs a PDF file name, e.g. -o packet.pdf",
    ),
    "cli.output-is-folder": (
        "-o 应是 PDF 文件名，而“{path}”是目录（只有给了 --recipients，编号份才写入目录）",
        "-o takes a PDF file name, but '{path}' is a folder (only numbered copies, with --recipients, go "
        "into a folder)",
    ),
    "cli.validate.summary": (
        "校验通过：{areas} 个工作领域，{targets} 项指标，{projects} 个重点项目（新建 {new}、续建 {continued}{unknown}），"
        "列明总投资 {investment}，年度计划投资 {this_year}",
        "valid: {areas} areas, {targets} targets, {projects} projects ({new} new, {continued} continued{unknown}), "
        "listed total investment {investment}, this year {this_year}",
    ),
    "cli.validate.partly-given": ("（{known}/{count} 个项目列明）", " ({known} of {count} given)"),
    "cli.validate.declared": (
        "；申报 {count} 个、总投资 {investment}",
        "; declared {count} projects, {investment}",
    ),
    "cli.build.written": (
        "已生成 {path}（{pages} 页，{size} 字节）",
        "wrote {path} ({pages} pages, {size} bytes)",
    ),
    "cli.build.synthetic-bold": (
        "模拟粗体（描边）用于样式：{styles}",
        "synthetic bold (stroked) used in: {styles}",
    ),
    "cli.build.copies-written": (
        "已生成 {count} 份编号材料，位于 {path}",
        "wrote {count} numbered copies to {path}",
    ),
    "cli.init.not-empty": (
        "{path} 已存在且不为空；请换一个新目录",
        "{path} exists and is not empty; choose a new folder",
    ),
    "cli.init.written": (
        "已新建示例材料；编辑后运行 briefing validate {path}",
        "starter written; edit it, then run briefing validate {path}",
    ),
    "cli.send.out-is-file": (
        "输出目录 {path} 是文件；请给出目录（不存在时会新建）",
        "the output folder {path} is a file; give a folder (made if it does not exist)",
    ),
    "cli.send.resend-number": (
        "--resend 的份号“{value}”应为 1 到 999999 之间的整数，如 --resend 3",
        "--resend takes copy numbers from 1 to 999999, e.g. --resend 3 (not '{value}')",
    ),
    "cli.import.output-needed": (
        "-o 需要一个目录名，如 -o 新材料",
        "-o needs a folder name, e.g. -o new-packet",
    ),
    "cli.import.not-empty": (
        "{path} 已存在且不为空；import 只写入新目录，不会覆盖或合并已有材料。"
        "请换一个新目录，再把需要的内容合并到已有材料中",
        "{path} exists and is not empty; import only writes a new folder and never overwrites or merges "
        "into an existing packet. Choose a new folder, then merge what you need by hand",
    ),
    "cli.export.not-xlsx": (
        "-o 应是 .xlsx 文件名，而不是“{path}”",
        "-o takes an .xlsx file name, not '{path}'",
    ),
    "cli.export.is-folder": (
        "-o 应是文件名，而“{path}”是目录",
        "-o takes a file name, but '{path}' is a folder",
    ),
    "cli.export.into-areas": (
        "不能写入材料的 areas/ 目录；请把表格写到别处，如 -o 指标与项目.xlsx",
        "the workbook may not go into the packet's areas/ folder; write it elsewhere, e.g. -o tables.xlsx",
    ),
    "cli.diff.packet-folder": (
        "材料目录“{folder}”不存在或不是目录；请给出含 packet.yaml 的目录，或 目录@修订版本",
        "packet folder '{folder}' does not exist or is not a folder; give the folder holding packet.yaml, "
        "or folder@revision",
    ),
    "cli.diff.revision": (
        "“{label}”中的修订版本应是一个提交、分支或标签名，如 HEAD~1、main、v1.0（不能为空、以 - 开头或含空白）",
        "the revision in '{label}' must be a commit, branch or tag, e.g. HEAD~1, main, v1.0 (not empty, "
        "not starting with -, no spaces)",
    ),
    "cli.diff.git-with-two": (
        "--git 只与一个目录同用（原材料为该目录在修订版本中的内容）；比较两个修订版本请写 目录@版本1 目录@版本2",
        "--git takes one folder (compared with itself at the revision); to compare two revisions write "
        "folder@rev1 folder@rev2",
    ),
    "cli.diff.needs-two": (
        "需要两份材料：briefing diff 原材料 新材料（或 briefing diff --git 修订版本 目录）",
        "two packets are needed: briefing diff OLD NEW (or briefing diff --git REVISION FOLDER)",
    ),
    # --- Word output (briefing/word/, the layout's word: section) ---
    "word.font-name": (
        "Word 字体名“{name}”不能用：应为 1 到 {limit} 个字符，不含逗号、分号、引号或控制字符；"
        "请写字体在 Word 字体列表中显示的名字，如 仿宋_GB2312",
        "Word font name '{name}' cannot be used: it must be 1 to {limit} characters without commas, "
        "semicolons, quotes or control characters; write the name Word's font list shows, e.g. 仿宋_GB2312",
    ),
    "word.font-names-empty": (
        "这里至少要写一个 Word 字体名，如 [仿宋_GB2312, 仿宋]",
        "give at least one Word font name here, e.g. [仿宋_GB2312, 仿宋]",
    ),
    "word.style-name": (
        "Word 样式名“{name}”不能用：应为 1 到 {limit} 个字符，不含控制字符；如 正文、标题 1、表格",
        "Word style name '{name}' cannot be used: it must be 1 to {limit} characters without control "
        "characters, e.g. 正文, 标题 1, 表格",
    ),
    "word.style-shared": (
        "样式 {other} 已叫“{name}”；Word 中一个样式名只能给一个样式，请另取一个名字",
        "style {other} is already called '{name}'; in Word a style name belongs to one style, choose another",
    ),
    "word.control-char": (
        "文字中有控制字符 {char}，Word 文件（XML）无法容纳；请删去这个字符",
        "the text holds the control character {char}, which a Word file (XML) cannot hold; delete it",
    ),
    "word.written": (
        "已生成 {path}（Word 文档，{bytes} 字节；同样内容的 PDF 为 {pages} 页）",
        "wrote {path} (Word document, {bytes} bytes; the same content makes {pages} PDF pages)",
    ),
    "word.not-embedded": (
        "以下字体的许可不允许嵌入可编辑文档，未嵌入，文档中写其常用字体名：{fonts}",
        "the licence of these fonts does not allow embedding in an editable document, so they were not "
        "embedded and the document names their usual fonts: {fonts}",
    ),
    # compose package (house-compose) ----------------------------------------------------------------------
    "template.no-field": (
        "模板出错：{owner} 没有 {name} 这一项；{owner} 有：{known}（名称写错了，或数据中没有这一项，"
        "可用 {{% if … is defined %}} 或 default 过滤器处理）",
        "template error: {owner} has no attribute '{name}'; {owner} has: {known} (check the spelling, or "
        "guard an item the data may lack with {{% if … is defined %}} or the default filter)",
    ),
    "template.data-outside-area": (
        "[@{name}] 是某个工作领域的数据，只能用在 section.j2 中；{template} 不属于任何工作领域，"
        "这里只能用 [@grand_total]",
        "[@{name}] is the data of one work area and belongs in section.j2; {template} is about no area, "
        "only [@grand_total] can be used here",
    ),
    # --- watch, preview and chosen areas (issue 14: watch-areas) ---
    "chosen.unknown": (
        "没有与“{text}”相符的工作领域；请写序号（1–{count}）、文件名或标题中的一段文字。本材料的领域：{areas}",
        "no work area matches '{text}'; write its number (1–{count}), its file name or a part of its title. "
        "The packet's areas: {areas}",
    ),
    "chosen.ambiguous": (
        "“{text}”与多个工作领域相符：{areas}；请写得更具体，或改写序号、文件名",
        "'{text}' matches several work areas: {areas}; be more specific, or write the number or file name",
    ),
    "chosen.number-range": (
        "没有第 {text} 个工作领域：本材料共 {count} 个（1–{count}）：{areas}",
        "there is no work area number {text}: the packet has {count} (1–{count}): {areas}",
    ),
    "chosen.twice": (
        "“{text}”与“{first}”是同一个工作领域（{title}）；每个领域只写一次",
        "'{text}' and '{first}' are the same work area ({title}); name each area once",
    ),
    "chosen.none": (
        "没有写要印的工作领域；请写序号、文件名或标题中的一段文字，用逗号分开，如 --areas 1,3",
        "no work areas given; write their numbers, file names or parts of their titles separated by commas, "
        "e.g. --areas 1,3",
    ),
    "chosen.with-recipient-areas": (
        "收件人名单中已有人写了 areas:，不能再同时给 --areas；请只用一种方式选领域",
        "some recipients in the list have areas: of their own, so --areas cannot be given too; choose the "
        "areas one way only",
    ),
    "recipient.areas-item": (
        "“{label}”中的每一项应是序号、文件名或标题中的一段文字，这里是{found}；如 areas: [1, 民生]",
        "each item of '{label}' must be a number, a file name or a part of a title, not {found}; e.g. "
        "areas: [1, 民生]",
    ),
    "recipient.areas-empty": (
        "“{label}”是空的；写这位收件人要收的工作领域，如 areas: [1, 3]，或删去这一行让他收全部材料",
        "'{label}' is empty; list the work areas this recipient gets, e.g. areas: [1, 3], or delete the line "
        "to give them the whole packet",
    ),
    "recipient.areas-one-document": (
        "这里的每位收件人收到的是同一份材料，不能按人选领域；请删去 areas:，或用 briefing build --recipients "
        "生成各人的编号份",
        "every recipient here gets the same document, so recipients cannot choose areas; delete areas:, or "
        "make each one's numbered copy with briefing build --recipients",
    ),
    "watch.started": (
        "正在监视 {folder}：材料、版式或字体一保存就重新生成 {path}；按 Ctrl-C 停止",
        "watching {folder}: {path} is rebuilt whenever a data file, the layout or a font is saved; press "
        "Ctrl-C to stop",
    ),
    "watch.updated": (
        "已更新 {path}（{pages} 页，{seconds} 秒）",
        "updated {path} ({pages} pages, {seconds} s)",
    ),
    "watch.kept": (
        "{path} 未更新，仍是上一版；改正以上问题并保存后会自动重新生成",
        "{path} was not updated and is still the previous version; it is rebuilt when the problems above are "
        "fixed and saved",
    ),
    "watch.not-written": (
        "{path} 尚未生成；改正以上问题并保存后会自动生成",
        "{path} has not been written yet; it is made when the problems above are fixed and saved",
    ),
    "watch.stopped": ("已停止监视", "stopped watching"),
    "watch.clash": (
        "输出文件 {output} 现在就是本材料要读取的文件 {used}，写入会毁掉它，因此没有写；请把它改回，或停止监视后用 -o "
        "另选输出位置",
        "the output {output} is now the file {used} that this packet reads and would be destroyed, so nothing "
        "was written; put it back, or stop watching and choose another output with -o",
    ),
    "watch.folder-gone": (
        "材料目录 {folder} 已不存在，停止监视；{path} 保留最后一次生成的样子",
        "the packet folder {folder} is gone, so watching stops; {path} stays as it was last written",
    ),
    "cli.watch.pdf-only": (
        "watch 生成 PDF：-o 应为 .pdf 文件（给的是“{path}”）；Word 文档请用 briefing build -o 文件.docx",
        "watch makes a PDF: -o must be a .pdf file (not '{path}'); for a Word document use "
        "briefing build -o FILE.docx",
    ),
    "cli.preview.png": (
        "preview 生成 PNG 图片：-o 应为 .png 文件（给的是“{path}”）",
        "preview makes PNG images: -o must be a .png file (not '{path}')",
    ),
    "cli.pages.malformed": (
        "--pages 写法不对（“{text}”）：应为页码或页码范围，用逗号分开，如 3、3-5、1,4-6",
        "--pages is malformed ('{text}'): give page numbers or ranges separated by commas, e.g. 3, 3-5, 1,4-6",
    ),
    "cli.pages.too-many": (
        "--pages 一次最多 {most} 页，这里是 {count} 页；请分几次预览",
        "--pages takes at most {most} pages at a time, not {count}; preview them in parts",
    ),
    "cli.pages.range": (
        "没有第 {page} 页：材料共 {pages} 页（--pages 可写 1–{pages}）",
        "there is no page {page}: the packet has {pages} pages (--pages takes 1–{pages})",
    ),
    "preview.sheet": (
        "已生成 {path}（{shown} 页缩略图，共 {pages} 页）",
        "wrote {path} (thumbnails of {shown} pages, of {pages})",
    ),
    "preview.sheet-capped": (
        "材料共 {pages} 页，一张缩略图最多列 {shown} 页；其余各页用 --pages {rest} 逐页生成",
        "the packet has {pages} pages and a contact sheet shows at most {shown}; make the others page by page "
        "with --pages {rest}",
    ),
    "preview.page": ("已生成 {path}（第 {page} 页）", "wrote {path} (page {page})"),
    # the data model fits real reports (model-real, issue 12 points 1, 3, 5-7) ----------------------------
    "value.words-empty": (
        "{label}写成 {{text: …}} 时 text 不能为空；报告没有给出就整行留空（null 或省略）",
        "{label} as {{text: …}} must not be empty; write null or leave the line out when not given",
    ),
    "value.level": (
        "{label}的 level 应是数值本身，如 113.6亿元；“{text}”是增减幅度，应写在 growth",
        "{label}: level must be the figure itself, e.g. 113.6亿元; '{text}' is a change, write it as growth",
    ),
    "value.growth": (
        "{label}的 growth 应是增减幅度，如 增长5%；“{text}”不是，数值本身应写在 level",
        "{label}: growth must be a change, e.g. 增长5%; '{text}' is none, write the figure itself as level",
    ),
    "declared.kind-count-unknown": (
        "申报{kind}项目 {claimed} 个，而清单中{kind} {actual} 个、性质未明 {unknown} 个，{kind}至多 {most} 个；"
        "清单标为完整（complete: true）时请核对个数，或写明项目性质",
        "declared {claimed} projects of kind {kind}, but the list has {actual} of them and {unknown} of unknown "
        "kind, so at most {most}; with complete: true check the count, or give the projects' kinds",
    ),
    "text.half-width": (
        "{label}里有夹在中文里的半角标点 {marks}；中文里应写全角 {fixed}（版式的 typography.full_width_punct "
        "打开时会印成全角）",
        "{label} has half-width punctuation {marks} in Chinese text; use the full-width {fixed} (a layout with "
        "typography.full_width_punct prints them full-width)",
    ),
    "text.quoted": (
        "{label}写作 {text}，整个被引号括起，引号会照印出来；不需要引号时请写成 {inner}",
        "{label} is written {text}, wrapped whole in quotes, which are printed; write {inner} unless the quotes "
        "are meant",
    ),
    "title.numbered": (
        "标题“{text}”以序号“{numbering}”开头，而版式会另加“一、”等序号，印出来是两重序号；"
        "请删去序号，写成 title: {rest}",
        "the title '{text}' starts with its own numbering '{numbering}', and the layout numbers it again; "
        "remove it: title: {rest}",
    ),
    "areas.copy": (
        "{file} 看起来是 {original} 的副本（文件管理器复制时起的名字）；"
        "不需要的请移出 areas/，否则请改成说明内容的名字",
        "{file} looks like a copy of {original} (a name a file manager gives copies); remove it from areas/ "
        "or give it a name of its own",
    ),
    "areas.unlisted": (
        "areas/ 中有 {count} 个文件不在 areas 清单里，不会印出：{files}；要印出请加入清单，不要的请移出 areas/",
        "{count} file(s) in areas/ are not in the areas list and will not be printed: {files}; list them, "
        "or remove them from areas/",
    ),
    "load.fullwidth-colon": (
        "YAML 语法错误：“{key}”后面是全角冒号“：”；键后面应是半角冒号加空格，请写成 {key}: …",
        "YAML syntax error: '{key}' is followed by a full-width colon '：'; a key takes an ASCII colon and a "
        "space, write {key}: …",
    ),
    "load.colon-space": (
        "YAML 语法错误：“{key}:”后面少了空格，整行被当成了文字；冒号后应有一个空格，请写成 {key}: {value}",
        "YAML syntax error: no space after '{key}:', so the line reads as text; write a space after the colon: "
        "{key}: {value}",
    ),
    "load.dash-space": (
        "YAML 语法错误：列表项的“-”后面少了空格，“-{key}”被当成了键名；请写成 - {key}: …",
        "YAML syntax error: no space after the list item's '-', so '-{key}' reads as a key; write - {key}: …",
    ),
    "load.fullwidth-space": (
        "缩进里有全角空格（U+3000），YAML 不把它当作缩进；请把它换成半角空格（一个全角空格换两个半角空格）",
        "full-width space (U+3000) in the indentation, which YAML does not take as indentation; replace it "
        "with ASCII spaces (two for each)",
    ),
    "load.indent-more": (
        "YAML 语法错误：这一行缩进 {indent} 格，比上一行的键（{expected} 格）多；同一层的键应对齐，"
        "请改为缩进 {expected} 格",
        "YAML syntax error: this line is indented {indent} spaces, more than the key above ({expected}); keys of "
        "one level must line up, use {expected} spaces",
    ),
    "load.indent-less": (
        "YAML 语法错误：这一行缩进 {indent} 格，比上一行的键（{expected} 格）少，也不与上面任何一层的键对齐；"
        "请改为缩进 {expected} 格，或与上一层的键对齐",
        "YAML syntax error: this line is indented {indent} spaces, less than the key above ({expected}) and in "
        "line with no level above; use {expected} spaces, or line it up with the key of an outer level",
    ),
    "type.mapping-fullwidth-colon": (
        "{label}应是“键: 值”形式的映射，这里是文字“{text}”：键后面用了全角冒号“：”；请写成 {key}: …",
        "{label} must be a mapping of key: value, found the text '{text}': the key is followed by a full-width "
        "colon '：'; write {key}: …",
    ),
    "list.dash-space": (
        "{label}应为列表，而“-{key}”的“-”后面少了空格，被当成了键名；列表项请写成 - {key}: …",
        "{label} must be a list, but '-{key}' has no space after its '-' and reads as a key; write - {key}: …",
    ),
    "cli.validate.unknown-kind": ("、性质未明 {count}", ", {count} of unknown kind"),
    # issue 10, point 15 (memory proportional to input): a packet that runs on past any sensible length ----
    "render.too-many-pages": (
        "排到第 {limit} 页这部分仍未排完，超过一份材料的页数上限；多半是文字过长，或版式的列宽太窄（每行只排得下一两个字）；"
        "请缩短该处文字，或加宽版式中的列",
        "this text is still running on at page {limit}, the most a packet may have: it is far too long, or the"
        " layout's columns are too narrow (a character or two a line); shorten it, or check the layout's column"
        " widths",
    ),
    # 修改对照表 (diff-report: diff -o, build --changes-since) ----------------------------------------------
    "changes.title": ("修改对照表", "Table of changes"),
    "changes.compared": ("原稿：{old}　修改稿：{new}", "Original: {old}; revised: {new}"),
    "changes.legend": (
        "“原文”栏中删去的文字加删除线，“修改后”栏中新增的文字加下划线。",
        "Deleted text is struck through in the Original column; inserted text is underlined in the Revised column.",
    ),
    "changes.column.old": ("原文", "Original"),
    "changes.column.new": ("修改后", "Revised"),
    "changes.column.note": ("说明", "Note"),
    "changes.caption": ("表{table}　{title}", "Table {table}  {title}"),
    "changes.group.packet": ("材料信息", "Packet"),
    "changes.group.totals": ("整本材料合计", "Packet totals"),
    "changes.group.area-removed": ("{title}（已删除）", "{title} (removed)"),
    "changes.note.field": ("修改{field}", "{field} changed"),
    "changes.note.wording": ("{field}数值未变，写法不同", "{field}: same figure, written otherwise"),
    "changes.note.area-order": ("工作领域顺序调整", "areas reordered"),
    "changes.note.area.added": (
        "新增工作领域（指标 {targets} 项，项目 {projects} 个）",
        "area added ({targets} target(s), {projects} project(s))",
    ),
    "changes.note.area.removed": (
        "删除工作领域（指标 {targets} 项，项目 {projects} 个）",
        "area removed ({targets} target(s), {projects} project(s))",
    ),
    "changes.note.area.renamed": ("工作领域改名", "area renamed"),
    "changes.note.target.added": ("新增指标", "target added"),
    "changes.note.target.removed": ("删除指标", "target removed"),
    "changes.note.target.changed": ("修改指标：{fields}", "target changed: {fields}"),
    "changes.note.target.renamed": ("指标改名", "target renamed"),
    "changes.note.project.added": ("新增项目", "project added"),
    "changes.note.project.removed": ("删除项目", "project dropped"),
    "changes.note.project.changed": ("修改项目：{fields}", "project changed: {fields}"),
    "changes.note.project.renamed": ("项目改名", "project renamed"),
    "changes.note.project.moved": ("项目换了领域，原属“{old}”", "project moved here from {old}"),
    "changes.note.wording-only": ("（数值未变，写法不同）", " (same figure, written otherwise)"),
    "changes.note.sentence.added": ("{field}第{paragraph}段：新增", "{field}, paragraph {paragraph}: added"),
    "changes.note.sentence.removed": (
        "{field}第{paragraph}段：删去",
        "{field}, paragraph {paragraph}: removed",
    ),
    "changes.note.sentence.replaced": (
        "{field}第{paragraph}段：改写",
        "{field}, paragraph {paragraph}: rewritten",
    ),
    "changes.note.paragraphs": (
        "{field}由 {old} 段改为 {new} 段（段落拆分或合并）",
        "{field}: {old} → {new} paragraphs (split or joined)",
    ),
    "changes.note.area-totals": ("本领域合计", "area totals"),
    "changes.note.packet-totals": ("整本材料合计", "packet totals"),
    "changes.totals.count": ("项目 {value} 个", "projects {value}"),
    "changes.totals.new": ("新建 {value} 个", "new {value}"),
    "changes.totals.continued": ("续建 {value} 个", "continued {value}"),
    "changes.totals.total_investment": ("总投资 {value}", "total investment {value}"),
    "changes.totals.annual_investment": ("年度计划投资 {value}", "investment this year {value}"),
    "cli.diff.output-format": (
        "-o {output}：修改对照表写成 PDF 或 Word 文件，文件名应以 .pdf 或 .docx 结尾，如 -o 对照表.pdf",
        "-o {output}: the table of changes is written as a PDF or Word file; end the name in .pdf or .docx, "
        "e.g. -o changes.pdf",
    ),
    "cli.diff.written": (
        "已生成修改对照表 {path}（{pages} 页，{size} 字节）",
        "wrote the table of changes {path} ({pages} pages, {size} bytes)",
    ),
    "cli.diff.written-docx": (
        "已生成修改对照表 {path}（Word 文档，{size} 字节；同样内容的 PDF 为 {pages} 页）",
        "wrote the table of changes {path} (Word document, {size} bytes; the same content makes {pages} PDF pages)",
    ),
    "cli.diff.layout-without-output": (
        "--layout 只用于 -o 写出的修改对照表；请同时给出 -o 对照表.pdf 或 -o 对照表.docx",
        "--layout sets the table of changes written with -o; give -o changes.pdf or -o changes.docx as well",
    ),
    "cli.build.changes-as-alone": (
        "--changes-as 说明怎样标出改动，须与 --changes-since 原材料 同用",
        "--changes-as says how to show changes; give --changes-since OLD as well",
    ),
    "cli.build.changes-margin-docx": (
        "--changes-as margin 和 both 在 PDF 的页边画线，Word 文件没有这种标记；写 Word 文件时请用 --changes-as table（附修改对照表）",
        "--changes-as margin and both draw bars in a PDF's margin, which a Word file does not have; for a Word "
        "file use --changes-as table (the table of changes appended)",
    ),
    "cli.role.compared": ("所比较的材料中的文件", "a file of a packet being compared"),
    # progress (issue 15: 推进情况) ---------------------------------------------------------------------
    "progress.as-of-invalid": (
        "{label}“{text}”无法识别为日期；应写成 2023-09-30、2023年9月30日 或 截至2023年9月底",
        "{label} '{text}' is not a date; write 2023-09-30, 2023年9月30日 or 截至2023年9月底 (end of September)",
    ),
    "progress.outside-year": (
        "截至日期“{text}”不在本材料的工作年度 {year} 年内；推进情况应写 {year} 年的日期，如 {year}-09-30",
        "the date '{text}' is outside the packet's work year {year}; progress is reported within {year}, "
        "e.g. {year}-09-30",
    ),
    "progress.wrong-unit": (
        "完成值“{text}”的单位“{unit}”与目标的单位“{expected}”不符，也无法换算；请改用 {expected}",
        "the value reached '{text}' is in {unit}, which does not convert to the target's unit {expected}; "
        "use {expected}",
    ),
    "progress.ratio-high": (
        "完成值“{text}”是目标“{target}”的 {ratio}%，超过 300%，可能是单位写错（如 万元 写成 元）；请核对",
        "the value reached '{text}' is {ratio}% of the target '{target}', above 300%: probably a "
        "unit slip (元 for 万元); check it",
    ),
    "progress.value-mapping": (
        "{label}只写一个数值或文字，如 1650人、增长6.5%，或 {{text: 与上年持平}}；不能写成其他映射",
        "{label} is one figure or words, such as 1650人, 增长6.5% or {{text: …}}; not another mapping",
    ),
    # house-render (issue 11, start in half the time): a font file is read again when it is subset ---------
    "font.changed": (
        "字体文件 {file} 在生成过程中被改动或替换；请等该文件不再变动后重新生成",
        "font file {file} was changed or replaced while the build ran; build again once it no longer changes",
    ),
    # issue 13, points 8-10 (print-document): the document's date ------------------------------------------
    "render.source-date-epoch": (
        "环境变量 SOURCE_DATE_EPOCH 的值“{value}”不是自 1970-01-01 起的秒数；应写非负整数（如 1671408000），"
        "或不设此变量（文档日期即取材料的 date）",
        "the environment variable SOURCE_DATE_EPOCH is '{value}', not a count of seconds since 1970-01-01; set it"
        " to a non-negative whole number (such as 1671408000), or unset it to date the document by the packet's"
        " date",
    ),
    # house3 (issue 15): progress records in the change report ------------------------------------------------
    "diff.field.progress": ("推进情况", "progress"),
    "diff.field.progress.as_of": ("截至日期", "as of"),
    "diff.field.progress.value": ("完成值", "value reached"),
    "diff.field.progress.status": ("进度", "status"),
    "diff.field.progress.note": ("进度说明", "progress note"),
    "diff.progress.record": ("推进情况（{as_of}）", "progress ({as_of})"),
    "diff.count.progress.added": ("新增推进情况 {count} 条", "{count} progress record(s) added"),
    "diff.count.progress.removed": ("删去推进情况 {count} 条", "{count} progress record(s) removed"),
    "diff.count.progress.changed": ("修改推进情况 {count} 条", "{count} progress record(s) changed"),
    "diff.progress.unfilled": ("（空，待填完成值或进度）", "(empty: value reached or status to fill in)"),
    # issue 15, progress part 2 (init --from, year-end 完成情况, progress chart, import) ------------------
    "cli.init.needs-from": (
        "--year-end 和 --as-of 只能与 --from 同用：briefing init --from 上季度材料 新材料 --as-of 2023-09-30",
        "--year-end and --as-of go with --from: briefing init --from LAST_PACKET NEW_DIR --as-of 2023-09-30",
    ),
    "cli.init.as-of-year-end": (
        "--as-of 不能与 --year-end 同用：下一年的材料还没有推进情况；请去掉其中一个",
        "--as-of does not go with --year-end: next year's packet has no progress yet; drop one of them",
    ),
    "cli.init.as-of": (
        "--as-of 的日期“{text}”无法识别；应写成 2023-09-30",
        "--as-of '{text}' is not a date; write it as 2023-09-30",
    ),
    "cli.init.inside-source": (
        "新材料目录 {path} 在原材料 {source} 之中；请在原材料之外另选目录",
        "the new folder {path} is inside the packet {source}; choose a folder outside it",
    ),
    "cli.init.from-written": (
        "已新建下一季度的材料 {path}：每个指标和项目预留了截至 {date} 的推进情况（共 {count} 项待填，"
        "validate 时逐条提示）；填好后运行 briefing validate {path}",
        "next quarter's packet written to {path}: every target and project has a progress record as of {date} "
        "to fill ({count} in all; validate lists each); then run briefing validate {path}",
    ),
    "cli.init.year-end-written": (
        "已新建 {year} 年的材料 {path}：上年目标与完成值写入各领域的 last_year_completion（印作“完成情况”表），"
        "本年目标和计划投资待填（标“待填”）；请改 packet.yaml 的 date 等项后运行 briefing validate {path}",
        "the {year} packet written to {path}: last year's targets and actuals are in each area's last_year_completion "
        "(printed as the 完成情况 table); this year's targets and planned investment are marked 待填; "
        "update packet.yaml's date and the like, then run briefing validate {path}",
    ),
    "carry.year-over": (
        "原材料的推进情况已截至 {date}，{year} 年已报完；下一年的材料请用 --year-end 新建",
        "the packet's progress already runs to {date}, the end of {year}; start next year's with --year-end",
    ),
    "carry.as-of-year": (
        "--as-of 的日期 {date} 不在原材料的工作年度 {year} 年内；应写 {year} 年的日期，下一年请用 --year-end",
        "--as-of {date} is outside the packet's work year {year}; give a date in {year}, or use --year-end "
        "for next year",
    ),
    "carry.not-plain": (
        "{path} 是链接或特殊文件，不随材料复制；请换成普通文件或文件夹",
        "{path} is a link or a special file and is not copied with the packet; make it a plain file or folder",
    ),
    "carry.too-large": (
        "{folder}/ 中的文件过多或过大（至多 2000 个、共 256 MB），未复制；请删去不用的文件",
        "{folder}/ holds too many or too large files (at most 2000, 256 MB in all) to copy; remove the unused",
    ),
    "progress.to-fill": (
        "截至 {date} 的推进情况还没有填写完成值（value）或进度（status）；请填写，或删去这一条",
        "the progress record as of {date} has no value reached (value) or status yet; fill it in, or delete it",
    ),
    "import.progress-no-date": (
        "推进情况没有截至日期：表头“{header}”没有写明月份，表中也没有“截至日期”一列，这一格未导入；"
        "请把表头写成“截至9月底完成”这样，或加一列“截至日期”（如 2023-09-30）",
        "the progress has no date: the header '{header}' names no month and the table has no 截至日期 "
        "column, so the cell was not imported; head the column like 截至9月底完成, or add a 截至日期 "
        "column (such as 2023-09-30)",
    ),
    "import.progress-date-unread": (
        "本行的截至日期未能读出（见同行的报告），推进情况的这一格随之未导入；改正日期后再导入",
        "the row's 截至日期 could not be read (see the row's other report), so this progress cell was "
        "not imported either; correct the date and import again",
    ),
    "carry.as-of-early": (
        "--as-of 的日期 {date} 不晚于原材料已有的推进情况（最晚为 {last}）；新的一条应在其后，如下一个季度末",
        "--as-of {date} is not after the packet's latest progress record ({last}); the new record comes "
        "after it, such as the next quarter's end",
    ),
    "carry.write-failed": (
        "无法写入 {path}：{reason}；请换一个可以写入的目录，未写入任何文件",
        "cannot write {path}: {reason}; choose a folder you can write to (nothing was written)",
    ),
    # issue 14 (watch rebuild): a character's CID is its code point; those beyond the BMP take CIDs U+D800-U+DFFF
    "font.too-many-beyond-bmp": (
        "字体文件 {file} 要印的 BMP 以外的字符（如扩展 B 区汉字）超过 {limit} 个，一种字体无法容纳；"
        "请减少这类生僻字，或把其中一部分改用另一种字体",
        "more than {limit} different characters beyond the BMP (such as CJK Extension B ideographs) are set"
        " in font file {file}, more than one font can hold; use fewer of them, or set some in another font",
    ),
}
