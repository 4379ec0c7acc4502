//! TLS to PostgreSQL (STORE-4), with rustls. The URL's `sslmode` and `sslrootcert` mean what they
//! mean to libpq, except that a URL which names neither gets `verify-full` for a remote host (libpq
//! would `prefer`, which a network attacker can downgrade to plain text) and `prefer` for a
//! loopback host or a Unix socket, where nothing crosses the network.
//!
//! The driver knows `disable`, `prefer` and `require` only, so both parameters are taken out of the
//! URL here: the driver is told whether TLS is optional or required, and the certificate check is
//! the verifier's below.

use crate::error::{Error, Result};
use postgres::config::{Host, SslMode as DriverMode};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::net::IpAddr;
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// libpq's five modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SslMode {
    /// Plain text only.
    Disable,
    /// TLS when the server offers it, without checking its certificate; plain text otherwise.
    Prefer,
    /// TLS, certificate unchecked (checked as `verify-ca` when `sslrootcert` names a file).
    Require,
    /// TLS, certificate signed by a trusted root; any host name.
    VerifyCa,
    /// TLS, certificate signed by a trusted root and issued for the host connected to.
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Result<Self> {
        Ok(match value {
            "disable" => SslMode::Disable,
            // libpq's `allow` tries plain text first; TLS first gives away nothing.
            "prefer" | "allow" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => {
                return Err(Error::invalid(
                    "database",
                    "sslmode must be disable, prefer, require, verify-ca or verify-full",
                ));
            }
        })
    }
}

/// The TLS parameters taken out of a URL.
#[derive(Debug, Default)]
pub(crate) struct SslParams {
    mode: Option<SslMode>,
    root_cert: Option<String>,
}

impl SslParams {
    /// Takes `sslmode` and `sslrootcert` out of `url` and returns the rest for the driver. The
    /// client-certificate parameters are refused by name: the driver would only say the URL is
    /// invalid, and silently ignoring them would leave a server expecting them puzzled.
    pub(crate) fn take_from(url: &str) -> Result<(String, SslParams)> {
        let Some((base, query)) = url.split_once('?') else {
            return Ok((url.to_owned(), SslParams::default()));
        };
        let mut params = SslParams::default();
        let mut rest = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => params.mode = Some(SslMode::parse(&percent_decoded(value)?)?),
                "sslrootcert" => params.root_cert = Some(percent_decoded(value)?),
                "sslcert" | "sslkey" | "sslpassword" | "sslcrl" | "sslcrldir" | "sslsni" => {
                    return Err(Error::invalid("database", format!("{key} is not supported")));
                }
                _ => rest.push(pair),
            }
        }
        let url = if rest.is_empty() { base.to_owned() } else { format!("{base}?{}", rest.join("&")) };
        Ok((url, params))
    }
}

