//! Secrets stay out of every printable form: session tokens and credential links (AUTH-6,
//! AUTH-7).

mod common;

use common::*;
use corporate_billing::{LinkSecret, NotificationKind, PortalConfig};

// DOMAIN: AUTH-6, AUTH-7
#[test]
fn sessions_callers_and_notifications_print_without_tokens_or_links() {
    let fx = Fixture::with_config(PortalConfig {
        credential_link_base_url: Some("https://billing.vendor.example/password".into()),
        link_secret: Some(LinkSecret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()),
        ..config()
    });
    let token = fx.session.token.expose().to_owned();
    let printed = format!("{:?} {:?}", fx.session, fx.contact());
    assert!(!printed.contains(&token), "{printed}");

    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    let mail = fx.pending_of(NotificationKind::PasswordReset).pop().unwrap();
    let at = mail.body.find("token=").unwrap() + "token=".len();
    let link_token = mail.body[at..].split_whitespace().next().unwrap();
    let printed = format!("{mail:?}");
    assert!(!printed.contains(link_token), "{printed}");
    assert!(!printed.contains("https://billing.vendor.example/password"), "{printed}");
    // The host still reads the link to deliver it.
    assert!(mail.body.contains(link_token));
}

// DOMAIN: PAY-2
#[test]
fn stored_payment_methods_print_without_token_or_whole_iban() {
    let card =
        corporate_billing::CardOnFile::new("tok_live_9f8e7d", corporate_billing::CardBrand::Visa, "4242", 1, 2030);
    let ach = corporate_billing::AchDebit::new(Some("ba_live_1a2b3c"), "6789", "011000015");
    let sepa = corporate_billing::SepaDebit::new("DE44 5001 0517 5407 3249 31", "MANDATE-1");
    let printed = format!("{card:?} {ach:?} {sepa:?}");
    for secret in ["tok_live_9f8e7d", "ba_live_1a2b3c", "DE44500105175407324931"] {
        assert!(!printed.contains(secret), "{printed}");
    }
    assert!(printed.contains("4242") && printed.contains("**49 31"), "{printed}");
}
