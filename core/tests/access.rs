//! Who may do what: the permission table, exhaustively, and role resolution through the facade
//! (ACC-1, ACC-2, ACC-3, ACC-4, BC-1, SR-2, SR-3, SR-4, QUO-1, QUO-3, PRIV-1, DOC-1, AUD-1).

mod common;

use common::*;
use corporate_billing::access::{Action, Role, allowed};
use corporate_billing::{AccountKind, Caller, Error, NewAccount, NewLogin, PaymentMethodView};

const Y: bool = true;
const N: bool = false;

/// The expected table, written out from DOMAIN.md, one row per action, columns in the order
/// billing contact, account user, sales rep, Account Services, outsider. The `match` is
/// exhaustive, so a new action does not compile until its row is written here.
fn expected(action: Action) -> [bool; 5] {
    use Action::*;
    match action {
        //                                   contact user  rep   AS   outsider
        // The overview (no contact identity) is for everyone on the account.
        ViewAccount => [Y, Y, Y, Y, N],
        // PRIV-1: the contact, the account's sales rep and Account Services only.
        ViewBillingContact => [Y, N, Y, Y, N],
        // PRIV-1, PAY-2: payment details and invoice recipients (which may name the contact).
        ViewBillingDetails => [Y, N, Y, Y, N],
        // QUO-2: the contact lists and views quotes; the vendor side sees what it issued.
        ViewQuotes => [Y, N, Y, Y, N],
        // QUO-1: the sales rep or Account Services issues quotes.
        IssueQuote => [N, N, Y, Y, N],
        // QUO-6: the vendor withdraws (the sales rep; Account Services, who may issue, too).
        WithdrawQuote => [N, N, Y, Y, N],
        // QUO-3, QUO-5: the billing contact decides.
        DecideQuote => [Y, N, N, N, N],
        // INV-2: the contact lists and opens invoices (they carry the contact's user ID, AUTH-10).
        ViewInvoices => [Y, N, Y, Y, N],
        // INV-6: a payment is recorded by vendor staff.
        RecordPayment => [N, N, Y, Y, N],
        // INV-1: corrections are Account Services' work.
        VoidInvoice => [N, N, N, Y, N],
        // ACC-3: the contact or vendor staff; everyone else is denied.
        ChangeBillingData => [Y, N, Y, Y, N],
        // ADDR-1: a country change goes through Account Services.
        ChangeCountry => [N, N, N, Y, N],
        // SR-2: only the billing contact submits requests.
        SubmitRequest => [Y, N, N, N, N],
        ViewRequests => [Y, N, Y, Y, N],
        // SR-2, SR-3: Account Services completes or rejects requests.
        DecideRequest => [N, N, N, Y, N],
        // SR-2: the sales rep may decide auto-renewal and billing-contact requests.
        DecideRenewalOrContactRequest => [N, N, Y, Y, N],
        // SR-4: directly, only the account's sales rep (Account Services goes through a request).
        TurnOffAutoRenewal => [N, N, Y, N, N],
        // BC-1: the current contact or vendor staff; nobody else.
        ChangeBillingContact => [Y, N, Y, Y, N],
        // DOC-1: the account's contact and vendor staff (the country check comes on top).
        DownloadW9 => [Y, N, Y, Y, N],
        // EINV-1: the e-invoice is the contact's and vendor staff's, like the invoice it renders.
        ExportEInvoice => [Y, N, Y, Y, N],
        // AUD-1: vendor staff read the audit log.
        ReadAudit => [N, N, Y, Y, N],
        ManageAccountUsers => [N, N, Y, Y, N],
        OpenAccount => [N, N, Y, Y, N],
        // Vendor-wide jobs: Account Services.
        RunBilling => [N, N, N, Y, N],
        VerifyAudit => [N, N, N, Y, N],
        // RECON-1: payments across the vendor, from the bank's file.
        ImportBankStatement => [N, N, N, Y, N],
        // DUN-1: the account's staff hold reminders back, during a dispute say.
        PauseDunning => [N, N, Y, Y, N],
        // BO-1: vendor staff list across the vendor; a sales rep sees its own accounts only.
        ListVendorWide => [N, N, Y, Y, N],
        SeeEveryAccount => [N, N, N, Y, N],
    }
}

