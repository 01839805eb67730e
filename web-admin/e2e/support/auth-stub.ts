import type { Page, Route } from 'playwright-core';

/**
 * The auth contract (docs in src/api/auth.ts), played in the browser's network layer, so the
 * signed-in console can be tested before the API has colleagues and authenticator secrets to
 * sign in with. Everything else — the console files, the SPA fallback, CSP — is the real API.
 */
export interface AuthStub {
  /** Requests the stub answered, as "METHOD path", with the CSRF header where one was sent. */
  calls: string[];
  signedIn(): boolean;
}

export const colleague = {
  id: '0196a3c4-5d7e-7f00-8a1b-2c3d4e5f6a7b',
  email: 'sam.carter@example.org',
  displayName: 'Sam Carter',
  roles: ['practitioner'],
  teamIds: ['0196a3c4-5d7e-7f00-8a1b-000000000001'],
};
export const csrfToken = 'csrf-token-for-tests-0123456789';
export const validCode = '123456';
export const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const qrCodeSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21" shape-rendering="crispEdges">' +
  '<rect width="21" height="21" fill="#fff"/><path d="M0 0h7v7H0zM14 0h7v7h-7zM0 14h7v7H0z" fill="#000"/>' +
  '<script>document.title="pwned"</script></svg>';

function problem(route: Route, status: number, code: string, title: string, detail: string) {
  return route.fulfill({
    status,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: `urn:threefold:problem:${code}`,
      title,
      status,
      code,
      detail,
      requestId: `req-${code}`,
    }),
  });
}

export async function stubAuth(page: Page, options: { next: 'totp' | 'enrol-totp' }): Promise<AuthStub> {
  let state: 'none' | 'pending' | 'signed-in' = 'none';
  const calls: string[] = [];
  const session = () => ({
    user: colleague,
    csrfToken,
    idleExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    absoluteExpiresAt: new Date(Date.now() + 12 * 3600_000).toISOString(),
  });

  await page.route('**/v1/auth/**', async (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname;
    const csrf = request.headers()['x-csrf-token'];
    calls.push(`${request.method()} ${path}${csrf ? ` csrf=${csrf}` : ''}`);
    switch (`${request.method()} ${path}`) {
      case 'GET /v1/auth/session':
        return state === 'signed-in'
          ? route.fulfill({ status: 200, json: session() })
          : problem(route, 401, 'unauthenticated', 'Not signed in', 'Sign in to continue.');
      case 'POST /v1/auth/sign-in': {
        const body = request.postDataJSON() as { email?: string; password?: string };
        if (body.email !== colleague.email || body.password !== 'correct horse battery staple') {
          return problem(
            route,
            401,
            'invalid_credentials',
            'Sign-in failed',
            'The email address or password is wrong.',
          );
        }
        state = 'pending';
        return route.fulfill({ status: 200, json: { next: options.next } });
      }
      case 'POST /v1/auth/totp/enrolment':
        if (state !== 'pending') return problem(route, 401, 'unauthenticated', 'Not signed in', 'Start again.');
        return route.fulfill({
          status: 200,
          json: { otpauthUri: `otpauth://totp/Threefold:${colleague.email}?secret=${secret}`, qrCodeSvg, secret },
        });
      case 'POST /v1/auth/totp': {
        const { code } = request.postDataJSON() as { code?: string };
        if (state !== 'pending') return problem(route, 401, 'unauthenticated', 'Not signed in', 'Start again.');
        if (code !== validCode) return problem(route, 401, 'invalid_code', 'Wrong code', 'That code is not right.');
        state = 'signed-in';
        return route.fulfill({ status: 200, json: session() });
      }
      case 'POST /v1/auth/sign-out':
        if (csrf !== csrfToken) return problem(route, 403, 'csrf_failed', 'Forbidden', 'Missing CSRF token.');
        state = 'none';
        return route.fulfill({ status: 204 });
      default:
        return problem(route, 404, 'route_not_found', 'Not found', `No stub for ${request.method()} ${path}.`);
    }
  });

  return { calls, signedIn: () => state === 'signed-in' };
}
