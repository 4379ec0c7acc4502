//! An attacker's second look at the fixes of issue 26: each test tries to get round one of them
//! by another way in than the one the fix was tested with (API-3, AUTH-12, RECON-2).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use corporate_billing::{ElectronicAddress, EmailAddress, Error, PortalConfig, UserId};

// DOMAIN: API-3
#[test]
fn an_email_address_or_endpoint_carries_no_bidi_control_noncharacter_or_format_character() {
    // RFC 6531 local parts take any non-ASCII character; the address is printed like text.
    for bad in [
        "ab\u{202E}21@acme.example",
        "a\u{FFFF}@acme.example",
        "a\u{200B}b@acme.example",
        "\u{2066}a@acme.example",
        "a\u{0378}@acme.example",
    ] {
        assert!(
            matches!(EmailAddress::parse(bad), Err(Error::InvalidInput { ref field, .. }) if field == "email"),
            "e-mail accepted: {bad:?}"
        );
        assert!(UserId::parse(bad).is_err(), "user ID accepted: {bad:?}");
        assert!(ElectronicAddress::parse("EM", bad).is_err(), "EM endpoint accepted: {bad:?}");
    }
    // A scheme without its own syntax took any printable character.
    for bad in ["12\u{202E}34", "a\u{FFFF}", "x\u{FEFF}y"] {
        assert!(
            matches!(ElectronicAddress::parse("0060", bad), Err(Error::InvalidInput { ref field, .. }) if field == "electronic_address"),
            "endpoint accepted: {bad:?}"
        );
    }
    assert!(EmailAddress::parse("m\u{00FC}ller@acme.example").is_ok());
    assert!(ElectronicAddress::parse("0060", "123456789").is_ok());
}

const DAY: &str = include_str!("../../examples/statements/camt053-day.xml");

// DOMAIN: RECON-2, API-3
#[test]
fn a_statement_cannot_bring_in_a_noncharacter_or_bidi_control_by_a_character_reference() {
    let fx = Fixture::new();
    let inv: Vec<_> = (0..4).map(|_| fx.invoice()).collect();
    let day =
        DAY.replace("{REF1}", inv[0].creditor_reference.as_str()).replace("{REF3}", inv[2].creditor_reference.as_str());
    assert!(day.contains("<AcctSvcrRef>2026040900002</AcctSvcrRef>"));
    for smuggled in [
        // The partial payment of VE-000002 would be stored with this as its bank reference.
        day.replace("<AcctSvcrRef>2026040900002</AcctSvcrRef>", "<AcctSvcrRef>20260409&#xFFFF;02</AcctSvcrRef>"),
        day.replace("<AcctSvcrRef>2026040900002</AcctSvcrRef>", "<AcctSvcrRef>2026&#x202E;040900002</AcctSvcrRef>"),
        day.replace("<AcctSvcrRef>2026040900002</AcctSvcrRef>", "<AcctSvcrRef>2026&#1;040900002</AcctSvcrRef>"),
        day.replacen("<Nm>Acme GmbH</Nm>", "<Nm>Acme &#xFFFE;GmbH</Nm>", 1),
        day.replacen("VE-000002, Rest folgt", "VE-000002, Rest &#x202E;folgt", 1),
    ] {
        let e = fails(fx.portal.import_bank_statement(&fx.services(), smuggled.as_bytes()));
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field == "statement"), "{e:?}");
        assert_eq!(fx.snapshot().rows("payments"), 0);
    }
    // The same document without them books as before.
    let report = fx.portal.import_bank_statement(&fx.services(), day.as_bytes()).unwrap();
    assert_eq!(report.entries.len(), 8);
    assert!(fx.snapshot().rows("payments") > 0);
}

