"""An `openai-agents` agent with one function tool, over the Responses API and over Chat
Completions, run to its end: the forced first turn must call the tool, and after the tool's output
(the SDK resets tool_choice once a tool ran) the run must end with a text answer.

Over Responses the SDK raises ModelBehaviorError for a response whose status is "incomplete", so
every turn must end within max_tokens: one call per turn (parallel_tool_calls=False; the tiny model
otherwise repeats its call up to the limit), and room for the short answer after the tool."""

import asyncio

import pytest
from agents import (
    Agent,
    ModelSettings,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    Runner,
    function_tool,
    set_tracing_disabled,
)
from openai import AsyncOpenAI

from sdk_support import TIMEOUT

set_tracing_disabled(True)

MODELS = {"responses": OpenAIResponsesModel, "chat_completions": OpenAIChatCompletionsModel}


def weather_agent(model_class, model_id: str, client: AsyncOpenAI, calls: list) -> Agent:
    @function_tool
    def get_weather(city: str) -> str:
        """Get the current weather for a city."""
        calls.append(city)
        return "Sunny, 21 C"

    return Agent(
        name="weather",
        instructions="Answer weather questions with the get_weather tool.",
        tools=[get_weather],
        model=model_class(model=model_id, openai_client=client),
        model_settings=ModelSettings(
            tool_choice="required", parallel_tool_calls=False, max_tokens=100, temperature=0
        ),
    )


async def run_agent(root: str, model_id: str, api: str, streamed: bool):
    calls: list = []
    client = AsyncOpenAI(base_url=root + "/v1", api_key="unused", timeout=TIMEOUT, max_retries=0)
    try:
        agent = weather_agent(MODELS[api], model_id, client, calls)
        if streamed:
            result = Runner.run_streamed(agent, "What is the weather in Paris?", max_turns=4)
            async for _ in result.stream_events():
                pass
        else:
            result = await Runner.run(agent, "What is the weather in Paris?", max_turns=4)
    finally:
        await client.close()
    return result, calls


@pytest.mark.parametrize("streamed", [False, True], ids=["run", "run_streamed"])
@pytest.mark.parametrize("api", list(MODELS))
def test_agent_calls_its_tool_and_answers(server_root, model, api, streamed):
    result, calls = asyncio.run(run_agent(server_root, model, api, streamed))
    assert calls, "the agent never called get_weather"
    assert all(isinstance(city, str) for city in calls), calls
    assert isinstance(result.final_output, str), result.final_output
