"""Template helpers of the data-entry pages."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from accounts import permissions
from accounts.models import Role
from perfbudget.form_renderer import bound_widget
from perfbudget.markup import escaped, text
from reviews.templatetags.review_tags import findings_for, findings_html
from workflow.templatetags.editor_opinions import row_opinions

register = template.Library()


@register.simple_tag(takes_context=True)
def enters_targets(context) -> bool:
    """Whether the user's role enters targets (clerk or admin); no query beyond the profile.

    Pages that already know the plan ask `permissions.can_edit_targets`; elsewhere this decides
    whether to offer 编辑, and the edit page itself explains a locked year.
    """
    return permissions.role_of(context["request"].user) in (Role.CLERK, Role.ADMIN)


@register.simple_tag(takes_context=True)
def user_role(context) -> str:
    """The user's role code (clerk / reviewer / auditor / admin), "" when none."""
    return permissions.role_of(context["request"].user) or ""


_UNSET = object()


@register.simple_tag(takes_context=True)
def field_block(context, field, wrapper=_UNSET, last=_UNSET, same=_UNSET):
    """One input of the editors with its label, review findings, errors and last year's value.

    Written in Python rather than included as a template: the project editor shows ~150 of
    them and an {% include %} each was a third of the page's time. The markup is what
    `tests/projects/test_field_block.py` compares against the template it replaced.
    """
    # As {% include ... with %}: what is not passed comes from the surrounding context.
    if wrapper is _UNSET:
        wrapper = context.get("wrapper")
    if last is _UNSET:
        last = context.get("last")
    if same is _UNSET:
        same = context.get("same")
    memo = _widget_memo(context)
    parts = [
        f'<div class="field {escaped(wrapper or "mb-2")}">\n',
        f'  <label class="form-label small mb-0" for="{escaped(field.id_for_label)}">'
        f"{_label_html(field, memo)}</label>\n",
        f"  {bound_widget(field, memo)}\n  ",
    ]
    review = context.get("review")
    if review:
        row = context.get("row_number") or 0
        parts.append(findings_html(findings_for(review, row, field.name)))
    parts.append("\n  ")
    auto_id = escaped(field.auto_id)
    parts.extend(
        f'<div class="invalid-feedback d-block" id="{auto_id}_error">{escaped(error)}</div>'
        for error in field.form.errors.get(field.name, ())  # field.errors, without an empty list
    )
    parts.append("\n  ")
    if last:
        value = linebreaksbr(last, autoescape=True)
        parts.append(_last_year_note(context, value, same, element_id=f"last-{field.name}"))
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))  # every value escaped above; the widget is safe


def _widget_memo(context) -> dict:
    """What shared fields write the same way in every row, for the rest of this page."""
    return context.render_context.setdefault("editing.widget_memo", {})


def _label_html(bound, memo: dict) -> str:
    """The label text and required mark of a field, translated once per page and field."""
    key = ("label", bound.field)  # the label comes from the field (compared by identity)
    if key not in memo:
        required = '<span class="text-danger" aria-hidden="true">*</span>'
        memo[key] = f"{escaped(bound.label)}{required if bound.field.required else ''}"
    return memo[key]


def _row_texts(memo: dict) -> dict[str, str]:
    """The fixed words of an indicator row (buttons, the deleted note), translated once."""
    if "row_texts" not in memo:
        words = {
            "deleted": gettext("该行已删除，保存后生效。"),
            "restore": gettext("撤销删除"),
            "up": gettext("上移"),
            "down": gettext("下移"),
            "remove": gettext("删除"),
        }
        memo["row_texts"] = {key: escaped(word) for key, word in words.items()}
    return memo["row_texts"]


_ROW_FIELDS = (
    # (field, the <div> around it, what follows it inside that div)
    ("level1", "col-6 col-lg-2", None),
    ("level2", "col-6 col-lg-2", None),
    ("name", "col-12 col-lg-4", "datalist"),
    ("description", "col-12 col-lg-4", None),
)
_VALUE_FIELDS = (
    ("comparator", "col-4 col-lg-1"),
    ("number", "col-4 col-lg-1"),
    ("unit", "col-4 col-lg-1"),
    ("basis", "col-12 col-lg-2"),
    ("weight", "col-6 col-lg-1"),
    ("direction", "col-6 col-lg-1"),
)


