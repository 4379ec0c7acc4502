//! Several portal instances on one database, each its own process, as a service behind a load
//! balancer runs them (STORE-2). The test binary starts copies of itself as the instances; each
//! opens the database the parent names, says "ready", waits for "go" so that all of them start
//! at once, and reports what it did one line at a time. On PostgreSQL this is the deployment
//! the library supports for scaling out; on a SQLite file the same invariants hold across
//! processes on one machine.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use corporate_billing::{
    AccountId, BillingPortal, Caller, Error, LinkSecret, ManualClock, NotificationKind, PortalConfig, QuoteId, StaffId,
};
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Barrier};
use std::time::Duration as StdDuration;
use time::Date;

const JOB: &str = "CORPORATE_BILLING_INSTANCE_JOB";
/// Starts each report, since the test harness prints its own text on the same lines.
const MARK: &str = "instance> ";
const PROCESSES: usize = 2;
const THREADS: usize = 8;

/// The instance's side: runs only when the parent starts this binary with a job.
#[test]
fn instance() {
    let Ok(job) = std::env::var(JOB) else { return };
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let staff = |k: &str| Caller::Staff(StaffId::parse(&env(k)).unwrap());
    let account = AccountId::parse(&env("CB_ACCOUNT")).ok();
    let mut go = BufReader::new(std::io::stdin()).lines();
    let say = |line: &str| {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{MARK}{line}").unwrap();
        out.flush().unwrap();
    };
    if job == "open" {
        say("ready");
        go.next();
        let opened = BillingPortal::open(env("CB_DATABASE")).map(|_| ());
        say(&outcome(&opened));
        return;
    }
    let portal = BillingPortal::open(env("CB_DATABASE"))
        .unwrap()
        .with_config(config())
        .with_clock(Arc::new(ManualClock::new(START)));
    match job.as_str() {
        "decide" => {
            let contact = Caller::Session(portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap().token);
            for quote in env("CB_QUOTES").split(',').map(|q| QuoteId::parse(q).unwrap()) {
                say("ready");
                go.next();
                let barrier = Barrier::new(THREADS);
                let outcomes: Vec<String> = std::thread::scope(|s| {
                    let handles: Vec<_> = (0..THREADS)
                        .map(|t| {
                            let (portal, contact, barrier) = (&portal, &contact, &barrier);
                            s.spawn(move || {
                                barrier.wait();
                                if t % 2 == 0 {
                                    outcome(&portal.accept_quote(contact, account.unwrap(), quote, None))
                                } else {
                                    outcome(&portal.decline_quote(contact, account.unwrap(), quote, None))
                                }
                            })
                        })
                        .collect();
                    handles.into_iter().map(|h| h.join().unwrap()).collect()
                });
                for o in outcomes {
                    say(&o);
                }
            }
        }
        "renew_and_accept" => {
            let contact = Caller::Session(portal.sign_in(CONTACT_USERNAME, PASSWORD).unwrap().token);
            let date = Date::parse(&env("CB_DATE"), &time::format_description::well_known::Iso8601::DATE).unwrap();
            say("ready");
            go.next();
            std::thread::scope(|s| {
                let renewal = s.spawn(|| portal.run_renewals(&staff("CB_SERVICES"), date));
                let accepted: Vec<String> = env("CB_QUOTES")
                    .split(',')
                    .map(|q| {
                        let invoice = portal.accept_quote(&contact, account.unwrap(), QuoteId::parse(q).unwrap(), None);
                        format!("accepted {}", invoice.unwrap().number)
                    })
                    .collect();
                let report = renewal.join().unwrap().unwrap();
                for line in accepted {
                    say(&line);
                }
                say(&format!("renewed {} invoices {}", report.renewed, report.invoices_issued));
            });
        }
        "dun" => {
            let date = Date::parse(&env("CB_DATE"), &time::format_description::well_known::Iso8601::DATE).unwrap();
            say("ready");
            go.next();
            let barrier = Barrier::new(THREADS);
            let reminded: Vec<u64> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..THREADS)
                    .map(|_| {
                        let (portal, barrier) = (&portal, &barrier);
                        s.spawn(move || {
                            barrier.wait();
                            portal.run_dunning(&staff("CB_SERVICES"), date).unwrap().invoices_reminded
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            say(&format!("reminded {}", reminded.iter().sum::<u64>()));
        }
        "write_phones" => {
            say("ready");
            go.next();
            let rep = staff("CB_REP");
            let me = env("CB_NAME");
            std::thread::scope(|s| {
                for t in 0..THREADS {
                    let (portal, rep, me) = (&portal, &rep, &me);
                    s.spawn(move || {
                        for n in 0..WRITES_PER_THREAD {
                            let phone = format!("+49 30 5{me}{t:02}{n:02}");
                            portal.change_phone(rep, account.unwrap(), &phone).unwrap();
                        }
                    });
                }
            });
            say("done");
        }
        "guess" => {
            say("ready");
            go.next();
            for _ in 0..GUESSES_PER_INSTANCE {
                say(&outcome(&portal.sign_in(CONTACT_USERNAME, "a wrong password of some length").map(|_| ())));
            }
        }
        "sign_in_old" => {
            // Nothing else signs in on this instance; one Argon2 run at a time spreads the
            // checks out, so the other process's reset lands while most are undecided.
            let portal = portal.with_config(PortalConfig { max_concurrent_password_hashing: 1, ..config() });
            say("ready");
            go.next();
            let outcomes: Vec<String> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..THREADS * 2)
                    .map(|_| s.spawn(|| outcome(&portal.sign_in(CONTACT_USERNAME, PASSWORD))))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for o in outcomes {
                say(&o);
            }
        }
        "reset" => {
            say("ready");
            go.next();
            say(&outcome(&portal.reset_password(&env("CB_TOKEN"), RESET_PASSWORD)));
        }
        other => panic!("unknown job {other}"),
    }
}

const WRITES_PER_THREAD: usize = 6;
const RESET_PASSWORD: &str = "a password set through the reset link";
const GUESSES_PER_INSTANCE: usize = 3;

fn outcome<T>(r: &Result<T, Error>) -> String {
    match r {
        Ok(_) => "won".into(),
        Err(e) => format!("lost {}", e.code()),
    }
}

/// One instance: a child process running `job`, and the lines it reports.
struct Instance {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl Instance {
    fn start(database: &str, job: &str, vars: &[(&str, String)]) -> Instance {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["instance", "--exact", "--nocapture", "--test-threads=1"])
            .env(JOB, job)
            .env("CB_DATABASE", database)
            .envs(vars.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some((_, report)) = line.split_once(MARK)
                    && tx.send(report.to_owned()).is_err()
                {
                    break;
                }
            }
        });
        let stdin = child.stdin.take().unwrap();
        Instance { child, stdin, lines }
    }

    fn next(&self) -> String {
        self.lines.recv_timeout(StdDuration::from_secs(120)).expect("the instance reports")
    }

    fn take(&self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.next()).collect()
    }

    fn finish(mut self) {
        drop(self.stdin);
        assert!(self.child.wait().unwrap().success(), "the instance exits cleanly");
    }
}

