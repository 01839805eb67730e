import { AppProblem, invalidField, notFound } from '../../errors.js';

export const subscriptionNotFound = () => notFound('webhook subscription');

export const destinationRefused = (reason: string) => invalidField('url', `the URL ${reason}`);

export const eventTypeNotForClient = (index: number, type: string, kind: string) =>
  invalidField(`eventTypes.${index}`, `${type} is not an event a ${kind} client can receive`);

export const onlyMachineClients = () =>
  new AppProblem(
    403,
    'machine_clients_only',
    'Machine clients only',
    'Webhook subscriptions belong to council and partner systems, which call with an OAuth access token.',
  );

export const invalidCursor = () =>
  new AppProblem(400, 'invalid_cursor', 'Invalid cursor', 'The cursor is not one this API issued.', [
    { in: 'query', field: 'cursor', pointer: '/cursor', message: 'is not a valid cursor' },
  ]);
