//! Credential recovery and change: forgot password (AUTH-7), reset (AUTH-8), change (AUTH-9), and
//! a new billing contact's set-password link (BC-2).

use super::accounts::hand_over_to;
use super::setup::CheckedLogin;
use super::{Actor, BillingPortal, Caller, Ctx, record, signin};
use crate::access::Action;
use crate::auth::token::{self, LinkSecret, SessionToken};
use crate::auth::{password, throttle};
use crate::domain::account::NewLogin;
use crate::error::{Error, Result};
use crate::messages;
use crate::store::credentials::{self, LinkPurpose};
use crate::store::outbox::{self, LINK_PLACEHOLDER, NotificationKind};
use crate::store::{self, Tx};
use crate::values::{AccountId, EmailAddress, Language, LoginId, UserId};
use time::{Duration, OffsetDateTime};

/// AUTH-7: at most this many reset mails per user ID per hour.
pub const RESET_MAILS_PER_HOUR: i64 = 5;

/// The address of the stand-in login through which a reset for an unknown user ID does the same
/// work as a real one; nothing is ever sent to it.
const STAND_IN_EMAIL: &str = "nobody@stand-in.invalid";

/// Longest token accepted; anything longer is not one of ours.
const MAX_TOKEN_LEN: usize = 256;

/// Issues a credential link for `login`: voids every older unused link of that login, stores the
/// new token's digest, and queues the e-mail. The outbox keeps only the link's reference.
fn send_link(
    conn: &Tx<'_>,
    now: OffsetDateTime,
    lifetime: Duration,
    secret: &LinkSecret,
    (login, email, account): (LoginId, &EmailAddress, Option<AccountId>),
    purpose: LinkPurpose,
) -> Result<()> {
    credentials::void_links(conn, login, now)?;
    let reference = token::link_reference();
    let link_token = secret.token_for(&reference);
    credentials::insert_link(conn, &token::digest(&link_token), login, purpose, now, now + lifetime)?;
    let minutes = lifetime.whole_minutes().to_string();
    let lang = login_language(conn, login, account)?;
    let (kind, key) = match purpose {
        LinkPurpose::Reset => (NotificationKind::PasswordReset, "mail.password_reset"),
        LinkPurpose::SetPassword => (NotificationKind::SetPassword, "mail.set_password"),
    };
    let subject = messages::text(lang, &format!("{key}.subject"), &[]);
    let body = messages::text(lang, &format!("{key}.body"), &[("link", LINK_PLACEHOLDER), ("minutes", &minutes)]);
    let subject = subject.as_str();
    outbox::enqueue_with_link(conn, now, kind, account, email, (subject, &body), Some(&reference))
}

/// Stores a new password hash and ends the login's sessions (all, or all but `keep`) and its
/// unused links; the contact is told (AUTH-8, AUTH-9).
fn replace_password(conn: &Tx<'_>, now: OffsetDateTime, login: LoginId, hash: &str, keep: Option<&str>) -> Result<()> {
    credentials::set_password_hash(conn, login, hash)?;
    credentials::end_sessions(conn, login, now, keep)?;
    credentials::void_links(conn, login, now)?;
    let lang = login_language(conn, login, None)?;
    outbox::enqueue(
        conn,
        now,
        NotificationKind::PasswordChanged,
        None,
        &credentials::login_email(conn, login)?,
        &messages::text(lang, "mail.password_changed.subject", &[]),
        &messages::text(lang, "mail.password_changed.body", &[]),
    )
}

/// The language of mail about a login that no single account is the subject of (DOCS-2): the
/// document language of `account` where there is one, else of the first account the login is
/// the billing contact of, else English.
fn login_language(conn: &Tx<'_>, login: LoginId, account: Option<AccountId>) -> Result<Language> {
    let account = match account {
        Some(a) => Some(a),
        None => store::accounts::of_contact(conn, login)?.first().map(|a| a.id),
    };
    match account {
        Some(a) => store::accounts::document_language(conn, a),
        None => Ok(Language::En),
    }
}

