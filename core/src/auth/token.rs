//! Opaque bearer tokens: sessions (256 random bits, AUTH-6) and credential links (AUTH-7, BC-2),
//! stored only as SHA-256 digests.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::Zeroize;

/// A session token: what a signed-in billing contact presents on every call.
///
/// It is a secret: `Debug` does not show it, and its memory is wiped when dropped.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionToken(String);

impl SessionToken {
    pub(crate) fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let token = SessionToken(hex::encode(bytes));
        bytes.zeroize();
        token
    }

    /// Wraps a token received from a client.
    pub fn new(token: impl Into<String>) -> Self {
        SessionToken(token.into())
    }

    /// The token, to hand to the client.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The digest under which the token is stored.
    pub(crate) fn digest(&self) -> String {
        digest(&self.0)
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

impl Drop for SessionToken {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// The vendor's secret for credential links (reset and set-password). Link tokens are derived
/// from it and a random reference, so the database and the outbox never hold a usable token.
#[derive(Clone)]
pub struct LinkSecret(zeroize::Zeroizing<Vec<u8>>);

impl LinkSecret {
    /// At least 32 bytes of key material, e.g. from the host's secret store.
    pub fn new(bytes: impl Into<Vec<u8>>) -> crate::Result<Self> {
        let bytes = zeroize::Zeroizing::new(bytes.into());
        if bytes.len() < 32 {
            return Err(crate::Error::invalid("link_secret", "needs at least 32 bytes"));
        }
        Ok(LinkSecret(bytes))
    }

    /// The token a link reference stands for: the reference and its HMAC-SHA256 under the secret.
    pub(crate) fn token_for(&self, reference: &str) -> zeroize::Zeroizing<String> {
        use hmac::{Mac, SimpleHmac};
        let mut mac = <SimpleHmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(b"corporate-billing credential link\0");
        mac.update(reference.as_bytes());
        zeroize::Zeroizing::new(format!("{reference}{}", hex::encode(mac.finalize().into_bytes())))
    }
}

impl fmt::Debug for LinkSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkSecret(<redacted>)")
    }
}

/// A fresh random link reference: 128 bits, hex.
pub(crate) fn link_reference() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The digest under which a credential or link token is stored.
pub(crate) fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
