"""The model seam: which chat model and which agent middleware the settings give."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from langchain.agents.middleware import (
    ModelCallLimitMiddleware,
    ModelFallbackMiddleware,
    ModelRetryMiddleware,
    ToolCallLimitMiddleware,
)

from adapters.models import (
    ModelConfigurationError,
    ModelOptions,
    agent_middleware,
    build_chat_model,
)
from adapters.offline import OfflineChatModel
from switchboard.settings import Settings

HAS_OPENAI = importlib.util.find_spec("langchain_openai") is not None


def settings(**fields: Any) -> Settings:
    """Settings with model fields (set on a copy, whether or not Settings declares them)."""
    return Settings(tenant="demo").model_copy(update=fields)


def test_offline_is_the_default() -> None:
    model = build_chat_model(Settings())
    assert isinstance(model, OfflineChatModel)
    assert model.resolver is None
    assert model.default_tenant == "demo"


@pytest.mark.skipif(HAS_OPENAI, reason="langchain-openai is installed")
def test_a_missing_provider_package_is_named() -> None:
    with pytest.raises(ModelConfigurationError) as error:
        build_chat_model(settings(model="openai:gpt-4o-mini", model_api_key="sk-test"))
    assert str(error.value) == (
        "model 'openai:gpt-4o-mini' needs the langchain-openai package: run "
        "`pip install langchain-openai` or set SWITCHBOARD_MODEL=offline"
    )


@pytest.mark.skipif(not HAS_OPENAI, reason="langchain-openai is not installed")
def test_a_provider_string_builds_its_class_without_calling_it() -> None:
    model = build_chat_model(settings(model="openai:gpt-4o-mini", model_api_key="sk-test"))
    assert type(model).__name__ == "ChatOpenAI"


@pytest.mark.skipif(HAS_OPENAI, reason="langchain-openai is installed")
def test_a_base_url_means_an_openai_compatible_server() -> None:
    with pytest.raises(
        ModelConfigurationError, match=r"'openai:llama3\.1' needs the langchain-openai"
    ):
        build_chat_model(settings(model="llama3.1", model_base_url="http://127.0.0.1:8000/v1"))


def test_an_unknown_provider_says_what_to_write() -> None:
    with pytest.raises(
        ModelConfigurationError, match="use 'provider:model' such as 'openai:gpt-4o-mini'"
    ):
        build_chat_model(settings(model="nosuchprovider:model-x"))


def test_options_read_settings_and_keep_defaults() -> None:
    options = ModelOptions.from_settings(settings(model_max_retries=5, fallback_model="offline"))
    assert (options.max_retries, options.fallback_model, options.model_call_limit) == (
        5,
        "offline",
        12,
    )
    assert ModelOptions.from_settings(Settings()).fallback_model is None


def test_agent_middleware_without_fallback() -> None:
    middleware = agent_middleware(settings(model_max_retries=3, agent_model_call_limit=7))
    assert [type(m) for m in middleware] == [
        ModelRetryMiddleware,
        ModelCallLimitMiddleware,
        ToolCallLimitMiddleware,
    ]
    retry, calls, tools = middleware
    assert isinstance(retry, ModelRetryMiddleware)
    assert retry.max_retries == 3
    assert retry.on_failure == "error"
    assert isinstance(calls, ModelCallLimitMiddleware)
    assert calls.run_limit == 7
    assert isinstance(tools, ToolCallLimitMiddleware)
    assert tools.run_limit == 20


def test_agent_middleware_falls_back_to_the_offline_model_first() -> None:
    middleware = agent_middleware(settings(fallback_model="offline"))
    fallback = middleware[0]
    assert isinstance(fallback, ModelFallbackMiddleware)
    assert [type(m) for m in fallback.models] == [OfflineChatModel]
    assert isinstance(middleware[1], ModelRetryMiddleware)
