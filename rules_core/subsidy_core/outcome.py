"""What a family of rules returns for one item.

Plain classes rather than dataclasses: dataclasses imports inspect, which costs
tens of milliseconds when the calculator boots in Pyodide.
"""

ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
OLD_POLICY = "old_policy"
EXPIRED = "expired"
WINDOW_CLOSED = "window_closed"


class Payment:
    __slots__ = ("unit", "amount", "clause", "explanation", "parameters")

    def __init__(self, unit, amount, clause, explanation, parameters):
        self.unit = unit
        self.amount = amount  # Decimal yuan, two decimals
        self.clause = clause
        self.explanation = explanation
        self.parameters = parameters  # ids in parameters.json the amount comes from

    def __repr__(self):
        return f"Payment({self.unit!r}, {self.amount!r}, {self.clause!r})"


class Outcome:
    __slots__ = ("status", "status_text", "payments", "notes")

    def __init__(self, status, status_text, payments=None, notes=None):
        self.status = status
        self.status_text = status_text
        self.payments = payments if payments is not None else []
        self.notes = notes if notes is not None else []

    def __repr__(self):
        return f"Outcome({self.status!r}, payments={self.payments!r})"
