//! Sign-in security and credential recovery: uniform failures, throttling, rehashing, reset and
//! set-password links, password change, and no secret at rest.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use common::*;
use corporate_billing::{Caller, Error, LinkSecret, NewLogin, NotificationKind, PortalConfig, SessionToken};
use time::Duration;

const BASE_URL: &str = "https://billing.vendor.example/password";
const NEW_PASSWORD: &str = "a brand new passphrase for ap";

fn fixture() -> Fixture {
    Fixture::with_config(PortalConfig {
        credential_link_base_url: Some(BASE_URL.into()),
        link_secret: Some(LinkSecret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()),
        ..config()
    })
}

/// The token in the newest credential-link notification of `kind`.
fn link_token(fx: &Fixture, kind: NotificationKind) -> String {
    let n = fx.pending_of(kind).pop().expect("a link was sent");
    let at = n.body.find("token=").expect("the body carries the link") + "token=".len();
    n.body[at..].split_whitespace().next().unwrap().to_owned()
}

fn stored_hash(fx: &Fixture) -> String {
    fx.read_only()
        .query_row("SELECT password_hash FROM logins WHERE id = ?1", [fx.contact_login.to_string()], |r| r.get(0))
        .unwrap()
}

// DOMAIN: AUTH-2
#[test]
fn every_failed_sign_in_gives_the_same_error() {
    let fx = fixture();
    fx.portal
        .create_login(
            &NewLogin {
                name: "Not A Contact".into(),
                email: "nobody@acme-gmbh.example".into(),
                username: None,
                phone: None,
            },
            Some("a passphrase that is long enough"),
        )
        .unwrap();
    let mut errors = vec![
        fails(fx.portal.sign_in("unknown.user", PASSWORD)),
        fails(fx.portal.sign_in(CONTACT_USERNAME, "the wrong passphrase, sorry")),
        fails(fx.portal.sign_in("nobody@acme-gmbh.example", "a passphrase that is long enough")),
        fails(fx.portal.sign_in("\u{0}", PASSWORD)),
    ];
    fx.raw().execute("UPDATE logins SET disabled = 1 WHERE username_key = 'ap.admin'", []).unwrap();
    errors.push(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)));
    fx.raw().execute("UPDATE logins SET disabled = 0", []).unwrap();
    for _ in 0..5 {
        fails(fx.portal.sign_in(CONTACT_EMAIL, "the wrong passphrase, sorry"));
    }
    errors.push(fails(fx.portal.sign_in(CONTACT_EMAIL, PASSWORD)));
    for e in &errors {
        assert_eq!(e, &Error::InvalidCredentials);
        assert_eq!(e.to_string(), "Invalid User ID/password");
        assert_eq!(e.code(), "invalid_credentials");
    }
}

// DOMAIN: AUTH-5
#[test]
fn five_failures_throttle_the_user_id_with_doubling_delays() {
    let fx = fixture();
    for _ in 0..5 {
        fails(fx.portal.sign_in(CONTACT_USERNAME, "the wrong passphrase, sorry"));
    }
    // Throttled: even the right password fails, with the same error, however the user ID is
    // spelled.
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    assert_eq!(fails(fx.portal.sign_in(" AP.Admin ", PASSWORD)), Error::InvalidCredentials);
    fx.clock.advance(Duration::seconds(29));
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    fx.clock.advance(Duration::seconds(2));
    // 31 s later one more failure: the delay doubles to 60 s.
    fails(fx.portal.sign_in(CONTACT_USERNAME, "the wrong passphrase, sorry"));
    fx.clock.advance(Duration::seconds(59));
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    fx.clock.advance(Duration::seconds(2));
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    // A success resets the count: four more failures do not throttle.
    for _ in 0..4 {
        fails(fx.portal.sign_in(CONTACT_USERNAME, "the wrong passphrase, sorry"));
    }
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    // Unknown user IDs are throttled alike.
    for _ in 0..5 {
        fails(fx.portal.sign_in("ghost.user", "whatever it is typed here"));
    }
    let locked: i64 = fx
        .read_only()
        .query_row("SELECT COUNT(*) FROM sign_in_throttle WHERE locked_until > ?1", [fx.now().unix_timestamp()], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(locked, 1);
}

// DOMAIN: AUTH-3
#[test]
fn a_weaker_hash_is_upgraded_at_the_next_successful_sign_in() {
    let fx = fixture();
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
    .unwrap()
    .to_string();
    fx.raw()
        .execute("UPDATE logins SET password_hash = ?2 WHERE id = ?1", [fx.contact_login.to_string(), weak.clone()])
        .unwrap();
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    let upgraded = stored_hash(&fx);
    assert_ne!(upgraded, weak);
    assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
}

// DOMAIN: AUTH-7
#[test]
fn forgot_password_answers_alike_and_mails_a_link_only_to_a_contact() {
    let fx = fixture();
    fx.drain();
    assert_eq!(fx.portal.forgot_password("unknown.user"), Ok(()));
    assert!(fx.pending().is_empty(), "nothing is sent for an unknown user ID");
    assert_eq!(fx.portal.forgot_password(USER_EMAIL), Ok(()), "an account user is not a billing contact");
    assert!(fx.pending().is_empty());
    assert_eq!(fx.portal.forgot_password(CONTACT_USERNAME), Ok(()));
    let mails = fx.pending_of(NotificationKind::PasswordReset);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, CONTACT_EMAIL, "to the billing e-mail address");
    assert!(mails[0].body.contains(&format!("{BASE_URL}#token=")), "{}", mails[0].body);
    let token = link_token(&fx, NotificationKind::PasswordReset);
    assert!(token.len() >= 32, "at least 128 random bits");
    assert!(!fx.snapshot().contains(&token), "stored only as a hash");
    // Malformed input is bad input, not an answer about existence.
    assert_eq!(fails(fx.portal.forgot_password("a\u{7}b")).code(), "invalid_input");
}

