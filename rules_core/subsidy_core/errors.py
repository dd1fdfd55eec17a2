"""The one exception a policy's rules raise for bad input."""


class ValidationError(Exception):
    """Input refused as a whole.

    ``message`` is plain Chinese for the user; ``field`` is the path of the
    offending value (``items[0].drafters[1].kind``), or "" for the whole input.
    """

    def __init__(self, message, field=""):
        super().__init__(message, field)
        self.message = message
        self.field = field

    def __str__(self):
        if self.field:
            return f"{self.field}：{self.message}"
        return self.message