/// Waits until every instance is ready, then lets them all go at once.
fn go(instances: &mut [Instance]) {
    for i in instances.iter() {
        assert_eq!(i.next(), "ready");
    }
    for i in instances.iter_mut() {
        writeln!(i.stdin, "go").unwrap();
        i.stdin.flush().unwrap();
    }
}

fn vars(fx: &Fixture) -> Vec<(&'static str, String)> {
    vec![
        ("CB_ACCOUNT", fx.account.to_string()),
        ("CB_REP", fx.rep.to_string()),
        ("CB_SERVICES", fx.services.to_string()),
    ]
}

fn database(fx: &Fixture) -> String {
    fx.path.to_string_lossy().into_owned()
}

// DOMAIN: STORE-2, QUO-3
#[test]
fn sixteen_workers_in_two_processes_decide_one_quote_once() {
    let fx = Fixture::new();
    const ROUNDS: usize = 12;
    let quotes: Vec<QuoteId> = (0..ROUNDS).map(|_| fx.issue_quote(fx.account).id).collect();
    let list = quotes.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
    let mut instances: Vec<Instance> = (0..PROCESSES)
        .map(|_| {
            let mut v = vars(&fx);
            v.push(("CB_QUOTES", list.clone()));
            Instance::start(&database(&fx), "decide", &v)
        })
        .collect();
    let mut accepted = 0;
    for (round, quote) in quotes.iter().enumerate() {
        go(&mut instances);
        let outcomes: Vec<String> = instances.iter().flat_map(|i| i.take(THREADS)).collect();
        let winners = outcomes.iter().filter(|o| *o == "won").count();
        assert_eq!(winners, 1, "round {round}: {outcomes:?}");
        assert!(outcomes.iter().all(|o| o == "won" || o == "lost conflict"), "round {round}: {outcomes:?}");
        let stored = fx.portal.quote(&fx.rep(), fx.account, *quote).unwrap();
        assert_ne!(stored.status, corporate_billing::QuoteStatus::Open);
        accepted += usize::from(stored.invoice_id.is_some());
    }
    instances.into_iter().for_each(Instance::finish);
    let invoices: i64 = fx.read_only().query_row("SELECT COUNT(*) FROM invoices", [], |r| r.get(0)).unwrap();
    assert_eq!(invoices as usize, accepted, "one invoice per accepted quote, none for a declined one");
    assert!(fx.portal.verify_audit_log(&fx.services()).unwrap() > 0);
}

