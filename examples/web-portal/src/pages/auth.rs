//! Sign-in and sign-out, forgot and reset password, change password, the stand-in SSO and the
//! demo mailbox.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use corporate_billing::{Caller, Error};
use serde::Deserialize;
use std::sync::Arc;

use crate::app::{AppState, Person};
use crate::demo_seed;
use crate::security::{CSP_WITH_SCRIPT, CookieName, random_token};
use crate::views::{
    ChangePassword, Flash, Forgot, MailView, Mailbox, Password, Person as PersonView, SignIn, StaffSignIn,
};
use crate::visit::{Reply, Visit, Who, message_page, render, render_with_csp, see_other};

/// `/`: the accounts of whoever is signed in, else the sign-in page.
pub async fn home(v: Visit) -> Response {
    see_other(if v.who == Who::Anonymous { "/sign-in" } else { "/accounts" })
}

/// Notices the sign-in page shows after a redirect.
#[derive(Deserialize, Default)]
pub struct SignInNotice {
    ended: Option<String>,
    signed_out: Option<String>,
    reset: Option<String>,
}

fn sign_in_view(app: &AppState, v: &Visit, user_id: String, flash: Option<Flash>) -> SignIn {
    SignIn {
        c: v.frame(app, v.lang.texts().sign_in_title, flash),
        user_id,
        demo_user: demo_seed::USERNAME,
        demo_email: demo_seed::EMAIL,
        demo_password: demo_seed::PASSWORD,
    }
}

/// The sign-in page.
pub async fn sign_in_page(State(app): State<Arc<AppState>>, v: Visit, Query(n): Query<SignInNotice>) -> Response {
    let t = v.lang.texts();
    let flash = if n.reset.is_some() {
        Flash::ok(t.password_set)
    } else if n.signed_out.is_some() {
        Flash::ok(t.signed_out)
    } else if n.ended.is_some() {
        Flash::error(t.session_ended)
    } else {
        None
    };
    render(&sign_in_view(&app, &v, String::new(), flash))
}

#[derive(Deserialize)]
pub struct SignInForm {
    user_id: String,
    password: String,
}

/// Signs a billing contact in. Every failure is the library's one message (AUTH-2); the
/// throttling of repeated failures is the library's too (AUTH-5, AUTH-11).
pub async fn sign_in(State(app): State<Arc<AppState>>, v: Visit, Form(form): Form<SignInForm>) -> Response {
    let user_id = form.user_id.clone();
    match app.run(move |p| p.sign_in(&form.user_id, &form.password)).await {
        Ok(session) => {
            let mut r = see_other("/accounts");
            let h = r.headers_mut();
            h.append(header::SET_COOKIE, app.cookies.set(CookieName::Session, session.token.expose()));
            h.append(header::SET_COOKIE, app.cookies.clear(CookieName::Sso));
            // A new CSRF value at every change of who is signed in.
            h.append(header::SET_COOKIE, app.cookies.set(CookieName::Csrf, &random_token()));
            r
        }
        Err(e) => {
            let page = sign_in_view(&app, &v, user_id, Flash::error(v.lang.error(&e)));
            (StatusCode::UNAUTHORIZED, render(&page)).into_response()
        }
    }
}

/// Ends the session: the library's for a billing contact (AUTH-6), the stand-in's otherwise.
pub async fn sign_out(State(app): State<Arc<AppState>>, v: Visit, headers: HeaderMap) -> Response {
    if let Caller::Session(token) = v.caller {
        // An already ended session is as good as ended now.
        let _ = app.run(move |p| p.sign_out(&token)).await;
    }
    if let Some(token) = app.cookies.get(&headers, CookieName::Sso) {
        app.sso_sign_out(&token);
    }
    let mut r = see_other("/sign-in?signed_out=1");
    let h = r.headers_mut();
    for cookie in [CookieName::Session, CookieName::Sso] {
        h.append(header::SET_COOKIE, app.cookies.clear(cookie));
    }
    h.append(header::SET_COOKIE, app.cookies.set(CookieName::Csrf, &random_token()));
    r
}