// DOMAIN: AUTH-7
#[test]
fn the_stand_in_link_of_an_unknown_user_id_is_never_kept_and_a_link_needs_its_login() {
    let fx = fixture();
    let links = |db: &RawDb| db.query_row("SELECT COUNT(*) FROM credential_tokens", [], |r| r.get::<i64>(0)).unwrap();
    let raw = fx.raw();
    let before = links(&raw);
    for _ in 0..3 {
        assert_eq!(fx.portal.forgot_password("unknown.user"), Ok(()));
    }
    assert_eq!(links(&raw), before, "the stand-in's link is rolled back");
    // The reference to the login is checked at commit on SQLite, at once on PostgreSQL: a link
    // for a login that does not exist is refused either way.
    if !raw.is_postgres() {
        raw.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    }
    let orphan = raw.execute_batch(
        "BEGIN;
         INSERT INTO credential_tokens (token_hash, login_id, purpose, created_at, expires_at)
             VALUES ('orphan', '0190a000-0000-7000-8000-00000000dead', 'reset', 0, 1);
         COMMIT;",
    );
    assert!(orphan.is_err(), "a link without its login is refused");
    let _ = raw.execute_batch("ROLLBACK");
    assert_eq!(links(&raw), before);
}

// DOMAIN: AUTH-7
#[test]
fn a_newer_link_voids_older_ones_links_expire_and_mails_are_rate_limited() {
    let fx = fixture();
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    let first = link_token(&fx, NotificationKind::PasswordReset);
    fx.drain();
    fx.portal.forgot_password(CONTACT_EMAIL).unwrap();
    let second = link_token(&fx, NotificationKind::PasswordReset);
    assert_eq!(fails(fx.portal.reset_password(&first, NEW_PASSWORD)), Error::InvalidToken);
    fx.clock.advance(Duration::minutes(61));
    assert_eq!(fails(fx.portal.reset_password(&second, NEW_PASSWORD)), Error::InvalidToken, "expired");
    // Five mails per user ID and hour: the sixth request within the hour sends nothing.
    fx.drain();
    for _ in 0..5 {
        fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    }
    assert_eq!(fx.pending_of(NotificationKind::PasswordReset).len(), 5);
    fx.drain();
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    assert!(fx.pending_of(NotificationKind::PasswordReset).is_empty());
    fx.clock.advance(Duration::minutes(61));
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    assert_eq!(fx.pending_of(NotificationKind::PasswordReset).len(), 1);
    assert_eq!(fails(fx.portal.reset_password("not-a-token", NEW_PASSWORD)), Error::InvalidToken);
    assert_eq!(fails(fx.portal.reset_password(&"f".repeat(10_000), NEW_PASSWORD)), Error::InvalidToken);
}

// DOMAIN: AUTH-7
#[test]
fn without_a_configured_base_url_no_link_is_made() {
    let fx = Fixture::new();
    assert_eq!(fails(fx.portal.forgot_password(CONTACT_USERNAME)).code(), "not_configured");
}

