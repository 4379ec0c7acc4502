"""The string constants that stand for the core's enums, as typing aliases.

Statuses and kinds cross the boundary as these snake_case strings: they compare with ``==``,
print as they are, and go straight into a CSV file. A value outside an alias raises
``InvalidInput`` naming the argument.
"""

from typing import Literal, TypeAlias

AccountKind: TypeAlias = Literal["corporate", "online"]
StaffKind: TypeAlias = Literal["sales_rep", "account_services"]
Durability: TypeAlias = Literal["full", "normal"]
InvoiceKind: TypeAlias = Literal["invoice", "credit_note"]
InvoiceStatus: TypeAlias = Literal["open", "paid", "void"]
QuoteStatus: TypeAlias = Literal["open", "expired", "accepted", "declined", "withdrawn"]
RequestStatus: TypeAlias = Literal["open", "completed", "rejected"]
BillingInterval: TypeAlias = Literal["monthly", "quarterly", "semi_annual", "annual"]
SubscriptionStatus: TypeAlias = Literal["active", "expired", "cancelled"]
CardBrand: TypeAlias = Literal["visa", "mastercard", "amex", "discover", "other"]
PrintFormat: TypeAlias = Literal["text", "html", "pdf"]
DocumentLanguage: TypeAlias = Literal["de", "en"]
EInvoiceProfile: TypeAlias = Literal["factur_x", "xrechnung"]
EInvoiceFormat: TypeAlias = Literal["factur_x_pdf", "xrechnung_cii", "xrechnung_ubl", "peppol_bis_ubl"]
PaymentMethodKind: TypeAlias = Literal["card", "wire_transfer", "check", "ach_debit", "sepa_debit", "standing_order"]
ReversalReason: TypeAlias = Literal["returned_debit", "chargeback"]
QuoteEffectKind: TypeAlias = Literal["new_term", "plan_change", "add_seats", "reactivation"]
RequestKindName: TypeAlias = Literal[
    "change_billing_interval",
    "turn_off_auto_renewal",
    "change_payment_method",
    "invoice_copy",
    "change_billing_contact",
    "change_country",
    "other",
]
NotificationKind: TypeAlias = Literal[
    "invoice_issued",
    "quote_issued",
    "billing_contact_changed",
    "request_completed",
    "request_rejected",
    "purchase_order_expiring",
    "password_reset",
    "set_password",
    "password_changed",
    "payment_reminder",
]
