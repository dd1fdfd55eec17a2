"""What a family of rules returns for one item."""

from dataclasses import dataclass, field

ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
OLD_POLICY = "old_policy"
EXPIRED = "expired"
WINDOW_CLOSED = "window_closed"


@dataclass
class Payment:
    unit: str
    amount: object  # Decimal yuan, two decimals
    clause: str
    explanation: str
    parameters: list  # ids in parameters.json the amount comes from


@dataclass
class Outcome:
    status: str
    status_text: str
    payments: list = field(default_factory=list)
    notes: list = field(default_factory=list)
