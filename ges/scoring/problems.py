"""Problems found in a document: every one is reported, in Thai and English, with its path."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # e.g. indicators[3].criteria.thresholds[1]; "" is the document itself
    message: str  # Thai
    message_en: str

    def __str__(self) -> str:
        return f"{self.path or '(เอกสาร)'}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "message_en": self.message_en}


class Problems(list[Problem]):
    """Collects problems while a document is read, so all of them can be listed at once."""

    def add(self, path: str, message: str, message_en: str) -> None:
        self.append(Problem(path, message, message_en))


class InvalidDocument(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def item_path(path: str, index: int) -> str:
    return f"{path}[{index}]"
