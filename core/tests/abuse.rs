//! Bounds on abuse (AUTH-11, AUTH-5, AUTH-9): atomic throttling under parallel guesses, one
//! throttle per login, over-long passwords, password changes throttled like sign-ins, the
//! maintenance purge, and the per-account and per-login caps.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use corporate_billing::limits::{MAX_OPEN_REQUESTS, MAX_PURCHASE_ORDERS, MAX_SESSIONS_PER_LOGIN};
use corporate_billing::{Caller, Error, LinkSecret, NewLogin, NotificationKind, PortalConfig, RequestKind};
use std::sync::Barrier;
use time::Duration;

/// The fixture's configuration with credential links, and `sessions` for the session timeouts.
fn with_links(sessions: PortalConfig) -> Fixture {
    Fixture::with_config(PortalConfig {
        credential_link_base_url: Some("https://billing.vendor.example/password".into()),
        link_secret: Some(LinkSecret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()),
        ..sessions
    })
}

fn audit_actions(fx: &Fixture, action: &str) -> i64 {
    fx.read_only().query_row("SELECT COUNT(*) FROM audit_log WHERE action = ?1", [action], |r| r.get(0)).unwrap()
}

fn throttle_rows(fx: &Fixture) -> i64 {
    fx.read_only().query_row("SELECT COUNT(*) FROM sign_in_throttle", [], |r| r.get(0)).unwrap()
}

// DOMAIN: AUTH-11, AUTH-5, AUD-1
#[test]
fn thirty_two_parallel_wrong_guesses_lock_the_login_and_the_right_password_is_refused_after() {
    let fx = Fixture::new();
    let before = audit_actions(&fx, "sign_in_failed");
    let start = Barrier::new(32);
    std::thread::scope(|s| {
        for i in 0..32 {
            let (portal, start) = (&fx.portal, &start);
            s.spawn(move || {
                start.wait();
                // Half by username, half by e-mail: one login, one count.
                let user_id = if i % 2 == 0 { CONTACT_USERNAME } else { CONTACT_EMAIL };
                assert_eq!(
                    portal.sign_in(user_id, &format!("wrong guess number {i:02} here")).err(),
                    Some(Error::InvalidCredentials)
                );
            });
        }
    });
    // At most five of the 32 were checked; the fifth failure locked every later attempt.
    let failures: i64 =
        fx.read_only().query_row("SELECT MAX(failures) FROM sign_in_throttle", [], |r| r.get(0)).unwrap();
    assert_eq!(failures, 5);
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    assert_eq!(audit_actions(&fx, "sign_in_failed") - before, 33, "every attempt is audited");
    let throttled: i64 = fx
        .read_only()
        .query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed' AND detail = 'throttled'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(throttled, 28);
    // After the delay, the right password works again.
    fx.clock.advance(Duration::seconds(31));
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
}

// DOMAIN: AUTH-5, AUTH-11
#[test]
fn five_parallel_sign_ins_with_the_right_password_all_succeed_and_leave_no_count() {
    let fx = Fixture::new();
    let start = Barrier::new(5);
    std::thread::scope(|s| {
        for _ in 0..5 {
            let (portal, start) = (&fx.portal, &start);
            s.spawn(move || {
                start.wait();
                portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
            });
        }
    });
    assert_eq!(throttle_rows(&fx), 0);
}

// DOMAIN: AUTH-5, AUTH-11
#[test]
fn the_username_and_the_email_of_a_login_share_one_throttle() {
    let fx = Fixture::new();
    for user_id in
        [CONTACT_USERNAME, CONTACT_EMAIL, CONTACT_USERNAME, CONTACT_EMAIL, "ALEXANDRA.BILLINGTON@acme-gmbh.example"]
    {
        fails(fx.portal.sign_in(user_id, "not the password of this contact"));
    }
    assert_eq!(fails(fx.portal.sign_in(CONTACT_EMAIL, PASSWORD)), Error::InvalidCredentials);
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    assert_eq!(throttle_rows(&fx), 1);
}

