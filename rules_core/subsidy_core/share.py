"""Calculator links: a scenario travels in the URL fragment as ``#v1=<base64url JSON>``."""

import base64
import re

from .errors import ValidationError
from .jsonio import MAX_TEXT, dumps, parse_json

PREFIX = "#v1="
MAX_FRAGMENT = 4 * MAX_TEXT  # base64 of MAX_TEXT characters of up to 3 UTF-8 bytes each
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def scenario_fragment(scenario: dict) -> str:
    """'#v1=' + unpadded base64url of the scenario's canonical UTF-8 JSON."""
    if not isinstance(scenario, dict):
        raise ValidationError("只能为一个情景对象生成链接", "")
    try:
        text = dumps(scenario)
        data = text.encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError):
        raise ValidationError("情景中有不能写成 JSON 的值", "") from None
    return PREFIX + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def parse_fragment(fragment: str) -> dict:
    """Inverse of scenario_fragment; accepts the fragment with or without the leading '#'."""
    if not isinstance(fragment, str):
        raise ValidationError("链接片段必须是文字", "")
    body = fragment[1:] if fragment.startswith("#") else fragment
    if not body.startswith(PREFIX[1:]):
        raise ValidationError("链接片段应以 #v1= 开头", "")
    payload = body[len(PREFIX) - 1:]
    if len(payload) > MAX_FRAGMENT or not _BASE64URL.fullmatch(payload) or len(payload) % 4 == 1:
        raise ValidationError("链接片段不是有效的 base64url 编码", "")
    try:
        text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("链接片段解码后不是 UTF-8 文本", "") from None
    scenario = parse_json(text)
    if not isinstance(scenario, dict):
        raise ValidationError("链接片段中的内容不是一个情景对象", "")
    return scenario