// DOMAIN: AUTH-12, AUTH-9
#[test]
fn no_sign_in_racing_a_password_change_keeps_a_session_with_the_old_password() {
    // Each attempt in flight counts towards the throttle (AUTH-5) until it succeeds, and the
    // change shares its bucket: five at once would throttle the change itself.
    const SIGN_INS: usize = 3;
    const CHANGED: &str = "a changed passphrase for ap 77";
    let fx = Fixture::with_config(PortalConfig { max_concurrent_password_hashing: 1, ..config() });
    let changer =
        corporate_billing::BillingPortal::open(&fx.path).unwrap().with_clock(fx.clock.clone()).with_config(config());
    let barrier = std::sync::Barrier::new(SIGN_INS + 1);
    let (sessions, changed) = std::thread::scope(|s| {
        let signing_in: Vec<_> = (0..SIGN_INS)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).ok()
                })
            })
            .collect();
        let change = s.spawn(|| {
            barrier.wait();
            changer.change_password(&fx.session.token, PASSWORD, CHANGED)
        });
        let sessions: Vec<_> = signing_in.into_iter().filter_map(|h| h.join().unwrap()).collect();
        (sessions, change.join().unwrap())
    });
    changed.unwrap();
    // The changing session is the one the change keeps; every sign-in with the old password that
    // succeeded is over.
    for session in &sessions {
        assert_eq!(fails(fx.portal.my_accounts(&session.token)), Error::Unauthenticated);
    }
    let live: i64 = fx
        .read_only()
        .query_row(
            "SELECT COUNT(*) FROM sessions WHERE login_id = ?1 AND ended_at IS NULL",
            [fx.contact_login.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, 1, "{} sign-ins with the old password succeeded", sessions.len());
}

// DOMAIN: SUB-3, PO-1, API-2
#[test]
fn the_purchase_order_reminder_run_keeps_the_run_date_horizon_too() {
    use time::Duration;
    let fx = Fixture::new();
    let today = fx.today();
    // A long-running purchase order: its one reminder belongs 30 days before it expires.
    let expires = today + Duration::days(3650);
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-DECADE", expires).unwrap();
    fx.drain();
    let portal = corporate_billing::BillingPortal::open(&fx.path)
        .unwrap()
        .with_clock(fx.clock.clone())
        .with_config(default_sessions());
    let before = fx.snapshot();
    // The run date typed ten years out spends that reminder now.
    let err = fails(portal.remind_expiring_purchase_orders(&fx.services(), expires - Duration::days(10)));
    assert!(
        matches!(&err, Error::InvalidInput { field, reason } if field == "date" && reason.contains("days after today")),
        "{err:?}"
    );
    assert_eq!(fx.snapshot(), before, "nothing queued or marked");
    assert_eq!(portal.remind_expiring_purchase_orders(&fx.services(), today + Duration::days(400)).unwrap(), 0);
}

// DOMAIN: PRIV-1, BC-2
#[test]
fn a_disabled_login_named_by_another_spelling_or_by_its_username_answers_like_an_unknown_person() {
    use corporate_billing::NewLogin;
    let person = |email: &str, username: Option<&str>| NewLogin {
        name: "Someone New".into(),
        email: email.into(),
        username: username.map(Into::into),
        phone: None,
    };
    let hand_over = |login: NewLogin, disabled: bool| {
        let fx = Fixture::with_config(PortalConfig {
            credential_link_base_url: Some("https://billing.vendor.example/password".into()),
            link_secret: Some(corporate_billing::LinkSecret::new(vec![7; 32]).unwrap()),
            ..config()
        });
        fx.portal.create_login(&person("known@elsewhere.example", Some("known.person")), None).unwrap();
        if disabled {
            fx.raw().execute("UPDATE logins SET disabled = 1 WHERE username = 'known.person'", []).unwrap();
        }
        let answer = fx.portal.change_billing_contact_to_new_login(&fx.contact(), fx.account, &login);
        (answer, fails(fx.portal.account(&fx.contact(), fx.account)))
    };
    let unknown = hand_over(person("fresh@elsewhere.example", Some("fresh.person")), false);
    assert_eq!(unknown, (Ok(()), Error::Forbidden));
    for login in [
        person("KNOWN@Elsewhere.Example", None),
        person(" known@elsewhere.example ", Some("fresh.person")),
        person("fresh@elsewhere.example", Some("Known.Person")),
    ] {
        assert_eq!(hand_over(login.clone(), true), unknown, "{login:?}");
    }
}