fn percent_decoded(value: &str) -> Result<String> {
    let bad = || Error::invalid("database", "a URL parameter is not valid percent-encoding");
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = value.get(i + 1..i + 3).ok_or_else(bad)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// The connector for one database: the driver's mode and the rustls configuration behind it.
pub(crate) struct Tls {
    pub(crate) mode: SslMode,
    pub(crate) connector: MakeRustlsConnect,
}

impl Tls {
    /// Settles the mode for `config`'s hosts and sets the driver's mode in `config`. Trusted
    /// roots are read once, here, so that an unreadable `sslrootcert` fails the open.
    pub(crate) fn configure(params: &SslParams, config: &mut postgres::Config) -> Result<Tls> {
        let mode = mode_for(params, config);
        // A chain check without the name check against the system's roots passes any
        // certificate a public CA issued for any name, an attacker's own included; libpq refuses
        // that combination too.
        if mode == SslMode::VerifyCa && params.root_cert.as_deref().is_none_or(|r| r == "system") {
            return Err(Error::invalid(
                "database",
                "sslmode=verify-ca needs sslrootcert=<file> of the database's own CA; with the system's roots use verify-full",
            ));
        }
        config.ssl_mode(match mode {
            SslMode::Disable => DriverMode::Disable,
            SslMode::Prefer => DriverMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => DriverMode::Require,
        });
        let roots = match mode {
            SslMode::VerifyCa | SslMode::VerifyFull => Some(Arc::new(trusted_roots(params.root_cert.as_deref())?)),
            SslMode::Disable | SslMode::Prefer | SslMode::Require => None,
        };
        // rustls deprecates ring's provider for lacking post-quantum key exchange; PostgreSQL
        // servers offer none before OpenSSL 3.5 either, and aws-lc-rs would add a CMake build.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = Verifier {
            roots,
            check_name: mode == SslMode::VerifyFull,
            algorithms: provider.signature_verification_algorithms,
        };
        let client = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|_| Error::Storage("TLS setup".into()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok(Tls { mode, connector: MakeRustlsConnect::new(client) })
    }
}

/// The mode the URL asks for, or the default for its hosts.
fn mode_for(params: &SslParams, config: &postgres::Config) -> SslMode {
    let hosts = config.get_hosts();
    // libpq never negotiates TLS on a Unix socket: the server would refuse it.
    let unix_only = !hosts.is_empty() && hosts.iter().all(|h| !matches!(h, Host::Tcp(_)));
    match (params.mode, &params.root_cert) {
        _ if unix_only => SslMode::Disable,
        (Some(SslMode::Require), Some(_)) => SslMode::VerifyCa,
        (Some(mode), _) => mode,
        // Naming a root certificate asks for it to be checked.
        (None, Some(_)) => SslMode::VerifyFull,
        (None, None) if is_loopback(config) => SslMode::Prefer,
        (None, None) => SslMode::VerifyFull,
    }
}

/// Whether every host the URL names is this machine: `localhost`, a loopback address or a socket.
fn is_loopback(config: &postgres::Config) -> bool {
    let local_host = |h: &Host| match h {
        Host::Tcp(name) => {
            name.eq_ignore_ascii_case("localhost")
                || name.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        #[cfg(unix)]
        Host::Unix(_) => true,
    };
    config.get_hosts().iter().all(local_host) && config.get_hostaddrs().iter().all(IpAddr::is_loopback)
}

/// The roots a certificate must chain to: the PEM file `sslrootcert` names, else (or for
/// `system`, as libpq spells it) the system's certificate store.
fn trusted_roots(root_cert: Option<&str>) -> Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    match root_cert {
        Some(path) if path != "system" => {
            let unreadable = || Error::invalid("database", "sslrootcert: the file cannot be read as PEM certificates");
            let pem = std::fs::read(path).map_err(|_| unreadable())?;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                roots.add(cert.map_err(|_| unreadable())?).map_err(|_| unreadable())?;
            }
            if roots.is_empty() {
                return Err(Error::invalid("database", "sslrootcert: the file holds no certificate"));
            }
        }
        _ => {
            let (added, _) = roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
            if added == 0 {
                return Err(Error::invalid(
                    "database",
                    "no trusted root certificates on this system: give sslrootcert=<file> in the URL",
                ));
            }
        }
    }
    Ok(roots)
}

/// Checks the server's certificate as the mode says: not at all (`prefer`, `require`), its chain
/// (`verify-ca`), or its chain and host name (`verify-full`). The handshake's signatures are
/// checked in every mode, so that the session is at least bound to the certificate shown.
#[derive(Debug)]
struct Verifier {
    roots: Option<Arc<RootCertStore>>,
    check_name: bool,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let Some(roots) = &self.roots else {
            return Ok(ServerCertVerified::assertion());
        };
        let cert = ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_cert_signed_by_trust_anchor(
            &cert,
            roots,
            intermediates,
            now,
            self.algorithms.all,
        )?;
        if self.check_name {
            rustls::client::verify_server_name(&cert, server_name)?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The error for a connection that failed, naming why when TLS or the server's access rules
/// refused it. Never the URL: it can hold the password.
pub(crate) fn connect_error(e: postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        // 28000: no pg_hba.conf line admits this connection; the server says whether it was
        // encrypted.
        if db.code().code() == "28000" && db.message().contains("no encryption") {
            return Error::Storage("the server refuses unencrypted connections (sslmode=disable?)".into());
        }
        if db.code().code() == "28000" || db.code().code() == "28P01" {
            return Error::Storage("the server refused the connection (authentication)".into());
        }
    }
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        if let Some(rustls) = cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Error::Storage(format!("TLS: {}", tls_cause(rustls)));
        }
        if let Some(rustls) = cause.downcast_ref::<rustls::Error>() {
            return Error::Storage(format!("TLS: {}", tls_cause(rustls)));
        }
        if cause.to_string() == "server does not support TLS" {
            return Error::Storage("TLS: server does not support TLS".into());
        }
        source = cause.source();
    }
    super::error(e)
}

