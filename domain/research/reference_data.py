"""Reference tables for enrichment: size bands, regions and time zones by place."""

from __future__ import annotations

SIZE_BANDS = (
    ("1-50", 50),
    ("51-200", 200),
    ("201-1000", 1000),
    ("1001-5000", 5000),
    ("5001-10000", 10000),
)
LARGEST_BAND = "10000+"

REGION_BY_COUNTRY = {
    **dict.fromkeys(
        ("United States", "Canada", "Mexico", "Brazil", "Argentina", "Chile", "Colombia"),
        "Americas",
    ),
    **dict.fromkeys(
        (
            "United Kingdom",
            "Ireland",
            "Germany",
            "France",
            "Netherlands",
            "Belgium",
            "Spain",
            "Italy",
            "Sweden",
            "Norway",
            "Denmark",
            "Finland",
            "Poland",
            "Switzerland",
            "Austria",
            "Portugal",
            "Israel",
            "United Arab Emirates",
            "Saudi Arabia",
            "South Africa",
            "Nigeria",
            "Kenya",
            "Egypt",
        ),
        "EMEA",
    ),
    **dict.fromkeys(
        (
            "Singapore",
            "Japan",
            "India",
            "Australia",
            "New Zealand",
            "China",
            "South Korea",
            "Hong Kong",
            "Indonesia",
            "Vietnam",
            "Philippines",
            "Malaysia",
            "Thailand",
        ),
        "APAC",
    ),
}

TIMEZONE_BY_CITY = {
    "New York": "America/New_York",
    "Boston": "America/New_York",
    "Austin": "America/Chicago",
    "Chicago": "America/Chicago",
    "San Francisco": "America/Los_Angeles",
    "Seattle": "America/Los_Angeles",
    "Toronto": "America/Toronto",
    "Vancouver": "America/Vancouver",
    "São Paulo": "America/Sao_Paulo",
    "Sydney": "Australia/Sydney",
    "Melbourne": "Australia/Melbourne",
}
TIMEZONE_BY_COUNTRY = {
    "United Kingdom": "Europe/London",
    "Ireland": "Europe/Dublin",
    "Germany": "Europe/Berlin",
    "France": "Europe/Paris",
    "Netherlands": "Europe/Amsterdam",
    "Spain": "Europe/Madrid",
    "Italy": "Europe/Rome",
    "Sweden": "Europe/Stockholm",
    "Nigeria": "Africa/Lagos",
    "Singapore": "Asia/Singapore",
    "Japan": "Asia/Tokyo",
    "India": "Asia/Kolkata",
    "Israel": "Asia/Jerusalem",
    "United Arab Emirates": "Asia/Dubai",
}


def size_band_for(employees: int) -> str:
    """The size band an employee count falls in ('1001-5000', '10000+', ...)."""
    for band, upper in SIZE_BANDS:
        if employees <= upper:
            return band
    return LARGEST_BAND


def timezone_for(country: str, city: str) -> str | None:
    """The IANA zone of a city, else of a single-zone country; None when unknown."""
    return TIMEZONE_BY_CITY.get(city) or TIMEZONE_BY_COUNTRY.get(country)
