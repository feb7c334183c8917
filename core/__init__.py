"""Domain basics every room may use: fiscal-year range and the text the app accepts.

Plain Python, no models and no Django apps: the lowest room.
"""
