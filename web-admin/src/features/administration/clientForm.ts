import { clientScopes, type ClientKind } from '@threefold/domain';

/** A machine client's settings as typed. Holds no secret, so it is safe to keep as a draft. */
export interface ClientForm {
  name: string;
  kind: ClientKind | '';
  organisationId: string;
  scopes: string[];
  /** Requests a minute, as typed; empty for the usual allowance. */
  rateLimit: string;
}

export type ClientField = 'name' | 'kind' | 'organisationId' | 'scopes' | 'rateLimitPerMinute';

export const clientFieldIds: Record<ClientField, string> = {
  name: 'client-name',
  kind: 'client-kind',
  organisationId: 'client-organisation',
  scopes: 'client-scopes',
  rateLimitPerMinute: 'client-rate-limit',
};

/** What the API gives a client that does not say. */
export const DEFAULT_RATE_LIMIT = 600;
export const MAX_RATE_LIMIT = 100_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function emptyClientForm(): ClientForm {
  return { name: '', kind: '', organisationId: '', scopes: [], rateLimit: '' };
}

/** Only scopes this kind of client may hold: the rest are dropped when the kind changes. */
export function allowedScopes(kind: ClientKind | '', scopes: readonly string[]): string[] {
  if (!kind) return [];
  const allowed = Object.keys(clientScopes[kind]);
  return allowed.filter((scope) => scopes.includes(scope));
}

export function parseRateLimit(
  text: string,
): { value: number | undefined; error?: undefined } | { value?: undefined; error: string } {
  const trimmed = text.trim().replaceAll(',', '');
  if (trimmed === '') return { value: undefined };
  if (!/^\d+$/.test(trimmed)) return { error: 'Enter the limit as a whole number of requests, like 600' };
  const value = Number(trimmed);
  if (value < 1 || value > MAX_RATE_LIMIT)
    return { error: `Enter a limit from 1 to ${MAX_RATE_LIMIT.toLocaleString('en-GB')} requests a minute` };
  return { value };
}

export function checkClient(form: ClientForm, options: { creating: boolean }): Partial<Record<ClientField, string>> {
  const errors: Partial<Record<ClientField, string>> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Enter a name for the connected system';
  else if (name.length > 200) errors.name = 'The name must be 200 characters or fewer';
  if (options.creating) {
    if (!form.kind) errors.kind = 'Choose whether this is a council system or a partner organisation';
    if (form.kind === 'partner') {
      const organisation = form.organisationId.trim();
      if (!organisation) errors.organisationId = 'Choose the partner organisation';
      else if (!UUID.test(organisation)) errors.organisationId = 'Choose the partner organisation from the list';
    }
  }
  if (form.kind && form.scopes.length === 0) errors.scopes = 'Choose at least one thing the system may do';
  const limit = parseRateLimit(form.rateLimit);
  if (limit.error) errors.rateLimitPerMinute = limit.error;
  else if (!options.creating && limit.value === undefined)
    errors.rateLimitPerMinute = 'Enter how many requests a minute it may make';
  return errors;
}