// DOMAIN: AUTH-8, AUTH-4
#[test]
fn a_reset_sets_the_password_ends_every_session_does_not_sign_in_and_notifies() {
    let fx = fixture();
    let other_session = fx.portal.sign_in(CONTACT_EMAIL, PASSWORD).unwrap();
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    let token = link_token(&fx, NotificationKind::PasswordReset);
    fx.drain();
    // The policy applies, and a refused password leaves the link usable.
    let refused = fails(fx.portal.reset_password(&token, "too short"));
    assert!(matches!(&refused, Error::InvalidInput { field, reason } if field == "password" && reason.contains("15")));
    let refused = fails(fx.portal.reset_password(&token, "ap.admin is my passphrase"));
    assert!(matches!(&refused, Error::InvalidInput { reason, .. } if reason.contains("user ID")));
    assert_eq!(fx.portal.reset_password(&token, NEW_PASSWORD), Ok(()));
    for session in [&fx.session, &other_session] {
        let caller = Caller::Session(session.token.clone());
        assert_eq!(fails(fx.portal.account(&caller, fx.account)), Error::Unauthenticated);
    }
    assert_eq!(
        fails(fx.portal.reset_password(&token, "yet another passphrase here")),
        Error::InvalidToken,
        "single use"
    );
    let told = fx.pending_of(NotificationKind::PasswordChanged);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].recipient, CONTACT_EMAIL);
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    fx.portal.sign_in(CONTACT_USERNAME, NEW_PASSWORD).unwrap();
}

// DOMAIN: AUTH-9
#[test]
fn a_signed_in_contact_changes_the_password_with_the_current_one() {
    let fx = fixture();
    let other = fx.portal.sign_in(CONTACT_EMAIL, PASSWORD).unwrap();
    assert_eq!(
        fails(fx.portal.change_password(&fx.session.token, "not the current one at all", NEW_PASSWORD)),
        Error::InvalidCredentials
    );
    assert_eq!(fails(fx.portal.change_password(&fx.session.token, PASSWORD, "short")).code(), "invalid_input");
    fx.portal.change_password(&fx.session.token, PASSWORD, NEW_PASSWORD).unwrap();
    fx.portal.account(&fx.contact(), fx.account).unwrap();
    assert_eq!(fails(fx.portal.account(&Caller::Session(other.token), fx.account)), Error::Unauthenticated);
    fx.portal.sign_in(CONTACT_USERNAME, NEW_PASSWORD).unwrap();
    assert_eq!(
        fails(fx.portal.change_password(&SessionToken::new("nope"), PASSWORD, NEW_PASSWORD)),
        Error::Unauthenticated
    );
}

// DOMAIN: BC-2
#[test]
fn a_new_billing_contact_gets_a_set_password_link_and_the_former_loses_access_at_once() {
    let fx = fixture();
    fx.drain();
    let new = NewLogin {
        name: "Nora Newcontact".into(),
        email: "nora@acme-gmbh.example".into(),
        username: Some("nora.billing".into()),
        phone: None,
    };
    fx.portal.change_billing_contact_to_new_login(&fx.contact(), fx.account, &new).unwrap();
    assert_eq!(fails(fx.portal.account(&fx.contact(), fx.account)), Error::Forbidden, "former contact, same session");
    let changed = fx.pending_of(NotificationKind::BillingContactChanged);
    let mut told: Vec<&str> = changed.iter().map(|n| n.recipient.as_str()).collect();
    told.sort();
    assert_eq!(told, vec![CONTACT_EMAIL, "nora@acme-gmbh.example"]);
    let token = link_token(&fx, NotificationKind::SetPassword);
    assert_eq!(fx.pending_of(NotificationKind::SetPassword)[0].recipient, "nora@acme-gmbh.example");
    assert_eq!(fails(fx.portal.sign_in("nora.billing", NEW_PASSWORD)), Error::InvalidCredentials, "no password yet");
    fx.portal.reset_password(&token, NEW_PASSWORD).unwrap();
    let session = fx.portal.sign_in("nora.billing", NEW_PASSWORD).unwrap();
    let login = session.login_id;
    let contact = fx.portal.billing_contact(&Caller::Session(session.token), fx.account).unwrap();
    assert_eq!(contact.login_id, login);
    // Only the contact or vendor staff may hand over.
    let again = NewLogin { email: "x@acme-gmbh.example".into(), username: None, ..new };
    assert_eq!(fails(fx.portal.change_billing_contact_to_new_login(&fx.user(), fx.account, &again)), Error::Forbidden);
}