@register.simple_tag(takes_context=True)
def indicator_row(context, row, row_number):
    """One indicator row of the project editor (a card of 11 inputs, its opinions, buttons).

    Written in Python for the same reason as field_block; `tests/projects/test_field_block.py`
    compares it with the template it replaced.
    """
    memo = _widget_memo(context)
    t = _row_texts(memo)
    with context.push(row_number=row_number):
        block = {name: field_block(context, row[name], wrapper="mb-1") for name in _FIELD_NAMES}
    deleted = " row-deleted" if row["DELETE"].value() else ""
    errors = row.non_field_errors()
    error_html = (
        '<div class="alert alert-danger py-1 px-2 small mb-1">'
        f"{' '.join(escaped(e) for e in errors)}</div>"
        if errors
        else ""
    )
    opinions = context.get("return_opinions")
    opinion_html = row_opinions(opinions, row_number) if opinions else ""
    parts = [
        f'<div class="indicator-row card mb-2{deleted}" data-row>\n',
        '  <div class="card-body p-2">\n',
        f"    {row['ORDER'].as_hidden()}{bound_widget(row['indicator_id'], memo)}\n",
        f'    <div class="d-none">{bound_widget(row["DELETE"], memo)}</div>\n',
        f'    <div class="deleted-note small text-muted">{t["deleted"]} '
        '<button type="button" class="btn btn-link btn-sm p-0 restore-row">'
        f"{t['restore']}</button></div>\n",
        '    <div class="row-fields">\n',
        f"      {error_html}\n",
        f"      {opinion_html}\n",
        '      <div class="row g-2">\n',
    ]
    for name, css, after in _ROW_FIELDS:
        if after:
            datalist = (
                f'<datalist class="name-suggestions" '
                f'id="{escaped(row[name].auto_id)}_list"></datalist>'
            )
            parts.append(
                f'        <div class="{css}">\n          {block[name]}\n          {datalist}\n'
                "        </div>\n"
            )
        else:
            parts.append(f'        <div class="{css}">{block[name]}</div>\n')
    parts.append("      </div>\n")
    parts.append('      <div class="row g-2 align-items-end">\n')
    parts.append(
        f'        <div class="col-12 col-lg-3">\n          {block["value"]}\n'
        f"          {_last_value_note(context, row)}\n        </div>\n"
    )
    parts.extend(f'        <div class="{css}">{block[name]}</div>\n' for name, css in _VALUE_FIELDS)
    parts.append(
        '        <div class="col-12 col-lg-2 mb-1 text-lg-end row-buttons">\n'
        '          <button type="button" class="btn btn-outline-secondary btn-sm move-up" '
        f'title="{t["up"]}">{t["up"]}</button>\n'
        '          <button type="button" class="btn btn-outline-secondary btn-sm move-down" '
        f'title="{t["down"]}">{t["down"]}</button>\n'
        '          <button type="button" class="btn btn-outline-danger btn-sm remove-row">'
        f"{t['remove']}</button>\n"
        "        </div>\n"
        "      </div>\n"
        '      <div class="form-text value-hint" aria-live="polite"></div>\n'
        "    </div>\n"
        "  </div>\n"
        "</div>\n"
    )
    return mark_safe("".join(parts))  # every value escaped above; widgets are safe


_FIELD_NAMES = (*(n for n, *_rest in _ROW_FIELDS), "value", *(n for n, _ in _VALUE_FIELDS))


def _last_value_note(context, row) -> str:
    """Last year's 指标值 under this year's."""
    last = getattr(row, "last_value", None)
    if not last:
        return ""
    return _last_year_note(context, text(last), last == row["value"].value())


def _last_year_note(context, value_html: str, same: bool, *, element_id: str = "") -> str:
    """Last year's value under an input, marked when it was carried over unchanged."""
    note = gettext("%(year)s年：") % {"year": text(context.get("last_year_no", ""))}
    badge = (
        f' <span class="badge text-bg-warning">{escaped(gettext("沿用上年，请确认"))}</span>'
        if same
        else ""
    )
    id_attr = f' id="{escaped(element_id)}"' if element_id else ""
    return (
        f'<div class="form-text last-year{" same" if same else ""}"{id_attr}>'
        f"{note}{value_html}{badge}</div>"
    )
