import { Type, type Static } from 'typebox';
import { StringEnum, Strict } from '../../schemas/common.js';

const CheckState = StringEnum(['ok', 'failing'] as const);

export const Liveness = Strict(
  { status: StringEnum(['ok'] as const) },
  { $id: 'Liveness', title: 'Liveness', description: 'The process is up and serving.' },
);

export const Readiness = Strict(
  {
    status: StringEnum(['ready', 'unavailable'] as const),
    checks: Strict({
      database: CheckState,
      migrations: CheckState,
    }),
    migrations: Strict({
      expected: Type.Integer({ minimum: 0, maximum: 100000, format: 'int32' }),
      applied: Type.Integer({ minimum: 0, maximum: 100000, format: 'int32' }),
    }),
  },
  {
    $id: 'Readiness',
    title: 'Readiness',
    description: 'Whether this instance can serve: the database answers and every migration is applied.',
  },
);
export type ReadinessBody = Static<typeof Readiness>;

export const healthSchemas = [Liveness, Readiness];
