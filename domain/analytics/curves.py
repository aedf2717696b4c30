"""An edition's sales curve, aligned by days before the event, and its forecast.

The curve is *net*: tickets (or money) count on the day they were sold and come off on
the day they were cancelled (or refunded), so "sold as of a day" is what the organiser
saw on that day. The reference is the previous edition, used only once it is over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np

from domain.analytics.facts import (
    load_orders,
    load_refunds,
    net_revenue_moves,
    net_ticket_moves,
)
from domain.analytics.forecast import (
    FloatArray,
    Forecast,
    curve_forecast,
    daily_by_days_out,
    velocity_forecast,
)
from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Event
from domain.scope import Scope

Measure = Literal["tickets", "revenue"]


@dataclass(frozen=True)
class EditionForecast:
    """A forecast of one edition's final total as of one day.

    Attributes:
        event: the edition forecast.
        reference: the completed edition whose curve was scaled, if any.
        as_of: the day the forecast is made (its own sales are not yet counted).
        days_out: event start minus ``as_of``, in days.
        forecast: point, interval and simulated finals.
        current: the edition's daily net series by days-out (known days only).
        reference_daily: the reference's complete daily series, if any.
    """

    event: Event
    reference: Event | None
    as_of: date
    days_out: int
    forecast: Forecast
    current: FloatArray
    reference_daily: FloatArray | None


def measure_moves(scope: Scope, event: Event, measure: Measure) -> list[tuple[date, float]]:
    """Dated net movements of tickets or money for an edition."""
    orders = load_orders(scope, event.id)
    if measure == "tickets":
        return net_ticket_moves(orders)
    return net_revenue_moves(orders, load_refunds(scope, event.id))


def daily_by_event_days_out(
    event: Event, moves: Iterable[tuple[date, float]], *, as_of: date, horizon: int
) -> FloatArray:
    """Daily array by days before ``event`` of the moves dated before ``as_of``."""
    kept = [(day, value) for day, value in moves if day < as_of]
    return daily_by_days_out(
        [(event.starts_on - day).days for day, _ in kept], [value for _, value in kept], horizon
    )


def completed_reference(scope: Scope, event: Event, as_of: date) -> Event | None:
    """The previous edition when it had ended before ``as_of``, else None."""
    if event.previous_edition_id is None:
        return None
    previous = get_owned(scope, Event, event.previous_edition_id, argument="event_id")
    return previous if previous.ends_on < as_of else None


def forecast_edition(
    scope: Scope,
    event: Event,
    *,
    as_of: date,
    measure: Measure = "tickets",
    reference: Event | None = None,
    use_reference: bool = True,
) -> EditionForecast:
    """Forecast an edition's final net total as of a day.

    Args:
        scope: tenant scope.
        event: the edition to forecast.
        as_of: forecast day; only movements on earlier days are used.
        measure: ``tickets`` or ``revenue``.
        reference: completed edition to scale; defaults to the previous edition.
        use_reference: False forces the velocity method (no reference curve).

    Returns:
        The forecast with the aligned series it was made from.

    Raises:
        InvalidArgumentError: the edition has no sales before ``as_of``.
    """
    if use_reference and reference is None:
        reference = completed_reference(scope, event, as_of)
    if not use_reference:
        reference = None
    days_out = (event.starts_on - as_of).days
    editions = [event] + ([reference] if reference is not None else [])
    horizon = max([(e.starts_on - e.sales_open_on).days for e in editions] + [days_out + 1, 1])
    moves = measure_moves(scope, event, measure)
    if not any(day < as_of for day, _ in moves):
        raise InvalidArgumentError(
            "event_id",
            f"{event.name} has no sales before {as_of} (sales open {event.sales_open_on}); "
            "there is nothing to forecast from yet",
        )
    current = daily_by_event_days_out(event, moves, as_of=as_of, horizon=horizon)
    reference_daily: FloatArray | None = None
    if reference is not None:
        reference_daily = daily_by_event_days_out(
            reference, measure_moves(scope, reference, measure), as_of=date.max, horizon=horizon
        )
    result: Forecast | None = None
    if days_out < 0:
        total = float(current.sum())
        result = Forecast(total, total, total, total, "actual", 1.0, np.array([total]))
    elif reference_daily is not None:
        result = curve_forecast(current, reference_daily, days_out)
    if result is None:
        result = velocity_forecast(current, days_out)
    return EditionForecast(event, reference, as_of, days_out, result, current, reference_daily)


def cumulative_summary(
    edition: EditionForecast, *, step: int = 7, points: int = 8
) -> list[dict[str, float | int | None]]:
    """Cumulative totals every ``step`` days out, this edition beside the reference.

    Returns:
        Rows ``{days_out, current, reference}``, most recent last.
    """
    start = max(edition.days_out, 0)
    rows: list[dict[str, float | int | None]] = []
    for k in range(start, start + step * points, step):
        if k + 1 >= edition.current.size:
            break
        ref = edition.reference_daily
        rows.append(
            {
                "days_out": k,
                "current": float(np.sum(edition.current[k + 1 :])),
                "reference": float(np.sum(ref[k + 1 :])) if ref is not None else None,
            }
        )
    return rows[::-1]