/// Where the language switch leads.
#[derive(Deserialize)]
pub struct LanguageChoice {
    to: String,
    back: Option<String>,
}

/// The language switch: keeps the choice in a cookie (it wins over `Accept-Language`) and goes
/// back to the page it was chosen on, a path of this portal only.
pub async fn choose_language(State(app): State<Arc<AppState>>, Query(choice): Query<LanguageChoice>) -> Response {
    let code = if choice.to == "de" { "de" } else { "en" };
    let back = choice.back.filter(|p| local_path(p)).unwrap_or_else(|| "/".to_owned());
    let mut r = see_other(&back);
    r.headers_mut().append(header::SET_COOKIE, app.cookies.set(CookieName::Lang, code));
    r
}

/// A path on this portal: one leading slash (never `//host`), no backslash or control character.
pub fn local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.chars().any(char::is_control)
}

/// The forgot-password page.
pub async fn forgot_page(State(app): State<Arc<AppState>>, v: Visit) -> Response {
    render(&Forgot { c: v.frame(&app, v.lang.texts().forgot_title, None) })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    user_id: String,
}

/// Asks the library for a reset link (AUTH-7); the answer is the same whether or not the user
/// ID exists, and the library limits the mails per user ID.
pub async fn forgot(State(app): State<Arc<AppState>>, v: Visit, Form(form): Form<ForgotForm>) -> Response {
    let t = v.lang.texts();
    let flash = match app.run(move |p| p.forgot_password(&form.user_id)).await {
        Ok(()) => Flash::ok(t.forgot_sent),
        Err(e) => Flash::error(v.lang.error(&e)),
    };
    render(&Forgot { c: v.frame(&app, t.forgot_title, flash) })
}

fn password_view(app: &AppState, v: &Visit, token: String, flash: Option<Flash>) -> Password {
    Password { c: v.frame(app, v.lang.texts().password_title, flash), token }
}

/// The page a password link opens: its token is in the fragment, which the page's one script
/// moves into the form.
pub async fn password_page(State(app): State<Arc<AppState>>, v: Visit) -> Response {
    render_with_csp(&password_view(&app, &v, String::new(), None), CSP_WITH_SCRIPT)
}

#[derive(Deserialize)]
pub struct ResetForm {
    token: String,
    new_password: String,
    repeat: String,
}

/// Sets the new password with the link's token (AUTH-8); the library ends every session of the
/// login and does not sign in.
pub async fn reset(State(app): State<Arc<AppState>>, v: Visit, Form(form): Form<ResetForm>) -> Response {
    let t = v.lang.texts();
    if form.new_password != form.repeat {
        let page = password_view(&app, &v, form.token, Flash::error(t.passwords_differ));
        return (StatusCode::BAD_REQUEST, render_with_csp(&page, CSP_WITH_SCRIPT)).into_response();
    }
    let token = form.token.clone();
    match app.run(move |p| p.reset_password(&form.token, &form.new_password)).await {
        Ok(()) => see_other("/sign-in?reset=1"),
        Err(e) => {
            let keep = if e == Error::InvalidToken { String::new() } else { token };
            let page = password_view(&app, &v, keep, Flash::error(v.lang.error(&e)));
            (StatusCode::BAD_REQUEST, render_with_csp(&page, CSP_WITH_SCRIPT)).into_response()
        }
    }
}

/// The change-password page, for a signed-in billing contact.
pub async fn change_page(State(app): State<Arc<AppState>>, v: Visit) -> Response {
    if v.who != Who::Contact {
        return see_other("/sign-in");
    }
    render(&ChangePassword { c: v.frame(&app, v.lang.texts().change_password, None) })
}

#[derive(Deserialize)]
pub struct ChangeForm {
    current: String,
    new_password: String,
    repeat: String,
}