// DOMAIN: AUTH-3, AUTH-6, PAY-2, AUD-1
#[test]
fn no_password_token_or_card_number_is_stored_in_clear() {
    let fx = fixture();
    let card = "4111 1111 1111 1111";
    let portal = &fx.portal;
    // Card numbers are refused wherever free text goes.
    assert_eq!(fails(portal.add_purchase_order(&fx.contact(), fx.account, card, fx.today())).code(), "invalid_input");
    let lines = corporate_billing::AddressLines {
        line2: format!("card {card}"),
        ..common::lines("Hauptstraße 1", "10115", "Berlin")
    };
    assert_eq!(fails(portal.change_address(&fx.contact(), fx.account, &lines)).code(), "invalid_input");
    portal.forgot_password(CONTACT_USERNAME).unwrap();
    let reset = link_token(&fx, NotificationKind::PasswordReset);
    portal.reset_password(&reset, NEW_PASSWORD).unwrap();
    let session = portal.sign_in(CONTACT_USERNAME, NEW_PASSWORD).unwrap();
    portal.change_password(&session.token, NEW_PASSWORD, "the third passphrase of this contact").unwrap();
    fails(portal.sign_in(CONTACT_USERNAME, "a wrong guess typed with care"));
    let secrets = [
        PASSWORD.to_owned(),
        NEW_PASSWORD.to_owned(),
        "the third passphrase of this contact".to_owned(),
        "a wrong guess typed with care".to_owned(),
        fx.session.token.expose().to_owned(),
        session.token.expose().to_owned(),
        reset.clone(),
        card.replace(' ', ""),
        card.to_owned(),
    ];
    // The database file and its write-ahead log, read as bytes while the portal is open.
    for suffix in ["", "-wal"] {
        let mut path = fx.path.clone().into_os_string();
        path.push(suffix);
        let bytes = std::fs::read(&path).unwrap_or_default();
        for s in &secrets {
            assert!(
                !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                "{suffix:?} holds a secret of {} characters",
                s.len()
            );
        }
    }
    // Nor do errors or Debug output show them.
    assert!(!format!("{:?}", session.token).contains(session.token.expose()));
}

/// The sessions of the fixture's contact that are not ended, whatever their age.
fn unended_sessions(fx: &Fixture) -> i64 {
    fx.read_only()
        .query_row(
            "SELECT COUNT(*) FROM sessions WHERE login_id = ?1 AND ended_at IS NULL",
            [fx.contact_login.to_string()],
            |r| r.get(0),
        )
        .unwrap()
}

/// A second instance on the fixture's database, with its own Argon2 limit, so that its password
/// work does not queue behind the fixture portal's.
fn second_instance(fx: &Fixture) -> corporate_billing::BillingPortal {
    corporate_billing::BillingPortal::open(&fx.path).unwrap().with_clock(fx.clock.clone()).with_config(config())
}

// DOMAIN: AUTH-12, AUTH-8
#[test]
fn no_sign_in_racing_a_password_reset_keeps_a_session() {
    // One Argon2 run at a time on the signing-in instance: the sign-ins read the old hash at
    // once and check it one after the other, so the reset commits while most are still
    // checking, which is the window the rule closes.
    let fx = Fixture::with_config(PortalConfig {
        credential_link_base_url: Some(BASE_URL.into()),
        link_secret: Some(LinkSecret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()),
        max_concurrent_password_hashing: 1,
        ..config()
    });
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    let token = link_token(&fx, NotificationKind::PasswordReset);
    let resetter = second_instance(&fx);
    const SIGN_INS: usize = 16;
    let barrier = std::sync::Barrier::new(SIGN_INS + 1);
    let sessions: Vec<corporate_billing::Session> = std::thread::scope(|s| {
        let signing_in: Vec<_> = (0..SIGN_INS)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).ok()
                })
            })
            .collect();
        s.spawn(|| {
            barrier.wait();
            resetter.reset_password(&token, NEW_PASSWORD).unwrap();
        });
        signing_in.into_iter().filter_map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(unended_sessions(&fx), 0, "{} sign-ins with the old password succeeded", sessions.len());
    for session in &sessions {
        assert_eq!(fails(fx.portal.my_accounts(&session.token)), Error::Unauthenticated);
    }
    // The reset password is the one that works, once the throttle the race ran into has passed.
    fx.advance_days(1);
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    fx.advance_days(1);
    fx.portal.sign_in(CONTACT_USERNAME, NEW_PASSWORD).unwrap();
}

// DOMAIN: AUTH-12, AUTH-9
#[test]
fn a_password_change_racing_a_reset_never_undoes_the_reset() {
    let fx = fixture();
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    let token = link_token(&fx, NotificationKind::PasswordReset);
    let resetter = second_instance(&fx);
    const CHANGED: &str = "the password of a stolen session";
    let changed = std::thread::scope(|s| {
        let change = s.spawn(|| fx.portal.change_password(&fx.session.token, PASSWORD, CHANGED));
        resetter.reset_password(&token, NEW_PASSWORD).unwrap();
        change.join().unwrap()
    });
    // Whichever committed first, the reset is the last word: its password holds, and no session
    // of the login lives on, the changing one included.
    assert_eq!(unended_sessions(&fx), 0, "change: {changed:?}");
    assert_eq!(fails(fx.portal.my_accounts(&fx.session.token)), Error::Unauthenticated);
    fx.advance_days(1);
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, CHANGED)), Error::InvalidCredentials, "change: {changed:?}");
    fx.advance_days(1);
    fx.portal.sign_in(CONTACT_USERNAME, NEW_PASSWORD).unwrap();
}
