"""The unit table: each dimension's units and their factors to its base, and exact conversion."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class Dimension(NamedTuple):
    """One kind of quantity: its units convert into each other exactly through the base unit."""

    name: str  # what it measures, for people reading the table
    base: str
    units: tuple[tuple[str, Decimal], ...]  # unit -> how many base units one of it is


def _scaled(base: str, *factors: tuple[str, int | str]) -> tuple[tuple[str, Decimal], ...]:
    return ((base, Decimal(1)), *((unit, Decimal(factor)) for unit, factor in factors))


# Measure words count different things: 5个 and 5项 are not the same quantity, so each is its own
# dimension. Those that reports also write in 万 (1.2万家, 3万套) get that unit too.
_COUNT_WORDS = (
    "个", "项", "件", "所", "家", "栋", "处", "台", "套", "辆", "座", "条", "次", "名", "批", "场", "间",
    "张", "类", "宗", "期", "届", "艘", "只", "羽", "株", "棵", "位", "册", "场次", "批次", "家次",
)  # fmt: skip
_COUNTED_IN_WAN = ("个", "件", "家", "台", "套", "辆", "名", "张", "只", "羽", "株", "棵", "册")


def _count(word: str) -> Dimension:
    in_wan = ((f"万{word}", 10**4),) if word in _COUNTED_IN_WAN else ()
    return Dimension(f"{word}数", word, _scaled(word, *in_wan))


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("金额", "元", _scaled("元", ("万元", 10**4), ("亿元", 10**8))),
    Dimension("外币金额", "美元", _scaled("美元", ("万美元", 10**4), ("亿美元", 10**8))),
    Dimension("百分比", "%", _scaled("%")),
    Dimension("百分点", "个百分点", _scaled("个百分点")),
    Dimension("千分比", "‰", _scaled("‰")),
    Dimension("千分点", "个千分点", _scaled("个千分点")),
    Dimension("人数", "人", _scaled("人", ("万人", 10**4))),
    Dimension("人次", "人次", _scaled("人次", ("万人次", 10**4))),
    Dimension("户数", "户", _scaled("户", ("万户", 10**4))),
    Dimension("户次", "户次", _scaled("户次")),
    # 亩 is the base because every area unit is then a finite decimal of it (1平方米 = 0.0015亩,
    # 1公顷 = 15亩); with 平方米 as the base, 1亩 = 666.66… and no sum of 亩 would be exact.
    Dimension(
        "面积",
        "亩",
        _scaled(
            "亩",
            ("万亩", 10**4),
            ("平方米", "0.0015"),
            ("万平方米", 15),
            ("公顷", 15),
            ("平方公里", 1500),
            ("平方千米", 1500),
        ),
    ),
    Dimension("长度", "米", _scaled("米", ("延米", 1), ("千米", 1000), ("公里", 1000))),
    Dimension(
        "重量",
        "吨",
        _scaled(
            "吨",
            ("万吨", 10**4),
            ("亿吨", 10**8),
            ("千克", "0.001"),
            ("公斤", "0.001"),
            ("斤", "0.0005"),
            ("万斤", 5),
            ("亿斤", 50_000),
        ),
    ),
    Dimension("锅炉容量", "蒸吨", _scaled("蒸吨")),
    Dimension(
        "能源消费量",
        "吨标准煤",
        _scaled("吨标准煤", ("万吨标准煤", 10**4), ("吨标煤", 1), ("万吨标煤", 10**4)),
    ),
    Dimension("能耗强度", "吨标准煤/万元", _scaled("吨标准煤/万元")),
    Dimension("电量", "千瓦时", _scaled("千瓦时", ("万千瓦时", 10**4), ("亿千瓦时", 10**8))),
    Dimension("功率", "千瓦", _scaled("千瓦", ("万千瓦", 10**4), ("兆瓦", 1000))),
    Dimension("变压器容量", "千伏安", _scaled("千伏安", ("万千伏安", 10**4))),
    Dimension("体积", "立方米", _scaled("立方米", ("万立方米", 10**4), ("亿立方米", 10**8))),
    Dimension("日处理能力", "吨/日", _scaled("吨/日", ("万吨/日", 10**4))),
    Dimension("日供水能力", "立方米/日", _scaled("立方米/日", ("万立方米/日", 10**4))),
    Dimension("集装箱", "标准箱", _scaled("标准箱", ("万标准箱", 10**4))),
    Dimension("时长", "分钟", _scaled("分钟", ("小时", 60), ("天", 1440))),
    Dimension("工作日", "工作日", _scaled("工作日", ("个工作日", 1))),
    Dimension("月数", "个月", _scaled("个月")),
    Dimension("年数", "年", _scaled("年")),
    Dimension("床位", "床位", _scaled("床位", ("张床位", 1), ("床", 1))),
    Dimension("头数", "头", _scaled("头", ("万头", 10**4))),
    *(_count(word) for word in _COUNT_WORDS),
)

# unit -> (base unit of its dimension, factor to the base). Units of one dimension convert exactly.
UNITS: dict[str, tuple[str, Decimal]] = {
    unit: (dimension.base, factor) for dimension in DIMENSIONS for unit, factor in dimension.units
}

MONEY = "元"


def convert(amount: Decimal, unit: str, target: str) -> Decimal:
    """`amount` in `unit` expressed in `target`, exactly (when the answer is a finite decimal)."""
    if unit not in UNITS or target not in UNITS:
        raise ValueError(f"unknown unit: {unit if unit not in UNITS else target}")
    base, factor = UNITS[unit]
    target_base, target_factor = UNITS[target]
    if base != target_base:
        raise ValueError(f"cannot convert {unit} to {target}")
    return amount * factor / target_factor
