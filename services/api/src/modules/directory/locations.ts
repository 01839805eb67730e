import type { DbOrTx } from '@threefold/db';
import { normalisePostcode, postcodeProblem } from '@threefold/domain';
import { invalidField } from '../../errors.js';
import { resolvePostcode } from './postcodes.js';
import { directoryRepository } from './repository.js';
import type { NewServiceBody } from './schemas.js';

export type NewLocationInput = NonNullable<NewServiceBody['newLocations']>[number];

/**
 * Adds an organisation's new locations: postcode checked and normalised, coordinates from the
 * postcode table when not given (both or neither). Returns their ids in the order given.
 */
export async function addLocations(
  tx: DbOrTx,
  organisationId: string,
  locations: NewLocationInput[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, loc] of locations.entries()) {
    let { latitude = null, longitude = null } = loc;
    let postcode = loc.postcode ?? null;
    if ((latitude === null) !== (longitude === null)) {
      throw invalidField(`newLocations.${i}.longitude`, 'give both latitude and longitude, or neither');
    }
    if (postcode) {
      const problem = postcodeProblem(postcode);
      if (problem) throw invalidField(`newLocations.${i}.postcode`, problem);
      postcode = normalisePostcode(postcode);
      if (latitude === null) {
        const point = await resolvePostcode(tx, postcode, `newLocations.${i}.postcode`, 'body').catch(() => null);
        if (point) ({ latitude, longitude } = point);
      }
    }
    ids.push(
      await directoryRepository.insertLocation(tx, {
        organisationId,
        name: loc.name,
        description: loc.description ?? '',
        addressLine1: loc.addressLine1 ?? null,
        town: loc.town ?? null,
        postcode,
        latitude,
        longitude,
      }),
    );
  }
  return ids;
}

/** Refuses location ids that do not exist, naming the first by its place in the list. */
export async function checkLocationsExist(tx: DbOrTx, locationIds: string[]): Promise<void> {
  if (locationIds.length === 0) return;
  const known = await directoryRepository.knownLocationIds(tx, locationIds);
  const index = locationIds.findIndex((t) => !known.has(t));
  if (index >= 0) throw invalidField(`locationIds.${index}`, 'is not a known location');
}
