//! Quotes: the list (QUO-2), one quote with its totals, accepting with an optional purchase
//! order (QUO-3, QUO-4, QUO-5), declining with a reason, and the sales rep's form to issue one
//! (QUO-1).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use corporate_billing::{AccountId, Error, LineInput, NewQuote, QuoteEffect, QuoteId, QuoteStatus};
use serde::Deserialize;
use std::sync::Arc;

use super::account::account_id;
use super::{form_error, lines_view, optional, parse_date, parse_decimal};
use crate::app::{AppState, Person};
use crate::views::{Flash, QuotePage, QuoteRow, QuoteView, Quotes};
use crate::visit::{Reply, Visit, Who, render, see_other};

fn status_class(s: QuoteStatus) -> &'static str {
    match s {
        QuoteStatus::Open => "open",
        QuoteStatus::Accepted => "good",
        QuoteStatus::Expired | QuoteStatus::Declined | QuoteStatus::Withdrawn => "",
    }
}

fn is_staff(v: &Visit) -> bool {
    matches!(v.who, Who::Sso(Person::Rep | Person::Services))
}

#[derive(Deserialize, Default)]
pub struct QuotesNotice {
    issued: Option<String>,
}

async fn list_page(app: &AppState, v: &Visit, account: AccountId, flash: Option<crate::views::Flash>) -> Reply {
    let caller = v.caller.clone();
    let (o, quotes, full) = app
        .run(move |p| {
            let quotes = p.quotes(&caller, account)?;
            // One look-up per quote for its effect; an account has a handful of quotes.
            let full = quotes.iter().map(|q| p.quote(&caller, account, q.id)).collect::<Result<Vec<_>, _>>()?;
            Ok((p.account(&caller, account)?, quotes, full))
        })
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let rows = quotes
        .iter()
        .zip(&full)
        .map(|(s, q)| QuoteRow {
            id: s.id.to_string(),
            issued: lang.date(s.issued_at.date()),
            status: lang.quote_status(s.status),
            status_class: status_class(s.status),
            valid_until: lang.date(s.valid_until),
            total: lang.money(&s.total),
            effect: lang.effect(&q.effect),
        })
        .collect();
    let id = account.to_string();
    let t = lang.texts();
    let c = v.account_frame(app, t.quotes, (&id, &o.company_name), "/quotes", flash);
    let default_valid_until = (time::OffsetDateTime::now_utc().date() + time::Duration::days(30)).to_string();
    Ok(render(&Quotes {
        c,
        account: id,
        quotes: rows,
        staff: is_staff(v),
        currency: o.currency.to_string(),
        default_valid_until,
    }))
}

/// The account's quotes, open ones first.
pub async fn list(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Query(n): Query<QuotesNotice>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let flash = n.issued.and(Flash::ok(v.lang.texts().quote_issued));
    list_page(&app, &v, account, flash).await
}

#[derive(Deserialize)]
pub struct IssueForm {
    description: String,
    quantity: String,
    unit_price: String,
    vat_rate: String,
    valid_until: String,
    seats: String,
}