// DOMAIN: AUTH-12
#[test]
fn no_sign_in_racing_the_disabling_of_its_login_keeps_a_session() {
    // The host disables a login in the database (there is no call for it); sign-ins that checked
    // the password before that commits must not leave a session that works after it.
    let fx = Fixture::with_config(PortalConfig { max_concurrent_password_hashing: 1, ..config() });
    let barrier = std::sync::Barrier::new(4);
    let sessions: Vec<_> = std::thread::scope(|s| {
        let signing_in: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).ok()
                })
            })
            .collect();
        barrier.wait();
        fx.raw().execute("UPDATE logins SET disabled = 1 WHERE username = ?1", [CONTACT_USERNAME]).unwrap();
        signing_in.into_iter().filter_map(|h| h.join().unwrap()).collect()
    });
    for session in sessions.iter().chain([&fx.session]) {
        assert_eq!(fails(fx.portal.my_accounts(&session.token)), Error::Unauthenticated);
    }
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
}

// DOMAIN: RECON-2
#[test]
fn a_statement_naming_two_accounts_or_two_ids_is_refused_whatever_their_order() {
    let fx = Fixture::new();
    let inv: Vec<_> = (0..4).map(|_| fx.invoice()).collect();
    let day =
        DAY.replace("{REF1}", inv[0].creditor_reference.as_str()).replace("{REF3}", inv[2].creditor_reference.as_str());
    let vendor = "<Acct>\n        <Id><IBAN>NL91ABNA0417164300</IBAN></Id>";
    assert!(day.contains(vendor));
    let foreign_first = day.replacen(
        vendor,
        "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n      <Acct>\n        <Id><IBAN>NL91ABNA0417164300</IBAN></Id>",
        1,
    );
    let both_ids = day.replacen(
        "<Id><IBAN>NL91ABNA0417164300</IBAN></Id>",
        "<Id><Othr><Id>DE89370400440532013000</Id></Othr><IBAN>NL91ABNA0417164300</IBAN></Id>",
        1,
    );
    for (case, xml) in [("a foreign account first", foreign_first), ("IBAN and Othr", both_ids)] {
        let e = fails(fx.portal.import_bank_statement(&fx.services(), xml.as_bytes()));
        assert!(matches!(&e, Error::InvalidInput { field, .. } if field.starts_with("statement")), "{case}: {e:?}");
        assert_eq!(fx.snapshot().rows("payments"), 0, "{case}");
    }
}

// DOMAIN: STORE-4
#[test]
fn no_malformed_or_unreachable_postgres_url_repeats_its_password() {
    const SECRET: &str = "S3cret-Pw-4711";
    for url in [
        format!("postgres://billing:{SECRET}@db.example:99999/portal"),
        format!("postgres://billing:{SECRET}@db.example/portal?sslmode=bogus"),
        format!("postgres://billing:{SECRET}@db.example/portal?sslmode=Verify-Full"),
        format!("postgres://billing:{SECRET}@db.example/portal?sslcert=/tmp/c.pem"),
        format!("postgres://billing:{SECRET}@db.example/portal?sslrootcert=%zz"),
        format!("postgres://billing:{SECRET}@db.example/portal?sslrootcert=%2Fnonexistent%2F{SECRET}.pem"),
        format!("postgres://billing:{SECRET}%zz@db.example/portal"),
        format!("postgres://billing@db.example/portal?password={SECRET}&bogus_option=1"),
        format!("POSTGRESQL://billing:{SECRET}@[::1/portal"),
        // Nothing listens on port 1: the connection itself fails.
        format!("postgres://billing:{SECRET}@127.0.0.1:1/portal?connect_timeout=2"),
        format!("postgres://billing:{SECRET}@127.0.0.1:1/portal?sslmode=require&connect_timeout=2"),
    ] {
        let err = match corporate_billing::BillingPortal::open(&url) {
            Ok(_) => panic!("{url} opened"),
            Err(e) => e,
        };
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(!shown.contains(SECRET) && !shown.contains("db.example"), "{url}: {shown}");
        }
    }
}
