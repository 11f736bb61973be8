"""The Plotly Dash app over the ETL's tables (see the dashboard issue)."""
