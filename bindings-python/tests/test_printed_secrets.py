"""What account users see of payment data, and secrets kept out of every printable form."""

from __future__ import annotations

import pytest

from conftest import EMAIL, PASSWORD, USERNAME, World
from corporate_billing import PaymentMethod

TOKEN = "tok_live_9f8e7d6c5b4a"
IBAN = "DE44500105175407324931"


# DOMAIN: PRIV-1, PAY-2
@pytest.mark.parametrize(
    ("method", "last4"),
    [
        (PaymentMethod.card(TOKEN, "visa", "4242", 12, 2030), "4242"),
        (PaymentMethod.ach_debit("6789", "011000015", token=TOKEN), "6789"),
        (PaymentMethod.sepa_debit(IBAN, "ACME-0001"), "4931"),
    ],
)
def test_account_users_see_kind_and_last_four_and_no_invoice_recipients(
    world: World, method: PaymentMethod, last4: str
) -> None:
    portal, contact = world.portal, world.contact()
    # A SEPA mandate is for an account billed in euros, so that case uses the German account.
    account = world.de if last4 == "4931" else world.us
    if account == world.de:
        portal.add_account_user(world.rep, world.de, world.user_id)
    portal.set_payment_method(contact, account, method)
    portal.add_invoice_recipient(contact, account, EMAIL)
    seen = portal.account(world.user, account)
    view = seen.payment_method
    assert (view.kind, view.last4, view.detailed) == (method.kind, last4, False)
    assert (view.brand, view.exp_year, view.routing_number, view.iban_masked, view.mandate_reference) == (None,) * 5
    assert seen.invoice_recipients is None
    for shown in (repr(seen), str(seen), repr(view), str(view), view.description):
        for secret in (TOKEN, IBAN, "Visa", "011000015", "ACME-0001", EMAIL):
            assert secret not in shown, shown
    for caller in (contact, world.rep, world.services):
        full = portal.account(caller, account)
        assert full.payment_method.detailed and full.invoice_recipients == [EMAIL]
        assert not hasattr(full.payment_method, "token")
        assert TOKEN not in repr(full.payment_method) and IBAN not in repr(full.payment_method)
    # The host alone reads the stored method back, token and IBAN included.
    assert portal.stored_payment_method(account) == method


# DOMAIN: AUTH-6, AUTH-7
def test_sessions_callers_and_notifications_print_without_tokens_or_links(world: World) -> None:
    session = world.portal.sign_in(USERNAME, PASSWORD)
    for shown in (repr(session), str(session), repr(session.caller), str(session.caller)):
        assert session.token not in shown, shown
    world.portal.forgot_password(USERNAME)
    mail = [n for n in world.portal.pending_notifications(1000) if n.kind == "password_reset"][-1]
    link = next(word for word in mail.body.split() if "token=" in word)
    token = link.split("token=")[1]
    for shown in (repr(mail), str(mail), repr([mail])):
        assert token not in shown, shown
