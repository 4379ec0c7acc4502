"""Back-office job: run the renewals for a date, then report open and overdue invoices.

    python examples/backoffice_report.py [--date 2026-03-01] [--out open-invoices.csv]
    python examples/backoffice_report.py --db portal.db --services STAFF_ID

Without --db it builds a small demo on a temporary database first (three corporate accounts
billed monthly, quarterly and annually since 2025, some invoices paid, some not) on a manual
clock set to the run date, so the output is the same on every run. With --db it works on your
portal file as the Account Services member --services, across every account of the vendor.

Runs the renewals and the payment reminders, then writes one CSV row per open invoice with its
balance due, streamed from the vendor-wide list, and prints a summary per account. Amounts stay decimal.Decimal from the portal to the file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from corporate_billing import (
    BillingAddress,
    BillingError,
    BillingPortal,
    Caller,
    IssuerProfile,
    ManualClock,
    PaymentMethod,
    RequestKind,
    iter_vendor_invoices,
)

COLUMNS = [
    "account_id",
    "company",
    "invoice",
    "issue_date",
    "due_date",
    "currency",
    "balance_due",
    "status",
    "days_overdue",
]


def run_and_report(portal: BillingPortal, services: Caller, date: dt.date, out: Path) -> int:
    """Runs the renewals and the payment reminders for `date`, then streams every open invoice
    of the vendor, with its balance due, to `out` (BO-1: pages are fetched as the loop goes)."""
    renewal = portal.run_renewals(services, date)
    print(
        f"Renewal run for {date}: {renewal.renewed} renewed, {renewal.expired} expired, "
        f"{renewal.invoices_issued} invoices issued"
    )
    dunning = portal.run_dunning(services, date)
    print(f"Dunning run for {date}: {dunning.invoices_reminded} invoices reminded, {dunning.reminders_queued} e-mails queued")
    rows = 0
    open_total: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    overdue_total: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for invoice in iter_vendor_invoices(portal, services, status="open", kind="invoice", page_size=200):
            days = (date - invoice.due_date).days if invoice.overdue else 0
            balance = invoice.balance_due
            writer.writerow(
                [
                    invoice.account_id,
                    invoice.company_name,
                    invoice.number,
                    invoice.issue_date.isoformat(),
                    invoice.due_date.isoformat(),
                    balance.currency,
                    balance.amount,  # a Decimal: written exactly as the portal computed it
                    "overdue" if invoice.overdue else "open",
                    days,
                ]
            )
            rows += 1
            open_total[(invoice.company_name, balance.currency)] += balance.amount
            if invoice.overdue:
                overdue_total[(invoice.company_name, balance.currency)] += balance.amount
    for (company, cur), amount in sorted(open_total.items()):
        print(f"  {company:<22} open: {amount} {cur:<8} overdue: {overdue_total[(company, cur)]} {cur}")
    print(f"Wrote {rows} open invoices to {out}")
    return rows


def build_demo(portal: BillingPortal, clock: ManualClock, run_date: dt.date) -> tuple[Caller, list[str]]:
    """A vendor with three corporate accounts and a year of billing history before `run_date`."""
    issuer = portal.create_issuer(
        IssuerProfile(
            "Northwind Cloud Inc.",
            BillingAddress("500 Harbor Blvd", "Seattle", "US", region="WA", postal_code="98101"),
            "91-1234567",
            invoice_prefix="NW-",
            remittance="JPMorgan Chase Bank, ABA 021000021, account 000123456789",
        )
    )
    rep_id = portal.register_staff("Riley Chen", "riley.chen@northwind.example", "sales_rep")
    services = Caller.staff(portal.register_staff("Morgan Lee", "morgan.lee@northwind.example", "account_services"))
    rep = Caller.staff(rep_id)
    customers = [
        # company, contact e-mail, address, phone, payment method, currency, VAT %, and the
        # request that moves it off annual billing (SR-3)
        (
            "Acme Robotics Inc.",
            "dana@acme-robotics.example",
            BillingAddress("1 Main Street", "Boston", "US", region="MA", postal_code="02110"),
            "+1 617 555 0100",
            PaymentMethod.ach_debit("6789", "011000015"),
            "USD",
            "0",
            RequestKind.change_billing_interval("monthly"),
        ),
        (
            "Globex GmbH",
            "buchhaltung@globex.example",
            BillingAddress("Friedrichstraße 68", "Berlin", "DE", postal_code="10117"),
            "030 901820",
            PaymentMethod.sepa_debit("DE44 5001 0517 5407 3249 31", "GLOBEX-0001"),
            "EUR",
            "0",  # a US vendor charges no German VAT: the German business accounts for it (reverse charge)
            RequestKind.change_billing_interval("quarterly"),
        ),
        (
            "Initech Ltd",
            "accounts@initech.example",
            BillingAddress("1 Poultry", "London", "GB", postal_code="EC2R 8EJ"),
            "+44 20 7946 0018",
            PaymentMethod.check(),
            "GBP",
            "0",  # nor UK VAT, which the UK business accounts for itself
            None,
        ),
    ]
    password = "demo passphrase for the back office"
    accounts = []
    for company, email, address, phone, method, currency, vat, interval in customers:
        contact = portal.create_login(f"Billing, {company}", email, password=password)
        account = portal.open_account(
            rep,
            company_name=company,
            issuer_id=issuer,
            sales_rep_id=rep_id,
            billing_contact_id=contact,
            billing_address=address,
            phone=phone,
            payment_method=method,
            currency=currency,
            vat_rate=Decimal(vat),
            payment_terms_days=14,
            plan="Corporate",
            seats=20,
            annual_seat_price=Decimal("144.00"),
            term_start=dt.date(2025, 1, 1),
            term_end=dt.date(2026, 1, 1),
        )
        if interval is not None:
            session = portal.sign_in(email, password)
            request = portal.submit_request(session.caller, account, interval)
            portal.complete_request(services, account, request.id)
            portal.sign_out(session.token)
        accounts.append(account)

    # Earlier runs, on the first of each month; most invoices get paid, a few do not.
    day = dt.date(2026, 1, 1)
    while day < run_date:
        clock.set(dt.datetime.combine(day, dt.time(6), tzinfo=dt.timezone.utc))
        portal.run_renewals(services, day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    unpaid = {"NW-000002", "NW-000004"}
    for account in accounts:
        for invoice in portal.invoices(services, account):
            if invoice.status == "open" and invoice.number not in unpaid:
                portal.record_payment(
                    services,
                    account,
                    invoice.id,
                    amount=invoice.balance_due.amount,
                    currency=invoice.balance_due.currency,
                    received_on=invoice.due_date - dt.timedelta(days=3),
                    method="sepa_debit",
                    reference=f"Collection {invoice.number}",
                )
    clock.set(dt.datetime.combine(run_date, dt.time(6), tzinfo=dt.timezone.utc))
    return services, accounts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2026, 3, 1), help="run date")
    parser.add_argument("--out", type=Path, default=Path("open-invoices.csv"), help="CSV file to write")
    parser.add_argument("--db", type=Path, help="an existing portal database (default: a demo)")
    parser.add_argument("--services", help="Account Services staff ID (with --db)")
    args = parser.parse_args()
    try:
        if args.db:
            if not args.services:
                parser.error("--db needs --services")
            with BillingPortal(args.db) as portal:
                run_and_report(portal, Caller.staff(args.services), args.date, args.out)
            return 0
        with tempfile.TemporaryDirectory(prefix="backoffice-demo-") as tmp:
            clock = ManualClock(dt.datetime(2025, 1, 2, 9, tzinfo=dt.timezone.utc))
            with BillingPortal(Path(tmp) / "portal.db", clock=clock, vendor_name="Northwind Cloud") as portal:
                services, _ = build_demo(portal, clock, args.date)
                run_and_report(portal, services, args.date, args.out)
        return 0
    except BillingError as e:
        print(f"refused [{e.code}]: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