fn column(role: Role) -> usize {
    match role {
        Role::BillingContact => 0,
        Role::AccountUser => 1,
        Role::SalesRep => 2,
        Role::AccountServices => 3,
        Role::Outsider => 4,
    }
}

// DOMAIN: ACC-3, BC-1, SR-2, SR-3, SR-4, QUO-1, QUO-3, PRIV-1, DOC-1, AUD-1, EINV-1
#[test]
fn permission_table_matches_the_rules_for_every_role_and_action() {
    assert_eq!(Role::ALL.len(), 5);
    assert_eq!(Action::ALL.len(), 29);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for action in Action::ALL {
        for role in Role::ALL {
            let want = expected(action)[column(role)];
            if allowed(role, action) != want {
                wrong.push(format!("{role:?} x {action:?}: expected {want}"));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "permission table differs from DOMAIN.md:\n{}", wrong.join("\n"));
    assert_eq!(checked, 5 * 29);
}

// DOMAIN: ACC-3
#[test]
fn outsiders_are_denied_everything() {
    for action in Action::ALL {
        assert!(!allowed(Role::Outsider, action), "{action:?}");
    }
}

// DOMAIN: ACC-3
#[test]
fn billing_data_is_changed_by_the_contact_and_vendor_staff_only() {
    let fx = Fixture::new();
    let other = fx.other_company();
    for (caller, phone, expect) in [
        (fx.contact(), "030 901821", "+4930901821"),
        (fx.rep(), "030 901822", "+4930901822"),
        (fx.services(), "030 901823", "+4930901823"),
    ] {
        assert_eq!(fx.portal.change_phone(&caller, fx.account, phone).unwrap().as_str(), expect);
    }
    let before = fx.snapshot();
    for caller in [fx.user(), fx.other_rep(), Caller::Anonymous, other.contact()] {
        assert_eq!(fails(fx.portal.change_phone(&caller, fx.account, "030 901824")), Error::Forbidden, "{caller:?}");
        assert_eq!(
            fails(fx.portal.add_invoice_recipient(&caller, fx.account, "ap@acme-gmbh.example")),
            Error::Forbidden
        );
        assert_eq!(fails(fx.portal.set_payment_method(&caller, fx.account, &sepa())), Error::Forbidden);
    }
    assert_eq!(fx.snapshot(), before, "denied calls change nothing");
    assert_eq!(fx.portal.account(&fx.contact(), fx.account).unwrap().phone.as_str(), "+4930901823");
}

// DOMAIN: ACC-4
#[test]
fn one_login_is_billing_contact_of_several_accounts_checked_per_account() {
    let fx = Fixture::new();
    let sister = fx.open(&fx.new_account("Acme Logistics GmbH", fx.contact_login));
    let other = fx.other_company();
    let mine: Vec<_> = fx.portal.my_accounts(&fx.session.token).unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(mine.len(), 2);
    assert!(mine.contains(&fx.account) && mine.contains(&sister));
    for account in [fx.account, sister] {
        fx.portal.change_phone(&fx.contact(), account, "030 901829").unwrap();
        let q = fx.issue_quote(account);
        let inv = fx.portal.accept_quote(&fx.contact(), account, q.id, None).unwrap();
        assert_eq!(inv.account_id, account);
        assert_eq!(fx.portal.billing_contact(&fx.contact(), account).unwrap().login_id, fx.contact_login);
    }
    // The same session is nobody on a third company's account.
    assert_eq!(fails(fx.portal.account(&fx.contact(), other.account)), Error::Forbidden);
    assert_eq!(fails(fx.portal.quotes(&fx.contact(), other.account)), Error::Forbidden);
    // ...and the other company's contact is nobody on ours.
    assert_eq!(fails(fx.portal.account(&other.contact(), sister)), Error::Forbidden);
    // Handing one account over leaves the other with the same login (access is per account).
    fx.portal.change_billing_contact(&fx.rep(), sister, USER_EMAIL).unwrap();
    assert_eq!(fails(fx.portal.quotes(&fx.contact(), sister)), Error::Forbidden);
    assert!(fx.portal.quotes(&fx.contact(), fx.account).is_ok());
    let mine: Vec<_> = fx.portal.my_accounts(&fx.session.token).unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(mine, vec![fx.account]);
}

// DOMAIN: PRIV-1, ACC-3
#[test]
fn an_account_user_sees_the_overview_but_not_the_contact_nor_billing_actions() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    let inv = fx.invoice();
    let overview = fx.portal.account(&fx.user(), fx.account).unwrap();
    assert_eq!(overview.company_name, COMPANY);
    let shown = format!("{overview:?}");
    for secret in [CONTACT_NAME, CONTACT_EMAIL, CONTACT_USERNAME, CONTACT_PHONE_E164] {
        assert!(!shown.to_lowercase().contains(&secret.to_lowercase()), "overview shows {secret}");
    }
    assert_eq!(fails(fx.portal.billing_contact(&fx.user(), fx.account)), Error::Forbidden);
    assert_eq!(fails(fx.portal.quotes(&fx.user(), fx.account)), Error::Forbidden);
    assert_eq!(fails(fx.portal.accept_quote(&fx.user(), fx.account, q.id, None)), Error::Forbidden);
    assert_eq!(fails(fx.portal.invoice(&fx.user(), fx.account, inv.id)), Error::Forbidden);
    assert_eq!(
        fails(fx.portal.print_invoice(&fx.user(), fx.account, inv.id, corporate_billing::PrintFormat::Text)),
        Error::Forbidden
    );
    assert_eq!(fails(fx.portal.audit_log(&fx.user(), fx.account)), Error::Forbidden);
    assert_eq!(fails(fx.portal.change_billing_contact(&fx.user(), fx.account, USER_EMAIL)), Error::Forbidden);
}

// DOMAIN: ACC-3, PRIV-1
#[test]
fn another_sales_rep_is_an_outsider_on_the_account() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    let rep = fx.other_rep();
    assert_eq!(fails(fx.portal.account(&rep, fx.account)), Error::Forbidden);
    assert_eq!(fails(fx.portal.billing_contact(&rep, fx.account)), Error::Forbidden);
    assert_eq!(fails(fx.portal.issue_quote(&rep, fx.account, &fx.new_quote())), Error::Forbidden);
    assert_eq!(fails(fx.portal.withdraw_quote(&rep, fx.account, q.id)), Error::Forbidden);
    assert_eq!(fails(fx.portal.turn_off_auto_renewal(&rep, fx.account)), Error::Forbidden);
    assert_eq!(fails(fx.portal.audit_log(&rep, fx.account)), Error::Forbidden);
    // The account's own rep may do all of this.
    assert_eq!(fx.portal.billing_contact(&fx.rep(), fx.account).unwrap().name, CONTACT_NAME);
    assert!(fx.portal.audit_log(&fx.rep(), fx.account).is_ok());
    // Account Services works on every account.
    assert_eq!(fx.portal.billing_contact(&fx.services(), fx.account).unwrap().name, CONTACT_NAME);
}

