"""Renderers of a reports.layout Document: Word (`docx.render`), Excel (`xlsx.render`), HTML
(`html.render_document` and its parts). Each takes the Document and nothing else, so the
outputs agree and a new kind of document needs no renderer change.
"""
