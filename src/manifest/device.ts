// The manifest's `device` section: how a provider departs from RFC 8628 (device authorization grant) on the
// wire. Imported by schema.ts; the runtime reads it in src/oauth2/device.ts, the emulator in src/emulator/device.ts.
import { z } from 'zod';
import { DEVICE_ANSWER_FIELDS, DEVICE_POLL_ERRORS } from '../oauth2/device-wire.ts';
import { FieldPath, HeaderName, HeaderValue } from './string-formats.ts';

export const DeviceGrant = z
  .object({
    clientAuth: z
      .enum(['basic', 'post', 'basic_and_client_id', 'none'])
      .optional()
      .describe(
        // Google takes only client_id there but the secret on polls.
        'How the client authenticates on the device authorization request (RFC 8628 §3.1); default: as on its polls (token.grantClientAuth.device_code, else token.clientAuth). Some providers take only client_id there but the secret on polls.',
      ),
    // Not token.headers: GitHub's Accept: application/json there would turn its documented form answer into JSON.
    headers: z.record(HeaderName, HeaderValue).default({}).describe('Headers sent with the device authorization request (token.headers are not: a provider may answer another format to them).'),
    contentType: z
      .enum(['json', 'form'])
      .optional()
      // GitHub answers form-encoded unless asked for JSON.
      .describe('How to parse the device authorization answer whatever its Content-Type says (a provider that answers form-encoded).'),
    fields: z
      .partialRecord(z.enum(DEVICE_ANSWER_FIELDS), FieldPath)
      .default({})
      // Google spells verification_uri as verification_url.
      .describe('Standard answer field → where this provider puts it (another spelling of verification_uri, say).'),
    errors: z
      .partialRecord(z.enum(DEVICE_POLL_ERRORS), z.string().min(1))
      .default({})
      // Microsoft says authorization_declined for access_denied.
      .describe('Standard polling error → the code this provider answers instead (its own word for access_denied, say).'),
  })
  .strict()
  .describe('RFC 8628 device authorization grant (grants: device_code): the provider\'s departures from the RFC on the device authorization request and its polls.');

export type DeviceGrantSpec = z.output<typeof DeviceGrant>;
