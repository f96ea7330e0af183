"""Named figures: each defined once, computed on first read, kept for the document.

A kind of report keeps a `Registry` of definitions and a `Figures` subclass
that reads it:

    DEFINITIONS = Registry()

    @DEFINITIONS.figure("income_total", "本年收入合计")
    def _income_total(f):
        return decimal_sum(f["income_by_source"].values())

    class ReportFigures(Figures):
        registry = DEFINITIONS

    ReportFigures(data)["income_total"]

A definition receives the Figures object: its `data` and every other figure.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reporting.money import ZERO


@dataclass(frozen=True)
class Definition:
    name: str
    label: str
    compute: Callable[["Figures"], object]


class Registry(dict):
    """Figure name → Definition."""

    def figure(self, name: str, label: str):
        """Register the function that computes figure `name` (from a Figures)."""

        def register(compute):
            if name in self:
                raise ValueError(f"指标 {name} 重复定义。")
            self[name] = Definition(name, label, compute)
            return compute

        return register


class Figures:
    """The figures of one report, each computed on first read.

    `load` instead of `data`: the data are loaded when a figure is first read
    (last year's report, of which a few figures are read).
    """

    registry: Registry = Registry()

    def __init__(self, data=None, *, load: Callable[[], object] | None = None):
        self._data = data
        self._load = load
        self._values: dict[str, object] = {}

    @property
    def data(self):
        if self._data is None:
            self._data = self._load()
        return self._data

    def __getitem__(self, name: str):
        try:
            return self._values[name]
        except KeyError:
            pass
        try:
            definition = self.registry[name]
        except KeyError:
            raise KeyError(f"没有名为 {name} 的指标。") from None
        value = self._values[name] = definition.compute(self)
        return value

    def amount(self, name: str) -> Decimal:
        """A figure, with a group of data that was not entered counted as zero."""
        value = self[name]
        return ZERO if value is None else value
