//! Provisioning by the host application: staff, issuers, logins, accounts.

use super::{Actor, BillingPortal, Caller, Ctx, record};
use crate::access::{self, Action};
use crate::auth::password;
use crate::domain::account::{IssuerProfile, NewAccount, NewLogin, StaffKind};
use crate::domain::vat;
use crate::error::{Error, Result};
use crate::store::accounts::AccountRow;
use crate::store::codec::variant_name;
use crate::store::credentials::{self, LoginRow};
use crate::store::{self, Tx};
use crate::values::{AccountId, EmailAddress, IssuerId, LoginId, Phone, StaffId, UserId, VatId, bounds, text};

impl BillingPortal {
    fn host_record(&self, conn: &Tx<'_>, action: &str, account: Option<AccountId>, detail: &str) -> Result<()> {
        record(conn, self.now(), Actor::Host, action, account, detail)
    }

    /// Registers a vendor employee. The host authenticates staff itself and later asserts them
    /// with [`Caller::Staff`].
    ///
    /// **Trusted host only.** Like [`BillingPortal::create_issuer`],
    /// [`BillingPortal::create_login`], [`BillingPortal::pending_notifications`],
    /// [`BillingPortal::mark_notification_sent`] and [`BillingPortal::purge_expired`], it takes no
    /// caller and checks no permission: it is provisioning for the vendor's own back end. Never
    /// route a client's request (a browser, an app) to these calls; expose the portal
    /// operations, which take a [`Caller`], alone.
    pub fn register_staff(&self, name: &str, email: &str, kind: StaffKind) -> Result<StaffId> {
        let name = text::required("name", name, 120)?;
        let email = EmailAddress::parse(email)?;
        let id = StaffId::generate();
        self.db.write(|tx| {
            store::accounts::insert_staff(tx, id, &name, &email, kind)?;
            self.host_record(tx, "staff_registered", None, &format!("staff:{id} {}", variant_name(&kind)))?;
            Ok(id)
        })
    }

    /// Whether the database holds portal data: a staff member, an issuer or a login. A host that
    /// provisions or seeds on first start asks this after [`BillingPortal::open`], which gives a
    /// new database the empty schema; unlike its own connection to the database, this one is
    /// encrypted and checked as the URL says (STORE-4).
    pub fn holds_data(&self) -> Result<bool> {
        self.db.read(store::accounts::any_provisioned)
    }

    /// Registers an invoice issuer with a new number series starting at 1. Trusted host only
    /// (see [`BillingPortal::register_staff`]).
    ///
    /// Its invoice number prefix must be unique and neither start nor be the start of another
    /// issuer's, and the IBANs its bank details name must be no other issuer's, so that an
    /// invoice number in a payment's text, and a bank statement's account, each name one issuer
    /// (RECON-2): else `invalid_input` on `invoice_prefix` or `remittance`.
    pub fn create_issuer(&self, profile: &IssuerProfile) -> Result<IssuerId> {
        let profile = IssuerProfile {
            legal_name: text::required("legal_name", &profile.legal_name, 200)?,
            address: profile.address.clone(),
            tax_id: text::required("tax_id", &profile.tax_id, 40)?,
            invoice_prefix: text::clean("invoice_prefix", &profile.invoice_prefix, 20, false)?,
            remittance: text::clean("remittance", &profile.remittance, 500, true)?,
        };
        let id = IssuerId::generate();
        self.db.write(|tx| {
            // Writes are serialised on both backends, so no issuer can appear between the check
            // and the insert.
            let taken = store::invoices::issuer_prefixes(tx)?;
            if taken.iter().any(|p| crate::bank::prefixes_clash(p, &profile.invoice_prefix)) {
                return Err(Error::invalid("invoice_prefix", "is, starts or is the start of another issuer's prefix"));
            }
            let ours = crate::bank::ibans_in(&profile.remittance);
            let theirs = store::payments::issuer_accounts(tx)?;
            if theirs.iter().any(|(_, accounts)| accounts.iter().any(|a| ours.contains(a))) {
                return Err(Error::invalid("remittance", "names an account of another issuer"));
            }
            store::invoices::insert_issuer(tx, id, &profile)?;
            self.host_record(tx, "issuer_created", None, &format!("issuer:{id}"))?;
            Ok(id)
        })
    }

    /// Creates a login: a person who can be an account user or, with a password, sign in as a
    /// billing contact. Its user IDs are the e-mail address and, if given, the username (AUTH-1).
    /// Trusted host only (see [`BillingPortal::register_staff`]).
    pub fn create_login(&self, login: &NewLogin, password: Option<&str>) -> Result<LoginId> {
        let login = CheckedLogin::new(login)?;
        let hash = password.map(|p| self.hashing.run(|| login.hash_password(p))).transpose()?;
        self.db.write(|tx| {
            let id = login.insert(tx, self.now(), hash.as_deref())?;
            self.host_record(tx, "login_created", None, &format!("login:{id}"))?;
            Ok(id)
        })
    }

