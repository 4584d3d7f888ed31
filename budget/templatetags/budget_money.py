"""Money as the budget pages print it: pounds with thousands separators, minus before the pound sign.

GOV.UK style: no pence when the amount is whole pounds ("£98,000"), pence when there are some ("£20,520.50").
"""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value):
    """Decimal('-59170.00') -> '-£59,170'; Decimal('20520.5') -> '£20,520.50'; None -> ''."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount).quantize(Decimal("0.01"))
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{sign}£{text}"
