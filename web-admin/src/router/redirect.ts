import type { LocationQueryValue } from 'vue-router';

/**
 * Where to go after signing in. Only a path inside the console is accepted: a `redirect`
 * pointing elsewhere (`//evil.example`, `https://…`) would let a link send a colleague to a
 * look-alike site straight after they signed in.
 */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== 'string') return '/';
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return '/';
  if (/^\/sign-(in|out)(?:[/?#]|$)/.test(candidate)) return '/';
  return candidate;
}