/// A sales rep (or Account Services) issues a quote that adds seats when accepted.
pub async fn issue(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<IssueForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let parsed = (|| {
        let seats = f
            .seats
            .trim()
            .parse::<u32>()
            .map_err(|_| Error::InvalidInput { field: "seats".into(), reason: "expected a whole number".into() })?;
        Ok::<_, Error>((
            LineInput {
                description: f.description.clone(),
                quantity: parse_decimal("quantity", &f.quantity)?,
                unit_price: parse_decimal("unit_price", &f.unit_price)?,
                vat_rate: parse_decimal("vat_rate", &f.vat_rate)?,
            },
            parse_date("valid_until", &f.valid_until)?,
            seats,
        ))
    })();
    let result = match parsed {
        Ok((line, valid_until, seats)) => {
            app.run(move |p| {
                let currency = p.account(&caller, account)?.currency;
                let quote =
                    NewQuote { currency, valid_until, lines: vec![line], effect: QuoteEffect::AddSeats { seats } };
                p.issue_quote(&caller, account, &quote)
            })
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/accounts/{account}/quotes?issued=1"))),
        Err(e) => {
            let flash = form_error(&v, e)?;
            Ok((StatusCode::BAD_REQUEST, list_page(&app, &v, account, flash).await?).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub struct QuoteNotice {
    declined: Option<String>,
}

async fn quote_page(app: &AppState, v: &Visit, account: AccountId, raw: &str, flash: Option<Flash>) -> Reply {
    let id = QuoteId::parse(raw).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let contact = v.who == Who::Contact;
    let (o, q, pos) = app
        .run(move |p| {
            let pos = if contact { p.purchase_orders(&caller, account)? } else { Vec::new() };
            Ok((p.account(&caller, account)?, p.quote(&caller, account, id)?, pos))
        })
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let today = time::OffsetDateTime::now_utc().date();
    let pos_in_force = pos
        .iter()
        .filter(|po| po.expires_on >= today)
        .map(|po| (po.number.clone(), lang.date(po.expires_on)))
        .collect();
    let view = QuoteView {
        id: q.id.to_string(),
        status: lang.quote_status(q.status),
        status_class: status_class(q.status),
        issued: lang.date(q.issued_at.date()),
        valid_until: lang.date(q.valid_until),
        effect: lang.effect(&q.effect),
        decline_reason: q.decline_reason.clone(),
        purchase_order: q.purchase_order.clone(),
        invoice: q.invoice_id.map(|i| i.to_string()),
        open: q.status == QuoteStatus::Open && v.who == Who::Contact,
    };
    let account_text = account.to_string();
    let title = format!("{} {}", lang.texts().quote, lang.date(q.issued_at.date()));
    let c = v.account_frame(app, &title, (&account_text, &o.company_name), "/quotes", flash);
    let doc = lines_view(lang, &q.lines, &q.totals);
    Ok(render(&QuotePage {
        c,
        account: account_text,
        q: view,
        doc,
        requires_po: o.requires_purchase_order,
        pos_in_force,
    }))
}

/// One quote with its lines and totals, and the forms to decide it while it is open.
pub async fn show(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, quote)): Path<(String, String)>,
    Query(n): Query<QuoteNotice>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let flash = n.declined.and(Flash::ok(v.lang.texts().quote_declined));
    quote_page(&app, &v, account, &quote, flash).await
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    purchase_order: String,
}

/// Accepts the quote; the library applies it and issues its invoice in one transaction, and the
/// browser goes on to that invoice.
pub async fn accept(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, quote)): Path<(String, String)>,
    Form(f): Form<AcceptForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = QuoteId::parse(&quote).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    match app.run(move |p| p.accept_quote(&caller, account, id, optional(&f.purchase_order))).await {
        Ok(invoice) => Ok(see_other(&format!("/accounts/{account}/invoices/{}?accepted=1", invoice.id))),
        Err(e) => {
            let flash = form_error(&v, e)?;
            Ok((StatusCode::CONFLICT, quote_page(&app, &v, account, &quote, flash).await?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct DeclineForm {
    #[serde(default)]
    reason: String,
}

/// Declines the quote, with the reason if one was given.
pub async fn decline(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, quote)): Path<(String, String)>,
    Form(f): Form<DeclineForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = QuoteId::parse(&quote).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    match app.run(move |p| p.decline_quote(&caller, account, id, optional(&f.reason))).await {
        Ok(_) => Ok(see_other(&format!("/accounts/{account}/quotes/{id}?declined=1"))),
        Err(e) => {
            let flash = form_error(&v, e)?;
            Ok((StatusCode::CONFLICT, quote_page(&app, &v, account, &quote, flash).await?).into_response())
        }
    }
}
