// Dynamic client registration (the manifest's registration section): the app describes itself as the manifest
// says (every body parameter present, in the body encoding named) and gets the emulator's test client back,
// where the manifest's fields say the provider puts the credentials.
import type { HandlerContext } from './context.ts';
import { setAtPath } from './field-path.ts';
import { json, type EmulatorRequest, type Reply } from './http-io.ts';
import { checkFixedParams, readParams, reject } from './wire-checks.ts';

const WHERE = 'registration endpoint';

export function handleRegistration(request: EmulatorRequest, context: HandlerContext): Reply {
  const spec = context.manifest.registration;
  if (!spec) return reject(404, 'not_found', `the ${context.manifest.id} manifest has no registration`);
  if (request.method !== 'POST') reject(405, 'invalid_request', `${WHERE} expects POST`);
  const params = readParams(request, spec.encoding, WHERE);
  // The app's own values ({{registration.redirectUri}}) cannot be known here: their presence is what counts.
  checkFixedParams(params, spec.body, { client: { clientId: context.credentials.clientId }, vars: context.vars }, WHERE);
  const body: Record<string, unknown> = {};
  setAtPath(body, spec.fields.clientId, context.credentials.clientId);
  setAtPath(body, spec.fields.clientSecret, context.credentials.clientSecret);
  return json(200, body);
}
