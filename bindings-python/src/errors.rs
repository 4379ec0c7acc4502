//! The exception hierarchy: one base class, `BillingError`, with the core's stable code in
//! `.code`, and one subclass per code (API-1).
//!
//! The classes are made with Python's own `type(name, bases, namespace)` when the module is first
//! imported, because `InvalidInput` must subclass both `BillingError` and the builtin
//! `ValueError`, which a `#[pyclass]` (one base only) cannot. They are plain Python exception
//! classes: picklable, subclassable, and described in `_corporate_billing.pyi`, which stubtest
//! checks against them.

use corporate_billing::Error as CoreError;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

/// The module every exception class says it belongs to (as the package re-exports them).
const MODULE: &str = "corporate_billing";

/// One exception class: its Python name, stable code, docstring, and whether it is also a
/// `ValueError`.
struct Spec {
    name: &'static str,
    code: &'static str,
    doc: &'static str,
    value_error: bool,
}

/// Every subclass of `BillingError`, one per core code, plus `Internal` for a bug (a panic).
const SPECS: &[Spec] = &[
    Spec {
        name: "InvalidCredentials",
        code: "invalid_credentials",
        doc: "A sign-in failed; one error for every cause (AUTH-2).",
        value_error: false,
    },
    Spec {
        name: "Unauthenticated",
        code: "unauthenticated",
        doc: "The session token is unknown, ended, or past its idle or absolute lifetime.",
        value_error: false,
    },
    Spec {
        name: "InvalidToken",
        code: "invalid_token",
        doc: "A reset or set-password link is unknown, used, replaced or expired.",
        value_error: false,
    },
    Spec {
        name: "NotConfigured",
        code: "not_configured",
        doc: "The vendor configuration lacks something this operation needs (see .what).",
        value_error: false,
    },
    Spec {
        name: "Forbidden",
        code: "forbidden",
        doc: "The caller's role on the account does not permit the operation.",
        value_error: false,
    },
    Spec {
        name: "NotFound",
        code: "not_found",
        doc: "No such object for this account (or it belongs to another one); see .entity.",
        value_error: false,
    },
    Spec {
        name: "Conflict",
        code: "conflict",
        doc: "The object changed under the caller: decided, edited or removed by someone else.",
        value_error: false,
    },
    Spec {
        name: "QuoteExpired",
        code: "quote_expired",
        doc: "The quote's valid-until date has passed.",
        value_error: false,
    },
    Spec {
        name: "InvalidInput",
        code: "invalid_input",
        doc: "An input value is malformed or out of range; .field names it, .reason says why (API-2).",
        value_error: true,
    },
    Spec {
        name: "NotCorporateAccount",
        code: "not_corporate_account",
        doc: "The account is an online account; the portal serves corporate accounts only (ACC-1).",
        value_error: false,
    },
    Spec {
        name: "PurchaseOrderRequired",
        code: "purchase_order_required",
        doc: "The account requires a purchase order and none is in force (QUO-4).",
        value_error: false,
    },
    Spec {
        name: "NotAvailableInCountry",
        code: "not_available_in_country",
        doc: "The document is not offered in the account's billing country (DOC-1).",
        value_error: false,
    },
    Spec {
        name: "CurrencyMismatch",
        code: "currency_mismatch",
        doc: "Amounts in two different currencies were combined (INV-5).",
        value_error: false,
    },
    Spec {
        name: "AuditChainBroken",
        code: "audit_chain_broken",
        doc: "The audit log does not verify; .seq is the first record that does not (AUD-1).",
        value_error: false,
    },
    Spec {
        name: "LimitReached",
        code: "limit_reached",
        doc: "A per-account or per-login bound is reached; .what names it, .limit is the bound.",
        value_error: false,
    },
    Spec {
        name: "Busy",
        code: "busy",
        doc: "The database stayed locked by another writer past the busy timeout; retry.",
        value_error: false,
    },
    Spec {
        name: "Storage",
        code: "storage",
        doc: "The database failed; the message names the class of failure, never row contents.",
        value_error: false,
    },
    Spec {
        name: "Internal",
        code: "internal",
        doc: "A bug in the library (a Rust panic), caught before it could cross into Python.",
        value_error: false,
    },
];

/// The created classes: the base first, then one per entry of [`SPECS`], in that order.
struct Classes {
    base: Py<PyType>,
    subclasses: Vec<Py<PyType>>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn namespace<'py>(py: Python<'py>, code: &str, doc: &str) -> PyResult<Bound<'py, PyDict>> {
    let ns = PyDict::new(py);
    ns.set_item("__module__", MODULE)?;
    ns.set_item("__doc__", doc)?;
    ns.set_item("code", code)?;
    Ok(ns)
}

