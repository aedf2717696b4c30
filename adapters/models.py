"""The model seam: the one factory every node gets its chat model from.

``SWITCHBOARD_MODEL=offline`` (the default) builds ``OfflineChatModel``, a deterministic
local policy over the business database. Any other value is an ``init_chat_model``
string (``openai:gpt-4o-mini``, ``anthropic:claude-sonnet-4-5``, ``ollama:llama3.1``);
``SWITCHBOARD_MODEL_BASE_URL`` points an OpenAI-compatible client at a local server
(vLLM, llama.cpp, LM Studio). Provider packages are not dependencies: a missing one is
reported in one sentence naming the package to install.

``agent_middleware`` gives department agents retries with backoff, an optional
fallback model and call limits, all from the library's middleware.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain.agents.middleware import (
    AgentMiddleware,
    ModelCallLimitMiddleware,
    ModelFallbackMiddleware,
    ModelRetryMiddleware,
    ToolCallLimitMiddleware,
)
from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from adapters.model_kind import OFFLINE
from adapters.offline import EntityResolver, OfflineChatModel
from domain.budgets import BudgetExceededError
from switchboard.settings import Settings

if TYPE_CHECKING:
    from adapters.services import Services


class ModelConfigurationError(RuntimeError):
    """The configured model cannot be built; the message says what to change."""


@dataclass(frozen=True)
class ModelOptions:
    """The model settings, with defaults for the ones a settings object does not define."""

    model: str = OFFLINE
    base_url: str | None = None
    api_key: str | None = None
    timeout: float | None = 60.0
    max_retries: int = 2
    retry_initial_delay: float = 1.0
    fallback_model: str | None = None
    model_call_limit: int = 12
    tool_call_limit: int = 20

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelOptions:
        """Read ``settings`` (fields missing from an older Settings keep the defaults)."""
        key: Any = getattr(settings, "model_api_key", None)
        secret = key.get_secret_value() if isinstance(key, SecretStr) else key
        defaults = cls()
        return cls(
            model=settings.model,
            base_url=getattr(settings, "model_base_url", None),
            api_key=secret or None,
            timeout=getattr(settings, "model_timeout", defaults.timeout),
            max_retries=getattr(settings, "model_max_retries", defaults.max_retries),
            retry_initial_delay=getattr(
                settings, "model_retry_initial_delay", defaults.retry_initial_delay
            ),
            fallback_model=getattr(settings, "fallback_model", None),
            model_call_limit=getattr(settings, "agent_model_call_limit", defaults.model_call_limit),
            tool_call_limit=getattr(settings, "agent_tool_call_limit", defaults.tool_call_limit),
        )


def build_chat_model(settings: Settings, services: Services | None = None) -> BaseChatModel:
    """The configured chat model.

    Args:
        settings: the process settings (``model`` and the ``model_*`` fields).
        services: gives the offline model the business database, so it can find the
            tenant's companies, contacts, campaigns... named in requests.

    Raises:
        ModelConfigurationError: an unknown provider or a missing provider package.
    """
    options = ModelOptions.from_settings(settings)
    return _build(options.model, options, settings, services)


def routing_judge(model: BaseChatModel) -> BaseChatModel | None:
    """The model the router may ask about an unsure route, or None to keep the classifier's.

    The offline model has no judgement beyond the local classifier: asked, it would only
    repeat the classifier's reading (``nodes.routing.local_answer``) and spend a call.
    Graphs ask this instead of checking which model runs.
    """
    return None if isinstance(model, OfflineChatModel) else model


def agent_middleware(
    settings: Settings, services: Services | None = None
) -> list[AgentMiddleware[Any, Any]]:
    """Middleware for ``langchain.agents.create_agent``: fallback, retries, call limits.

    Pass ``services`` so the fallback model is budgeted like the primary one.

    Order matters: the fallback wraps the retries, so the primary model is retried with
    exponential backoff first and the fallback model (itself retried) is tried only when
    those retries are spent. Exhausted retries raise, so the department marks its result
    as an error instead of answering with a provider's error text.
    """
    options = ModelOptions.from_settings(settings)
    middleware: list[AgentMiddleware[Any, Any]] = []
    if options.fallback_model:
        fallback = _build(options.fallback_model, options, settings, services)
        if services is not None:  # the fallback is held to the same budgets
            fallback = services.guarded(fallback, options.fallback_model)
        middleware.append(ModelFallbackMiddleware(fallback))
    middleware += [
        ModelRetryMiddleware(
            retry_on=_worth_retrying,
            max_retries=options.max_retries,
            backoff_factor=2.0,
            initial_delay=options.retry_initial_delay,
            max_delay=30.0,
            jitter=True,
            on_failure="error",
        ),
        ModelCallLimitMiddleware(run_limit=options.model_call_limit, exit_behavior="end"),
        ToolCallLimitMiddleware(run_limit=options.tool_call_limit, exit_behavior="continue"),
    ]
    return middleware


def _worth_retrying(exc: Exception) -> bool:
    """Retry provider failures, never a spent budget (it stays spent)."""
    return not isinstance(exc, BudgetExceededError)


def _build(
    name: str, options: ModelOptions, settings: Settings, services: Services | None
) -> BaseChatModel:
    if name == OFFLINE:
        resolver = None
        if services is not None:
            resolver = EntityResolver(
                services.sessions, default_tenant=settings.tenant, pinned_today=settings.today
            )
        return OfflineChatModel(
            resolver=resolver, default_tenant=settings.tenant, today=settings.today
        )
    return provider_model(name, options)


def provider_model(name: str, options: ModelOptions) -> BaseChatModel:
    """A provider's chat model through ``init_chat_model`` (nothing is called yet)."""
    from langchain.chat_models import init_chat_model

    kwargs: dict[str, Any] = {}
    if options.base_url:
        kwargs["base_url"] = options.base_url
        if ":" not in name:
            name = f"openai:{name}"
    if options.api_key:
        kwargs["api_key"] = options.api_key
    if options.timeout:
        kwargs["timeout"] = options.timeout
    try:
        return init_chat_model(name, **kwargs)
    except ImportError as exc:
        package = _package_named_in(str(exc))
        raise ModelConfigurationError(
            f"model {name!r} needs the {package} package: run `pip install {package}` "
            f"or set SWITCHBOARD_MODEL=offline"
        ) from None
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        raise ModelConfigurationError(
            f"model {name!r} is not a model string init_chat_model understands ({first}); "
            "use 'provider:model' such as 'openai:gpt-4o-mini', or 'offline'"
        ) from None


def _package_named_in(message: str) -> str:
    import re

    match = re.search(r"(langchain-[a-z0-9-]+)", message)
    return match.group(1) if match else "provider"