// DOMAIN: ACC-3
#[test]
fn anonymous_callers_and_unknown_staff_are_denied() {
    let fx = Fixture::new();
    let unregistered = corporate_billing::StaffId::parse("0190a5c4-0000-7000-8000-0000000000aa").unwrap();
    for caller in [Caller::Anonymous, Caller::Staff(unregistered)] {
        assert_eq!(fails(fx.portal.account(&caller, fx.account)), Error::Forbidden);
        assert_eq!(fails(fx.portal.run_renewals(&caller, fx.today())), Error::Forbidden);
        assert_eq!(fails(fx.portal.verify_audit_log(&caller)), Error::Forbidden);
        assert_eq!(fails(fx.portal.open_account(&caller, &fx.new_account("X", fx.contact_login))), Error::Forbidden);
    }
}

// DOMAIN: ACC-1
#[test]
fn portal_operations_on_an_online_account_fail_with_not_corporate_account() {
    let fx = Fixture::new();
    let online = fx
        .portal
        .open_account(
            &fx.rep(),
            &NewAccount { kind: AccountKind::Online, ..fx.new_account("Web Shop Customer", fx.contact_login) },
        )
        .unwrap();
    assert_eq!(Error::NotCorporateAccount.code(), "not_corporate_account");
    for caller in [fx.contact(), fx.rep(), fx.services()] {
        assert_eq!(fails(fx.portal.account(&caller, online)), Error::NotCorporateAccount, "{caller:?}");
        assert_eq!(fails(fx.portal.quotes(&caller, online)), Error::NotCorporateAccount);
        assert_eq!(fails(fx.portal.invoices(&caller, online)), Error::NotCorporateAccount);
        assert_eq!(fails(fx.portal.change_phone(&caller, online, "030 901829")), Error::NotCorporateAccount);
    }
    assert_eq!(fails(fx.portal.issue_quote(&fx.rep(), online, &fx.new_quote())), Error::NotCorporateAccount);
    // Not listed among the contact's accounts; not touched by the renewal run.
    let mine: Vec<_> = fx.portal.my_accounts(&fx.session.token).unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(mine, vec![fx.account]);
    let report = fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    assert_eq!(report.renewed, 1, "only the corporate account renews");
    // Outsiders learn nothing about its kind.
    assert_eq!(fails(fx.portal.account(&fx.other_rep(), online)), Error::Forbidden);
}

