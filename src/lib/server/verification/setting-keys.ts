// Keys of the verification settings (settings table), apart from the verifier so that a job can
// read them without loading the PKI engine.

/** The revocation policy: 'require' | 'if-available' | 'none'. */
export const REVOCATION_POLICY_SETTING = 'pki.revocation_policy';
/** true allows CRL downloads and OCSP requests (offline by default). */
export const ONLINE_REVOCATION_SETTING = 'pki.online_revocation';
/** The crypto policy: {"sha1NotAfter": "2019-01-01" | null, "weakRsaNotAfter": … | null, "minRsaBits": 2048}. */
export const CRYPTO_POLICY_SETTING = 'pki.crypto_policy';
