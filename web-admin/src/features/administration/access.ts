import { inject, provide, ref, type InjectionKey, type Ref } from 'vue';

const deniedKey: InjectionKey<Ref<boolean>> = Symbol('threefold.administration.denied');

/**
 * Whether the API said no (403) to this colleague. The navigation already hides Administration
 * from anyone without the role, but a bookmark or a shared link can still lead here; the API is
 * the judge, and the pages say so plainly instead of showing an empty list.
 */
export function provideAdministrationAccess(): Ref<boolean> {
  const denied = ref(false);
  provide(deniedKey, denied);
  return denied;
}

export function useAdministrationAccess(): Ref<boolean> {
  return inject(deniedKey, () => ref(false), true);
}

export const administrationDeniedReason =
  'Administration is for practice administrators: colleagues’ accounts, teams and connected systems.';
