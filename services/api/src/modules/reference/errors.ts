import type { RasTableProblem } from '@threefold/domain';
import { AppProblem, notFound } from '../../errors.js';

export const rasVersionNotFound = () => notFound('resource allocation table version');
export const unitCostNotFound = () => notFound('unit cost');

/** The table as sent cannot be used: every field at fault, each with the regulation words. */
export const rasTableInvalid = (problems: RasTableProblem[]) =>
  new AppProblem(
    400,
    'validation_failed',
    'Invalid request',
    'One or more fields are invalid.',
    problems.map((p) => ({
      in: 'body' as const,
      field: p.field.slice(1).split('/').join('.'),
      pointer: p.field,
      message: p.detail,
    })),
  );

export const unitCostNameTaken = () =>
  new AppProblem(409, 'unit_cost_name_taken', 'Name already used', 'Another unit cost in use has this name.', [
    { in: 'body', field: 'name', pointer: '/name', message: 'is already the name of a unit cost in use' },
  ]);

export const unitCostRetired = () =>
  new AppProblem(
    409,
    'unit_cost_retired',
    'Unit cost retired',
    'This unit cost has been retired; add a new one instead.',
  );
