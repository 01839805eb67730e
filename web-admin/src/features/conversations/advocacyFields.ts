import { advocacyTest, type AdvocacyNeed } from '@threefold/domain';
import { regulation4Cases } from './conversationForm';

/** The whole advocacy test as a form (Care Act s67; Independent Advocacy Support Regulations 2014 reg 4). */
export interface AdvocacyFieldsState {
  tested: string[];
  difficulty: string[];
  appropriatePerson: string[];
  regulation4: string[];
  advocate: string[];
}

export const emptyAdvocacyFields = (): AdvocacyFieldsState => ({
  tested: [],
  difficulty: [],
  appropriatePerson: [],
  regulation4: [],
  advocate: [],
});

/** The test as the API takes it; undefined until it has been gone through. */
export function advocacyBody(state: AdvocacyFieldsState): AdvocacyNeed | undefined {
  if (!state.tested.includes('yes')) return undefined;
  return {
    substantialDifficulty: {
      understanding: state.difficulty.includes('understanding'),
      retaining: state.difficulty.includes('retaining'),
      weighing: state.difficulty.includes('weighing'),
      communicating: state.difficulty.includes('communicating'),
    },
    appropriatePersonAvailable: state.appropriatePerson.includes('yes'),
    advocateRecorded: state.advocate.includes('yes'),
    ...Object.fromEntries(regulation4Cases.map((key) => [key, state.regulation4.includes(key)])),
  };
}

/** The form of a recorded test, to change it. */
export function advocacyFieldsOf(advocacy: AdvocacyNeed | null | undefined): AdvocacyFieldsState {
  if (!advocacy) return emptyAdvocacyFields();
  const d = advocacy.substantialDifficulty;
  return {
    tested: ['yes'],
    difficulty: (['understanding', 'retaining', 'weighing', 'communicating'] as const).filter((k) => d[k]),
    appropriatePerson: advocacy.appropriatePersonAvailable ? ['yes'] : [],
    regulation4: regulation4Cases.filter((k) => advocacy[k] === true),
    advocate: advocacy.advocateRecorded ? ['yes'] : [],
  };
}

/** Whether, on what the form says, an independent advocate is required. */
export function advocateRequiredBy(state: AdvocacyFieldsState): boolean {
  const body = advocacyBody(state);
  return body ? advocacyTest(body).required : false;
}