fn tls_cause(e: &rustls::Error) -> &'static str {
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::UnknownIssuer => "certificate not trusted (unknown issuer; see sslrootcert)",
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                "host name mismatch (the certificate is not issued for the host in the URL)"
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => "certificate expired",
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => "certificate not yet valid",
            CertificateError::Revoked => "certificate revoked",
            _ => "certificate not trusted",
        },
        rustls::Error::AlertReceived(_) => "the server refused the handshake",
        rustls::Error::NoCertificatesPresented => "the server sent no certificate",
        _ => "handshake failed",
    }
}

#[cfg(test)]
mod tests {
    use super::{SslMode, SslParams, mode_for};
    use std::str::FromStr;

    fn mode(url: &str) -> SslMode {
        let (url, params) = SslParams::take_from(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        let config = postgres::Config::from_str(&url).unwrap_or_else(|e| panic!("{url}: {e}"));
        mode_for(&params, &config)
    }

    // DOMAIN: STORE-4
    #[test]
    fn a_remote_host_defaults_to_verify_full_and_this_machine_to_prefer() {
        for url in [
            "postgres://billing@db.example/billing",
            "postgres://billing@10.0.0.7:5432/billing",
            "postgres://billing@localhost,db.example/billing",
            "postgres://billing@db.example/billing?hostaddr=127.0.0.1",
            "postgres://billing@localhost/billing?hostaddr=10.0.0.7",
            "postgres://billing@localhost/billing?sslrootcert=%2Fetc%2Fca.pem",
        ] {
            assert_eq!(mode(url), SslMode::VerifyFull, "{url}");
        }
        for url in [
            "postgres://billing@localhost/billing",
            "postgres://billing@127.0.0.2:5432/billing",
            "postgres://billing@[::1]:5432/billing",
            "postgres://billing@LOCALHOST/billing?application_name=x",
        ] {
            assert_eq!(mode(url), SslMode::Prefer, "{url}");
        }
        // A socket is never encrypted, whatever the URL says, as with libpq.
        assert_eq!(mode("postgres://billing@%2Fvar%2Frun%2Fpostgresql/billing?sslmode=verify-full"), SslMode::Disable);
    }

    // DOMAIN: STORE-4
    #[test]
    fn the_url_mode_wins_and_require_with_a_root_certificate_checks_it() {
        for (query, expected) in [
            ("sslmode=disable", SslMode::Disable),
            ("sslmode=prefer", SslMode::Prefer),
            ("sslmode=require", SslMode::Require),
            ("sslmode=require&sslrootcert=ca.pem", SslMode::VerifyCa),
            ("sslmode=verify-ca", SslMode::VerifyCa),
            ("sslrootcert=ca.pem&sslmode=verify-full", SslMode::VerifyFull),
        ] {
            assert_eq!(mode(&format!("postgres://billing@db.example/billing?{query}")), expected, "{query}");
        }
    }

    // DOMAIN: STORE-4
    #[test]
    fn no_spelling_of_sslmode_turns_tls_off_for_a_remote_host() {
        // The driver may read a spelling this module does not take out; whatever it reads, the
        // mode is this module's, which a remote host without a mode gets as verify-full.
        for query in ["ssl%6Dode=disable", "SSLMODE=disable", "sslmode =disable", "%73slmode=disable"] {
            let url = format!("postgres://billing@db.example/billing?{query}");
            match SslParams::take_from(&url) {
                Err(_) => {}
                Ok((rest, params)) => match postgres::Config::from_str(&rest) {
                    Err(_) => {}
                    Ok(config) => assert_eq!(mode_for(&params, &config), SslMode::VerifyFull, "{query}"),
                },
            }
        }
        for value in ["Disable", "DISABLE", "off", "0", "disable ", "%64isable%00"] {
            assert!(SslParams::take_from(&format!("postgres://b@db.example/b?sslmode={value}")).is_err(), "{value}");
        }
        // The decoded value counts, as with libpq.
        assert_eq!(mode("postgres://b@db.example/b?sslmode=%64isable"), SslMode::Disable);
        // Loopback only when every address is: a remote address among loopback ones, in either
        // list, is remote.
        for url in [
            "postgres://b@localhost,127.0.0.1,db.example/b",
            "postgres://b@127.0.0.1/b?host=db.example",
            "postgres://b@localhost,localhost/b?hostaddr=127.0.0.1,192.0.2.7",
            "postgres://b@[::ffff:127.0.0.1]/b",
            "postgres://b@127.0.0.1.nip.io/b",
            "postgres://b@localhost./b",
        ] {
            if let Ok((rest, params)) = SslParams::take_from(url)
                && let Ok(config) = postgres::Config::from_str(&rest)
            {
                assert_eq!(mode_for(&params, &config), SslMode::VerifyFull, "{url}");
            }
        }
    }

    // DOMAIN: STORE-4
    #[test]
    fn a_chain_check_without_the_name_check_needs_a_root_file_of_its_own() {
        // Against the system's roots, verify-ca would pass a certificate any public CA issued to
        // anyone for any name.
        for query in ["sslmode=verify-ca", "sslmode=verify-ca&sslrootcert=system", "sslmode=require&sslrootcert=system"]
        {
            let (url, params) = SslParams::take_from(&format!("postgres://b@db.example/b?{query}"))
                .unwrap_or_else(|e| panic!("{query}: {e}"));
            let mut config = postgres::Config::from_str(&url).unwrap_or_else(|e| panic!("{query}: {e}"));
            match super::Tls::configure(&params, &mut config) {
                Err(crate::error::Error::InvalidInput { field, reason }) => {
                    assert_eq!(field, "database", "{query}");
                    assert!(reason.contains("sslrootcert"), "{query}: {reason}");
                }
                Err(e) => panic!("{query}: {e:?}"),
                Ok(tls) => panic!("{query}: accepted as {:?}", tls.mode),
            }
        }
        // With the system's roots the name is checked: verify-full, stated or by default.
        for query in ["sslmode=verify-full&sslrootcert=system", "sslrootcert=system"] {
            let (url, params) = SslParams::take_from(&format!("postgres://b@db.example/b?{query}"))
                .unwrap_or_else(|e| panic!("{query}: {e}"));
            let config = postgres::Config::from_str(&url).unwrap_or_else(|e| panic!("{query}: {e}"));
            assert_eq!(mode_for(&params, &config), SslMode::VerifyFull, "{query}");
        }
    }

    #[test]
    fn the_tls_parameters_leave_the_others_to_the_driver() {
        let (url, params) =
            SslParams::take_from("postgres://u@h/d?options=-csearch_path%3Dp&sslrootcert=%2Fa%20b%2Fca.pem&sslmode=verify-ca&connect_timeout=3")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(url, "postgres://u@h/d?options=-csearch_path%3Dp&connect_timeout=3");
        assert_eq!(params.root_cert.as_deref(), Some("/a b/ca.pem"));
        assert_eq!(params.mode, Some(SslMode::VerifyCa));
        assert!(SslParams::take_from("postgres://u@h/d?sslrootcert=%zz").is_err());
    }
}