impl BillingPortal {
    fn link_settings(&self) -> Result<&LinkSecret> {
        match self.config.credential_link_base_url.as_deref() {
            None => return Err(Error::NotConfigured { what: "credential_link_base_url" }),
            // The token is put in the fragment; a base URL that has one would swallow it.
            Some(base) if base.contains('#') => return Err(Error::NotConfigured { what: "credential_link_base_url" }),
            Some(_) => {}
        }
        self.config.link_secret.as_ref().ok_or(Error::NotConfigured { what: "link_secret" })
    }

    /// The link a notification's reference stands for, from the vendor's base URL only. The
    /// token travels in the fragment (`#token=...`): browsers send neither the fragment to the
    /// server nor it in a `Referer` header, so it stays out of access logs and third-party
    /// requests. The page at the base URL reads it in the browser and posts it with the new password.
    pub(super) fn credential_link(&self, reference: &str) -> Result<String> {
        let secret = self.link_settings()?;
        let base = self.config.credential_link_base_url.as_deref().unwrap_or_default();
        Ok(format!("{base}#token={}", secret.token_for(reference).as_str()))
    }

    /// Forgot password (AUTH-7): if `user_id` belongs to a billing contact, queues a reset link to
    /// the contact's billing e-mail address. The answer is the same whether or not it does, and
    /// at most five links per user ID and hour are sent.
    pub fn forgot_password(&self, user_id: &str) -> Result<()> {
        let key = UserId::parse(user_id)?.key().to_owned();
        let secret = self.link_settings()?;
        let now = self.now();
        self.db.write(|tx| {
            let found = credentials::reset_candidate(tx, &key)?;
            // An unknown user ID, and a known one over the rate limit, go through the very
            // statements of a real link, for a stand-in login, inside a savepoint that is then
            // rolled back: timing does not tell whether a user ID exists.
            let (login, email) = match &found {
                Some((login, email)) => (*login, email.clone()),
                None => (LoginId::generate(), EmailAddress::parse(STAND_IN_EMAIL)?),
            };
            let recent = credentials::resets_since(tx, login, now - Duration::hours(1))?;
            let send = found.is_some() && recent < RESET_MAILS_PER_HOUR;
            tx.defer_link_login_check()?;
            tx.savepoint("reset_link")?;
            send_link(
                tx,
                now,
                self.config.credential_link_lifetime,
                secret,
                (login, &email, None),
                LinkPurpose::Reset,
            )?;
            if send {
                tx.release("reset_link")?
            } else {
                tx.rollback_to("reset_link")?
            }
            let (known, action, detail) = match (&found, send) {
                (None, _) => (None, "password_reset_requested", ""),
                (Some(_), true) => (Some(login), "password_reset_requested", ""),
                (Some(_), false) => (Some(login), "password_reset_refused", "rate limit"),
            };
            record(tx, now, Actor::Login { login: known, signed_in: false }, action, None, detail)
        })
    }

    /// Sets a new password with a reset or set-password link's token (AUTH-8, BC-2). Ends every
    /// session of the login, does not sign in, and tells the contact. A token that is unknown,
    /// used, replaced or expired gives [`Error::InvalidToken`]; a password the policy refuses
    /// leaves the token usable.
    pub fn reset_password(&self, link_token: &str, new_password: &str) -> Result<()> {
        let link_token = link_token.trim();
        if link_token.is_empty() || link_token.len() > MAX_TOKEN_LEN {
            return Err(Error::InvalidToken);
        }
        let digest = token::digest(link_token);
        let now = self.now();
        let (login, purpose, ids) = self.db.read(|tx| {
            let (login, purpose) = credentials::live_link(tx, &digest, now)?.ok_or(Error::InvalidToken)?;
            Ok((login, purpose, credentials::user_ids(tx, login)?))
        })?;
        password::check_policy(new_password, &ids.iter().map(String::as_str).collect::<Vec<_>>())?;
        let hash = self.hashing.run(|| password::hash(new_password))?;
        self.db.write(|tx| {
            if !credentials::use_link(tx, &digest, now)? {
                return Err(Error::InvalidToken);
            }
            replace_password(tx, now, login, &hash, None)?;
            let action = match purpose {
                LinkPurpose::SetPassword => "password_set",
                LinkPurpose::Reset => "password_reset",
            };
            record(tx, now, Actor::Login { login: Some(login), signed_in: false }, action, None, "")
        })
    }

