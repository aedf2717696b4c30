"""Analytics: queries, sales-curve forecasts, anomalies, recommendations and reports."""
