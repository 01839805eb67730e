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
    'The postcode is not in the practice’s postcode table, nor is its outward code. Load the postcode table (CSV) or give coordinates.',
    [{ in: location, field, pointer: `/${field}`, message: 'is not a postcode the directory knows' }],
  );

export const postcodeInvalid = (field: string, message: string, location: 'query' | 'body' = 'query') =>
  invalidField(field, message, location);

export const csvInvalid = (line: number, message: string) =>
  new AppProblem(400, 'csv_invalid', 'The CSV could not be read', `Line ${line}: ${message}`, [
    { in: 'body', field: 'csv', pointer: '/csv', message: `line ${line}: ${message}` },
  ]);