    /// Changes the signed-in contact's password, given the current one (AUTH-9). Other sessions
    /// of the login end; this one stays. A wrong current password is
    /// [`Error::InvalidCredentials`], counted against the login's sign-in throttle and audited,
    /// so that a stolen session cannot try passwords faster than a sign-in could (AUTH-11).
    pub fn change_password(&self, session: &SessionToken, current: &str, new_password: &str) -> Result<()> {
        let now = self.now();
        let (live, stored, ids) = self.db.read(|tx| {
            let live = self.check_session(tx, session, now)?;
            let stored = credentials::password_hash(tx, live.login)?;
            let ids = credentials::user_ids(tx, live.login)?;
            Ok((live, stored, ids))
        })?;
        self.touch_after_read(Some(&live), now)?;
        let login = live.login;
        // The policy says nothing about the current password, so it is checked before an attempt
        // is spent.
        password::check_policy(new_password, &ids.iter().map(String::as_str).collect::<Vec<_>>())?;
        let bucket = throttle::login_bucket(login);
        let throttled = self.db.write(|tx| store::throttle::take_attempt(tx, &bucket, now))?;
        let candidate = signin::bounded(current);
        let verified = self.hashing.run(|| stored.as_deref().is_some_and(|h| password::verify(candidate, h)));
        if throttled || !verified || candidate.len() < current.len() {
            let detail = if throttled { "throttled" } else { "" };
            let by = Actor::Login { login: Some(login), signed_in: true };
            self.db.write(|tx| record(tx, now, by, "password_change_failed", None, detail))?;
            return Err(Error::InvalidCredentials);
        }
        let hash = self.hashing.run(|| password::hash(new_password))?;
        self.db.write(|tx| {
            store::throttle::clear(tx, &bucket)?;
            replace_password(tx, now, login, &hash, Some(&session.digest()))?;
            record(tx, now, Actor::Login { login: Some(login), signed_in: true }, "password_changed", None, "")
        })
    }

    /// Hands billing to a person named by name and e-mail address (BC-2). If no login has that
    /// address, one is created and sent a set-password link under the rules of AUTH-7; if one
    /// has, billing goes to that login, which keeps its own name and password. If the username
    /// asked for is taken, the new login has none (its e-mail address is its user ID). The former
    /// contact loses access to the account at once; both are told.
    ///
    /// The answer is the same whichever of these happened, so that the caller cannot learn
    /// which e-mail addresses and usernames have logins (PRIV-1).
    pub fn change_billing_contact_to_new_login(
        &self,
        caller: &Caller,
        account: AccountId,
        login: &NewLogin,
    ) -> Result<()> {
        let checked = CheckedLogin::new(login)?;
        let secret = self.link_settings()?;
        self.change(caller, account, Action::ChangeBillingContact, |tx, ctx: &Ctx| {
            if let Some(existing) = checked.existing_by_email(tx)? {
                return hand_over_to(tx, ctx, existing);
            }
            let checked = if checked.username_taken(tx)? { checked.without_username() } else { checked };
            let id = checked.insert(tx, ctx.now, None)?;
            ctx.record(tx, "login_created", &format!("login:{id}"))?;
            hand_over_to(tx, ctx, id)?;
            send_link(
                tx,
                ctx.now,
                self.config.credential_link_lifetime,
                secret,
                (id, &checked.email, Some(account)),
                LinkPurpose::SetPassword,
            )
        })
    }
}
