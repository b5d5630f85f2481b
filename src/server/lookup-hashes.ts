/**
 * The stored keyed hashes of a petition, derived in one place: the submission writes them, the
 * tracking page and citizen actions check them, and the re-key (rekey.ts) recomputes them from the
 * sealed personal data after a hash-key rotation or a suite switch.
 */
import { keyedHash, keyedHashes, type HashEnv } from './crypto';

/** petitions.phone_hash: finds a person's petitions without the number in plaintext. */
export function phoneHash(env: HashEnv, phone: string): Promise<string> {
  return keyedHash(env, 'phone', phone);
}

/**
 * petitions.phone_hash of one petition. A case registered without a phone gets a marker of its own
 * instead of the hash of '' (as retention writes 'anonymised:<id>'), so that people without a phone
 * never share one value and nothing that looks up a person's cases by phone can join them.
 */
export function petitionPhoneHash(env: HashEnv, petitionId: string, phone: string): Promise<string> {
  return phone ? phoneHash(env, phone) : Promise.resolve(noPhoneMarker(petitionId));
}

export const noPhoneMarker = (petitionId: string) => `no-phone:${petitionId}`;

/** petitions.track_verifier: a keyed hash of the code and the last four digits of the phone. */
export function trackVerifier(env: HashEnv, code: string, phoneLast4: string): Promise<string> {
  return keyedHash(env, 'track', `${code}:${phoneLast4}`);
}

/** What a verifier made with any configured hash key would be (rotation; crypto.ts). */
export function trackVerifiers(env: HashEnv, code: string, phoneLast4: string): Promise<string[]> {
  return keyedHashes(env, 'track', `${code}:${phoneLast4}`);
}

/**
 * petitions.id_hash (migration 0015): the same person's earlier cases by resident ID number, which
 * the schema has already normalised (id-number.ts: 18 characters, X upper-case).
 */
export function idNumberHash(env: HashEnv, idNumber: string): Promise<string> {
  return keyedHash(env, 'id-number', idNumber);
}

/** petitions.name_phone_hash: the same person by name (spaces removed, NFKC) and phone together. */
export function namePhoneHash(env: HashEnv, name: string, phone: string): Promise<string> {
  return keyedHash(env, 'name-phone', `${name.normalize('NFKC').replace(/\s+/g, '')}:${phone}`);
}
