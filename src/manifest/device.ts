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
        'How the client authenticates on the device authorization request (RFC 8628 §3.1); default: as on its polls (token.grantClientAuth.device_code, else token.clientAuth). Google takes only client_id there but the secret on polls.',
      ),
    headers: z.record(HeaderName, HeaderValue).default({}).describe('Headers sent with the device authorization request (token.headers are not: GitHub would answer JSON instead of its documented form).'),
    contentType: z
      .enum(['json', 'form'])
      .optional()
      .describe('How to parse the device authorization answer whatever its Content-Type says: GitHub answers form-encoded unless asked for JSON.'),
    fields: z
      .partialRecord(z.enum(DEVICE_ANSWER_FIELDS), FieldPath)
      .default({})
      .describe('Standard answer field → where this provider puts it: Google spells verification_uri as verification_url.'),
    errors: z
      .partialRecord(z.enum(DEVICE_POLL_ERRORS), z.string().min(1))
      .default({})
      .describe('Standard polling error → the code this provider answers instead: Microsoft says authorization_declined for access_denied.'),
  })
  .strict()
  .describe('RFC 8628 device authorization grant (grants: device_code): the provider\'s departures from the RFC on the device authorization request and its polls.');

export type DeviceGrantSpec = z.output<typeof DeviceGrant>;