// DOMAIN: ACC-1
#[test]
fn the_contact_of_an_online_account_only_cannot_sign_in() {
    let fx = Fixture::new();
    let shopper = fx
        .portal
        .create_login(
            &NewLogin { name: "Web Shopper".into(), email: "shopper@web.example".into(), username: None, phone: None },
            Some("web shopper long password"),
        )
        .unwrap();
    fx.portal
        .open_account(&fx.rep(), &NewAccount { kind: AccountKind::Online, ..fx.new_account("Web", shopper) })
        .unwrap();
    assert_eq!(fails(fx.portal.sign_in("shopper@web.example", "web shopper long password")), Error::InvalidCredentials);
}

// DOMAIN: ACC-2
#[test]
fn a_corporate_account_has_one_rep_one_contact_issuer_address_phone_payment_subscription() {
    let fx = Fixture::new();
    let o = fx.portal.account(&fx.rep(), fx.account).unwrap();
    assert_eq!(o.kind, AccountKind::Corporate);
    assert_eq!(o.billing_address, german_address());
    assert_eq!(o.phone.as_str(), "+4930901820");
    assert_eq!(o.payment_method, PaymentMethodView::detailed(&sepa()));
    assert_eq!(o.currency, eur());
    assert_eq!(o.subscription.plan, "Corporate");
    assert_eq!(o.invoice_recipients, Some(vec![]));
    assert!(fx.portal.purchase_orders(&fx.contact(), fx.account).unwrap().is_empty());
    let contact = fx.portal.billing_contact(&fx.rep(), fx.account).unwrap();
    assert_eq!(contact.login_id, fx.contact_login);
    // The issuer profile is printed on every invoice.
    let inv = fx.invoice();
    assert_eq!(inv.document.issuer.legal_name, ISSUER_NAME);
    assert_eq!(inv.document.issuer.tax_id, ISSUER_TAX_ID);
    assert!(inv.number.starts_with("VE-"));
    // Exactly one contact at any time: after a hand-over, the new one replaces the old one.
    fx.portal.change_billing_contact(&fx.services(), fx.account, USER_EMAIL).unwrap();
    assert_eq!(fx.portal.billing_contact(&fx.rep(), fx.account).unwrap().login_id, fx.user_login);
    assert_eq!(fails(fx.portal.billing_contact(&fx.contact(), fx.account)), Error::Forbidden);
    // The sales rep must be a sales rep, and a rep opens accounts only for itself.
    let spec = NewAccount { sales_rep: fx.services, ..fx.new_account("Bad Rep", fx.contact_login) };
    assert_eq!(fails(fx.portal.open_account(&fx.services(), &spec)), Error::NotFound { entity: "sales rep" });
    let spec = NewAccount { sales_rep: fx.rep, ..fx.new_account("Not Mine", fx.contact_login) };
    assert_eq!(fails(fx.portal.open_account(&fx.other_rep(), &spec)), Error::Forbidden);
}
