"""Domain errors raised by services; views turn them into messages near the field."""

from __future__ import annotations


class DomainError(Exception):
    """Base for every error a service raises on purpose."""


class TargetDataError(DomainError):
    """Data that cannot be saved; `errors` maps a place (项目/行/字段) to messages in Chinese."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("；".join(f"{place}：{'；'.join(msgs)}" for place, msgs in errors.items()))


class ConcurrentEditError(DomainError):
    """Someone else saved the object after the user opened it."""

    def __init__(self, *, current_version: int, expected_version: int):
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(
            f"该记录已被他人修改（当前版本 {current_version}，您打开的是版本 {expected_version}），"
            "请刷新页面查看最新内容后再保存。"
        )