/// Changes the password given the current one (AUTH-9); the library throttles wrong ones like
/// sign-ins (AUTH-11) and signs the other sessions out.
pub async fn change(State(app): State<Arc<AppState>>, v: Visit, Form(form): Form<ChangeForm>) -> Reply {
    let t = v.lang.texts();
    let Caller::Session(token) = v.caller.clone() else {
        return Ok(see_other("/sign-in"));
    };
    let flash = if form.new_password != form.repeat {
        Flash::error(t.passwords_differ)
    } else {
        match app.run(move |p| p.change_password(&token, &form.current, &form.new_password)).await {
            Ok(()) => Flash::ok(t.password_changed),
            Err(Error::Unauthenticated) => return Err(v.fail(Error::Unauthenticated)),
            Err(e) => Flash::error(v.lang.error(&e)),
        }
    };
    Ok(render(&ChangePassword { c: v.frame(&app, t.change_password, flash) }))
}

/// The stand-in for the host's single sign-on.
pub async fn staff_page(State(app): State<Arc<AppState>>, v: Visit) -> Response {
    let t = v.lang.texts();
    let people = Person::ALL
        .iter()
        .map(|&p| PersonView {
            key: p.key(),
            name: app.person_name(p),
            role: match p {
                Person::Rep => t.role_rep,
                Person::Services => t.role_services,
                Person::Sam => t.role_user,
            },
        })
        .collect();
    render(&StaffSignIn { c: v.frame(&app, t.staff_title, None), people })
}

#[derive(Deserialize)]
pub struct StaffForm {
    person: String,
}

/// Signs in whoever was picked. Replace with your SSO: the host authenticates its staff and
/// the customer's account users and asserts them to the library as `Caller::Staff` or
/// `Caller::AccountUser`.
pub async fn staff_sign_in(State(app): State<Arc<AppState>>, v: Visit, Form(form): Form<StaffForm>) -> Reply {
    let Some(person) = Person::ALL.into_iter().find(|p| p.key() == form.person) else {
        return Err(v.fail(Error::NotFound { entity: "person" }));
    };
    let target = match person {
        Person::Sam => format!("/accounts/{}", app.demo().us),
        _ => "/accounts".to_owned(),
    };
    let mut r = see_other(&target);
    let h = r.headers_mut();
    h.append(header::SET_COOKIE, app.cookies.set(CookieName::Sso, &app.sso_sign_in(person)));
    h.append(header::SET_COOKIE, app.cookies.clear(CookieName::Session));
    h.append(header::SET_COOKIE, app.cookies.set(CookieName::Csrf, &random_token()));
    Ok(r)
}

/// Splits a mail body around its first link into this portal.
fn mail_view(v: &Visit, app: &AppState, note: &corporate_billing::Notification) -> MailView {
    let base = &app.settings.public_url;
    let (before, link, after) = match note.body.find(base.as_str()) {
        Some(start) => {
            let end = note.body[start..].find(char::is_whitespace).map_or(note.body.len(), |e| start + e);
            (note.body[..start].to_owned(), Some(note.body[start..end].to_owned()), note.body[end..].to_owned())
        }
        None => (note.body.clone(), None, String::new()),
    };
    let at = format!(
        "{} {:02}:{:02} UTC",
        v.lang.date(note.created_at.date()),
        note.created_at.hour(),
        note.created_at.minute()
    );
    MailView { subject: note.subject.clone(), to: note.recipient.clone(), at, before, link, after }
}

/// Demo only: what the demo mailer delivered, newest first.
pub async fn mailbox(State(app): State<Arc<AppState>>, v: Visit) -> Reply {
    let t = v.lang.texts();
    if !app.settings.demo_mailbox {
        return Ok(message_page(v.lang, StatusCode::NOT_FOUND, t.not_found_title, t.not_found_title));
    }
    app.deliver_mail().await.map_err(|e| v.fail(e))?;
    let mails = app.with_mailbox(|mails| mails.iter().map(|m| mail_view(&v, &app, &m.note)).collect());
    Ok(render(&Mailbox { c: v.frame(&app, t.mailbox_title, None), mails }))
}
