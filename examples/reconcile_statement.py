"""Imports an ISO 20022 bank statement (camt.053, or a camt.054 notification) and prints what
matched and what did not, and why (RECON-1, RECON-2).

    python examples/reconcile_statement.py --db portal.db --services STAFF_ID statement.xml
    python examples/reconcile_statement.py            # a demo on examples/statements/

Importing the same file again records nothing new: its entries come back as duplicates. A
returned direct debit in a statement reverses the payment it took back, and its invoice is due
again. A statement must be for an account of one of the vendor's issuers (its IBAN, in any
spelling): any other account refuses the whole document, and nothing is booked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from corporate_billing import (
    BillingAddress,
    BillingError,
    BillingPortal,
    Caller,
    InvalidInput,
    IssuerProfile,
    LineInput,
    ManualClock,
    PaymentMethod,
    QuoteEffect,
    StatementImport,
)

SAMPLE = Path(__file__).resolve().parent / "statements" / "camt053-day.xml"
RETURNS = SAMPLE.with_name("camt053-returns.xml")
BATCH_053 = SAMPLE.with_name("camt053-v08-batch.xml")
BATCH_054 = SAMPLE.with_name("camt054-v08-batch.xml")


def fill(path: Path, refs: list[str]) -> bytes:
    """The sample with the creditor references of `refs` in its placeholders."""
    xml = path.read_text()
    for n, ref in enumerate(refs, start=1):
        printed = " ".join(ref[i : i + 4] for i in range(0, len(ref), 4))
        xml = xml.replace(f"{{REF{n}}}", ref).replace(f"{{REF{n}PRINTED}}", printed)
    return xml.encode()


def show(report: StatementImport) -> None:
    print(f"Statement {report.statement_id} for {report.account}: {len(report.entries)} entries")
    for e in report.entries:
        target = f" -> {e.invoice_number}" if e.invoice_number else ""
        why = f" ({e.reason})" if e.reason else ""
        returned = f" [return {e.return_reason}]" if e.return_reason else ""
        due_again = e.outcome in ("partial", "reversed")
        left = f", {e.balance_due.amount} due" if e.balance_due is not None and due_again else ""
        sign = "-" if e.debit else " "
        print(
            f"  #{e.position:<2} {e.statement_id} {sign}{e.amount.amount:>10} {e.amount.currency} "
            f"{e.outcome}{why}{returned}{target}{left}"
        )


def demo(tmp: Path) -> int:
    """Four 767.10 EUR invoices VE-000001..4, the sample statement imported twice, then the
    statement of five days later, whose returned direct debit reopens VE-000003; three more
    invoices VE-000005..7 paid by a batch, told by a camt.054 notification and again by the
    day's camt.053 statement (booked once); and a statement for a foreign IBAN, refused."""
    clock = ManualClock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc))
    with BillingPortal(tmp / "portal.db", clock=clock) as portal:
        services = Caller.staff(portal.register_staff("Casey Services", "cas@vendor.example", "account_services"))
        rep_id = portal.register_staff("Sam Seller", "sam@vendor.example", "sales_rep")
        rep = Caller.staff(rep_id)
        address = BillingAddress("Keizersgracht 1", "Amsterdam", "NL", postal_code="1015 CJ")
        issuer = portal.create_issuer(
            IssuerProfile(
                "Vendor Europe B.V.",
                address,
                "NL123456789B01",
                invoice_prefix="VE-",
                remittance="ABN AMRO, IBAN NL91 ABNA 0417 1643 00",
            )
        )
        login = portal.create_login("Alex Billing", "alex@acme.example", password="a long and private passphrase")
        account = portal.open_account(
            services,
            company_name="Acme GmbH",
            issuer_id=issuer,
            sales_rep_id=rep_id,
            billing_contact_id=login,
            billing_address=BillingAddress("Hauptstraße 1", "Berlin", "DE", postal_code="10115"),
            phone="030 901820",
            payment_method=PaymentMethod.wire_transfer(),
            currency="EUR",
            vat_rate=Decimal("19"),
            payment_terms_days=30,
            plan="Corporate",
            seats=10,
            annual_seat_price=Decimal("120"),
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2027, 1, 1),
        )
        contact = portal.sign_in("alex@acme.example", "a long and private passphrase").caller
        refs = []
        for _ in range(7):
            lines = [
                LineInput("Additional corporate seats", Decimal(2), Decimal("120.00"), Decimal(19)),
                LineInput("Onboarding workshop", Decimal(1), Decimal(450), Decimal(7)),
            ]
            q = portal.issue_quote(
                rep, account, currency="EUR", valid_until=dt.date(2026, 3, 31), lines=lines, effect=QuoteEffect.add_seats(1)
            )
            refs.append(portal.accept_quote(contact, account, q.id).creditor_reference)
        xml = SAMPLE.read_text().replace("{REF1}", refs[0]).replace("{REF3}", refs[2]).encode()
        show(portal.import_bank_statement(services, xml))
        print("Imported again:")
        show(portal.import_bank_statement(services, xml))
        returns = RETURNS.read_text().replace("{E2E3}", "VE-000003").replace("{REF4}", refs[3]).encode()
        show(portal.import_bank_statement(services, returns))
        print("The batch's camt.054 notification, then the day's camt.053 statement of the same payments:")
        show(portal.import_bank_statement(services, fill(BATCH_054, refs[4:7])))
        show(portal.import_bank_statement(services, fill(BATCH_053, refs[4:7])))
        foreign = SAMPLE.read_text().replace("NL91ABNA0417164300", "DE89 3704 0044 0532 0130 00")
        try:
            portal.import_bank_statement(services, foreign.encode())
        except InvalidInput as refused:
            print(f"A statement for DE89 3704 0044 0532 0130 00: refused [{refused.code}] on {refused.field}: {refused}")
        else:
            raise SystemExit("a statement for a foreign IBAN was imported")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("statement", type=Path, nargs="?", help="camt.053 or camt.054 file")
    parser.add_argument("--db", type=Path, help="an existing portal database (default: a demo)")
    parser.add_argument("--services", help="Account Services staff ID (with --db)")
    args = parser.parse_args()
    try:
        if args.db:
            if not (args.services and args.statement):
                parser.error("--db needs --services and a statement file")
            with BillingPortal(args.db) as portal:
                show(portal.import_bank_statement(Caller.staff(args.services), args.statement.read_bytes()))
            return 0
        with tempfile.TemporaryDirectory(prefix="reconcile-demo-") as tmp:
            return demo(Path(tmp))
    except BillingError as e:
        print(f"refused [{e.code}]: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
