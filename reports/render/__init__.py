"""Renderers of the layout Grid: Word (`docx.render`) and Excel (`xlsx.render`).

Both read the same `reports.layout` objects as the HTML template, so the three outputs agree.
"""
