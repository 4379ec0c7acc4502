//! Sign-in, password storage and sessions (AUTH-1, AUTH-2, AUTH-3, AUTH-6, AUD-1).

mod common;

use common::*;
use corporate_billing::{Caller, Error, NewLogin, PortalConfig, RequestKind, SessionToken};
use time::Duration;

// DOMAIN: AUTH-1
#[test]
fn user_id_is_a_username_or_an_email_matched_after_nfkc_trim_and_case_folding() {
    let fx = Fixture::new();
    for user_id in [
        CONTACT_USERNAME,
        "AP.Admin",
        "  ap.admin\t",
        "ａｐ．ａｄｍｉｎ", // full-width forms, NFKC-equal to "ap.admin"
        CONTACT_EMAIL,
        "ALEXANDRA.BILLINGTON@ACME-GMBH.EXAMPLE",
        " alexandra.billington@acme-gmbh.example ",
    ] {
        let s = fx.portal.sign_in(user_id, PASSWORD).unwrap_or_else(|e| panic!("{user_id:?}: {e}"));
        assert_eq!(s.login_id, fx.contact_login, "{user_id:?}");
    }
    // Something else is not the same user ID.
    assert_eq!(fails(fx.portal.sign_in("ap.admin2", PASSWORD)), Error::InvalidCredentials);
    assert_eq!(fails(fx.portal.sign_in("ap_admin", PASSWORD)), Error::InvalidCredentials);
}

// DOMAIN: AUTH-2
#[test]
fn every_failed_sign_in_gives_the_same_error() {
    let fx = Fixture::new();
    // A person with a password who is not a billing contact (an account user).
    fx.portal
        .create_login(
            &NewLogin {
                name: "Nora Notcontact".into(),
                email: "nora@acme-gmbh.example".into(),
                username: None,
                phone: None,
            },
            Some("nora has a long password too"),
        )
        .unwrap();
    let mut errors = vec![
        ("unknown user ID", fails(fx.portal.sign_in("nobody@acme-gmbh.example", PASSWORD))),
        ("unknown username", fails(fx.portal.sign_in("nobody", PASSWORD))),
        ("malformed user ID", fails(fx.portal.sign_in("", PASSWORD))),
        ("wrong password", fails(fx.portal.sign_in(CONTACT_USERNAME, "correct horse battery staple 43"))),
        ("empty password", fails(fx.portal.sign_in(CONTACT_USERNAME, ""))),
        ("not a billing contact", fails(fx.portal.sign_in("nora@acme-gmbh.example", "nora has a long password too"))),
        ("account user without password", fails(fx.portal.sign_in(USER_EMAIL, PASSWORD))),
    ];
    fx.raw().execute("UPDATE logins SET disabled = 1 WHERE id = ?1", [fx.contact_login.to_string()]).unwrap();
    errors.push(("disabled login, right password", fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD))));
    for (case, e) in &errors {
        assert_eq!(*e, Error::InvalidCredentials, "{case}");
        assert_eq!(e.code(), "invalid_credentials", "{case}");
        assert_eq!(e.to_string(), "Invalid User ID/password", "{case}");
    }
    // A disabled login's open session stops working as well.
    assert_eq!(fails(fx.portal.my_accounts(&fx.session.token)), Error::Unauthenticated);
}

