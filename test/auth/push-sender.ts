import type { JWTPayload } from 'jose';
import request from 'supertest';
import type { TestWorker } from '../support/test-worker';
import { pushBody } from '../support/push-body';
import { nowSeconds } from '../support/token-issuer';

/** The push subscription's audience and service account, as the worker is configured with them. */
export const AUDIENCE = 'https://worker-abc123-uc.a.run.app/push';
export const PUSH_SENDER = 'push-invoker@demo-project.iam.gserviceaccount.com';

/**
 * The claims of a Pub/Sub push OIDC token (Google-signed ID token of the push service account),
 * valid for an hour; `overrides` replace claims (`undefined` removes one).
 */
export function googleClaims(overrides: Readonly<Record<string, unknown>> = {}): JWTPayload {
  const now = nowSeconds();
  return {
    iss: 'https://accounts.google.com',
    aud: AUDIENCE,
    azp: '112233445566778899000',
    sub: '112233445566778899000',
    email: PUSH_SENDER,
    email_verified: true,
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

/** POSTs one push delivery with these headers through `app.callback()`. */
export function postEvent(worker: TestWorker, headers: Record<string, string>) {
  return request(worker.app.callback())
    .post('/push')
    .set(headers)
    .send(pushBody({ name: 'photos/cat.jpg', contentType: 'image/jpeg', messageId: '7001' }));
}
