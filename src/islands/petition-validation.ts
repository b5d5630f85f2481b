/**
 * The form's validation, loaded when the person first touches the form and not with the page: the
 * zod/mini schema and its resolver are a quarter of the page's script, and nothing is checked
 * before a person acts (issue 11, finding 4: everything loaded before any action ≤ 50 KB gzip).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import type { PetitionFormValues, PetitionInput } from '../lib/petition-schema';
import { petitionMiniSchema } from '../lib/petition-schema-mini';

type Ids = readonly [string, ...string[]];

export function petitionValidation(ids: { regionIds: Ids; issueAreaIds: Ids }) {
  const schema = petitionMiniSchema(ids);
  return {
    schema,
    // zod/mini's types differ from classic zod's; the rules are the same (tests/unit/petition-schema-mini.test.ts).
    resolver: zodResolver(schema) as unknown as Resolver<PetitionFormValues, unknown, PetitionInput>,
  };
}

export type PetitionValidation = ReturnType<typeof petitionValidation>;
