"""The what-if panel, one module per tab."""
