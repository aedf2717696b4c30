"""Section labels of a multi-department answer follow the request's language."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from graphs.state import DepartmentResult
from nodes.department_labels import department_label
from nodes.synthesis import synthesize


def _result(department: str, summary: str) -> DepartmentResult:
    return DepartmentResult(  # type: ignore[typeddict-item]
        department=department, summary=summary, pending_actions=[], tools_used=[]
    )


def test_labels_in_each_language() -> None:
    assert department_label("research", "es") == "Investigación"
    assert department_label("sales", "de") == "Vertrieb"
    assert department_label("operations", "fr") == "Opérations"
    assert department_label("research", "en") == "Research"


def test_a_german_request_gets_german_section_labels() -> None:
    state = {
        "request": "Recherchiere Initech und finde Sponsoren aus dem Bereich Fintech",
        "plan": [{"id": "s1"}, {"id": "s2"}],
        "results": {
            "s1": _result("research", "Initech ist ein Unternehmen mit Sitz in Paris."),
            "s2": _result("sales", "Drei mögliche Sponsoren gefunden."),
        },
    }
    seen: list[str] = []

    class Recording(FakeListChatModel):
        def invoke(self, messages, *args, **kwargs):  # type: ignore[override]
            seen.append(str(messages))
            return super().invoke(messages, *args, **kwargs)

    synthesize(state, Recording(responses=["ok"]))  # type: ignore[arg-type]
    assert "Recherche: Initech" in seen[0]
    assert "Vertrieb: Drei" in seen[0]
    assert "Research:" not in seen[0]