// DOMAIN: STORE-2, INV-1, SUB-3, AUD-1
#[test]
fn two_processes_renewing_and_accepting_at_once_keep_numbers_gap_free_and_renew_once() {
    let fx = Fixture::new();
    const ACCOUNTS: usize = 24;
    const QUOTES_PER_PROCESS: usize = 10;
    let mut due: Vec<AccountId> =
        (0..ACCOUNTS).map(|n| fx.open(&fx.new_account(&format!("Acme {n} GmbH"), fx.contact_login))).collect();
    due.push(fx.account);
    let mut instances: Vec<Instance> = (0..PROCESSES)
        .map(|_| {
            let quotes = (0..QUOTES_PER_PROCESS).map(|_| fx.issue_quote(fx.account).id.to_string());
            let mut v = vars(&fx);
            v.push(("CB_QUOTES", quotes.collect::<Vec<_>>().join(",")));
            v.push(("CB_DATE", TERM_END.to_string()));
            Instance::start(&database(&fx), "renew_and_accept", &v)
        })
        .collect();
    go(&mut instances);
    let mut accepted = Vec::new();
    let mut renewed = 0;
    for i in &instances {
        for line in i.take(QUOTES_PER_PROCESS + 1) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["accepted", number] => accepted.push((*number).to_owned()),
                ["renewed", n, "invoices", _] => renewed += n.parse::<usize>().unwrap(),
                _ => panic!("unexpected report {line}"),
            }
        }
    }
    instances.into_iter().for_each(Instance::finish);
    assert_eq!(accepted.len(), PROCESSES * QUOTES_PER_PROCESS);
    assert_eq!(renewed, due.len(), "each due subscription renewed by exactly one of the runs");

    let db = fx.read_only();
    let numbers: Vec<(i64, String)> =
        db.query_all("SELECT seq, number FROM invoices ORDER BY seq", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(numbers.len(), accepted.len() + due.len());
    for (i, (seq, _)) in numbers.iter().enumerate() {
        assert_eq!(*seq, i as i64 + 1, "invoice numbers are gap-free");
    }
    let unique: HashSet<&String> = numbers.iter().map(|(_, n)| n).collect();
    assert_eq!(unique.len(), numbers.len(), "and unique");
    assert!(accepted.iter().all(|n| unique.contains(n)));
    let mut renewal_invoices: BTreeMap<String, i64> = BTreeMap::new();
    for account in &due {
        let n: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM invoices WHERE account_id = ?1 AND kind = 'invoice' AND issue_date = ?2",
                [account.to_string(), TERM_END.to_string()],
                |r| r.get(0),
            )
            .unwrap();
        renewal_invoices.insert(account.to_string(), n);
    }
    assert!(renewal_invoices.values().all(|&n| n == 1), "one renewal invoice per account: {renewal_invoices:?}");
    // Once more, by either instance: nothing new.
    let again = fx.portal.run_renewals(&fx.services(), TERM_END).unwrap();
    assert_eq!((again.renewed, again.invoices_issued), (0, 0));
    assert!(fx.portal.verify_audit_log(&fx.services()).unwrap() > 0);
}

// DOMAIN: STORE-2, AUD-1
#[test]
fn the_audit_log_stays_one_chain_under_writers_in_several_processes() {
    let fx = Fixture::new();
    // What one change writes to the audit log, measured here rather than assumed.
    let before = fx.audit_count();
    fx.portal.change_phone(&fx.rep(), fx.account, "+49 30 4000000").unwrap();
    let per_write = fx.audit_count() - before;
    assert!(per_write >= 1);
    let start = fx.audit_count();
    let mut instances: Vec<Instance> = (0..PROCESSES)
        .map(|p| {
            let mut v = vars(&fx);
            v.push(("CB_NAME", p.to_string()));
            Instance::start(&database(&fx), "write_phones", &v)
        })
        .collect();
    go(&mut instances);
    for i in &instances {
        assert_eq!(i.next(), "done");
    }
    instances.into_iter().for_each(Instance::finish);
    let written = (PROCESSES * THREADS * WRITES_PER_THREAD) as i64 * per_write;
    assert_eq!(fx.audit_count(), start + written);
    assert_eq!(fx.portal.verify_audit_log(&fx.services()).unwrap(), (start + written) as u64, "one valid chain");
}