// DOMAIN: AUTH-11, AUTH-2
#[test]
fn an_over_long_password_fails_like_any_other_and_counts() {
    let fx = Fixture::new();
    // The right password, then more than any password can hold: refused, not truncated.
    let long = format!("{PASSWORD}{}", " ".repeat(2000));
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, &long)), Error::InvalidCredentials);
    let huge = "ä".repeat(5_000_000);
    let e = fails(fx.portal.sign_in(CONTACT_USERNAME, &huge));
    assert_eq!((e.code(), e.to_string().as_str()), ("invalid_credentials", "Invalid User ID/password"));
    let failures: i64 = fx.read_only().query_row("SELECT failures FROM sign_in_throttle", [], |r| r.get(0)).unwrap();
    assert_eq!(failures, 2);
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
}

// DOMAIN: AUTH-9, AUTH-11, AUTH-5, AUD-1
#[test]
fn a_stolen_session_cannot_brute_force_the_current_password() {
    let fx = Fixture::new();
    let before = audit_actions(&fx, "password_change_failed");
    for i in 0..5 {
        let e = fails(fx.portal.change_password(&fx.session.token, &format!("guess {i} of the current one"), NEW_ONE));
        assert_eq!(e, Error::InvalidCredentials);
    }
    // Locked now: the right current password is refused too, and so is signing in.
    assert_eq!(fails(fx.portal.change_password(&fx.session.token, PASSWORD, NEW_ONE)), Error::InvalidCredentials);
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    assert_eq!(audit_actions(&fx, "password_change_failed") - before, 6, "every failure is audited");
    fx.clock.advance(Duration::seconds(31));
    fx.portal.change_password(&fx.session.token, PASSWORD, NEW_ONE).unwrap();
    // The success cleared the count.
    assert_eq!(throttle_rows(&fx), 0);
}

const NEW_ONE: &str = "a completely different passphrase 77";

// DOMAIN: AUTH-11, AUTH-6
#[test]
fn a_login_keeps_at_most_ten_sessions_the_oldest_end() {
    let fx = Fixture::new();
    let mut sessions = vec![fx.session.clone()];
    for _ in 0..MAX_SESSIONS_PER_LOGIN {
        fx.clock.advance(Duration::seconds(1));
        sessions.push(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap());
    }
    assert_eq!(
        fails(fx.portal.account(&Caller::Session(sessions[0].token.clone()), fx.account)),
        Error::Unauthenticated
    );
    for s in &sessions[1..] {
        fx.portal.account(&Caller::Session(s.token.clone()), fx.account).unwrap();
    }
}