    /// Opens an account (ACC-2): its sales rep, billing contact, issuer, billing data and
    /// subscription (annual billing and auto-renewal on, SR-3, SR-4). Sales reps and Account
    /// Services may do this. An account charged VAT needs an issuer with a VAT ID of the
    /// country whose VAT that is (EINV-6; [`crate::domain::vat::check_issuer_vat_id`]).
    pub fn open_account(&self, caller: &Caller, new: &NewAccount) -> Result<AccountId> {
        let company = text::required("company_name", &new.company_name, 200)?;
        let plan = text::required("plan", &new.plan, 80)?;
        let phone = Phone::parse(&new.phone, Some(new.billing_address.country()))?;
        bounds::business_date("term_start", new.term_start)?;
        bounds::business_date("term_end", new.term_end)?;
        if new.term_end <= new.term_start {
            return Err(Error::invalid("term_end", "must be after term_start"));
        }
        if new.vat_rate.is_sign_negative() || new.vat_rate > rust_decimal::Decimal::ONE_HUNDRED {
            return Err(Error::invalid("vat_rate", "must be a percentage from 0 to 100"));
        }
        if new.annual_seat_price.is_sign_negative() {
            return Err(Error::invalid("annual_seat_price", "may not be negative"));
        }
        bounds::price("annual_seat_price", new.annual_seat_price)?;
        if new.seats > bounds::MAX_SEATS {
            return Err(Error::invalid("seats", "at most 1,000,000"));
        }
        if new.payment_terms_days > 365 {
            return Err(Error::invalid("payment_terms_days", "at most 365"));
        }
        let id = AccountId::generate();
        self.change_vendor(caller, Action::OpenAccount, |tx, ctx: &Ctx| {
            if !access::may_open_account_for(ctx.role, ctx.identity, new.sales_rep) {
                return Err(Error::Forbidden);
            }
            if store::accounts::staff_kind(tx, new.sales_rep)? != Some(StaffKind::SalesRep) {
                return Err(Error::not_found("sales rep"));
            }
            if !credentials::login_exists(tx, new.billing_contact)? {
                return Err(Error::not_found("login"));
            }
            let issuer = store::invoices::issuer_profile(tx, new.issuer)?.ok_or_else(|| Error::not_found("issuer"))?;
            let e_invoicing = store::e_invoicing::seller(tx, new.issuer)?;
            let vat_ids: Vec<VatId> = VatId::parse(&issuer.tax_id).ok().into_iter().chain(e_invoicing.vat_id).collect();
            vat::check_issuer_vat_id(issuer.address.country(), new.billing_address.country(), new.vat_rate, &vat_ids)?;
            store::accounts::insert(
                tx,
                &AccountRow { id, new, company_name: &company, phone: &phone, plan: &plan, created_at: ctx.now },
            )?;
            let ctx = Ctx { account: Some(id), actor: ctx.actor.clone(), ..*ctx };
            ctx.record(tx, "account_opened", variant_name(&new.kind))?;
            Ok(id)
        })
    }

    /// Names a login as a user of the account (vendor staff only).
    pub fn add_account_user(&self, caller: &Caller, account: AccountId, login: LoginId) -> Result<()> {
        self.change(caller, account, Action::ManageAccountUsers, |tx, ctx| {
            if !credentials::login_exists(tx, login)? {
                return Err(Error::not_found("login"));
            }
            store::accounts::add_user(tx, account, login)?;
            ctx.record(tx, "account_user_added", &format!("login:{login}"))
        })
    }
}

/// A [`NewLogin`] whose fields have been checked.
pub(super) struct CheckedLogin {
    name: String,
    pub(super) email: EmailAddress,
    email_key: String,
    username: Option<UserId>,
    phone: Option<Phone>,
}

impl CheckedLogin {
    pub(super) fn new(login: &NewLogin) -> Result<Self> {
        let name = text::required("name", &login.name, 120)?;
        let email = EmailAddress::parse(&login.email)?;
        let username = match &login.username {
            Some(u) => {
                let u = UserId::parse(u).map_err(|_| {
                    Error::invalid("username", "a username has 3 to 64 letters, digits, '.', '_' or '-'")
                })?;
                if u.is_email() {
                    return Err(Error::invalid("username", "may not be an e-mail address"));
                }
                Some(u)
            }
            None => None,
        };
        let phone = login.phone.as_deref().map(|p| Phone::parse(p, None)).transpose()?;
        let email_key = UserId::parse(email.as_str())?.key().to_owned();
        Ok(CheckedLogin { name, email, email_key, username, phone })
    }

    /// The user IDs a password may not contain (AUTH-4).
    pub(super) fn user_ids(&self) -> Vec<&str> {
        [Some(self.email.as_str()), self.username.as_ref().map(|u| u.as_str())].into_iter().flatten().collect()
    }

    /// Checks the password policy and hashes the password.
    pub(super) fn hash_password(&self, password: &str) -> Result<String> {
        password::check_policy(password, &self.user_ids())?;
        password::hash(password)
    }

    /// The login that already has this e-mail address. A disabled one counts as none found, and
    /// then [`CheckedLogin::insert`] refuses the address as taken.
    pub(super) fn existing_by_email(&self, conn: &Tx<'_>) -> Result<Option<LoginId>> {
        credentials::enabled_login_by_email(conn, &self.email_key)
    }

    /// Whether another login already has the username asked for.
    pub(super) fn username_taken(&self, conn: &Tx<'_>) -> Result<bool> {
        let Some(username) = &self.username else { return Ok(false) };
        credentials::username_taken(conn, username.key())
    }

    pub(super) fn without_username(self) -> Self {
        CheckedLogin { username: None, ..self }
    }

    pub(super) fn insert(&self, conn: &Tx<'_>, now: time::OffsetDateTime, hash: Option<&str>) -> Result<LoginId> {
        let username_key = self.username.as_ref().map(|u| u.key());
        if credentials::user_id_taken(conn, &self.email_key, username_key)? {
            return Err(Error::conflict("a login with this e-mail address or username exists"));
        }
        let id = LoginId::generate();
        credentials::insert_login(
            conn,
            &LoginRow {
                id,
                name: &self.name,
                email: &self.email,
                email_key: &self.email_key,
                username: self.username.as_ref().map(|u| u.as_str()),
                username_key,
                phone: self.phone.as_ref().map(|p| p.as_str()),
                password_hash: hash,
                created_at: now,
            },
        )?;
        Ok(id)
    }
}