// DOMAIN: STORE-2, AUTH-5
#[test]
fn throttling_counts_the_attempts_of_every_instance() {
    let fx = Fixture::new();
    // Each instance alone stays under the limit of five; together they pass it.
    const { assert!(GUESSES_PER_INSTANCE < 5 && GUESSES_PER_INSTANCE * PROCESSES >= 5) };
    let mut instances: Vec<Instance> =
        (0..PROCESSES).map(|_| Instance::start(&database(&fx), "guess", &vars(&fx))).collect();
    go(&mut instances);
    for i in &instances {
        assert!(i.take(GUESSES_PER_INSTANCE).iter().all(|o| o == "lost invalid_credentials"));
    }
    instances.into_iter().for_each(Instance::finish);
    // The right password is refused now, on this third instance, with the same error (AUTH-2).
    assert_eq!(fails(fx.portal.sign_in(CONTACT_USERNAME, PASSWORD)), Error::InvalidCredentials);
    fx.clock.advance(time::Duration::minutes(61)); // past the longest delay
    fx.portal.sign_in(CONTACT_USERNAME, PASSWORD).expect("the delay has passed");
}

// DOMAIN: STORE-2
#[test]
fn instances_that_start_together_migrate_the_schema_once() {
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(dir.path());
    let mut instances: Vec<Instance> = (0..4).map(|_| Instance::start(&database, "open", &[])).collect();
    go(&mut instances);
    for i in &instances {
        assert_eq!(i.next(), "won", "every instance opens the database");
    }
    instances.into_iter().for_each(Instance::finish);
    let db = RawDb::open(&database, true);
    if db.is_postgres() {
        let runs: Vec<i64> =
            db.query_all("SELECT version FROM schema_migrations ORDER BY version", [], |r| r.get(0)).unwrap();
        assert_eq!(runs, (1..=runs.len() as i64).collect::<Vec<_>>(), "each migration recorded once");
        assert!(!runs.is_empty());
    } else {
        let version: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert!(version > 0);
    }
    // The schema is whole and usable by a fifth instance that starts later.
    let portal = BillingPortal::open(&database).unwrap();
    portal.register_staff("Late Starter", "late@vendor.example", corporate_billing::StaffKind::SalesRep).unwrap();
}

// DOMAIN: STORE-2, DUN-1
#[test]
fn dunning_runs_in_several_processes_at_once_remind_each_stage_once() {
    let fx = Fixture::new();
    const INVOICES: usize = 12;
    let invoices: Vec<_> = (0..INVOICES).map(|_| fx.invoice()).collect();
    let date = invoices[0].due_date + time::Duration::days(8);
    fx.drain();
    let mut instances: Vec<Instance> = (0..PROCESSES)
        .map(|_| {
            let mut v = vars(&fx);
            v.push(("CB_DATE", date.to_string()));
            Instance::start(&database(&fx), "dun", &v)
        })
        .collect();
    go(&mut instances);
    let mut reminded = 0;
    for i in &instances {
        let line = i.next();
        reminded += line.strip_prefix("reminded ").unwrap().parse::<usize>().unwrap();
    }
    instances.into_iter().for_each(Instance::finish);
    assert_eq!(reminded, INVOICES, "each overdue invoice reminded by exactly one of the runs");
    let db = fx.read_only();
    let rows: i64 = db.query_row("SELECT COUNT(*) FROM dunning_reminders WHERE stage = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, INVOICES as i64);
    assert_eq!(fx.pending_of(corporate_billing::NotificationKind::PaymentReminder).len(), INVOICES);
    assert!(fx.portal.verify_audit_log(&fx.services()).unwrap() > 0);
}

// DOMAIN: STORE-2, AUTH-12
#[test]
fn a_reset_in_one_process_leaves_no_session_of_sign_ins_racing_it_in_another() {
    let fx = Fixture::with_config(PortalConfig {
        credential_link_base_url: Some("https://billing.vendor.example/password".into()),
        link_secret: Some(LinkSecret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()),
        ..config()
    });
    fx.portal.forgot_password(CONTACT_USERNAME).unwrap();
    let mail = fx.pending_of(NotificationKind::PasswordReset).pop().unwrap();
    let token = mail.body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned();
    let mut v = vars(&fx);
    v.push(("CB_TOKEN", token));
    let mut instances =
        vec![Instance::start(&database(&fx), "sign_in_old", &v), Instance::start(&database(&fx), "reset", &v)];
    go(&mut instances);
    let signed_in = instances[0].take(THREADS * 2);
    assert_eq!(instances[1].next(), "won", "the reset went through");
    instances.into_iter().for_each(Instance::finish);
    let won = signed_in.iter().filter(|o| *o == "won").count();
    assert!(signed_in.iter().all(|o| o == "won" || o == "lost invalid_credentials"), "{signed_in:?}");
    let unended: i64 = fx
        .read_only()
        .query_row(
            "SELECT COUNT(*) FROM sessions WHERE login_id = ?1 AND ended_at IS NULL",
            [fx.contact_login.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unended, 0, "{won} sign-ins with the old password won");
    fx.advance_days(1);
    fx.portal.sign_in(CONTACT_USERNAME, RESET_PASSWORD).unwrap();
}
