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
      replica: Type.Optional({
        ...CheckState,
        description:
          'Only when `DATABASE_REPLICA_URL` is set: whether the replica answers. It does not decide `status`.',
      }),
    }),
    migrations: Strict({
      expected: Type.Integer({ minimum: 0, maximum: 100000, format: 'int32' }),
      applied: Type.Integer({ minimum: 0, maximum: 100000, format: 'int32' }),
    }),
    replica: Type.Optional(
      Strict(
        {
          inRecovery: Type.Union([Type.Boolean(), Type.Null()], {
            description:
              'Whether it is a standby replaying the primary’s WAL (false: it is a primary itself); null when it does not answer.',
          }),
          lagSeconds: Type.Union([Type.Number({ minimum: 0, maximum: 1e9 }), Type.Null()], {
            description:
              'How far the replica’s data is behind: 0 when it has replayed all the WAL it received, else the age of the last transaction it replayed (`pg_last_xact_replay_timestamp()`); null when it is not a standby or does not answer.',
          }),
        },
        { description: 'The streaming replica that practice data, the returns and search read from.' },
      ),
    ),
  },
  {
    $id: 'Readiness',
    title: 'Readiness',
    description:
      'Whether this instance can serve: the database answers and every migration is applied; with a replica configured, its state and lag too.',
  },
);
export type ReadinessBody = Static<typeof Readiness>;

export const healthSchemas = [Liveness, Readiness];
