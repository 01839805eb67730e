import { AppProblem, invalidField, notFound } from '../../errors.js';

export const serviceNotFound = () => notFound('directory service');
export const organisationNotFound = () => notFound('organisation');
export const taxonomyNotFound = () => notFound('taxonomy');

/** A searched postcode that is neither in the loaded postcode table nor in a known outward code. */
export const postcodeUnknown = (field: string, location: 'query' | 'body' = 'query') =>
  new AppProblem(
    400,
    'postcode_unknown',
    'Postcode not known',
    'The directory cannot place this postcode yet. Check it is typed right, or search by words, need or day without it. (An administrator can add the practice’s postcodes under Community directory.)',
    [{ in: location, field, pointer: `/${field}`, message: 'is not a postcode the directory knows' }],
  );

export const postcodeInvalid = (field: string, message: string, location: 'query' | 'body' = 'query') =>
  invalidField(field, message, location);

export const csvInvalid = (line: number, message: string) =>
  new AppProblem(400, 'csv_invalid', 'The CSV could not be read', `Line ${line}: ${message}`, [
    { in: 'body', field: 'csv', pointer: '/csv', message: `line ${line}: ${message}` },
  ]);