fn create(py: Python<'_>) -> PyResult<Classes> {
    let type_ = py.get_type::<PyType>();
    let base_ns = namespace(
        py,
        "billing_error",
        "Base of every error the portal raises. `.code` is the core's stable machine code.",
    )?;
    // Defaults for the attributes that some subclasses set per instance, so that reading them
    // on any BillingError never fails.
    for (attr, default) in [("field", ""), ("reason", ""), ("entity", ""), ("what", "")] {
        base_ns.set_item(attr, default)?;
    }
    base_ns.set_item("seq", 0)?;
    base_ns.set_item("limit", 0)?;
    base_ns.set_item("message", message_method(py)?)?;
    let base = type_.call1(("BillingError", PyTuple::new(py, [py.get_type::<PyException>()])?, base_ns))?;
    let base = base.cast_into::<PyType>()?;
    let mut subclasses = Vec::with_capacity(SPECS.len());
    for spec in SPECS {
        let bases = if spec.value_error {
            PyTuple::new(py, [base.clone(), py.get_type::<PyValueError>()])?
        } else {
            PyTuple::new(py, [base.clone()])?
        };
        let class = type_.call1((spec.name, bases, namespace(py, spec.code, spec.doc)?))?;
        subclasses.push(class.cast_into::<PyType>()?.unbind());
    }
    Ok(Classes { base: base.unbind(), subclasses })
}

/// `BillingError.message(language)`: the sentence a person reads (DOCS-2), from the core's
/// catalogue. A `#[pyfunction]` does not bind as a method, so a small Python function closes
/// over it and reads the error's attributes.
fn message_method(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let code = c"
def make(sentence):
    def message(self, language):
        \"\"\"The sentence a person reads for this error in `language` ('de' or 'en'), naming the
        field as the pages label it (DOCS-2). `str(err)` stays the developer's text, for logs.\"\"\"
        subject = self.field or self.entity or self.what
        number = self.limit or self.seq
        return sentence(self.code, subject, self.reason, number, language)
    return message
";
    let module = PyModule::from_code(py, code, c"corporate_billing_errors.py", c"corporate_billing._errors")?;
    let sentence = pyo3::wrap_pyfunction!(error_sentence, py)?;
    module.getattr("make")?.call1((sentence,))
}

/// The core's sentence for an error given by its parts.
#[pyfunction]
fn error_sentence(
    py: Python<'_>,
    code: &str,
    subject: &str,
    reason: &str,
    number: i64,
    language: &str,
) -> PyResult<String> {
    let lang = corporate_billing::Language::parse(language).map_err(|e| to_py(py, e))?;
    Ok(corporate_billing::messages::error_message(lang, code, subject, reason, number))
}

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || create(py))
}

/// Adds `BillingError` and its subclasses to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let c = classes(py)?;
    m.add("BillingError", c.base.bind(py))?;
    for (spec, class) in SPECS.iter().zip(&c.subclasses) {
        m.add(spec.name, class.bind(py))?;
    }
    Ok(())
}

/// Raises the subclass for `code` with `message`, setting the given instance attributes.
fn raise(py: Python<'_>, code: &str, message: &str, attrs: &[(&str, Bound<'_, PyAny>)]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let c = classes(py)?;
        let class = SPECS.iter().position(|s| s.code == code).map_or(&c.base, |i| &c.subclasses[i]);
        let exc = class.bind(py).call1((message,))?;
        exc.setattr("code", code)?;
        for (name, value) in attrs {
            exc.setattr(*name, value)?;
        }
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

/// The Python exception for a core error: its class by code, the core's message (which never
/// carries personal data), and the variant's structured fields as attributes.
pub(crate) fn to_py(py: Python<'_>, e: CoreError) -> PyErr {
    let message = e.to_string();
    let text = |s: &str| pyo3::types::PyString::new(py, s).into_any();
    match &e {
        CoreError::InvalidInput { field, reason } => {
            raise(py, e.code(), &message, &[("field", text(field)), ("reason", text(reason))])
        }
        CoreError::NotFound { entity } => raise(py, e.code(), &message, &[("entity", text(entity))]),
        CoreError::Conflict { reason } => raise(py, e.code(), &message, &[("reason", text(reason))]),
        CoreError::NotConfigured { what } => raise(py, e.code(), &message, &[("what", text(what))]),
        CoreError::AuditChainBroken { seq } => {
            let seq = pyo3::types::PyInt::new(py, *seq).into_any();
            raise(py, e.code(), &message, &[("seq", seq)])
        }
        CoreError::LimitReached { what, limit } => {
            let limit = pyo3::types::PyInt::new(py, *limit).into_any();
            raise(py, e.code(), &message, &[("what", text(what)), ("limit", limit)])
        }
        _ => raise(py, e.code(), &message, &[]),
    }
}

/// An `InvalidInput` found by the binding itself, before the core is called (a float for an
/// amount, a naive datetime, a number out of range, an unknown enum string).
pub(crate) fn invalid(py: Python<'_>, field: &str, reason: &str) -> PyErr {
    to_py(py, CoreError::InvalidInput { field: field.to_owned(), reason: reason.to_owned() })
}

/// A panic caught at the boundary, as `Internal`.
pub(crate) fn internal(py: Python<'_>, what: &str) -> PyErr {
    raise(py, "internal", &format!("internal error: {what}"), &[])
}
