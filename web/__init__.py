"""Web helpers shared by the page rooms: the Jinja2 environment and input writer of the busiest
page parts (form_renderer), HTML text of a value (markup) and URLs filled without resolving
(url_filler). No models, no views: `perfbudget/` keeps only the wiring (decision 018)."""
