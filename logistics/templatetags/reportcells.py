from django import template

register = template.Library()


@register.simple_tag
def report_cell(section, row, column):
    """Text, link and indent (``_level`` in rem, for rows of a tree) of one report cell."""
    return {"text": section.cell(row, column), "link": section.link(row, column), "indent": row.get("_level")}