// DOMAIN: AUTH-11, SR-2
#[test]
fn open_requests_and_purchase_orders_are_capped_with_a_clear_error() {
    let fx = Fixture::new();
    let kind = RequestKind::Other { text: "Please call me".into() };
    let mut first = None;
    for _ in 0..MAX_OPEN_REQUESTS {
        let r = fx.portal.submit_request(&fx.contact(), fx.account, &kind).unwrap();
        first.get_or_insert(r.id);
    }
    let before = fx.snapshot();
    let e = fails(fx.portal.submit_request(&fx.contact(), fx.account, &kind));
    assert_eq!(e, Error::LimitReached { what: "open_requests", limit: MAX_OPEN_REQUESTS });
    assert_eq!(e.code(), "limit_reached");
    assert_eq!(fx.snapshot(), before, "a refused request changes nothing");
    // Once Account Services decides one, there is room again.
    fx.portal.complete_request(&fx.services(), fx.account, first.unwrap(), None).unwrap();
    fx.portal.submit_request(&fx.contact(), fx.account, &kind).unwrap();

    for i in 0..MAX_PURCHASE_ORDERS {
        fx.portal.add_purchase_order(&fx.contact(), fx.account, &format!("PO-{i:04}"), fx.today()).unwrap();
    }
    let e = fails(fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-ONE-TOO-MANY", fx.today()));
    assert_eq!(e, Error::LimitReached { what: "purchase_orders", limit: MAX_PURCHASE_ORDERS });
    // Expired ones are purged a year after expiry, which makes room.
    fx.clock.advance(Duration::days(367));
    assert_eq!(fx.portal.purge_expired().unwrap().purchase_orders, u64::from(MAX_PURCHASE_ORDERS));
    fx.portal.add_purchase_order(&fx.contact(), fx.account, "PO-ONE-TOO-MANY", fx.today()).unwrap();
}

// DOMAIN: AUTH-11, AUTH-7
#[test]
fn the_maintenance_purge_deletes_what_expired_and_nothing_in_force() {
    let fx = with_links(default_sessions());
    let contact_session = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    let ended = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    fx.portal.sign_out(&ended.token).unwrap();
    // Junk user IDs leave throttle rows; one of them is locked.
    for i in 0..3 {
        fails(fx.portal.sign_in(&format!("junk.user.{i}"), "some password guess here"));
    }
    for _ in 0..5 {
        fails(fx.portal.sign_in("locked.junk", "some password guess here"));
    }
    // Two reset links: the first is voided by the second.
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    // Nothing has expired yet.
    let nothing = fx.portal.purge_expired().unwrap();
    assert_eq!((nothing.throttle_entries, nothing.credential_links, nothing.purchase_orders), (0, 0, 0));
    assert_eq!(nothing.sessions, 1, "the signed-out session");
    fx.portal.account(&Caller::Session(contact_session.token.clone()), fx.account).unwrap();

    // Twenty minutes on: the voided link is older than the hour the reset limit counts? Not yet.
    fx.clock.advance(Duration::minutes(20));
    fx.portal.account(&Caller::Session(contact_session.token.clone()), fx.account).unwrap();
    assert_eq!(fx.portal.purge_expired().unwrap().credential_links, 0);

    // A day and a bit later: sessions timed out, links expired, quiet throttle rows forgotten.
    fx.clock.advance(Duration::hours(25));
    let report = fx.portal.purge_expired().unwrap();
    assert_eq!(report.sessions, 2, "the fixture's session and the idle one");
    assert_eq!(report.credential_links, 2);
    assert_eq!(report.throttle_entries, 4);
    assert_eq!(throttle_rows(&fx), 0);
    let left: i64 = fx.read_only().query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    assert_eq!(fx.last_audit().2, "expired_purged");
    assert_eq!(fx.portal.purge_expired().unwrap(), corporate_billing::PurgeReport::default());
}

// DOMAIN: AUTH-11, AUTH-7
#[test]
fn purging_links_does_not_lift_the_hourly_reset_limit() {
    let fx = with_links(config());
    fx.drain();
    for _ in 0..7 {
        fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
        fx.portal.purge_expired().unwrap();
    }
    assert_eq!(fx.pending_of(NotificationKind::PasswordReset).len(), 5);
}

// DOMAIN: AUTH-11, AUTH-5
#[test]
fn a_throttle_count_is_forgotten_only_after_a_quiet_day() {
    let fx = Fixture::new();
    for _ in 0..5 {
        fails(fx.portal.sign_in(CONTACT_USERNAME, "not the password of this contact"));
    }
    fx.clock.advance(Duration::hours(23));
    assert_eq!(fx.portal.purge_expired().unwrap().throttle_entries, 0);
    // Still counted: one more failure locks again at once.
    fails(fx.portal.sign_in(CONTACT_USERNAME, "not the password of this contact"));
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    fx.clock.advance(Duration::hours(24));
    assert_eq!(fx.portal.purge_expired().unwrap().throttle_entries, 1);
    // Forgotten: four failures do not lock, the right password works.
    for _ in 0..4 {
        fails(fx.portal.sign_in(CONTACT_USERNAME, "not the password of this contact"));
    }
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
}

// DOMAIN: AUTH-7, AUTH-2
#[test]
fn a_reset_for_an_unknown_user_id_leaves_nothing_but_its_audit_record() {
    let fx = with_links(config());
    let before = fx.snapshot();
    fx.portal.forgot_password("nobody.here").unwrap();
    let after = fx.snapshot();
    for table in ["credential_tokens", "outbox", "logins"] {
        assert_eq!(after.rows(table), before.rows(table), "{table}");
    }
    assert_eq!(after.rows("audit_log"), before.rows("audit_log") + 1);
    assert_eq!(fx.last_audit().2, "password_reset_requested");
    // The stand-in used for equal work is not a login anybody can use.
    assert!(!after.contains("stand-in"));
}

// DOMAIN: PRIV-1, BC-2
#[test]
fn handing_over_to_a_named_person_answers_the_same_whether_or_not_they_have_a_login() {
    let make = || {
        let fx = with_links(config());
        // A login with a username, which a prober might want to find out about.
        fx.portal
            .create_login(
                &NewLogin {
                    name: "Known Person".into(),
                    email: "known@elsewhere.example".into(),
                    username: Some("known.person".into()),
                    phone: None,
                },
                None,
            )
            .unwrap();
        fx
    };
    let person = |email: &str, username: Option<&str>| NewLogin {
        name: "Someone New".into(),
        email: email.into(),
        username: username.map(Into::into),
        phone: None,
    };
    for (case, login) in [
        ("nobody has the e-mail or the username", person("fresh@elsewhere.example", Some("fresh.person"))),
        ("the e-mail has a login", person("known@elsewhere.example", None)),
        ("the e-mail has a login, a username is asked for", person("KNOWN@elsewhere.example", Some("other.name"))),
        ("the username is taken", person("fresh@elsewhere.example", Some("known.person"))),
    ] {
        let fx = make();
        assert_eq!(fx.portal.change_billing_contact_to_new_login(&fx.contact(), fx.account, &login), Ok(()), "{case}");
        assert_eq!(fails(fx.portal.account(&fx.contact(), fx.account)), Error::Forbidden, "{case}: access ends");
        let contact = fx.portal.billing_contact(&fx.services(), fx.account).unwrap();
        assert_eq!(contact.email.as_str().to_lowercase(), login.email.to_lowercase(), "{case}");
    }
    // The e-mail of a disabled login answers like an unknown one: the same `Ok`, the caller's
    // access ends, the account's contact has the address asked for; the login stays disabled.
    let unknown = {
        let fx = make();
        let new = person("fresh@elsewhere.example", None);
        let answer = fx.portal.change_billing_contact_to_new_login(&fx.contact(), fx.account, &new);
        (answer, fails(fx.portal.account(&fx.contact(), fx.account)))
    };
    let fx = make();
    fx.raw().execute("UPDATE logins SET disabled = 1 WHERE email = 'known@elsewhere.example'", []).unwrap();
    let new = person("known@elsewhere.example", None);
    let answer = fx.portal.change_billing_contact_to_new_login(&fx.contact(), fx.account, &new);
    assert_eq!((answer, fails(fx.portal.account(&fx.contact(), fx.account))), unknown);
    let contact = fx.portal.billing_contact(&fx.services(), fx.account).unwrap();
    assert_eq!(contact.email.as_str(), "known@elsewhere.example");
    assert_eq!(fails(fx.portal.sign_in("known.person", PASSWORD)), Error::InvalidCredentials);

    // A user ID that names no login and one that names a disabled login give the same error.
    let fx = make();
    fx.raw().execute("UPDATE logins SET disabled = 1 WHERE email = 'known@elsewhere.example'", []).unwrap();
    let unknown = fails(fx.portal.change_billing_contact(&fx.contact(), fx.account, "nobody.at.all"));
    let disabled = fails(fx.portal.change_billing_contact(&fx.contact(), fx.account, "known.person"));
    assert_eq!(unknown, disabled);
}
