//! Requests to Account Services (SR-1..SR-4): the contact submits them, Account Services (or the
//! sales rep, for what it may decide) completes or rejects them.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use corporate_billing::{AccountId, BillingInterval, Country, Error, RequestId, RequestKind, RequestStatus};
use serde::Deserialize;
use std::sync::Arc;

use super::account::account_id;
use super::{form_error, optional};
use crate::app::{AppState, Person};
use crate::i18n::Lang;
use crate::views::{Flash, RequestField, RequestForm, RequestRow, Requests};
use crate::visit::{Reply, Visit, Who, render, see_other};

fn forms(lang: Lang) -> Vec<RequestForm> {
    let t = lang.texts();
    let intervals =
        [BillingInterval::Monthly, BillingInterval::Quarterly, BillingInterval::SemiAnnual, BillingInterval::Annual]
            .into_iter()
            .map(|i| (i.as_str(), lang.interval(i)))
            .collect();
    vec![
        RequestForm {
            kind: "change_billing_interval",
            title: t.rk_interval,
            field: RequestField::Choice(t.new_interval, intervals),
        },
        RequestForm { kind: "turn_off_auto_renewal", title: t.rk_auto_renewal, field: RequestField::None },
        RequestForm { kind: "change_payment_method", title: t.rk_payment, field: RequestField::Text(t.what_to_change) },
        RequestForm { kind: "invoice_copy", title: t.rk_copy, field: RequestField::Line(t.invoice_number) },
        RequestForm {
            kind: "change_billing_contact",
            title: t.rk_contact,
            field: RequestField::Line(t.new_contact_user_id),
        },
        RequestForm { kind: "change_country", title: t.rk_country, field: RequestField::Line(t.new_country) },
        RequestForm { kind: "other", title: t.rk_other, field: RequestField::Text(t.your_request) },
    ]
}

fn request_kind(kind: &str, value: &str) -> Result<RequestKind, Error> {
    let value = value.trim().to_owned();
    Ok(match kind {
        "change_billing_interval" => {
            let interval = [
                BillingInterval::Monthly,
                BillingInterval::Quarterly,
                BillingInterval::SemiAnnual,
                BillingInterval::Annual,
            ]
            .into_iter()
            .find(|i| i.as_str() == value)
            .ok_or_else(|| Error::InvalidInput { field: "interval".into(), reason: "unknown interval".into() })?;
            RequestKind::ChangeBillingInterval { interval }
        }
        "turn_off_auto_renewal" => RequestKind::TurnOffAutoRenewal,
        "change_payment_method" => RequestKind::ChangePaymentMethod { details: value },
        "invoice_copy" => RequestKind::InvoiceCopy { invoice_number: value },
        "change_billing_contact" => RequestKind::ChangeBillingContact { new_contact_user_id: value },
        "change_country" => RequestKind::ChangeCountry { country: Country::parse(&value)? },
        "other" => RequestKind::Other { text: value },
        _ => return Err(Error::InvalidInput { field: "kind".into(), reason: "unknown request".into() }),
    })
}

async fn requests_page(app: &AppState, v: &Visit, account: AccountId, flash: Option<Flash>) -> Reply {
    let caller = v.caller.clone();
    let (o, list) = app
        .run(move |p| Ok((p.account(&caller, account)?, p.requests(&caller, account)?)))
        .await
        .map_err(|e| v.fail(e))?;
    let lang = v.lang;
    let requests = list
        .iter()
        .map(|r| RequestRow {
            id: r.id.to_string(),
            submitted: lang.date(r.submitted_at.date()),
            what: lang.request(&r.kind),
            status: lang.request_status(r.status),
            status_class: match r.status {
                RequestStatus::Open => "open",
                RequestStatus::Completed => "good",
                RequestStatus::Rejected => "",
            },
            resolution: r.resolution.clone(),
            open: r.status == RequestStatus::Open,
        })
        .collect();
    let id = account.to_string();
    let c = v.account_frame(app, lang.texts().requests, (&id, &o.company_name), "/requests", flash);
    Ok(render(&Requests {
        c,
        account: id,
        requests,
        staff: matches!(v.who, Who::Sso(Person::Rep | Person::Services)),
        contact: v.who == Who::Contact,
        forms: forms(lang),
    }))
}

#[derive(Deserialize, Default)]
pub struct Notice {
    sent: Option<String>,
    decided: Option<String>,
}

/// The account's requests, newest first, and the forms to submit one.
pub async fn list(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Query(n): Query<Notice>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let t = v.lang.texts();
    let flash = n.sent.and(Flash::ok(t.request_sent)).or(n.decided.and(Flash::ok(t.request_decided)));
    requests_page(&app, &v, account, flash).await
}

#[derive(Deserialize)]
pub struct SubmitForm {
    kind: String,
    #[serde(default)]
    value: String,
}

/// Submits a request (SR-2).
pub async fn submit(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path(account): Path<String>,
    Form(f): Form<SubmitForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let result = match request_kind(&f.kind, &f.value) {
        Ok(kind) => app.run(move |p| p.submit_request(&caller, account, &kind)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/accounts/{account}/requests?sent=1"))),
        Err(e) => {
            let flash = form_error(&v, e)?;
            Ok((StatusCode::BAD_REQUEST, requests_page(&app, &v, account, flash).await?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct DecideForm {
    decision: String,
    #[serde(default)]
    note: String,
}

/// Completes (applying the change) or rejects a request; the library decides who may (SR-2).
pub async fn decide(
    State(app): State<Arc<AppState>>,
    v: Visit,
    Path((account, request)): Path<(String, String)>,
    Form(f): Form<DecideForm>,
) -> Reply {
    let account = account_id(&v, &account)?;
    let id = RequestId::parse(&request).map_err(|e| v.fail(e))?;
    let caller = v.caller.clone();
    let result = app
        .run(move |p| match f.decision.as_str() {
            "complete" => p.complete_request(&caller, account, id, optional(&f.note)),
            _ => p.reject_request(&caller, account, id, &f.note),
        })
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/accounts/{account}/requests?decided=1"))),
        Err(e) => {
            let flash = form_error(&v, e)?;
            Ok((StatusCode::BAD_REQUEST, requests_page(&app, &v, account, flash).await?).into_response())
        }
    }
}
