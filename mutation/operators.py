"""Cosmic Ray operators of our own (provider ``xianfeng``), registered by ``python -m mutation``.

Cosmic Ray mutates Python operators, but this project's edges are mostly written as Django
lookups: ``deadline__lt=on``, ``answered_at__date__gt=on``, ``start__lte=day``. A lookup is a
keyword's name, which no core operator touches, so the boundary bugs of querysets (a day
early or a day late) would go unseen.
"""

import re

from cosmic_ray.operators.operator import Example, Operator
from parso.python.tree import Name

BOUNDARY = {"lt": "lte", "lte": "lt", "gt": "gte", "gte": "gt"}
LOOKUP = re.compile(r"^\w+__(lt|lte|gt|gte)$")


def _is_keyword(node: Name) -> bool:
    argument = node.parent
    return (
        argument is not None
        and argument.type == "argument"
        and len(argument.children) == 3
        and argument.children[0] is node
        and getattr(argument.children[1], "value", None) == "="
    )


class ReplaceLookupBoundary(Operator):
    """A Django lookup across its boundary: ``__lt`` <-> ``__lte``, ``__gt`` <-> ``__gte``."""

    def mutation_positions(self, node):
        if isinstance(node, Name) and LOOKUP.match(node.value) and _is_keyword(node):
            yield (node.start_pos, node.end_pos)

    def mutate(self, node, index):
        head, _sep, lookup = node.value.rpartition("__")
        node.value = f"{head}__{BOUNDARY[lookup]}"
        return node

    @classmethod
    def examples(cls):
        return (
            Example("Q(deadline__lt=on)", "Q(deadline__lte=on)"),
            Example("f(answered_at__date__gte=on)", "f(answered_at__date__gt=on)"),
        )


class Provider:
    """Cosmic Ray's operator-provider interface: the names, and each name's class."""

    OPERATORS = {"ReplaceLookupBoundary": ReplaceLookupBoundary}

    def __iter__(self):
        return iter(self.OPERATORS)

    def __getitem__(self, name):
        return self.OPERATORS[name]


def register() -> None:
    import cosmic_ray.plugins

    cosmic_ray.plugins.OPERATOR_PROVIDERS.setdefault("xianfeng", Provider())