// DOMAIN: AUTH-3
#[test]
fn passwords_are_stored_as_argon2id_phc_strings_with_owasp_parameters() {
    let fx = Fixture::new();
    let hashes: Vec<String> = fx
        .read_only()
        .query_all("SELECT password_hash FROM logins WHERE password_hash IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hashes.len(), 1);
    let h = &hashes[0];
    assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
    let salt = h.split('$').nth(4).unwrap();
    assert!(salt.len() >= 16, "a random salt of at least 96 bits: {h}");
    assert!(!fx.snapshot().contains(PASSWORD), "the password itself is stored nowhere");
}

#[allow(clippy::unwrap_used)]
fn weak_hash(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let params = argon2::Params::new(4096, 1, 1, None).unwrap();
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string()
}

// DOMAIN: AUTH-3
#[test]
fn a_hash_with_weaker_parameters_is_rehashed_at_the_next_successful_sign_in() {
    let fx = Fixture::new();
    let weak = weak_hash(PASSWORD);
    assert!(weak.starts_with("$argon2id$v=19$m=4096,t=1,p=1$"));
    let stored = || -> String {
        fx.read_only()
            .query_row("SELECT password_hash FROM logins WHERE id = ?1", [fx.contact_login.to_string()], |r| r.get(0))
            .unwrap()
    };
    fx.raw()
        .execute("UPDATE logins SET password_hash = ?2 WHERE id = ?1", [fx.contact_login.to_string(), weak.clone()])
        .unwrap();
    // A failed attempt changes nothing.
    fails(fx.portal.sign_in(CONTACT_USERNAME, "definitely the wrong password"));
    assert_eq!(stored(), weak);
    // The old hash still signs the contact in, and is replaced by a strong one.
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    let upgraded = stored();
    assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    assert_eq!(stored(), upgraded, "a strong hash is kept as it is");
}

// DOMAIN: AUTH-6
#[test]
fn session_tokens_are_random_opaque_and_stored_only_as_a_hash() {
    let fx = Fixture::with_config(default_sessions());
    let second = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    for t in [fx.session.token.expose(), second.token.expose()] {
        assert!(t.len() * 4 >= 128 && t.chars().all(|c| c.is_ascii_hexdigit()), "at least 128 random bits: {t}");
    }
    assert_ne!(fx.session.token, second.token);
    assert_eq!(fx.session.expires_at, START + Duration::hours(12));
    assert!(!format!("{:?}", fx.session).contains(fx.session.token.expose()), "Debug hides the token");
    let db = fx.snapshot();
    assert_eq!(db.rows("sessions"), 2);
    assert!(!db.contains(fx.session.token.expose()) && !db.contains(second.token.expose()));
    // A token that was never issued is refused.
    let forged = Caller::Session(SessionToken::new("0".repeat(64)));
    assert_eq!(fails(fx.portal.account(&forged, fx.account)), Error::Unauthenticated);
    assert_eq!(Error::Unauthenticated.code(), "unauthenticated");
}

// DOMAIN: AUTH-6
#[test]
fn a_session_ends_after_30_idle_minutes() {
    assert_eq!(PortalConfig::default().session_idle_timeout, Duration::minutes(30));
    let fx = Fixture::with_config(default_sessions());
    fx.clock.advance(Duration::minutes(29));
    assert!(fx.portal.account(&fx.contact(), fx.account).is_ok());
    fx.clock.advance(Duration::minutes(29));
    assert!(fx.portal.account(&fx.contact(), fx.account).is_ok(), "use keeps it alive");
    fx.clock.advance(Duration::minutes(31));
    assert_eq!(fails(fx.portal.account(&fx.contact(), fx.account)), Error::Unauthenticated);
    // Ended is ended, even if the clock were set back.
    assert_eq!(fails(fx.portal.my_accounts(&fx.session.token)), Error::Unauthenticated);
}

// DOMAIN: AUTH-6
#[test]
fn a_session_ends_12_hours_after_sign_in_however_busy() {
    assert_eq!(PortalConfig::default().session_lifetime, Duration::hours(12));
    let fx = Fixture::with_config(default_sessions());
    for _ in 0..36 {
        fx.clock.advance(Duration::minutes(20));
        assert!(fx.portal.my_accounts(&fx.session.token).is_ok());
    }
    fx.clock.advance(Duration::minutes(20));
    assert_eq!(fails(fx.portal.my_accounts(&fx.session.token)), Error::Unauthenticated);
}

// DOMAIN: AUTH-6
#[test]
fn idle_timeout_and_lifetime_are_configurable() {
    let fx = Fixture::with_config(PortalConfig {
        session_idle_timeout: Duration::minutes(5),
        session_lifetime: Duration::minutes(8),
        ..default_sessions()
    });
    assert_eq!(fx.session.expires_at, START + Duration::minutes(8));
    fx.clock.advance(Duration::minutes(4));
    assert!(fx.portal.my_accounts(&fx.session.token).is_ok());
    fx.clock.advance(Duration::minutes(4) + Duration::seconds(30));
    assert_eq!(fails(fx.portal.my_accounts(&fx.session.token)), Error::Unauthenticated, "lifetime");
    let s = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    fx.clock.advance(Duration::minutes(6));
    assert_eq!(fails(fx.portal.my_accounts(&s.token)), Error::Unauthenticated, "idle");
}

// DOMAIN: AUTH-6
#[test]
fn sign_out_ends_the_session_for_every_operation() {
    let fx = Fixture::new();
    let q = fx.issue_quote(fx.account);
    let other = fx.portal.sign_in(CONTACT_EMAIL, PASSWORD).unwrap();
    fx.portal.sign_out(&fx.session.token).unwrap();
    fx.portal.sign_out(&fx.session.token).unwrap(); // idempotent
    let c = fx.contact();
    assert_eq!(fails(fx.portal.my_accounts(&fx.session.token)), Error::Unauthenticated);
    assert_eq!(fails(fx.portal.account(&c, fx.account)), Error::Unauthenticated);
    assert_eq!(fails(fx.portal.quotes(&c, fx.account)), Error::Unauthenticated);
    assert_eq!(fails(fx.portal.accept_quote(&c, fx.account, q.id, None)), Error::Unauthenticated);
    assert_eq!(fails(fx.portal.change_phone(&c, fx.account, "030 901829")), Error::Unauthenticated);
    assert_eq!(
        fails(fx.portal.submit_request(&c, fx.account, &RequestKind::TurnOffAutoRenewal)),
        Error::Unauthenticated
    );
    assert_eq!(fails(fx.portal.billing_contact(&c, fx.account)), Error::Unauthenticated);
    // The other session of the same login is not affected.
    assert!(fx.portal.quotes(&Caller::Session(other.token.clone()), fx.account).is_ok());
}

// DOMAIN: AUD-1
#[test]
fn every_sign_in_successful_or_failed_writes_one_audit_record_without_secrets() {
    let fx = Fixture::new();
    let n = fx.audit_count();
    let s = fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap();
    assert_eq!(fx.audit_count(), n + 1);
    let (actor, role, action, _, detail) = fx.last_audit();
    assert_eq!(
        (actor, role.as_str(), action.as_str()),
        (format!("login:{}", fx.contact_login), "billing_contact", "signed_in")
    );
    assert!(!detail.contains(PASSWORD));
    fails(fx.portal.sign_in(CONTACT_USERNAME, "wrong password, long enough"));
    assert_eq!(fx.audit_count(), n + 2);
    assert_eq!(fx.last_audit().2, "sign_in_failed");
    fails(fx.portal.sign_in("unknown.person", "wrong password, long enough"));
    assert_eq!(fx.audit_count(), n + 3);
    let (actor, _, action, _, _) = fx.last_audit();
    assert_eq!((actor.as_str(), action.as_str()), ("anonymous", "sign_in_failed"));
    fx.portal.sign_out(&s.token).unwrap();
    assert_eq!(fx.last_audit().2, "signed_out");
    let db = fx.snapshot();
    for secret in [PASSWORD, "wrong password, long enough", s.token.expose(), fx.session.token.expose()] {
        assert!(!db.contains(secret), "{secret} is stored");
    }
    assert_eq!(fx.portal.verify_audit_log(&fx.services()).unwrap(), fx.audit_count() as u64);
}
