//! The accounts a visitor may open (ACC-4), an account's overview, and the W-9 form (DOC-1).

use axum::extract::{Path, State};
use corporate_billing::{AccountFilter, AccountId, AccountOverview, Caller, Error};
use std::sync::Arc;

use crate::app::{AppState, Person};
use crate::i18n::Lang;
use crate::views::{Account, AccountLink, Accounts, OverdueFlag, Overview};
use crate::visit::{Reply, Visit, Who, render, see_other};

/// How many accounts the staff's list shows.
const STAFF_PAGE: u32 = 50;

/// The account named in a path; a malformed ID is "not found", like an unknown one.
pub fn account_id(v: &Visit, raw: &str) -> Result<AccountId, crate::visit::Failure> {
    AccountId::parse(raw).map_err(|e| v.fail(e))
}

/// The accounts: for a billing contact, those the library says it administers; for people of the
/// stand-in SSO, the vendor's list for staff and the host's directory for an account user.
pub async fn list(State(app): State<Arc<AppState>>, v: Visit) -> Reply {
    let t = v.lang.texts();
    let (caller, demo) = (v.caller.clone(), *app.demo());
    let (intro, accounts) = match v.who {
        Who::Anonymous => return Ok(see_other("/sign-in")),
        Who::Contact => {
            let Caller::Session(token) = caller else { return Ok(see_other("/sign-in")) };
            let mine = app.run(move |p| p.my_accounts(&token)).await.map_err(|e| v.fail(e))?;
            (t.accounts_intro_contact, mine.into_iter().map(|a| (a.id, a.company_name)).collect::<Vec<_>>())
        }
        // An account user's accounts are the host's to know (its directory asserts them).
        Who::Sso(Person::Sam) => {
            let named = app.run(move |p| Ok(vec![(demo.us, p.account(&caller, demo.us)?.company_name)])).await;
            (t.accounts_intro_user, named.map_err(|e| v.fail(e))?)
        }
        // Staff see the vendor's accounts as the library lists them for them (BO-1): a sales rep
        // its own, Account Services all; the first page is plenty for the demo.
        Who::Sso(_) => {
            let page = app
                .run(move |p| p.vendor_accounts(&caller, &AccountFilter::default(), None, STAFF_PAGE))
                .await
                .map_err(|e| v.fail(e))?;
            (t.accounts_intro_staff, page.items.into_iter().map(|a| (a.id, a.company_name)).collect())
        }
    };
    let accounts = accounts.into_iter().map(|(id, name)| AccountLink { id: id.to_string(), name }).collect();
    Ok(render(&Accounts { c: v.frame(&app, t.accounts_title, None), intro, accounts }))
}

fn overview_view(lang: Lang, o: &AccountOverview, contact: Option<String>) -> Overview {
    let t = lang.texts();
    let s = &o.subscription;
    Overview {
        id: o.id.to_string(),
        plan: s.plan.clone(),
        seats: s.seats,
        term: format!("{} – {}", lang.date(s.term_start), lang.date(s.term_end - time::Duration::days(1))),
        status: lang.subscription_status(s.status),
        auto_renew: if s.auto_renew { t.on } else { t.off },
        interval: lang.interval(s.billing_interval),
        currency: o.currency.to_string(),
        address: o.billing_address.printed_lines(),
        phone: o.phone.to_string(),
        payment: super::payment_text(lang, &o.payment_method),
        contact,
        w9: o.billing_address.country().is_united_states(),
    }
}

/// The account overview. Who the billing contact is shows only to those the library tells
/// (PRIV-1): an account user sees the rest without it.
pub async fn overview_page(app: &AppState, v: &Visit, account: AccountId) -> Reply {
    let caller = v.caller.clone();
    let (o, contact, overdue) = app
        .run(move |p| {
            let o = p.account(&caller, account)?;
            let contact = match p.billing_contact(&caller, account) {
                Ok(c) => Some(format!("{} ({}, {})", c.name, c.user_id, c.email)),
                Err(Error::Forbidden) => None,
                Err(e) => return Err(e),
            };
            // Those who may not read invoices (an account user) get no flag.
            let overdue: Vec<_> = match p.invoices(&caller, account) {
                Ok(list) => list.into_iter().filter(|i| i.overdue).collect(),
                Err(Error::Forbidden) => Vec::new(),
                Err(e) => return Err(e),
            };
            Ok((o, contact, overdue))
        })
        .await
        .map_err(|e| v.fail(e))?;
    let id = account.to_string();
    let lang = v.lang;
    // The list is newest first: the oldest overdue invoice is the last.
    let overdue = overdue.last().map(|oldest| {
        let total = overdue
            .iter()
            .map(|i| i.balance_due)
            .reduce(|a, b| a.checked_add(&b).unwrap_or(a))
            .unwrap_or(oldest.balance_due);
        let count = overdue.len().to_string();
        OverdueFlag {
            text: corporate_billing::messages::fill(
                lang.texts().overdue_flag,
                &[("count", &count), ("amount", &lang.money(&total))],
            ),
            href: format!("/accounts/{id}/invoices/{}", oldest.id),
        }
    });
    let c = v.account_frame(app, &o.company_name, (&id, &o.company_name), "", None);
    Ok(render(&Account { c, overdue, o: overview_view(lang, &o, contact) }))
}

/// `GET /accounts/{account}`.
pub async fn overview(State(app): State<Arc<AppState>>, v: Visit, Path(account): Path<String>) -> Reply {
    let account = account_id(&v, &account)?;
    overview_page(&app, &v, account).await
}

/// The vendor's W-9 form, for US accounts only; the library refuses the others (DOC-1).
pub async fn w9(State(app): State<Arc<AppState>>, v: Visit, Path(account): Path<String>) -> Reply {
    let account = account_id(&v, &account)?;
    let caller = v.caller.clone();
    let doc = app.run(move |p| p.w9_form(&caller, account)).await.map_err(|e| v.fail(e))?;
    Ok(super::download(&doc.file_name, doc.content_type, doc.bytes))
}
