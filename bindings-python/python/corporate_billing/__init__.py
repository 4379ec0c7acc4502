"""corporate_billing: the back end of a corporate billing portal, from Python.

One object, :class:`BillingPortal`, on a SQLite file (or ``":memory:"``), reaches every
operation of the Rust library: provisioning, sign-in, quotes, invoices and printing, billing
data, service requests, the renewal run, the audit log and the notification outbox.

>>> from corporate_billing import BillingPortal, InvalidCredentials
>>> with BillingPortal(":memory:") as portal:
...     try:
...         portal.sign_in("ap@example.com", "not the password at all")
...     except InvalidCredentials as e:
...         print(e.code)
invalid_credentials

Money is :class:`decimal.Decimal`, dates :class:`datetime.date`, instants timezone-aware
:class:`datetime.datetime`. Every error is a :class:`BillingError` whose ``.code`` is the core's
stable code; :class:`InvalidInput` is also a :class:`ValueError` and names the ``.field``.
"""

from collections.abc import Iterator
from typing import Any

from corporate_billing._corporate_billing import (
    AccountOverview,
    AuditChainBroken,
    AuditHead,
    AuditRecord,
    BillingAddress,
    BillingContact,
    BillingError,
    BillingPortal,
    LimitReached,
    Busy,
    Caller,
    Conflict,
    ContactAccount,
    CurrencyMismatch,
    Document,
    EInvoiceSettings,
    Forbidden,
    Internal,
    InvalidCredentials,
    InvalidInput,
    InvalidToken,
    Invoice,
    InvoiceDocument,
    InvoiceSummary,
    IssuerProfile,
    Line,
    LineInput,
    ManualClock,
    Money,
    NotAvailableInCountry,
    NotConfigured,
    NotCorporateAccount,
    NotFound,
    Notification,
    AccountPage,
    DunningReport,
    QuotePage,
    RequestPage,
    VendorAccount,
    VendorQuote,
    VendorRequest,
    InvoicePage,
    Payment,
    StatementEntry,
    StatementImport,
    VendorInvoice,
    PaymentMethod,
    PaymentMethodView,
    PurchaseOrder,
    PurchaseOrderRequired,
    Quote,
    QuoteEffect,
    QuoteExpired,
    QuoteSummary,
    RenewalFailure,
    RenewalReport,
    PurgeReport,
    RequestKind,
    ServiceRequest,
    Session,
    Storage,
    Subscription,
    Totals,
    Unauthenticated,
    VatSubtotal,
)
from corporate_billing._kinds import (
    AccountKind,
    BillingInterval,
    CardBrand,
    DocumentLanguage,
    Durability,
    EInvoiceFormat,
    EInvoiceProfile,
    InvoiceKind,
    InvoiceStatus,
    NotificationKind,
    PaymentMethodKind,
    PrintFormat,
    QuoteEffectKind,
    QuoteStatus,
    RequestKindName,
    RequestStatus,
    StaffKind,
    SubscriptionStatus,
)

__all__ = [
    "AccountKind",
    "AccountOverview",
    "AuditChainBroken",
    "AuditHead",
    "AuditRecord",
    "BillingAddress",
    "BillingContact",
    "BillingError",
    "BillingInterval",
    "BillingPortal",
    "LimitReached",
    "Busy",
    "Caller",
    "CardBrand",
    "DocumentLanguage",
    "Durability",
    "EInvoiceFormat",
    "EInvoiceProfile",
    "EInvoiceSettings",
    "Conflict",
    "ContactAccount",
    "CurrencyMismatch",
    "Document",
    "Forbidden",
    "Internal",
    "InvalidCredentials",
    "InvalidInput",
    "InvalidToken",
    "Invoice",
    "InvoiceDocument",
    "InvoiceKind",
    "InvoiceStatus",
    "InvoiceSummary",
    "IssuerProfile",
    "Line",
    "LineInput",
    "ManualClock",
    "Money",
    "NotAvailableInCountry",
    "NotConfigured",
    "NotCorporateAccount",
    "NotFound",
    "Notification",
    "NotificationKind",
    "AccountPage",
    "DunningReport",
    "QuotePage",
    "RequestPage",
    "VendorAccount",
    "VendorQuote",
    "VendorRequest",
    "InvoicePage",
    "Payment",
    "StatementEntry",
    "StatementImport",
    "VendorInvoice",
    "iter_vendor_invoices",
    "PaymentMethod",
    "PaymentMethodKind",
    "PaymentMethodView",
    "PrintFormat",
    "PurchaseOrder",
    "PurchaseOrderRequired",
    "Quote",
    "QuoteEffect",
    "QuoteEffectKind",
    "QuoteExpired",
    "QuoteStatus",
    "QuoteSummary",
    "RenewalFailure",
    "RenewalReport",
    "PurgeReport",
    "RequestKind",
    "RequestKindName",
    "RequestStatus",
    "ServiceRequest",
    "Session",
    "StaffKind",
    "Storage",
    "Subscription",
    "SubscriptionStatus",
    "Totals",
    "Unauthenticated",
    "VatSubtotal",
]


def iter_vendor_invoices(
    portal: BillingPortal, caller: Caller, *, page_size: int = 100, **filters: Any
) -> Iterator[VendorInvoice]:
    """Every invoice across the vendor matching ``filters`` (those of
    :meth:`BillingPortal.vendor_invoices`), in issue order, fetching one page at a time as the
    loop goes (BO-1). Invoices issued while it runs are left for the next listing."""
    cursor: str | None = None
    while True:
        page = portal.vendor_invoices(caller, cursor=cursor, limit=page_size, **filters)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
