// RFC 8628 names shared by the manifest schema, the runtime and the emulator; free of zod, so the runtime
// (which never loads the schema) can import it.

/** RFC 8628 §3.4: the grant_type of the polling token request; manifests list the grant as `device_code`. */
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** RFC 8628 §3.2: the fields of the device authorization answer. */
export const DEVICE_ANSWER_FIELDS = ['device_code', 'user_code', 'verification_uri', 'verification_uri_complete', 'expires_in', 'interval'] as const;

/** RFC 8628 §3.5: the polling errors the client acts on; providers may spell them their own way. */
export const DEVICE_POLL_ERRORS = ['authorization_pending', 'slow_down', 'access_denied', 'expired_token'] as const;
